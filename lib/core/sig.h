/* sig.h: Ed25519 signatures as gavel uses them (formats/README.md, "Signatures") */
#ifndef GV_SIG_H
#define GV_SIG_H

#include <stddef.h>

#define GV_PK_LEN 32
#define GV_SIG_LEN 64

/* Initialise libsodium once; 0 on success, -1 if it cannot start. */
int gv_sig_init(void);

/*
 * 1 if sig is a valid Ed25519 (RFC 8032, pure) signature by pk over msg,
 * else 0. libsodium's rules apply and are the spec's: s must be below L,
 * and small-order or non-canonical public keys and R values are refused.
 */
int gv_sig_verify(const unsigned char pk[GV_PK_LEN], const void *msg,
    size_t len, const unsigned char sig[GV_SIG_LEN]);

#define GV_SK_LEN 64

/*
 * Deterministic key pair from a label and an index: the seed is
 * SHA-256(label || 0x00 || index as 8 bytes big-endian). For fixtures and
 * generators only: such keys are public knowledge.
 */
void gv_sig_test_keypair(const char *label, unsigned long long index,
    unsigned char pk[GV_PK_LEN], unsigned char sk[GV_SK_LEN]);

/* Sign msg with sk (libsodium's 64-byte secret key). */
void gv_sig_sign(const unsigned char sk[GV_SK_LEN], const void *msg,
    size_t len, unsigned char sig[GV_SIG_LEN]);

#endif
