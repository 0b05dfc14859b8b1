/* test_limits.c: every input limit at the limit and one past, and the fuzz regressions (formats/README.md, formats/bidset.md) */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <gmp.h>
#include <jansson.h>

#include "alloc.h"
#include "amount.h"
#include "bidset.h"
#include "json.h"
#include "testgen.h"
#include "util.h"

#define MAX_AMOUNT "11579208923731619542357098500868790785326998466564056" \
	"4039457584007913129639935"	/* 2^256-1, 78 digits */
#define HALF "5789604461865809771178549250434395392663499233282028201972879" \
	"2003956564819968"	/* 2^255 */
#define HALF_MINUS_1 "578960446186580977117854925043439539266349923328202" \
	"82019728792003956564819967"	/* 2^255-1 */
#define OVER_AMOUNT "11579208923731619542357098500868790785326998466564056" \
	"4039457584007913129639936"	/* 2^256, 78 digits */

static void
accepted(json_t *doc)
{
	struct gv_bidset bs;

	gvt_load(doc, &bs);
	gv_bidset_free(&bs);
}

static void
refused(json_t *doc, const char *msg)
{
	struct gv_err e = { 0, "" };
	struct gv_bidset bs;
	int rc;

	rc = gv_bidset_from_json(doc, "t", &bs, &e);
	cr_assert_eq(rc, GV_MALFORMED, "accepted, expected: %s", msg);
	cr_assert_str_eq(e.msg, msg);
}

/* One rollup "r" and one bid on it: the smallest useful bid set. */
static json_t *
base(void)
{
	json_t *d = gvt_doc("m", 1);

	gvt_rollup(d, "r", "1");
	gvt_bid(d, "b", "r", "2", NULL);
	return d;
}

static json_t *
with_rollups(unsigned n)
{
	json_t *d = gvt_doc("m", 1);
	char id[16];
	unsigned i;

	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "r%04u", i);
		gvt_rollup(d, id, "0");
	}
	return d;
}

Test(limits, rollups_1024_accepted_1025_refused)
{
	accepted(with_rollups(GV_MAX_ROLLUPS));
	refused(with_rollups(GV_MAX_ROLLUPS + 1),
	    "t: rollups: 1025 rollups, the limit is 1024");
}

static json_t *
with_bids(unsigned n)
{
	json_t *d = gvt_doc("m", 1);
	char id[16];
	unsigned i;

	gvt_rollup(d, "r", "0");
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "b%05u", i);
		gvt_bid(d, id, "r", "1", NULL);
	}
	return d;
}

Test(limits, bids_65536_accepted_65537_refused, .timeout = 120)
{
	accepted(with_bids(GV_MAX_BIDS));
	refused(with_bids(GV_MAX_BIDS + 1),
	    "t: bids: 65537 bids, the limit is 65536");
}

static json_t *
with_bundle(unsigned n)
{
	json_t *d = with_rollups(n);
	char bundle[16 * 80] = "", id[16];
	unsigned i;

	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%sr%04u", i ? " " : "", i);
		strcat(bundle, id);
	}
	gvt_bid(d, "b", bundle, "1", NULL);
	return d;
}

Test(limits, bundle_64_accepted_65_refused)
{
	accepted(with_bundle(GV_MAX_BUNDLE));
	refused(with_bundle(GV_MAX_BUNDLE + 1),
	    "t: bids[0].bundle: 65 rollups in one bundle, the limit is 64");
}

