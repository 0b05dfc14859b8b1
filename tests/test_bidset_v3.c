/* test_bidset_v3.c: gavel.bidset.v3, v2 with room for 2048 rollups and 131072 bids (formats/bidset.md, "Version 3") */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "alloc.h"
#include "bidset.h"
#include "json.h"
#include "testgen.h"
#include "util.h"

static json_t *
v3(json_t *d)
{
	json_t *fee = json_object_get(d, "finder_fee");

	json_object_set_new(d, "format", json_string(GV_BIDSET_FORMAT_V3));
	json_object_set_new(fee, "cap", json_string("100"));
	json_object_set_new(fee, "window", json_integer(1));
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

static json_t *
with_bids(unsigned n)
{
	json_t *d = gvt_doc("m", 1);
	char id[16];
	unsigned i;

	gvt_rollup(d, "r", "0");
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "b%06u", i);
		gvt_bid(d, id, "r", "1", NULL);
	}
	return d;
}

static void
refused(json_t *doc, const char *msg)
{
	struct gv_err e = { 0, "" };
	struct gv_bidset bs;

	cr_assert_eq(gv_bidset_from_json(doc, "t", &bs, &e), GV_MALFORMED,
	    "accepted, expected: %s", msg);
	cr_assert_str_eq(e.msg, msg);
}

Test(bidset_v3, rollups_2048_accepted_2049_refused_and_v1_keeps_1024)
{
	struct gv_bidset bs;

	gvt_load(v3(with_rollups(GV_MAX_ROLLUPS_V3)), &bs);
	cr_assert_eq(bs.version, 3);
	cr_assert_eq(bs.nrollups, 2048);
	cr_assert_eq(bs.finder_window, 1);
	cr_assert_eq(mpz_cmp_ui(bs.finder_cap, 100), 0);
	gv_bidset_free(&bs);
	refused(v3(with_rollups(GV_MAX_ROLLUPS_V3 + 1)),
	    "t: rollups: 2049 rollups, the limit is 2048");
	/* the same 1025 rollups: v1 refuses them, v3 takes them */
	refused(with_rollups(GV_MAX_ROLLUPS + 1),
	    "t: rollups: 1025 rollups, the limit is 1024");
	gvt_load(v3(with_rollups(GV_MAX_ROLLUPS + 1)), &bs);
	gv_bidset_free(&bs);
}

Test(bidset_v3, bids_131072_accepted_131073_refused, .timeout = 300)
{
	struct gv_bidset bs;

	gvt_load(v3(with_bids(GV_MAX_BIDS_V3)), &bs);
	cr_assert_eq(bs.nbids, 131072);
	gv_bidset_free(&bs);
	refused(v3(with_bids(GV_MAX_BIDS_V3 + 1)),
	    "t: bids: 131073 bids, the limit is 131072");
	refused(with_bids(GV_MAX_BIDS + 1),
	    "t: bids: 65537 bids, the limit is 65536");
}

Test(bidset_v3, v3_needs_the_challenge_parameters_and_v9_is_unknown)
{
	json_t *d = with_rollups(1);

	json_object_set_new(d, "format", json_string(GV_BIDSET_FORMAT_V3));
	refused(d, "t: finder_fee.cap: missing");
	d = with_rollups(1);
	json_object_set_new(d, "format", json_string("gavel.bidset.v9"));
	refused(d, "t: format: unsupported format \"gavel.bidset.v9\", "
	    "expected \"gavel.bidset.v1\", \"gavel.bidset.v2\" or "
	    "\"gavel.bidset.v3\"");
}

/*
 * gavel-gen writes v3 past v1's limits; the tools solve and verify it end
 * to end, and the allocation of 1100 rollups passes the allocation bound.
 */
Test(bidset_v3, gen_solve_verify_past_the_v1_limits, .timeout = 240)
{
	const char *bs = gvt_tmp("v3.json"), *al = gvt_tmp("v3.alloc.json");
	const char *gen[] = { gvt_bin("gavel-gen"), "--rollups", "1100",
		"--bids", "3000", "--seed", "5", NULL };
	char *text;
	const char *solve[] = { gvt_bin("gavel-solve"), "-q", "-t", "60", bs,
		"-o", al, NULL };
	const char *ver[] = { gvt_bin("gavel-verify"), "allocation", bs, al,
		NULL };
	struct gvt_run r;
	struct gv_bidset b;
	struct gv_err e = { 0, "" };

	cr_assert_eq(gvt_run(&r, gen), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	text = r.out;
	cr_assert_eq(gvt_write_file(bs, text, strlen(text)), 0);
	gvt_run_free(&r);
	cr_assert_eq(gv_bidset_load(bs, &b, &e), GV_OK, "%s", e.msg);
	cr_assert_eq(b.version, 3);
	cr_assert_eq(b.nrollups, 1100);
	cr_assert_eq(b.finder_window, 1000);
	gv_bidset_free(&b);
	cr_assert_eq(gvt_run(&r, solve), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, ver), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strncmp(r.out, "valid: allocation for epoch 1 of marketplace "
	    "example", 50) == 0, "%s", r.out);
	gvt_run_free(&r);
}
