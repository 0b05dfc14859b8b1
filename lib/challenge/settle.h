/* settle.h: settling many challenges into one settlement (formats/settlement.md) */
#ifndef GV_SETTLE_H
#define GV_SETTLE_H

#include <stddef.h>

#include <jansson.h>

#include "challenge.h"
#include "err.h"

#define GV_SETTLEMENT_FORMAT "gavel.settlement.v1"

/*
 * One challenge file handed to gv_settle: its bytes (the caller keeps
 * them) and, filled by gv_settle, what became of it.
 */
struct gv_settle_item {
	const unsigned char *data;
	size_t len;
	int accepted;		/* out: 1 accepted, 0 rejected */
	int duplicate;		/* out: the same bytes as an earlier item */
	char reason[1024];	/* out: why it was rejected (no file name) */
};

/*
 * Check every item against x and settle them by formats/settlement.md:
 * commitment order, each accepted only for its own improvement of at
 * least the minimum over the best allocation before it, fees by the rule,
 * charged to the final allocation's sold rollups. *out is the settlement
 * document (a new reference): the same set of items in any order gives
 * the same document. GV_OK, or GV_INTERNAL (nothing in *out).
 */
int gv_settle(const struct gv_challenge_ctx *x, struct gv_settle_item *items,
    size_t n, json_t **out, struct gv_err *e);

#endif