Test(limits, identifiers_64_bytes_accepted_65_refused)
{
	char id[GV_ID_MAX + 2], msg[256];
	json_t *d;

	memset(id, 'a', sizeof(id) - 1);
	id[GV_ID_MAX] = '\0';
	d = gvt_doc(id, 1);
	gvt_rollup(d, "r", "0");
	accepted(d);
	d = gvt_doc("m", 1);
	gvt_rollup(d, id, "0");
	gvt_bid(d, id, id, "1", id);
	accepted(d);

	id[GV_ID_MAX] = 'a';
	id[GV_ID_MAX + 1] = '\0';
	snprintf(msg, sizeof(msg), "t: marketplace: identifier must be 1 to "
	    "64 bytes, got 65");
	refused(gvt_doc(id, 1), msg);
	d = gvt_doc("m", 1);
	gvt_rollup(d, id, "0");
	refused(d, "t: rollups[0].id: identifier must be 1 to 64 bytes, "
	    "got 65");
	d = gvt_doc("m", 1);
	gvt_rollup(d, "r", "0");
	gvt_bid(d, id, "r", "1", NULL);
	refused(d, "t: bids[0].id: identifier must be 1 to 64 bytes, got 65");
	d = gvt_doc("m", 1);
	gvt_rollup(d, "r", "0");
	gvt_bid(d, "b", "r", "1", id);
	refused(d, "t: bids[0].xor: identifier must be 1 to 64 bytes, got 65");
}

static json_t *
with_amounts(const char *reserve, const char *amount)
{
	json_t *d = gvt_doc("m", 1);

	gvt_rollup(d, "r", reserve);
	gvt_bid(d, "b", "r", amount, NULL);
	return d;
}

Test(limits, amounts_below_2_to_the_256_accepted_at_it_refused)
{
	char digits79[80];

	accepted(with_amounts(MAX_AMOUNT, "0"));
	accepted(with_amounts("0", MAX_AMOUNT));
	/* each an amount, but the totals an allocation states must be too */
	refused(with_amounts(MAX_AMOUNT, MAX_AMOUNT),
	    "t: all reserves and bid amounts add up to 2^256 or more");
	refused(with_amounts(OVER_AMOUNT, "1"),
	    "t: rollups[0].reserve: amount is 2^256 or more");
	refused(with_amounts("1", OVER_AMOUNT),
	    "t: bids[0].amount: amount is 2^256 or more");
	memset(digits79, '0', 79);
	digits79[0] = '1';
	digits79[79] = '\0';
	refused(with_amounts("1", digits79),
	    "t: bids[0].amount: amount has 79 digits, the limit is 78");
	{
		json_t *d = base();

		json_object_set_new(json_object_get(d, "finder_fee"),
		    "min_improvement", json_string(OVER_AMOUNT));
		refused(d, "t: finder_fee.min_improvement: amount is 2^256 or "
		    "more");
	}
}

static json_t *
with_int(const char *obj, const char *key, json_int_t v)
{
	json_t *d = base();
	json_t *o = obj ? json_object_get(d, obj) : d;

	json_object_set_new(o, key, json_integer(v));
	return d;
}

Test(limits, reserves_and_amounts_total_below_2_to_the_256)
{
	accepted(with_amounts(HALF, HALF_MINUS_1));
	refused(with_amounts(HALF, HALF),
	    "t: all reserves and bid amounts add up to 2^256 or more");
}

Test(limits, integers_up_to_2_to_the_53_minus_1)
{
	const json_int_t max = (json_int_t)GV_INT_MAX;
	json_t *d;

	accepted(with_int(NULL, "epoch", max));
	refused(with_int(NULL, "epoch", max + 1),
	    "t: epoch: must be between 0 and 9007199254740991");
	refused(with_int(NULL, "epoch", -1),
	    "t: epoch: must be between 0 and 9007199254740991");
	d = with_int("slots", "first", max);
	json_object_set_new(json_object_get(d, "slots"), "count",
	    json_integer(1));
	accepted(d);
	refused(with_int("slots", "first", max + 1),
	    "t: slots.first: must be between 0 and 9007199254740991");
	d = with_int("slots", "first", max);
	json_object_set_new(json_object_get(d, "slots"), "count",
	    json_integer(2));
	refused(d, "t: slots: last slot (first + count - 1) exceeds 2^53-1");
	accepted(with_int("finder_fee", "bps", 10000));
	refused(with_int("finder_fee", "bps", 10001),
	    "t: finder_fee.bps: must be between 0 and 10000");
}

