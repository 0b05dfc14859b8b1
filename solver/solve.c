/* solve.c: winner determination with GLPK, exact in GMP (formats/allocation.md, "Winner determination") */
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>

#include "branch.h"
#include "budget.h"
#include "drtom.h"
#include "dualbound.h"
#include "cliquecut.h"
#include "cliques.h"
#include "heuristic.h"
#include "ils.h"
#include "oddcycle.h"
#include "packsearch.h"
#include "reduce.h"
#include "sift.h"
#include "solve.h"

/* Every coefficient and every partial sum below this is exact in a double. */
#define EXACT_LIMIT_BITS 53

/*
 * How often GLPK prints (ms) while it works: its output is where a stop is
 * noticed (term_hook), so this bounds the reaction to a signal in the LP.
 */
#define GLPK_OUT_MS 100
/* Model columns added between two polls of the budget in build(). */
#define BUILD_POLL_COLS 256
/*
 * GLPK's own time limit is the graceful way to stop on time (it keeps its
 * state); term_hook only steps in when GLPK overruns it by this much.
 */
#define TIME_GRACE_MS 300

struct model {
	const struct gv_bidset *bs;
	const struct gv_reduced *red;
	const struct gv_solve_opts *opts;
	double *coef;		/* objective coefficient per kept bid */
	double *greedy;		/* 1-based column values of the greedy start */
	int heur_given;
	int band_search;	/* proving a scaled model: tree bounds are not global */
	int have_bound;
	double bound;		/* best bound seen in the tree, model units */
	int interrupted;
	const struct gv_budget *budget;	/* the run's time limit and signal */
	struct gv_alloc *best;	/* the incumbent, kept outside GLPK */
	struct gv_err *e;
	int cb_rc;		/* GV_INTERNAL when the callback ran out of memory */
	/* search: primal heuristics (heuristic.c); heur.n == 0 when off */
	struct gv_heur heur;
	struct gv_cliquecut cc;	/* clique cuts (cliquecut.c); off when cc.bits == NULL */
	double *heur_x, *heur_lp;	/* n + 1 each */
	glp_iocp *iocp;		/* the branch and bound's parameters (GLPK reads them live) */
	unsigned char *pc_seen;	/* column was a branching candidate before */
	int cut_node, cut_rounds;	/* cut rounds at this node */
	int clique_on;		/* clique cuts still pay at this node */
	double clique_obj;	/* the node's LP objective at the last clique round */
	double pc_est;		/* estimated pseudocost set-up so far, ms */
	struct gv_branch br;	/* search: product-score pseudocosts (branch.c); br.n == 0 when off */
	/*
	 * search: with opts->ils_min_gap, the run's time (budget ms) at which
	 * the gap decides on the local search, 0 once decided; ils_now: it
	 * was large enough, the branch and bound stopped for it.
	 */
	uint64_t ils_at_ms;
	int ils_now;
};

/*
 * Thread local: components.c runs one search per thread (GLPK's own state
 * is thread local too, glp_config("TLS")).
 */
static _Thread_local jmp_buf glpk_jmp;

/* What term_hook needs; set by gv_solve around its GLPK calls. */
static _Thread_local struct {
	int verbose;
	const struct gv_budget *budget;	/* NULL: not inside guarded() */
} hook;

/* setjmp values: GLPK's error hook fired; a stop left GLPK (term_hook). */
#define JMP_GLPK_ERROR 1
#define JMP_STOPPED 2

/*
 * GLPK prints through here, at least every GLPK_OUT_MS while its simplex
 * runs (msg_lev is always GLP_MSG_ON; the text is dropped unless -v). It
 * is the only call GLPK makes back into us during a long LP, root or
 * node, so it is where a signal (or a time limit GLPK overran) is noticed
 * in every GLPK phase: it leaves GLPK by longjmp, and guarded() drops
 * GLPK's state. Nothing is lost: the incumbent lives outside GLPK (the
 * callback copies each new one at GLP_IBINGO), and so does the bound.
 */
static int
term_hook(void *info, const char *s)
{
	const struct gv_budget *b = hook.budget;

	(void)info;
	if (hook.verbose)
		fputs(s, stderr);
	if (b != NULL && (gv_budget_stop(b) == GV_STOP_SIGNAL ||
	    gv_budget_used_ms(b) > b->limit_ms + TIME_GRACE_MS)) {
		hook.budget = NULL;
		longjmp(glpk_jmp, JMP_STOPPED);
	}
	return 1;	/* never let GLPK write to stdout: it may be the output */
}

static void
error_hook(void *info)
{
	(void)info;
	longjmp(glpk_jmp, JMP_GLPK_ERROR);
}

static int consider(const struct gv_bidset *bs, struct gv_alloc *best,
    const size_t *w, size_t n, struct gv_err *e);

/* A new integer solution (GLP_IBINGO): keep it if it beats the incumbent. */
static void
take_solution(struct model *m, glp_tree *tree)
{
	glp_prob *P = glp_ios_get_prob(tree);
	size_t i, nwin = 0, *win;

	if ((win = calloc(m->red->n + 1, sizeof(size_t))) == NULL) {
		m->cb_rc = GV_INTERNAL;
		return;
	}
	for (i = 0; i < m->red->n; i++)
		if (glp_mip_col_val(P, (int)i + 1) > 0.5)
			win[nwin++] = m->red->bid[i];
	if (consider(m->bs, m->best, win, nwin, m->e) != GV_OK)
		m->cb_rc = GV_INTERNAL;
	free(win);
}

/*
 * search: GLPK sets up the pseudocost of each new branching candidate with
 * two LPs of up to 30 dual simplex iterations, on a copy of the problem,
 * without a word to term_hook: about (columns + rows + nonzeros) / 500 ms
 * per candidate, measured on a loaded machine. Branching switches for good
 * to GLPK's default (Driebeck-Tomlin) when the estimated set-up, all nodes
 * so far together, would pass half the time limit, or that of this node a
 * quarter: counts and the limit, not the clock, so that a
 * search that completes is the same on every run. As a safety on a machine
 * slower than the estimate, it switches too when this node's set-up would
 * not fit in the time left (the search then ends by the time limit unless
 * it was about to close). GLPK reads its parameters through the pointer it
 * was given (glp_intopt keeps parm), so the switch takes effect at this
 * very branching; a GLPK that copied them would only ignore it.
 * branch.c measures the same way on one copy per node, not one per LP:
 * about 2,100 elements per ms on one thread on market 300/5000 (611
 * candidates, 1,222 LPs, 2.2 s), counted as 1,000 for a loaded machine
 * (its threads are not counted: the switch must not depend on --threads
 * and the cores may be busy); at 500, a 10 s
 * limit left that epoch to Driebeck-Tomlin and a 0.48% gap, at 1,000 it
 * is proven optimal in 4.1 s.
 */
#define PCOST_ELEMS_PER_MS 500.0
#define PCOST_ELEMS_PER_MS_PRODUCT 1000.0

