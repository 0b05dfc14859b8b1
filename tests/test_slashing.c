/* test_slashing.c: slashing evidence and verdicts, corpus and generator (formats/evidence.md) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "cert.h"
#include "evidence.h"
#include "receipt.h"
#include "slashctx.h"
#include "stake.h"
#include "expect.h"
#include "util.h"

/* The stake table the corpus evidence is certified by: the caller's trust. */
#define WORLD_TABLE "corpus/slashing-world/stake-table.json"

/*
 * corpus/DIR/NAME.expect (corpus/README.md): the exit code, the exact
 * stderr line, the trusted table given with --stake-table, and the whole
 * verdict on stdout, compared byte for byte.
 */
static void
run_case(const char *dir, const char *name, const char *kind)
{
	char rel[256], exp_rel[256], want[64];
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
	/* and the .expect itself says what the case is about */
	if (x.code == 0 || x.code == 1) {
		snprintf(want, sizeof(want), "\"kind\": \"%s\"", kind);
		cr_assert(strstr(x.out, want) != NULL, "%s: %s", name, x.out);
		cr_assert(strstr(x.out, x.code == 0 ? "\"slashable\": true" :
		    "\"slashable\": false") != NULL, "%s", name);
	} else
		cr_assert_str_empty(x.out);
	gvt_run_free(&r);
	gvt_expect_free(&x);
}

#define CASE(id, dir, name, kind) \
	Test(slashing, id) { run_case(dir, name, kind); }

/* one valid evidence per fault kind, and an inclusion past the block's end */
CASE(valid_inclusion, "valid", "slashing-inclusion", "inclusion")
CASE(valid_inclusion_past_end, "valid", "slashing-inclusion-past-end",
    "inclusion")
CASE(valid_state, "valid", "slashing-state", "state")
CASE(valid_equivocation, "valid", "slashing-equivocation", "equivocation")
CASE(valid_liveness, "valid", "slashing-liveness", "liveness")
/* who signed */
CASE(unscheduled_key, "adversarial", "slashing-unscheduled-key", "inclusion")
CASE(unsold_rollup, "adversarial", "slashing-unsold-rollup", "inclusion")
CASE(outside_slots, "adversarial", "slashing-outside-slots", "inclusion")
CASE(bad_receipt_sig, "adversarial", "slashing-bad-receipt-sig", "inclusion")
/* the block */
CASE(block_other_slot, "adversarial", "slashing-block-other-slot",
    "inclusion")
CASE(block_other_rollup, "adversarial", "slashing-block-other-rollup",
    "inclusion")
CASE(block_no_quorum, "adversarial", "slashing-block-no-quorum", "inclusion")
/* the proof */
CASE(inclusion_honest, "adversarial", "slashing-inclusion-honest",
    "inclusion")
CASE(state_honest, "adversarial", "slashing-state-honest", "state")
CASE(proof_wrong_index, "adversarial", "slashing-proof-wrong-index",
    "inclusion")
CASE(proof_other_path, "adversarial", "slashing-proof-other-path",
    "inclusion")
CASE(proof_inner_node, "adversarial", "slashing-proof-inner-node",
    "inclusion")
CASE(proof_missing, "adversarial", "slashing-proof-missing", "inclusion")
/* equivocation */
CASE(equivocation_same_receipt, "adversarial",
    "slashing-equivocation-same-receipt", "equivocation")
CASE(equivocation_resigned, "adversarial", "slashing-equivocation-resigned",
    "equivocation")
CASE(equivocation_reversed, "adversarial", "slashing-equivocation-reversed",
    "equivocation")
CASE(equivocation_other_position, "adversarial",
    "slashing-equivocation-other-position", "equivocation")
/* liveness */
CASE(liveness_other_slot, "adversarial", "slashing-liveness-other-slot",
    "liveness")
/* a validator set of the accuser's choosing (issue 19, defect 1) */
CASE(forged_stake_table, "adversarial", "slashing-forged-stake-table",
    "inclusion")

static const char *const corpus_files[] = {
	"valid/slashing-inclusion", "valid/slashing-inclusion-past-end",
	"valid/slashing-state", "valid/slashing-equivocation",
	"valid/slashing-liveness",
	"adversarial/slashing-unscheduled-key",
	"adversarial/slashing-unsold-rollup",
	"adversarial/slashing-outside-slots",
	"adversarial/slashing-bad-receipt-sig",
	"adversarial/slashing-block-other-slot",
	"adversarial/slashing-block-other-rollup",
	"adversarial/slashing-block-no-quorum",
	"adversarial/slashing-inclusion-honest",
	"adversarial/slashing-state-honest",
	"adversarial/slashing-proof-wrong-index",
	"adversarial/slashing-proof-other-path",
	"adversarial/slashing-proof-inner-node",
	"adversarial/slashing-proof-missing",
	"adversarial/slashing-equivocation-same-receipt",
	"adversarial/slashing-equivocation-resigned",
	"adversarial/slashing-equivocation-reversed",
	"adversarial/slashing-equivocation-other-position",
	"adversarial/slashing-liveness-other-slot",
	"adversarial/slashing-forged-stake-table",
};

