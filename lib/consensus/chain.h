/* chain.h: stake-table chains from a trusted genesis (formats/stake-chain.md) */
#ifndef GV_CHAIN_H
#define GV_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "canon.h"
#include "err.h"
#include "json.h"
#include "stake.h"

#define GV_CHAIN_FORMAT "gavel.stake-chain.v1"
#define GV_CHAIN_MAX_BYTES (64u << 20)
#define GV_CHAIN_MAX_HANDOFFS 100000
/* want_epoch for gv_chain_check: the table of the chain's last epoch. */
#define GV_CHAIN_LAST UINT64_MAX

/* What a checked chain covers; filled by gv_chain_check on success. */
struct gv_chain_info {
	char marketplace[GV_ID_MAX + 1];
	uint64_t first_epoch, last_epoch;
	size_t nhandoffs;
	unsigned char genesis[GV_DIGEST_LEN];
	int rooted;		/* the genesis matched a trust root */
};

/*
 * Check the chain document root (doc names it in messages) in the order
 * of formats/stake-chain.md: the genesis table, its digest against
 * trust_root (NULL: taken on trust, info->rooted = 0), then every
 * hand-off's table and its certificate by the table before it, on
 * threads cores (0: all). On GV_OK, *table (zero-initialised by the
 * caller) holds the proven table of want_epoch (GV_CHAIN_LAST: the last
 * one), to be released with gv_stake_free, and *info is filled. On
 * failure *table is left empty: GV_MALFORMED, GV_INVALID (a link that
 * does not hold, a trust root that does not match, an epoch the chain
 * does not reach) or GV_INTERNAL. The caller keeps root; the table names
 * itself doc in its own messages, so doc must outlive it.
 */
int gv_chain_check(const json_t *root, const char *doc,
    const unsigned char *trust_root, uint64_t want_epoch, int threads,
    struct gv_stake_table *table, struct gv_chain_info *info,
    struct gv_err *e);

/* The same for the file FILE (at most GV_CHAIN_MAX_BYTES). */
int gv_chain_load_check(const char *file, const unsigned char *trust_root,
    uint64_t want_epoch, int threads, struct gv_stake_table *table,
    struct gv_chain_info *info, struct gv_err *e);

#endif
