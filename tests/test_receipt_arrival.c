/* test_receipt_arrival.c: gavel-verify receipt, a pre-confirmation checked on arrival (formats/receipt.md, "On arrival") */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "util.h"

static void
at_root(void)
{
	const char *r = getenv("GAVEL_ROOT");

	cr_assert_eq(chdir(r ? r : "."), 0);
}

TestSuite(receipt_arrival, .init = at_root, .timeout = 60);

static void
verify(struct gvt_run *r, const char *table, const char *alloc,
    const char *cert, const char *receipt)
{
	const char *argv[] = { gvt_bin("gavel-verify"), "receipt",
		"--stake-table", table, "--allocation", alloc,
		"--allocation-certificate", cert, receipt, NULL };

	cr_assert_eq(gvt_run(r, argv), 0);
}

/*
 * Every corpus/receipts/receipt-*.json against its .expect: the exit
 * status, then the exact line (stdout when binding, stderr otherwise).
 */
Test(receipt_arrival, each_receipt_gets_its_exact_verdict)
{
	char expect[512];
	struct gvt_run r;
	size_t i, binding = 0;
	glob_t g;
	char *ex, *nl;
	int code;

	cr_assert_eq(glob("corpus/receipts/receipt-*.json", 0, NULL, &g), 0);
	cr_assert_eq(g.gl_pathc, 6);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *f = g.gl_pathv[i];

		snprintf(expect, sizeof(expect), "%.*s.expect",
		    (int)(strlen(f) - 5), f);
		cr_assert_not_null(ex = gvt_read_file(expect, NULL), "%s",
		    expect);
		code = atoi(ex);
		cr_assert_not_null(nl = strchr(ex, '\n'));
		verify(&r, "corpus/receipts/stake-table.json",
		    "corpus/receipts/allocation.json",
		    "corpus/receipts/allocation.cert.json", f);
		cr_assert_eq(r.status, code, "%s: %s%s", f, r.out, r.err);
		cr_assert_str_eq(code == 0 ? r.out : r.err, nl + 1, "%s", f);
		if (code == 0)
			binding++;
		else
			cr_assert_str_empty(r.out, "%s", f);
		gvt_run_free(&r);
		free(ex);
	}
	/* the scheduled sequencer's tx and state promises; four strangers */
	cr_assert_eq(binding, 2);
	globfree(&g);
}

/* The receipt corpus is the slashing world's, piece for piece. */
Test(receipt_arrival, the_pieces_are_the_slashing_worlds)
{
	static const struct {
		const char *piece, *evidence, *key;
		int receipt;
	} map[] = {
		{ "stake-table", "valid/slashing-inclusion", "stake_table", 0 },
		{ "allocation", "valid/slashing-inclusion", "allocation", 0 },
		{ "allocation.cert", "valid/slashing-inclusion",
		    "allocation_certificate", 0 },
		{ "receipt-scheduled", "valid/slashing-inclusion", NULL, 1 },
		{ "receipt-state", "valid/slashing-state", NULL, 1 },
		{ "receipt-stranger", "adversarial/slashing-unscheduled-key",
		    NULL, 1 },
		{ "receipt-unsold", "adversarial/slashing-unsold-rollup", NULL,
		    1 },
		{ "receipt-outside-slots", "adversarial/slashing-outside-slots",
		    NULL, 1 },
		{ "receipt-bad-sig", "adversarial/slashing-bad-receipt-sig",
		    NULL, 1 },
	};
	char p[512];
	json_error_t je;
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		json_t *piece, *ev, *want;

		snprintf(p, sizeof(p), "corpus/receipts/%s.json", map[i].piece);
		cr_assert_not_null(piece = json_load_file(p, 0, &je), "%s", p);
		snprintf(p, sizeof(p), "corpus/%s.json", map[i].evidence);
		cr_assert_not_null(ev = json_load_file(p, 0, &je), "%s", p);
		want = map[i].receipt ?
		    json_array_get(json_object_get(ev, "receipts"), 0) :
		    json_object_get(json_object_get(ev, "context"), map[i].key);
		cr_assert(json_equal(piece, want), "corpus/receipts/%s.json is "
		    "not %s's", map[i].piece, map[i].evidence);
		json_decref(piece);
		json_decref(ev);
	}
}

/* A certificate by any other table than the trusted one vouches for nothing. */
Test(receipt_arrival, an_allocation_certified_by_another_table_binds_nothing)
{
	struct gvt_run r;

	verify(&r, "corpus/valid/cert-block.table.json",
	    "corpus/receipts/allocation.json",
	    "corpus/receipts/allocation.cert.json",
	    "corpus/receipts/receipt-scheduled.json");
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.err, "gavel-verify: corpus/receipts/"
	    "allocation.cert.json: stake_table: stake table mismatch: the "
	    "certificate names eb3e1970f9fc4487c152a06606c7f4288723f52f031ca3ff"
	    "9d20bc0eaf6593fb, the table's digest is 9470339ca91f1951fa05735f4e"
	    "3e26688d12ca69e76f4561982885989d803227\n");
	cr_assert_str_empty(r.out);
	gvt_run_free(&r);
}

