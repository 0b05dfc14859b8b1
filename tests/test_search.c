/* test_search.c: the search's heuristics and clique rows against exhaustive search (formats/allocation.md, "Winner determination") */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <glpk.h>
#include <gmp.h>

#include "alloc.h"
#include "brute.h"
#include "budget.h"
#include "cliquecut.h"
#include "cliques.h"
#include "dominate.h"
#include "drtom.h"
#include "heuristic.h"
#include "ils.h"
#include "oddcycle.h"
#include "packsearch.h"
#include "reduce.h"
#include "sift.h"
#include "solve.h"
#include "testgen.h"
#include "util.h"

/* One small instance, shaped like a family by its parameters. */
static void
instance(size_t k, struct gv_bidset *bs)
{
	struct gvt_rand p;

	memset(&p, 0, sizeof(p));
	p.seed = 77000 + k;
	p.nrollups = 2 + (unsigned)(k % 11);
	p.nbids = 4 + (unsigned)((k * 5) % 36);
	/* bundles of 1..maxb: 1-2 (L4-like), 3 (L3), up to half (L6/L7) */
	p.maxb = k % 4 == 0 ? 2 : k % 4 == 1 ? 3 : 1 + p.nrollups / 2;
	p.xor_pct = (unsigned)(k % 3) * 25;
	p.zero_pct = (unsigned)(k % 5) * 20;
	p.dup_pct = (unsigned)(k % 4) * 15;
	gvt_load(gvt_random(&p), bs);
}

/* Objective per kept bid: its net value (what matters here is that they are integers). */
static double *
coefs(const struct gv_reduced *red)
{
	double *c = calloc(red->n + 1, sizeof(double));
	size_t i;

	cr_assert_not_null(c);
	for (i = 0; i < red->n; i++)
		c[i] = mpz_get_d(red->net[i]);
	return c;
}

/*
 * The set-up of the cut and branching checks: bs reduced into red, the
 * kept bids' objective (coefs; the caller frees it) and h over them.
 */
static double *
prepare(struct gv_bidset *bs, struct gv_reduced *red, struct gv_heur *h)
{
	struct gv_err e = { 0, "" };
	double *c;

	cr_assert_eq(gv_reduce(bs, red, &e), GV_OK, "%s", e.msg);
	c = coefs(red);
	cr_assert_eq(gv_heur_init(h, bs, red, c), 0);
	return c;
}

/* The exhaustive optimum of bs minus its reserves: the best sum of nets. */
static double
best_net(const struct gv_bidset *bs)
{
	mpz_t v;
	size_t nwin, nodes, i;
	double d;

	mpz_init(v);
	gvt_brute_force(bs, v, &nwin, &nodes);
	for (i = 0; i < bs->nrollups; i++)
		mpz_sub(v, v, bs->rollups[i].reserve);
	d = mpz_get_d(v);
	mpz_clear(v);
	return d;
}

/* x (1-based 0/1) is a packing of h's bids worth obj; fails the test otherwise. */
static void
assert_packing(const struct gv_heur *h, const double *x, double obj, size_t k)
{
	unsigned char *used = calloc(h->nres + 1, 1);
	size_t i, q;
	double sum = 0.0;

	cr_assert_not_null(used);
	for (i = 0; i < h->n; i++) {
		cr_assert(x[i + 1] == 0.0 || x[i + 1] == 1.0, "instance %zu", k);
		if (x[i + 1] == 0.0)
			continue;
		sum += h->coef[i];
		for (q = h->res_start[i]; q < h->res_start[i + 1]; q++) {
			cr_assert_eq(used[h->res[q]], 0, "instance %zu: "
			    "resource %zu held twice", k, h->res[q]);
			used[h->res[q]] = 1;
		}
	}
	cr_assert(sum == obj, "instance %zu: objective %.0f, packing worth "
	    "%.0f", k, obj, sum);
	free(used);
}

/*
 * A run told to stop (a signal, or the time limit) ends the local search
 * at once: improving the empty packing then moves nothing, where the same
 * call without the stop finds a positive packing.
 */
Test(search, local_search_ends_when_the_run_says_stop)
{
	struct gv_bidset bs;
	struct gv_reduced red;
	struct gv_heur h;
	struct gv_budget b;
	struct gv_err e = { 0, "" };
	volatile sig_atomic_t flag = 1;
	double *c, *x;
	size_t k, i;

	for (k = 0; k < 50; k++) {
		instance(k, &bs);
		cr_assert_eq(gv_reduce(&bs, &red, &e), GV_OK, "%s", e.msg);
		c = coefs(&red);
		cr_assert_not_null(x = calloc(red.n + 1, sizeof(double)));
		cr_assert_eq(gv_heur_init(&h, &bs, &red, c), 0);
		gv_budget_start(&b, 60000, &flag);
		h.budget = &b;
		cr_assert_eq(gv_heur_improve(&h, x), 0.0, "instance %zu", k);
		for (i = 0; i <= red.n; i++)
			cr_assert_eq(x[i], 0.0, "instance %zu: bid %zu moved",
			    k, i);
		h.budget = NULL;
		if (red.n > 0)
			cr_assert_gt(gv_heur_improve(&h, x), 0.0, "instance "
			    "%zu", k);
		gv_heur_free(&h);
		free(c);
		free(x);
		gv_reduced_free(&red);
		gv_bidset_free(&bs);
	}
}

/*
 * Every heuristic gives a feasible packing, never worth more than the
 * exhaustive optimum, and local search never makes one worse; the start
 * heuristic reaches the optimum on most small instances.
 */
