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

#endif
