/* fee.h: the finder's-fee rule (formats/challenge.md, "The fee rule") */
#ifndef GV_FEE_H
#define GV_FEE_H

#include <gmp.h>

#include "alloc.h"
#include "bidset.h"
#include "err.h"

/*
 * The fee one challenge earns for its own improvement (> 0) of value:
 * min(floor(improvement * bps / 10000), cap). bs must be a v2 bid set.
 */
void gv_fee(const struct gv_bidset *bs, const mpz_t improvement, mpz_t out);

/*
 * The least improvement a challenge must bring: max(min_improvement, 1).
 */
void gv_fee_min(const struct gv_bidset *bs, mpz_t out);

/*
 * Charge total fees F to the sold rollups of allocation a, pro rata to
 * their surplus (receives - reserve), remainder units to the largest
 * fractional parts, ties by rollup id: out[r] = a->receives[r] minus r's
 * share (out: a->nrollups initialised mpz_t, owned by the caller).
 * GV_INVALID when F exceeds the total surplus (never for fees computed by
 * the rule: see the spec), GV_INTERNAL when out of memory.
 */
int gv_fee_charge(const struct gv_bidset *bs, const struct gv_alloc *a,
    const mpz_t fees, mpz_t *out, struct gv_err *e);

#endif
