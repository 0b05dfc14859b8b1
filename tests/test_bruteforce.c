/* test_bruteforce.c: the solver against exhaustive search (formats/allocation.md, "Winner determination", "Reductions") */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <criterion/criterion.h>
#include <gmp.h>

#include "alloc.h"
#include "brute.h"
#include "amount.h"
#include "json.h"
#include "reduce.h"
#include "solve.h"
#include "testgen.h"
#include "util.h"

static const struct gv_solve_opts opts = { .time_limit_ms = 60000 };

/* Solve, then check the solver's document as an auditor would, from its bytes. */
static int
solve_and_check(const struct gv_bidset *bs, struct gv_alloc *a)
{
	struct gv_solve_info info;
	struct gv_err e = { 0, "" };
	json_t *doc, *back;
	char *text;

	cr_assert_eq(gv_solve(bs, &opts, a, &info, &e), GV_OK, "%s", e.msg);
	cr_assert_not_null(doc = gv_alloc_json(bs, a));
	cr_assert_not_null(text = json_dumps(doc, JSON_INDENT(2)));
	cr_assert_eq(gv_json_parse(text, strlen(text), "alloc", &back, &e),
	    GV_OK, "%s", e.msg);
	cr_assert_eq(gv_alloc_check(bs, back, "alloc", &e), GV_OK, "%s",
	    e.msg);
	json_decref(back);
	json_decref(doc);
	free(text);
	return info.exact;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* More for a soak run: make CFLAGS='-O2 -DSMALL_INSTANCES=20000 ...' */
#ifndef SMALL_INSTANCES
#define SMALL_INSTANCES 1000
#endif
#ifndef SEED0
#define SEED0 0
#endif

Test(bruteforce, solver_finds_the_exact_optimum_and_fewest_winners,
    .timeout = 60)
{
	struct gvt_rand p;
	struct gv_bidset bs;
	struct gv_alloc a;
	size_t nwin, nodes, total = 0, k, other_ids = 0, w[64];
	struct gv_err e = { 0, "" };
	struct gv_alloc bw;
	int c;
	mpz_t best;
	double t0 = now_s();

	mpz_init(best);
	for (k = 0; k < SMALL_INSTANCES; k++) {
		memset(&p, 0, sizeof(p));
		p.seed = SEED0 + 1000 + k;
		p.nrollups = 1 + (unsigned)(k % 12);
		p.nbids = 1 + (unsigned)((k * 7) % 40);
		p.maxb = 1 + (unsigned)(k % 4);
		p.xor_pct = (unsigned)(k % 3) * 25;
		p.zero_pct = (unsigned)(k % 5) * 20;
		p.dup_pct = (unsigned)(k % 4) * 15;
		gvt_load(gvt_random(&p), &bs);
		gvt_brute_force_w(&bs, best, &nwin, &nodes, w);
		total += nodes;
		gv_alloc_init(&a);
		solve_and_check(&bs, &a);
		cr_assert_eq(a.status, GV_ST_OPTIMAL, "instance %zu", k);
		cr_assert_eq(a.stop, GV_STOP_COMPLETE, "instance %zu", k);
		cr_assert(mpz_cmp(a.value, best) == 0,
		    "instance %zu: solver value differs from brute force", k);
		cr_assert(mpz_cmp(a.bound, best) == 0, "instance %zu", k);
		cr_assert_eq(a.nwinners, nwin, "instance %zu: %zu winners, "
		    "brute force %zu", k, a.nwinners, nwin);
		/* the brute-force witness is feasible and worth its value */
		gv_alloc_init(&bw);
		cr_assert_eq(gv_alloc_compute(&bs, w, nwin, &bw, "brute", &e),
		    GV_OK, "%s", e.msg);
		cr_assert(mpz_cmp(bw.value, best) == 0, "instance %zu", k);
		/* the id-list key is only applied among allocations met */
		c = gv_alloc_order(&a, &bw);
		cr_assert_geq(c, 0, "instance %zu: better than exhaustive", k);
		other_ids += c != 0;
		gv_alloc_free(&bw);
		gv_alloc_free(&a);
		gv_bidset_free(&bs);
	}
	mpz_clear(best);
	cr_log_info("bruteforce: %d instances, %zu search nodes, %.2f s; "
	    "%zu optima with another id list than the smallest",
	    SMALL_INSTANCES, total, now_s() - t0, other_ids);
}

#ifndef SCALED_INSTANCES
#define SCALED_INSTANCES 300
#endif

Test(bruteforce, amounts_near_1e30_never_overstate_value_or_understate_bound,
    .timeout = 60)
{
	struct gvt_rand p;
	struct gv_bidset bs;
	struct gv_alloc a;
	size_t nwin, nodes, k, optimal = 0, inexact = 0;
	mpz_t best;

	mpz_init(best);
	for (k = 0; k < SCALED_INSTANCES; k++) {
		memset(&p, 0, sizeof(p));
		p.seed = SEED0 * 7 + 5000 + k;
		p.nrollups = 2 + (unsigned)(k % 11);
		p.nbids = 5 + (unsigned)((k * 11) % 36);
		p.maxb = 1 + (unsigned)(k % 4);
		p.xor_pct = (unsigned)(k % 3) * 20;
		p.zero_pct = (unsigned)(k % 4) * 20;
		p.dup_pct = (unsigned)(k % 3) * 20;
		p.scale = 29;
		gvt_load(gvt_random(&p), &bs);
		gvt_brute_force(&bs, best, &nwin, &nodes);
		gv_alloc_init(&a);
		inexact += !solve_and_check(&bs, &a);
		cr_assert(mpz_cmp(a.value, best) <= 0, "instance %zu", k);
		cr_assert(mpz_cmp(a.bound, a.value) >= 0, "instance %zu", k);
		cr_assert(mpz_cmp(a.bound, best) >= 0,
		    "instance %zu: bound below the true optimum", k);
		if (a.status == GV_ST_OPTIMAL) {
			optimal++;
			cr_assert(mpz_cmp(a.value, best) == 0,
			    "instance %zu: optimal but not the optimum", k);
			cr_assert_eq(a.nwinners, nwin, "instance %zu", k);
		}
		gv_alloc_free(&a);
		gv_bidset_free(&bs);
	}
	mpz_clear(best);
	cr_log_info("bruteforce: %zu of %d scaled instances proven optimal, "
	    "%zu solved with an inexact (scaled) model", optimal,
	    SCALED_INSTANCES, inexact);
	cr_assert_gt(inexact, SCALED_INSTANCES / 2,
	    "the batch must exercise the scaled model");
}

/* The same document without the bids gv_reduce drops. */
static json_t *
without_dropped(const struct gv_bidset *bs, const struct gv_reduced *r)
{
	json_t *doc = json_deep_copy(bs->root), *bids = json_array();
	json_t *old = json_object_get(bs->root, "bids");
	size_t i;

	for (i = 0; i < r->n; i++)
		json_array_append(bids, json_array_get(old, r->bid[i]));
	json_object_set_new(doc, "bids", json_deep_copy(bids));
	json_decref(bids);
	return doc;
}

Test(reduce, dropping_reduced_bids_never_changes_the_value_or_winner_count,
    .timeout = 60)
{
	struct gvt_rand p;
	struct gv_bidset bs, bs2;
	struct gv_reduced r;
	struct gv_alloc a, a2;
	struct gv_err e = { 0, "" };
	size_t k, dropped = 0;

	for (k = 0; k < 100; k++) {
		memset(&p, 0, sizeof(p));
		p.seed = 9000 + k;
		p.nrollups = 1 + (unsigned)(k % 8);
		p.nbids = 10 + (unsigned)(k % 30);
		p.maxb = 1 + (unsigned)(k % 3);
		p.xor_pct = (unsigned)(k % 3) * 30;
		p.zero_pct = (unsigned)(k % 4) * 25;
		p.dup_pct = 50;
		gvt_load(gvt_random(&p), &bs);
		cr_assert_eq(gv_reduce(&bs, &r, &e), GV_OK);
		dropped += r.dropped_reserve + r.dropped_dominated;
		gvt_load(without_dropped(&bs, &r), &bs2);
		gv_alloc_init(&a);
		gv_alloc_init(&a2);
		solve_and_check(&bs, &a);
		solve_and_check(&bs2, &a2);
		cr_assert(mpz_cmp(a.value, a2.value) == 0, "instance %zu", k);
		cr_assert_eq(a.nwinners, a2.nwinners, "instance %zu", k);
		gv_alloc_free(&a);
		gv_alloc_free(&a2);
		gv_reduced_free(&r);
		gv_bidset_free(&bs2);
		gv_bidset_free(&bs);
	}
	cr_assert_gt(dropped, 100, "the instances must exercise the reductions");
}

Test(reduce, drops_bids_at_or_below_reserves_and_dominated_duplicates)
{
	json_t *d = gvt_doc("test", 1);
	struct gv_bidset bs;
	struct gv_reduced r;
	struct gv_err e = { 0, "" };

	gvt_rollup(d, "ra", "10");
	gvt_rollup(d, "rb", "0");
	gvt_bid(d, "a1", "ra", "10", NULL);	/* = reserve: dropped */
	gvt_bid(d, "a2", "ra", "9", NULL);	/* below: dropped */
	gvt_bid(d, "a3", "ra rb", "15", NULL);	/* kept: no XOR, earliest */
	gvt_bid(d, "a4", "ra rb", "15", NULL);	/* equal, later id: dominated */
	gvt_bid(d, "a5", "ra rb", "14", NULL);	/* lower: dominated */
	gvt_bid(d, "a6", "ra rb", "16", "x");	/* higher, XOR: kept */
	gvt_bid(d, "a7", "ra rb", "12", "y");	/* dominated by a3 */
	gvt_bid(d, "a8", "rb", "1", "x");	/* kept */
	gvt_bid(d, "a9", "rb", "2", "x");	/* kept: only XOR bids above it */
	gvt_load(d, &bs);
	cr_assert_eq(gv_reduce(&bs, &r, &e), GV_OK);
	cr_assert_eq(r.dropped_reserve, 2);
	cr_assert_eq(r.dropped_dominated, 3);
	cr_assert_eq(r.n, 4);
	cr_assert_eq(r.bid[0], 2);
	cr_assert_eq(r.bid[1], 5);
	cr_assert_eq(r.bid[2], 7);
	cr_assert_eq(r.bid[3], 8);
	cr_assert_eq(mpz_get_ui(r.net[0]), 5);
	cr_assert_eq(mpz_get_ui(r.net[1]), 6);
	cr_assert_eq(mpz_get_ui(r.net[2]), 1);
	cr_assert_eq(mpz_get_ui(r.net[3]), 2);
	gv_reduced_free(&r);
	gv_bidset_free(&bs);
}

Test(reduce, a_higher_xor_bid_does_not_dominate)
{
	json_t *d = gvt_doc("test", 1);
	struct gv_bidset bs;
	struct gv_alloc a;
	size_t nwin, nodes;
	mpz_t best;

	/* x1 beats y1 on ra, but x1 and x2 share a group and x2 is worth more */
	gvt_rollup(d, "ra", "0");
	gvt_rollup(d, "rb", "0");
	gvt_bid(d, "x1", "ra", "10", "g");
	gvt_bid(d, "x2", "rb", "20", "g");
	gvt_bid(d, "y1", "ra", "5", NULL);
	gvt_load(d, &bs);
	mpz_init(best);
	gvt_brute_force(&bs, best, &nwin, &nodes);
	cr_assert_eq(mpz_get_ui(best), 25);
	gv_alloc_init(&a);
	solve_and_check(&bs, &a);
	cr_assert_eq(mpz_get_ui(a.value), 25);
	cr_assert_eq(a.nwinners, 2);
	cr_assert_eq(a.winners[0], 1);
	cr_assert_eq(a.winners[1], 2);
	gv_alloc_free(&a);
	mpz_clear(best);
	gv_bidset_free(&bs);
}

/* Two bids a1/a2 on ra and rb separately against b on both: amounts in wei. */
static void
near_tie(const char *a1, const char *a2, const char *b, size_t want_n,
    const char *want_value)
{
	json_t *d = gvt_doc("test", 1);
	struct gv_bidset bs;
	struct gv_alloc a;
	size_t nwin, nodes;
	char *v;
	mpz_t best;

	gvt_rollup(d, "ra", "0");
	gvt_rollup(d, "rb", "0");
	gvt_rollup(d, "rc", "1000000000000000000000000000007");
	gvt_bid(d, "a1", "ra", a1, NULL);
	gvt_bid(d, "a2", "rb", a2, NULL);
	gvt_bid(d, "b", "ra rb", b, NULL);
	gvt_bid(d, "c", "rc", "1000000000000000000000000000008", NULL);
	gvt_load(d, &bs);
	mpz_init(best);
	gvt_brute_force(&bs, best, &nwin, &nodes);
	gv_alloc_init(&a);
	cr_assert_eq(solve_and_check(&bs, &a), 0, "the model must be scaled");
	cr_assert_eq(a.status, GV_ST_OPTIMAL);
	v = gv_amount_str(a.value);
	cr_assert_str_eq(v, want_value);
	free(v);
	cr_assert(mpz_cmp(a.value, best) == 0);
	cr_assert_eq(a.nwinners, want_n);
	cr_assert_eq(nwin, want_n);
	gv_alloc_free(&a);
	mpz_clear(best);
	gv_bidset_free(&bs);
}

Test(scaled, one_wei_more_for_two_bids_beats_one_bid)
{
	near_tie("1000000000000000000000000000000",
	    "1000000000000000000000000000002",
	    "2000000000000000000000000000001", 3,
	    "3000000000000000000000000000010");
}

Test(scaled, one_wei_more_for_one_bid_beats_two_bids)
{
	near_tie("1000000000000000000000000000000",
	    "1000000000000000000000000000000",
	    "2000000000000000000000000000001", 2,
	    "3000000000000000000000000000009");
}

Test(scaled, equal_wei_amounts_take_fewer_winners)
{
	near_tie("1000000000000000000000000000000",
	    "1000000000000000000000000000001",
	    "2000000000000000000000000000001", 2,
	    "3000000000000000000000000000009");
}

Test(bruteforce, the_small_corpus_epochs_are_optimal)
{
	static const char *const files[] = { "corpus/valid/small-epoch.json",
		"corpus/valid/zero-reserve-epoch.json",
		"corpus/valid/hand-epoch.json", "corpus/valid/hand-ties.json",
		NULL };
	struct gv_err e = { 0, "" };
	struct gv_bidset bs;
	struct gv_alloc a;
	const char *const *f;
	size_t nwin, nodes, w[32];
	mpz_t best;

	mpz_init(best);
	for (f = files; *f != NULL; f++) {
		cr_assert_eq(gv_bidset_load(gvt_path(*f), &bs, &e), GV_OK, "%s",
		    e.msg);
		gvt_brute_force_w(&bs, best, &nwin, &nodes, w);
		gv_alloc_init(&a);
		solve_and_check(&bs, &a);
		cr_assert(mpz_cmp(a.value, best) == 0, "%s", *f);
		cr_assert_eq(a.nwinners, nwin, "%s", *f);
		cr_assert_eq(memcmp(a.winners, w, nwin * sizeof(size_t)), 0,
		    "%s: the smallest id list", *f);
		gv_alloc_free(&a);
		gv_bidset_free(&bs);
	}
	mpz_clear(best);
}
