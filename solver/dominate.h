/* dominate.h: bids dominated by a sub-bundle or a packing of sub-bundles (formats/allocation.md, "Reductions") */
#ifndef GV_DOMINATE_H
#define GV_DOMINATE_H

#include "bidset.h"

/*
 * Mark in drop (one entry per bid of bs) with mark every bid b with net
 * value > 0 and drop[b] == 0 that can never be in the best allocation
 * under the tie rule because of bids on parts of its bundle: a bid d in
 * no XOR group whose bundle is a proper subset of b's with net(d) >
 * net(b), or net(d) = net(b) and id(d) < id(b); or pairwise disjoint bids
 * in no XOR group, their bundles inside b's, whose nets add up to more
 * than net(b). The dominating bids may themselves be marked. Work is
 * bounded by an operation count (the same on every run): past it, the
 * remaining bids are kept. Returns the number marked, or -1 out of memory
 * (nothing marked then).
 */
long gv_dominate(const struct gv_bidset *bs, unsigned char *drop,
    unsigned char mark);

#endif