Test(search, heuristics_give_feasible_packings_within_the_optimum,
    .timeout = 60)
{
	struct gv_bidset bs;
	struct gv_reduced red;
	struct gv_heur h;
	struct gv_err e = { 0, "" };
	size_t k, i, hits = 0, runs = 0;
	double *c, *x, *y, *lp, v, w, opt;

	for (k = 0; k < 400; k++) {
		instance(k, &bs);
		cr_assert_eq(gv_reduce(&bs, &red, &e), GV_OK, "%s", e.msg);
		c = coefs(&red);
		x = calloc(red.n + 1, sizeof(double));
		y = calloc(red.n + 1, sizeof(double));
		lp = calloc(red.n + 1, sizeof(double));
		cr_assert(x && y && lp);
		cr_assert_eq(gv_heur_init(&h, &bs, &red, c), 0);
		opt = best_net(&bs);
		v = gv_heur_start(&h, x);
		assert_packing(&h, x, v, k);
		cr_assert_leq(v, opt, "instance %zu", k);
		hits += v == opt;
		/* an LP-like point: pseudo-random fractions */
		for (i = 0; i < red.n; i++)
			lp[i + 1] = (double)((i * 37 + k * 11) % 17) / 16.0;
		w = gv_heur_round(&h, lp, y);
		assert_packing(&h, y, w, k);
		cr_assert_leq(w, opt, "instance %zu", k);
		/* improving the empty packing, and a packing already improved */
		memset(y, 0, (red.n + 1) * sizeof(double));
		w = gv_heur_improve(&h, y);
		assert_packing(&h, y, w, k);
		cr_assert_leq(w, opt, "instance %zu", k);
		w = gv_heur_improve(&h, x);
		assert_packing(&h, x, w, k);
		cr_assert_geq(w, v, "instance %zu: local search lost value", k);
		gv_heur_free(&h);
		free(c);
		free(x);
		free(y);
		free(lp);
		gv_reduced_free(&red);
		gv_bidset_free(&bs);
		runs++;
	}
	cr_assert_eq(runs, 400);
	cr_assert_gt(hits, 300, "the start heuristic met the optimum %zu times "
	    "in 400", hits);
}

/* Whether kept bids a and b share a resource. */
static int
conflicts(const struct gv_heur *h, size_t a, size_t b)
{
	size_t p, q;

	for (p = h->res_start[a]; p < h->res_start[a + 1]; p++)
		for (q = h->res_start[b]; q < h->res_start[b + 1]; q++)
			if (h->res[p] == h->res[q])
				return 1;
	return 0;
}

static int
silent(void *info, const char *s)
{
	(void)info;
	(void)s;
	return 1;
}

/* The packing model of h (a row per resource two kept bids hold), objective c, binary columns. */
static glp_prob *
packing_model(const struct gv_heur *h, const double *c)
{
	glp_prob *P = glp_create_prob();
	size_t i, r, j;
	int *ind, row, len;
	double *val;

	glp_set_obj_dir(P, GLP_MAX);
	if (h->n > 0)
		glp_add_cols(P, (int)h->n);
	for (i = 0; i < h->n; i++) {
		glp_set_col_kind(P, (int)i + 1, GLP_BV);
		glp_set_obj_coef(P, (int)i + 1, c[i]);
	}
	ind = calloc(h->n + 1, sizeof(int));
	val = calloc(h->n + 1, sizeof(double));
	cr_assert(ind && val);
	for (r = 0; r < h->nres; r++) {
		if (h->inc_start[r + 1] - h->inc_start[r] < 2)
			continue;
		row = glp_add_rows(P, 1);
		len = 0;
		for (j = h->inc_start[r]; j < h->inc_start[r + 1]; j++) {
			ind[++len] = (int)h->inc[j] + 1;
			val[len] = 1.0;
		}
		glp_set_mat_row(P, row, len, ind, val);
		glp_set_row_bnds(P, row, GLP_UP, 0.0, 1.0);
	}
	free(ind);
	free(val);
	return P;
}

/*
 * The model as solve.c builds it (a row per resource two kept bids hold),
 * its rows extended to cliques: every extended row is a clique of the
 * conflict graph that keeps its own bids, and the integer optimum of the
 * extended model is the exhaustive optimum.
 */
