/* branch.c: pseudocost branching with product scores for GLPK's tree (formats/allocation.md, "Winner determination") */
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>

#include "alloc.h"
#include "branch.h"
#include "budget.h"
#include "cores.h"

/*
 * Dual simplex iterations measuring a new pseudocost: GLPK's own choice,
 * and the best measured (8, 15, 60 and 200 gave bigger trees or dearer
 * measurements on L6 256/1000 and market 300/5000).
 */
#define SB_ITERATIONS 30

/*
 * One measurement: the loss of fixing column j at v. Its result d is a
 * function of the node and (j, v) alone, whichever lane runs it.
 */
struct gv_branch_task {
	int j;
	double v, d;
};

int
gv_branch_init(struct gv_branch *b, size_t n, unsigned threads)
{
	memset(b, 0, sizeof(*b));
	b->dn_sum = calloc(n + 1, sizeof(double));
	b->up_sum = calloc(n + 1, sizeof(double));
	b->dn_cnt = calloc(n + 1, sizeof(unsigned));
	b->up_cnt = calloc(n + 1, sizeof(unsigned));
	b->task = calloc(2 * n + 1, sizeof(*b->task));
	if (b->dn_sum == NULL || b->up_sum == NULL || b->dn_cnt == NULL ||
	    b->up_cnt == NULL || b->task == NULL) {
		gv_branch_free(b);
		return -1;
	}
	b->n = n;
	b->threads = gv_threads(threads);
	/* GLPK without thread local storage has one global state */
	if (glp_config("TLS") == NULL)
		b->threads = 1;
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
	free(b->task);
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

/* The measurements of one node, shared by its lanes (P is only read). */
struct job {
	glp_prob *P;
	const struct gv_budget *budget;	/* or NULL */
	const int *rstat, *cstat;	/* P's basis */
	struct gv_branch_task *t;
	size_t nt;
	atomic_size_t next;	/* the next task to take */
	atomic_size_t done;	/* tasks measured */
	atomic_int failed;	/* a lane could not finish its tasks */
};

/*
 * The loss of fixing column j of P at v, from at most SB_ITERATIONS dual
 * simplex iterations on lp (P's copy, its basis restored afterwards), as
 * GLPK measures it: DBL_MAX when infeasible, 0 when not dual feasible.
 */
static double
degrad(const struct job *jb, glp_prob *lp, int j, double v)
{
	glp_prob *P = jb->P;
	glp_smcp parm;
	double d = 0.0, z0 = glp_get_obj_val(P);
	int i, m = glp_get_num_rows(lp), n = glp_get_num_cols(lp), ret;

	glp_set_col_bnds(lp, j, GLP_FX, v, v);
	/*
	 * Factorize afresh: a basis left as found after a run (no iteration,
	 * or back to it) would keep that run's updated factors, and the
	 * result would depend on which measurements the lane made before.
	 */
	for (i = 1; i <= m && jb->rstat[i] != GLP_BS; i++)
		;
	if (i <= m) {
		glp_set_row_stat(lp, i, GLP_NL);
		glp_set_row_stat(lp, i, GLP_BS);
	} else if (m > 0) {
		for (i = 1; i <= n && jb->cstat[i] != GLP_BS; i++)
			;
		if (i <= n) {
			glp_set_col_stat(lp, i, GLP_NL);
			glp_set_col_stat(lp, i, GLP_BS);
		}
	}
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.meth = GLP_DUAL;
	parm.it_lim = SB_ITERATIONS;
	parm.out_dly = 1000;
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
		glp_set_row_stat(lp, i, jb->rstat[i]);
	for (i = 1; i <= n; i++)
		glp_set_col_stat(lp, i, jb->cstat[i]);
	return d;
}

/* A lane: its own copy of P, tasks taken one at a time until none is left. */
static void
lane(struct job *jb)
{
	glp_prob *lp = glp_create_prob();
	size_t k;

	glp_copy_prob(lp, jb->P, GLP_OFF);
	while ((k = atomic_fetch_add(&jb->next, 1)) < jb->nt) {
		/* a node's measurements can take a second: the run may end first */
		if (gv_budget_stop(jb->budget) != GV_STOP_COMPLETE) {
			atomic_store(&jb->failed, 1);
			break;
		}
		jb->t[k].d = degrad(jb, lp, jb->t[k].j, jb->t[k].v);
		atomic_fetch_add(&jb->done, 1);
	}
	glp_delete_prob(lp);
}

/*
 * A lane on a thread of its own, with its own GLPK environment (thread
 * local): a GLPK error there ends the lane, not the process, and the
 * node is then left to GLPK's rule.
 */
static _Thread_local jmp_buf lane_jmp;

static void
lane_error(void *info)
{
	(void)info;
	longjmp(lane_jmp, 1);
}

static void *
lane_main(void *arg)
{
	struct job *jb = arg;

	glp_error_hook(lane_error, NULL);
	if (setjmp(lane_jmp) == 0)
		lane(jb);
	else
		atomic_store(&jb->failed, 1);
	glp_free_env();
	return NULL;
}

/*
 * Run the node's measurements on up to b->threads lanes. With more than
 * one, every lane is a thread of its own: the caller's GLPK error hook
 * (solve.c) leaves by longjmp, which must not happen while other lanes
 * still read P. Returns 0, or -1 when a lane failed.
 */
static int
measure(struct gv_branch *b, glp_prob *P, struct gv_branch_task *t,
    size_t nt)
{
	struct job jb;
	pthread_t tid[GV_MAX_THREADS];
	unsigned lanes = b->threads, k, started = 0;
	int i, m = glp_get_num_rows(P), n = glp_get_num_cols(P);

	free(b->rstat);
	free(b->cstat);
	b->rstat = malloc((size_t)(m + 1) * sizeof(int));
	b->cstat = malloc((size_t)(n + 1) * sizeof(int));
	if (b->rstat == NULL || b->cstat == NULL)
		return -1;
	for (i = 1; i <= m; i++)
		b->rstat[i] = glp_get_row_stat(P, i);
	for (i = 1; i <= n; i++)
		b->cstat[i] = glp_get_col_stat(P, i);
	jb.P = P;
	jb.budget = b->budget;
	jb.rstat = b->rstat;
	jb.cstat = b->cstat;
	jb.t = t;
	jb.nt = nt;
	atomic_init(&jb.next, 0);
	atomic_init(&jb.failed, 0);
	atomic_init(&jb.done, 0);
	if (lanes > nt)
		lanes = (unsigned)nt;
	if (lanes <= 1) {
		lane(&jb);
		b->evals += atomic_load(&jb.done);
		return atomic_load(&jb.failed) ? -1 : 0;
	}
	for (k = 0; k < lanes; k++) {
		if (gv_thread_start(&tid[k], lane_main, &jb) != 0)
			break;
		started++;
	}
	if (started == 0) {
		lane(&jb);
		b->evals += atomic_load(&jb.done);
		return atomic_load(&jb.failed) ? -1 : 0;
	}
	b->parallel++;
	for (k = 0; k < started; k++)
		pthread_join(tid[k], NULL);
	b->evals += atomic_load(&jb.done);
	return atomic_load(&jb.failed) ? -1 : 0;
}

static double
score(double d1, double d2, double eps)
{
	return (d1 > eps ? d1 : eps) * (d2 > eps ? d2 : eps);
}

int
gv_branch_choose(struct gv_branch *b, glp_tree *tree)
{
	glp_prob *P = glp_ios_get_prob(tree);
	struct gv_branch_node *nd;
	struct gv_branch_task *t = b->task;
	int j, n = glp_get_num_cols(P), best = 0, sel = GLP_NO_BRNCH;
	int settle = 0;
	double z0 = glp_get_obj_val(P), eps, beta, f, d1, d2, sc;
	double bestsc = -1.0;
	size_t nt = 0, k;

	if (b->n == 0 || (size_t)n != b->n)
		return -1;
	observe(b, tree, P);
	/* the losses to measure: each side of a candidate never branched on */
	for (j = 1; j <= n; j++) {
		if (!glp_ios_can_branch(tree, j))
			continue;
		beta = glp_get_col_prim(P, j);
		if (b->dn_cnt[j] == 0) {
			t[nt].j = j;
			t[nt++].v = floor(beta);
		}
		if (b->up_cnt[j] == 0) {
			t[nt].j = j;
			t[nt++].v = ceil(beta);
		}
	}
	if (nt > 0 && measure(b, P, t, nt) != 0)
		return -1;
	/*
	 * In column order, down before up: the first side found infeasible
	 * is settled first (its column branched, the other side first);
	 * every other measurement becomes the column's pseudocost.
	 */
	for (k = 0; k < nt; k++) {
		j = t[k].j;
		beta = glp_get_col_prim(P, j);
		f = beta - floor(beta);
		if (t[k].d == DBL_MAX) {
			if (!settle) {
				settle = 1;
				best = j;
				sel = t[k].v < beta ? GLP_UP_BRNCH :
				    GLP_DN_BRNCH;
			}
		} else if (t[k].v < beta) {
			b->dn_cnt[j] = 1;
			b->dn_sum[j] = t[k].d / f;
		} else {
			b->up_cnt[j] = 1;
			b->up_sum[j] = t[k].d / (1.0 - f);
		}
	}
	/* a loss this small counts as this small: products stay ordered */
	eps = 1e-6 * (1.0 + fabs(z0));
	for (j = 1; !settle && j <= n; j++) {
		if (!glp_ios_can_branch(tree, j) || b->dn_cnt[j] == 0 ||
		    b->up_cnt[j] == 0)
			continue;
		beta = glp_get_col_prim(P, j);
		f = beta - floor(beta);
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
		return -1;
	nd = glp_ios_node_data(tree, glp_ios_curr_node(tree));
	if (nd != NULL) {
		nd->var = best;
		nd->val = glp_get_col_prim(P, best);
		nd->obj = z0;
	}
	glp_ios_branch_upon(tree, best, sel);
	return 0;
}
