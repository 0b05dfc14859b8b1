/* test_branch.c: pseudocost branching by product scores (formats/allocation.md, "Winner determination") */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <glpk.h>

#include "branch.h"

#define NCOL 14
#define NRES 9

/*
 * A weighted set packing: column j holds 2 or 3 of NRES resources and is
 * worth 10..99, all drawn from seed; row r: the columns holding r sum to
 * at most 1. Returns the problem (maximise, columns binary).
 */
static glp_prob *
packing(uint64_t seed, double w[NCOL + 1], unsigned hold[NCOL + 1])
{
	glp_prob *P = glp_create_prob();
	int ind[NCOL + 1], len, r, j;
	double one[NCOL + 1];

	glp_set_obj_dir(P, GLP_MAX);
	glp_add_rows(P, NRES);
	glp_add_cols(P, NCOL);
	for (j = 1; j <= NCOL; j++) {
		unsigned k = 2 + (unsigned)(seed % 2);

		hold[j] = 0;
		while (__builtin_popcount(hold[j]) < (int)k) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			hold[j] |= 1u << (seed >> 33) % NRES;
		}
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		w[j] = (double)(10 + (seed >> 33) % 90);
		glp_set_col_kind(P, j, GLP_BV);
		glp_set_obj_coef(P, j, w[j]);
	}
	for (r = 1; r <= NRES; r++) {
		glp_set_row_bnds(P, r, GLP_UP, 0.0, 1.0);
		for (len = 0, j = 1; j <= NCOL; j++)
			if (hold[j] & 1u << (r - 1)) {
				ind[++len] = j;
				one[len] = 1.0;
			}
		glp_set_mat_row(P, r, len, ind, one);
	}
	return P;
}

/* The best packing's value, over all 2^NCOL subsets. */
static double
brute(const double w[NCOL + 1], const unsigned hold[NCOL + 1])
{
	double best = 0.0, v;
	unsigned s, used;
	int j, ok;

	for (s = 0; s < 1u << NCOL; s++) {
		for (v = 0.0, used = 0, ok = 1, j = 1; ok && j <= NCOL; j++)
			if (s & 1u << (j - 1)) {
				ok = (used & hold[j]) == 0;
				used |= hold[j];
				v += w[j];
			}
		if (ok && v > best)
			best = v;
	}
	return best;
}

/* The LP loss of fixing column j of the node's P at v, re-solved to the end. */
static double
loss(glp_prob *P, int j, double v)
{
	glp_prob *q = glp_create_prob();
	glp_smcp parm;
	double d;

	glp_copy_prob(q, P, GLP_OFF);
	glp_set_col_bnds(q, j, GLP_FX, v, v);
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	cr_assert_eq(glp_simplex(q, &parm), 0);
	d = glp_get_status(q) == GLP_OPT ?
	    glp_get_obj_val(P) - glp_get_obj_val(q) : DBL_MAX;
	glp_delete_prob(q);
	return d < 0.0 ? 0.0 : d;
}

struct run {
	struct gv_branch br;
	int root_checked;	/* 1: to check, 2: checked, 3: not checkable */
	int root_var, want;	/* what gv_branch_choose and loss() chose there */
	int choices;		/* nodes below the root where gv_branch_choose chose */
	unsigned threads;	/* for gv_branch_init */
	int trail[256];		/* the columns chosen, node after node */
	size_t ntrail;
	size_t parallel;	/* the rule's own count, at the end */
};

static void
cb(glp_tree *tree, void *info)
{
	struct run *r = info;
	glp_prob *P = glp_ios_get_prob(tree);
	int p, j, want = 0;
	double z0, eps, d1, d2, sc, best = -1.0, second = -1.0;
	struct gv_branch_node *nd;

	if (glp_ios_reason(tree) != GLP_IBRANCH)
		return;
	p = glp_ios_curr_node(tree);
	/* at the root, the expected choice: largest product of full LP losses */
	if (glp_ios_up_node(tree, p) == 0 && !r->root_checked) {
		z0 = glp_get_obj_val(P);
		eps = 1e-6 * (1.0 + fabs(z0));
		for (j = 1; j <= NCOL; j++) {
			if (!glp_ios_can_branch(tree, j))
				continue;
			d1 = loss(P, j, 0.0);
			d2 = loss(P, j, 1.0);
			sc = (d1 > eps ? d1 : eps) * (d2 > eps ? d2 : eps);
			if (sc > best) {
				second = best;
				best = sc;
				want = j;
			} else if (sc > second)
				second = sc;
		}
		/*
		 * a clear winner only (the rule's ties are not what is tested),
		 * at the root's first choice only (a second one, after GLPK
		 * fixed a hopeless side, reuses the first's measurements)
		 */
		r->root_checked = 3;
		if (want != 0 && best > 1.01 * second) {
			r->root_checked = 1;
			r->want = want;
		}
	}
	cr_assert_eq(gv_branch_choose(&r->br, tree), 0);
	nd = glp_ios_node_data(tree, p);
	cr_assert_not_null(nd);
	cr_assert_gt(nd->var, 0);
	cr_assert(glp_ios_can_branch(tree, nd->var), "a fractional column");
	if (glp_ios_up_node(tree, p) != 0)
		r->choices++;
	if (r->ntrail < sizeof(r->trail) / sizeof(r->trail[0]))
		r->trail[r->ntrail++] = nd->var;
	if (r->root_checked == 1 && glp_ios_up_node(tree, p) == 0) {
		r->root_var = nd->var;
		r->root_checked = 2;
	}
}

