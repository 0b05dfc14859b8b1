/* test_determinism.c: the same bid set gives the same allocation bytes (formats/allocation.md, "Ties", "Output") */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "util.h"

/* Generous limits: every run below completes, whatever the limit. */
static const char *const limits[] = { NULL, NULL, "30", "600", "1000000",
	NULL };
#define NRUNS 5

/*
 * Solve bs NRUNS ways (twice with the default limit, then each of
 * limits[2..]) and require the same bytes each time, a completed search,
 * and the same gavel-verify report twice.
 */
static void
same_every_way(const char *bs)
{
	const char *out = gvt_tmp("det-alloc.json");
	char *first = NULL, *report = NULL;
	struct gvt_run r;
	int i;

	for (i = 0; i < NRUNS; i++) {
		const char *argv[8];
		int n = 0;

		argv[n++] = gvt_bin("gavel-solve");
		argv[n++] = "-q";
		if (limits[i] != NULL) {
			argv[n++] = "--time-limit";
			argv[n++] = limits[i];
		}
		argv[n++] = bs;
		argv[n] = NULL;
		cr_assert_eq(gvt_run(&r, argv), 0);
		cr_assert_eq(r.status, 0, "%s: gavel-solve: %s", bs, r.err);
		cr_assert_not_null(strstr(r.out, "\"stop\": \"complete\""),
		    "%s: the search did not complete", bs);
		if (first == NULL)
			first = strdup(r.out);
		else
			cr_assert_str_eq(r.out, first,
			    "%s: run %d (limit %s) differs from the first", bs,
			    i, limits[i] ? limits[i] : "default");
		gvt_run_free(&r);
	}
	cr_assert_eq(gvt_write_file(out, first, strlen(first)), 0);
	for (i = 0; i < 2; i++) {
		const char *ver[] = { gvt_bin("gavel-verify"), "allocation", bs,
			out, NULL };

		cr_assert_eq(gvt_run(&r, ver), 0);
		cr_assert_eq(r.status, 0, "%s: gavel-verify: %s", bs, r.err);
		if (report == NULL)
			report = strdup(r.out);
		else
			cr_assert_str_eq(r.out, report);
		gvt_run_free(&r);
	}
	free(first);
	free(report);
}

Test(determinism, corpus_epochs_solve_to_the_same_bytes_every_way,
    .timeout = 600)
{
	char pat[4096], bs[4096];
	glob_t g;
	size_t i, n;

	snprintf(pat, sizeof(pat), "%s", gvt_path(
	    "corpus/valid/*.allocation.json"));
	cr_assert_eq(glob(pat, 0, NULL, &g), 0, "no %s", pat);
	for (i = 0; i < g.gl_pathc; i++) {
		n = strlen(g.gl_pathv[i]) - strlen(".allocation.json");
		snprintf(bs, sizeof(bs), "%.*s.json", (int)n, g.gl_pathv[i]);
		same_every_way(bs);
	}
	globfree(&g);
}

static void
generated(const char *rollups, const char *bids, const char *seed,
    const char *scale)
{
	const char *gen[] = { gvt_bin("gavel-gen"), "--rollups", rollups,
		"--bids", bids, "--seed", seed, "--scale", scale, NULL };
	const char *bs = gvt_tmp("det-bidset.json");
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, gen), 0);
	cr_assert_eq(r.status, 0, "gavel-gen: %s", r.err);
	cr_assert_eq(gvt_write_file(bs, r.out, strlen(r.out)), 0);
	gvt_run_free(&r);
	same_every_way(bs);
}

Test(determinism, generated_epochs_solve_to_the_same_bytes_every_way,
    .timeout = 600)
{
	generated("30", "300", "1", "0");
	generated("12", "60", "4", "0");
	generated("16", "120", "2", "20");	/* wei-size amounts */
	generated("64", "600", "3", "0");
}
