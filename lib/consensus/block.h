/* block.h: block headers and slot records (formats/block.md, formats/slot-record.md) */
#ifndef GV_BLOCK_H
#define GV_BLOCK_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "canon.h"
#include "err.h"
#include "sig.h"

#define GV_BLOCK_FORMAT "gavel.block.v1"
#define GV_SLOT_RECORD_FORMAT "gavel.slot-record.v1"
/* Most transactions a block header may count (2^32). */
#define GV_BLOCK_MAX_TX 4294967296ULL

/*
 * A parsed block header. Strings point into the JSON value it was parsed
 * from, which the caller keeps alive; nothing here needs freeing.
 */
struct gv_block {
	const char *marketplace;
	uint64_t epoch;
	const char *rollup;
	uint64_t slot;
	unsigned char parent[GV_DIGEST_LEN];
	unsigned char sequencer[GV_PK_LEN];
	uint64_t tx_count;
	unsigned char tx_root[GV_DIGEST_LEN];
	unsigned char state_root[GV_DIGEST_LEN];
	unsigned char digest[GV_DIGEST_LEN];	/* digest("block", ...) */
};

/*
 * Check v against formats/block.md and fill b (digest included). doc and
 * path name v in messages ("DOC: PATH.KEY: problem"); path may be NULL for
 * a top-level document. Errors: GV_MALFORMED, GV_INTERNAL.
 */
int gv_block_parse(const json_t *v, const char *doc, const char *path,
    struct gv_block *b, struct gv_err *e);

/* A parsed slot record; strings point into the parsed value. */
struct gv_slot_record {
	const char *marketplace;
	uint64_t epoch;
	const char *rollup;
	uint64_t slot;
	unsigned char sequencer[GV_PK_LEN];
	unsigned char digest[GV_DIGEST_LEN];	/* digest("slot-record", ...) */
};

/* The same for a slot record (formats/slot-record.md). */
int gv_slot_record_parse(const json_t *v, const char *doc, const char *path,
    struct gv_slot_record *s, struct gv_err *e);

/*
 * RFC 6962 Merkle tree hash of a list of 32-byte values (transaction
 * hashes or state roots), each hashed as a leaf: MTH of the empty list is
 * SHA-256 of nothing. Returns GV_OK or GV_INTERNAL.
 */
int gv_block_list_root(const unsigned char (*items)[GV_DIGEST_LEN],
    size_t n, unsigned char out[GV_DIGEST_LEN]);

#endif
