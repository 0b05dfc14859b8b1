/* delegation.h: a winner's sequencing rights signed over to a gateway (formats/delegation.md) */
#ifndef GV_DELEGATION_H
#define GV_DELEGATION_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "canon.h"
#include "err.h"
#include "sig.h"

#define GV_DELEGATION_FORMAT "gavel.delegation.v1"
#define GV_DELEGATION_MAX_ROLLUPS 64
#define GV_DELEGATION_MAX_BYTES (1u << 20)

/*
 * A parsed delegation. Strings point into the JSON value it was parsed
 * from, which the caller keeps alive; nothing here needs freeing.
 */
struct gv_delegation {
	const char *marketplace;
	uint64_t epoch;
	unsigned char sequencer[GV_PK_LEN];	/* who delegates (and signs) */
	unsigned char gateway[GV_PK_LEN];	/* who may sign receipts */
	const json_t *rollups;			/* ascending rollup ids */
	uint64_t first, count;			/* slots [first, first + count) */
	unsigned char sig[GV_SIG_LEN];
	unsigned char digest[GV_DIGEST_LEN];	/* signed: delegation minus sig */
};

/*
 * Check v against formats/delegation.md (not the signature) and fill d,
 * digest included. doc and path name v in messages (path NULL at the top
 * level). GV_MALFORMED or GV_INTERNAL.
 */
int gv_delegation_parse(const json_t *v, const char *doc, const char *path,
    struct gv_delegation *d, struct gv_err *e);

/* 1 if d's signature verifies under d->sequencer over d->digest, else 0. */
int gv_delegation_sig_ok(const struct gv_delegation *d);

/* 1 if d covers rollup at slot (listed rollup, slot in range), else 0. */
int gv_delegation_covers(const struct gv_delegation *d, const char *rollup,
    uint64_t slot);

/*
 * Sign a delegation object (replacing any "sig") with the sequencer's
 * secret key. For generators and tests. GV_OK or GV_INTERNAL.
 */
int gv_delegation_sign(json_t *delegation, const unsigned char sk[GV_SK_LEN]);

#endif
