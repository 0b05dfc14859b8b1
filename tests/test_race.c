/* test_race.c: a second search of a connected epoch on a spare core (formats/allocation.md, "A second search") */
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <gmp.h>

#include "alloc.h"
#include "race.h"
#include "testgen.h"
#include "util.h"

static struct gv_bidset bs;

/* testgen.h: gvt_load_ties */
static void
setup(void)
{
	gvt_load_ties(&bs);
}

static void
teardown(void)
{
	gv_bidset_free(&bs);
}

/* An allocation of winners w as a search left it: status, stop, bound. */
static void
make(struct gv_alloc *a, const size_t *w, size_t n, int status, int stop,
    const char *bound)
{
	struct gv_err e = { 0, "" };

	gv_alloc_init(a);
	cr_assert_eq(gv_alloc_compute(&bs, w, n, a, "t", &e), GV_OK, "%s",
	    e.msg);
	a->status = status;
	a->stop = stop;
	if (stop != GV_STOP_COMPLETE) {
		a->time_limit_ms = 60000;
		a->time_used_ms = 60012;
	}
	cr_assert_eq(mpz_set_str(a->bound, bound, 10), 0);
}

static void
winners(const struct gv_alloc *a, const size_t *w, size_t n)
{
	size_t k;

	cr_assert_eq(a->nwinners, n);
	for (k = 0; k < n; k++)
		cr_assert_eq(a->winners[k], w[k], "winner %zu", k);
}

TestSuite(race, .init = setup, .fini = teardown);

/*
 * The second search found a better allocation: the first takes its
 * winners, value and receipts, and the lower bound; status, stop and
 * timings stay the first's (a search cut short says so).
 */
Test(race, a_better_allocation_is_taken_with_the_lower_bound)
{
	static const size_t w1[] = { 0 }, w2[] = { 0, 3 };
	struct gv_alloc a, h;

	/* 10 + 3 (rd unsold) = 13, and 11 + 3 = 14 */
	make(&a, w1, 1, GV_ST_FEASIBLE, GV_STOP_TIME_LIMIT, "20");
	make(&h, w2, 2, GV_ST_OPTIMAL, GV_STOP_COMPLETE, "14");
	cr_assert_eq(gv_race_merge(&a, &h), 1);
	winners(&a, w2, 2);
	cr_assert_eq(mpz_cmp_ui(a.value, 14), 0);
	cr_assert_eq(mpz_cmp_ui(a.bound, 14), 0);
	cr_assert_eq(mpz_cmp_ui(a.receives[2], 1), 0, "rc receives d's 1");
	cr_assert_eq(a.status, GV_ST_FEASIBLE);
	cr_assert_eq(a.stop, GV_STOP_TIME_LIMIT);
	cr_assert_eq(a.time_limit_ms, 60000);
	cr_assert_eq(a.time_used_ms, 60012);
	gv_alloc_free(&a);
	gv_alloc_free(&h);
}

/*
 * Equal value and more winners is worse by the tie rule: the first's
 * allocation stands, and only a lower bound is taken.
 */
Test(race, the_first_stands_unless_the_second_is_better_by_the_tie_rule)
{
	static const size_t w1[] = { 0, 3 }, w2[] = { 1, 2, 3 };
	struct gv_alloc a, h;

	make(&a, w1, 2, GV_ST_FEASIBLE, GV_STOP_SIGNAL, "30");
	make(&h, w2, 3, GV_ST_FEASIBLE, GV_STOP_SIGNAL, "17");
	cr_assert_eq(gv_race_merge(&a, &h), 0);
	winners(&a, w1, 2);
	cr_assert_eq(mpz_cmp_ui(a.value, 14), 0);
	cr_assert_eq(mpz_cmp_ui(a.bound, 17), 0);
	cr_assert_eq(a.stop, GV_STOP_SIGNAL);
	gv_alloc_free(&h);
	/* the same winners: nothing taken, and a higher bound neither */
	make(&h, w1, 2, GV_ST_FEASIBLE, GV_STOP_SIGNAL, "25");
	cr_assert_eq(gv_race_merge(&a, &h), 0);
	winners(&a, w1, 2);
	cr_assert_eq(mpz_cmp_ui(a.bound, 17), 0);
	gv_alloc_free(&a);
	gv_alloc_free(&h);
}

