/* brute.h: exhaustive winner determination, the tests' reference (formats/allocation.md, "Winner determination") */
#ifndef GVT_BRUTE_H
#define GVT_BRUTE_H

#include <stddef.h>

#include <gmp.h>

#include "bidset.h"

/*
 * The best value of bs by exhaustive search (reserves of unsold rollups
 * included, value initialised by the caller), the fewest winners at it in
 * *nwin and the search nodes in *nodes; if w is not NULL, the smallest id
 * list among those allocations (bid indices, *nwin of them) into w, which
 * holds bs->nbids entries. At most 32 rollups and 32 XOR groups (the
 * test fails otherwise).
 */
void gvt_brute_force_w(const struct gv_bidset *bs, mpz_t value, size_t *nwin,
    size_t *nodes, size_t *w);

/* The same without the id list. */
void gvt_brute_force(const struct gv_bidset *bs, mpz_t value, size_t *nwin,
    size_t *nodes);

#endif
