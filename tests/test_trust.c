/* test_trust.c: slashing verdicts rest on the caller's stake table, never the accuser's (formats/evidence.md, "Trust") */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "evidence.h"
#include "stake.h"
#include "util.h"

#define WORLD_TABLE "corpus/slashing-world/stake-table.json"
#define FORGED "corpus/adversarial/slashing-forged-stake-table.json"
#define WORLD_DIGEST \
	"eb3e1970f9fc4487c152a06606c7f4288723f52f031ca3ff9d20bc0eaf6593fb"
#define FORGED_DIGEST \
	"6e4e1f0e8581f5e64c5d5c6c7ee0090f70aef03ff621ceee0c3f90c6b370c5b4"
/* the identity of a real inclusion fault at r-arb 7003 position 2 */
#define FAULT_ID \
	"b4d2a0b4875a28097a8206fb28567c0c5f2d108258670465de281642327608fb"

/* Run gavel-verify slashing ARGS... from the repository root. */
static void
verify(struct gvt_run *r, const char *a1, const char *a2, const char *a3)
{
	const char *argv[] = { gvt_bin("gavel-verify"), "slashing", a1, a2,
		a3, NULL };

	cr_assert_eq(chdir(gvt_path(".")), 0);
	cr_assert_eq(gvt_run(r, argv), 0);
}

static json_t *
verdict_of(const struct gvt_run *r)
{
	json_error_t je;
	json_t *v = json_loads(r->out, 0, &je);

	cr_assert_not_null(v, "no verdict on stdout: %s", r->out);
	return v;
}

static const char *
field(json_t *v, const char *k)
{
	const char *s = json_string_value(json_object_get(v, k));

	cr_assert_not_null(s, "verdict has no string %s", k);
	return s;
}

/*
 * Issue 19, defect 1: the honest sequencer's kept promise, a stake table of
 * one accuser key, everything re-certified by it, an empty block. It was
 * slashable (exit 0, penalty 1000000, the real fault's fault_id); under the
 * trusted table it is not, and the verdict names the table it rests on.
 */
Test(trust, forged_stake_table_does_not_convict_an_honest_sequencer)
{
	struct gvt_run r;
	json_t *v;

	verify(&r, "--stake-table", WORLD_TABLE, FORGED);
	cr_assert_eq(r.status, 1, "exit %d: %s", r.status, r.err);
	cr_assert_str_eq(r.err, "gavel-verify: " FORGED ": context.stake_table: "
	    "is not the trusted stake table: the evidence embeds table "
	    FORGED_DIGEST ", the caller trusts table " WORLD_DIGEST
	    ": not slashable\n");
	v = verdict_of(&r);
	cr_assert_str_eq(field(v, "format"), "gavel.verdict.v2");
	cr_assert(json_is_false(json_object_get(v, "slashable")));
	cr_assert_str_eq(field(v, "penalty"), "0");
	cr_assert_str_eq(field(v, "fault_id"), FAULT_ID);
	cr_assert_str_eq(field(v, "trust_root"), WORLD_DIGEST);
	cr_assert_str_eq(field(v, "stake_table"), WORLD_DIGEST);
	json_decref(v);
	gvt_run_free(&r);
}

/* The verdict follows the caller's trust: trusting the forger convicts. */
Test(trust, the_verdict_rests_on_the_table_the_caller_gives)
{
	const char *tf = gvt_tmp("forged-table.json");
	struct gvt_run r;
	json_error_t je;
	json_t *ev, *v;

	ev = json_load_file(gvt_path(FORGED), 0, &je);
	cr_assert_not_null(ev, "%s", je.text);
	cr_assert_eq(json_dump_file(json_object_get(json_object_get(ev,
	    "context"), "stake_table"), tf, JSON_INDENT(2)), 0);
	json_decref(ev);
	verify(&r, "--stake-table", tf, FORGED);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	cr_assert_str_empty(r.err);
	v = verdict_of(&r);
	cr_assert(json_is_true(json_object_get(v, "slashable")));
	cr_assert_str_eq(field(v, "penalty"), "1000000");
	cr_assert_str_eq(field(v, "trust_root"), FORGED_DIGEST);
	cr_assert_str_eq(field(v, "stake_table"), FORGED_DIGEST);
	json_decref(v);
	gvt_run_free(&r);
}

/* No table from the caller: no verdict at all (exit 2), for any evidence. */
Test(trust, no_stake_table_no_verdict)
{
	static const char *const files[] = { FORGED,
		"corpus/valid/slashing-inclusion.json" };
	char want[1024];
	struct gvt_run r;
	size_t i;

	for (i = 0; i < 2; i++) {
		verify(&r, files[i], NULL, NULL);
		snprintf(want, sizeof(want), "gavel-verify: %s: --stake-table: "
		    "missing: no verdict without a stake table given by the "
		    "caller (the evidence's own context.stake_table is the "
		    "accuser's word)\n", files[i]);
		cr_assert_eq(r.status, 2, "%s: exit %d", files[i], r.status);
		cr_assert_str_eq(r.err, want);
		cr_assert_str_empty(r.out);
		gvt_run_free(&r);
	}
}

