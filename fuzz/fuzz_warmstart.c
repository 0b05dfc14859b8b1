/* fuzz_warmstart.c: libFuzzer target for gavel-solve --warm-start's reading of an earlier allocation (formats/allocation.md, "Warm starts") */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "bidset.h"
#include "err.h"
#include "harness.h"
#include "json.h"
#include "sig.h"
#include "warmstart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct gv_bidset bs;

static void
load_fixture(void)
{
	gvf_start();
	gvf_fixture_bidset(&bs);
}

/*
 * Whatever the file: GV_OK with a start that is a feasible allocation of
 * the fixture, or GV_MALFORMED with a message naming the file.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int started;
	struct gv_err e = { 0, "" };
	struct gv_warm_info info;
	struct gv_alloc a;
	unsigned char *flags = NULL;
	size_t w[64], n = 0, i;
	const char *path;
	int rc;

	if (!started) {
		load_fixture();
		started = 1;
	}
	path = gvf_put(0, data, size);
	rc = gv_warm_start(&bs, path, &flags, &info, &e);
	if (rc != GV_OK) {
		if (rc != GV_MALFORMED || flags != NULL || e.code != rc ||
		    strstr(e.msg, path) == NULL)
			abort();
		return 0;
	}
	if (flags == NULL || info.started > info.matched ||
	    info.matched > info.winners)
		abort();
	for (i = 0; i < bs.nbids; i++)
		if (flags[i]) {
			if (n == sizeof(w) / sizeof(w[0]))
				abort();
			w[n++] = i;
		}
	if (n != info.started)
		abort();
	gv_alloc_init(&a);
	if (gv_alloc_compute(&bs, w, n, &a, "fuzz", &e) != GV_OK)
		abort();
	gv_alloc_free(&a);
	free(flags);
	return 0;
}
