/* test_canon.c: canonical bytes and domain-separated digests (formats/README.md, "Canonical encoding") */
#include <string.h>

#include <criterion/criterion.h>
#include <sodium.h>

#include "bidset.h"
#include "canon.h"
#include "json.h"
#include "util.h"

/* canon(v) as a NUL-terminated string */
static char *
canon_of(const char *json)
{
	struct gv_err e = { 0, "" };
	struct gv_buf b = { 0 };
	json_t *v;
	char *s;

	v = json_loads(json, JSON_DECODE_ANY, NULL);
	cr_assert_not_null(v, "test input must parse: %s", json);
	cr_assert_eq(gv_canon(&b, v), 0, "%s", e.msg);
	s = calloc(1, b.len + 1);
	memcpy(s, b.p, b.len);
	gv_buf_free(&b);
	json_decref(v);
	return s;
}

static void
canon_is(const char *json, const char *want)
{
	char *s = canon_of(json);

	cr_assert_str_eq(s, want, "canon of %s", json);
	free(s);
}

static const char *
hex32(const unsigned char d[GV_DIGEST_LEN])
{
	static char h[2 * GV_DIGEST_LEN + 1];

	gv_hex(h, d, GV_DIGEST_LEN);
	return h;
}

Test(canon, keys_sort_in_byte_order_without_white_space)
{
	canon_is("{ \"b\": 1, \"a\": 2, \"B\": 3, \"aa\": 4, \"_\": 5 }",
	    "{\"B\":3,\"_\":5,\"a\":2,\"aa\":4,\"b\":1}");
}

Test(canon, keys_compare_as_bytes_not_code_points)
{
	/* U+00E9 is C3 A9, U+FF5A is EF BD 9A: both after 'z' (7A) */
	canon_is("{\"\\uff5a\": 1, \"\\u00e9\": 2, \"z\": 3}",
	    "{\"z\":3,\"\xc3\xa9\":2,\"\xef\xbd\x9a\":1}");
}

Test(canon, nested_objects_sort_at_every_level_arrays_keep_order)
{
	canon_is("{\"z\": [3, 1, {\"y\": 1, \"x\": [true, false, null]}], "
	    "\"a\": {\"d\": {}, \"c\": []}}",
	    "{\"a\":{\"c\":[],\"d\":{}},\"z\":[3,1,{\"x\":[true,false,null],"
	    "\"y\":1}]}");
}

Test(canon, only_quote_backslash_and_control_bytes_are_escaped)
{
	canon_is("\"q\\\" b\\\\ s/ t\\t n\\n u\\u0001 x\\u001f del\\u007f\"",
	    "\"q\\\" b\\\\ s/ t\\u0009 n\\u000a u\\u0001 x\\u001f del\x7f\"");
}

Test(canon, non_ascii_is_written_as_utf8_bytes)
{
	canon_is("\"\\u00e9\\u20ac\"", "\"\xc3\xa9\xe2\x82\xac\"");
}

Test(canon, integers_in_shortest_decimal)
{
	canon_is("[0, -0, 7, -12, 9007199254740991]",
	    "[0,0,7,-12,9007199254740991]");
}

Test(canon, reals_are_refused)
{
	struct gv_buf b = { 0 };
	json_t *v = json_pack("{s:[f]}", "x", 1.5);

	cr_assert_eq(gv_canon(&b, v), -1);
	gv_buf_free(&b);
	json_decref(v);
}

Test(canon, domain_prefix_bytes)
{
	static const unsigned char want[] = "gavel.v1\0bid\0demo\0"
	    "\0\0\0\0\0\0\0\x07";
	struct gv_buf b = { 0 };

	cr_assert_eq(gv_domain(&b, "bid", "demo", 7), 0);
	cr_assert_eq(b.len, sizeof(want) - 1);
	cr_assert_eq(memcmp(b.p, want, b.len), 0);
	gv_buf_free(&b);
}

Test(canon, epoch_is_eight_bytes_big_endian)
{
	static const unsigned char want[] = "gavel.v1\0k\0m\0"
	    "\x00\x1f\xff\xff\xff\xff\xff\xff";
	struct gv_buf b = { 0 };

	cr_assert_eq(gv_domain(&b, "k", "m", 9007199254740991ULL), 0);
	cr_assert_eq(b.len, sizeof(want) - 1);
	cr_assert_eq(memcmp(b.p, want, b.len), 0);
	gv_buf_free(&b);
}

/* A fixed vector with nesting and escapes; the hex was computed once by gv_digest. */
#define VEC_JSON "{\"z\": {\"b\": [1, \"x\\\"y\"], \"a\": null}, " \
    "\"amount\": \"10\", \"t\": \"tab\\there\"}"
#define VEC_CANON "{\"amount\":\"10\",\"t\":\"tab\\u0009here\"," \
    "\"z\":{\"a\":null,\"b\":[1,\"x\\\"y\"]}}"
#define VEC_DIGEST "4debbef1e428640345f0fdfdc54919b2" \
    "4118bf0e5be27810c474d05b24518cd9"