Test(search, clique_rows_are_cliques_and_keep_the_optimum, .timeout = 60)
{
	struct gv_bidset bs;
	struct gv_reduced red;
	struct gv_heur h;
	struct gv_cliquecut cc;
	glp_iocp iocp;
	size_t k, r, j;
	long added, total = 0;
	double *c;
	int *ind, *val_i, row, len, q, t;
	double *val;

	glp_term_hook(silent, NULL);
	for (k = 0; k < 300; k++) {
		glp_prob *P;

		instance(k, &bs);
		c = prepare(&bs, &red, &h);
		cr_assert_geq(gv_cliquecut_init(&cc, &h), 0);
		P = packing_model(&h, c);
		ind = calloc(red.n + 1, sizeof(int));
		val = calloc(red.n + 1, sizeof(double));
		val_i = calloc(red.n + 1, sizeof(int));
		cr_assert(ind && val && val_i);
		added = gv_cliques_extend(P, &cc);
		cr_assert_geq(added, 0);
		total += added;
		row = 0;
		for (r = 0; r < h.nres; r++) {
			size_t lo = h.inc_start[r], hi = h.inc_start[r + 1];

			if (hi - lo < 2)
				continue;
			row++;
			len = glp_get_mat_row(P, row, ind, val);
			cr_assert_geq((size_t)len, hi - lo, "instance %zu", k);
			memset(val_i, 0, (red.n + 1) * sizeof(int));
			for (q = 1; q <= len; q++)
				val_i[ind[q]] = 1;
			for (j = lo; j < hi; j++)
				cr_assert(val_i[h.inc[j] + 1], "instance %zu: row "
				    "%d lost bid %zu", k, row, h.inc[j]);
			for (q = 1; q <= len; q++)
				for (t = q + 1; t <= len; t++)
					cr_assert(conflicts(&h, (size_t)ind[q] -
					    1, (size_t)ind[t] - 1), "instance "
					    "%zu: row %d is not a clique", k, row);
		}
		if (red.n > 0) {
			glp_init_iocp(&iocp);
			iocp.presolve = GLP_ON;
			iocp.msg_lev = GLP_MSG_OFF;
			cr_assert_eq(glp_intopt(P, &iocp), 0);
			cr_assert(glp_mip_obj_val(P) == best_net(&bs),
			    "instance %zu: %.0f, exhaustive %.0f", k,
			    glp_mip_obj_val(P), best_net(&bs));
		}
		glp_delete_prob(P);
		free(ind);
		free(val);
		free(val_i);
		gv_cliquecut_free(&cc);
		gv_heur_free(&h);
		free(c);
		gv_reduced_free(&red);
		gv_bidset_free(&bs);
	}
	glp_term_hook(NULL, NULL);
	cr_assert_gt(total, 100, "the instances must exercise the extension "
	    "(%ld entries added)", total);
}

/*
 * Dominance across bundles keeps the best allocation under the whole tie
 * rule: no bid of the exhaustive optimum with the fewest winners and the
 * smallest id list is ever dropped, and on these instances the dominance
 * drops many bids besides the same-bundle ones.
 */
Test(search, dominance_never_drops_a_bid_of_the_optimum, .timeout = 60)
{
	struct gvt_rand p;
	struct gv_bidset bs;
	struct gv_reduced red;
	struct gv_err e = { 0, "" };
	size_t k, i, j, nwin, nodes, w[64], across = 0;
	unsigned char *drop;
	long d;
	mpz_t v;

	mpz_init(v);
	for (k = 0; k < 400; k++) {
		memset(&p, 0, sizeof(p));
		p.seed = 88000 + k;
		p.nrollups = 3 + (unsigned)(k % 9);
		p.nbids = 6 + (unsigned)((k * 3) % 34);
		p.maxb = 2 + (unsigned)(k % 5);
		p.xor_pct = (unsigned)(k % 3) * 20;
		p.zero_pct = (unsigned)(k % 5) * 20;
		p.dup_pct = (unsigned)(k % 2) * 20;
		gvt_load(gvt_random(&p), &bs);
		gvt_brute_force_w(&bs, v, &nwin, &nodes, w);
		cr_assert_eq(gv_reduce(&bs, &red, &e), GV_OK, "%s", e.msg);
		for (j = 0; j < nwin; j++) {
			int kept = 0;

			for (i = 0; i < red.n; i++)
				kept |= red.bid[i] == w[j];
			cr_assert(kept, "instance %zu: bid %s of the optimum "
			    "was dropped", k, bs.bids[w[j]].id);
		}
		/* what gv_dominate alone drops, on top of nothing */
		drop = calloc(bs.nbids + 1, 1);
		cr_assert_not_null(drop);
		d = gv_dominate(&bs, drop, 3);
		cr_assert_geq(d, 0);
		for (j = 0; j < nwin; j++)
			cr_assert_eq(drop[w[j]], 0, "instance %zu", k);
		for (i = 0; i < bs.nbids; i++)
			if (drop[i]) {
				/* a dominated bid's bundle is not another kept bid's */
				size_t q;
				int same = 0;

				for (q = 0; q < bs.nbids; q++)
					same |= q != i && !drop[q] &&
					    bs.bids[q].nbundle ==
					    bs.bids[i].nbundle &&
					    memcmp(bs.bids[q].bundle,
					    bs.bids[i].bundle, bs.bids[i].nbundle *
					    sizeof(size_t)) == 0;
				across += !same;
			}
		free(drop);
		gv_reduced_free(&red);
		gv_bidset_free(&bs);
	}
	mpz_clear(v);
	cr_assert_gt(across, 200, "only %zu bids dominated across bundles",
	    across);
}

struct cycles {
	const struct gv_heur *h;
	const double *x;
	size_t k, n;
};

/* Every cycle emitted: odd, distinct bids, consecutive ones conflict, violated by x. */
static void
check_cycle(void *ctx, const int *ind, const double *val, int len, double rhs)
{
	struct cycles *c = ctx;
	double sum = 0.0;
	int a, b;

	cr_assert_geq(len, 3, "instance %zu", c->k);
	cr_assert_eq(len % 2, 1, "instance %zu: even cycle", c->k);
	cr_assert(rhs == (double)(len - 1) / 2.0, "instance %zu", c->k);
	for (a = 1; a <= len; a++) {
		cr_assert(val[a] == 1.0);
		sum += c->x[ind[a] - 1];
		for (b = a + 1; b <= len; b++)
			cr_assert_neq(ind[a], ind[b], "instance %zu: bid twice",
			    c->k);
		b = a == len ? 1 : a + 1;
		cr_assert(conflicts(c->h, (size_t)ind[a] - 1,
		    (size_t)ind[b] - 1), "instance %zu: no conflict between "
		    "neighbours of the cycle", c->k);
	}
	cr_assert_gt(sum, rhs, "instance %zu: cycle not violated", c->k);
	c->n++;
}

