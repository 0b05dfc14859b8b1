/* test_opscripts.c: plot-trace, plot-allocation, solve-epochs and verify-epochs (README.md, "Operations") */
#define _GNU_SOURCE
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "util.h"

static const char *const epochs[] = { "example-epoch", "hand-epoch",
	"hand-ties", "small-epoch", "wei-epoch", "zero-reserve-epoch", NULL };

static const char *
bindir(void)
{
	const char *b = getenv("GAVEL_BIN");

	return b ? b : "bin";
}

/* Copy corpus/valid/NAME.json into dir. */
static void
copy_epoch(const char *dir, const char *name)
{
	char src[512], dst[4096], *text;
	size_t len;

	snprintf(src, sizeof(src), "corpus/valid/%s.json", name);
	text = gvt_read_file(gvt_path(src), &len);
	cr_assert_not_null(text, "%s", src);
	snprintf(dst, sizeof(dst), "%s/%s.json", dir, name);
	cr_assert_eq(gvt_write_file(dst, text, len), 0);
	free(text);
}

/* A file's size, -1 when absent. */
static long
fsize(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static int
count_lines(const char *path)
{
	char *t = gvt_read_file(path, NULL), *p;
	int n = 0;

	cr_assert_not_null(t, "%s", path);
	for (p = t; *p != '\0'; p++)
		n += *p == '\n';
	free(t);
	return n;
}

static int
is_png(const char *path)
{
	char *t;
	size_t len;
	int ok;

	if ((t = gvt_read_file(path, &len)) == NULL)
		return 0;
	ok = len > 1000 && memcmp(t, "\x89PNG\r\n\x1a\n", 8) == 0;
	free(t);
	return ok;
}

Test(plots, trace_and_allocation_pictures, .timeout = 60)
{
	const char *tr = gvt_tmp("t.csv"), *al = gvt_tmp("a.json");
	const char *png = gvt_tmp("t.png"), *svg = gvt_tmp("t.svg");
	const char *apng = gvt_tmp("a.png");
	const char *bs = gvt_path("corpus/valid/example-epoch.json");
	const char *solve[] = { gvt_bin("gavel-solve"), "-q", "--trace", tr,
		"-o", al, bs, NULL };
	const char *pt[] = { gvt_path("scripts/plot-trace"), "-t", "example",
		tr, png, NULL };
	const char *pts[] = { gvt_path("scripts/plot-trace"), tr, svg, NULL };
	const char *pa[] = { gvt_path("scripts/plot-allocation"), bs, al, apng,
		NULL };
	struct gvt_run r;
	char *t;

	cr_assert_eq(gvt_run(&r, solve), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, pt), 0);
	cr_assert_eq(r.status, 0, "plot-trace: %s", r.err);
	gvt_run_free(&r);
	cr_assert(is_png(png), "plot-trace wrote no PNG");
	cr_assert_eq(gvt_run(&r, pts), 0);
	cr_assert_eq(r.status, 0, "plot-trace: %s", r.err);
	gvt_run_free(&r);
	t = gvt_read_file(svg, NULL);
	cr_assert_not_null(t);
	cr_assert_not_null(strstr(t, "<svg"));
	cr_assert_not_null(strstr(t, "incumbent"));
	free(t);
	cr_assert_eq(gvt_run(&r, pa), 0);
	cr_assert_eq(r.status, 0, "plot-allocation: %s", r.err);
	gvt_run_free(&r);
	cr_assert(is_png(apng), "plot-allocation wrote no PNG");
}

