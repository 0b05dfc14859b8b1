/* fuzz_lottery_alloc.c: libFuzzer target for the lottery allocation check (formats/allocation.md "Version 2") */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epoch.h"
#include "err.h"
#include "json.h"
#include "lottery_bidset.h"
#include "sig.h"
#include "stake.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

/* The fixture: corpus/valid/lottery-demo (run from the repository root, as scripts/fuzz.sh does). */
static struct gv_lottery_bidset lb;
static struct gv_stake_table table;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct gv_json_bound bound = { "an allocation",
		GV_ALLOC2_MAX_VALUES, GV_ALLOC2_MAX_CONTAINERS };
	static int started;
	struct gv_lottery_summary sum;
	struct gv_err e = { 0, "" };
	json_t *doc;
	int rc;

	if (!started) {
		if (gv_sig_init() != 0 ||
		    gv_lottery_bidset_load("corpus/valid/lottery-demo.json", &lb,
		    &e) != GV_OK ||
		    gv_stake_load("corpus/valid/lottery-demo.stake-table.json",
		    &table, &e) != GV_OK) {
			fprintf(stderr, "fuzz_lottery_alloc: %s\n", e.msg);
			abort();
		}
		started = 1;
	}
	if ((rc = gv_json_parse_bounded((const char *)data, size, "fuzz",
	    &bound, &doc, &e)) != GV_OK) {
		check_err(&e, rc);
		return 0;
	}
	gv_lottery_summary_init(&sum);
	if ((rc = gv_lottery_alloc_check(&lb, &table, doc, "fuzz", &sum,
	    &e)) != GV_OK)
		check_err(&e, rc);
	gv_lottery_summary_free(&sum);
	json_decref(doc);
	return 0;
}