/*
 * Branch and cut on h's packing model with cb adding cuts at every node:
 * the optimum is still the exhaustive one of bs. No presolve: the
 * callback sees the model's own columns.
 */
/*
 * GLPK's branch and bound on P from its LP relaxation, silent, under
 * GLPK's default Driebeck-Tomlin rule, cb called; glp_intopt's result.
 */
static int
branch_and_cut(glp_prob *P, void (*cb)(glp_tree *, void *), void *info)
{
	glp_smcp smcp;
	glp_iocp iocp;

	glp_init_smcp(&smcp);
	smcp.msg_lev = GLP_MSG_OFF;
	cr_assert_eq(glp_simplex(P, &smcp), 0);
	glp_init_iocp(&iocp);
	iocp.msg_lev = GLP_MSG_OFF;
	iocp.br_tech = GLP_BR_DTH;
	iocp.cb_func = cb;
	iocp.cb_info = info;
	return glp_intopt(P, &iocp);
}

static void
assert_cuts_keep_the_optimum(const struct gv_heur *h, const double *c,
    const struct gv_bidset *bs, size_t k, void (*cb)(glp_tree *, void *),
    void *info)
{
	glp_prob *P = packing_model(h, c);

	if (h->n > 0) {
		cr_assert_eq(branch_and_cut(P, cb, info), 0);
		cr_assert(glp_mip_obj_val(P) == best_net(bs),
		    "instance %zu: %.0f, exhaustive %.0f", k,
		    glp_mip_obj_val(P), best_net(bs));
	}
	glp_delete_prob(P);
}

/* Odd-cycle cuts added at every node of GLPK's tree (the solver adds them at the root only). */
static void
cut_everywhere(glp_tree *tree, void *info)
{
	if (glp_ios_reason(tree) == GLP_ICUTGEN)
		cr_assert_geq(gv_oddcycle_cuts(info, tree, 50), 0);
}

/*
 * The odd cycles found at fractional points are odd cycles of the conflict
 * graph that the point violates, and with them added at every node of
 * the branch and cut the optimum stays the exhaustive one.
 */
Test(search, odd_cycles_are_violated_odd_cycles_and_keep_the_optimum,
    .timeout = 120)
{
	struct gv_bidset bs;
	struct gv_reduced red;
	struct gv_heur h;
	struct cycles cy;
	size_t k, i, total = 0;
	double *c, *x;

	glp_term_hook(silent, NULL);
	for (k = 0; k < 300; k++) {
		instance(k, &bs);
		c = prepare(&bs, &red, &h);
		x = calloc(red.n + 1, sizeof(double));
		cr_assert_not_null(x);
		/* points with many halves: odd cycles of halves are violated */
		for (i = 0; i < red.n; i++)
			x[i] = (i * 7 + k) % 3 == 0 ? 0.0 : 0.5;
		cy.h = &h;
		cy.x = x;
		cy.k = k;
		cy.n = 0;
		cr_assert_geq(gv_oddcycle_find(&h, x, 1000, check_cycle, &cy), 0);
		total += cy.n;
		/* branch and cut with the cuts everywhere */
		assert_cuts_keep_the_optimum(&h, c, &bs, k, cut_everywhere, &h);
		free(x);
		gv_heur_free(&h);
		free(c);
		gv_reduced_free(&red);
		gv_bidset_free(&bs);
	}
	glp_term_hook(NULL, NULL);
	cr_assert_gt(total, 100, "only %zu odd cycles found", total);
}

/* Every clique emitted: distinct bids, pairwise conflicting, violated by x, rhs 1. */
static void
check_clique(void *ctx, const int *ind, const double *val, int len, double rhs)
{
	struct cycles *c = ctx;
	double sum = 0.0;
	int a, b;

	cr_assert_geq(len, 3, "instance %zu: a pair is a packing row", c->k);
	cr_assert(rhs == 1.0, "instance %zu", c->k);
	for (a = 1; a <= len; a++) {
		cr_assert(val[a] == 1.0);
		sum += c->x[ind[a] - 1];
		for (b = a + 1; b <= len; b++) {
			cr_assert_lt(ind[a], ind[b], "instance %zu: members "
			    "not ascending", c->k);
			cr_assert(conflicts(c->h, (size_t)ind[a] - 1,
			    (size_t)ind[b] - 1), "instance %zu: bids %d and %d "
			    "of a clique do not conflict", c->k, ind[a], ind[b]);
		}
	}
	cr_assert_gt(sum, 1.0, "instance %zu: clique not violated", c->k);
	c->n++;
}

/* Clique cuts added at every node of GLPK's tree (the solver: near the root). */
static void
clique_everywhere(glp_tree *tree, void *info)
{
	if (glp_ios_reason(tree) == GLP_ICUTGEN)
		cr_assert_geq(gv_cliquecut_cuts(info, tree, 50), 0);
}

/* One cut: its members by bid id, in order, "" when none was emitted. */
struct onecut {
	const struct gv_bidset *bs;
	const struct gv_reduced *red;
	char ids[256];
	int n;
};

static void
record_cut(void *ctx, const int *ind, const double *val, int len, double rhs)
{
	struct onecut *o = ctx;
	int a;

	(void)val;
	cr_assert(rhs == 1.0);
	o->n++;
	o->ids[0] = '\0';
	for (a = 1; a <= len; a++) {
		if (a > 1)
			strcat(o->ids, " ");
		strcat(o->ids, o->bs->bids[o->red->bid[ind[a] - 1]].id);
	}
}

