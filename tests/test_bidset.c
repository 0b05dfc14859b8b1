/* test_bidset.c: the bid set document (formats/bidset.md) */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "bidset.h"
#include "json.h"
#include "testgen.h"
#include "util.h"

/* doc must be refused with exactly msg ("t: PATH: problem"). */
static void
refused(json_t *doc, int code, const char *msg)
{
	struct gv_err e = { 0, "" };
	struct gv_bidset bs;

	cr_assert_eq(gv_bidset_from_json(doc, "t", &bs, &e), code, "%s", e.msg);
	cr_assert_str_eq(e.msg, msg);
}

static json_t *
two_rollups(void)
{
	json_t *d = gvt_doc("test", 1);

	gvt_rollup(d, "ra", "3");
	gvt_rollup(d, "rb", "0");
	gvt_bid(d, "b1", "ra rb", "10", "x");
	return d;
}

Test(bidset, the_hand_epoch_parses_to_its_fields)
{
	struct gv_err e = { 0, "" };
	struct gv_bidset bs;

	cr_assert_eq(gv_sig_init(), 0);
	cr_assert_eq(gv_bidset_load(gvt_path("corpus/valid/hand-epoch.json"),
	    &bs, &e), GV_OK, "%s", e.msg);
	cr_assert_str_eq(bs.marketplace, "hand");
	cr_assert_eq(bs.epoch, 5);
	cr_assert_eq(bs.slot_first, 500);
	cr_assert_eq(bs.slot_count, 100);
	cr_assert_eq(bs.finder_bps, 500);
	cr_assert_eq(mpz_get_ui(bs.finder_min), 1);
	cr_assert_eq(bs.nrollups, 4);
	cr_assert_str_eq(bs.rollups[3].id, "op-one");
	cr_assert_eq(mpz_get_ui(bs.rollups[0].reserve), 100);
	cr_assert_eq(bs.nbids, 6);
	cr_assert_eq(bs.nxor, 1);
	cr_assert_str_eq(bs.bids[0].xor, "alice");
	cr_assert_eq(bs.bids[0].xor_group, 0);
	cr_assert_eq(bs.bids[3].xor_group, 0);
	cr_assert_null(bs.bids[1].xor);
	cr_assert_eq(bs.bids[1].xor_group, -1);
	cr_assert_eq(bs.bids[5].nbundle, 2);
	cr_assert_eq(bs.bids[5].bundle[0], 2);
	cr_assert_eq(bs.bids[5].bundle[1], 3);
	cr_assert_eq(mpz_get_ui(bs.bids[5].amount), 60);
	cr_assert_eq(gv_bidset_verify_sigs(&bs, &e), GV_OK, "%s", e.msg);
	cr_assert_eq(gv_bidset_rollup(&bs, "base-one"), 2);
	cr_assert_eq(gv_bidset_rollup(&bs, "base-two"), -1);
	cr_assert_eq(gv_bidset_bid(&bs, "b4"), 3);
	cr_assert_eq(gv_bidset_bid(&bs, "b7"), -1);
	gv_bidset_free(&bs);
}

Test(bidset, xor_groups_are_numbered_by_name)
{
	json_t *d = gvt_doc("test", 1);
	struct gv_bidset bs;

	gvt_rollup(d, "ra", "0");
	gvt_bid(d, "b1", "ra", "1", "zz");
	gvt_bid(d, "b2", "ra", "1", "aa");
	gvt_bid(d, "b3", "ra", "1", NULL);
	gvt_bid(d, "b4", "ra", "1", "zz");
	gvt_load(d, &bs);
	cr_assert_eq(bs.nxor, 2);
	cr_assert_eq(bs.bids[0].xor_group, 1);
	cr_assert_eq(bs.bids[1].xor_group, 0);
	cr_assert_eq(bs.bids[2].xor_group, -1);
	cr_assert_eq(bs.bids[3].xor_group, 1);
	gv_bidset_free(&bs);
}

Test(bidset, no_bids_is_a_valid_bid_set)
{
	json_t *d = gvt_doc("test", 1);
	struct gv_bidset bs;

	gvt_rollup(d, "ra", "0");
	gvt_load(d, &bs);
	cr_assert_eq(bs.nbids, 0);
	gv_bidset_free(&bs);
}

Test(bidset, no_rollups_is_refused)
{
	refused(gvt_doc("test", 1), GV_MALFORMED, "t: rollups: must not be empty");
}

Test(bidset, at_most_1024_rollups)
{
	json_t *d = gvt_doc("test", 1);
	struct gv_bidset bs;
	char id[16];
	int i;

	for (i = 0; i < 1024; i++) {
		snprintf(id, sizeof(id), "r%04d", i);
		gvt_rollup(d, id, "0");
	}
	gvt_load(json_deep_copy(d), &bs);
	cr_assert_eq(bs.nrollups, 1024);
	gv_bidset_free(&bs);
	gvt_rollup(d, "r1024", "0");
	refused(d, GV_MALFORMED, "t: rollups: 1025 rollups, the limit is 1024");
}

