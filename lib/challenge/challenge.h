/* challenge.h: finder's-fee challenges and their check (formats/challenge.md) */
#ifndef GV_CHALLENGE_H
#define GV_CHALLENGE_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>
#include <jansson.h>

#include "alloc.h"
#include "bidset.h"
#include "canon.h"
#include "err.h"
#include "sig.h"
#include "stake.h"

#define GV_CHALLENGE_FORMAT "gavel.challenge.v1"
#define GV_CHALLENGE_MAX_BYTES (64u << 20)

/*
 * The published allocation a challenge beats: checked against its bid
 * set, its digest, and the allocation itself. Owned: gv_published_free.
 */
struct gv_published {
	unsigned char digest[GV_DIGEST_LEN];	/* kind "allocation" */
	struct gv_alloc a;
};

/*
 * Load FILE as an allocation of bs and check it as gavel-verify allocation
 * does (formats/allocation.md). On success p must be freed with
 * gv_published_free; on failure it is left empty (and safe to free).
 */
int gv_published_load(const struct gv_bidset *bs, const char *file,
    struct gv_published *p, struct gv_err *e);
void gv_published_free(struct gv_published *p);

/*
 * What the check of one challenge found; gv_challenge_init before,
 * gv_challenge_free after. rollup points into the checked document.
 */
struct gv_challenge {
	unsigned char id[GV_DIGEST_LEN];	/* digest("challenge", doc w/o sig) */
	unsigned char challenger[GV_PK_LEN];
	unsigned char commitment[GV_DIGEST_LEN];
	uint64_t slot, leaf_index;
	const char *rollup;
	struct gv_alloc alloc;		/* the improved allocation */
	mpz_t improvement, fee;		/* over the published allocation */
};

void gv_challenge_init(struct gv_challenge *c);
void gv_challenge_free(struct gv_challenge *c);

/*
 * Check challenge document doc (docname names it; NULL for no file name)
 * against stake table t, bid set bs (already checked, signatures too) and
 * the published allocation pub, in the order of formats/challenge.md
 * ("Checks"), filling c. GV_OK, GV_INVALID (a check fails), GV_MALFORMED
 * (format), GV_INTERNAL. The caller keeps every argument.
 */
int gv_challenge_check(const struct gv_stake_table *t,
    const struct gv_bidset *bs, const struct gv_published *pub,
    const json_t *doc, const char *docname, struct gv_challenge *c,
    struct gv_err *e);

/*
 * The commitment of a challenge: digest("challenge-commitment",
 * marketplace, epoch, doc without "commitment", "order" and "sig").
 * GV_OK or GV_INTERNAL.
 */
int gv_challenge_commitment(const json_t *doc, const char *marketplace,
    uint64_t epoch, unsigned char out[GV_DIGEST_LEN]);

/* The challenge's identity and signed message: digest("challenge", doc w/o "sig"). */
int gv_challenge_id(const json_t *doc, const char *marketplace,
    uint64_t epoch, unsigned char out[GV_DIGEST_LEN]);

/*
 * A new unrevealed challenge (a new reference): the improved allocation
 * newdoc (taken over), the improvement and fee over pub, challenger pk,
 * salt, and its commitment; no "order" or "sig" yet. NULL when out of
 * memory.
 */
json_t *gv_challenge_draft(const struct gv_bidset *bs,
    const struct gv_published *pub, json_t *newdoc, const mpz_t value,
    const unsigned char pk[GV_PK_LEN], const unsigned char salt[32]);

/*
 * Reveal: set "order" (a new reference is taken) and sign with sk. GV_OK
 * or GV_INTERNAL.
 */
int gv_challenge_reveal(json_t *doc, json_t *order,
    const unsigned char sk[GV_SK_LEN]);

/* Sign (or re-sign) doc with sk: sets "sig". GV_OK or GV_INTERNAL. */
int gv_challenge_sign(json_t *doc, const unsigned char sk[GV_SK_LEN]);

/*
 * Everything a challenge is checked against, loaded and checked in the
 * order of formats/challenge.md ("Checks", step 0): the stake table the
 * caller trusts, the bid set (every check, signatures too; it must be
 * v2), that the table is the bid set's marketplace and epoch, and the
 * published allocation. Owned: gv_challenge_ctx_free (safe after failure).
 */
struct gv_challenge_ctx {
	struct gv_stake_table table;
	struct gv_bidset bs;
	struct gv_published pub;
	int have_table, have_bs, have_pub;
};

int gv_challenge_ctx_load(const char *table, const char *bidset,
    const char *published, struct gv_challenge_ctx *x, struct gv_err *e);
/*
 * The same in three steps, for a caller that picks the table by the bid
 * set's epoch (a stake-table chain): on a zeroed x, the bid set (every
 * check, v2); then the table t, which x takes over (t is left empty, to
 * be freed or not), checked against the bid set's marketplace and epoch
 * and named table in that message; then the published allocation. Each
 * returns GV_OK or the failure's code with e set; x is freed by
 * gv_challenge_ctx_free whatever happened.
 */
int gv_challenge_ctx_load_bidset(struct gv_challenge_ctx *x,
    const char *bidset, struct gv_err *e);
int gv_challenge_ctx_set_table(struct gv_challenge_ctx *x,
    struct gv_stake_table *t, const char *table, struct gv_err *e);
int gv_challenge_ctx_load_published(struct gv_challenge_ctx *x,
    const char *published, struct gv_err *e);
void gv_challenge_ctx_free(struct gv_challenge_ctx *x);

#endif