/*
 * a, b and c pairwise share a rollup but no rollup is all three's: at
 * a = b = c = 1/2 the packing rows hold and the clique {a, b, c} is
 * violated (3/2 > 1). d holds all three rollups and joins it lifted
 * (its LP value is 0); e shares none, f only a's and c's rollup: neither
 * joins. The three seeds a, b and c give one cut, not three.
 */
Test(search, a_triangle_of_conflicts_is_one_violated_clique_lifted_by_bids_outside_the_support)
{
	struct gv_bidset bs;
	struct gv_reduced red;
	struct gv_heur h;
	struct gv_cliquecut cc;
	struct gv_err e = { 0, "" };
	struct onecut o;
	json_t *doc = gvt_doc("m", 1);
	double *c, x[6];
	size_t i;

	gvt_rollup(doc, "ra", "0");
	gvt_rollup(doc, "rb", "0");
	gvt_rollup(doc, "rc", "0");
	gvt_rollup(doc, "rd", "0");
	gvt_bid(doc, "a", "ra rb", "6", NULL);
	gvt_bid(doc, "b", "rb rc", "6", NULL);
	gvt_bid(doc, "c", "ra rc", "6", NULL);
	gvt_bid(doc, "d", "ra rb rc", "10", NULL);
	gvt_bid(doc, "e", "rd", "5", NULL);
	gvt_bid(doc, "f", "ra rd", "12", NULL);
	gvt_load(doc, &bs);
	cr_assert_eq(gv_reduce(&bs, &red, &e), GV_OK, "%s", e.msg);
	cr_assert_eq(red.n, 6, "a bid was reduced away: %zu kept", red.n);
	c = coefs(&red);
	cr_assert_eq(gv_heur_init(&h, &bs, &red, c), 0);
	cr_assert_eq(gv_cliquecut_init(&cc, &h), 0);
	for (i = 0; i < 6; i++) {
		const char *id = bs.bids[red.bid[i]].id;

		x[i] = strcmp(id, "e") == 0 ? 1.0 : strcmp(id, "d") == 0 ||
		    strcmp(id, "f") == 0 ? 0.0 : 0.5;
	}
	memset(&o, 0, sizeof(o));
	o.bs = &bs;
	o.red = &red;
	cr_assert_eq(gv_cliquecut_find(&cc, x, 100, record_cut, &o), 1);
	cr_assert_eq(o.n, 1);
	cr_assert_str_eq(o.ids, "a b c d");
	/* at a = b = c = 1/3 the clique is not violated: nothing */
	for (i = 0; i < 6; i++)
		if (x[i] == 0.5)
			x[i] = 1.0 / 3.0;
	o.n = 0;
	cr_assert_eq(gv_cliquecut_find(&cc, x, 100, record_cut, &o), 0);
	cr_assert_eq(o.n, 0);
	gv_cliquecut_free(&cc);
	gv_heur_free(&h);
	free(c);
	gv_reduced_free(&red);
	gv_bidset_free(&bs);
}

/*
 * The cliques found at fractional points are cliques of the conflict
 * graph that the point violates, and with them added at every node of
 * the branch and cut the optimum stays the exhaustive one.
 */
Test(search, clique_cuts_are_violated_cliques_and_keep_the_optimum,
    .timeout = 120)
{
	struct gv_bidset bs;
	struct gv_reduced red;
	struct gv_heur h;
	struct gv_cliquecut cc;
	struct cycles cy;
	size_t k, i, total = 0;
	double *c, *x;

	glp_term_hook(silent, NULL);
	for (k = 0; k < 300; k++) {
		instance(k, &bs);
		c = prepare(&bs, &red, &h);
		cr_assert_geq(gv_cliquecut_init(&cc, &h), 0);
		x = calloc(red.n + 1, sizeof(double));
		cr_assert_not_null(x);
		/* points of halves and thirds: many cliques are violated */
		for (i = 0; i < red.n; i++)
			x[i] = (i * 5 + k) % 4 == 0 ? 0.0 :
			    (i + k) % 3 == 0 ? 1.0 / 3.0 : 0.5;
		cy.h = &h;
		cy.x = x;
		cy.k = k;
		cy.n = 0;
		cr_assert_geq(gv_cliquecut_find(&cc, x, 1000, check_clique,
		    &cy), 0);
		total += cy.n;
		assert_cuts_keep_the_optimum(&h, c, &bs, k, clique_everywhere,
		    &cc);
		free(x);
		gv_cliquecut_free(&cc);
		gv_heur_free(&h);
		free(c);
		gv_reduced_free(&red);
		gv_bidset_free(&bs);
	}
	glp_term_hook(NULL, NULL);
	cr_assert_gt(total, 100, "only %zu cliques found", total);
}

/* The objective of the 0/1 packing x (1-based), asserting that it is a packing. */
static double
packing_value(const struct gv_heur *h, const double *x, size_t k)
{
	size_t a, b;
	double v = 0.0;

	for (a = 0; a < h->n; a++) {
		cr_assert(x[a + 1] == 0.0 || x[a + 1] == 1.0,
		    "instance %zu: not 0/1", k);
		if (x[a + 1] == 0.0)
			continue;
		v += h->coef[a];
		for (b = a + 1; b < h->n; b++)
			cr_assert(x[b + 1] == 0.0 || !conflicts(h, a, b),
			    "instance %zu: winners %zu and %zu conflict", k, a,
			    b);
	}
	return v;
}

/*
 * The iterated local search (a second search's last part) returns a
 * packing worth what it says, never below its start nor above the
 * exhaustive optimum; from a weak start it reaches the optimum on every
 * small instance here; the same seed gives the same packing, and a start
 * of nothing is a start too.
 */
