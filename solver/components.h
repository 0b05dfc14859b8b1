/* components.h: independent parts of an epoch solved apart, on threads (formats/allocation.md, "Components") */
#ifndef GV_COMPONENTS_H
#define GV_COMPONENTS_H

#include "solve.h"

/*
 * gv_solve_within, split first: two kept bids (reduce.h) are in one
 * component when they share a rollup or an XOR group, transitively. With
 * one component (or none) this is gv_solve_race (race.h). Otherwise each
 * component is solved as a bid set of its own (its rollups and kept
 * bids) on o->threads threads (0: all cores; 1 when GLPK has no thread
 * local storage), largest first, all within b, and the results are
 * combined: the winners' union, value and bound summed (plus the reserves
 * of rollups in no component), status optimal only when every component
 * was proven optimal, stop the most serious of theirs. The allocation
 * does not depend on o->threads when every component completes.
 * info->parts tells how many components there were.
 */
int gv_solve_parts(const struct gv_bidset *bs, const struct gv_solve_opts *o,
    const struct gv_budget *b, struct gv_alloc *a,
    struct gv_solve_info *info, struct gv_err *e);

#endif
