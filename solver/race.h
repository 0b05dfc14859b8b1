/* race.h: a second search of a connected epoch on a spare core (formats/allocation.md, "A second search") */
#ifndef GV_RACE_H
#define GV_RACE_H

#include "solve.h"

/*
 * gv_solve_within, with a second search on a thread of its own when it
 * may pay: at least two threads (o->threads), GLPK with thread local
 * storage, and a time limit of at least RACE_MIN_LIMIT_MS (race.c). The
 * second search starts once a quarter of the time limit has passed and
 * the first has begun its branch and bound (o->searching), if the first is
 * still running and at least RACE_MIN_LEFT_MS are left; it is the
 * same search with odd-cycle cuts down to depth 12, no clique cuts, its
 * measurements on one thread and a local search over its last half (the
 * first has none); it stops when the first returns. When the first completes,
 * its result stands and the second's is dropped, so a completed search
 * gives the same bytes on any number of threads. Otherwise a takes the
 * better allocation of the two (gv_race_merge).
 */
int gv_solve_race(const struct gv_bidset *bs, const struct gv_solve_opts *o,
    const struct gv_budget *b, struct gv_alloc *a,
    struct gv_solve_info *info, struct gv_err *e);

/*
 * Merge the second search's result h into the first's a (both of the same
 * bid set): nothing when a completed; else a takes h's winners, value and
 * receipts when h is better by the tie rule (gv_alloc_order), and the
 * lower of the two bounds, never below the value. a keeps its own status
 * (feasible), stop and timings. h is left empty or with a's old contents;
 * the caller frees it. Returns 1 when h's allocation was taken, else 0.
 */
int gv_race_merge(struct gv_alloc *a, struct gv_alloc *h);

#endif
