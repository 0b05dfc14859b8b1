/* unsold.h: the allocation of a run stopped before its search (formats/allocation.md, "gavel-solve") */
#ifndef GV_UNSOLD_H
#define GV_UNSOLD_H

#include <stdint.h>

#include "alloc.h"
#include "bidset.h"
#include "err.h"

/*
 * Fill a (initialised by the caller) with the allocation that sells
 * nothing, for a run stopped (stop: GV_STOP_TIME_LIMIT or GV_STOP_SIGNAL)
 * before any bid could be trusted, e.g. while the signatures were being
 * checked: status feasible, bound Σ reserves + Σ positive net values
 * (every bid winning: a proven bound), timings limit_ms and used_ms.
 * GV_INTERNAL when out of memory.
 */
int gv_solve_unsold(const struct gv_bidset *bs, int stop, uint64_t limit_ms,
    uint64_t used_ms, struct gv_alloc *a, struct gv_err *e);

#endif
