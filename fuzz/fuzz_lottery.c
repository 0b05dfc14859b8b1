/* fuzz_lottery.c: libFuzzer target for the lottery bid set parser (formats/bidset-lottery.md) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "json.h"
#include "lottery_bidset.h"
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
	struct gv_lottery_bidset lb;
	struct gv_err e = { 0, "" };
	json_t *root;
	uint64_t sum = 0, bsum;
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
	if ((rc = gv_lottery_bidset_from_json(root, "fuzz", &lb, &e)) !=
	    GV_OK) {
		check_err(&e, rc);
		gv_lottery_bidset_free(&lb);
		return 0;
	}
	/* The invariants the solver, the draw and the checks rely on. */
	if (lb.nrollups == 0 || lb.nrollups > GV_LOTTERY_MAX_ROLLUPS ||
	    lb.npurchases > GV_LOTTERY_MAX_PURCHASES || lb.slot_count == 0 ||
	    lb.slot_count > GV_LOTTERY_MAX_SLOTS ||
	    lb.solve.nbids != lb.nbundles || lb.plain.nbids != lb.nbundles ||
	    lb.solve.nrollups != lb.nrollups + lb.ngroups)
		abort();
	for (i = 0; i < lb.npurchases; i++)
		sum += lb.purchases[i].tickets;
	if (sum != lb.sold || sum > GV_INT_MAX)
		abort();
	for (i = 0; i < lb.nbundles; i++) {
		const struct gv_lottery_bundle *bu = &lb.bundles[i];

		if (bu->npurchases == 0 || lb.solve.bids[i].nbundle > GV_MAX_BUNDLE ||
		    (i > 0 && strcmp(lb.bundles[i - 1].name, bu->name) >= 0))
			abort();
		for (bsum = 0, j = 0; j < bu->npurchases; j++)
			bsum += lb.purchases[bu->purchases[j]].tickets;
		if (bsum != bu->tickets || bsum == 0)
			abort();
	}
	if (lb.npurchases <= 8 && (rc = gv_lottery_verify_sigs(&lb, &e)) !=
	    GV_OK)
		check_err(&e, rc);
	gv_lottery_bidset_free(&lb);
	return 0;
}
