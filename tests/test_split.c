/* test_split.c: the revenue split (formats/allocation.md, "Payments and the revenue split") */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <gmp.h>

#include "alloc.h"
#include "amount.h"
#include "solve.h"
#include "testgen.h"

/*
 * One bid on rollups ra, rb, ... (reserves res[]) for amount, and an unsold
 * rollup "rz" with reserve 9; the receipts must be want[] and 0 for rz.
 */
static void
split_is(const char *const *res, size_t n, const char *amount,
    const char *const *want)
{
	json_t *d = gvt_doc("test", 1);
	struct gv_err e = { 0, "" };
	struct gv_bidset bs;
	struct gv_alloc a;
	char id[8], bundle[64] = "", *s;
	size_t i, w = 0;
	mpz_t sum, v;

	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "r%c", (int)('a' + i));
		gvt_rollup(d, id, res[i]);
		strcat(bundle, i ? " " : "");
		strcat(bundle, id);
	}
	gvt_rollup(d, "rz", "9");
	gvt_bid(d, "b1", bundle, amount, NULL);
	gvt_load(d, &bs);
	gv_alloc_init(&a);
	cr_assert_eq(gv_alloc_compute(&bs, &w, 1, &a, "t", &e), GV_OK, "%s",
	    e.msg);
	mpz_inits(sum, v, NULL);
	for (i = 0; i < n; i++) {
		s = gv_amount_str(a.receives[i]);
		cr_assert_str_eq(s, want[i], "rollup %zu", i);
		free(s);
		mpz_add(sum, sum, a.receives[i]);
	}
	cr_assert_eq(mpz_sgn(a.receives[n]), 0, "an unsold rollup receives 0");
	mpz_set_str(v, amount, 10);
	cr_assert(mpz_cmp(sum, v) == 0, "the shares add up to the amount");
	mpz_add_ui(v, v, 9);
	cr_assert(mpz_cmp(a.value, v) == 0,
	    "value: the amount plus the unsold reserve");
	mpz_clears(sum, v, NULL);
	gv_alloc_free(&a);
	gv_bidset_free(&bs);
}

Test(split, pro_rata_surplus_and_one_remainder_unit_to_the_largest_fraction)
{
	/* R 6, S 10: floors 1, 3, 5 (fractions 4, 2, 0), one unit left */
	static const char *const res[] = { "1", "2", "3" };
	static const char *const want[] = { "3", "5", "8" };

	split_is(res, 3, "16", want);
}

Test(split, a_larger_fraction_beats_an_earlier_id)
{
	/* R 4, S 3: floors 1, 0, 0 (fractions 2, 3, 3): rb and rc get a unit */
	static const char *const res[] = { "2", "1", "1" };
	static const char *const want[] = { "3", "2", "2" };

	split_is(res, 3, "7", want);
}

Test(split, equal_fractions_go_by_rollup_id)
{
	/* R 4, S 3: floors 0, 1, 0 (fractions 3, 2, 3): ra and rc, not rb */
	static const char *const res[] = { "1", "2", "1" };
	static const char *const want[] = { "2", "3", "2" };

	split_is(res, 3, "7", want);
}

Test(split, equal_reserves_tie_on_every_fraction)
{
	/* R 3, S 2: floors 0 (fractions 2, 2, 2): the first two ids */
	static const char *const res[] = { "1", "1", "1" };
	static const char *const want[] = { "2", "2", "1" };

	split_is(res, 3, "5", want);
}

Test(split, zero_reserves_split_evenly_remainder_by_id)
{
	static const char *const res[] = { "0", "0", "0" };
	static const char *const want[] = { "3", "3", "2" };

	split_is(res, 3, "8", want);
}

Test(split, a_zero_reserve_rollup_gets_nothing_when_others_have_reserves)
{
	static const char *const res[] = { "0", "5" };
	static const char *const want[] = { "0", "12" };

	split_is(res, 2, "12", want);
}

Test(split, a_bid_at_exactly_its_reserves_pays_each_its_reserve)
{
	static const char *const res[] = { "4", "0", "6" };
	static const char *const want[] = { "4", "0", "6" };

	split_is(res, 3, "10", want);
}