/* Solve seed's packing with gv_branch_choose at every branching. */
static double
search_on(uint64_t seed, unsigned threads, struct run *r, double *want)
{
	double w[NCOL + 1];
	unsigned hold[NCOL + 1];
	glp_prob *P = packing(seed, w, hold);
	glp_iocp iocp;
	glp_smcp parm;
	double got;

	memset(r, 0, sizeof(*r));
	r->threads = threads;
	cr_assert_eq(gv_branch_init(&r->br, NCOL, threads), 0);
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	cr_assert_eq(glp_simplex(P, &parm), 0);
	glp_init_iocp(&iocp);
	iocp.msg_lev = GLP_MSG_OFF;
	iocp.cb_func = cb;
	iocp.cb_info = r;
	iocp.cb_size = sizeof(struct gv_branch_node);
	cr_assert_eq(glp_intopt(P, &iocp), 0);
	cr_assert_eq(glp_mip_status(P), GLP_OPT);
	*want = brute(w, hold);
	got = glp_mip_obj_val(P);
	r->parallel = r->br.parallel;
	gv_branch_free(&r->br);
	glp_delete_prob(P);
	return got;
}

static double
search(uint64_t seed, struct run *r, double *want)
{
	return search_on(seed, 1, r, want);
}

/*
 * At the root, the column branched on is the candidate whose two losses
 * (the LP re-solved with it fixed at 0, and at 1) have the largest
 * product; the loss of a new column is measured, not guessed.
 */
Test(branch, root_choice_is_the_largest_product_of_losses)
{
	struct run r;
	double got, want;
	uint64_t seed;
	int checked = 0;

	for (seed = 1; seed <= 300; seed++) {
		got = search(seed, &r, &want);
		cr_assert_float_eq(got, want, 1e-9, "seed %ju", (uintmax_t)seed);
		if (r.root_checked == 2) {
			cr_assert_eq(r.root_var, r.want, "seed %ju: branched on "
			    "column %d, the largest product is column %d",
			    (uintmax_t)seed, r.root_var, r.want);
			checked++;
		}
	}
	/* the check above ran on enough instances to mean something */
	cr_assert_gt(checked, 100);
}

/*
 * Branching this way, over many instances, every search ends at the
 * exhaustive optimum, and the rule chose at many nodes below the roots
 * (about a hundred), where pseudocosts observed in the tree come in.
 */
Test(branch, every_search_ends_at_the_exhaustive_optimum)
{
	struct run r;
	double got, want;
	uint64_t seed;
	int choices = 0;

	for (seed = 1000; seed < 1400; seed++) {
		got = search(seed, &r, &want);
		cr_assert_float_eq(got, want, 1e-9, "seed %ju", (uintmax_t)seed);
		choices += r.choices;
	}
	cr_assert_gt(choices, 50);
}

/*
 * The measurements of a node run on several threads, each on its own copy
 * of the problem; the columns chosen, node after node, are the same on 1,
 * 2 and 3 threads (each measurement depends on the node and the column
 * alone), and the threads did run.
 */
Test(branch, choices_do_not_depend_on_the_threads)
{
	static struct run one, many;
	double got, want;
	uint64_t seed;
	unsigned threads;
	size_t k, parallel = 0;

	for (seed = 2000; seed < 2150; seed++) {
		got = search_on(seed, 1, &one, &want);
		cr_assert_float_eq(got, want, 1e-9, "seed %ju", (uintmax_t)seed);
		cr_assert_eq(one.parallel, 0);
		for (threads = 2; threads <= 3; threads++) {
			got = search_on(seed, threads, &many, &want);
			cr_assert_float_eq(got, want, 1e-9, "seed %ju",
			    (uintmax_t)seed);
			cr_assert_eq(many.ntrail, one.ntrail, "seed %ju, %u "
			    "threads: %zu choices, %zu on one", (uintmax_t)seed,
			    threads, many.ntrail, one.ntrail);
			for (k = 0; k < one.ntrail; k++)
				cr_assert_eq(many.trail[k], one.trail[k], "seed "
				    "%ju, %u threads: choice %zu is column %d, "
				    "%d on one", (uintmax_t)seed, threads, k,
				    many.trail[k], one.trail[k]);
			parallel += many.parallel;
		}
	}
	/* the threads ran: most roots have several columns to measure */
	cr_assert_gt(parallel, 150);
}