static void
pcost_guard(struct model *m, glp_tree *tree)
{
	glp_prob *P = glp_ios_get_prob(tree);
	size_t j, fresh = 0;
	double size, est, limit = (double)m->budget->limit_ms;

	if (m->pc_seen == NULL) {
		m->iocp->br_tech = GLP_BR_DTH;
		return;
	}
	for (j = 1; j <= m->red->n; j++)
		if (!m->pc_seen[j] && glp_ios_can_branch(tree, (int)j)) {
			m->pc_seen[j] = 1;
			fresh++;
		}
	size = (double)m->red->n + glp_get_num_rows(P) + glp_get_num_nz(P);
	est = (double)fresh * size / (m->br.n > 0 ?
	    PCOST_ELEMS_PER_MS_PRODUCT : PCOST_ELEMS_PER_MS);
	m->pc_est += est;
	if (m->pc_est > limit / 2 || est > limit / 4 ||
	    est > (double)gv_budget_left_ms(m->budget))
		m->iocp->br_tech = GLP_BR_DTH;
}

/*
 * search: the iterated local search of a second search (ils.h): its seed,
 * the work of one local search after a perturbation (a bound that is
 * hardly reached), and worse results rejected in a row before one is
 * taken. On CATS L2 300/5000 from the greedy start, 3,000 iterations:
 * patience 20 gave 200,351 (then 204,558 and 206,110 after 6,000 and
 * 9,000), 0 gave 193,667, 5 gave 197,430, 50 195,856, 100 199,352 and
 * 1,000 198,301; a second seed at 20 gave 199,775. Perturbing by the best
 * of three random bids, or going back to the best packing after 500
 * iterations without a better one, did worse (198,725 and 197,680 at
 * 9,000).
 */
#define ILS_SEED 1
#define ILS_LS_WORK 50000000ULL
#define ILS_PATIENCE 20

/*
 * search: cuts from the conflict graph, ODD_ROOT_ROUNDS rounds at the root
 * and one at each node down to level ODD_MAX_LEVEL, at most ODD_CUTS per
 * round: clique cuts first (cliquecut.c), odd-cycle cuts (oddcycle.c) in
 * a round that finds no violated clique.
 *
 * Odd cycles (measured on L3, L6, L7 and the market shape: depth 12 beat
 * 0, 3, 6, 8, 16, 24 and every depth; L6 256/1000 is then proven optimal
 * in about 35 s under load, at depth 3 it kept a 3% gap at 60 s). Under
 * the product-score branching of branch.c the trees are smaller and depth
 * 4 pays better (L6 256/1000 seeds 1 and 2: 6.0 s and 16.7 s instead of
 * 9.4 s and 27.4 s at depth 12; market 300/5000: 3.9 s and 6.8 s instead
 * of 5.1 s and 9.1 s; 0, 2, 3, 6, 8 and 20 were slower); a search whose
 * pseudocost set-up grew too dear (pcost_guard: GLPK's Driebeck-Tomlin
 * rule, the big connected epochs) keeps depth 12, which gave the
 * 1,000-rollup, 60,000-bid epoch value 247,038 at 60 s, depth 4 246,689.
 *
 * Cliques, lifted (cliquecut.h), down to CLIQUE_MAX_LEVEL; at the root
 * while the last clique round lowered the LP objective by at least
 * CLIQUE_STALL of it. Measured at 60 s, 2 threads, against no clique
 * cuts (bench-solve, README): CATS L2 300/5000 bound 287,077 ->
 * 273,765 (HiGHS 275,574); market 300/5000 3.8 s -> 1.8 s to optimal
 * (seed 2: 5.5 s -> 1.7 s); L3 256/1000 bound 66,397 -> 66,351 but value
 * 65,905 -> 65,697 (race.c's second search has none); market
 * 1,000/60,000 gap 0.79% -> 0.76%; L6 256/1000 seed 1 5.1-5.8 s ->
 * 4.9-6.9 s, seed 2 17-18 s -> 19-22 s (the one loss). Unlifted cliques
 * did less (L2 276,391; market 300/5000 2.5 s) and cost L6 seed 1 a
 * third more; cliques to depth 0 or 2 instead of 4 were slower on the
 * market shape.
 */
#define ODD_ROOT_ROUNDS 40
#define ODD_MAX_LEVEL 12
#define ODD_MAX_LEVEL_PRODUCT 4
#define ODD_CUTS 100
#define CLIQUE_MAX_LEVEL 4
#define CLIQUE_STALL 1e-4

static void
cut_round(struct model *m, glp_tree *tree)
{
	int p = glp_ios_curr_node(tree), level = glp_ios_node_level(tree, p);
	int k = 0;

	/*
	 * GLPK re-solves the LP after each round without printing (so
	 * without term_hook): no more rounds once the time is up. That only
	 * happens when the search ends by the time limit anyway, so a
	 * completed search does not depend on the clock.
	 */
	if (level > (m->opts->odd_level > 0 ? m->opts->odd_level :
	    m->iocp != NULL && m->iocp->br_tech == GLP_BR_PCH &&
	    m->br.n > 0 ? ODD_MAX_LEVEL_PRODUCT : ODD_MAX_LEVEL) ||
	    gv_budget_stop(m->budget) != GV_STOP_COMPLETE)
		return;
	if (p != m->cut_node) {
		m->cut_node = p;
		m->cut_rounds = 0;
		m->clique_on = 1;
	}
	if (m->cut_rounds >= (level == 0 ? ODD_ROOT_ROUNDS : 1))
		return;
	m->cut_rounds++;
	if (m->clique_on && level <= CLIQUE_MAX_LEVEL &&
	    m->opts->clique_cuts >= 0) {
		double obj = glp_get_obj_val(glp_ios_get_prob(tree));

		/* the objective only falls (maximisation): cuts added since */
		if (m->cut_rounds > 1 &&
		    m->clique_obj - obj < CLIQUE_STALL * fabs(m->clique_obj))
			m->clique_on = 0;
		else
			k = gv_cliquecut_cuts(&m->cc, tree, ODD_CUTS);
		m->clique_obj = obj;
	}
	if (k == 0)
		k = gv_oddcycle_cuts(&m->heur, tree, ODD_CUTS);
	if (k < 0)
		m->cut_rounds = ODD_ROOT_ROUNDS;	/* out of memory: no more here */
}

/* search: a packing (1-based 0/1 over kept bids) joins the candidates. */
static void
take_packing(struct model *m, const double *x)
{
	size_t i, nwin = 0, *win;

	if ((win = calloc(m->red->n + 1, sizeof(size_t))) == NULL) {
		m->cb_rc = GV_INTERNAL;
		return;
	}
	for (i = 0; i < m->red->n; i++)
		if (x[i + 1] > 0.5)
			win[nwin++] = m->red->bid[i];
	if (consider(m->bs, m->best, win, nwin, m->e) != GV_OK)
		m->cb_rc = GV_INTERNAL;
	free(win);
}