Test(bidset, at_most_65536_bids_counted_before_any_is_read)
{
	json_t *d = gvt_doc("test", 1), *bids = json_object_get(d, "bids");
	int i;

	gvt_rollup(d, "ra", "0");
	for (i = 0; i < 65537; i++)
		json_array_append_new(bids, json_null());
	refused(d, GV_MALFORMED, "t: bids: 65537 bids, the limit is 65536");
}

Test(bidset, a_bundle_of_64_is_accepted_65_refused)
{
	json_t *d = gvt_doc("test", 1);
	struct gv_bidset bs;
	char id[16], list[64 * 4 + 8] = "";
	int i;

	for (i = 0; i < 65; i++) {
		snprintf(id, sizeof(id), "r%02d", i);
		gvt_rollup(d, id, "0");
		if (i < 64) {
			strcat(list, i ? " " : "");
			strcat(list, id);
		}
	}
	gvt_bid(d, "b1", list, "1", NULL);
	strcat(list, " r64");
	gvt_bid(d, "b2", list, "1", NULL);
	refused(json_deep_copy(d), GV_MALFORMED, "t: bids[1].bundle: 65 rollups "
	    "in one bundle, the limit is 64");
	json_array_remove(json_object_get(d, "bids"), 1);
	gvt_load(d, &bs);
	cr_assert_eq(bs.bids[0].nbundle, 64);
	gv_bidset_free(&bs);
}

static void
id_accepted(const char *id)
{
	json_t *d = gvt_doc("test", 1);
	struct gv_bidset bs;

	gvt_rollup(d, id, "0");
	gvt_load(d, &bs);
	cr_assert_str_eq(bs.rollups[0].id, id);
	gv_bidset_free(&bs);
}

static void
id_refused(const char *id, const char *msg)
{
	json_t *d = gvt_doc("test", 1);

	gvt_rollup(d, id, "0");
	refused(d, GV_MALFORMED, msg);
}

Test(bidset, identifiers_are_lowercase_alphanumerics_then_dot_dash_underscore)
{
	id_accepted("a");
	id_accepted("0");
	id_accepted("a.b_c-d");
	id_accepted("a-");
	id_refused("-a", "t: rollups[0].id: bad identifier \"-a\": only "
	    "[a-z0-9] then [a-z0-9._-] are allowed");
	id_refused(".a", "t: rollups[0].id: bad identifier \".a\": only "
	    "[a-z0-9] then [a-z0-9._-] are allowed");
	id_refused("aB", "t: rollups[0].id: bad identifier \"aB\": only "
	    "[a-z0-9] then [a-z0-9._-] are allowed");
	id_refused("a b", "t: rollups[0].id: bad identifier \"a b\": only "
	    "[a-z0-9] then [a-z0-9._-] are allowed");
	id_refused("", "t: rollups[0].id: identifier must be 1 to 64 bytes, "
	    "got 0");
}

Test(bidset, identifiers_are_at_most_64_bytes)
{
	char id[66];

	memset(id, 'a', 64);
	id[64] = '\0';
	id_accepted(id);
	id[64] = 'a';
	id[65] = '\0';
	id_refused(id, "t: rollups[0].id: identifier must be 1 to 64 bytes, "
	    "got 65");
}

Test(bidset, slots_count_at_least_one)
{
	json_t *d = two_rollups();

	json_object_set_new(json_object_get(d, "slots"), "count",
	    json_integer(0));
	refused(d, GV_MALFORMED, "t: slots.count: must be between 1 and 4294967296");
}

Test(bidset, slots_count_at_most_2_to_the_32)
{
	json_t *d = two_rollups();

	json_object_set_new(json_object_get(d, "slots"), "count",
	    json_integer(4294967297LL));
	refused(d, GV_MALFORMED, "t: slots.count: must be between 1 and "
	    "4294967296");
}

Test(bidset, the_last_slot_fits_in_2_to_the_53)
{
	json_t *d = two_rollups();

	json_object_set_new(json_object_get(d, "slots"), "first",
	    json_integer(9007199254740991LL));
	json_object_set_new(json_object_get(d, "slots"), "count",
	    json_integer(2));
	refused(d, GV_MALFORMED, "t: slots: last slot (first + count - 1) "
	    "exceeds 2^53-1");
}

Test(bidset, a_reserve_of_2_to_the_256_minus_1_is_accepted)
{
	json_t *d = gvt_doc("test", 1);
	struct gv_bidset bs;

	gvt_rollup(d, "ra", "115792089237316195423570985008687907853269984665"
	    "640564039457584007913129639935");
	gvt_load(d, &bs);
	cr_assert_eq(mpz_sizeinbase(bs.rollups[0].reserve, 2), 256);
	gv_bidset_free(&bs);
}

