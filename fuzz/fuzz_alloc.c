/* fuzz_alloc.c: libFuzzer target for the allocation check against a fixed bid set (formats/allocation.md) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "bidset.h"
#include "err.h"
#include "json.h"
#include "harness.h"
#include "sig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static struct gv_bidset bs;

static void
load_fixture(void)
{
	struct gv_err e = { 0, "" };

	gvf_fixture_bidset(&bs);
	if (gv_bidset_verify_sigs(&bs, &e) != GV_OK)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int started;
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
	rc = gv_alloc_check(&bs, doc, "fuzz", &e);
	if (rc != GV_OK && rc != GV_INVALID && rc != GV_MALFORMED)
		abort();
	if (rc != GV_OK && (e.code != rc || strncmp(e.msg, "fuzz", 4) != 0))
		abort();
	json_decref(doc);
	return 0;
}
