/* cliquecut.h: clique cuts of the bid conflict graph for GLPK's branch and cut (formats/allocation.md, "Numeric strategy") */
#ifndef GV_CLIQUECUT_H
#define GV_CLIQUECUT_H

#include <stddef.h>
#include <stdint.h>

#include "heuristic.h"

/*
 * Two kept bids conflict when they share a rollup or an XOR group; at most
 * one bid of a clique of the conflict graph wins, so sum over a clique of
 * x <= 1 holds for every packing. The model's rows are the cliques of
 * bids sharing one resource; the LP relaxation may still give a clique of
 * bids that pairwise share different resources (a, b on r1; b, c on r2;
 * a, c on r3) more than 1 in total. The separator grows one clique per
 * fractional bid, greedily by LP value among its neighbours in the LP's
 * support, and keeps those that are violated, lifted: every bid outside
 * the support that conflicts with all their members joins them.
 *
 * struct gv_cliquecut owns its conflict bit sets; h stays borrowed and
 * must outlive it.
 */
struct gv_cliquecut {
	const struct gv_heur *h;
	size_t words;		/* 64-bit words per bid */
	uint64_t *bits;		/* bid i's resources: bits[i * words ..] */
	/* scratch */
	size_t *stamp, st, *cand, *frac, *mem;
	double *x;
	int *ind;
	double *val;
	uint64_t *seen;		/* hashes of the cliques found in one call */
};

/*
 * Set up cc for h. 0; 1 when the bit sets would be too large (cc is then
 * off: gv_cliquecut_find finds nothing); -1 out of memory (also off).
 * gv_cliquecut_free is harmless in every case.
 */
int gv_cliquecut_init(struct gv_cliquecut *cc, const struct gv_heur *h);
void gv_cliquecut_free(struct gv_cliquecut *cc);

/* Whether kept bids a and b share a resource (cc on: bits != NULL). */
int gv_cliquecut_conflict(const struct gv_cliquecut *cc, size_t a, size_t b);

/*
 * Violated cliques at the point x (0-based, one value per kept bid), at
 * most max_cuts, each passed to emit (GLPK's 1-based column indices
 * ind[1..len], coefficients val[1..len], all 1, right-hand side 1, members
 * ascending), seeds by decreasing LP value; a clique found again from
 * another seed is not emitted twice. Deterministic, its work bounded by
 * a count of operations. Returns the number emitted (0 when cc is off).
 */
int gv_cliquecut_find(struct gv_cliquecut *cc, const double *x, int max_cuts,
    void (*emit)(void *ctx, const int *ind, const double *val, int len,
    double rhs), void *ctx);

/* The same at a node of GLPK's tree (reason GLP_ICUTGEN), into its cut pool. */
struct glp_tree;
int gv_cliquecut_cuts(struct gv_cliquecut *cc, struct glp_tree *tree,
    int max_cuts);

#endif
