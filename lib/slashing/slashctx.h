/* slashctx.h: the certified context of slashing evidence: schedule and penalties (formats/evidence.md, formats/slashing-params.md) */
#ifndef GV_SLASHCTX_H
#define GV_SLASHCTX_H

#include <stdint.h>

#include <gmp.h>
#include <jansson.h>

#include "canon.h"
#include "err.h"
#include "sig.h"
#include "verdict.h"

#define GV_PARAMS_FORMAT "gavel.slashing-params.v1"
#define GV_PARAMS_FORMAT_V2 "gavel.slashing-params.v2"
#define GV_PARAMS_MAX_OTHERS 16
#define GV_BPS_ONE 10000u

/*
 * Who sequences what, read from a certified allocation document (only the
 * fields the schedule needs are checked; the certificate vouches for the
 * rest). Points into the parsed value, which the caller keeps alive.
 */
struct gv_schedule {
	const char *marketplace;
	uint64_t epoch;
	uint64_t first, count;		/* slots [first, first + count) */
	const json_t *winners;
	unsigned char digest[GV_DIGEST_LEN];	/* digest("allocation", ...) */
	int version;		/* 1, or 2: a lottery allocation */
	const json_t *schedule;	/* version 2: one {slot, draws} a slot */
};

/*
 * Parse v (an allocation) into s; doc/path name it. GV_MALFORMED (also when
 * two winners share a rollup: nobody is scheduled for it), GV_INTERNAL.
 */
int gv_schedule_parse(const json_t *v, const char *doc, const char *path,
    struct gv_schedule *s, struct gv_err *e);

/*
 * As gv_schedule_parse, but v may also be a lottery allocation
 * (gavel.allocation.v2, formats/receipt.md "Under a lottery allocation"):
 * its winners' holders and its schedule of draws are read too, every draw
 * naming a holder of its winner (GV_MALFORMED otherwise). The draw itself
 * is trusted: the certificate vouches for it.
 */
int gv_schedule_parse_any(const json_t *v, const char *doc, const char *path,
    struct gv_schedule *s, struct gv_err *e);

/*
 * The key of the winner whose bundle holds rollup into key: 1, or 0 when
 * no winner holds it (unsold or unknown). Slots are the caller's check.
 * Version 1 only: under a version 2 schedule the holder depends on the slot
 * and this returns 0 (use gv_schedule_lookup_slot).
 */
int gv_schedule_lookup(const struct gv_schedule *s, const char *rollup,
    unsigned char key[GV_PK_LEN]);

/*
 * The key scheduled for rollup at slot under s (either version) into key:
 * 1, or 0 when the slot is outside s or no winner holds the rollup. With
 * purchase non-NULL, *purchase is the drawn purchase's id (version 2) or
 * NULL (version 1).
 */
int gv_schedule_lookup_slot(const struct gv_schedule *s, const char *rollup,
    uint64_t slot, unsigned char key[GV_PK_LEN], const char **purchase);

/*
 * Whether signer holds the sequencing right of rollup at slot under s:
 * the slot is one of s's, a winner holds the rollup, and that winner's key
 * is signer. GV_OK, or GV_INVALID naming the first that fails; the
 * message is "DOC: PATH.slot|.rollup|.sequencer: REASON" ending in
 * verdict ("not slashable" for evidence, say), worded as
 * formats/evidence.md's checks. Under a version 2 schedule the key is
 * the bidder of the purchase drawn for the slot, and a signer who holds
 * tickets of the bundle but was not drawn is told so (formats/receipt.md,
 * "Under a lottery allocation").
 */
int gv_schedule_check_signer(const struct gv_schedule *s, const char *rollup,
    uint64_t slot, const unsigned char signer[GV_PK_LEN], const char *doc,
    const char *path, const char *verdict, struct gv_err *e);

/* Slashing parameters: gv_slash_params_init before use, _free after. */
struct gv_slash_params {
	const char *marketplace;
	uint64_t epoch;
	mpz_t collateral;
	mpz_t penalty[GV_FAULT_NKINDS];		/* by enum gv_fault_kind */
	unsigned char digest[GV_DIGEST_LEN];	/* digest("slashing-params", ...) */
	/*
	 * Version 2: the recipient split (formats/slashing-params.md,
	 * "Version 2"). A v1 document reads as version 1, holder_bps 10000,
	 * no others. other_to points into the parsed value.
	 */
	int version;
	unsigned holder_bps;
	size_t nothers;
	const char *other_to[GV_PARAMS_MAX_OTHERS];
	unsigned other_bps[GV_PARAMS_MAX_OTHERS];
};

void gv_slash_params_init(struct gv_slash_params *p);
void gv_slash_params_free(struct gv_slash_params *p);

/*
 * Parse v against formats/slashing-params.md: gavel.slashing-params.v1, or
 * v2 with its recipients. GV_MALFORMED, GV_INTERNAL.
 */
int gv_slash_params_parse(const json_t *v, const char *doc, const char *path,
    struct gv_slash_params *p, struct gv_err *e);

/*
 * Split penalty by p's recipients, exactly (formats/slashing-params.md,
 * "The split, exactly"): others[i] = floor(penalty * other_bps[i] / 10000)
 * for i < p->nothers, holder = penalty minus their sum (its share plus the
 * rounding remainder). others has p->nothers initialised entries.
 */
void gv_slash_split(const struct gv_slash_params *p, const mpz_t penalty,
    mpz_t holder, mpz_t *others);

#endif
