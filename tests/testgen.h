/* testgen.h: bid sets built in memory for the tests (formats/bidset.md) */
#ifndef GVT_TESTGEN_H
#define GVT_TESTGEN_H

#include <stdint.h>

#include <jansson.h>

#include "bidset.h"

/* A bid set document with no rollups and no bids yet; a new reference. */
json_t *gvt_doc(const char *marketplace, uint64_t epoch);
void gvt_rollup(json_t *doc, const char *id, const char *reserve);
/*
 * Append a bid: bundle is a space-separated list of rollup ids, xor NULL
 * for none. The bidder key and the signature are dummies (see gvt_sign).
 */
void gvt_bid(json_t *doc, const char *id, const char *bundle,
    const char *amount, const char *xor);
/* Give bid i the key gv_sig_test_keypair("gavel-test", i) and sign it. */
void gvt_sign(json_t *doc);

/* Parameters of a random bid set (seeded, the same on every run). */
struct gvt_rand {
	unsigned long long seed;
	unsigned nrollups;	/* at most 26 */
	unsigned nbids;		/* at most 999 */
	unsigned maxb;		/* largest bundle */
	unsigned xor_pct;	/* share of bids in one of 4 XOR groups */
	unsigned zero_pct;	/* share of rollups with reserve 0 */
	unsigned dup_pct;	/* share of bids copying an earlier bundle */
	unsigned scale;		/* extra low decimal digits on every amount */
};
json_t *gvt_random(const struct gvt_rand *p);

/* Parse doc (the reference is taken over); aborts the test on error. */
void gvt_load(json_t *doc, struct gv_bidset *bs);

/*
 * The small bid set of the tie-rule tests: rollups ra, rb, rc (reserve 0)
 * and rd (reserve 3); bids by index: 0 a "ra rb" 10, 1 b "ra" 5, 2 c "rb"
 * 5, 3 d "rc" 1, 4 e "rc" 1 (XOR x), 5 f "rd" 4.
 */
void gvt_load_ties(struct gv_bidset *bs);

#endif