/* gavel-world is deterministic and the corpus is exactly its output */
Test(slashing, corpus_is_reproducible)
{
	char rel[256], gen[512], dir[256];
	const char *argv[] = { gvt_bin("gavel-world"), dir, NULL };
	struct gvt_run r;
	size_t i, la, lb;
	char *a, *b;

	/* gvt_tmp's buffer is reused: keep a copy */
	snprintf(dir, sizeof(dir), "%s", gvt_tmp("world"));
	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "gavel-world: %s", r.err);
	gvt_run_free(&r);
	for (i = 0; i < sizeof(corpus_files) / sizeof(corpus_files[0]); i++) {
		snprintf(rel, sizeof(rel), "corpus/%s.json", corpus_files[i]);
		snprintf(gen, sizeof(gen), "%s/%s.json", dir, corpus_files[i]);
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

/* the verdict's reason is the stderr line without "gavel-verify: FILE: " */
Test(slashing, reason_in_verdict_matches_stderr)
{
	const char *path =
	    gvt_path("corpus/adversarial/slashing-inclusion-honest.json");
	const char *argv[] = { gvt_bin("gavel-verify"), "slashing",
		"--stake-table", gvt_path(WORLD_TABLE), path, NULL };
	struct gvt_run r;
	json_t *v;
	json_error_t je;
	char want[2048];

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 1);
	v = json_loads(r.out, 0, &je);
	cr_assert_not_null(v, "verdict is not JSON: %s", r.out);
	snprintf(want, sizeof(want), "gavel-verify: %s: %s\n", path,
	    json_string_value(json_object_get(v, "reason")));
	cr_assert_str_eq(r.err, want);
	cr_assert_str_eq(json_string_value(json_object_get(v, "penalty")), "0");
	json_decref(v);
	gvt_run_free(&r);
}

static json_t *
load(const char *rel)
{
	json_t *j;
	json_error_t je;

	j = json_load_file(gvt_path(rel), 0, &je);
	cr_assert_not_null(j, "%s: %s", rel, je.text);
	return j;
}

/* Trust the corpus world's stake table, as --stake-table does. */
static void
world_trust(struct gv_stake_table *t, struct gv_trust *tr)
{
	struct gv_err e = { 0, "" };

	cr_assert_eq(gv_stake_load(gvt_path(WORLD_TABLE), t, &e), GV_OK, "%s",
	    e.msg);
	tr->table = t;
	memcpy(tr->root, t->digest, GV_DIGEST_LEN);
}

/*
 * One fault, one identity: the same inclusion fault presented with a block
 * certificate that carries one more signature is other evidence (another
 * evidence digest) of the same fault (the same fault_id); the same receipt
 * at another position is another fault.
 */
Test(slashing, fault_id_ignores_the_presentation)
{
	struct gv_verdict v1, v2, v3;
	struct gv_err e = { 0, "" };
	struct gv_stake_table t, wt;
	struct gv_trust tr;
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];
	json_t *a, *b, *c, *st;
	size_t i;

	cr_assert_eq(gv_sig_init(), 0);
	a = load("corpus/valid/slashing-inclusion.json");
	b = json_deep_copy(a);
	c = load("corpus/valid/slashing-inclusion-past-end.json");
	st = json_deep_copy(json_object_get(json_object_get(b, "context"),
	    "stake_table"));
	cr_assert_eq(gv_stake_from_json(st, "st", &t, &e), GV_OK, "%s", e.msg);
	/* validator 3 (stake 100) did not sign the corpus certificate */
	gv_sig_test_keypair("gavel-world/validator", 3, pk, sk);
	for (i = 0; i < t.n; i++)
		if (memcmp(t.entries[i].key, pk, GV_PK_LEN) == 0)
			break;
	cr_assert(i < t.n);
	cr_assert_eq(gv_cert_sign(json_object_get(b, "block_certificate"), &t,
	    i, sk), GV_OK);
	gv_verdict_init(&v1);
	gv_verdict_init(&v2);
	gv_verdict_init(&v3);
	world_trust(&wt, &tr);
	cr_assert_eq(gv_evidence_check(a, "a", &tr, &v1, &e), GV_OK, "%s",
	    e.msg);
	cr_assert_eq(gv_evidence_check(b, "b", &tr, &v2, &e), GV_OK, "%s",
	    e.msg);
	cr_assert_eq(gv_evidence_check(c, "c", &tr, &v3, &e), GV_OK, "%s",
	    e.msg);
	cr_assert(memcmp(v1.evidence, v2.evidence, GV_DIGEST_LEN) != 0);
	cr_assert(memcmp(v1.fault_id, v2.fault_id, GV_DIGEST_LEN) == 0);
	cr_assert(memcmp(v1.fault_id, v3.fault_id, GV_DIGEST_LEN) != 0,
	    "positions 2 and 7 are two faults");
	gv_stake_free(&t);
	gv_stake_free(&wt);
	json_decref(a);
	json_decref(b);
	json_decref(c);
	gv_verdict_free(&v1);
	gv_verdict_free(&v2);
	gv_verdict_free(&v3);
}