Test(search, iterated_local_search_gives_packings_up_to_the_optimum,
    .timeout = 120)
{
	static const struct gv_ils_opts base = { .seed = 1, .iterations = 300,
		.work = UINT64_MAX, .ls_work = 1000000, .patience = 20 };
	struct gv_ils_opts o = base;
	struct gv_bidset bs;
	struct gv_reduced red;
	struct gv_heur h;
	struct gv_err e = { 0, "" };
	size_t k, i, optimal = 0, below_start = 0, cases = 0;
	double *c, *x, *y, start, v, w, opt;

	for (k = 0; k < 300; k++) {
		instance(k, &bs);
		cr_assert_eq(gv_reduce(&bs, &red, &e), GV_OK, "%s", e.msg);
		if (red.n == 0) {
			gv_reduced_free(&red);
			gv_bidset_free(&bs);
			continue;
		}
		cases++;
		c = coefs(&red);
		cr_assert_eq(gv_heur_init(&h, &bs, &red, c), 0);
		x = calloc(red.n + 1, sizeof(double));
		y = calloc(red.n + 1, sizeof(double));
		cr_assert(x && y);
		/* a weak start: the first bid alone */
		x[1] = 1.0;
		start = packing_value(&h, x, k);
		memcpy(y, x, (red.n + 1) * sizeof(double));
		v = gv_ils(&h, x, &o);
		cr_assert(v == packing_value(&h, x, k), "instance %zu: says "
		    "%.0f", k, v);
		below_start += v < start;
		opt = best_net(&bs);
		cr_assert_leq(v, opt, "instance %zu: above the optimum", k);
		optimal += v == opt;
		/* the same seed and start: the same packing */
		w = gv_ils(&h, y, &o);
		cr_assert(w == v, "instance %zu: %.0f then %.0f", k, v, w);
		for (i = 0; i <= red.n; i++)
			cr_assert(x[i] == y[i], "instance %zu: another packing",
			    k);
		/* from nothing */
		memset(y, 0, (red.n + 1) * sizeof(double));
		w = gv_ils(&h, y, &o);
		cr_assert(w == packing_value(&h, y, k) && w <= opt,
		    "instance %zu", k);
		free(x);
		free(y);
		gv_heur_free(&h);
		free(c);
		gv_reduced_free(&red);
		gv_bidset_free(&bs);
	}
	cr_assert_eq(below_start, 0);
	cr_assert_eq(optimal, cases, "the optimum on %zu of %zu", optimal,
	    cases);
}

/*
 * Warm starts (a challenger's search) go through the same heuristics: from
 * the exhaustive optimum, from a weaker feasible allocation and from the
 * empty one, the solver ends at the exhaustive optimum with the fewest
 * winners, never below its start.
 */
Test(search, warm_starts_end_at_the_exhaustive_optimum, .timeout = 120)
{
	static const struct gv_solve_opts o = { .time_limit_ms = 60000 };
	struct gv_bidset bs;
	struct gv_solve_info info;
	struct gv_err e = { 0, "" };
	struct gv_alloc a, s;
	size_t k, nwin, nodes, w[64], weak[64], nweak, j;
	int variant;
	mpz_t best;

	mpz_init(best);
	for (k = 0; k < 150; k++) {
		instance(k, &bs);
		gvt_brute_force_w(&bs, best, &nwin, &nodes, w);
		/* a weaker start: the optimum without its last winner */
		nweak = nwin > 0 ? nwin - 1 : 0;
		for (j = 0; j < nweak; j++)
			weak[j] = w[j];
		for (variant = 0; variant < 3; variant++) {
			const size_t *st = variant == 0 ? w : weak;
			size_t n = variant == 0 ? nwin : variant == 1 ? nweak : 0;

			gv_alloc_init(&s);
			cr_assert_eq(gv_alloc_compute(&bs, st, n, &s, "start", &e),
			    GV_OK, "%s", e.msg);
			gv_alloc_init(&a);
			cr_assert_eq(gv_solve_from(&bs, &o, st, n, &a, &info, &e),
			    GV_OK, "%s", e.msg);
			cr_assert_eq(a.status, GV_ST_OPTIMAL, "instance %zu", k);
			cr_assert(mpz_cmp(a.value, best) == 0, "instance %zu "
			    "variant %d: value differs from exhaustive", k,
			    variant);
			cr_assert_eq(a.nwinners, nwin, "instance %zu", k);
			cr_assert_leq(gv_alloc_order(&a, &s), 0, "instance %zu",
			    k);
			gv_alloc_free(&a);
			gv_alloc_free(&s);
		}
		gv_bidset_free(&bs);
	}
	mpz_clear(best);
}

/*
 * Instance k solved with on and with off: both at the exhaustive optimum
 * with its winner count, the same allocation. The instance is kept in
 * *keep (for more checks) when keep is not NULL, else freed.
 */
