/* drtom.h: GLPK's Driebeck-Tomlin branching choice, stoppable (formats/allocation.md, "gavel-solve") */
#ifndef GV_DRTOM_H
#define GV_DRTOM_H

#include <glpk.h>

struct gv_budget;

/*
 * Choose the column to branch on at the node of tree (called at
 * GLP_IBRANCH) exactly as GLPK's own Driebeck-Tomlin rule (GLP_BR_DTH)
 * would, and hand it to GLPK with glp_ios_branch_upon: for each
 * candidate, in column order, one step of the dual simplex from its
 * tableau row estimates the objective loss of either branch (an integer
 * column entering the basis moves by at least 1, after Tomlin); the
 * candidate with the largest loss on either side is taken (the first
 * one infeasible on a side ends the search), and the branch that loses
 * less is solved first; when no loss shows, the most fractional column.
 * GLPK computes all of it without a callback (seconds on a big node);
 * this looks at the budget before each candidate.
 *
 * Returns 0 when a column was chosen, GV_STOP_TIME_LIMIT or
 * GV_STOP_SIGNAL (budget.h) when the budget stopped it (nothing chosen),
 * or -1 when out of memory (nothing chosen: GLPK's rule then runs).
 */
int gv_drtom_choose(glp_tree *tree, const struct gv_budget *b);

#endif