Test(canon, digest_fixed_vector_and_independent_recomputation)
{
	static const unsigned char prefix[] = "gavel.v1\0bid\0example\0"
	    "\0\0\0\0\0\0\x01\x2c";
	unsigned char d[GV_DIGEST_LEN], ind[GV_DIGEST_LEN];
	unsigned char msg[sizeof(prefix) - 1 + sizeof(VEC_CANON) - 1];
	json_t *v = json_loads(VEC_JSON, 0, NULL);

	cr_assert_not_null(v);
	canon_is(VEC_JSON, VEC_CANON);
	cr_assert_eq(gv_digest(d, "bid", "example", 300, v), GV_OK);
	cr_assert_str_eq(hex32(d), VEC_DIGEST);
	/* by hand: prefix bytes, then the canonical bytes, one SHA-256 */
	memcpy(msg, prefix, sizeof(prefix) - 1);
	memcpy(msg + sizeof(prefix) - 1, VEC_CANON, sizeof(VEC_CANON) - 1);
	crypto_hash_sha256(ind, msg, sizeof(msg));
	cr_assert_str_eq(hex32(ind), VEC_DIGEST);
	json_decref(v);
}

Test(canon, digest_separates_kind_marketplace_and_epoch)
{
	unsigned char d0[GV_DIGEST_LEN], d1[GV_DIGEST_LEN],
	    d2[GV_DIGEST_LEN], d3[GV_DIGEST_LEN];
	json_t *v = json_loads(VEC_JSON, 0, NULL);

	cr_assert_eq(gv_digest(d0, "bid", "example", 300, v), GV_OK);
	cr_assert_eq(gv_digest(d1, "bidset", "example", 300, v), GV_OK);
	cr_assert_eq(gv_digest(d2, "bid", "example2", 300, v), GV_OK);
	cr_assert_eq(gv_digest(d3, "bid", "example", 301, v), GV_OK);
	cr_assert_neq(memcmp(d0, d1, GV_DIGEST_LEN), 0);
	cr_assert_neq(memcmp(d0, d2, GV_DIGEST_LEN), 0);
	cr_assert_neq(memcmp(d0, d3, GV_DIGEST_LEN), 0);
	json_decref(v);
}

Test(canon, layout_does_not_change_the_digest)
{
	unsigned char d0[GV_DIGEST_LEN], d1[GV_DIGEST_LEN];
	json_t *a = json_loads(VEC_JSON, 0, NULL);
	json_t *b = json_loads("{\"t\":\"tab\\u0009here\",\"amount\":\"10\","
	    "\n  \"z\":{\"a\":null,\"b\":[1,\"x\\u0022y\"]}}", 0, NULL);

	cr_assert_eq(gv_digest(d0, "bid", "example", 300, a), GV_OK);
	cr_assert_eq(gv_digest(d1, "bid", "example", 300, b), GV_OK);
	cr_assert_eq(memcmp(d0, d1, GV_DIGEST_LEN), 0);
	json_decref(a);
	json_decref(b);
}

/* The vectors of formats/README.md, from formats/examples/bidset-demo.json. */
Test(canon, spec_vectors_of_the_demo_bid_set)
{
	static const char bid0[] = "{\"amount\":\"542\",\"bidder\":"
	    "\"14e86ac72b9146db4a44e1c36b102b341aebfafa0057afaae2b94134f3048e4c"
	    "\",\"bundle\":[\"r000-arb\",\"r001-arb\"],\"id\":\"b00000\","
	    "\"xor\":\"x00001\"}";
	static const unsigned char prefix[] = "gavel.v1\0bid\0demo\0"
	    "\0\0\0\0\0\0\0\x07";
	unsigned char d[GV_DIGEST_LEN], msg[sizeof(prefix) - 1 +
	    sizeof(bid0) - 1];
	struct gv_err e = { 0, "" };
	struct gv_bidset bs;
	struct gv_buf b = { 0 };
	json_t *copy;

	cr_assert_eq(gv_sig_init(), 0);
	cr_assert_eq(gv_bidset_load(gvt_path("formats/examples/bidset-demo.json"),
	    &bs, &e), GV_OK, "%s", e.msg);
	cr_assert_str_eq(hex32(bs.digest), "c744c5d237168b58cac73bba3192c66f"
	    "309a301a0e897477bee89ad90c3c2fe3");
	copy = json_copy(json_array_get(json_object_get(bs.root, "bids"), 0));
	json_object_del(copy, "sig");
	cr_assert_eq(gv_canon(&b, copy), 0);
	cr_assert_eq(b.len, sizeof(bid0) - 1);
	cr_assert_eq(memcmp(b.p, bid0, b.len), 0);
	cr_assert_eq(gv_bid_digest(&bs, 0, d), GV_OK);
	cr_assert_str_eq(hex32(d), "b29e43195d2b7fa2826f526d088cd98c87fe7bc3"
	    "dc86017af7968c336a74f21c");
	memcpy(msg, prefix, sizeof(prefix) - 1);
	memcpy(msg + sizeof(prefix) - 1, bid0, sizeof(bid0) - 1);
	crypto_hash_sha256(d, msg, sizeof(msg));
	cr_assert_str_eq(hex32(d), "b29e43195d2b7fa2826f526d088cd98c87fe7bc3"
	    "dc86017af7968c336a74f21c");
	cr_assert_eq(gv_bidset_verify_sigs(&bs, &e), GV_OK, "%s", e.msg);
	gv_buf_free(&b);
	json_decref(copy);
	gv_bidset_free(&bs);
}