/* receipts are strict: an unknown key, a bad promise kind, a bad tag */
Test(slashing, receipt_is_strict)
{
	struct gv_err e = { 0, "" };
	struct gv_receipt r;
	json_t *ev, *rc;

	ev = load("corpus/valid/slashing-state.json");
	rc = json_array_get(json_object_get(ev, "receipts"), 0);
	cr_assert_eq(gv_receipt_parse(rc, "ev", "receipts[0]", &r, &e), GV_OK,
	    "%s", e.msg);
	cr_assert_eq(r.kind, GV_PROMISE_STATE);
	cr_assert_eq(r.position, 1);
	json_object_set_new(json_object_get(rc, "promise"), "tx",
	    json_string("00"));
	cr_assert_eq(gv_receipt_parse(rc, "ev", "receipts[0]", &r, &e),
	    GV_MALFORMED);
	cr_assert_str_eq(e.msg, "ev: receipts[0].promise: unknown key \"tx\"");
	json_object_del(json_object_get(rc, "promise"), "tx");
	json_object_set_new(rc, "format", json_string("gavel.receipt.v2"));
	cr_assert_eq(gv_receipt_parse(rc, "ev", "receipts[0]", &r, &e),
	    GV_MALFORMED);
	cr_assert_str_eq(e.msg, "ev: receipts[0].format: unsupported format "
	    "\"gavel.receipt.v2\", expected \"gavel.receipt.v1\"");
	json_decref(ev);
}

static void
expect_malformed(json_t *ev, const char *want)
{
	struct gv_verdict v;
	struct gv_err e = { 0, "" };
	struct gv_stake_table t;
	struct gv_trust tr;

	world_trust(&t, &tr);
	gv_verdict_init(&v);
	cr_assert_eq(gv_evidence_check(ev, "ev", &tr, &v, &e), GV_MALFORMED,
	    "want %s, got %d %s", want, e.code, e.msg);
	cr_assert_str_eq(e.msg, want);
	cr_assert_eq(v.known, 0);
	gv_verdict_free(&v);
	gv_stake_free(&t);
}

/* shapes that exit 2: keys of another kind, receipt count, kind, penalties */
Test(slashing, malformed_evidence)
{
	json_t *ev, *c;

	cr_assert_eq(gv_sig_init(), 0);
	ev = load("corpus/valid/slashing-equivocation.json");
	c = json_deep_copy(ev);
	json_object_set_new(c, "block", json_object());
	expect_malformed(c, "ev: unknown key \"block\"");
	json_decref(c);
	c = json_deep_copy(ev);
	json_object_set_new(c, "kind", json_string("inclusion"));
	expect_malformed(c, "ev: block: missing");
	json_decref(c);
	c = json_deep_copy(ev);
	json_object_set_new(c, "kind", json_string("censorship"));
	expect_malformed(c, "ev: kind: unknown fault kind \"censorship\", "
	    "expected \"inclusion\", \"state\", \"equivocation\" or "
	    "\"liveness\"");
	json_decref(c);
	c = json_deep_copy(ev);
	json_array_remove(json_object_get(c, "receipts"), 1);
	expect_malformed(c, "ev: receipts: equivocation evidence carries "
	    "exactly 2 receipts, found 1");
	json_decref(c);
	c = json_deep_copy(ev);
	json_object_set_new(json_object_get(json_object_get(json_object_get(c,
	    "context"), "params"), "penalties"), "liveness",
	    json_string("1000001"));
	expect_malformed(c, "ev: context.params.penalties.liveness: penalty "
	    "exceeds the collateral");
	json_decref(c);
	c = json_deep_copy(ev);
	json_object_set_new(json_object_get(json_object_get(c, "context"),
	    "allocation"), "winners", json_string("all of them"));
	expect_malformed(c, "ev: context.allocation.winners: must be an array");
	json_decref(c);
	json_decref(ev);
}

/* A certified allocation that gives one rollup to two winners schedules nobody. */
Test(slashing, schedule_refuses_a_rollup_given_twice)
{
	struct gv_schedule sc;
	struct gv_err e = { 0, "" };
	json_t *ev, *alloc, *bun;

	ev = load("corpus/valid/slashing-inclusion.json");
	alloc = json_object_get(json_object_get(ev, "context"), "allocation");
	cr_assert_eq(gv_schedule_parse(alloc, "ev", "context.allocation", &sc,
	    &e), GV_OK, "%s", e.msg);
	bun = json_object_get(json_array_get(json_object_get(alloc,
	    "winners"), 1), "bundle");
	json_array_insert_new(bun, 0, json_string("r-op"));
	cr_assert_eq(gv_schedule_parse(alloc, "ev", "context.allocation", &sc,
	    &e), GV_MALFORMED);
	cr_assert_str_eq(e.msg, "ev: context.allocation.winners: the certified "
	    "allocation gives rollup \"r-op\" to two winners");
	json_decref(ev);
}
