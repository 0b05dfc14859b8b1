/* test_certificate.c: stake tables, quorum certificates and gavel-verify certificate (formats/certificate.md, formats/stake-table.md) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "canon.h"
#include "cert.h"
#include "expect.h"
#include "json.h"
#include "sig.h"
#include "stake.h"
#include "util.h"

/* A table of n entries of stake "1000" with keys "test-cert"/i. */
static json_t *
mktable(size_t n, const char *stake)
{
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];
	char hex[2 * GV_PK_LEN + 1];
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		gv_sig_test_keypair("test-cert", i, pk, sk);
		gv_hex(hex, pk, GV_PK_LEN);
		json_array_append_new(arr, json_pack("{s:s,s:s}", "key", hex,
		    "stake", stake));
	}
	return json_pack("{s:s,s:s,s:i,s:o}", "format", GV_STAKE_FORMAT,
	    "marketplace", "demo", "epoch", 7, "entries", arr);
}

static json_t *
mkcert(const struct gv_stake_table *t)
{
	unsigned char sd[GV_DIGEST_LEN];
	char sh[65], th[65];

	gv_sha256(sd, "subject", 7);
	gv_hex(sh, sd, 32);
	gv_hex(th, t->digest, 32);
	return json_pack("{s:s,s:s,s:i,s:{s:s,s:s},s:s,s:[]}", "format",
	    GV_CERT_FORMAT, "marketplace", "demo", "epoch", 7, "subject",
	    "kind", "block", "digest", sh, "stake_table", th, "signatures");
}

static void
signas(json_t *c, const struct gv_stake_table *t, size_t i)
{
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];

	gv_sig_test_keypair("test-cert", i, pk, sk);
	cr_assert_eq(gv_cert_sign(c, t, i, sk), GV_OK);
}

Test(certificate, sign_keeps_signatures_sorted_and_verifies)
{
	struct gv_stake_table t;
	struct gv_cert_result r;
	struct gv_err e;
	json_t *c, *arr;
	size_t i;

	cr_assert_eq(gv_sig_init(), 0);
	cr_assert_eq(gv_stake_from_json(mktable(5, "1000"), "t", &t, &e),
	    GV_OK, "%s", e.msg);
	c = mkcert(&t);
	signas(c, &t, 3);
	signas(c, &t, 0);
	signas(c, &t, 4);
	signas(c, &t, 1);
	arr = json_object_get(c, "signatures");
	for (i = 1; i < json_array_size(arr); i++)
		cr_assert_lt(json_integer_value(json_object_get(
		    json_array_get(arr, i - 1), "signer")),
		    json_integer_value(json_object_get(json_array_get(arr, i),
		    "signer")));
	gv_cert_result_init(&r);
	cr_assert_eq(gv_cert_check(&t, c, "c", "block", NULL, 1, &r, &e),
	    GV_OK, "%s", e.msg);
	cr_assert_eq(mpz_cmp_ui(r.signed_stake, 4000), 0);
	cr_assert_eq(mpz_cmp_ui(r.total, 5000), 0);
	cr_assert_eq(r.nsigners, 4);
	cr_assert_eq(r.nbad, 0);
	cr_assert_eq(gv_cert_check(&t, c, "c", "allocation", NULL, 1, &r, &e),
	    GV_INVALID);
	gv_cert_result_free(&r);
	json_decref(c);
	gv_stake_free(&t);
}

