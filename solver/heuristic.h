/* heuristic.h: primal heuristics handed to the search as incumbents (formats/allocation.md, "Winner determination") */
#ifndef GV_HEURISTIC_H
#define GV_HEURISTIC_H

#include <stddef.h>

#include "bidset.h"
#include "reduce.h"

/*
 * The conflict structure of the reduced problem: every kept bid holds the
 * rollups of its bundle and its XOR group (resources); a packing holds each
 * resource at most once. Values are the model's objective coefficients.
 * Everything here is deterministic: work is bounded by operation counts,
 * never by the clock, except that a run told to stop (budget) ends its
 * local search early.
 */
struct gv_budget;
struct gv_heur {
	size_t n, nres;
	const double *coef;	/* per kept bid, borrowed */
	size_t *res_start;	/* bid i's resources: res[res_start[i] .. res_start[i+1]) */
	size_t *res;
	size_t *inc_start;	/* bids holding resource r: inc[inc_start[r] .. inc_start[r+1]) */
	size_t *inc;
	/* scratch */
	long *owner;		/* resource -> kept bid holding it, or -1 */
	unsigned char *in;	/* kept bid -> in the packing */
	size_t *order, *cand, *mark;
	double *key;
	size_t stamp;
	size_t work_limit;	/* local search work per call; 0: the default */
	/* local search ends when it says stop (budget.h); NULL: never */
	const struct gv_budget *budget;
};

/*
 * Build the structure for red (kept bids of bs) with objective coef (one
 * per kept bid, borrowed: must outlive h). 0, or -1 out of memory (h is
 * then empty and gv_heur_free is harmless).
 */
int gv_heur_init(struct gv_heur *h, const struct gv_bidset *bs,
    const struct gv_reduced *red, const double *coef);
void gv_heur_free(struct gv_heur *h);

/*
 * The best of several greedy packings (by coefficient, by coefficient per
 * resource, by coefficient per square root of resources), each improved by
 * local search (gv_heur_improve). x (1-based, n + 1 entries) receives the
 * 0/1 packing; returns its objective.
 */
double gv_heur_start(struct gv_heur *h, double *x);

/*
 * LP-guided rounding: kept bids by decreasing LP value lp (1-based), then
 * coefficient, then index, packed greedily, then improved by local search.
 * x as above; returns the objective.
 */
double gv_heur_round(struct gv_heur *h, const double *lp, double *x);

/*
 * Local search on the packing x (1-based 0/1, feasible), in place, until
 * no move improves it: insert a bid and drop the winners it conflicts
 * with when that raises the objective; drop one winner and refill its
 * resources greedily when that raises it; insert a bid, drop the winners
 * it conflicts with and refill the resources they free when that raises
 * it. Returns the objective.
 */
double gv_heur_improve(struct gv_heur *h, double *x);

/*
 * At a node of GLPK's tree (reason GLP_IHEUR, the node's LP solved):
 * round the node's LP solution (gv_heur_round) and, when the packing beats
 * GLPK's incumbent (or there is none), hand it to GLPK with
 * glp_ios_heur_sol; its local search does a fraction of the work of the
 * other calls. x (n + 1 entries) receives the packing and lp is
 * scratch of the same size. Returns 1 when the packing was handed over
 * (the caller then evaluates it exactly), else 0.
 */
struct glp_tree;
int gv_heur_node(struct gv_heur *h, struct glp_tree *tree, double *lp,
    double *x);

#endif
