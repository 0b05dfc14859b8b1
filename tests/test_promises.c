/* test_promises.c: atomic receipts, penalty recipients, faults of a gateway (formats/receipt.md v2, formats/slashing-params.md v2, formats/verdict.md v3) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "evidence.h"
#include "expect.h"
#include "receipt.h"
#include "slashctx.h"
#include "stake.h"
#include "util.h"

#define WORLD_TABLE "corpus/slashing-world/stake-table.json"
#define R "corpus/receipts/"

static json_t *
load(const char *rel)
{
	json_error_t je;
	json_t *j = json_load_file(gvt_path(rel), 0, &je);

	cr_assert_not_null(j, "%s: %s", rel, je.text);
	return j;
}

/* gavel-verify slashing on corpus/DIR/NAME.json against its .expect */
static void
run_case(const char *dir, const char *name, const char *format)
{
	char rel[256], exp_rel[256];
	struct gvt_expect x;
	struct gvt_run r;

	cr_assert_eq(chdir(gvt_path(".")), 0);
	snprintf(rel, sizeof(rel), "corpus/%s/%s.json", dir, name);
	snprintf(exp_rel, sizeof(exp_rel), "corpus/%s/%s.expect", dir, name);
	gvt_expect_load(exp_rel, &x);
	cr_assert_str_eq(x.arg, WORLD_TABLE, "%s: line 3", exp_rel);
	{
		const char *argv[] = { gvt_bin("gavel-verify"), "slashing",
			"--stake-table", x.arg, rel, NULL };

		cr_assert_eq(gvt_run(&r, argv), 0);
	}
	gvt_expect_assert(&r, &x, rel);
	cr_assert(strncmp(x.out, "{\n  \"format\": \"", 15) == 0 &&
	    strncmp(x.out + 15, format, strlen(format)) == 0, "%s: %s", name,
	    x.out);
	gvt_run_free(&r);
	gvt_expect_free(&x);
}

#define CASE(id, dir, name) \
	Test(promises, id) { run_case(dir, name, "gavel.verdict.v3"); }

CASE(atomic_missing_leg, "valid", "slashing-atomic-missing-leg")
CASE(atomic_kept, "adversarial", "slashing-atomic-kept")
CASE(gateway_inclusion, "valid", "slashing-gateway-inclusion")
CASE(gateway_liveness, "valid", "slashing-gateway-liveness")
CASE(gateway_uncovered, "adversarial", "slashing-gateway-uncovered")
CASE(gateway_equivocation, "valid", "slashing-gateway-equivocation")
CASE(atomic_liveness, "valid", "slashing-atomic-liveness")

/* v1 pieces keep their v2 verdict, byte for byte (the old .expect files) */
Test(promises, v1_evidence_keeps_verdict_v2)
{
	run_case("valid", "slashing-inclusion", "gavel.verdict.v2");
	run_case("valid", "slashing-liveness", "gavel.verdict.v2");
	run_case("adversarial", "slashing-inclusion-honest",
	    "gavel.verdict.v2");
}

static const char *const new_files[] = {
	"valid/slashing-atomic-missing-leg.json",
	"valid/slashing-gateway-inclusion.json",
	"valid/slashing-gateway-liveness.json",
	"adversarial/slashing-atomic-kept.json",
	"adversarial/slashing-gateway-uncovered.json",
	"valid/slashing-gateway-equivocation.json",
	"valid/slashing-atomic-liveness.json",
	"slashing-world/block-r-op-7003.json",
	"receipts/atomic-scheduled.json",
	"receipts/atomic-other-sequencer.json",
	"receipts/atomic-via-gateway.json",
	"receipts/atomic-via-gateway-uncovered.json",
};

Test(promises, corpus_is_gavel_worlds_output)
{
	char rel[256], gen[512], dir[256];
	const char *argv[] = { gvt_bin("gavel-world"), dir, NULL };
	struct gvt_run r;
	size_t i, la, lb;
	char *a, *b;

	snprintf(dir, sizeof(dir), "%s", gvt_tmp("world15"));
	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "gavel-world: %s", r.err);
	gvt_run_free(&r);
	for (i = 0; i < sizeof(new_files) / sizeof(new_files[0]); i++) {
		snprintf(rel, sizeof(rel), "corpus/%s", new_files[i]);
		snprintf(gen, sizeof(gen), "%s/%s", dir, new_files[i]);
		a = gvt_read_file(gvt_path(rel), &la);
		b = gvt_read_file(gen, &lb);
		cr_assert_not_null(a, "cannot read %s", rel);
		cr_assert_not_null(b, "gavel-world did not write %s", gen);
		cr_assert(la == lb && memcmp(a, b, la) == 0,
		    "%s differs from gavel-world's output", rel);
		free(a);
		free(b);
	}
}