Test(limits, slots_count_up_to_2_to_the_32)
{
	json_t *d;

	d = with_int("slots", "count", (json_int_t)GV_MAX_SLOTS);
	json_object_set_new(json_object_get(d, "slots"), "first",
	    json_integer(0));
	accepted(d);
	d = with_int("slots", "count", (json_int_t)GV_MAX_SLOTS + 1);
	json_object_set_new(json_object_get(d, "slots"), "first",
	    json_integer(0));
	refused(d, "t: slots.count: must be between 1 and 4294967296");
}

/* A valid bid set padded with spaces to exactly size bytes. */
static void
padded_file(const char *path, size_t size)
{
	json_t *d = base();
	char *text = json_dumps(d, JSON_COMPACT);
	size_t n = strlen(text);
	FILE *f;

	cr_assert_lt(n, size);
	cr_assert_not_null(f = fopen(path, "wb"));
	cr_assert_eq(fwrite(text, 1, n, f), n);
	cr_assert_eq(fseek(f, (long)size - 1, SEEK_SET), 0);
	cr_assert_eq(fputc(' ', f), ' ');
	cr_assert_eq(fclose(f), 0);
	free(text);
	json_decref(d);
	/* fseek leaves a hole of NUL bytes: fill it with spaces. */
	{
		char *buf = malloc(size - n);

		cr_assert_not_null(buf);
		memset(buf, ' ', size - n);
		cr_assert_not_null(f = fopen(path, "r+b"));
		cr_assert_eq(fseek(f, (long)n, SEEK_SET), 0);
		cr_assert_eq(fwrite(buf, 1, size - n, f), size - n);
		cr_assert_eq(fclose(f), 0);
		free(buf);
	}
}

Test(limits, files_of_64_mib_accepted_one_byte_more_refused,
    .timeout = 120)
{
	const char *f = gvt_tmp("big.json");
	struct gv_err e = { 0, "" };
	struct gv_bidset bs;
	char msg[4200];
	json_t *doc;

	padded_file(f, GV_BIDSET_MAX_BYTES);
	cr_assert_eq(gv_bidset_load(f, &bs, &e), GV_OK, "%s", e.msg);
	gv_bidset_free(&bs);
	cr_assert_eq(gv_json_load(f, GV_ALLOC_MAX_BYTES, &doc, &e), GV_OK,
	    "%s", e.msg);
	json_decref(doc);

	padded_file(f, GV_BIDSET_MAX_BYTES + 1);
	snprintf(msg, sizeof(msg), "%s: 67108865 bytes, the limit is "
	    "67108864", f);
	cr_assert_eq(gv_bidset_load(f, &bs, &e), GV_MALFORMED);
	cr_assert_str_eq(e.msg, msg);
	cr_assert_eq(gv_json_load(f, GV_ALLOC_MAX_BYTES, &doc, &e),
	    GV_MALFORMED);
	cr_assert_str_eq(e.msg, msg);
	unlink(f);
}

/*
 * tests/regress/: inputs the fuzzers (scripts/fuzz.sh) found, replayed.
 *   bidset-NAME.json  through gv_json_parse + gv_bidset_from_json;
 *   alloc-NAME.json   through gv_alloc_check against corpus/valid/
 *                     small-epoch.json;
 *   solve-NAME.json   through gavel-solve --time-limit 0.001, then
 *                     gavel-verify allocation;
 *   slashing-NAME.json through gavel-verify slashing --stake-table
 *                     corpus/slashing-world/stake-table.json (the message
 *                     is stderr's after "gavel-verify: FILE: ");
 * NAME.expect holds the exit code, a newline and the exact message
 * (empty for success).
 */
static void
expectation(const char *file, int *code, char *msg, size_t len)
{
	char path[4096], *text, *nl;

	snprintf(path, sizeof(path), "%.*s.expect",
	    (int)(strlen(file) - strlen(".json")), file);
	cr_assert_not_null(text = gvt_read_file(path, NULL), "no %s", path);
	*code = atoi(text);
	nl = strchr(text, '\n');
	snprintf(msg, len, "%s", nl ? nl + 1 : "");
	if ((nl = strchr(msg, '\n')) != NULL)
		*nl = '\0';
	free(text);
}

