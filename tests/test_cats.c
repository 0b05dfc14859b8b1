/* test_cats.c: gavel-cats, the CATS legacy families, and the solver on them against exhaustive search (formats/bidset.md) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <gmp.h>

#include "alloc.h"
#include "bidset.h"
#include "brute.h"
#include "sig.h"
#include "solve.h"
#include "util.h"

static void
start(void)
{
	cr_assert_eq(gv_sig_init(), 0);
}

TestSuite(cats, .init = start, .timeout = 300);

static const char *const families[] = { "L2", "L3", "L4", "L6", "L7" };

/* Run gavel-cats with the given options into tmp NAME; its path. */
static const char *
gen(const char *name, const char *fam, const char *rollups, const char *bids,
    const char *seed, const char *reserves)
{
	const char *argv[] = { gvt_bin("gavel-cats"), "--family", fam,
		"--rollups", rollups, "--bids", bids, "--seed", seed,
		"--reserves", reserves, NULL };
	const char *path = gvt_tmp(name);
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "%s: %s", fam, r.err);
	cr_assert_eq(gvt_write_file(path, r.out, strlen(r.out)), 0);
	gvt_run_free(&r);
	return path;
}

/*
 * On small epochs of every family, with and without reserves, the solver
 * proves the exhaustive optimum: same value, same number of winners.
 */
Test(cats, every_family_is_solved_to_the_exhaustive_optimum)
{
	static const struct gv_solve_opts opts = { .time_limit_ms = 60000 };
	char seed[16], name[64];
	size_t f, s, nwin, nodes, runs = 0;
	const char *const reserves[] = { "zero", "positive" };
	mpz_t best;

	mpz_init(best);
	for (f = 0; f < 5; f++)
		for (s = 1; s <= 6; s++) {
			struct gv_bidset bs;
			struct gv_alloc a;
			struct gv_solve_info info;
			struct gv_err e = { 0, "" };

			snprintf(seed, sizeof(seed), "%zu", s);
			snprintf(name, sizeof(name), "%s-%zu.json", families[f],
			    s);
			cr_assert_eq(gv_bidset_load(gen(name, families[f], "14",
			    "28", seed, reserves[s % 2]), &bs, &e), GV_OK, "%s",
			    e.msg);
			cr_assert_eq(gv_bidset_verify_sigs(&bs, &e), GV_OK, "%s",
			    e.msg);
			gv_alloc_init(&a);
			cr_assert_eq(gv_solve(&bs, &opts, &a, &info, &e), GV_OK,
			    "%s", e.msg);
			gvt_brute_force(&bs, best, &nwin, &nodes);
			cr_assert_eq(a.status, GV_ST_OPTIMAL, "%s", name);
			cr_assert_eq(mpz_cmp(a.value, best), 0, "%s: value %s, "
			    "exhaustive %s", name, mpz_get_str(NULL, 10, a.value),
			    mpz_get_str(NULL, 10, best));
			cr_assert_eq(a.nwinners, nwin, "%s", name);
			gv_alloc_free(&a);
			gv_bidset_free(&bs);
			runs++;
		}
	cr_assert_eq(runs, 30);
	mpz_clear(best);
}

/* What each family's bundles look like, on a larger draw. */
Test(cats, bundle_sizes_follow_the_family)
{
	struct gv_err e = { 0, "" };
	size_t f, i, min, max, total;

	for (f = 0; f < 5; f++) {
		struct gv_bidset bs;
		char name[32];

		snprintf(name, sizeof(name), "shape-%s.json", families[f]);
		cr_assert_eq(gv_bidset_load(gen(name, families[f], "64", "2000",
		    "3", "zero"), &bs, &e), GV_OK, "%s", e.msg);
		cr_assert_eq(bs.nbids, 2000);
		cr_assert_eq(bs.nrollups, 64);
		min = 64;
		max = total = 0;
		for (i = 0; i < bs.nbids; i++) {
			size_t k = bs.bids[i].nbundle;

			min = k < min ? k : min;
			max = k > max ? k : max;
			total += k;
			cr_assert_lt(bs.bids[i].xor_group, 0, "no XOR groups");
		}
		switch (f) {
		case 0:	/* L2: uniform in 1..64, mean 32.5 */
			cr_assert(min == 1 && max == 64);
			cr_assert(total > 2000 * 30 && total < 2000 * 35);
			break;
		case 1:	/* L3: exactly 3 */
			cr_assert(min == 3 && max == 3);
			break;
		case 2:	/* L4: mean 1 / (1 - 0.55) = 2.22 */
			cr_assert_eq(min, 1);
			cr_assert(total > 2000 * 2 && total < 2000 * 2.5);
			break;
		case 3:	/* L6: truncated e^(-k/5), mean about 5.5 */
			cr_assert_eq(min, 1);
			cr_assert(total > 2000 * 5 && total < 2000 * 6);
			break;
		case 4:	/* L7: binomial(64, 0.2), mean 12.8 */
			cr_assert(min >= 1 && max <= 64);
			cr_assert(total > 2000 * 12 && total < 2000 * 13.6);
			break;
		}
		gv_bidset_free(&bs);
	}
}

Test(cats, the_same_options_give_the_same_bytes)
{
	char *a, *b, *c;

	a = gvt_read_file(gen("same-a.json", "L6", "40", "200", "9",
	    "positive"), NULL);
	b = gvt_read_file(gen("same-b.json", "L6", "40", "200", "9",
	    "positive"), NULL);
	c = gvt_read_file(gen("same-c.json", "L6", "40", "200", "10",
	    "positive"), NULL);
	cr_assert(a && b && c);
	cr_assert_str_eq(a, b);
	cr_assert_str_neq(a, c, "another seed, another epoch");
	free(a);
	free(b);
	free(c);
}

Test(cats, usage_errors_say_what_is_wrong)
{
	const char *nofam[] = { gvt_bin("gavel-cats"), "--bids", "3", NULL };
	const char *badfam[] = { gvt_bin("gavel-cats"), "--family", "L5",
		NULL };
	const char *toomany[] = { gvt_bin("gavel-cats"), "--family", "L3",
		"--rollups", "1025", NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, nofam), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "usage: gavel-cats --family L2|L3|L4|L6|L7 "
	    "[options] (see gavel-cats --help)\n");
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, badfam), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-cats: --family: expected L2, L3, L4, L6 "
	    "or L7\n");
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, toomany), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-cats: --rollups: expected a whole "
	    "number from 1 to 1024\n");
	gvt_run_free(&r);
}
