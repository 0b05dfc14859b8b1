/* fuzz_bidset.c: libFuzzer target for the bid set parser (formats/bidset.md) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bidset.h"
#include "err.h"
#include "json.h"
#include "sig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every report is "DOC: ..." with a known code and prints escaped. */
static void
check_err(const struct gv_err *e, int rc)
{
	char esc[4200];
	const unsigned char *p;

	if (rc != GV_MALFORMED && rc != GV_INVALID)
		abort();
	if (e->code != rc || strncmp(e->msg, "fuzz: ", 6) != 0)
		abort();
	gv_escape(esc, sizeof(esc), e->msg);
	for (p = (const unsigned char *)esc; *p != '\0'; p++)
		if (*p < 0x20 || *p >= 0x7f)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int started;
	struct gv_bidset bs;
	struct gv_err e = { 0, "" };
	json_t *root;
	size_t i, j;
	int rc;

	if (!started) {
		if (gv_sig_init() != 0)
			abort();
		started = 1;
	}
	if ((rc = gv_json_parse((const char *)data, size, "fuzz", &root,
	    &e)) != GV_OK) {
		check_err(&e, rc);
		return 0;
	}
	if ((rc = gv_bidset_from_json(root, "fuzz", &bs, &e)) != GV_OK) {
		check_err(&e, rc);
		return 0;
	}
	/* The invariants the solver and the checks rely on. */
	if (bs.nrollups == 0 || bs.nrollups > GV_MAX_ROLLUPS ||
	    bs.nbids > GV_MAX_BIDS || bs.slot_count == 0)
		abort();
	for (i = 0; i < bs.nrollups; i++)
		if (gv_bidset_rollup(&bs, bs.rollups[i].id) != (long)i)
			abort();
	for (i = 0; i < bs.nbids; i++) {
		const struct gv_bid *b = &bs.bids[i];

		if (gv_bidset_bid(&bs, b->id) != (long)i)
			abort();
		if (b->nbundle == 0 || b->nbundle > GV_MAX_BUNDLE)
			abort();
		for (j = 0; j < b->nbundle; j++)
			if (b->bundle[j] >= bs.nrollups ||
			    (j > 0 && b->bundle[j] <= b->bundle[j - 1]))
				abort();
		if ((b->xor == NULL) != (b->xor_group < 0) ||
		    (b->xor_group >= 0 && (size_t)b->xor_group >= bs.nxor))
			abort();
	}
	if (bs.nbids <= 8 && (rc = gv_bidset_verify_sigs(&bs, &e)) != GV_OK)
		check_err(&e, rc);
	gv_bidset_free(&bs);
	return 0;
}