Test(split, zero_amount_on_zero_reserves)
{
	static const char *const res[] = { "0", "0" };
	static const char *const want[] = { "0", "0" };

	split_is(res, 2, "0", want);
}

Test(split, single_rollup_takes_everything)
{
	static const char *const res[] = { "7" };
	static const char *const want[] = { "1000000000000000000000000000000" };

	split_is(res, 1, "1000000000000000000000000000000", want);
}

Test(split, amounts_of_ten_to_the_thirty_are_exact)
{
	/* R 6e30+1, S 4e30+6: two remainder units, to ra and rb */
	static const char *const res[] = { "1000000000000000000000000000000",
		"2000000000000000000000000000001",
		"3000000000000000000000000000000" };
	static const char *const want[] = { "1666666666666666666666666666667",
		"3333333333333333333333333333337",
		"5000000000000000000000000000003" };

	split_is(res, 3, "10000000000000000000000000000007", want);
}

Test(split, zero_reserves_at_ten_to_the_thirty)
{
	static const char *const res[] = { "0", "0", "0" };
	static const char *const want[] = { "333333333333333333333333333334",
		"333333333333333333333333333334",
		"333333333333333333333333333334" };

	split_is(res, 3, "1000000000000000000000000000002", want);
}

/* Every solved random epoch: shares add up, each within one unit of pro rata. */
static void
shares_add_up(unsigned scale, unsigned long long seed0)
{
	static const struct gv_solve_opts o = { .time_limit_ms = 60000 };
	struct gv_solve_info info;
	struct gv_err e = { 0, "" };
	struct gvt_rand p;
	struct gv_bidset bs;
	struct gv_alloc a;
	size_t k, i, j, checked = 0;
	mpz_t R, S, sum, exact, got, t;

	mpz_inits(R, S, sum, exact, got, t, NULL);
	for (k = 0; k < 40; k++) {
		memset(&p, 0, sizeof(p));
		p.seed = seed0 + k;
		p.nrollups = 3 + (unsigned)(k % 10);
		p.nbids = 30;
		p.maxb = 4;
		p.xor_pct = 20;
		p.zero_pct = (unsigned)(k % 3) * 30;
		p.scale = scale;
		gvt_load(gvt_random(&p), &bs);
		gv_alloc_init(&a);
		cr_assert_eq(gv_solve(&bs, &o, &a, &info, &e), GV_OK);
		for (i = 0; i < bs.nrollups; i++)
			if (a.owner[i] < 0)
				cr_assert_eq(mpz_sgn(a.receives[i]), 0);
		for (i = 0; i < a.nwinners; i++) {
			const struct gv_bid *b = &bs.bids[a.winners[i]];

			mpz_set_ui(R, 0);
			mpz_set_ui(sum, 0);
			for (j = 0; j < b->nbundle; j++) {
				mpz_add(R, R, bs.rollups[b->bundle[j]].reserve);
				mpz_add(sum, sum, a.receives[b->bundle[j]]);
			}
			mpz_sub(S, b->amount, R);
			cr_assert(mpz_cmp(sum, b->amount) == 0);
			for (j = 0; j < b->nbundle; j++) {
				const mpz_t *res =
				    &bs.rollups[b->bundle[j]].reserve;

				/* k*(got - res)*R vs k*S*res: |diff| < k*R */
				mpz_sub(got, a.receives[b->bundle[j]], *res);
				if (mpz_sgn(R) > 0) {
					mpz_mul(got, got, R);
					mpz_mul(exact, S, *res);
					mpz_sub(t, got, exact);
					mpz_abs(t, t);
					cr_assert(mpz_cmp(t, R) < 0);
				} else {
					mpz_mul_ui(got, got, b->nbundle);
					mpz_sub(t, got, S);
					mpz_abs(t, t);
					cr_assert(mpz_cmp_ui(t, b->nbundle) < 0);
				}
				checked++;
			}
		}
		gv_alloc_free(&a);
		gv_bidset_free(&bs);
	}
	cr_assert_gt(checked, 100);
	mpz_clears(R, S, sum, exact, got, t, NULL);
}

Test(split, shares_of_solved_epochs_add_up_exactly)
{
	shares_add_up(0, 300);
}

Test(split, shares_of_solved_wei_scale_epochs_add_up_exactly)
{
	shares_add_up(29, 400);
}