static void
callback(glp_tree *tree, void *info)
{
	struct model *m = info;
	int p;

	if (gv_budget_stop(m->budget) == GV_STOP_SIGNAL) {
		m->interrupted = 1;
		glp_ios_terminate(tree);
		return;
	}
	/*
	 * search: the local search or the branch and bound, by the gap then
	 * (not on a new incumbent, which take_solution below must see)
	 */
	if (m->ils_at_ms != 0 && glp_ios_reason(tree) != GLP_IBINGO &&
	    gv_budget_used_ms(m->budget) >= m->ils_at_ms) {
		m->ils_at_ms = 0;
		/* DBL_MAX without an incumbent */
		if (glp_ios_mip_gap(tree) >= m->opts->ils_min_gap) {
			m->ils_now = 1;
			glp_ios_terminate(tree);
			return;
		}
	}
	if (glp_ios_reason(tree) == GLP_IBINGO)
		take_solution(m, tree);
	/* search: clique and odd-cycle cuts near the root */
	if (glp_ios_reason(tree) == GLP_ICUTGEN && m->heur.n > 0 &&
	    !m->band_search)
		cut_round(m, tree);
	/* search: pseudocost branching while its set-up fits the time left */
	if (glp_ios_reason(tree) == GLP_IBRANCH && !m->band_search &&
	    m->iocp != NULL && m->iocp->br_tech == GLP_BR_PCH) {
		pcost_guard(m, tree);
		/* search: product scores (branch.c), GLPK's rule if it fails */
		if (m->iocp->br_tech == GLP_BR_PCH && m->br.n > 0 &&
		    gv_branch_choose(&m->br, tree) != 0 &&
		    gv_budget_stop(m->budget) != GV_STOP_COMPLETE) {
			/* stopped while measuring: not GLPK's measurements now */
			glp_ios_terminate(tree);
			return;
		}
	}
	/*
	 * GLPK's Driebeck-Tomlin rule next (the band search's, or after
	 * pcost_guard): the same choice, made here where the clock and a
	 * signal can stop it (drtom.h). Out of memory: GLPK's own.
	 */
	if (glp_ios_reason(tree) == GLP_IBRANCH && (m->band_search ||
	    (m->iocp != NULL && m->iocp->br_tech == GLP_BR_DTH))) {
		int stop = gv_drtom_choose(tree, m->budget);

		if (stop == GV_STOP_SIGNAL) {
			m->interrupted = 1;
			glp_ios_terminate(tree);
			return;
		}
		if (stop == GV_STOP_TIME_LIMIT) {
			glp_ios_terminate(tree);
			return;
		}
	}
	if (!m->band_search && (p = glp_ios_best_node(tree)) != 0) {
		double b = glp_ios_node_bound(tree, p);

		/* an unsolved node's bound is DBL_MAX: no information */
		if (isfinite(b) && b < 1e300) {
			m->bound = b;
			m->have_bound = 1;
		}
	}
	gv_monitor_tree(m->opts->monitor, tree, m->band_search);
	if (glp_ios_reason(tree) == GLP_IHEUR && !m->heur_given) {
		m->heur_given = 1;
		glp_ios_heur_sol(tree, m->greedy);
	}
	/*
	 * search: LP-guided rounding at the node (heuristic.c); not in the
	 * band search, whose band and no-good rows it does not know
	 */
	if (glp_ios_reason(tree) == GLP_IHEUR && m->heur.n > 0 &&
	    !m->band_search &&
	    gv_heur_node(&m->heur, tree, m->heur_lp, m->heur_x))
		take_packing(m, m->heur_x);
}

struct ranked {
	const __mpz_struct *net;
	size_t i;
};

