/* epoch.h: the lottery allocation gavel.allocation.v2 and its beacon (formats/allocation.md "Version 2", formats/bidset-lottery.md) */
#ifndef GV_EPOCH_H
#define GV_EPOCH_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>
#include <jansson.h>

#include "alloc.h"
#include "canon.h"
#include "cert.h"
#include "err.h"
#include "lottery_bidset.h"
#include "stake.h"

#define GV_ALLOC2_MAX_BYTES (64u << 20)
/*
 * The most values a lottery allocation can hold (json.h), for the v4
 * limits (256 rollups, 16384 purchases, 1024 slots): top 1 + 16 names +
 * 6 scalars; slots 5; winners 1 + 256 x (object, 4 names, 2 scalars, 2
 * arrays) + 256 bundle ids; holders and refunds together 16384 x (object,
 * 4 names, 3 scalars); unsold 1 + 256; rollups 1 + 256 x 5; search 13;
 * beacon 1 + 5 names + 3 scalars + block 21 + a certificate's 500017;
 * schedule 1 + 1024 x (object, 2 names, slot, draws array, 256 ids) =
 * 902524 values, of which 119469 objects and arrays.
 */
#define GV_ALLOC2_MAX_VALUES 902524
#define GV_ALLOC2_MAX_CONTAINERS 119469

/*
 * Check the beacon proof of lb (formats/bidset-lottery.md "The beacon"):
 * block is rollup lb->beacon_rollup's header of slot lb->beacon_slot in
 * lb's marketplace, and cert, checked against t, certifies {"kind":
 * "block", "digest": its digest}. value receives that digest (the
 * beacon); r (initialised by the caller) the certificate's stakes.
 * blockdoc/blockpath and certdoc name them in messages. GV_OK,
 * GV_INVALID (another block, a certificate that fails), GV_MALFORMED.
 */
int gv_beacon_check(const struct gv_lottery_bidset *lb,
    const struct gv_stake_table *t, const json_t *block, const char *blockdoc,
    const char *blockpath, const json_t *cert, const char *certdoc,
    unsigned char value[GV_DIGEST_LEN], struct gv_cert_result *r,
    struct gv_err *e);

/*
 * The lottery allocation of lb for winners a (an allocation of lb->solve,
 * with its status, stop and bound), beacon value and its proof (block and
 * cert, copied): a new reference, or NULL with e set.
 */
json_t *gv_lottery_alloc_json(const struct gv_lottery_bidset *lb,
    const struct gv_alloc *a, const unsigned char value[GV_DIGEST_LEN],
    const json_t *block, const json_t *cert, struct gv_err *e);

/* What a successful check found, for the summary line. */
struct gv_lottery_summary {
	unsigned char beacon[GV_DIGEST_LEN];
	mpz_t signed_stake, total, next_price;
	size_t nwinners;
};

void gv_lottery_summary_init(struct gv_lottery_summary *s);
void gv_lottery_summary_free(struct gv_lottery_summary *s);

/*
 * Check a lottery allocation document against lb from scratch, in the
 * order of formats/allocation.md ("Version 2", "Checks"), the beacon's
 * certificate against t; the first failure is reported. GV_MALFORMED
 * for a document that does not follow the format, GV_INVALID for one
 * that does but is wrong. s (initialised) is filled on success.
 */
int gv_lottery_alloc_check(const struct gv_lottery_bidset *lb,
    const struct gv_stake_table *t, const json_t *doc, const char *docname,
    struct gv_lottery_summary *s, struct gv_err *e);

#endif
