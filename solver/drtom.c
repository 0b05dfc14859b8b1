/* drtom.c: GLPK's Driebeck-Tomlin branching choice, stoppable (formats/allocation.md, "gavel-solve") */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "alloc.h"
#include "budget.h"
#include "drtom.h"

/*
 * The most fractional candidate, the first of equals, and its nearer
 * side first: GLPK's fallback when no loss shows.
 */
static int
most_fractional(glp_tree *tree, glp_prob *P, int n, int *sel)
{
	double most = DBL_MAX, x, half;
	int j, best = 0;

	*sel = GLP_NO_BRNCH;
	for (j = 1; j <= n; j++) {
		if (!glp_ios_can_branch(tree, j))
			continue;
		x = glp_get_col_prim(P, j);
		half = floor(x) + 0.5;
		if (fabs(x - half) < most) {
			most = fabs(x - half);
			best = j;
			*sel = x < half ? GLP_DN_BRNCH : GLP_UP_BRNCH;
		}
	}
	return best;
}

/*
 * The objective's change (never an improvement) when column j, basic at
 * x with tableau row (ind, val, len), leaves the basis for floor(x)
 * (side -1) or ceil(x) (side +1): one dual ratio test picks the entering
 * variable k, whose reduced cost times its move is the change. An
 * infeasible side is -DBL_MAX (maximisation) or +DBL_MAX.
 */
static double
side_loss(glp_prob *P, int m, double x, const int *ind, const double *val,
    int len, int side)
{
	int max = glp_get_obj_dir(P) == GLP_MAX, t, k, stat;
	double move, dk;

	t = glp_dual_rtest(P, len, ind, val, side, 1e-9);
	if (t == 0)
		return max ? -DBL_MAX : DBL_MAX;
	k = ind[t];
	/* x's change over the coefficient: k's change in the adjacent basis */
	move = ((side < 0 ? floor(x) : ceil(x)) - x) / val[t];
	/* after Tomlin: an integer column moves by a whole unit at least */
	if (k > m && glp_get_col_kind(P, k - m) != GLP_CV &&
	    fabs(move - floor(move + 0.5)) > 1e-3)
		move = move > 0.0 ? ceil(move) : floor(move);
	if (k <= m) {
		stat = glp_get_row_stat(P, k);
		dk = glp_get_row_dual(P, k);
	} else {
		stat = glp_get_col_stat(P, k - m);
		dk = glp_get_col_dual(P, k - m);
	}
	/* a degenerate basis: a reduced cost of the wrong sign is round-off */
	if (stat == GLP_NF ||
	    (stat == GLP_NL && (max ? dk > 0.0 : dk < 0.0)) ||
	    (stat == GLP_NU && (max ? dk < 0.0 : dk > 0.0)))
		dk = 0.0;
	return dk * move;
}

int
gv_drtom_choose(glp_tree *tree, const struct gv_budget *b)
{
	glp_prob *P = glp_ios_get_prob(tree);
	int m = glp_get_num_rows(P), n = glp_get_num_cols(P);
	int j, len, best = 0, sel = GLP_NO_BRNCH, stop, *ind;
	double x, dn, up, worst = -1.0, *val;

	ind = malloc((size_t)(n + 1) * sizeof(*ind));
	val = malloc((size_t)(n + 1) * sizeof(*val));
	if (ind == NULL || val == NULL) {
		free(ind);
		free(val);
		return -1;
	}
	for (j = 1; j <= n; j++) {
		if (!glp_ios_can_branch(tree, j))
			continue;
		if ((stop = gv_budget_stop(b)) != GV_STOP_COMPLETE) {
			free(ind);
			free(val);
			return stop;
		}
		/* a fractional column is basic: its row of the tableau */
		x = glp_get_col_prim(P, j);
		len = glp_eval_tab_row(P, m + j, ind, val);
		dn = side_loss(P, m, x, ind, val, len, -1);
		up = side_loss(P, m, x, ind, val, len, +1);
		if (worst < fabs(dn) || worst < fabs(up)) {
			best = j;
			if (fabs(dn) < fabs(up)) {
				sel = GLP_DN_BRNCH;
				worst = fabs(up);
			} else {
				sel = GLP_UP_BRNCH;
				worst = fabs(dn);
			}
			if (worst == DBL_MAX)
				break;	/* a side with no solution: no need to look on */
		}
	}
	free(ind);
	free(val);
	if (best == 0)
		return -1;
	if (worst < 1e-6 * (1.0 + 0.001 * fabs(glp_get_obj_val(P))))
		best = most_fractional(tree, P, n, &sel);
	glp_ios_branch_upon(tree, best, sel);
	return 0;
}