/* Highest net value first; equal nets in id order. */
static int
rankcmp(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;
	int c = mpz_cmp(b->net, a->net);

	if (c != 0)
		return c;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* Greedy start: kept bids by net value, highest first, while they fit. */
static int
greedy(const struct gv_bidset *bs, const struct gv_reduced *red,
    double *x, size_t *win, size_t *nwin)
{
	struct ranked *ord;
	size_t i, j, n = red->n;
	unsigned char *used, *xused;

	ord = calloc(n ? n : 1, sizeof(*ord));
	used = calloc(bs->nrollups, 1);
	xused = calloc(bs->nxor ? bs->nxor : 1, 1);
	if (!ord || !used || !xused) {
		free(ord);
		free(used);
		free(xused);
		return -1;
	}
	for (i = 0; i < n; i++) {
		ord[i].net = red->net[i];
		ord[i].i = i;
	}
	qsort(ord, n, sizeof(*ord), rankcmp);
	*nwin = 0;
	for (i = 0; i < n; i++) {
		const struct gv_bid *b = &bs->bids[red->bid[ord[i].i]];
		int ok = !(b->xor_group >= 0 && xused[b->xor_group]);

		for (j = 0; ok && j < b->nbundle; j++)
			ok = !used[b->bundle[j]];
		x[ord[i].i + 1] = ok;
		if (!ok)
			continue;
		for (j = 0; j < b->nbundle; j++)
			used[b->bundle[j]] = 1;
		if (b->xor_group >= 0)
			xused[b->xor_group] = 1;
		win[(*nwin)++] = red->bid[ord[i].i];
	}
	free(ord);
	free(used);
	free(xused);
	return 0;
}

/*
 * Coefficients. g is the gcd of the net values; each net' = net/g. When
 * M * sum(net') < 2^53, with M = rollups + 1, the objective M*net' - 1 is
 * exact and also prefers fewer winners among equal values. Otherwise each
 * coefficient is floor(net' / 2^shift) and the proof is only approximate.
 */
static void
coefficients(const struct gv_bidset *bs, const struct gv_reduced *red,
    double *coef, mpz_t g, unsigned *shift, int *exact)
{
	mpz_t sum, t;
	size_t i, bits;

	mpz_inits(sum, t, NULL);
	mpz_set_ui(g, 0);
	for (i = 0; i < red->n; i++)
		mpz_gcd(g, g, red->net[i]);
	if (mpz_sgn(g) == 0)
		mpz_set_ui(g, 1);
	for (i = 0; i < red->n; i++) {
		mpz_divexact(t, red->net[i], g);
		mpz_add(sum, sum, t);
	}
	mpz_mul_ui(sum, sum, (unsigned long)bs->nrollups + 1);
	bits = mpz_sizeinbase(sum, 2);
	*exact = bits < EXACT_LIMIT_BITS;
	*shift = 0;
	if (!*exact) {
		mpz_divexact_ui(sum, sum, (unsigned long)bs->nrollups + 1);
		bits = mpz_sizeinbase(sum, 2);
		*shift = bits > EXACT_LIMIT_BITS - 1 ?
		    (unsigned)(bits - (EXACT_LIMIT_BITS - 1)) : 0;
	}
	for (i = 0; i < red->n; i++) {
		mpz_divexact(t, red->net[i], g);
		if (*exact) {
			mpz_mul_ui(t, t, (unsigned long)bs->nrollups + 1);
			mpz_sub_ui(t, t, 1);
		} else
			mpz_fdiv_q_2exp(t, t, *shift);
		coef[i] = mpz_get_d(t);
	}
	mpz_clears(sum, t, NULL);
}

/*
 * Exact upper bound on the value from a bound beta on the model objective:
 * see formats/allocation.md, "Bounds". Never below value, never above the
 * trivial bound (every kept bid wins).
 */
static void
exact_bound(const struct gv_bidset *bs, const struct gv_reduced *red,
    const mpz_t g, unsigned shift, int exact, double beta,
    const mpz_t value, mpz_t out)
{
	mpz_t B, t, base, trivial;
	unsigned long W = (unsigned long)bs->nrollups, M = W + 1;
	size_t i;

	mpz_inits(B, t, base, trivial, NULL);
	for (i = 0; i < bs->nrollups; i++)
		mpz_add(base, base, bs->rollups[i].reserve);
	mpz_set(trivial, base);
	for (i = 0; i < red->n; i++)
		mpz_add(trivial, trivial, red->net[i]);
	/* LP bounds carry rounding: widen before truncating to an integer. */
	beta += 1e-9 * (1.0 + fabs(beta)) + 1e-6;
	mpz_set_d(B, ceil(beta));
	if (exact) {
		/* M*net' - |x| <= B  =>  net' <= (B + W) / M */
		mpz_add_ui(B, B, W);
		mpz_fdiv_q_ui(B, B, M);
	} else {
		/* net' < 2^shift (c + 1) per winner  =>  net' <= 2^shift B + W (2^shift - 1) */
		mpz_mul_2exp(B, B, shift);
		mpz_set_ui(t, 1);
		mpz_mul_2exp(t, t, shift);
		mpz_sub_ui(t, t, 1);
		mpz_mul_ui(t, t, W);
		mpz_add(B, B, t);
	}
	if (mpz_sgn(B) < 0)
		mpz_set_ui(B, 0);
	mpz_mul(B, B, g);
	mpz_add(out, base, B);
	if (mpz_cmp(out, trivial) > 0)
		mpz_set(out, trivial);
	if (mpz_cmp(out, value) < 0)
		mpz_set(out, value);
	mpz_clears(B, t, base, trivial, NULL);
}

/*
 * The model, one column at a time (glp_set_mat_col gives GLPK the same
 * matrix, in the same order, as one glp_load_matrix would) so that the
 * budget is polled every BUILD_POLL_COLS columns: a big epoch's matrix
 * takes seconds. *stopped is set when the budget ran out or a signal came
 * part way: the model is then incomplete and must not be solved.
 */
static glp_prob *
build(const struct gv_bidset *bs, const struct gv_reduced *red,
    const double *coef, const struct gv_budget *budget, int *stopped)
{
	glp_prob *P = glp_create_prob();
	size_t i, j, *cnt_r, *cnt_x;
	int *ia = NULL, *row_r = NULL, *row_x = NULL, nrows = 0, len;
	double *ar = NULL;

	cnt_r = calloc(bs->nrollups, sizeof(size_t));
	cnt_x = calloc(bs->nxor ? bs->nxor : 1, sizeof(size_t));
	row_r = calloc(bs->nrollups, sizeof(int));
	row_x = calloc(bs->nxor ? bs->nxor : 1, sizeof(int));
	if (!cnt_r || !cnt_x || !row_r || !row_x)
		goto fail;
	glp_set_obj_dir(P, GLP_MAX);
	for (i = 0; i < red->n; i++) {
		const struct gv_bid *b = &bs->bids[red->bid[i]];

		for (j = 0; j < b->nbundle; j++)
			cnt_r[b->bundle[j]]++;
		if (b->xor_group >= 0)
			cnt_x[b->xor_group]++;
	}
	/* A row for each rollup or XOR group that two kept bids share. */
	for (i = 0; i < bs->nrollups; i++)
		if (cnt_r[i] > 1)
			row_r[i] = ++nrows;
	for (i = 0; i < bs->nxor; i++)
		if (cnt_x[i] > 1)
			row_x[i] = ++nrows;
	if (nrows > 0)
		glp_add_rows(P, nrows);
	for (i = 1; i <= (size_t)nrows; i++)
		glp_set_row_bnds(P, (int)i, GLP_UP, 0.0, 1.0);
	if (red->n > 0)
		glp_add_cols(P, (int)red->n);
	/* one column's rows: its bundle and its XOR group */
	ia = calloc(GV_MAX_BUNDLE + 2, sizeof(int));
	ar = calloc(GV_MAX_BUNDLE + 2, sizeof(double));
	if (!ia || !ar)
		goto fail;
	*stopped = 0;
	for (i = 0; i < red->n; i++) {
		const struct gv_bid *b = &bs->bids[red->bid[i]];
		int col = (int)i + 1;

		if (i % BUILD_POLL_COLS == 0 &&
		    gv_budget_stop(budget) != GV_STOP_COMPLETE) {
			*stopped = 1;
			break;
		}
		glp_set_col_kind(P, col, GLP_BV);
		glp_set_obj_coef(P, col, coef[i]);
		len = 0;
		for (j = 0; j < b->nbundle; j++)
			if (row_r[b->bundle[j]]) {
				len++;
				ia[len] = row_r[b->bundle[j]];
				ar[len] = 1.0;
			}
		if (b->xor_group >= 0 && row_x[b->xor_group]) {
			len++;
			ia[len] = row_x[b->xor_group];
			ar[len] = 1.0;
		}
		if (len > 0)
			glp_set_mat_col(P, col, len, ia, ar);
	}
	goto cleanup;
fail:
	glp_delete_prob(P);
	P = NULL;
cleanup:
	free(cnt_r);
	free(cnt_x);
	free(row_r);
	free(row_x);
	free(ia);
	free(ar);
	return P;
}

/* Keep the better of a and the allocation with winners w (tie rule). */
static int
consider(const struct gv_bidset *bs, struct gv_alloc *best, const size_t *w,
    size_t n, struct gv_err *e)
{
	struct gv_alloc c;
	int rc;

	gv_alloc_init(&c);
	if ((rc = gv_alloc_compute(bs, w, n, &c, "solver", e)) == GV_OK &&
	    (best->nrollups == 0 || gv_alloc_order(&c, best) < 0)) {
		rc = gv_alloc_compute(bs, w, n, best, "solver", e);
	}
	gv_alloc_free(&c);
	return rc;
}

/*
 * A challenger's warm start (solver/challenger.c): the allocation to beat
 * joins the candidates and, when it is the incumbent and all its bids
 * survived the reductions, replaces the greedy start handed to GLPK.
 */
static int
warm_start(const struct gv_bidset *bs, const struct gv_reduced *red,
    const size_t *start, size_t n, struct gv_alloc *a, double *x,
    struct gv_err *e)
{
	size_t i, k = 0;
	int rc;

	if ((rc = consider(bs, a, start, n, e)) != GV_OK)
		return rc;
	if (a->nwinners != n || (n > 0 &&
	    memcmp(a->winners, start, n * sizeof(size_t)) != 0))
		return GV_OK;	/* the greedy start is better */
	for (i = 0; i < red->n && k < n; i++)
		if (red->bid[i] == start[k])
			k++;
	if (k < n)
		return GV_OK;	/* a bid of it was reduced away */
	for (i = 0, k = 0; i < red->n; i++) {
		int in = k < n && red->bid[i] == start[k];

		x[i + 1] = in;
		k += (size_t)in;
	}
	return GV_OK;
}

/* The GLPK part of a solve; state lives in memory, so a longjmp loses none. */
struct phase {
	struct model *m;
	struct gv_alloc *a;
	int exact;
	size_t *win;
	struct gv_err *e;
	glp_prob *P;
	const mpz_t *g;
	unsigned shift;
	/*
	 * prove_band's buffers live here, not on its stack: term_hook may
	 * longjmp out of it, and guarded() then frees them.
	 */
	mpz_t band_v, band_t;
	int *band_ind;
	double *band_val;
	size_t *band_last;
	struct gv_sift_ws sift;	/* sift.h, for the same reason */
};

/* GLPK's time limit argument: the budget's time left, in int range, at least 1 ms. */
static int
tm_lim(const struct gv_budget *b)
{
	uint64_t left = gv_budget_left_ms(b);

	if (left == 0)
		return 1;
	return left > (uint64_t)INT32_MAX ? INT32_MAX : (int)left;
}

/*
 * Sifting pays when columns outnumber rows by far on a big model: the
 * connected 100,000-bid epoch (18,281 columns, 2,601 rows) has its LP in
 * 6.4 s instead of 16.2 s. At 10,000 columns (60,000 bids) the plain LP
 * takes about a second and sifting saved a fraction of it while sending
 * the search down another path (better on one seed, worse on two): not
 * worth a change of behaviour there.
 */
#define SIFT_AUTO_COLS 15000
#define SIFT_AUTO_RATIO 4

/* Whether run_glpk solves P's LP relaxation by sifting (gv_solve_opts.sift). */
static int
use_sift(const struct gv_solve_opts *o, glp_prob *P)
{
	int n = glp_get_num_cols(P), m = glp_get_num_rows(P);

	if (o->sift != 0)
		return o->sift > 0;
	return n >= SIFT_AUTO_COLS && n >= SIFT_AUTO_RATIO * m;
}

/* Most rounds of the band search before it gives up proving (status stays feasible). */
#define BAND_ROUNDS 64

/*
 * Forbid exactly the allocation with winners w (bid indices, ascending):
 * sum over its columns of (1 - x) plus sum over the others of x >= 1.
 */
static int
add_nogood(glp_prob *P, const struct gv_reduced *red, const size_t *w,
    size_t nw)
{
	int *ind, row, len = 0;
	double *val;
	size_t i, k = 0;

	ind = calloc(red->n + 1, sizeof(int));
	val = calloc(red->n + 1, sizeof(double));
	if (!ind || !val) {
		free(ind);
		free(val);
		return -1;
	}
	for (i = 0; i < red->n; i++) {
		int in = k < nw && w[k] == red->bid[i];

		k += in;
		ind[++len] = (int)i + 1;
		val[len] = in ? -1.0 : 1.0;
	}
	row = glp_add_rows(P, 1);
	glp_set_mat_row(P, row, len, ind, val);
	glp_set_row_bnds(P, row, GLP_LO, 1.0 - (double)nw, 0.0);
	free(ind);
	free(val);
	return 0;
}

/*
 * The scaled model understates each net' by less than 2^shift, so a better
 * allocation than the incumbent (exact value V) has a scaled objective of
 * at least c_lo = ceil((V - W (2^shift - 1)) / 2^shift), V in units of g.
 * Enumerate every allocation in that band (no-good cuts); when none is
 * left, the incumbent is optimal. Returns 1 proven; 0 not proven after
 * BAND_ROUNDS rounds or a GLPK failure (the same on every run); 2 stopped
 * by the time limit, 3 by a signal; -1 out of memory.
 */
static int
prove_band(struct phase *ph, glp_prob *P)
{
	struct model *mm = ph->m;
	const struct gv_bidset *bs = mm->bs;
	const struct gv_reduced *red = mm->red;
	struct gv_alloc *a = ph->a;
	glp_smcp smcp;
	glp_iocp iocp;
	__mpz_struct *v = ph->band_v, *t = ph->band_t;
	size_t i, nwin, *last, nlast;
	int *ind, band, round, ret, proven = 0, stop;
	double *val;

	ind = ph->band_ind = calloc(red->n + 1, sizeof(int));
	val = ph->band_val = calloc(red->n + 1, sizeof(double));
	last = ph->band_last = calloc(bs->nrollups + 1, sizeof(size_t));
	if (!ind || !val || !last) {
		proven = -1;
		goto cleanup;
	}
	for (i = 0; i < red->n; i++) {
		ind[i + 1] = (int)i + 1;
		val[i + 1] = mm->coef[i];
	}
	band = glp_add_rows(P, 1);
	glp_set_mat_row(P, band, (int)red->n, ind, val);
	memcpy(last, a->winners, a->nwinners * sizeof(size_t));
	nlast = a->nwinners;
	mm->band_search = 1;
	for (round = 0; round < BAND_ROUNDS; round++) {
		if ((stop = gv_budget_stop(mm->budget)) != GV_STOP_COMPLETE) {
			proven = stop == GV_STOP_SIGNAL ? 3 : 2;
			break;
		}
		/* v = net'(incumbent) = (value - sum of reserves) / g */
		mpz_set(v, a->value);
		for (i = 0; i < bs->nrollups; i++)
			mpz_sub(v, v, bs->rollups[i].reserve);
		mpz_divexact(v, v, *ph->g);
		mpz_set_ui(t, 1);
		mpz_mul_2exp(t, t, ph->shift);
		mpz_sub_ui(t, t, 1);
		mpz_mul_ui(t, t, (unsigned long)bs->nrollups);
		mpz_sub(v, v, t);
		mpz_cdiv_q_2exp(v, v, ph->shift);
		glp_set_row_bnds(P, band, GLP_LO, mpz_get_d(v), 0.0);
		if (add_nogood(P, red, last, nlast) != 0) {
			proven = -1;
			goto cleanup;
		}
		glp_init_smcp(&smcp);
		smcp.msg_lev = GLP_MSG_ON;	/* for term_hook, see there */
		smcp.out_frq = GLPK_OUT_MS;
		smcp.tm_lim = tm_lim(mm->budget);
		ret = glp_simplex(P, &smcp);
		if (ret == 0 && glp_get_status(P) == GLP_NOFEAS) {
			proven = 1;
			break;
		}
		if (ret == GLP_ETMLIM) {
			proven = 2;
			break;
		}
		if (ret != 0 || glp_get_status(P) != GLP_OPT)
			break;
		glp_init_iocp(&iocp);
		iocp.msg_lev = smcp.msg_lev;
		iocp.out_frq = GLPK_OUT_MS;
		iocp.out_dly = 0;
		iocp.cb_func = callback;
		iocp.cb_info = mm;
		iocp.tm_lim = tm_lim(mm->budget);
		ret = glp_intopt(P, &iocp);
		if (ret == 0 && glp_mip_status(P) == GLP_NOFEAS) {
			proven = 1;
			break;
		}
		if (ret == GLP_ETMLIM || ret == GLP_ESTOP) {
			proven = mm->interrupted ? 3 : 2;
			break;
		}
		if (ret != 0 || glp_mip_status(P) != GLP_OPT)
			break;
		nwin = 0;
		for (i = 0; i < red->n; i++)
			if (glp_mip_col_val(P, (int)i + 1) > 0.5)
				last[nwin++] = red->bid[i];
		nlast = nwin;
		if (consider(bs, a, last, nlast, ph->e) != GV_OK) {
			proven = -1;
			goto cleanup;
		}
	}
cleanup:
	mm->band_search = 0;
	return proven;
}

/*
 * search: an iterated local search (ils.h) from GLPK's incumbent, or the
 * heuristic start, until the run's time is up; its packing joins the
 * candidates.
 */
static int
local_search_end(struct model *mm, struct phase *ph, glp_prob *P, int st)
{
	const struct gv_reduced *red = mm->red;
	struct gv_ils_opts io;
	size_t i, nwin = 0, n = red->n;
	double *x = mm->heur_lp;

	for (i = 0; i < n; i++)
		x[i + 1] = st == GLP_OPT || st == GLP_FEAS ?
		    (glp_mip_col_val(P, (int)i + 1) > 0.5) : mm->greedy[i + 1];
	memset(&io, 0, sizeof(io));
	io.seed = ILS_SEED;
	io.iterations = SIZE_MAX;
	io.work = UINT64_MAX;
	io.ls_work = ILS_LS_WORK;
	io.patience = ILS_PATIENCE;
	io.budget = mm->budget;
	gv_phase(mm->opts->verbose, "local search from the %s for the rest "
	    "of the time", st == GLP_OPT || st == GLP_FEAS ?
	    "branch and bound's incumbent" : "greedy start");
	if (gv_ils(&mm->heur, x, &io) < 0)
		return GV_OK;	/* out of memory: no local search, that is all */
	for (i = 0; i < n; i++)
		if (x[i + 1] > 0.5)
			ph->win[nwin++] = red->bid[i];
	return consider(mm->bs, ph->a, ph->win, nwin, ph->e);
}

static int
run_glpk(struct phase *ph)
{
	struct model *mm = ph->m;
	const struct gv_bidset *bs = mm->bs;
	const struct gv_reduced *red = mm->red;
	struct gv_alloc *a = ph->a;
	struct gv_err *e = ph->e;
	glp_prob *P;
	glp_smcp smcp;
	glp_iocp iocp;
	size_t i, nwin;
	double sum;
	int ret, st, rc, stopped;
	uint64_t ils_ms = 0;
	gv_phase(mm->opts->verbose, "building the model (%zu bids)", red->n);
	if ((P = ph->P = build(bs, red, mm->coef, mm->budget, &stopped)) ==
	    NULL)
		return gv_err_set(e, GV_INTERNAL, bs->doc, NULL,
		    "out of memory building the model");
	if (stopped) {
		a->stop = gv_budget_stop(mm->budget);
		return GV_OK;
	}
	/* search: packing rows extended to larger cliques (cliques.c) */
	if (mm->heur.n > 0) {
		long k = gv_cliques_extend(P, &mm->cc);

		gv_phase(mm->opts->verbose, "clique rows: %ld entries added", k);
	}
	glp_init_smcp(&smcp);
	smcp.msg_lev = GLP_MSG_ON;	/* for term_hook, see there */
	smcp.out_frq = GLPK_OUT_MS;
	smcp.tm_lim = tm_lim(mm->budget);
	if (use_sift(mm->opts, P)) {
		struct gv_sift_stats ss;

		gv_phase(mm->opts->verbose, "solving the LP relaxation by sifting");
		ret = gv_sift(P, mm->greedy, &smcp, &ph->sift, &ss);
		gv_phase(mm->opts->verbose, "sifting: %zu columns first, %zu priced in, %d rounds%s",
		    ss.first, ss.added, ss.rounds, ss.plain ? " (out of memory: plain)" : "");
	} else {
		gv_phase(mm->opts->verbose, "solving the LP relaxation");
		ret = glp_simplex(P, &smcp);
	}
	if (ret == GLP_ETMLIM || gv_budget_stop(mm->budget) == GV_STOP_SIGNAL) {
		a->stop = gv_budget_stop(mm->budget) == GV_STOP_SIGNAL ?
		    GV_STOP_SIGNAL : GV_STOP_TIME_LIMIT;
		return GV_OK;
	}
	if (ret != 0 || glp_get_status(P) != GLP_OPT)
		return gv_err_set(e, GV_INTERNAL, bs->doc, NULL,
		    "GLPK could not solve the LP relaxation (code %d)", ret);
	mm->bound = glp_get_obj_val(P);
	mm->have_bound = 1;
	glp_init_iocp(&iocp);
	iocp.msg_lev = GLP_MSG_ON;	/* for term_hook, see there */
	iocp.out_frq = GLPK_OUT_MS;
	iocp.out_dly = 0;
	iocp.cb_func = callback;
	iocp.cb_info = mm;
	iocp.mip_gap = 0.0;
	/*
	 * GLPK prunes a node whose bound is within tol_obj * (1 + |incumbent|)
	 * of the incumbent; the default 1e-7 would drop improvements of 10^8
	 * units on objectives near 2^52. GLPK refuses 0; a quarter unit over
	 * the largest objective possible keeps pruning exact up to the LP's
	 * own rounding, since coefficients are integers.
	 */
	for (i = 0, sum = 0.0; i < red->n; i++)
		sum += mm->coef[i] > 0 ? mm->coef[i] : 0;
	iocp.tol_obj = 0.25 / (1.0 + sum);
	iocp.br_tech = GLP_BR_PCH;	/* search: hybrid pseudocost branching */
	iocp.cb_size = sizeof(struct gv_branch_node);	/* branch.c */
	/* out of memory: GLPK's own pseudocost rule */
	if (mm->opts->branch >= 0 && mm->br.n == 0 &&
	    gv_branch_init(&mm->br, red->n, mm->opts->threads) == 0)
		mm->br.budget = mm->budget;
	mm->iocp = &iocp;	/* search: pcost_guard */

	iocp.tm_lim = tm_lim(mm->budget);
	/* search: the last part of the time to a local search (race.c) */
	if (mm->opts->ils_part > 0 && mm->heur.n > 0) {
		ils_ms = gv_budget_left_ms(mm->budget) / mm->opts->ils_part;
		if ((uint64_t)iocp.tm_lim <= ils_ms + 1)
			ils_ms = 0;
		else if (mm->opts->ils_min_gap > 0)
			mm->ils_at_ms = gv_budget_used_ms(mm->budget) +
			    (uint64_t)iocp.tm_lim - ils_ms;
		else
			iocp.tm_lim -= (int)ils_ms;
	}
	gv_phase(mm->opts->verbose, "branch and bound");
	if (mm->opts->searching != NULL)
		*mm->opts->searching = 1;	/* race.c */
	ret = glp_intopt(P, &iocp);
	st = glp_mip_status(P);
	mm->iocp = NULL;
	mm->ils_at_ms = 0;
	if (mm->br.n > 0)
		gv_phase(mm->opts->verbose, "branching: %zu new pseudocosts "
		    "measured%s", mm->br.evals, iocp.br_tech == GLP_BR_DTH ?
		    "; then GLPK's Driebeck-Tomlin rule (pseudocost set-up too "
		    "dear for the time limit)" : "");
	if (mm->cb_rc != GV_OK)
		return mm->cb_rc;
	if (ret != 0 && ret != GLP_ETMLIM && ret != GLP_ESTOP)
		return gv_err_set(e, GV_INTERNAL, bs->doc, NULL,
		    "GLPK's branch and bound failed (code %d)", ret);
	if (st == GLP_OPT || st == GLP_FEAS) {
		nwin = 0;
		for (i = 0; i < red->n; i++)
			if (glp_mip_col_val(P, (int)i + 1) > 0.5)
				ph->win[nwin++] = red->bid[i];
		if ((rc = consider(bs, a, ph->win, nwin, e)) != GV_OK)
			return rc;
	}
	if (ils_ms > 0 && (mm->opts->ils_min_gap > 0 ?
	    ret == GLP_ESTOP && mm->ils_now : ret == GLP_ETMLIM) &&
	    gv_budget_stop(mm->budget) == GV_STOP_COMPLETE &&
	    (rc = local_search_end(mm, ph, P, st)) != GV_OK)
		return rc;
	if (ret == 0 && st == GLP_OPT) {
		/* The tree closed: the bound is the optimum of the model. */
		mm->bound = glp_mip_obj_val(P);
		mm->have_bound = 1;
		if (ph->exact) {
			a->status = GV_ST_OPTIMAL;
			mpz_set(a->bound, a->value);
		} else {
			rc = prove_band(ph, P);
			if (rc < 0)
				return gv_err_set(e, GV_INTERNAL, bs->doc, NULL,
				    "out of memory proving the scaled model");
			if (rc == 1) {
				a->status = GV_ST_OPTIMAL;
				mpz_set(a->bound, a->value);
			} else if (rc >= 2)
				a->stop = rc == 3 ? GV_STOP_SIGNAL :
				    GV_STOP_TIME_LIMIT;
		}
	} else
		/*
		 * GLP_ESTOP: a signal, the limit reached in a branching choice
		 * (branch.c, drtom.c), or the local search's turn (ils_now)
		 */
		a->stop = mm->interrupted ||
		    gv_budget_stop(mm->budget) == GV_STOP_SIGNAL ?
		    GV_STOP_SIGNAL : GV_STOP_TIME_LIMIT;
	return GV_OK;
}

static int
guarded(struct phase *ph)
{
	volatile int rc = GV_OK;
	int jmp;

	ph->P = NULL;
	ph->band_ind = NULL;
	ph->band_val = NULL;
	ph->band_last = NULL;
	memset(&ph->sift, 0, sizeof(ph->sift));
	mpz_inits(ph->band_v, ph->band_t, NULL);
	if ((jmp = setjmp(glpk_jmp)) != 0) {
		/* GLPK's state is undefined after a longjmp: drop it all. */
		glp_free_env();
		ph->P = NULL;
		ph->m->band_search = 0;
		if (jmp == JMP_STOPPED) {
			/* term_hook: the incumbent and bound are ours */
			ph->a->stop = gv_budget_stop(ph->m->budget) ==
			    GV_STOP_SIGNAL ? GV_STOP_SIGNAL :
			    GV_STOP_TIME_LIMIT;
			ph->a->status = GV_ST_FEASIBLE;
			rc = ph->m->cb_rc;
		} else
			rc = gv_err_set(ph->e, GV_INTERNAL, ph->m->bs->doc,
			    NULL, "GLPK failed internally");
		goto cleanup;
	}
	hook.budget = ph->m->budget;
	rc = run_glpk(ph);
cleanup:
	hook.budget = NULL;
	if (ph->P != NULL)
		glp_delete_prob(ph->P);
	ph->P = NULL;
	mpz_clears(ph->band_v, ph->band_t, NULL);
	free(ph->band_ind);
	free(ph->band_val);
	free(ph->band_last);
	gv_sift_free(&ph->sift);
	return rc;
}

/*
 * search: the best of the heuristic packings (heuristic.c) and of the
 * start polished by local search joins the candidates, and replaces the
 * start handed to GLPK when its objective is higher. Sets up m->heur for
 * the callback's rounding; a heuristic out of memory is simply off.
 */
static int
heur_start(struct model *m)
{
	size_t i, n = m->red->n;
	double v0 = 0.0, v, w, *y;
	int rc;

	if (n == 0)
		return GV_OK;
	m->pc_seen = calloc(n + 1, 1);
	m->heur_x = calloc(n + 1, sizeof(double));
	m->heur_lp = calloc(n + 1, sizeof(double));
	if (m->heur_x == NULL || m->heur_lp == NULL ||
	    gv_heur_init(&m->heur, m->bs, m->red, m->coef) != 0)
		return GV_OK;
	m->heur.budget = m->budget;
	/* too big for its bit sets or out of memory: no clique cuts, that is all */
	(void)gv_cliquecut_init(&m->cc, &m->heur);
	y = m->heur_lp;
	for (i = 0; i <= n; i++) {
		y[i] = m->greedy[i];
		v0 += i > 0 && m->greedy[i] > 0.5 ? m->coef[i - 1] : 0.0;
	}
	w = gv_heur_improve(&m->heur, y);
	v = gv_heur_start(&m->heur, m->heur_x);
	if (w > v) {
		memcpy(m->heur_x, y, (n + 1) * sizeof(double));
		v = w;
	}
	gv_phase(m->opts->verbose, "heuristic start: objective %.0f, greedy %.0f", v, v0);
	if (v <= v0)
		return GV_OK;
	memcpy(m->greedy, m->heur_x, (n + 1) * sizeof(double));
	take_packing(m, m->greedy);
	rc = m->cb_rc;
	return rc;
}

/*
 * Epochs whose packings have few winners (large bundles: CATS L7) have
 * weak LP relaxations and small search trees over packings: there the
 * exact search over packings proves the optimum long before GLPK does.
 */
#define PACK_FEW_WINNERS 16

/*
 * search: the exact search over packings (packsearch.h), when o->pack
 * and the model allow. Returns 1 when it proved the incumbent (now at
 * least as good as every packing) optimal, else 0; its best packing
 * joins the candidates and becomes GLPK's start. GV_INTERNAL (negative)
 * when the candidate could not be evaluated.
 */
static int
pack_first(struct model *m, int exact)
{
	size_t i, n = m->red->n, nwin = 0;
	double obj = 0.0, *x;
	int rc, found;

	if (!exact || m->opts->pack < 0 || m->heur.n == 0 ||
	    n > GV_PACK_MAX_BIDS)
		return 0;
	for (i = 1; i <= n; i++)
		if (m->greedy[i] > 0.5) {
			nwin++;
			obj += m->coef[i - 1];
		}
	if (m->opts->pack == 0 && nwin > PACK_FEW_WINNERS)
		return 0;
	if ((x = calloc(n + 1, sizeof(double))) == NULL)
		return 0;
	rc = gv_pack_search(&m->heur, x, obj, 0, m->budget, &found);
	gv_phase(m->opts->verbose, "search over packings: %s%s",
	    rc == GV_PACK_DONE ? "complete" : rc == GV_PACK_GAVE_UP ?
	    "gave up (work or depth limit)" : rc == GV_PACK_STOPPED ?
	    "stopped" : "skipped", found ? ", a better packing found" : "");
	if (found) {
		memcpy(m->greedy, x, (n + 1) * sizeof(double));
		take_packing(m, x);
	}
	free(x);
	if (m->cb_rc != GV_OK)
		return -1;
	return rc == GV_PACK_DONE;
}

static int solve_core(const struct gv_bidset *bs,
    const struct gv_solve_opts *o, const struct gv_budget *bud,
    const size_t *start, size_t nstart, struct gv_alloc *a,
    struct gv_solve_info *info, struct gv_err *e);

int
gv_solve(const struct gv_bidset *bs, const struct gv_solve_opts *o,
    struct gv_alloc *a, struct gv_solve_info *info, struct gv_err *e)
{
	struct gv_budget b;

	gv_budget_start(&b, o->time_limit_ms, o->interrupt);
	return solve_core(bs, o, &b, NULL, 0, a, info, e);
}

int
gv_solve_within(const struct gv_bidset *bs, const struct gv_solve_opts *o,
    const struct gv_budget *bud, struct gv_alloc *a,
    struct gv_solve_info *info, struct gv_err *e)
{
	return solve_core(bs, o, bud, NULL, 0, a, info, e);
}

int
gv_solve_from(const struct gv_bidset *bs, const struct gv_solve_opts *o,
    const size_t *start, size_t nstart, struct gv_alloc *a,
    struct gv_solve_info *info, struct gv_err *e)
{
	struct gv_budget b;

	gv_budget_start(&b, o->time_limit_ms, o->interrupt);
	return solve_core(bs, o, &b, start, nstart, a, info, e);
}

/*
 * The search itself: within bud, warm-started from start (n bid indices,
 * or NULL) when given.
 */
static int
solve_core(const struct gv_bidset *bs, const struct gv_solve_opts *o,
    const struct gv_budget *bud, const size_t *start, size_t nstart,
    struct gv_alloc *a,
    struct gv_solve_info *info, struct gv_err *e)
{
	struct gv_reduced red;
	struct model m;
	struct phase ph;
	size_t *win = NULL, nwin = 0, i;
	double beta = 0.0, dual;
	int rc, exact;
	unsigned shift;
	mpz_t g;

	memset(&m, 0, sizeof(m));
	memset(info, 0, sizeof(*info));
	mpz_init(g);
	if ((rc = gv_reduce(bs, &red, e)) != GV_OK) {
		mpz_clear(g);
		return rc;
	}
	info->kept = red.n;
	info->dropped_reserve = red.dropped_reserve;
	info->dropped_dominated = red.dropped_dominated;
	m.bs = bs;
	m.red = &red;
	m.opts = o;
	m.budget = bud;
	m.best = a;
	m.e = e;
	m.cb_rc = GV_OK;
	rc = GV_INTERNAL;
	if ((m.coef = calloc(red.n + 1, sizeof(double))) == NULL ||
	    (m.greedy = calloc(red.n + 1, sizeof(double))) == NULL ||
	    (win = calloc(bs->nrollups + red.n + 1, sizeof(size_t))) == NULL) {
		gv_err_set(e, GV_INTERNAL, bs->doc, NULL, "out of memory");
		goto cleanup;
	}
	/* The incumbent starts as "sell nothing", then the greedy start. */
	if ((rc = consider(bs, a, NULL, 0, e)) != GV_OK)
		goto cleanup;
	if (greedy(bs, &red, m.greedy, win, &nwin) != 0 ||
	    (rc = consider(bs, a, win, nwin, e)) != GV_OK) {
		rc = gv_err_set(e, GV_INTERNAL, bs->doc, NULL,
		    "greedy start failed");
		goto cleanup;
	}
	/* opts' start (warmstart.h), when no challenger's start is given */
	if (start == NULL && o->start != NULL) {
		for (i = 0, nwin = 0; i < bs->nbids; i++)
			if (o->start[i])
				win[nwin++] = i;
		start = win;
		nstart = nwin;
	}
	if (start != NULL && (rc = warm_start(bs, &red, start, nstart, a,
	    m.greedy, e)) != GV_OK)
		goto cleanup;
	coefficients(bs, &red, m.coef, g, &shift, &exact);
	/* dualbound.h: a bound for a search cut short (hook, scale helper) */
	dual = red.n > 0 ? gv_dual_bound(bs, &red, m.coef, bud) : HUGE_VAL;
	gv_phase(o->verbose, "dual-price bound on the model: %.17g", dual);
	/* search: heuristic start (heuristic.c), handed to GLPK when better */
	if ((rc = heur_start(&m)) != GV_OK)
		goto cleanup;
	gv_monitor_model(o->monitor, bs, &red, g, shift, exact, a->value,
	    exact_bound);
	info->exact = exact;
	info->shift = shift;
	a->stop = GV_STOP_COMPLETE;
	a->status = GV_ST_FEASIBLE;
	if (red.n == 0) {
		/* Nothing can beat the reserves: selling nothing is optimal. */
		a->status = GV_ST_OPTIMAL;
		mpz_set(a->bound, a->value);
		rc = GV_OK;
		goto cleanup;
	}
	/* search: few winners, a proof without GLPK (packsearch.h) */
	if ((rc = pack_first(&m, exact)) < 0) {
		rc = m.cb_rc;
		goto cleanup;
	}
	if (rc == 1) {
		a->status = GV_ST_OPTIMAL;
		mpz_set(a->bound, a->value);
		info->time_used_ms = gv_budget_used_ms(bud);
		rc = GV_OK;
		goto cleanup;
	}
	/* Stopped already (a big epoch's reductions take a while): keep the greedy start. */
	a->stop = gv_budget_stop(bud);
	if (a->stop == GV_STOP_COMPLETE) {
		hook.verbose = o->verbose;
		glp_term_hook(term_hook, NULL);
		glp_error_hook(error_hook, NULL);
		ph.m = &m;
		ph.a = a;
		ph.exact = exact;
		ph.win = win;
		ph.e = e;
		ph.g = (const mpz_t *)&g;
		ph.shift = shift;
		if ((rc = guarded(&ph)) != GV_OK)
			goto cleanup;
	}
	if (a->status != GV_ST_OPTIMAL) {
		/* exact_bound needs a finite beta: mpz_set_d traps on infinity */
		if (m.have_bound && isfinite(m.bound) && m.bound < 1e300)
			beta = m.bound;
		else
			for (i = 0, beta = 0; i < red.n; i++)
				beta += m.coef[i] > 0 ? m.coef[i] : 0;
		if (dual < beta)
			beta = dual;	/* dualbound.h */
		exact_bound(bs, &red, g, shift, exact, beta, a->value,
		    a->bound);
		if (mpz_cmp(a->bound, a->value) == 0 &&
		    a->stop == GV_STOP_COMPLETE)
			a->status = GV_ST_OPTIMAL;
	}
	info->time_used_ms = gv_budget_used_ms(bud);
	if (a->stop != GV_STOP_COMPLETE) {
		a->time_limit_ms = bud->limit_ms;
		a->time_used_ms = info->time_used_ms;
	}
	rc = GV_OK;
cleanup:
	glp_error_hook(NULL, NULL);
	glp_term_hook(NULL, NULL);
	free(m.coef);
	free(m.greedy);
	gv_cliquecut_free(&m.cc);
	gv_heur_free(&m.heur);
	gv_branch_free(&m.br);
	free(m.heur_x);
	free(m.heur_lp);
	free(m.pc_seen);
	free(win);
	gv_reduced_free(&red);
	mpz_clear(g);
	return rc;
}