/* A completed first search is published as it is: the same bytes on any --threads. */
Test(race, a_completed_first_search_is_untouched)
{
	static const size_t w1[] = { 0, 3 }, w2[] = { 0, 3, 5 };
	struct gv_alloc a, h;

	make(&a, w1, 2, GV_ST_OPTIMAL, GV_STOP_COMPLETE, "14");
	make(&h, w2, 3, GV_ST_FEASIBLE, GV_STOP_SIGNAL, "12");
	cr_assert_eq(gv_race_merge(&a, &h), 0);
	winners(&a, w1, 2);
	cr_assert_eq(mpz_cmp_ui(a.bound, 14), 0);
	cr_assert_eq(a.status, GV_ST_OPTIMAL);
	gv_alloc_free(&a);
	gv_alloc_free(&h);
}

/* The published bound is never below the published value. */
Test(race, the_bound_is_never_below_the_value)
{
	static const size_t w1[] = { 0 }, w2[] = { 0, 3 };
	struct gv_alloc a, h;

	make(&a, w1, 1, GV_ST_FEASIBLE, GV_STOP_TIME_LIMIT, "13");
	make(&h, w2, 2, GV_ST_FEASIBLE, GV_STOP_TIME_LIMIT, "13");
	cr_assert_eq(gv_race_merge(&a, &h), 1);
	cr_assert_eq(mpz_cmp_ui(a.value, 14), 0);
	cr_assert_eq(mpz_cmp_ui(a.bound, 14), 0);
	gv_alloc_free(&a);
	gv_alloc_free(&h);
}

/* A CATS epoch of the family, seed 1, written to in. */
static void
cats_epoch(const char *family, const char *rollups, const char *bids,
    const char *in)
{
	const char *gen[] = { gvt_bin("gavel-cats"), "--family", family,
		"--rollups", rollups, "--bids", bids, "--seed", "1", NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, gen), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(gvt_write_file(in, r.out, strlen(r.out)), 0);
	gvt_run_free(&r);
}

/*
 * gavel-solve -v -t 4 with threads j on in, to out: it writes a
 * feasible allocation cut short by the limit, which passes gavel-verify.
 * Returns the solver's stderr (phases), which the caller frees.
 */
static char *
solve_cut_short(const char *j, const char *in, const char *out)
{
	const char *solve[] = { gvt_bin("gavel-solve"), "-j", j, "-t", "4",
		"-v", "-o", out, in, NULL };
	const char *verify[] = { gvt_bin("gavel-verify"), "allocation", in,
		out, NULL };
	struct gvt_run r;
	char *err;

	cr_assert_eq(gvt_run(&r, solve), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_not_null(strstr(r.err, "feasible, stopped by the time "
	    "limit"), "%s", r.err);
	err = strdup(r.err);
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, verify), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	return err;
}

/*
 * End to end: a CATS L3 epoch no search closes in 4 s. On two threads
 * the second search starts after 1 s, its result is merged, and the
 * allocation written passes gavel-verify; on one thread there is none.
 */
Test(race, a_search_cut_short_on_two_threads_merges_the_second, .timeout = 120)
{
	const char *in = gvt_tmp("l3.json"), *out = gvt_tmp("l3-alloc.json");
	char *err;

	cats_epoch("L3", "256", "1000", in);
	err = solve_cut_short("2", in, out);
	cr_assert_not_null(strstr(err, "phase: second search (odd-cycle "
	    "cuts to depth 12, no clique cuts, local search at the end): "),
	    "%s", err);
	free(err);
	err = solve_cut_short("1", in, out);
	cr_assert_null(strstr(err, "second search"), "%s", err);
	free(err);
}

/*
 * A search alone (one thread: no second search) whose gap is still 5% or
 * more after three quarters of its time gives the rest to the local
 * search: CATS L2 300/5000's gap stays near 30% for minutes. The
 * allocation written still passes gavel-verify and says it was cut short.
 */
Test(race, a_search_alone_with_a_large_gap_ends_in_the_local_search,
    .timeout = 120)
{
	const char *in = gvt_tmp("l2.json"), *out = gvt_tmp("l2-alloc.json");
	char *err;

	cats_epoch("L2", "300", "5000", in);
	err = solve_cut_short("1", in, out);
	cr_assert_not_null(strstr(err, "phase: local search from the branch "
	    "and bound's incumbent for the rest of the time"), "%s", err);
	cr_assert_null(strstr(err, "second search"), "%s", err);
	free(err);
}
