/* test_ed25519.c: every Wycheproof Ed25519 vector through gv_sig_verify (formats/README.md, "Signatures") */
#include <string.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "json.h"
#include "sig.h"
#include "util.h"

static unsigned char *
unhex_any(const char *h, size_t *len)
{
	size_t n = strlen(h);
	unsigned char *out;

	cr_assert_eq(n % 2, 0, "odd hex %s", h);
	out = malloc(n / 2 + 1);
	cr_assert_not_null(out);
	if (n > 0)
		cr_assert_eq(gv_unhex(out, n / 2, h), 0, "bad hex %s", h);
	*len = n / 2;
	return out;
}

/*
 * All 151 vectors, exactly Wycheproof's verdict on each. A signature that
 * is not 64 bytes long (TruncatedSignature and the like) cannot reach
 * gv_sig_verify: a gavel document with such a "sig" is malformed, which
 * is a rejection too, and is counted as such.
 */
Test(ed25519, wycheproof_all_151_vectors_give_the_expected_result)
{
	json_error_t je;
	json_t *root, *groups, *g, *tests, *t;
	size_t gi, ti, total = 0, valid = 0, malleable = 0, len;
	unsigned char pk[GV_PK_LEN], *msg, *sig;
	size_t mlen, slen;
	const char *res;
	int got, want;

	cr_assert_eq(gv_sig_init(), 0);
	root = json_load_file(gvt_path(
	    "corpus/vectors/wycheproof/ed25519_test.json"), 0, &je);
	cr_assert_not_null(root, "cannot load the vectors: %s", je.text);
	cr_assert_eq(json_integer_value(json_object_get(root,
	    "numberOfTests")), 151);
	groups = json_object_get(root, "testGroups");
	json_array_foreach(groups, gi, g) {
		const char *pkh = json_string_value(json_object_get(
		    json_object_get(g, "publicKey"), "pk"));

		cr_assert_not_null(pkh);
		cr_assert_eq(strlen(pkh), 2 * GV_PK_LEN);
		cr_assert_eq(gv_unhex(pk, GV_PK_LEN, pkh), 0);
		tests = json_object_get(g, "tests");
		json_array_foreach(tests, ti, t) {
			int id = (int)json_integer_value(json_object_get(t,
			    "tcId"));
			json_t *fl;
			size_t fi;

			msg = unhex_any(json_string_value(json_object_get(t,
			    "msg")), &mlen);
			sig = unhex_any(json_string_value(json_object_get(t,
			    "sig")), &slen);
			res = json_string_value(json_object_get(t, "result"));
			want = strcmp(res, "valid") == 0;
			cr_assert(want || strcmp(res, "invalid") == 0,
			    "tcId %d: result %s", id, res);
			got = slen == GV_SIG_LEN ?
			    gv_sig_verify(pk, msg, mlen, sig) : 0;
			cr_assert_eq(got, want, "tcId %d (%s): got %s", id,
			    json_string_value(json_object_get(t, "comment")),
			    got ? "valid" : "invalid");
			json_array_foreach(json_object_get(t, "flags"), fi,
			    fl)
				if (strcmp(json_string_value(fl),
				    "SignatureMalleability") == 0) {
					malleable++;
					cr_assert(!got, "tcId %d", id);
				}
			total++;
			valid += (size_t)want;
			free(msg);
			free(sig);
		}
	}
	len = total;
	cr_assert_eq(len, 151);
	cr_assert_gt(valid, 0);
	cr_assert_gt(malleable, 0);
	json_decref(root);
}
