/* sig.c: Ed25519 signatures as gavel uses them (formats/README.md, "Signatures") */
#include <string.h>

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

void
gv_sig_test_keypair(const char *label, unsigned long long index,
    unsigned char pk[GV_PK_LEN], unsigned char sk[GV_SK_LEN])
{
	unsigned char seed[crypto_hash_sha256_BYTES], be[8];
	crypto_hash_sha256_state st;
	int i;

	for (i = 0; i < 8; i++)
		be[i] = (unsigned char)(index >> (56 - 8 * i));
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)label,
	    strlen(label) + 1);
	crypto_hash_sha256_update(&st, be, 8);
	crypto_hash_sha256_final(&st, seed);
	crypto_sign_seed_keypair(pk, sk, seed);
}

void
gv_sig_sign(const unsigned char sk[GV_SK_LEN], const void *msg, size_t len,
    unsigned char sig[GV_SIG_LEN])
{
	crypto_sign_detached(sig, NULL, msg, len, sk);
}
