/* oddcycle.h: odd-cycle cuts of the bid conflict graph for GLPK's branch and cut (formats/allocation.md, "Numeric strategy") */
#ifndef GV_ODDCYCLE_H
#define GV_ODDCYCLE_H

#include <stddef.h>

#include "heuristic.h"

/*
 * Two kept bids conflict when they share a rollup or an XOR group. For an
 * odd cycle C of the conflict graph, at most (|C| - 1) / 2 of its bids can
 * win together: sum over C of x <= (|C| - 1) / 2 holds for every packing,
 * so adding it never changes the integer solutions. At a node of GLPK's
 * tree (reason GLP_ICUTGEN) gv_oddcycle_cuts looks for such cycles that
 * the node's LP solution violates (shortest paths in the bipartite double
 * cover of the fractional bids' conflict graph, edge weight 1 - x_u - x_v)
 * and adds at most max_cuts of them to GLPK's cut pool. h gives the
 * conflicts (borrowed). Deterministic. Returns the number of cuts added,
 * or -1 out of memory (none added).
 */
struct glp_tree;
int gv_oddcycle_cuts(const struct gv_heur *h, struct glp_tree *tree,
    int max_cuts);

/*
 * The search itself, for any point x (0-based, one value per kept bid):
 * each violated odd cycle found is passed to emit (GLPK's 1-based column
 * indices ind[1..len], coefficients val[1..len], all 1, and the right-hand
 * side (len - 1) / 2). Returns the number emitted, or -1 out of memory.
 */
int gv_oddcycle_find(const struct gv_heur *h, const double *x, int max_cuts,
    void (*emit)(void *ctx, const int *ind, const double *val, int len,
    double rhs), void *ctx);

#endif
