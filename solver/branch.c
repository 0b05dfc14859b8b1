/* branch.c: pseudocost branching with product scores for GLPK's tree (formats/allocation.md, "Winner determination") */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>

#include "branch.h"

/*
 * Dual simplex iterations measuring a new pseudocost: GLPK's own choice,
 * and the best measured (8, 15, 60 and 200 gave bigger trees or dearer
 * measurements on L6 256/1000 and market 300/5000).
 */
#define SB_ITERATIONS 30

int
gv_branch_init(struct gv_branch *b, size_t n)
{
	memset(b, 0, sizeof(*b));
	b->dn_sum = calloc(n + 1, sizeof(double));
	b->up_sum = calloc(n + 1, sizeof(double));
	b->dn_cnt = calloc(n + 1, sizeof(unsigned));
	b->up_cnt = calloc(n + 1, sizeof(unsigned));
	if (b->dn_sum == NULL || b->up_sum == NULL || b->dn_cnt == NULL ||
	    b->up_cnt == NULL) {
		gv_branch_free(b);
		return -1;
	}
	b->n = n;
	return 0;
}

void
gv_branch_free(struct gv_branch *b)
{
	free(b->dn_sum);
	free(b->up_sum);
	free(b->dn_cnt);
	free(b->up_cnt);
	free(b->rstat);
	free(b->cstat);
	memset(b, 0, sizeof(*b));
}

/* The current node's loss against its parent, for the parent's variable. */
static void
observe(struct gv_branch *b, glp_tree *tree, glp_prob *P)
{
	int cur = glp_ios_curr_node(tree), par = glp_ios_up_node(tree, cur);
	struct gv_branch_node *nd = glp_ios_node_data(tree, cur), *pd;
	double dx, dz;

	if (nd == NULL || nd->seen || par == 0)
		return;
	nd->seen = 1;
	pd = glp_ios_node_data(tree, par);
	if (pd == NULL || pd->var <= 0 || (size_t)pd->var > b->n)
		return;
	dx = glp_get_col_prim(P, pd->var) - pd->val;
	dz = pd->obj - glp_get_obj_val(P);	/* maximisation: a loss */
	if (dx == 0.0)
		return;
	if (dz < 0.0)
		dz = 0.0;
	if (dx < 0.0) {
		b->dn_cnt[pd->var]++;
		b->dn_sum[pd->var] += dz / -dx;
	} else {
		b->up_cnt[pd->var]++;
		b->up_sum[pd->var] += dz / dx;
	}
}

/*
 * The loss of fixing column j of P at v, from at most SB_ITERATIONS dual
 * simplex iterations on lp (P's copy, its basis restored afterwards), as
 * GLPK measures it: DBL_MAX when infeasible, 0 when not dual feasible.
 */
static double
degrad(struct gv_branch *b, glp_prob *P, glp_prob *lp, int j, double v)
{
	glp_smcp parm;
	double d = 0.0, z0 = glp_get_obj_val(P);
	int i, m = glp_get_num_rows(lp), n = glp_get_num_cols(lp), ret;

	glp_set_col_bnds(lp, j, GLP_FX, v, v);
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.meth = GLP_DUAL;
	parm.it_lim = SB_ITERATIONS;
	parm.out_dly = 1000;
	b->evals++;
	ret = glp_simplex(lp, &parm);
	if (ret == 0 || ret == GLP_EITLIM) {
		if (glp_get_prim_stat(lp) == GLP_NOFEAS)
			d = DBL_MAX;
		else if (glp_get_dual_stat(lp) == GLP_FEAS) {
			d = z0 - glp_get_obj_val(lp);
			if (d < 1e-6 * (1.0 + 0.001 * fabs(z0)))
				d = 0.0;
		}
	}
	glp_set_col_bnds(lp, j, glp_get_col_type(P, j), glp_get_col_lb(P, j),
	    glp_get_col_ub(P, j));
	for (i = 1; i <= m; i++)
		glp_set_row_stat(lp, i, b->rstat[i]);
	for (i = 1; i <= n; i++)
		glp_set_col_stat(lp, i, b->cstat[i]);
	return d;
}