Test(receipt_arrival, every_piece_is_required_and_usage_errors_say_which)
{
	const char *no_cert[] = { gvt_bin("gavel-verify"), "receipt",
		"--stake-table", "corpus/receipts/stake-table.json",
		"--allocation", "corpus/receipts/allocation.json",
		"corpus/receipts/receipt-scheduled.json", NULL };
	const char *twice[] = { gvt_bin("gavel-verify"), "receipt",
		"--allocation", "a", "--allocation", "b", "r", NULL };
	const char *help[] = { gvt_bin("gavel-verify"), "receipt", "-h", NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, no_cert), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: receipt: "
	    "--allocation-certificate is required: a receipt binds only under a "
	    "certified allocation (usage: gavel-verify receipt (--stake-table "
	    "TABLE.json | --trust-root DIGEST --chain CHAIN.json) --allocation "
	    "ALLOCATION.json --allocation-certificate CERT.json [--delegation "
	    "DELEGATION.json] RECEIPT.json)\n");
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, twice), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_not_null(strstr(r.err, "--allocation given twice"), "%s",
	    r.err);
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, help), 0);
	cr_assert_eq(r.status, 0);
	cr_assert_not_null(strstr(r.out, "--allocation-certificate FILE"));
	gvt_run_free(&r);
}

/*
 * A gateway's receipts: corpus/receipts/via-NAME.{delegation,receipt}.json
 * with their .expect. One binds; each other shows one way a delegation
 * fails to make a gateway's promise binding.
 */
Test(receipt_arrival, a_gateways_receipt_binds_only_under_its_delegation)
{
	char expect[512], receipt[512];
	struct gvt_run r;
	size_t i, binding = 0;
	glob_t g;
	char *ex, *nl;
	int code;

	cr_assert_eq(glob("corpus/receipts/via-*.delegation.json", 0, NULL,
	    &g), 0);
	cr_assert_eq(g.gl_pathc, 7);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *d = g.gl_pathv[i];
		int stem = (int)(strlen(d) - strlen(".delegation.json"));
		const char *argv[] = { gvt_bin("gavel-verify"), "receipt",
			"--stake-table", "corpus/receipts/stake-table.json",
			"--allocation", "corpus/receipts/allocation.json",
			"--allocation-certificate",
			"corpus/receipts/allocation.cert.json", "--delegation", d,
			receipt, NULL };

		snprintf(expect, sizeof(expect), "%.*s.expect", stem, d);
		snprintf(receipt, sizeof(receipt), "%.*s.receipt.json", stem, d);
		cr_assert_not_null(ex = gvt_read_file(expect, NULL), "%s",
		    expect);
		code = atoi(ex);
		cr_assert_not_null(nl = strchr(ex, '\n'));
		cr_assert_eq(gvt_run(&r, argv), 0);
		cr_assert_eq(r.status, code, "%s: %s%s", d, r.out, r.err);
		cr_assert_str_eq(code == 0 ? r.out : r.err, nl + 1, "%s", d);
		binding += code == 0;
		gvt_run_free(&r);
		free(ex);
	}
	cr_assert_eq(binding, 1);
	globfree(&g);
}

/* Without its delegation, a gateway is just another stranger. */
Test(receipt_arrival, a_gateways_receipt_without_the_delegation_binds_nothing)
{
	struct gvt_run r;

	verify(&r, "corpus/receipts/stake-table.json",
	    "corpus/receipts/allocation.json",
	    "corpus/receipts/allocation.cert.json",
	    "corpus/receipts/via-gateway.receipt.json");
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.err, "gavel-verify: corpus/receipts/"
	    "via-gateway.receipt.json: sequencer: signer is not the scheduled "
	    "sequencer of rollup \"r-arb\" at slot 7003 (the allocation "
	    "schedules b45d3e1879d143aab22c17164c604091f7367bf8eb05917ba569b318a8"
	    "2daa35): the promise does not bind\n");
	gvt_run_free(&r);
}

/* A delegation's own format errors name the field (found by the outsider). */
Test(receipt_arrival, a_delegation_of_no_slots_is_malformed)
{
	char *d, *c, want[1024];
	const char *path = gvt_tmp("count0.json");
	const char *argv[] = { gvt_bin("gavel-verify"), "receipt",
		"--stake-table", "corpus/receipts/stake-table.json",
		"--allocation", "corpus/receipts/allocation.json",
		"--allocation-certificate", "corpus/receipts/allocation.cert.json",
		"--delegation", path, "corpus/receipts/via-gateway.receipt.json",
		NULL };
	struct gvt_run r;

	cr_assert_not_null(d = gvt_read_file(
	    "corpus/receipts/via-gateway.delegation.json", NULL));
	cr_assert_not_null(c = strstr(d, "\"count\": 50"));
	memcpy(c, "\"count\":  0", 11);
	cr_assert_eq(gvt_write_file(path, d, strlen(d)), 0);
	free(d);
	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 2);
	snprintf(want, sizeof(want), "gavel-verify: %s: slots.count: must be at "
	    "least 1\n", path);
	cr_assert_str_eq(r.err, want);
	gvt_run_free(&r);
}
