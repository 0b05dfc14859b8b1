/* fuzz_challenge.c: libFuzzer target for the challenge check against a fixed epoch (formats/challenge.md) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "bidset.h"
#include "challenge.h"
#include "err.h"
#include "harness.h"
#include "json.h"
#include "sig.h"
#include "stake.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct gv_bidset bs;
static struct gv_stake_table table;
static struct gv_published pub;

/*
 * The harness's bid set made v2, a one-validator stake table (test key),
 * and the allocation that sells nothing as the published one.
 */
static void
load_fixture(void)
{
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];
	char hex[2 * GV_PK_LEN + 1];
	struct gv_err e = { 0, "" };
	json_t *root, *t, *ad;

	if (gv_sig_init() != 0 ||
	    gv_json_parse(gvf_fixture, strlen(gvf_fixture), "bidset", &root, &e) !=
	    GV_OK)
		abort();
	json_object_set_new(root, "format", json_string("gavel.bidset.v2"));
	json_object_set_new(root, "finder_fee", json_pack("{s:i, s:s, s:s, s:i}",
	    "bps", 500, "min_improvement", "1", "cap", "1000", "window", 1));
	if (gv_bidset_from_json(root, "bidset", &bs, &e) != GV_OK)
		abort();
	gv_sig_test_keypair("gavel-fuzz", 0, pk, sk);
	gv_hex(hex, pk, GV_PK_LEN);
	t = json_pack("{s:s, s:s, s:I, s:[{s:s, s:s}]}", "format",
	    GV_STAKE_FORMAT, "marketplace", bs.marketplace, "epoch",
	    (json_int_t)bs.epoch, "entries", "key", hex, "stake", "1");
	if (t == NULL || gv_stake_from_json(t, "table", &table, &e) != GV_OK)
		abort();
	gv_alloc_init(&pub.a);
	if (gv_alloc_compute(&bs, NULL, 0, &pub.a, "published", &e) != GV_OK ||
	    (ad = gv_alloc_json(&bs, &pub.a)) == NULL ||
	    gv_digest(pub.digest, "allocation", bs.marketplace, bs.epoch, ad) !=
	    GV_OK)
		abort();
	json_decref(ad);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int started;
	struct gv_challenge c;
	struct gv_err e = { 0, "" };
	json_t *doc;
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
	gv_challenge_init(&c);
	rc = gv_challenge_check(&table, &bs, &pub, doc, "fuzz", &c, &e);
	if (rc != GV_OK && rc != GV_INVALID && rc != GV_MALFORMED)
		abort();
	if (rc != GV_OK && e.msg[0] == '\0')
		abort();
	gv_challenge_free(&c);
	json_decref(doc);
	return 0;
}
