/* bidset.h: the bid set document (formats/bidset.md) */
#ifndef GV_BIDSET_H
#define GV_BIDSET_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>
#include <jansson.h>

#include "canon.h"
#include "err.h"
#include "sig.h"

#define GV_BIDSET_FORMAT "gavel.bidset.v1"
/* v1 plus the challenge parameters finder_fee.cap and finder_fee.window */
#define GV_BIDSET_FORMAT_V2 "gavel.bidset.v2"
/* v2 with room for 2048 rollups and 131072 bids */
#define GV_BIDSET_FORMAT_V3 "gavel.bidset.v3"
#define GV_BIDSET_MAX_BYTES (64u << 20)
/*
 * The most values a bid set of any version can hold (json.h,
 * formats/README.md "Limits"), counted for v3's limits because the count
 * comes before the format tag is read: the top object, 8 member names, 4
 * scalars; slots and finder_fee 5 each; rollups 1 + 2048 x 5; bids 1 +
 * 131072 x (object, 6 names, 5 scalars, bundle array, 64 ids) = 10102809
 * values, of which 264197 objects and arrays.
 */
#define GV_BIDSET_MAX_VALUES 10102809
#define GV_BIDSET_MAX_CONTAINERS 264197
/* v1 and v2 */
#define GV_MAX_ROLLUPS 1024
#define GV_MAX_BIDS 65536
/* v3 */
#define GV_MAX_ROLLUPS_V3 2048
#define GV_MAX_BIDS_V3 131072
#define GV_MAX_BUNDLE 64
#define GV_MAX_SLOTS 4294967296ULL

struct gv_rollup {
	const char *id;
	mpz_t reserve;
};

struct gv_bid {
	const char *id;
	unsigned char bidder[GV_PK_LEN];
	size_t *bundle;		/* rollup indices, ascending */
	size_t nbundle;
	mpz_t amount;
	const char *xor;	/* NULL when in no XOR group */
	long xor_group;		/* index into 0..nxor-1, or -1 */
	unsigned char sig[GV_SIG_LEN];
};

/*
 * A parsed, structurally valid bid set. Strings point into root, which the
 * bid set owns; everything is released by gv_bidset_free.
 */
struct gv_bidset {
	json_t *root;
	const char *doc;	/* file name for messages */
	const char *marketplace;
	uint64_t epoch;
	uint64_t slot_first, slot_count;
	unsigned version;	/* 1, 2 or 3: the format tag's N */
	unsigned finder_bps;
	mpz_t finder_min;
	/* v2 and v3 (zero in v1): the most one challenge earns, and the first
	   finder_window slots of the epoch in which commitments count */
	mpz_t finder_cap;
	uint64_t finder_window;
	struct gv_rollup *rollups;	/* ascending id */
	size_t nrollups;
	struct gv_bid *bids;		/* ascending id */
	size_t nbids;
	size_t nxor;
	unsigned char digest[GV_DIGEST_LEN];
};

/*
 * Load FILE and check it against formats/bidset.md (everything except the
 * signatures). On success bs must be released with gv_bidset_free; on
 * failure bs is left empty. Errors: GV_MALFORMED.
 */
int gv_bidset_load(const char *file, struct gv_bidset *bs, struct gv_err *e);

/* The same for a parsed document; takes over the reference to root. */
int gv_bidset_from_json(json_t *root, const char *doc, struct gv_bidset *bs,
    struct gv_err *e);

/*
 * Check every bid signature, on all cores; GV_INVALID naming the first bid
 * (in id order) whose signature does not verify, whatever the cores.
 */
int gv_bidset_verify_sigs(const struct gv_bidset *bs, struct gv_err *e);

/*
 * The same, asking stop(ctx) before each bid: when it returns nonzero the
 * check ends there, *checked tells how many bids (in id order) verified,
 * and the result is GV_OK with *checked < bs->nbids. stop may be NULL.
 */
int gv_bidset_verify_sigs_until(const struct gv_bidset *bs,
    int (*stop)(void *ctx), void *ctx, size_t *checked, struct gv_err *e);

/*
 * The same on threads threads (0: all cores, cores.h). The result does
 * not depend on threads: GV_INVALID names the first bad bid in id order
 * (every bid before it is checked first), and when stop(ctx) ends the
 * check *checked is the number of bids, from the first, that verified.
 * stop is called from every thread and must be thread-safe.
 */
int gv_bidset_verify_sigs_mt(const struct gv_bidset *bs, unsigned threads,
    int (*stop)(void *ctx), void *ctx, size_t *checked, struct gv_err *e);

/* The 32-byte digest a bidder signs for bid i. */
int gv_bid_digest(const struct gv_bidset *bs, size_t i,
    unsigned char out[GV_DIGEST_LEN]);

/*
 * Sign one bid object (without "sig") for marketplace and epoch and set
 * its "sig" field. For generators and tests. Returns GV_OK or GV_INTERNAL.
 */
int gv_bid_sign(json_t *bid, const char *marketplace, uint64_t epoch,
    const unsigned char sk[GV_SK_LEN]);

/* The most rollups and bids a bid set of format version v may hold. */
size_t gv_bidset_max_rollups(unsigned v);
size_t gv_bidset_max_bids(unsigned v);

/*
 * Ascending, no duplicates (the one order that makes a digest canonical):
 * GV_OK when prev is NULL or sorts strictly before cur, else GV_MALFORMED
 * at doc's path naming the duplicate or the out-of-order what ("bid").
 */
int gv_check_order(const char *prev, const char *cur, const char *what,
    const char *doc, const char *path, struct gv_err *e);
/*
 * Parse arr, the bundle at path p of document doc: a non-empty array of at
 * most GV_MAX_BUNDLE ids of rollups (sorted by id), in ascending byte order
 * without repeats. *bundle (allocated here; the caller frees it, also on
 * failure) gets the rollups' indices and *nbundle how many are parsed.
 * GV_OK, else GV_MALFORMED naming the element, or GV_INTERNAL.
 */
int gv_bundle_parse(const json_t *arr, const struct gv_rollup *rollups,
    size_t nrollups, const char *doc, const char *p, size_t **bundle,
    size_t *nbundle, struct gv_err *e);
/* Index of rollup id, or -1. */
long gv_bidset_rollup(const struct gv_bidset *bs, const char *id);
/* Index of bid id, or -1. */
long gv_bidset_bid(const struct gv_bidset *bs, const char *id);
/* Bundles (ascending rollup indices) in order: element by element, then the shorter first. */
int gv_bundle_cmp(const size_t *a, size_t na, const size_t *b, size_t nb);
/* out = net(b): b's amount minus the reserves of its bundle's rollups (formats/allocation.md). */
void gv_bid_net(const struct gv_bidset *bs, const struct gv_bid *b,
    mpz_t out);

void gv_bidset_free(struct gv_bidset *bs);

#endif