static double
score(double d1, double d2, double eps)
{
	return (d1 > eps ? d1 : eps) * (d2 > eps ? d2 : eps);
}

/* Copy P into *lp (once a node) with its basis saved, for degrad(). */
static int
copy_node(struct gv_branch *b, glp_prob *P, glp_prob **lp)
{
	int i, m = glp_get_num_rows(P), n = glp_get_num_cols(P);

	if (*lp != NULL)
		return 0;
	free(b->rstat);
	free(b->cstat);
	b->rstat = malloc((size_t)(m + 1) * sizeof(int));
	b->cstat = malloc((size_t)(n + 1) * sizeof(int));
	if (b->rstat == NULL || b->cstat == NULL ||
	    (*lp = glp_create_prob()) == NULL)
		return -1;
	glp_copy_prob(*lp, P, GLP_OFF);
	for (i = 1; i <= m; i++)
		b->rstat[i] = glp_get_row_stat(*lp, i);
	for (i = 1; i <= n; i++)
		b->cstat[i] = glp_get_col_stat(*lp, i);
	return 0;
}

int
gv_branch_choose(struct gv_branch *b, glp_tree *tree)
{
	glp_prob *P = glp_ios_get_prob(tree), *lp = NULL;
	struct gv_branch_node *nd;
	int j, n = glp_get_num_cols(P), best = 0, sel = GLP_NO_BRNCH, rc = -1;
	double z0 = glp_get_obj_val(P), eps, beta, f, d, d1, d2, sc;
	double bestsc = -1.0;

	if (b->n == 0 || (size_t)n != b->n)
		return -1;
	observe(b, tree, P);
	/* a loss this small counts as this small: products stay ordered */
	eps = 1e-6 * (1.0 + fabs(z0));
	for (j = 1; j <= n; j++) {
		if (!glp_ios_can_branch(tree, j))
			continue;
		beta = glp_get_col_prim(P, j);
		f = beta - floor(beta);
		if ((b->dn_cnt[j] == 0 || b->up_cnt[j] == 0) &&
		    copy_node(b, P, &lp) != 0)
			goto cleanup;
		if (b->dn_cnt[j] == 0) {
			if ((d = degrad(b, P, lp, j, floor(beta))) == DBL_MAX) {
				/* the down branch is infeasible: settle it first */
				best = j;
				sel = GLP_UP_BRNCH;
				break;
			}
			b->dn_cnt[j] = 1;
			b->dn_sum[j] = d / f;
		}
		if (b->up_cnt[j] == 0) {
			if ((d = degrad(b, P, lp, j, ceil(beta))) == DBL_MAX) {
				best = j;
				sel = GLP_DN_BRNCH;
				break;
			}
			b->up_cnt[j] = 1;
			b->up_sum[j] = d / (1.0 - f);
		}
		d1 = b->dn_sum[j] / b->dn_cnt[j] * f;
		d2 = b->up_sum[j] / b->up_cnt[j] * (1.0 - f);
		sc = score(d1, d2, eps);
		if (sc > bestsc) {
			bestsc = sc;
			best = j;
			/* GLPK's rule: go on with the child that loses less */
			sel = d1 <= d2 ? GLP_DN_BRNCH : GLP_UP_BRNCH;
		}
	}
	if (best == 0)
		goto cleanup;
	nd = glp_ios_node_data(tree, glp_ios_curr_node(tree));
	if (nd != NULL) {
		nd->var = best;
		nd->val = glp_get_col_prim(P, best);
		nd->obj = z0;
	}
	glp_ios_branch_upon(tree, best, sel);
	rc = 0;
cleanup:
	if (lp != NULL)
		glp_delete_prob(lp);
	return rc;
}
