/* fuzz_boundcert.c: libFuzzer target for the bound certificate check against a fixed bid set and allocation (formats/bound-certificate.md) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "alloc.h"
#include "bidset.h"
#include "boundcert.h"
#include "canon.h"
#include "err.h"
#include "harness.h"
#include "json.h"
#include "sig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct gv_bidset bs;
static json_t *alloc;
static char bshex[2 * GV_DIGEST_LEN + 1], ahex[2 * GV_DIGEST_LEN + 1];

/* The fixture's bid set and its allocation that sells nothing. */
static void
load_fixture(void)
{
	struct gv_err e = { 0, "" };
	struct gv_alloc a;
	unsigned char d[GV_DIGEST_LEN];

	gv_alloc_init(&a);
	gvf_fixture_bidset(&bs);
	if (gv_alloc_compute(&bs, NULL, 0, &a, "alloc", &e) != GV_OK ||
	    (alloc = gv_alloc_json(&bs, &a)) == NULL ||
	    gv_digest(d, "allocation", bs.marketplace, bs.epoch, alloc) !=
	    GV_OK)
		abort();
	gv_hex(bshex, bs.digest, GV_DIGEST_LEN);
	gv_hex(ahex, d, GV_DIGEST_LEN);
	gv_alloc_free(&a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int started;
	struct gv_err e = { 0, "" };
	json_t *doc;
	mpz_t bound;
	int rc;

	if (!started) {
		load_fixture();
		started = 1;
	}
	if ((rc = gv_json_parse((const char *)data, size, "fuzz", &doc,
	    &e)) != GV_OK) {
		if (rc != GV_MALFORMED)
			abort();
		return 0;
	}
	/* the digests are out of a fuzzer's reach: supply them, to get past */
	if (json_is_object(doc)) {
		if (json_is_string(json_object_get(doc, "bidset")))
			json_object_set_new(doc, "bidset", json_string(bshex));
		if (json_is_string(json_object_get(doc, "allocation")))
			json_object_set_new(doc, "allocation",
			    json_string(ahex));
	}
	mpz_init(bound);
	rc = gv_boundcert_check(&bs, alloc, doc, "fuzz", bound, &e);
	if (rc != GV_OK && rc != GV_INVALID && rc != GV_MALFORMED)
		abort();
	if (rc != GV_OK && (e.code != rc || strncmp(e.msg, "fuzz", 4) != 0))
		abort();
	mpz_clear(bound);
	json_decref(doc);
	return 0;
}
