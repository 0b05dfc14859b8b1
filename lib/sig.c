/* sig.c: Ed25519 signatures as gavel uses them (formats/README.md, "Signatures") */
#include <sodium.h>

#include "sig.h"

int
gv_sig_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

int
gv_sig_verify(const unsigned char pk[GV_PK_LEN], const void *msg, size_t len,
    const unsigned char sig[GV_SIG_LEN])
{
	return crypto_sign_verify_detached(sig, msg, len, pk) == 0;
}
