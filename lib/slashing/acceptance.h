/* acceptance.h: the operator's signed acknowledgment of an accepted bid (formats/acceptance.md) */
#ifndef GV_ACCEPTANCE_H
#define GV_ACCEPTANCE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "bidset.h"
#include "canon.h"
#include "err.h"
#include "operator.h"
#include "sig.h"

#define GV_ACCEPTANCE_FORMAT "gavel.acceptance.v1"
#define GV_ACCEPTANCE_MAX_BYTES (1u << 20)

/*
 * A parsed acceptance receipt. Strings point into the JSON value it was
 * parsed from, which the caller keeps alive; nothing here needs freeing.
 */
struct gv_acceptance {
	const char *marketplace;
	uint64_t epoch;
	const char *bid_id;
	/* digest("bid", marketplace, epoch, the bid without "sig"): what the
	   bidder signed */
	unsigned char bid_digest[GV_DIGEST_LEN];
	uint64_t accepted_at, deadline;		/* UNIX seconds */
	unsigned char operator_key[GV_PK_LEN];
	unsigned char sig[GV_SIG_LEN];
	unsigned char digest[GV_DIGEST_LEN];	/* signed: receipt minus sig */
};

/*
 * Check v against formats/acceptance.md (not the signature) and fill a,
 * digest included. doc and path name v in messages (path NULL at the top
 * level). GV_MALFORMED or GV_INTERNAL.
 */
int gv_acceptance_parse(const json_t *v, const char *doc, const char *path,
    struct gv_acceptance *a, struct gv_err *e);

/* 1 if a's signature verifies under a->operator_key, else 0. */
int gv_acceptance_sig_ok(const struct gv_acceptance *a);

/*
 * Sign an acceptance object for its own marketplace and epoch (replacing
 * any "sig") with the operator's secret key. For generators and tests.
 * GV_OK or GV_INTERNAL.
 */
int gv_acceptance_sign(json_t *acceptance, const unsigned char sk[GV_SK_LEN]);

/* What an acceptance receipt proves about a certified bid set. */
enum gv_acceptance_verdict {
	GV_ACCEPT_INCLUDED,	/* the acknowledged bid is in the bid set */
	GV_ACCEPT_OMITTED	/* it is not: an operator fault */
};

/*
 * Judge acceptance a (file doc) against bid set bs, whose certificate the
 * caller has checked, and operator document o, whose certificate the
 * caller has checked too (formats/acceptance.md, "Omission"). Returns
 * GV_INVALID with the reason when a proves nothing (another marketplace or
 * epoch, a key o does not list, a bad signature, a bid accepted after the
 * deadline); else GV_OK with *verdict set, and for GV_ACCEPT_OMITTED the
 * omission's reason in e (code GV_INVALID) for the caller to report.
 * GV_INTERNAL on failure.
 */
int gv_acceptance_judge(const struct gv_acceptance *a, const char *doc,
    const struct gv_bidset *bs, const struct gv_operator *o,
    int *verdict, struct gv_err *e);

#endif
