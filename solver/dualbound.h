/* dualbound.h: a bound on the model from dual prices, without GLPK (formats/allocation.md, "Bounds") */
#ifndef GV_DUALBOUND_H
#define GV_DUALBOUND_H

#include "bidset.h"
#include "budget.h"
#include "reduce.h"

/*
 * An upper bound on sum(coef[k] x[k]) over every allocation of the kept
 * bids red (x[k] in {0,1}, no rollup or XOR group twice): for any prices
 * y >= 0 on rollups and XOR groups, sum(y) + sum over bids of max(0,
 * coef - prices of its rollups and group) bounds the LP relaxation, hence
 * the model. The prices come from at most 200 rounds of coordinate
 * descent (the same on every run; stopped early by b), and the sum is
 * widened for its own rounding. HUGE_VAL when out of memory.
 */
double gv_dual_bound(const struct gv_bidset *bs, const struct gv_reduced *red,
    const double *coef, const struct gv_budget *b);

#endif