/* The verdict of a corpus case, through the library. */
static int
judge(const char *rel, struct gv_verdict *v, struct gv_err *e)
{
	struct gv_stake_table t;
	struct gv_trust tr;
	json_t *ev = load(rel);
	int rc;

	cr_assert_eq(gv_stake_load(gvt_path(WORLD_TABLE), &t, e), GV_OK, "%s",
	    e->msg);
	tr.table = &t;
	memcpy(tr.root, t.digest, GV_DIGEST_LEN);
	rc = gv_evidence_check(ev, "ev", &tr, v, e);
	gv_stake_free(&t);
	json_decref(ev);
	return rc;
}

static void
key_hex(const char *label, char hex[2 * GV_PK_LEN + 1])
{
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];

	cr_assert_eq(gv_sig_init(), 0);
	gv_sig_test_keypair(label, 0, pk, sk);
	gv_hex(hex, pk, GV_PK_LEN);
}

/*
 * The missing leg: leg 1 (r-op, position 3), penalty 250001 split
 * 5000/1667/3333 bps: burn 41675, treasury 83325, the holder the rest,
 * 125001 (its 125000 and the remainder 1); the cap is the signed 1200000,
 * above the parameters' 1000000. The exact verdict bytes are the .expect's.
 */
Test(promises, missing_leg_penalty_cap_and_recipients_exactly)
{
	struct gv_err e = { 0, "" };
	struct gv_verdict v;
	char holder[2 * GV_PK_LEN + 1], got[2 * GV_PK_LEN + 1];
	json_t *j;
	char *s;

	key_hex("gavel-world/holder", holder);
	gv_verdict_init(&v);
	cr_assert_eq(judge("corpus/valid/slashing-atomic-missing-leg.json", &v,
	    &e), GV_OK, "%s", e.msg);
	cr_assert(v.v3 && v.has_leg && v.leg == 1);
	cr_assert_str_eq(v.rollup, "r-op");
	cr_assert_eq(v.position, 3);
	cr_assert_eq(mpz_cmp_ui(v.penalty, 250001), 0);
	cr_assert_eq(mpz_cmp_ui(v.cap, 1200000), 0);
	cr_assert_eq(v.nrecipients, 3);
	cr_assert_eq(mpz_cmp_ui(v.recipient_amount[0], 125001), 0);
	cr_assert_str_eq(v.recipient_to[1], "burn");
	cr_assert_eq(mpz_cmp_ui(v.recipient_amount[1], 41675), 0);
	cr_assert_str_eq(v.recipient_to[2], "treasury");
	cr_assert_eq(mpz_cmp_ui(v.recipient_amount[2], 83325), 0);
	gv_hex(got, v.holder, GV_PK_LEN);
	cr_assert_str_eq(got, holder);
	j = gv_verdict_json(&v);
	s = json_dumps(j, JSON_COMPACT);
	cr_assert(strstr(s, "\"recipients\":[{\"to\":\"holder\",\"key\":\"") !=
	    NULL, "%s", s);
	cr_assert(strstr(s, "\"amount\":\"125001\"},{\"to\":\"burn\",\"key\":"
	    "null,\"amount\":\"41675\"},{\"to\":\"treasury\",\"key\":null,"
	    "\"amount\":\"83325\"}]") != NULL, "%s", s);
	cr_assert(strstr(s, "\"leg\":1,\"position\":3,\"penalty\":\"250001\","
	    "\"cap\":\"1200000\"") != NULL, "%s", s);
	free(s);
	json_decref(j);
	gv_verdict_free(&v);
}

/* A gateway's broken promise: the sequencer answers, the gateway signed. */
Test(promises, gateway_liveness_is_attributed_to_the_gateway)
{
	struct gv_err e = { 0, "" };
	struct gv_verdict v;
	char gw[2 * GV_PK_LEN + 1], sq[2 * GV_PK_LEN + 1];
	char got[2 * GV_DIGEST_LEN + 1];

	key_hex("gavel-trustgen/gateway", gw);
	key_hex("gavel-world/sequencer", sq);
	gv_verdict_init(&v);
	cr_assert_eq(judge("corpus/valid/slashing-gateway-liveness.json", &v,
	    &e), GV_OK, "%s", e.msg);
	gv_hex(got, v.attributed_to, GV_PK_LEN);
	cr_assert_str_eq(got, gw);
	gv_hex(got, v.sequencer, GV_PK_LEN);
	cr_assert_str_eq(got, sq);
	gv_hex(got, v.delegation, GV_DIGEST_LEN);
	cr_assert(v.has_delegation);
	/* formats/delegation.md's signed digest: the example's delegation */
	cr_assert_str_eq(got, "6dd7e09b0e7b54ba81f7c846eebc7683368e1e565ee9aee8"
	    "a9d447597cc1b53a");
	/* v1 parameters: the (unnamed) holder gets the whole penalty */
	cr_assert_eq(v.nrecipients, 1);
	cr_assert_eq(v.has_holder, 0);
	cr_assert_eq(mpz_cmp_ui(v.recipient_amount[0], 100000), 0);
	cr_assert_eq(mpz_cmp_ui(v.cap, 1000000), 0);
	gv_verdict_free(&v);
}

