/* receipt.h: sequencer pre-confirmation receipts (formats/receipt.md) */
#ifndef GV_RECEIPT_H
#define GV_RECEIPT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "canon.h"
#include "err.h"
#include "sig.h"

#define GV_RECEIPT_FORMAT "gavel.receipt.v1"
#define GV_RECEIPT_FORMAT_V2 "gavel.receipt.v2"
#define GV_RECEIPT_MAX_LEGS 16

enum gv_promise_kind { GV_PROMISE_TX, GV_PROMISE_STATE };

/*
 * A parsed receipt. Strings point into the JSON value it was parsed from,
 * which the caller keeps alive; nothing here needs freeing.
 */
struct gv_receipt {
	const char *marketplace;
	uint64_t epoch;
	const char *rollup;
	uint64_t slot;
	unsigned char sequencer[GV_PK_LEN];
	int kind;			/* enum gv_promise_kind */
	uint64_t position;
	unsigned char value[GV_DIGEST_LEN];	/* "tx" or "root" */
	unsigned char sig[GV_SIG_LEN];
	unsigned char digest[GV_DIGEST_LEN];	/* signed: receipt minus sig */
	/*
	 * Version 2 (atomic legs), filled by gv_receipt_parse_any: version is
	 * 2 and rollup, kind, position and value are those of legs[0] (see
	 * gv_receipt_leg). For a v1 receipt version is 1, legs NULL, nlegs 1,
	 * collateral NULL and holder zero.
	 */
	int version;
	unsigned char holder[GV_PK_LEN];
	const char *collateral;		/* decimal amount, as signed */
	const json_t *legs;
	size_t nlegs;
};

/*
 * Check v against formats/receipt.md (not the signature) and fill r,
 * digest included. doc and path name v in messages; path may be NULL for
 * a top-level document. Errors: GV_MALFORMED, GV_INTERNAL.
 */
int gv_receipt_parse(const json_t *v, const char *doc, const char *path,
    struct gv_receipt *r, struct gv_err *e);

/*
 * As gv_receipt_parse, for a gavel.receipt.v1 or gavel.receipt.v2 receipt
 * (formats/receipt.md, "Version 2"): every leg is checked. Any other format
 * is "PATH.format: unsupported format "X", expected "gavel.receipt.v1" or
 * "gavel.receipt.v2"". GV_MALFORMED, GV_INTERNAL.
 */
int gv_receipt_parse_any(const json_t *v, const char *doc, const char *path,
    struct gv_receipt *r, struct gv_err *e);

/*
 * out = r with rollup, kind, position and value of leg i (i < r->nlegs;
 * leg 0 of a v1 receipt is the receipt itself). out may be r. GV_OK, or
 * GV_INTERNAL when i is out of range.
 */
int gv_receipt_leg(const struct gv_receipt *r, size_t i,
    struct gv_receipt *out);

/* 1 if r's signature verifies under r->sequencer over r->digest, else 0. */
int gv_receipt_sig_ok(const struct gv_receipt *r);

/* 1 if a and b make the same promise (kind, position and value), else 0. */
int gv_receipt_same_promise(const struct gv_receipt *a,
    const struct gv_receipt *b);

/*
 * Sign a receipt object for its own marketplace and epoch (replacing any
 * "sig"). For generators and tests. Returns GV_OK or GV_INTERNAL.
 */
int gv_receipt_sign(json_t *receipt, const unsigned char sk[GV_SK_LEN]);

/* The "promise" kind names: "tx", "state". */
const char *gv_promise_name(int kind);

#endif
