/* expect.h: the corpus .expect format, read and compared exactly (corpus/README.md) */
#ifndef GVT_EXPECT_H
#define GVT_EXPECT_H

#include "util.h"

/*
 * One corpus/DIR/NAME.expect: line 1 the exit code, line 2 the exact
 * stderr line (empty: nothing on stderr), line 3 the command's other input
 * file (empty: none), then stdout byte for byte to the end of the file.
 * All strings point into buf, which the struct owns.
 */
struct gvt_expect {
	int code;
	const char *err;
	const char *arg;
	const char *out;
	char *buf;
};

/* Read REL (relative to the repository root); asserts it is well-formed. */
void gvt_expect_load(const char *rel, struct gvt_expect *x);
void gvt_expect_free(struct gvt_expect *x);

/*
 * Assert that r is exactly x: exit code, stderr (x->err and a newline, or
 * nothing), stdout. The command must have been run from the repository
 * root with relative paths, so that the file names in messages agree.
 */
void gvt_expect_assert(const struct gvt_run *r, const struct gvt_expect *x,
    const char *what);

#endif
