/* warmstart.h: a start from an earlier allocation (formats/allocation.md, "Warm starts") */
#ifndef GV_WARMSTART_H
#define GV_WARMSTART_H

#include <stddef.h>

#include "alloc.h"
#include "bidset.h"
#include "err.h"

/* What a warm start took from the file; for the summary line. */
struct gv_warm_info {
	size_t winners;		/* winners the file lists */
	size_t matched;		/* of them, with a bid of bs (same bidder, same bundle) */
	size_t started;		/* of those, in the start (no overlap with earlier ones) */
};

/*
 * Read FILE, a gavel.allocation.v1 of any epoch and bid set (only its
 * format and each winner's bidder and bundle are read; the document is
 * not otherwise checked), and map its winners onto bs: each one, in the
 * file's order, becomes the bid of bs by the same bidder on the same
 * rollups with the highest amount above its reserves (the first in bid
 * order among equals), unless there is none or it overlaps a winner
 * already taken (a rollup or an XOR group). *flags (bs->nbids entries,
 * allocated here, the caller frees it) marks the start: a feasible
 * allocation of bs. GV_MALFORMED naming FILE and the field, or
 * GV_INTERNAL.
 */
int gv_warm_start(const struct gv_bidset *bs, const char *file,
    unsigned char **flags, struct gv_warm_info *info, struct gv_err *e);

#endif