/* Results do not depend on the thread count: same bad list, same sums. */
Test(certificate, verdict_is_the_same_for_every_thread_count)
{
	static const size_t badi[] = { 3, 77, 150, 199 };
	static const int threads[] = { 0, 1, 2, 3, 7, 64, 256 };
	struct gv_stake_table t;
	struct gv_cert_result r;
	struct gv_err e;
	json_t *c, *s;
	size_t i, k;

	cr_assert_eq(gv_sig_init(), 0);
	cr_assert_eq(gv_stake_from_json(mktable(200, "1000"), "t", &t, &e),
	    GV_OK);
	c = mkcert(&t);
	for (i = 0; i < 200; i++)
		signas(c, &t, i);
	for (k = 0; k < 4; k++) {
		char h[129];

		s = json_array_get(json_object_get(c, "signatures"), badi[k]);
		snprintf(h, sizeof(h), "%s", json_string_value(
		    json_object_get(s, "sig")));
		h[10] = h[10] == '0' ? '1' : '0';
		json_object_set_new(s, "sig", json_string(h));
	}
	for (k = 0; k < sizeof(threads) / sizeof(threads[0]); k++) {
		gv_cert_result_init(&r);
		cr_assert_eq(gv_cert_check(&t, c, "c", NULL, NULL, threads[k],
		    &r, &e), GV_INVALID);
		cr_assert_str_eq(e.msg, "c: signatures: 4 of 200 signatures "
		    "do not verify: signers 3, 77, 150, 199");
		cr_assert_eq(r.nbad, 4);
		for (i = 0; i < 4; i++)
			cr_assert_eq(r.bad[i], badi[i]);
		cr_assert_eq(mpz_cmp_ui(r.signed_stake, 196000), 0);
		gv_cert_result_free(&r);
	}
	json_decref(c);
	gv_stake_free(&t);
}

/* 3 * signed > 2 * total, exactly, with amounts near 2^256. */
Test(certificate, quorum_is_strictly_more_than_two_thirds)
{
	struct gv_stake_table t;
	struct gv_cert_result r;
	struct gv_err e;
	json_t *c, *tj;
	size_t i;

	cr_assert_eq(gv_sig_init(), 0);
	/* 6 entries of (2^256-1)/3: 4 of 6 is exactly 2/3, 5 of 6 passes. */
	tj = mktable(6, "38597363079105398474523661669562635951089994888546854"
	    "679819194669304376546645");
	cr_assert_eq(gv_stake_from_json(tj, "t", &t, &e), GV_OK, "%s", e.msg);
	c = mkcert(&t);
	for (i = 0; i < 4; i++)
		signas(c, &t, i);
	gv_cert_result_init(&r);
	cr_assert_eq(gv_cert_check(&t, c, "c", NULL, NULL, 2, &r, &e),
	    GV_INVALID);
	cr_assert(strstr(e.msg, "no quorum") != NULL, "%s", e.msg);
	signas(c, &t, 5);
	cr_assert_eq(gv_cert_check(&t, c, "c", NULL, NULL, 2, &r, &e), GV_OK,
	    "%s", e.msg);
	gv_cert_result_free(&r);
	json_decref(c);
	gv_stake_free(&t);
}

Test(certificate, stake_table_limits_and_duplicates)
{
	struct gv_stake_table t;
	struct gv_err e;
	json_t *tj, *ents;
	size_t i;

	/* 100,000 entries load, 100,001 do not. */
	tj = mktable(1, "1");
	ents = json_object_get(tj, "entries");
	for (i = 1; i < GV_STAKE_MAX_ENTRIES + 1; i++)
		json_array_append(ents, json_array_get(ents, 0));
	cr_assert_eq(gv_stake_from_json(json_incref(tj), "t", &t, &e),
	    GV_MALFORMED);
	cr_assert_str_eq(e.msg, "t: entries: 100001 entries, the limit is "
	    "100000");
	json_array_remove(ents, GV_STAKE_MAX_ENTRIES);
	/* The first repeat is reported, in document order. */
	cr_assert_eq(gv_stake_from_json(tj, "t", &t, &e), GV_INVALID);
	cr_assert_str_eq(e.msg, "t: entries[1].key: duplicate key: entries 0 "
	    "and 1 have the same key");
	tj = mktable(4, "0");
	json_array_append(json_object_get(tj, "entries"),
	    json_array_get(json_object_get(tj, "entries"), 2));
	cr_assert_eq(gv_stake_from_json(tj, "t", &t, &e), GV_INVALID);
	cr_assert_str_eq(e.msg, "t: entries[4].key: duplicate key: entries 2 "
	    "and 4 have the same key");
}

