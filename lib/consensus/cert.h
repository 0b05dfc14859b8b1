/* cert.h: quorum certificates over stake tables (formats/certificate.md) */
#ifndef GV_CERT_H
#define GV_CERT_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>
#include <jansson.h>

#include "canon.h"
#include "err.h"
#include "sig.h"
#include "stake.h"

#define GV_CERT_FORMAT "gavel.certificate.v1"
#define GV_CERT_MAX_BYTES (32u << 20)
/*
 * The most values a certificate can hold (json.h): the top object, 6
 * names, 4 scalars, subject 5, signatures 1 + 100000 x 5 = 500017
 * values, of which 100003 objects and arrays.
 */
#define GV_CERT_MAX_VALUES 500017
#define GV_CERT_MAX_CONTAINERS 100003

/* Outcome of gv_cert_check; the caller owns it (init before, free after). */
struct gv_cert_result {
	mpz_t signed_stake, total;
	size_t nsigners;
	size_t nbad;
	size_t *bad;	/* signer indices whose signature fails, ascending;
			   non-NULL once the signatures were checked */
	/*
	 * Progress, for a display in another thread while gv_cert_check runs:
	 * signatures to check and checked so far. Written and to be read
	 * with atomic builtins (__atomic_load_n); zero until the check starts.
	 */
	size_t sig_total, sig_done;
};

void gv_cert_result_init(struct gv_cert_result *r);
void gv_cert_result_free(struct gv_cert_result *r);

/*
 * Check certificate document cert (doc names it) against table t. If
 * want_kind/want_digest are non-NULL the certificate must certify exactly
 * that subject. threads: 0 = all cores. Returns GV_OK when valid (every
 * signature verifies, no duplicate signer, 3*signed > 2*total), GV_INVALID
 * with reason otherwise (r still filled), GV_MALFORMED for format errors.
 * The caller keeps t and cert.
 */
int gv_cert_check(const struct gv_stake_table *t, const json_t *cert,
    const char *doc, const char *want_kind, const unsigned char *want_digest,
    int threads, struct gv_cert_result *r, struct gv_err *e);

/*
 * The 32-byte vote message signers sign: digest("vote", marketplace,
 * epoch, {"digest":D,"kind":K,"stake_table":T}). GV_OK or GV_INTERNAL.
 */
int gv_cert_vote_digest(const char *marketplace, uint64_t epoch,
    const char *kind, const unsigned char subject[GV_DIGEST_LEN],
    const unsigned char table[GV_DIGEST_LEN],
    unsigned char out[GV_DIGEST_LEN]);

/*
 * Sign a subject as table entry i (generators): appends
 * {"signer":i,"sig":hex} to the certificate's signatures array keeping it
 * sorted. cert must already hold marketplace, epoch, subject and
 * stake_table. GV_OK, GV_MALFORMED (cert lacks those) or GV_INTERNAL.
 */
int gv_cert_sign(json_t *cert, const struct gv_stake_table *t, size_t i,
    const unsigned char sk[GV_SK_LEN]);

#endif