/* Without its delegation a gateway's receipt binds nobody. */
Test(promises, gateway_receipt_without_delegation_is_not_slashable)
{
	struct gv_stake_table t;
	struct gv_trust tr;
	struct gv_err e = { 0, "" };
	struct gv_verdict v;
	json_t *ev = load("corpus/valid/slashing-gateway-liveness.json");

	json_object_del(ev, "delegation");
	cr_assert_eq(gv_stake_load(gvt_path(WORLD_TABLE), &t, &e), GV_OK);
	tr.table = &t;
	memcpy(tr.root, t.digest, GV_DIGEST_LEN);
	gv_verdict_init(&v);
	cr_assert_eq(gv_evidence_check(ev, "ev", &tr, &v, &e), GV_INVALID);
	cr_assert(strstr(e.msg, "ev: receipts[0].sequencer: signer is not the "
	    "scheduled sequencer of rollup \"r-arb\" at slot 7010") == e.msg,
	    "%s", e.msg);
	cr_assert_eq(v.v3, 0, "no v2 piece left: a v2 verdict");
	gv_verdict_free(&v);
	gv_stake_free(&t);
	json_decref(ev);
}

/* The split: floors to the others, the rest (remainder) to the holder. */
Test(promises, split_is_exact)
{
	struct gv_slash_params p;
	mpz_t pen, h, o[3];
	int i;

	memset(&p, 0, sizeof(p));
	p.nothers = 3;
	p.other_bps[0] = 3333;
	p.other_bps[1] = 3333;
	p.other_bps[2] = 3333;
	p.holder_bps = 1;
	mpz_init_set_ui(pen, 7);
	mpz_init(h);
	for (i = 0; i < 3; i++)
		mpz_init(o[i]);
	gv_slash_split(&p, pen, h, o);
	/* 7 * 3333 / 10000 = 2.3331: 2 each, the holder 7 - 6 = 1 */
	cr_assert_eq(mpz_cmp_ui(o[0], 2), 0);
	cr_assert_eq(mpz_cmp_ui(h, 1), 0);
	mpz_set_str(pen, "1000000000000000000000000000001", 10);
	gv_slash_split(&p, pen, h, o);
	/* 10^30 + 1: others 3333 x 10^26 each (the 1 rounds away), the
	 * holder its 10^26 and the remainder 1 */
	{
		char *hs = mpz_get_str(NULL, 10, h), *os = mpz_get_str(NULL,
		    10, o[2]);

		cr_assert_str_eq(hs, "100000000000000000000000001");
		cr_assert_str_eq(os, "333300000000000000000000000000");
		free(hs);
		free(os);
	}
	mpz_clears(pen, h, o[0], o[1], o[2], NULL);
}

static void
params_malformed(void (*edit)(json_t *), const char *want)
{
	struct gv_slash_params p;
	struct gv_err e = { 0, "" };
	json_t *ev = load("corpus/valid/slashing-atomic-missing-leg.json");
	json_t *pa = json_object_get(json_object_get(ev, "context"), "params");

	edit(pa);
	gv_slash_params_init(&p);
	cr_assert_eq(gv_slash_params_parse(pa, "p", NULL, &p, &e),
	    GV_MALFORMED, "%s", want);
	cr_assert_str_eq(e.msg, want);
	gv_slash_params_free(&p);
	json_decref(ev);
}

static json_t *
others(json_t *pa)
{
	return json_object_get(json_object_get(pa, "recipients"), "others");
}

static void
shares_short(json_t *pa)
{
	json_object_set_new(json_object_get(pa, "recipients"), "holder_bps",
	    json_integer(4999));
}

static void
holder_named(json_t *pa)
{
	json_object_set_new(json_array_get(others(pa), 1), "to",
	    json_string("holder"));
}