Test(bidset, a_missing_key_is_named)
{
	json_t *d = two_rollups();

	json_object_del(json_array_get(json_object_get(d, "bids"), 0), "sig");
	refused(d, GV_MALFORMED, "t: bids[0].sig: missing");
}

Test(bidset, an_unknown_key_in_a_bid_is_named)
{
	json_t *d = two_rollups();

	json_object_set_new(json_array_get(json_object_get(d, "bids"), 0),
	    "memo", json_string("x"));
	refused(d, GV_MALFORMED, "t: bids[0]: unknown key \"memo\"");
}

Test(bidset, signatures_cover_every_field_of_the_bid)
{
	static const char *const keys[] = { "amount", "bundle", "xor", "id" };
	struct gv_err e = { 0, "" };
	struct gv_bidset bs;
	json_t *d, *b;
	size_t k;

	cr_assert_eq(gv_sig_init(), 0);
	d = two_rollups();
	gvt_sign(d);
	gvt_load(json_deep_copy(d), &bs);
	cr_assert_eq(gv_bidset_verify_sigs(&bs, &e), GV_OK, "%s", e.msg);
	gv_bidset_free(&bs);
	for (k = 0; k < 4; k++) {
		json_t *c = json_deep_copy(d);

		b = json_array_get(json_object_get(c, "bids"), 0);
		if (k == 0)
			json_object_set_new(b, keys[k], json_string("11"));
		else if (k == 1)
			json_object_set_new(b, keys[k], json_pack("[s]", "ra"));
		else
			json_object_set_new(b, keys[k], json_string("y"));
		gvt_load(c, &bs);
		cr_assert_eq(gv_bidset_verify_sigs(&bs, &e), GV_INVALID,
		    "editing %s must break the signature", keys[k]);
		cr_assert_str_eq(e.msg, k == 3 ? "test: bids[0].sig: signature of "
		    "bid \"y\" does not verify" : "test: bids[0].sig: signature "
		    "of bid \"b1\" does not verify");
		gv_bidset_free(&bs);
	}
	json_decref(d);
}

Test(bidset, signatures_are_bound_to_marketplace_and_epoch)
{
	struct gv_err e = { 0, "" };
	struct gv_bidset bs;
	json_t *d, *c;

	cr_assert_eq(gv_sig_init(), 0);
	d = two_rollups();
	gvt_sign(d);
	c = json_deep_copy(d);
	json_object_set_new(c, "marketplace", json_string("other"));
	gvt_load(c, &bs);
	cr_assert_eq(gv_bidset_verify_sigs(&bs, &e), GV_INVALID);
	gv_bidset_free(&bs);
	c = json_deep_copy(d);
	json_object_set_new(c, "epoch", json_integer(2));
	gvt_load(c, &bs);
	cr_assert_eq(gv_bidset_verify_sigs(&bs, &e), GV_INVALID);
	cr_assert_str_eq(e.msg, "test: bids[0].sig: signature of bid \"b1\" does "
	    "not verify");
	gv_bidset_free(&bs);
	json_decref(d);
}

Test(bidset, the_digest_ignores_layout_and_covers_content)
{
	struct gv_bidset a, b, c;
	json_t *d = two_rollups(), *x;
	char *compact = json_dumps(d, JSON_COMPACT);
	char *pretty = json_dumps(d, JSON_INDENT(7) | JSON_PRESERVE_ORDER);

	gvt_load(json_loads(compact, 0, NULL), &a);
	gvt_load(json_loads(pretty, 0, NULL), &b);
	cr_assert_eq(memcmp(a.digest, b.digest, GV_DIGEST_LEN), 0);
	x = json_deep_copy(d);
	json_object_set_new(json_object_get(x, "finder_fee"), "bps",
	    json_integer(501));
	gvt_load(x, &c);
	cr_assert_neq(memcmp(a.digest, c.digest, GV_DIGEST_LEN), 0);
	gv_bidset_free(&a);
	gv_bidset_free(&b);
	gv_bidset_free(&c);
	free(compact);
	free(pretty);
	json_decref(d);
}

/*
 * Every value or bound an allocation states is at most the sum of all
 * reserves and bid amounts, so that sum must stay an amount (below 2^256).
 */
Test(bidset, totals_stay_below_2_to_the_256)
{
	json_t *d = gvt_doc("test", 1);

	/* 2^255 and 2^255 - 1: the sum is 2^256 - 1, still an amount */
	gvt_rollup(d, "a", "57896044618658097711785492504343953926634992332820282019728792003956564819968");
	gvt_rollup(d, "b", "57896044618658097711785492504343953926634992332820282019728792003956564819967");
	{
		struct gv_bidset bs;

		gvt_load(json_deep_copy(d), &bs);
		gv_bidset_free(&bs);
	}
	gvt_bid(d, "x", "a", "1", NULL);
	refused(d, GV_MALFORMED, "t: all reserves and bid amounts add up to "
	    "2^256 or more");
}
