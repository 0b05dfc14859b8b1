/* cores.c: how many threads "all cores" means (formats/allocation.md, "gavel-solve", --threads) */
#define _GNU_SOURCE
#include <sched.h>
#include <unistd.h>

#include "cores.h"

unsigned
gv_cores(void)
{
	cpu_set_t set;
	long n = 0;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		n = CPU_COUNT(&set);
	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n <= 0)
		n = 1;
	return n > GV_MAX_THREADS ? GV_MAX_THREADS : (unsigned)n;
}

unsigned
gv_threads(unsigned n)
{
	if (n == 0)
		return gv_cores();
	return n > GV_MAX_THREADS ? GV_MAX_THREADS : n;
}

int
gv_parse_threads(const char *s, unsigned *n)
{
	unsigned v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned)(*s - '0');
		if (v > GV_MAX_THREADS)
			return -1;
	}
	*n = v;
	return 0;
}
