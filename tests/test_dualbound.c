/* test_dualbound.c: the bound from dual prices never cuts off the exhaustive optimum (formats/allocation.md, "Bounds") */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <gmp.h>

#include "brute.h"
#include "dualbound.h"
#include "reduce.h"
#include "testgen.h"
#include "util.h"

/*
 * With the net values as coefficients, the bound is at least the best
 * allocation's net value (exhaustive search), and on most epochs below
 * the sum of all nets (it prices something).
 */
Test(dualbound, never_below_the_exhaustive_optimum, .timeout = 60)
{
	struct gvt_rand p;
	struct gv_bidset bs;
	struct gv_reduced r;
	struct gv_err e = { 0, "" };
	struct gv_budget b;
	size_t k, i, nwin, nodes, tighter = 0, tested = 0;
	double *coef, bound, all;
	mpz_t best;

	mpz_init(best);
	gv_budget_start(&b, 60000, NULL);
	for (k = 0; k < 400; k++) {
		memset(&p, 0, sizeof(p));
		p.seed = 47000 + k;
		p.nrollups = 1 + (unsigned)(k % 14);
		p.nbids = 1 + (unsigned)((k * 7) % 40);
		p.maxb = 1 + (unsigned)(k % 4);
		p.xor_pct = (unsigned)(k % 3) * 25;
		p.zero_pct = (unsigned)(k % 5) * 20;
		p.dup_pct = (unsigned)(k % 4) * 15;
		gvt_load(gvt_random(&p), &bs);
		cr_assert_eq(gv_reduce(&bs, &r, &e), GV_OK);
		gvt_brute_force(&bs, best, &nwin, &nodes);
		for (i = 0; i < bs.nrollups; i++)
			mpz_sub(best, best, bs.rollups[i].reserve);
		cr_assert_not_null(coef = calloc(r.n + 1, sizeof(double)));
		for (i = 0, all = 0; i < r.n; i++)
			all += coef[i] = mpz_get_d(r.net[i]);
		bound = gv_dual_bound(&bs, &r, coef, &b);
		cr_assert(isfinite(bound));
		cr_assert_geq(bound, mpz_get_d(best), "instance %zu: bound %g "
		    "below the optimum %g", k, bound, mpz_get_d(best));
		if (r.n > 1) {
			tested++;
			tighter += bound < all;
		}
		free(coef);
		gv_reduced_free(&r);
		gv_bidset_free(&bs);
	}
	mpz_clear(best);
	cr_log_info("dualbound: below the sum of nets on %zu of %zu epochs",
	    tighter, tested);
	cr_assert_gt(tighter, tested / 2);
}
