/* test_evidence_build.c: gavel-evidence build, evidence from the corpus pieces (formats/evidence.md, "Built from pieces") */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "expect.h"
#include "util.h"

#define W "corpus/slashing-world/"
#define P W "pieces/"
#define TABLE W "stake-table.json"

static void
at_root(void)
{
	cr_assert_eq(chdir(gvt_path(".")), 0);
}

TestSuite(evbuild, .init = at_root, .timeout = 120);

/* An argv under construction; strings are copied. */
struct args {
	const char *v[48];
	char buf[48][512];
	int n;
};

static void
add(struct args *a, const char *s)
{
	cr_assert_lt(a->n, 46);
	snprintf(a->buf[a->n], sizeof(a->buf[a->n]), "%s", s);
	a->v[a->n] = a->buf[a->n];
	a->v[++a->n] = NULL;
}

static void
add2(struct args *a, const char *opt, const char *val)
{
	add(a, opt);
	add(a, val);
}

/* gavel-evidence build, the shared context and the trusted table */
static void
start(struct args *a, const char *kind)
{
	a->n = 0;
	add(a, gvt_bin("gavel-evidence"));
	add(a, "build");
	if (kind != NULL)
		add(a, kind);
	add2(a, "--allocation", W "allocation.json");
	add2(a, "--certificate", W "allocation-certificate.json");
	add2(a, "--params", W "params.json");
	add2(a, "--certificate", W "params-certificate.json");
}

/* The pieces of case NAME that exist, as options (receipts in file order). */
static void
add_pieces(struct args *a, const char *name)
{
	static const char *const files[][2] = {
		{ "receipt.json", "--receipt" },
		{ "receipt-1.json", "--receipt" },
		{ "receipt-2.json", "--receipt" },
		{ "block.json", "--block" },
		{ "block-certificate.json", "--certificate" },
		{ "proof.json", "--proof" },
		{ "slot-record.json", "--slot-record" },
		{ "slot-record-certificate.json", "--certificate" },
	};
	char path[512];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), P "%s/%s", name, files[i][0]);
		if (access(path, R_OK) == 0)
			add2(a, files[i][1], path);
	}
}

static int
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static void
assert_same_file(const char *a, const char *b)
{
	size_t la, lb;
	char *x = gvt_read_file(a, &la), *y = gvt_read_file(b, &lb);

	cr_assert_not_null(x, "cannot read %s", a);
	cr_assert_not_null(y, "cannot read %s", b);
	cr_assert(la == lb && memcmp(x, y, la) == 0, "%s and %s differ", a, b);
	free(x);
	free(y);
}

/*
 * Build case DIR/NAME from its pieces: the verdict on stdout is the
 * corpus evidence's, byte for byte; slashable evidence is written and is
 * byte-identical to the corpus's (and gavel-verify gives it the same
 * verdict); otherwise nothing is written and the reason is gavel-verify's.
 */
static void
from_pieces(const char *dir, const char *name)
{
	char rel[256], exp_rel[256], out[512], want[1200];
	const char *reason;
	struct gvt_expect x;
	struct gvt_run r;
	struct args a;

	snprintf(rel, sizeof(rel), "corpus/%s/%s.json", dir, name);
	snprintf(exp_rel, sizeof(exp_rel), "corpus/%s/%s.expect", dir, name);
	snprintf(out, sizeof(out), "%s", gvt_tmp(name));
	unlink(out);
	gvt_expect_load(exp_rel, &x);
	start(&a, NULL);
	add_pieces(&a, name);
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	cr_assert_eq(gvt_run(&r, a.v), 0);
	cr_assert_eq(r.status, x.code, "%s: exit %d: %s", name, r.status,
	    r.err);
	cr_assert_str_eq(r.out, x.out, "%s: the verdict", name);
	if (x.code == 0) {
		cr_assert_str_empty(r.err, "%s", name);
		assert_same_file(out, rel);
		{
			const char *v[] = { gvt_bin("gavel-verify"), "slashing",
				"--stake-table", TABLE, out, NULL };
			struct gvt_run rv;

			cr_assert_eq(gvt_run(&rv, v), 0);
			cr_assert_eq(rv.status, 0);
			cr_assert_str_eq(rv.out, x.out);
			gvt_run_free(&rv);
		}
	} else {
		cr_assert_not(exists(out), "%s: written on refusal", name);
		/* "gavel-verify: corpus/DIR/NAME.json: REASON" */
		cr_assert(strncmp(x.err, "gavel-verify: ", 14) == 0);
		reason = x.err + 14 + strlen(rel) + 2;
		snprintf(want, sizeof(want), "gavel-evidence: %s: %s\n", out,
		    reason);
		cr_assert_str_eq(r.err, want, "%s", name);
	}
	gvt_run_free(&r);
	gvt_expect_free(&x);
}

#define CASE(id, dir, name) \
	Test(evbuild, id) { from_pieces(dir, name); }

/* one per fault kind, and an inclusion past the block's end: written */
CASE(inclusion, "valid", "slashing-inclusion")
CASE(inclusion_past_end, "valid", "slashing-inclusion-past-end")
CASE(state, "valid", "slashing-state")
CASE(equivocation, "valid", "slashing-equivocation")
CASE(liveness, "valid", "slashing-liveness")
/* refused, with gavel-verify's reason and verdict */
CASE(unscheduled_key, "adversarial", "slashing-unscheduled-key")
CASE(unsold_rollup, "adversarial", "slashing-unsold-rollup")
CASE(outside_slots, "adversarial", "slashing-outside-slots")
CASE(bad_receipt_sig, "adversarial", "slashing-bad-receipt-sig")
CASE(block_other_slot, "adversarial", "slashing-block-other-slot")
CASE(block_other_rollup, "adversarial", "slashing-block-other-rollup")
CASE(block_no_quorum, "adversarial", "slashing-block-no-quorum")
CASE(inclusion_honest, "adversarial", "slashing-inclusion-honest")
CASE(state_honest, "adversarial", "slashing-state-honest")
CASE(proof_wrong_index, "adversarial", "slashing-proof-wrong-index")
CASE(proof_other_path, "adversarial", "slashing-proof-other-path")
CASE(proof_inner_node, "adversarial", "slashing-proof-inner-node")
CASE(proof_missing, "adversarial", "slashing-proof-missing")
CASE(equivocation_same_receipt, "adversarial",
    "slashing-equivocation-same-receipt")
CASE(equivocation_resigned, "adversarial", "slashing-equivocation-resigned")
CASE(equivocation_other_position, "adversarial",
    "slashing-equivocation-other-position")
CASE(liveness_other_slot, "adversarial", "slashing-liveness-other-slot")
