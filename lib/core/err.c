/* err.c: error reports (formats/README.md, "Errors") */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

int
gv_err_set(struct gv_err *e, int code, const char *doc, const char *path,
    const char *fmt, ...)
{
	char body[768];
	va_list ap;

	if (e == NULL)
		return code;
	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	e->code = code;
	if (doc != NULL && *doc != '\0' && path != NULL && *path != '\0')
		snprintf(e->msg, sizeof(e->msg), "%s: %s: %s", doc, path, body);
	else if (doc != NULL && *doc != '\0')
		snprintf(e->msg, sizeof(e->msg), "%s: %s", doc, body);
	else
		snprintf(e->msg, sizeof(e->msg), "%s", body);
	return code;
}

const char *
gv_quote(char *buf, size_t len, const char *s)
{
	size_t n = strlen(s);

	if (n > 64)
		snprintf(buf, len, "\"%.64s...\"", s);
	else
		snprintf(buf, len, "\"%s\"", s);
	return buf;
}

void
gv_escape(char *out, size_t outlen, const char *in)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	const unsigned char *p;

	if (outlen == 0)
		return;
	for (p = (const unsigned char *)in; *p != '\0'; p++) {
		if (*p >= 0x20 && *p < 0x7f && *p != '\\') {
			if (o + 1 >= outlen)
				break;
			out[o++] = (char)*p;
		} else {
			if (o + 4 >= outlen)
				break;
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
		}
	}
	out[o] = '\0';
}

void
gv_err_print(const char *prog, const struct gv_err *e)
{
	char buf[4200];

	gv_escape(buf, sizeof(buf), e->msg);
	fprintf(stderr, "%s: %s\n", prog, buf);
}