static void
assert_on_off(const struct gv_solve_opts *on, const struct gv_solve_opts *off,
    size_t k, struct gv_bidset *keep)
{
	struct gv_bidset bs;
	struct gv_solve_info info;
	struct gv_err e = { 0, "" };
	struct gv_alloc a, b;
	size_t nwin, nodes, w[64];
	mpz_t best;

	mpz_init(best);
	instance(k, &bs);
	gvt_brute_force_w(&bs, best, &nwin, &nodes, w);
	gv_alloc_init(&a);
	gv_alloc_init(&b);
	cr_assert_eq(gv_solve(&bs, on, &a, &info, &e), GV_OK, "%s", e.msg);
	cr_assert_eq(gv_solve(&bs, off, &b, &info, &e), GV_OK, "%s", e.msg);
	cr_assert_eq(a.status, GV_ST_OPTIMAL, "instance %zu", k);
	cr_assert(mpz_cmp(a.value, best) == 0, "instance %zu: value differs "
	    "from exhaustive", k);
	cr_assert_eq(a.nwinners, nwin, "instance %zu", k);
	cr_assert_eq(gv_alloc_order(&a, &b), 0, "instance %zu", k);
	gv_alloc_free(&a);
	gv_alloc_free(&b);
	mpz_clear(best);
	if (keep != NULL)
		*keep = bs;
	else
		gv_bidset_free(&bs);
}

/*
 * Sifting (sift.h) is only another way to the same LP relaxation: on a
 * packing LP with far more columns than rows it takes several rounds and
 * ends at the plain simplex's optimum, with every column back in [0, 1].
 */
Test(search, sifting_ends_at_the_plain_lp_optimum)
{
	glp_smcp parm;
	struct gv_sift_stats st;
	struct gv_sift_ws ws = { { NULL } };
	glp_prob *P[2];
	int ind[5], r, j, p, q, len;
	double val[5], obj[2];
	unsigned long s = 12345;

	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	for (q = 0; q < 2; q++) {
		P[q] = glp_create_prob();
		glp_set_obj_dir(P[q], GLP_MAX);
		glp_add_rows(P[q], 200);
		for (r = 1; r <= 200; r++)
			glp_set_row_bnds(P[q], r, GLP_UP, 0.0, 1.0);
		glp_add_cols(P[q], 3000);
	}
	for (j = 1; j <= 3000; j++) {
		s = s * 6364136223846793005UL + 1442695040888963407UL;
		len = 1 + (int)((s >> 33) % 4);
		for (p = 1; p <= len; p++) {
			s = s * 6364136223846793005UL + 1442695040888963407UL;
			ind[p] = 1 + (int)((s >> 33) % 200);
			val[p] = 1.0;
			/* distinct rows in one column */
			for (r = 1; r < p; r++)
				if (ind[r] == ind[p])
					p--, r = p;
		}
		s = s * 6364136223846793005UL + 1442695040888963407UL;
		for (q = 0; q < 2; q++) {
			glp_set_col_kind(P[q], j, GLP_BV);
			glp_set_obj_coef(P[q], j, (double)(len * 600 +
			    (s >> 33) % 1000));
			glp_set_mat_col(P[q], j, len, ind, val);
		}
	}
	cr_assert_eq(glp_simplex(P[0], &parm), 0);
	cr_assert_eq(gv_sift(P[1], NULL, &parm, &ws, &st), 0);
	cr_assert_null(ws.buf[0]);
	for (q = 0; q < 2; q++) {
		cr_assert_eq(glp_get_status(P[q]), GLP_OPT);
		obj[q] = glp_get_obj_val(P[q]);
	}
	cr_assert_float_eq(obj[1], obj[0], 1e-6 * obj[0]);
	cr_assert_eq(st.plain, 0);
	cr_assert_lt(st.first, 3000);
	cr_assert_gt(st.added, 0);
	cr_assert_gt(st.rounds, 1);
	for (j = 1; j <= 3000; j++) {
		cr_assert_eq(glp_get_col_type(P[1], j), GLP_DB, "column %d", j);
		cr_assert_eq(glp_get_col_ub(P[1], j), 1.0, "column %d", j);
	}
	glp_delete_prob(P[0]);
	glp_delete_prob(P[1]);
}

/*
 * And the whole search with sifting forced on or off ends at the
 * exhaustive optimum with the same allocation.
 */
Test(search, sifting_on_or_off_gives_the_exhaustive_optimum, .timeout = 120)
{
	static const struct gv_solve_opts on = { .time_limit_ms = 60000,
	    .sift = 1 }, off = { .time_limit_ms = 60000, .sift = -1 };

	for (size_t k = 0; k < 150; k++)
		assert_on_off(&on, &off, k, NULL);
}

/*
 * Branching by product scores (branch.h) or by GLPK's own pseudocost rule,
 * with the search over packings off so that GLPK's tree does the work:
 * both end at the exhaustive optimum, with the same allocation.
 */
Test(search, branching_rules_give_the_exhaustive_optimum, .timeout = 120)
{
	static const struct gv_solve_opts on = { .time_limit_ms = 60000,
	    .pack = -1, .branch = 1 }, off = { .time_limit_ms = 60000,
	    .pack = -1, .branch = -1 };

	for (size_t k = 0; k < 150; k++)
		assert_on_off(&on, &off, k, NULL);
}

/*
 * The exact search over packings (packsearch.h), forced on whatever the
 * winner count: it ends at the exhaustive optimum, with GLPK's allocation
 * when it is off, and what it proves alone is proven.
 */