Test(plots, bad_input_writes_nothing)
{
	const char *png = gvt_tmp("x.png"), *notrace = gvt_tmp("x.csv");
	const char *pt[] = { gvt_path("scripts/plot-trace"), notrace, png,
		NULL };
	const char *pa[] = { gvt_path("scripts/plot-allocation"),
		gvt_path("corpus/valid/small-epoch.json"),
		gvt_path("corpus/valid/hand-epoch.allocation.json"), png, NULL };
	struct gvt_run r;
	char want[4096];

	cr_assert_eq(gvt_write_file(notrace, "a,b\n1,2\n", 8), 0);
	cr_assert_eq(gvt_run(&r, pt), 0);
	cr_assert_eq(r.status, 2);
	snprintf(want, sizeof(want), "plot-trace: %s: not a gavel-solve trace "
	    "(header)\n", notrace);
	cr_assert_str_eq(r.err, want);
	gvt_run_free(&r);
	cr_assert_eq(fsize(png), -1);
	cr_assert_eq(gvt_run(&r, pa), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_not_null(strstr(r.err, "is for another marketplace or epoch"),
	    "%s", r.err);
	gvt_run_free(&r);
	cr_assert_eq(fsize(png), -1);
}

/* solve-epochs over copies of the corpus epochs and one broken epoch. */
Test(epochs, solve_verify_resume_and_fail, .timeout = 240)
{
	/* gvt_tmp and gvt_path return ring buffers: keep copies */
	char *in = strdup(gvt_tmp("in")), *out = strdup(gvt_tmp("out"));
	char *audit = strdup(gvt_tmp("audit"));
	char *se = strdup(gvt_path("scripts/solve-epochs"));
	char *ve = strdup(gvt_path("scripts/verify-epochs"));
	const char *solve[] = { se, "--bin", bindir(), "-j", "2", in, out,
		NULL };
	const char *solve_ssh[] = { se, "--bin", bindir(), "-S", "2/:", in,
		out, NULL };
	const char *verify[] = { ve, "--bin", bindir(), in, out, audit, NULL };
	char path[4096], want[8192], *a, *b;
	struct gvt_run r;
	int i, jobs;

	cr_assert_eq(mkdir(in, 0700), 0);
	for (i = 0; epochs[i] != NULL; i++)
		copy_epoch(in, epochs[i]);
	snprintf(path, sizeof(path), "%s/broken.json", in);
	cr_assert_eq(gvt_write_file(path, "{}", 2), 0);

	/* first run: every epoch solved but the broken one */
	cr_assert_eq(gvt_run(&r, solve), 0);
	cr_assert_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_assert_eq(strncmp(r.out, "epoch ", 6), 0, "%s", r.out);
	cr_assert_not_null(strstr(r.out, "\nsmall-epoch         0     optimal"
	    "  complete  1000                          1000                  "
	    "        0.000000000  "), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "\nbroken              2     -  "),
	    "%s", r.out);
	snprintf(want, sizeof(want), "solve-epochs: 7 epochs: 6 ok, 1 failed; "
	    "results in %s\n", out);
	cr_assert_not_null(strstr(r.out, want), "%s", r.out);
	snprintf(want, sizeof(want), "solve-epochs: failed: broken: "
	    "gavel-solve: %s/broken.json: format: missing\n", in);
	cr_assert_not_null(strstr(r.out, want), "%s", r.out);
	gvt_run_free(&r);
	for (i = 0; epochs[i] != NULL; i++) {
		char src[512];

		snprintf(path, sizeof(path), "%s/%s.result", out, epochs[i]);
		cr_assert_eq(count_lines(path), 1, "%s", path);
		snprintf(path, sizeof(path), "%s/%s.allocation.json", out,
		    epochs[i]);
		snprintf(src, sizeof(src), "corpus/valid/%s.allocation.json",
		    epochs[i]);
		a = gvt_read_file(path, NULL);
		b = gvt_read_file(gvt_path(src), NULL);
		cr_assert_not_null(a, "%s", path);
		cr_assert_not_null(b);
		cr_assert_str_eq(a, b, "%s", path);
		free(a);
		free(b);
	}
	snprintf(path, sizeof(path), "%s/broken.result", out);
	a = gvt_read_file(path, NULL);
	cr_assert_str_eq(a, "broken\t2\t-\t-\t-\t-\t-\t-\n");
	free(a);
	snprintf(path, sizeof(path), "%s/joblog", out);
	jobs = count_lines(path);
	cr_assert_eq(jobs, 1 + 7, "header and 7 jobs");

	/* a re-run (through --sshlogin, here this host) tries only the failure */
	cr_assert_eq(gvt_run(&r, solve_ssh), 0);
	cr_assert_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_assert_not_null(strstr(r.out, want), "%s", r.out);
	gvt_run_free(&r);
	cr_assert_eq(count_lines(path), jobs + 1);

	/* the broken epoch removed: nothing to run, all ok */
	snprintf(path, sizeof(path), "%s/broken.json", in);
	cr_assert_eq(unlink(path), 0);
	cr_assert_eq(gvt_run(&r, solve), 0);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	snprintf(want, sizeof(want), "solve-epochs: 6 epochs: 6 ok, 0 failed; "
	    "results in %s\n", out);
	cr_assert_not_null(strstr(r.out, want), "%s", r.out);
	gvt_run_free(&r);
	snprintf(path, sizeof(path), "%s/joblog", out);
	cr_assert_eq(count_lines(path), jobs + 1);

	/* the audit: all valid; then one allocation tampered with */
	cr_assert_eq(gvt_run(&r, verify), 0);
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_assert_not_null(strstr(r.out, "\nwei-epoch           0     valid\n"),
	    "%s", r.out);
	gvt_run_free(&r);
	snprintf(path, sizeof(path), "%s/hand-epoch.allocation.json", out);
	a = gvt_read_file(path, NULL);
	cr_assert_not_null(a);
	b = strstr(a, "\"value\": \"260\"");
	cr_assert_not_null(b);
	b[12] = '1';	/* 261 */
	cr_assert_eq(gvt_write_file(path, a, strlen(a)), 0);
	free(a);
	cr_assert_eq(gvt_run(&r, verify), 0);
	cr_assert_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_assert_not_null(strstr(r.out, "\nhand-epoch          1     invalid\n"),
	    "%s", r.out);
	snprintf(want, sizeof(want), "verify-epochs: failed: hand-epoch: "
	    "gavel-verify: %s: value: is not the value of the allocation, "
	    "which is 260\n", path);
	cr_assert_not_null(strstr(r.out, want), "%s", r.out);
	gvt_run_free(&r);
	snprintf(path, sizeof(path), "%s/joblog", audit);
	cr_assert_eq(count_lines(path), 1 + 6 + 1, "only the changed epoch "
	    "is checked again");
	free(in);
	free(out);
	free(audit);
	free(se);
	free(ve);
}

Test(epochs, usage_errors)
{
	const char *a[] = { gvt_path("scripts/solve-epochs"), "--bogus", "x",
		"y", NULL };
	const char *b[] = { gvt_path("scripts/verify-epochs"), "/nonexistent",
		"/nonexistent", gvt_tmp("r"), NULL };
	const char *h[] = { gvt_path("scripts/solve-epochs"), "--help", NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, a), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_eq(strncmp(r.err, "solve-epochs: unknown option \"--bogus\"\n",
	    39), 0, "%s", r.err);
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, b), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "verify-epochs: /nonexistent: not a directory\n");
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, h), 0);
	cr_assert_eq(r.status, 0);
	cr_assert_not_null(strstr(r.out, "--sshlogin"));
	gvt_run_free(&r);
}