/* The vote message and table digest test vectors of formats/certificate.md. */
Test(certificate, spec_test_vectors)
{
	struct gv_stake_table t;
	struct gv_err e;
	unsigned char v[32], sd[32];
	char h[65];

	cr_assert_eq(gv_stake_load(gvt_path(
	    "corpus/valid/cert-block.table.json"), &t, &e), GV_OK, "%s", e.msg);
	gv_hex(h, t.digest, 32);
	cr_assert_str_eq(h, "9470339ca91f1951fa05735f4e3e26688d12ca69e76f4561"
	    "982885989d803227");
	gv_sha256(sd, "block 1", 7);
	cr_assert_eq(gv_cert_vote_digest("demo", 7, "block", sd, t.digest, v),
	    GV_OK);
	gv_hex(h, v, 32);
	cr_assert_str_eq(h, "265310f5139da191a0ff4df108b32cc036ba50e03577e6ac"
	    "d4881d457c86c53a");
	gv_stake_free(&t);
}

/* Regenerating the corpus gives the committed bytes. */
Test(certificate, corpus_is_reproducible)
{
	static const char *const dirs[] = { "valid", "invalid",
		"adversarial" };
	char out[1024], cmd[8192];
	size_t d, n = 0;
	struct gvt_run r;
	const char *argv[] = { gvt_bin("gavel-certgen"), "corpus", out,
		gvt_path("formats/examples/allocation-demo.json"), NULL };

	snprintf(out, sizeof(out), "%s", gvt_tmp("certcorpus"));
	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	for (d = 0; d < 3; d++) {
		FILE *ls;
		char name[512];

		snprintf(cmd, sizeof(cmd), "cd '%s/%s' && ls", out, dirs[d]);
		cr_assert_not_null(ls = popen(cmd, "r"));
		while (fgets(name, sizeof(name), ls) != NULL) {
			char a[2048], b[1024], *x, *y;
			size_t la, lb;

			name[strcspn(name, "\n")] = '\0';
			snprintf(a, sizeof(a), "%s/%s/%s", out, dirs[d], name);
			snprintf(b, sizeof(b), "corpus/%s/%s", dirs[d], name);
			x = gvt_read_file(a, &la);
			y = gvt_read_file(gvt_path(b), &lb);
			cr_assert_not_null(x);
			cr_assert_not_null(y, "%s is not committed", b);
			cr_assert(la == lb && memcmp(x, y, la) == 0,
			    "%s differs from a fresh gavel-certgen run", b);
			free(x);
			free(y);
			n++;
		}
		pclose(ls);
	}
	cr_assert_gt(n, 50);
}

/* Run one corpus case and compare with its .expect (corpus/README.md). */
static void
cert_case(const char *dir, const char *name, const char *threads)
{
	char tb[256], ce[256], dc[256], expect[256];
	const char *argv[8];
	struct gvt_expect x;
	struct gvt_run r;
	int k = 0;

	cr_assert_eq(chdir(gvt_path(".")), 0);
	snprintf(tb, sizeof(tb), "corpus/%s/cert-%s.table.json", dir, name);
	snprintf(ce, sizeof(ce), "corpus/%s/cert-%s.cert.json", dir, name);
	snprintf(dc, sizeof(dc), "corpus/%s/cert-%s.doc.json", dir, name);
	snprintf(expect, sizeof(expect), "corpus/%s/cert-%s.expect", dir,
	    name);
	gvt_expect_load(expect, &x);
	cr_assert_str_empty(x.arg, "%s: the inputs are the case's own files",
	    expect);
	argv[k++] = gvt_bin("gavel-verify");
	argv[k++] = "certificate";
	if (threads != NULL) {
		argv[k++] = "--threads";
		argv[k++] = threads;
	}
	argv[k++] = tb;
	argv[k++] = ce;
	if (access(dc, F_OK) == 0)
		argv[k++] = dc;
	argv[k] = NULL;
	cr_assert_eq(gvt_run(&r, argv), 0);
	gvt_expect_assert(&r, &x, ce);
	gvt_run_free(&r);
	gvt_expect_free(&x);
}

#define CERT_CASE(dir, name, tname) \
	Test(certificate, tname) { cert_case(dir, name, NULL); }

