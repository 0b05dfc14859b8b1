/* canon.h: canonical bytes and domain-separated digests (formats/README.md, "Canonical encoding") */
#ifndef GV_CANON_H
#define GV_CANON_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "err.h"

#define GV_DIGEST_LEN 32

/* A growable byte buffer; zero-initialise, release with gv_buf_free. */
struct gv_buf {
	unsigned char *p;
	size_t len, cap;
};

int gv_buf_put(struct gv_buf *b, const void *p, size_t n);
void gv_buf_free(struct gv_buf *b);

/*
 * Append the canonical encoding of v: objects with keys in ascending byte
 * order, no white space, integers in shortest decimal, strings with only
 * '"', '\\' and bytes below 0x20 escaped. Reals are refused (-1), as is
 * running out of memory.
 */
int gv_canon(struct gv_buf *b, const json_t *v);

/*
 * Append the domain prefix "gavel.v1" 0x00 KIND 0x00 MARKETPLACE 0x00
 * EPOCH(8 bytes, big-endian). Every digest and signed message starts so,
 * which keeps them apart across kinds, marketplaces and epochs.
 */
int gv_domain(struct gv_buf *b, const char *kind, const char *marketplace,
    uint64_t epoch);

/*
 * digest = SHA-256(domain(kind, marketplace, epoch) || canon(v)).
 * Returns GV_OK, or GV_INTERNAL (out of memory, or a real in v).
 */
int gv_digest(unsigned char out[GV_DIGEST_LEN], const char *kind,
    const char *marketplace, uint64_t epoch, const json_t *v);

/*
 * The signing digest of a signed object: gv_digest of v without its key
 * "sig" (v itself is left as it is). GV_OK or GV_INTERNAL.
 */
int gv_digest_unsigned(unsigned char out[GV_DIGEST_LEN], const char *kind,
    const char *marketplace, uint64_t epoch, const json_t *v);

/* SHA-256 of raw bytes. */
void gv_sha256(unsigned char out[GV_DIGEST_LEN], const void *p, size_t n);

#endif
