/* packsearch.h: exact search over packings of few winners (formats/allocation.md, "Winner determination") */
#ifndef GV_PACKSEARCH_H
#define GV_PACKSEARCH_H

#include <stdint.h>

#include "budget.h"
#include "heuristic.h"

/* Most kept bids the search takes (its conflict sets are n * n bits). */
#define GV_PACK_MAX_BIDS 4096

/* gv_pack_search's outcomes. */
#define GV_PACK_DONE 0		/* searched it all: see the contract */
#define GV_PACK_GAVE_UP 1	/* the work limit or the depth limit: nothing proven */
#define GV_PACK_STOPPED 2	/* the time limit or a signal (b): nothing proven */
#define GV_PACK_SKIPPED 3	/* too many bids, or out of memory: not run */

/*
 * Branch and bound over the packings of h's kept bids (objective h->coef,
 * integers, every partial sum exact in a double): depth first, heaviest
 * bid first, each node bounded by a greedy partition of its candidates
 * into cliques of the conflict graph. Only a packing whose objective is
 * above incumbent counts. When one is found, x (1-based, n + 1 entries)
 * receives the best found and *found is 1; x is untouched otherwise.
 * GV_PACK_DONE: no packing has a higher objective than max(incumbent,
 * the one found). work_limit counts word operations on candidate sets
 * (0: the default); the search gives up past it, or past 64 winners in
 * one packing, the same way on every run.
 */
int gv_pack_search(const struct gv_heur *h, double *x, double incumbent,
    uint64_t work_limit, const struct gv_budget *b, int *found);

#endif