static void
replay_parser(const char *file, int alloc)
{
	struct gv_err e = { 0, "" };
	struct gv_bidset bs, fix;
	char msg[1024];
	json_t *root;
	size_t len;
	char *buf;
	int code, rc;

	expectation(file, &code, msg, sizeof(msg));
	cr_assert_not_null(buf = gvt_read_file(file, &len));
	rc = gv_json_parse(buf, len, "fuzz", &root, &e);
	free(buf);
	if (rc == GV_OK && !alloc) {
		rc = gv_bidset_from_json(root, "fuzz", &bs, &e);
		if (rc == GV_OK)
			gv_bidset_free(&bs);
	} else if (rc == GV_OK) {
		cr_assert_eq(gv_bidset_load(gvt_path(
		    "corpus/valid/small-epoch.json"), &fix, &e), GV_OK);
		rc = gv_alloc_check(&fix, root, "fuzz", &e);
		json_decref(root);
		gv_bidset_free(&fix);
	}
	cr_assert_eq(rc, code, "%s: exit %d, expected %d (%s)", file, rc,
	    code, e.msg);
	if (rc != GV_OK)
		cr_assert_str_eq(e.msg, msg, "%s", file);
}

static void
replay_solve(const char *file)
{
	const char *out = gvt_tmp("regress-alloc.json");
	const char *solve[] = { gvt_bin("gavel-solve"), "-q",
		"--time-limit", "0.001", "-o", out, file, NULL };
	const char *ver[] = { gvt_bin("gavel-verify"), "allocation", file,
		out, NULL };
	struct gvt_run r;
	char msg[1024];
	int code;

	expectation(file, &code, msg, sizeof(msg));
	cr_assert_eq(gvt_run(&r, solve), 0);
	cr_assert_eq(r.status, code, "%s: gavel-solve: %s", file, r.err);
	gvt_run_free(&r);
	if (code != GV_OK)
		return;
	cr_assert_eq(gvt_run(&r, ver), 0);
	cr_assert_eq(r.status, 0, "%s: gavel-verify: %s", file, r.err);
	gvt_run_free(&r);
}

static void
replay_slashing(const char *file)
{
	const char *argv[] = { gvt_bin("gavel-verify"), "slashing",
		"--stake-table", gvt_path("corpus/slashing-world/stake-table.json"),
		file, NULL };
	struct gvt_run r;
	char msg[1024], want[4096];
	int code;

	expectation(file, &code, msg, sizeof(msg));
	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, code, "%s: %s", file, r.err);
	if (code != GV_OK) {
		snprintf(want, sizeof(want), "gavel-verify: %s: %s\n", file,
		    msg);
		cr_assert_str_eq(r.err, want, "%s", file);
	}
	gvt_run_free(&r);
}

Test(limits, fuzz_regressions_replay, .timeout = 300)
{
	char pat[4096];
	const char *base_name;
	glob_t g;
	size_t i;

	snprintf(pat, sizeof(pat), "%s", gvt_path("tests/regress/*.json"));
	if (glob(pat, 0, NULL, &g) != 0)
		return;
	for (i = 0; i < g.gl_pathc; i++) {
		base_name = strrchr(g.gl_pathv[i], '/') + 1;
		if (strncmp(base_name, "bidset-", 7) == 0)
			replay_parser(g.gl_pathv[i], 0);
		else if (strncmp(base_name, "alloc-", 6) == 0)
			replay_parser(g.gl_pathv[i], 1);
		else if (strncmp(base_name, "solve-", 6) == 0)
			replay_solve(g.gl_pathv[i]);
		else if (strncmp(base_name, "slashing-", 9) == 0)
			replay_slashing(g.gl_pathv[i]);
		else
			cr_assert_fail("%s: unknown kind of regression input",
			    g.gl_pathv[i]);
	}
	globfree(&g);
}
