/* test_ties.c: the tie rule and the gap (formats/allocation.md, "Ties", "Numeric strategy") */
#include <string.h>

#include <criterion/criterion.h>
#include <gmp.h>

#include "alloc.h"
#include "solve.h"
#include "testgen.h"

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

static void
make(struct gv_alloc *a, const size_t *w, size_t n)
{
	struct gv_err e = { 0, "" };

	gv_alloc_init(a);
	cr_assert_eq(gv_alloc_compute(&bs, w, n, a, "t", &e), GV_OK, "%s",
	    e.msg);
}

/* a strictly before b, and the order is antisymmetric */
static void
before(const size_t *wa, size_t na, const size_t *wb, size_t nb)
{
	struct gv_alloc a, b;

	make(&a, wa, na);
	make(&b, wb, nb);
	cr_assert_lt(gv_alloc_order(&a, &b), 0);
	cr_assert_gt(gv_alloc_order(&b, &a), 0);
	gv_alloc_free(&a);
	gv_alloc_free(&b);
}

TestSuite(ties, .init = setup, .fini = teardown);

Test(ties, higher_value_first)
{
	static const size_t ad[] = { 0, 3 }, a[] = { 0 };

	/* 11 + 3 (rd unsold) against 10 + 3 */
	before(ad, 2, a, 1);
}

Test(ties, higher_value_beats_fewer_winners)
{
	static const size_t adf[] = { 0, 3, 5 }, a[] = { 0 };

	before(adf, 3, a, 1);
}

Test(ties, unsold_reserves_count_in_the_value)
{
	/* f pays 4 for rd: value 14 against 13 with rd unsold */
	static const size_t af[] = { 0, 5 }, a[] = { 0 };
	struct gv_alloc x;

	make(&x, af, 2);
	cr_assert_eq(mpz_get_ui(x.value), 14);
	gv_alloc_free(&x);
	make(&x, a, 1);
	cr_assert_eq(mpz_get_ui(x.value), 13);
	gv_alloc_free(&x);
	before(af, 2, a, 1);
}

Test(ties, equal_value_fewer_winners_first)
{
	static const size_t a[] = { 0 }, bc[] = { 1, 2 };

	before(a, 1, bc, 2);
}

Test(ties, equal_value_and_count_smaller_id_list_first)
{
	static const size_t ad[] = { 0, 3 }, ae[] = { 0, 4 };

	before(ad, 2, ae, 2);
}

Test(ties, id_lists_compare_element_by_element)
{
	/* equal value 11 and count 3: the lists first differ at the third id */
	static const size_t bcd[] = { 1, 2, 3 }, bce[] = { 1, 2, 4 };

	before(bcd, 3, bce, 3);
}

Test(ties, the_order_of_the_given_winners_does_not_matter)
{
	static const size_t x[] = { 3, 0 }, y[] = { 0, 3 };
	struct gv_alloc a, b;

	make(&a, x, 2);
	make(&b, y, 2);
	cr_assert_eq(gv_alloc_order(&a, &b), 0);
	cr_assert_eq(gv_alloc_order(&b, &a), 0);
	cr_assert_eq(a.winners[0], 0);
	cr_assert_eq(a.winners[1], 3);
	gv_alloc_free(&a);
	gv_alloc_free(&b);
}

Test(ties, the_solver_prefers_one_winner_over_two_of_equal_value)
{
	static const struct gv_solve_opts o = { .time_limit_ms = 60000 };
	struct gv_solve_info info;
	struct gv_err e = { 0, "" };
	struct gv_alloc a;

	gv_alloc_init(&a);
	cr_assert_eq(gv_solve(&bs, &o, &a, &info, &e), GV_OK, "%s", e.msg);
	cr_assert_eq(a.status, GV_ST_OPTIMAL);
	/* a (10), d (1, before e), f (4): value 15 with 3 winners */
	cr_assert_eq(mpz_get_ui(a.value), 15);
	cr_assert_eq(a.nwinners, 3);
	cr_assert_eq(a.winners[0], 0);
	cr_assert_eq(a.winners[1], 3);
	cr_assert_eq(a.winners[2], 5);
	gv_alloc_free(&a);
}

Test(solver_ties, equal_bids_in_xor_groups_go_to_the_smaller_id)
{
	static const struct gv_solve_opts o = { .time_limit_ms = 60000 };
	struct gv_solve_info info;
	struct gv_err e = { 0, "" };
	struct gv_bidset s;
	struct gv_alloc a;
	json_t *d = gvt_doc("test", 1);

	/* neither dominates the other: both are in XOR groups */
	gvt_rollup(d, "ra", "2");
	gvt_bid(d, "p", "ra", "9", "g");
	gvt_bid(d, "q", "ra", "9", "h");
	gvt_load(d, &s);
	gv_alloc_init(&a);
	cr_assert_eq(gv_solve(&s, &o, &a, &info, &e), GV_OK, "%s", e.msg);
	cr_assert_eq(a.status, GV_ST_OPTIMAL);
	cr_assert_eq(a.nwinners, 1);
	cr_assert_eq(a.winners[0], 0);
	gv_alloc_free(&a);
	gv_bidset_free(&s);
}

Test(solver_ties, nothing_above_reserves_sells_nothing)
{
	static const struct gv_solve_opts o = { .time_limit_ms = 60000 };
	struct gv_solve_info info;
	struct gv_err e = { 0, "" };
	struct gv_bidset s;
	struct gv_alloc a;
	json_t *d = gvt_doc("test", 1);

	/* a bid at exactly its reserves adds nothing but a winner */
	gvt_rollup(d, "ra", "5");
	gvt_rollup(d, "rb", "7");
	gvt_bid(d, "p", "ra", "5", NULL);
	gvt_bid(d, "q", "ra rb", "11", NULL);
	gvt_load(d, &s);
	gv_alloc_init(&a);
	cr_assert_eq(gv_solve(&s, &o, &a, &info, &e), GV_OK, "%s", e.msg);
	cr_assert_eq(a.status, GV_ST_OPTIMAL);
	cr_assert_eq(a.nwinners, 0);
	cr_assert_eq(mpz_get_ui(a.value), 12);
	cr_assert_eq(mpz_get_ui(a.bound), 12);
	cr_assert_eq(info.dropped_reserve, 2);
	gv_alloc_free(&a);
	gv_bidset_free(&s);
}

static void
gap_is(unsigned long value, unsigned long bound, const char *want)
{
	char g[16];
	mpz_t v, b;

	mpz_init_set_ui(v, value);
	mpz_init_set_ui(b, bound);
	gv_gap_str(g, v, b);
	cr_assert_str_eq(g, want, "value %lu bound %lu", value, bound);
	mpz_clears(v, b, NULL);
}

Test(gap, zero_when_the_bound_is_the_value)
{
	gap_is(0, 0, "0.000000000");
	gap_is(15, 15, "0.000000000");
}

Test(gap, rounded_up_to_nine_decimals)
{
	gap_is(2, 3, "0.333333334");
	gap_is(1, 3, "0.666666667");
	gap_is(999999999, 1000000000, "0.000000001");
	gap_is(9999999999UL, 10000000000UL, "0.000000001");
}

Test(gap, one_when_the_value_is_zero)
{
	gap_is(0, 5, "1.000000000");
}

Test(gap, exact_decimals_are_not_rounded)
{
	gap_is(3, 4, "0.250000000");
}
