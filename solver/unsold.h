/* unsold.h: the allocation of a run stopped before its search (formats/allocation.md, "gavel-solve") */
#ifndef GV_UNSOLD_H
#define GV_UNSOLD_H

#include <stddef.h>

#include "alloc.h"
#include "bidset.h"
#include "budget.h"
#include "err.h"
#include "solve.h"

/*
 * For a run whose budget b stopped (time limit or signal) before every
 * bid was trusted: only the first ntrusted bids (in id order: those whose
 * signatures verified) may win. Fill a (initialised by the caller) with
 * the better of selling nothing and the greedy start over those bids
 * (gv_solve_within on that prefix, which stops before GLPK), with status
 * feasible, the stop reason of b, its timings, and the bound Σ reserves
 * + Σ positive net values of all the bids (every bid winning: a proven
 * bound whatever the unchecked bids hold). GV_INTERNAL when out of memory.
 */
int gv_solve_trusted(const struct gv_bidset *bs, size_t ntrusted,
    const struct gv_solve_opts *o, const struct gv_budget *b,
    struct gv_alloc *a, struct gv_solve_info *info, struct gv_err *e);

#endif
