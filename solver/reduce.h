/* reduce.h: bids that can never win, dropped before the search (formats/allocation.md, "Reductions") */
#ifndef GV_REDUCE_H
#define GV_REDUCE_H

#include <stddef.h>

#include <gmp.h>

#include "bidset.h"
#include "err.h"

/*
 * The reduced problem: kept bids with their net value (amount minus the
 * reserves of the bundle, always > 0). Owned; release with gv_reduced_free.
 */
struct gv_reduced {
	size_t *bid;		/* kept bid indices, ascending */
	mpz_t *net;		/* net value of each kept bid */
	size_t n;
	size_t dropped_reserve;	/* net <= 0 */
	size_t dropped_dominated;
};

/*
 * Drop bids with net value <= 0 and bids dominated by a bid on the same
 * bundle that is in no XOR group and is higher, or as high and earlier
 * in id order. Neither drop can change the result under the tie rule.
 */
int gv_reduce(const struct gv_bidset *bs, struct gv_reduced *r,
    struct gv_err *e);
void gv_reduced_free(struct gv_reduced *r);

#endif
