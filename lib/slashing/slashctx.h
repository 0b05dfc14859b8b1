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
};

/*
 * Parse v (an allocation) into s; doc/path name it. GV_MALFORMED (also when
 * two winners share a rollup: nobody is scheduled for it), GV_INTERNAL.
 */
int gv_schedule_parse(const json_t *v, const char *doc, const char *path,
    struct gv_schedule *s, struct gv_err *e);

/*
 * The key of the winner whose bundle holds rollup into key: 1, or 0 when
 * no winner holds it (unsold or unknown). Slots are the caller's check.
 */
int gv_schedule_lookup(const struct gv_schedule *s, const char *rollup,
    unsigned char key[GV_PK_LEN]);

/*
 * Whether signer holds the sequencing right of rollup at slot under s:
 * the slot is one of s's, a winner holds the rollup, and that winner's key
 * is signer. GV_OK, or GV_INVALID naming the first that fails; the
 * message is "DOC: PATH.slot|.rollup|.sequencer: REASON" ending in
 * verdict ("not slashable" for evidence, say), worded as
 * formats/evidence.md's checks.
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
};

void gv_slash_params_init(struct gv_slash_params *p);
void gv_slash_params_free(struct gv_slash_params *p);

/* Parse v against formats/slashing-params.md. GV_MALFORMED, GV_INTERNAL. */
int gv_slash_params_parse(const json_t *v, const char *doc, const char *path,
    struct gv_slash_params *p, struct gv_err *e);

#endif
