/* fuzz_canon.c: libFuzzer target for the canonical encoding and amounts (formats/README.md, "Canonical encoding", "Amounts") */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <jansson.h>

#include "amount.h"
#include "canon.h"
#include "err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An accepted amount prints back as the very same string. */
static void
amount_round_trip(const uint8_t *data, size_t size)
{
	struct gv_err e = { 0, "" };
	char s[100], *back;
	mpz_t v;

	if (size >= sizeof(s))
		return;
	memcpy(s, data, size);
	s[size] = '\0';
	mpz_init(v);
	if (gv_amount_parse(v, s, "fuzz", "amount", &e) == GV_OK) {
		if ((back = gv_amount_str(v)) == NULL || strcmp(back, s) != 0)
			abort();
		if (mpz_sizeinbase(v, 2) > 256)
			abort();
		free(back);
	} else if (e.code != GV_MALFORMED)
		abort();
	mpz_clear(v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gv_buf b1 = { NULL, 0, 0 }, b2 = { NULL, 0, 0 };
	unsigned char d1[GV_DIGEST_LEN], d2[GV_DIGEST_LEN];
	json_error_t je;
	json_t *v, *w = NULL;

	amount_round_trip(data, size);
	v = json_loadb((const char *)data, size,
	    JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
	if (v == NULL)
		return 0;
	if (gv_canon(&b1, v) != 0)
		goto cleanup;	/* a real: refused */
	/* canon(parse(canon(v))) == canon(v), and the digests agree. */
	if ((w = json_loadb((const char *)b1.p, b1.len,
	    JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je)) == NULL)
		abort();
	if (gv_canon(&b2, w) != 0 || b1.len != b2.len ||
	    memcmp(b1.p, b2.p, b1.len) != 0)
		abort();
	if (gv_digest(d1, "fuzz", "m", 1, v) != GV_OK ||
	    gv_digest(d2, "fuzz", "m", 1, w) != GV_OK ||
	    memcmp(d1, d2, sizeof(d1)) != 0)
		abort();
cleanup:
	gv_buf_free(&b1);
	gv_buf_free(&b2);
	json_decref(v);
	json_decref(w);
	return 0;
}