CERT_CASE("valid", "allocation", cli_valid_allocation_with_document)
CERT_CASE("valid", "block", cli_valid_unequal_stakes)
CERT_CASE("invalid", "unsorted", cli_malformed_unsorted_signers)
CERT_CASE("invalid", "unknown-key", cli_malformed_unknown_key)
CERT_CASE("invalid", "uppercase-sig", cli_malformed_uppercase_signature)
CERT_CASE("adversarial", "dup-signer", cli_duplicate_signer)
CERT_CASE("adversarial", "signer-range", cli_signer_out_of_range)
CERT_CASE("adversarial", "dup-key", cli_table_with_duplicate_key)
CERT_CASE("adversarial", "two-thirds", cli_exactly_two_thirds_fails)
CERT_CASE("adversarial", "other-digest", cli_signature_over_another_digest)
CERT_CASE("adversarial", "replay-epoch", cli_replay_from_another_epoch)
CERT_CASE("adversarial", "replay-edited", cli_replay_with_edited_epoch)
CERT_CASE("adversarial", "replay-marketplace",
    cli_replay_from_another_marketplace)
CERT_CASE("adversarial", "table-mismatch", cli_stake_table_digest_mismatch)
CERT_CASE("adversarial", "subject-mismatch", cli_document_digest_mismatch)
CERT_CASE("adversarial", "malleated", cli_malleated_signature_s_plus_l)
CERT_CASE("adversarial", "small-order-key", cli_small_order_key_in_table)
CERT_CASE("adversarial", "stake-max", cli_stakes_of_2_256_minus_1_accepted)
CERT_CASE("adversarial", "stake-over", cli_stake_of_2_256_rejected)
CERT_CASE("adversarial", "empty-table", cli_empty_table_certifies_nothing)
CERT_CASE("adversarial", "zero-table", cli_all_zero_table_certifies_nothing)

Test(certificate, cli_thread_count_does_not_change_the_verdict)
{
	cert_case("adversarial", "replay-edited", "1");
	cert_case("adversarial", "replay-edited", "2");
	cert_case("valid", "block", "3");
	cert_case("adversarial", "other-digest", "0");
}

Test(certificate, cli_bad_thread_count_is_a_usage_error)
{
	struct gvt_run r;
	const char *argv[] = { gvt_bin("gavel-verify"), "certificate",
		"--threads", "x", "a", "b", NULL };

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: --threads: must be 0 (all "
	    "cores) to 256\n");
	gvt_run_free(&r);
}

/* Every bad signer is on stdout, however many; the message is cut. */
Test(certificate, every_bad_signer_is_listed)
{
	struct gv_stake_table t;
	struct gv_cert_result r;
	struct gv_err e;
	struct gvt_run run;
	json_t *c;
	size_t i;
	const char *argv[] = { gvt_bin("gavel-verify"), "certificate",
		"corpus/adversarial/cert-replay-edited.table.json",
		"corpus/adversarial/cert-replay-edited.cert.json", NULL };

	cr_assert_eq(gv_sig_init(), 0);
	cr_assert_eq(gv_stake_from_json(mktable(300, "1"), "t", &t, &e),
	    GV_OK);
	c = mkcert(&t);
	for (i = 0; i < 300; i++)
		signas(c, &t, i);
	json_object_set_new(c, "epoch", json_integer(7));
	json_object_set_new(json_object_get(c, "subject"), "kind",
	    json_string("allocation"));
	gv_cert_result_init(&r);
	cr_assert_eq(gv_cert_check(&t, c, "c", NULL, NULL, 0, &r, &e),
	    GV_INVALID);
	cr_assert_eq(r.nbad, 300);
	for (i = 0; i < 300; i++)
		cr_assert_eq(r.bad[i], i);
	cr_assert(strstr(e.msg, "c: signatures: 300 of 300 signatures do not "
	    "verify: signers 0, 1, 2, ") == e.msg, "%s", e.msg);
	cr_assert(strstr(e.msg, ", ... (300 in all)") != NULL, "%s", e.msg);
	cr_assert_eq(mpz_sgn(r.signed_stake), 0);
	gv_cert_result_free(&r);
	json_decref(c);
	gv_stake_free(&t);

	cr_assert_eq(chdir(gvt_path(".")), 0);
	cr_assert_eq(gvt_run(&run, argv), 0);
	cr_assert_eq(run.status, 1);
	cr_assert_str_eq(run.out, "invalid: 5 signatures, signed stake 0 of "
	    "total 500, threshold 334; bad signers: 0 1 2 3 4\n");
	gvt_run_free(&run);
}
