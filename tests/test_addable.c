/* test_addable.c: one addable bid refutes "optimal" and a low bound (formats/allocation.md, check 12) */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <gmp.h>
#include <jansson.h>

#include "alloc.h"
#include "bidset.h"
#include "util.h"

/*
 * The hand epoch: reserves arb-one 100, arb-two 50, base-one 0, op-one 30
 * (180 in all); nets b1 50 (XOR alice), b2 20, b3 20, b4 25 (XOR alice),
 * b5 -10, b6 30. Its optimum is b1 + b6 = 260.
 */
#define HAND "corpus/valid/hand-epoch.json"

/* Check allocation file rel with its search set to status/bound. */
static int
check_with(const char *rel, const char *status, const char *bound,
    struct gv_err *e)
{
	struct gv_bidset bs;
	json_error_t je;
	json_t *doc, *s;
	mpz_t v, b;
	char gap[16];
	int rc;

	cr_assert_eq(gv_bidset_load(gvt_path(HAND), &bs, e), GV_OK, "%s",
	    e->msg);
	doc = json_load_file(gvt_path(rel), 0, &je);
	cr_assert_not_null(doc, "%s", je.text);
	s = json_object_get(doc, "search");
	mpz_init_set_str(v, json_string_value(json_object_get(doc, "value")),
	    10);
	mpz_init_set_str(b, bound, 10);
	gv_gap_str(gap, v, b);
	json_object_set_new(s, "status", json_string(status));
	json_object_set_new(s, "bound", json_string(bound));
	json_object_set_new(s, "gap", json_string(gap));
	if (strcmp(status, "feasible") == 0) {
		json_object_set_new(s, "stop", json_string("time-limit"));
		json_object_set_new(s, "time_limit_ms", json_integer(1000));
		json_object_set_new(s, "time_used_ms", json_integer(1000));
	}
	rc = gv_alloc_check(&bs, doc, "a", e);
	mpz_clear(v);
	mpz_clear(b);
	json_decref(doc);
	gv_bidset_free(&bs);
	return rc;
}

/* Selling nothing: b1 proves 230, so a bound of 230 stands and 229 falls. */
Test(addable, the_bound_may_equal_value_plus_net_not_less)
{
	struct gv_err e = { 0, "" };
	const char *f = "corpus/invalid/allocation-optimal-refuted.json";

	cr_assert_eq(check_with(f, "feasible", "230", &e), GV_OK, "%s", e.msg);
	cr_assert_eq(check_with(f, "feasible", "229", &e), GV_INVALID);
	cr_assert_str_eq(e.msg, "a: search.bound: is below 230, the value with "
	    "bid \"b1\" added as it is (its rollups unsold, its XOR group "
	    "unused)");
	cr_assert_eq(check_with(f, "optimal", "180", &e), GV_INVALID);
	cr_assert_str_eq(e.msg, "a: search.status: status is optimal but bid "
	    "\"b1\" can be added as it is (its rollups unsold, its XOR group "
	    "unused), which makes the value 230");
}

/*
 * b4 wins alone (205): b1 (net 50) shares its XOR group and proves nothing,
 * b2 and b3 prove 225, b6 is blocked (base-one is sold), b5 has net -10.
 */
Test(addable, xor_group_in_use_and_sold_rollups_block_a_bid)
{
	struct gv_err e = { 0, "" };
	const char *f = "corpus/invalid/allocation-optimal-refuted-xor.json";

	cr_assert_eq(check_with(f, "feasible", "225", &e), GV_OK, "%s", e.msg);
	cr_assert_eq(check_with(f, "feasible", "224", &e), GV_INVALID);
	cr_assert_str_eq(e.msg, "a: search.bound: is below 225, the value with "
	    "bid \"b2\" added as it is (its rollups unsold, its XOR group "
	    "unused)");
}

/* The published optimum sells everything: nothing is addable. */
Test(addable, the_true_optimum_passes)
{
	struct gv_err e = { 0, "" };

	cr_assert_eq(check_with("corpus/valid/hand-epoch.allocation.json",
	    "optimal", "260", &e), GV_OK, "%s", e.msg);
}