static void
unsorted(json_t *pa)
{
	json_object_set_new(json_array_get(others(pa), 1), "to",
	    json_string("burn"));
}

static void
no_recipients(json_t *pa)
{
	json_object_del(pa, "recipients");
}

Test(promises, params_v2_are_strict)
{
	params_malformed(shares_short, "p: recipients: shares add up to 9999 "
	    "bps, must be 10000");
	params_malformed(holder_named, "p: recipients.others[1].to: \"holder\" "
	    "is the receipt holder's name, not another recipient's");
	params_malformed(unsorted, "p: recipients.others[1].to: recipient "
	    "\"burn\" is out of order or repeated: others must be sorted by "
	    "\"to\" in ascending byte order");
	params_malformed(no_recipients, "p: recipients: missing");
}

static void
receipt_malformed(void (*edit)(json_t *), const char *want)
{
	struct gv_receipt r;
	struct gv_err e = { 0, "" };
	json_t *rc = load(R "atomic-scheduled.json");

	cr_assert_eq(gv_receipt_parse_any(rc, "r", NULL, &r, &e), GV_OK, "%s",
	    e.msg);
	cr_assert_eq(r.version, 2);
	cr_assert_eq(r.nlegs, 2);
	edit(rc);
	cr_assert_eq(gv_receipt_parse_any(rc, "r", NULL, &r, &e),
	    GV_MALFORMED, "%s", want);
	cr_assert_str_eq(e.msg, want);
	json_decref(rc);
}

static void
legs_swapped(json_t *rc)
{
	json_t *legs = json_object_get(rc, "legs");
	json_t *l0 = json_incref(json_array_get(legs, 0));

	json_array_remove(legs, 0);
	json_array_append_new(legs, l0);
}

static void
legs_empty(json_t *rc)
{
	json_array_clear(json_object_get(rc, "legs"));
}

static void
legs_many(json_t *rc)
{
	json_t *legs = json_object_get(rc, "legs");
	char id[16];
	int i;

	for (i = 0; i < 15; i++) {
		json_t *l = json_deep_copy(json_array_get(legs, 1));

		snprintf(id, sizeof(id), "r-x%02d", i);
		json_object_set_new(l, "rollup", json_string(id));
		json_array_append_new(legs, l);
	}
}

static void
v1_key(json_t *rc)
{
	json_object_set_new(rc, "rollup", json_string("r-arb"));
}

static void
bad_collateral(json_t *rc)
{
	json_object_set_new(rc, "collateral", json_string("01"));
}

static void
v3_format(json_t *rc)
{
	json_object_set_new(rc, "format", json_string("gavel.receipt.v3"));
}

Test(promises, receipt_v2_is_strict)
{
	receipt_malformed(legs_swapped, "r: legs[1].rollup: rollup \"r-arb\" is "
	    "out of order or repeated: legs must be sorted by rollup in "
	    "ascending byte order, one leg per rollup");
	receipt_malformed(legs_empty, "r: legs: must hold at least 1 leg");
	receipt_malformed(legs_many, "r: legs: 17 legs, the limit is 16");
	receipt_malformed(v1_key, "r: unknown key \"rollup\"");
	receipt_malformed(v3_format, "r: format: unsupported format "
	    "\"gavel.receipt.v3\", expected \"gavel.receipt.v1\" or "
	    "\"gavel.receipt.v2\"");
	receipt_malformed(bad_collateral, "r: collateral: amount has a leading zero");
}

/* The receipt's own parser stays v1 only (its callers expect v1). */
Test(promises, v1_parser_refuses_v2)
{
	struct gv_receipt r;
	struct gv_err e = { 0, "" };
	json_t *rc = load(R "atomic-scheduled.json");

	cr_assert_eq(gv_receipt_parse(rc, "r", NULL, &r, &e), GV_MALFORMED);
	json_decref(rc);
}

static void
evidence_malformed(const char *rel, void (*edit)(json_t *), const char *want)
{
	struct gv_stake_table t;
	struct gv_trust tr;
	struct gv_err e = { 0, "" };
	struct gv_verdict v;
	json_t *ev = load(rel);

	edit(ev);
	cr_assert_eq(gv_stake_load(gvt_path(WORLD_TABLE), &t, &e), GV_OK);
	tr.table = &t;
	memcpy(tr.root, t.digest, GV_DIGEST_LEN);
	gv_verdict_init(&v);
	cr_assert_eq(gv_evidence_check(ev, "ev", &tr, &v, &e), GV_MALFORMED,
	    "want %s, got %s", want, e.msg);
	cr_assert_str_eq(e.msg, want);
	gv_verdict_free(&v);
	gv_stake_free(&t);
	json_decref(ev);
}

