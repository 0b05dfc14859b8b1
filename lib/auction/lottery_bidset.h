/* lottery_bidset.h: the lottery bid set, gavel.bidset.v4 (formats/bidset-lottery.md) */
#ifndef GV_LOTTERY_BIDSET_H
#define GV_LOTTERY_BIDSET_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>
#include <jansson.h>

#include "bidset.h"
#include "canon.h"
#include "err.h"
#include "sig.h"

#define GV_BIDSET_FORMAT_V4 "gavel.bidset.v4"
#define GV_LOTTERY_MAX_ROLLUPS 256
#define GV_LOTTERY_MAX_PURCHASES 16384
#define GV_LOTTERY_MAX_SLOTS 1024

struct gv_purchase {
	const char *id;
	unsigned char bidder[GV_PK_LEN];
	size_t *bundle;		/* rollup indices, ascending */
	size_t nbundle;
	uint64_t tickets;
	const char *xor;	/* NULL when in no XOR group */
	long group;		/* index of the pair (bidder, xor), or -1 */
	size_t bundle_ix;	/* index into bundles */
	unsigned char sig[GV_SIG_LEN];
};

/* The purchases on one bundle (equal rollup lists) add up. */
struct gv_lottery_bundle {
	char *name;		/* rollup ids joined by "+" */
	const size_t *rollups;	/* = the bundle of its first purchase */
	size_t nrollups;
	uint64_t tickets;
	size_t *purchases;	/* purchase indices, ascending */
	size_t npurchases;
	size_t *groups;		/* distinct XOR groups, ascending */
	size_t ngroups;
};

/*
 * A parsed, structurally valid v4 bid set. Strings point into root, which
 * it owns. solve is the auction the winners are determined by: one bid
 * per bundle (index = bundle index, id = its name, amount tickets x
 * price), each XOR group an extra rollup of reserve 0 in every bundle that
 * holds it (so at most one of those bundles wins); plain is the same bids
 * over the real rollups only (values, receipts and the revenue split).
 * Neither has a JSON document of its own; their digest is this bid set's.
 */
struct gv_lottery_bidset {
	json_t *root;
	const char *doc;
	const char *marketplace;
	uint64_t epoch;
	uint64_t slot_first, slot_count;
	mpz_t price, floor;
	uint64_t target;
	unsigned max_change_bps;
	const char *beacon_rollup;
	uint64_t beacon_slot;
	struct gv_rollup *rollups;
	size_t nrollups;
	struct gv_purchase *purchases;	/* ascending id */
	size_t npurchases;
	struct gv_lottery_bundle *bundles;	/* bundle order */
	size_t nbundles;
	size_t ngroups;
	uint64_t sold;		/* all tickets of all purchases */
	unsigned char digest[GV_DIGEST_LEN];
	struct gv_bidset solve, plain;
	char *group_ids;	/* storage for solve's extra rollup ids */
};

/*
 * Load FILE and check it against formats/bidset-lottery.md, everything
 * but the signatures, and build solve and plain. Release with
 * gv_lottery_bidset_free (also after a failure). Errors: GV_MALFORMED,
 * GV_INTERNAL.
 */
int gv_lottery_bidset_load(const char *file, struct gv_lottery_bidset *lb,
    struct gv_err *e);

/* The same for a parsed document; takes over the reference to root. */
int gv_lottery_bidset_from_json(json_t *root, const char *doc,
    struct gv_lottery_bidset *lb, struct gv_err *e);

/* Check every purchase signature, in order: GV_INVALID naming the first that fails. */
int gv_lottery_verify_sigs(const struct gv_lottery_bidset *lb,
    struct gv_err *e);

/* The digest a buyer signs for purchase i (formats/bidset-lottery.md). */
int gv_purchase_digest(const struct gv_lottery_bidset *lb, size_t i,
    unsigned char out[GV_DIGEST_LEN]);

/*
 * Sign a purchase object (without "sig") of a bid set whose "lottery"
 * object is lottery, and set its "sig". For generators and tests.
 */
int gv_purchase_sign(json_t *purchase, const json_t *lottery,
    const char *marketplace, uint64_t epoch, const unsigned char sk[GV_SK_LEN]);

/* out = tickets x price (out initialised, not aliasing price). */
void gv_lottery_times_price(mpz_t out, const mpz_t price, uint64_t tickets);

/* Whether root's "format" is gavel.bidset.v4 (no other check). */
int gv_bidset_is_lottery(const json_t *root);

void gv_lottery_bidset_free(struct gv_lottery_bidset *lb);

#endif
