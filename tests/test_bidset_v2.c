/* test_bidset_v2.c: gavel.bidset.v2, v1 plus the challenge parameters (formats/bidset.md, "Version 2") */
#include <string.h>

#include <criterion/criterion.h>

#include "alloc.h"
#include "bidset.h"
#include "json.h"
#include "solve.h"
#include "util.h"

Test(bidset_v2, fields_and_same_solution)
{
	struct gv_bidset b1, b2;
	struct gv_alloc a1, a2;
	struct gv_solve_opts o = { .time_limit_ms = 10000 };
	struct gv_solve_info info;
	struct gv_err e = { 0, "" };

	cr_assert_eq(gv_bidset_load(gvt_path("formats/examples/bidset-demo.json"),
	    &b1, &e), GV_OK, "%s", e.msg);
	cr_assert_eq(gv_bidset_load(
	    gvt_path("formats/examples/bidset-v2-demo.json"), &b2, &e), GV_OK,
	    "%s", e.msg);
	cr_assert_eq(b1.version, 1);
	cr_assert_eq(b2.version, 2);
	cr_assert_eq(b1.finder_window, 0);
	cr_assert_eq(mpz_sgn(b1.finder_cap), 0);
	cr_assert_eq(b2.finder_window, 100);
	cr_assert_eq(mpz_cmp_ui(b2.finder_cap, 1000), 0);
	cr_assert_eq(b2.finder_bps, 500);
	cr_assert_eq(mpz_cmp_ui(b2.finder_min, 1), 0);
	cr_assert_eq(gv_bidset_verify_sigs(&b2, &e), GV_OK, "%s", e.msg);
	/* v1's digest is unchanged by the new reader (formats/README.md vector) */
	{
		char hex[65];

		gv_hex(hex, b1.digest, 32);
		cr_assert_str_eq(hex, "c744c5d237168b58cac73bba3192c66f309a30"
		    "1a0e897477bee89ad90c3c2fe3");
	}
	gv_alloc_init(&a1);
	gv_alloc_init(&a2);
	cr_assert_eq(gv_solve(&b1, &o, &a1, &info, &e), GV_OK);
	cr_assert_eq(gv_solve(&b2, &o, &a2, &info, &e), GV_OK);
	cr_assert_eq(gv_alloc_order(&a1, &a2), 0);
	cr_assert_eq(mpz_cmp_ui(a2.value, 628), 0);
	gv_alloc_free(&a1);
	gv_alloc_free(&a2);
	gv_bidset_free(&b1);
	gv_bidset_free(&b2);
}
