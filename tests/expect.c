/* expect.c: the corpus .expect format, read and compared exactly (corpus/README.md) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "expect.h"

/* Cut the line starting at *p; *p moves past its newline (or to the end). */
static const char *
next_line(char **p)
{
	char *s = *p, *nl = strchr(s, '\n');

	if (nl != NULL) {
		*nl = '\0';
		*p = nl + 1;
	} else
		*p = s + strlen(s);
	return s;
}

void
gvt_expect_load(const char *rel, struct gvt_expect *x)
{
	char *p, *end;
	const char *code;

	memset(x, 0, sizeof(*x));
	x->buf = gvt_read_file(gvt_path(rel), NULL);
	cr_assert_not_null(x->buf, "cannot read %s", rel);
	p = x->buf;
	code = next_line(&p);
	x->code = (int)strtol(code, &end, 10);
	cr_assert(*code != '\0' && *end == '\0', "%s: line 1 is not an exit "
	    "code", rel);
	x->err = next_line(&p);
	x->arg = next_line(&p);
	x->out = p;
}

void
gvt_expect_free(struct gvt_expect *x)
{
	free(x->buf);
	memset(x, 0, sizeof(*x));
}

void
gvt_expect_assert(const struct gvt_run *r, const struct gvt_expect *x,
    const char *what)
{
	char want[4096];

	cr_assert_eq(r->status, x->code, "%s: exit %d, want %d; stderr: %s",
	    what, r->status, x->code, r->err);
	if (x->err[0] != '\0')
		snprintf(want, sizeof(want), "%s\n", x->err);
	else
		want[0] = '\0';
	cr_assert_str_eq(r->err, want, "%s: stderr differs", what);
	cr_assert_str_eq(r->out, x->out, "%s: stdout differs", what);
}