/* Real evidence checked against another epoch's validators proves nothing. */
Test(trust, real_evidence_under_another_table_is_not_slashable)
{
	struct gvt_run r;
	json_t *v;

	verify(&r, "--stake-table", "corpus/valid/cert-block.table.json",
	    "corpus/valid/slashing-liveness.json");
	cr_assert_eq(r.status, 1, "exit %d: %s", r.status, r.err);
	cr_assert_str_eq(r.err, "gavel-verify: corpus/valid/slashing-liveness."
	    "json: context.stake_table: is not the trusted stake table: the "
	    "evidence embeds table " WORLD_DIGEST ", the caller trusts table "
	    "9470339ca91f1951fa05735f4e3e26688d12ca69e76f4561982885989d803227"
	    ": not slashable\n");
	v = verdict_of(&r);
	cr_assert_str_eq(field(v, "stake_table"),
	    "9470339ca91f1951fa05735f4e3e26688d12ca69e76f4561982885989d803227");
	json_decref(v);
	gvt_run_free(&r);
}

/* A trusted table that fails its own checks gives no verdict (exit 2). */
Test(trust, broken_trusted_table_gives_no_verdict)
{
	struct gvt_run r;

	verify(&r, "--stake-table", "corpus/adversarial/cert-dup-key.table.json",
	    "corpus/valid/slashing-inclusion.json");
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: corpus/adversarial/cert-dup-key."
	    "table.json: entries[3].key: duplicate key: entries 1 and 3 have "
	    "the same key\n");
	cr_assert_str_empty(r.out);
	gvt_run_free(&r);
	verify(&r, "--stake-table", "corpus/no-such-table.json",
	    "corpus/valid/slashing-inclusion.json");
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: corpus/no-such-table.json: "
	    "cannot open: No such file or directory\n");
	gvt_run_free(&r);
}

Test(trust, usage_errors_and_help)
{
	struct gvt_run r;

	verify(&r, "--stake-tabel", WORLD_TABLE, FORGED);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: slashing: unknown option "
	    "\"--stake-tabel\"\nusage: gavel-verify slashing (--stake-table "
	    "TABLE.json | --trust-root DIGEST --chain CHAIN.json) "
	    "EVIDENCE.json\n");
	gvt_run_free(&r);
	verify(&r, FORGED, "--stake-table", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: --stake-table: missing file "
	    "name (usage: gavel-verify slashing (--stake-table TABLE.json | "
	    "--trust-root DIGEST --chain CHAIN.json) EVIDENCE.json)\n");
	gvt_run_free(&r);
	{
		const char *argv[] = { gvt_bin("gavel-verify"), "slashing",
			"--stake-table", WORLD_TABLE, "--stake-table",
			WORLD_TABLE, FORGED, NULL };

		cr_assert_eq(gvt_run(&r, argv), 0);
		cr_assert_eq(r.status, 2);
		cr_assert_str_eq(r.err, "gavel-verify: --stake-table: given "
		    "twice: one trusted table per verdict\n");
		gvt_run_free(&r);
	}
	verify(&r, "--stake-table", WORLD_TABLE, "--stake-table");
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: --stake-table: missing file "
	    "name (usage: gavel-verify slashing (--stake-table TABLE.json | "
	    "--trust-root DIGEST --chain CHAIN.json) EVIDENCE.json)\n");
	gvt_run_free(&r);
	verify(&r, "--help", NULL, NULL);
	cr_assert_eq(r.status, 0);
	cr_assert(strncmp(r.out, "usage: gavel-verify slashing --stake-table "
	    "TABLE.json EVIDENCE.json\n", 68) == 0, "%s", r.out);
	cr_assert(strstr(r.out, "--trust-root DIGEST --chain CHAIN.json") !=
	    NULL, "%s", r.out);
	cr_assert(strstr(r.out, "exit status:") != NULL);
	cr_assert_str_empty(r.err);
	gvt_run_free(&r);
}

/* The library refuses to judge without a trusted table. */
Test(trust, library_needs_a_trusted_table)
{
	struct gv_err e = { 0, "" };
	struct gv_verdict v;
	json_error_t je;
	json_t *ev;

	ev = json_load_file(gvt_path(FORGED), 0, &je);
	cr_assert_not_null(ev);
	gv_verdict_init(&v);
	cr_assert_eq(gv_evidence_check(ev, "ev", NULL, &v, &e), GV_MALFORMED);
	cr_assert_str_eq(e.msg, "ev: no trusted stake table: a verdict never "
	    "rests on the evidence's own");
	cr_assert_eq(v.known, 0);
	gv_verdict_free(&v);
	json_decref(ev);
}

/* formats/examples/verdict-demo.json is exactly what the tool prints. */
Test(trust, verdict_example_is_the_tools_output)
{
	struct gvt_run r;
	char *want;

	verify(&r, "--stake-table", WORLD_TABLE,
	    "corpus/valid/slashing-liveness.json");
	cr_assert_eq(r.status, 0, "%s", r.err);
	want = gvt_read_file(gvt_path("formats/examples/verdict-demo.json"),
	    NULL);
	cr_assert_not_null(want);
	cr_assert_str_eq(r.out, want);
	free(want);
	gvt_run_free(&r);
}