Test(search, packing_search_gives_the_exhaustive_optimum, .timeout = 120)
{
	static const struct gv_solve_opts on = { .time_limit_ms = 60000,
	    .pack = 1 }, off = { .time_limit_ms = 60000, .pack = -1 };
	struct gv_bidset bs;
	struct gv_reduced red;
	struct gv_heur h;
	struct gv_err e = { 0, "" };
	size_t k, i;
	double *c, *x, obj;
	int found, done = 0;

	for (k = 0; k < 150; k++) {
		assert_on_off(&on, &off, k, &bs);
		/* alone, from nothing: the exhaustive optimum's net */
		cr_assert_eq(gv_reduce(&bs, &red, &e), GV_OK, "%s", e.msg);
		if (red.n > 0) {
			c = coefs(&red);
			x = calloc(red.n + 1, sizeof(double));
			cr_assert_not_null(x);
			cr_assert_eq(gv_heur_init(&h, &bs, &red, c), 0);
			cr_assert_eq(gv_pack_search(&h, x, 0.0, 0, NULL,
			    &found), GV_PACK_DONE, "instance %zu", k);
			cr_assert(found, "instance %zu", k);
			for (i = 0, obj = 0; i < red.n; i++)
				obj += x[i + 1] > 0.5 ? c[i] : 0.0;
			assert_packing(&h, x, obj, k);
			cr_assert_eq(obj, best_net(&bs), "instance %zu", k);
			/* from the optimum itself: nothing better, x untouched */
			x[0] = -1.0;
			cr_assert_eq(gv_pack_search(&h, x, obj, 0, NULL,
			    &found), GV_PACK_DONE, "instance %zu", k);
			cr_assert(!found && x[0] == -1.0, "instance %zu", k);
			/* no work allowed: gives up, proves nothing */
			if (red.n > 1)
				cr_assert_eq(gv_pack_search(&h, x, 0.0, 1,
				    NULL, &found), GV_PACK_GAVE_UP,
				    "instance %zu", k);
			done++;
			gv_heur_free(&h);
			free(x);
			free(c);
		}
		gv_reduced_free(&red);
		gv_bidset_free(&bs);
	}
	cr_assert_gt(done, 100);
}

/*
 * A branch and bound's course: at every node selection the tree's size
 * and best bound, at every branching the node's LP objective; ours says
 * whether drtom.c chooses (else GLPK's own Driebeck-Tomlin rule does).
 */
struct course {
	int ours;
	size_t n, cap, branchings;
	double *step;
};

static void
course_add(struct course *c, double v)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 256;
		c->step = realloc(c->step, c->cap * sizeof(double));
		cr_assert_not_null(c->step);
	}
	c->step[c->n++] = v;
}

static void
follow(glp_tree *tree, void *info)
{
	struct course *c = info;
	int a, n, t, p;

	if (glp_ios_reason(tree) == GLP_ISELECT) {
		glp_ios_tree_size(tree, &a, &n, &t);
		course_add(c, a);
		course_add(c, t);
		if ((p = glp_ios_best_node(tree)) != 0)
			course_add(c, glp_ios_node_bound(tree, p));
	}
	if (glp_ios_reason(tree) == GLP_IBRANCH) {
		if (c->branchings == 300) {
			glp_ios_terminate(tree);
			return;
		}
		c->branchings++;
		course_add(c, glp_get_obj_val(glp_ios_get_prob(tree)));
		if (c->ours)
			cr_assert_eq(gv_drtom_choose(tree, NULL), 0);
	}
}

static void
run_course(const struct gv_heur *h, const double *c, struct course *co)
{
	glp_prob *P = packing_model(h, c);
	int ret = branch_and_cut(P, follow, co);

	cr_assert(ret == 0 || ret == GLP_ESTOP, "glp_intopt: %d", ret);
	course_add(co, ret);
	course_add(co, glp_mip_obj_val(P));
	glp_delete_prob(P);
}

/*
 * drtom.c makes GLPK's own Driebeck-Tomlin choice: on CATS L2 and L3
 * epochs of 40 rollups and 300 bids (three seeds each) the branch and
 * bound of the packing model takes the same course node for node, for
 * its first 300 branchings or to the end, whether GLPK chooses or gavel
 * does.
 */
Test(search, the_driebeck_tomlin_choice_is_glpks_own, .timeout = 300)
{
	static const char *const family[] = { "L2", "L3" };
	static const char *const seed[] = { "1", "2", "3" };
	struct gv_bidset bs;
	struct gv_reduced red;
	struct gv_heur h;
	struct course glpk, ours;
	struct gvt_run r;
	json_error_t je;
	json_t *doc;
	size_t f, k, q, branchings = 0;
	double *c;

	glp_term_hook(silent, NULL);
	for (f = 0; f < 2; f++)
		for (k = 0; k < 3; k++) {
			const char *gen[] = { gvt_bin("gavel-cats"), "--family",
				family[f], "--rollups", "40", "--bids", "300",
				"--seed", seed[k], NULL };

			cr_assert_eq(gvt_run(&r, gen), 0);
			cr_assert_eq(r.status, 0, "%s", r.err);
			cr_assert_not_null(doc = json_loads(r.out, 0, &je));
			gvt_run_free(&r);
			gvt_load(doc, &bs);
			c = prepare(&bs, &red, &h);
			memset(&glpk, 0, sizeof(glpk));
			memset(&ours, 0, sizeof(ours));
			ours.ours = 1;
			run_course(&h, c, &glpk);
			run_course(&h, c, &ours);
			cr_assert_eq(ours.n, glpk.n, "%s seed %s", family[f],
			    seed[k]);
			for (q = 0; q < ours.n; q++)
				cr_assert(ours.step[q] == glpk.step[q],
				    "%s seed %s: step %zu: %g, GLPK %g",
				    family[f], seed[k], q, ours.step[q],
				    glpk.step[q]);
			branchings += ours.branchings;
			free(ours.step);
			free(glpk.step);
			gv_heur_free(&h);
			free(c);
			gv_reduced_free(&red);
			gv_bidset_free(&bs);
		}
	glp_term_hook(NULL, NULL);
	cr_assert_gt(branchings, 300, "the epochs must branch: %zu",
	    branchings);
}
