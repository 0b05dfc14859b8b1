/* seconds.c: time limits given on a command line (formats/README.md, "Limits") */
#include "seconds.h"

int
gv_parse_seconds(const char *s, uint64_t *ms)
{
	uint64_t whole = 0, frac = 0, v;
	int digits = 0, fd = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		whole = whole * 10 + (uint64_t)(*p - '0');
		if (whole > 1000000)
			return -1;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, fd++) {
			if (fd >= 3)
				return -1;
			frac = frac * 10 + (uint64_t)(*p - '0');
		}
		if (fd == 0)
			return -1;
	}
	if (*p != '\0' || digits == 0)
		return -1;
	while (fd++ < 3)
		frac *= 10;
	v = whole * 1000 + frac;
	if (v == 0 || v > 1000000000ULL)
		return -1;
	*ms = v;
	return 0;
}