static void
no_leg(json_t *ev)
{
	json_object_del(ev, "leg");
}

static void
leg_2(json_t *ev)
{
	json_object_set_new(ev, "leg", json_integer(2));
}

static void
leg_on_v1(json_t *ev)
{
	json_object_set_new(ev, "leg", json_integer(0));
}

/* an equivocation of two atomic receipts (the kept and the broken) */
static void
atomic_equivocation(json_t *ev)
{
	json_t *a = load("corpus/valid/slashing-atomic-missing-leg.json");
	json_t *arr = json_object_get(ev, "receipts");

	json_array_set(arr, 0, json_array_get(json_object_get(a, "receipts"),
	    0));
	json_decref(a);
}

Test(promises, evidence_legs_are_strict)
{
	evidence_malformed("corpus/valid/slashing-atomic-missing-leg.json",
	    no_leg, "ev: leg: missing: receipts[0] is an atomic receipt "
	    "(gavel.receipt.v2), name the broken leg");
	evidence_malformed("corpus/valid/slashing-atomic-missing-leg.json",
	    leg_2, "ev: leg: receipts[0] has 2 legs, no leg 2");
	evidence_malformed("corpus/valid/slashing-inclusion.json", leg_on_v1,
	    "ev: leg: only an atomic receipt (gavel.receipt.v2) has legs");
	evidence_malformed("corpus/valid/slashing-equivocation.json",
	    atomic_equivocation, "ev: receipts[0]: equivocation evidence "
	    "compares gavel.receipt.v1 receipts (conflicting atomic receipts "
	    "are not specified yet)");
	evidence_malformed("corpus/valid/slashing-equivocation.json",
	    leg_on_v1, "ev: unknown key \"leg\"");
}

/* corpus/receipts/atomic-*.json on arrival, against their .expect */
Test(promises, atomic_receipts_on_arrival)
{
	static const char *const names[] = { "atomic-scheduled",
		"atomic-other-sequencer", "atomic-via-gateway",
		"atomic-via-gateway-uncovered" };
	char f[256], x[256];
	struct gvt_run r;
	size_t i;
	char *ex, *nl;
	int code;

	cr_assert_eq(chdir(gvt_path(".")), 0);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int gw = strstr(names[i], "gateway") != NULL;
		const char *argv[] = { gvt_bin("gavel-verify"), "receipt",
			"--stake-table", R "stake-table.json",
			"--allocation", R "allocation.json",
			"--allocation-certificate", R "allocation.cert.json",
			gw ? "--delegation" : f, R "via-gateway.delegation.json",
			f, NULL };

		snprintf(f, sizeof(f), R "%s.json", names[i]);
		snprintf(x, sizeof(x), R "%s.expect", names[i]);
		if (!gw)
			argv[9] = NULL;
		cr_assert_not_null(ex = gvt_read_file(x, NULL), "%s", x);
		code = atoi(ex);
		cr_assert_not_null(nl = strchr(ex, '\n'));
		cr_assert_eq(gvt_run(&r, argv), 0);
		cr_assert_eq(r.status, code, "%s: %s%s", f, r.out, r.err);
		cr_assert_str_eq(code == 0 ? r.out : r.err, nl + 1, "%s", f);
		gvt_run_free(&r);
		free(ex);
	}
}

/* Through a trust root and chain, a v3 verdict differs only in trust_root. */
Test(promises, v3_verdict_through_the_chain)
{
	struct gvt_expect x;
	struct gvt_run r;
	char root[65], want[8192], *rb, *p;
	const char *ev = "corpus/valid/slashing-atomic-missing-leg.json";

	cr_assert_eq(chdir(gvt_path(".")), 0);
	cr_assert_not_null(rb = gvt_read_file("corpus/slashing-world/chain.root",
	    NULL));
	snprintf(root, sizeof(root), "%.64s", rb);
	free(rb);
	gvt_expect_load("corpus/valid/slashing-atomic-missing-leg.expect", &x);
	snprintf(want, sizeof(want), "%s", x.out);
	cr_assert_not_null(p = strstr(want, "\"trust_root\": \""));
	memcpy(p + strlen("\"trust_root\": \""), root, 64);
	{
		const char *argv[] = { gvt_bin("gavel-verify"), "slashing",
			"--trust-root", root, "--chain",
			"corpus/slashing-world/chain.json", ev, NULL };

		cr_assert_eq(gvt_run(&r, argv), 0);
	}
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, want);
	cr_assert(strcmp(want, x.out) != 0, "the root is not the table");
	gvt_run_free(&r);
	gvt_expect_free(&x);
}
