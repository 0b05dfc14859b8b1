/* test_evidence_build.c: gavel-evidence build, evidence from the corpus pieces (formats/evidence.md, "Built from pieces") */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include <jansson.h>

#include "expect.h"
#include "json.h"
#include "merkle.h"
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
		{ "delegation.json", "--delegation" },
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

/*
 * gavel-evidence build with the pieces of case NAME: its own context
 * pieces where it has them (gavel-world writes those that differ from the
 * shared ones), the shared ones otherwise, then the rest of its pieces.
 */
static void
start_case(struct args *a, const char *name)
{
	static const char *const ctx[][2] = {
		{ "allocation.json", "--allocation" },
		{ "allocation-certificate.json", "--certificate" },
		{ "params.json", "--params" },
		{ "params-certificate.json", "--certificate" },
	};
	char path[512];
	size_t i;

	a->n = 0;
	add(a, gvt_bin("gavel-evidence"));
	add(a, "build");
	for (i = 0; i < sizeof(ctx) / sizeof(ctx[0]); i++) {
		snprintf(path, sizeof(path), P "%s/%s", name, ctx[i][0]);
		if (access(path, R_OK) != 0)
			snprintf(path, sizeof(path), W "%s", ctx[i][0]);
		add2(a, ctx[i][1], path);
	}
	add_pieces(a, name);
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
	start_case(&a, name);
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

/* every case gavel-world wrote pieces for, those to come included */
Test(evbuild, every_case_with_pieces)
{
	char exp_rel[512], name[256];
	struct dirent *d;
	size_t n = 0;
	DIR *dp;

	cr_assert_not_null(dp = opendir(P));
	while ((d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		cr_assert_lt(strlen(d->d_name), sizeof(name));
		snprintf(name, sizeof(name), "%s", d->d_name);
		snprintf(exp_rel, sizeof(exp_rel), "corpus/valid/%s.expect",
		    name);
		from_pieces(access(exp_rel, R_OK) == 0 ? "valid" :
		    "adversarial", name);
		n++;
	}
	closedir(dp);
	cr_assert_geq(n, 22);
}

#define INCL P "slashing-inclusion/"

/* The inclusion case's pieces but for those replaced by the caller. */
static void
inclusion_pieces(struct args *a, const char *receipt, const char *block,
    const char *cert, const char *proof)
{
	add2(a, "--receipt", receipt ? receipt : INCL "receipt.json");
	add2(a, "--block", block ? block : INCL "block.json");
	add2(a, "--certificate", cert ? cert : INCL "block-certificate.json");
	add2(a, "--proof", proof ? proof : INCL "proof.json");
}

/* Run a, expect exit code and exactly stderr, and no output file. */
static void
expect_refusal(struct args *a, const char *out, int code, const char *err)
{
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, a->v), 0);
	cr_assert_eq(r.status, code, "exit %d: %s", r.status, r.err);
	cr_assert_str_eq(r.err, err);
	if (code == 2)
		cr_assert_str_empty(r.out);
	if (out != NULL)
		cr_assert_not(exists(out), "%s written", out);
	gvt_run_free(&r);
}

/* A copy of corpus file rel with the first "from" replaced by "to". */
static const char *
altered(const char *rel, const char *name, const char *from, const char *to)
{
	static char path[512];
	char *s, *p, *t;
	size_t len;

	s = gvt_read_file(rel, &len);
	cr_assert_not_null(s, "%s", rel);
	cr_assert_not_null(p = strstr(s, from), "%s: no %s", rel, from);
	cr_assert_not_null(t = malloc(len + strlen(to) + 1));
	memcpy(t, s, (size_t)(p - s));
	strcpy(t + (p - s), to);
	strcat(t, p + strlen(from));
	snprintf(path, sizeof(path), "%s", gvt_tmp(name));
	cr_assert_eq(gvt_write_file(path, t, strlen(t)), 0);
	free(s);
	free(t);
	return path;
}

/* the receipts of an equivocation in either order: the same evidence */
Test(evbuild, equivocation_receipts_in_either_order_give_one_evidence)
{
	char out[512];
	struct gvt_run r;
	struct args a;

	snprintf(out, sizeof(out), "%s", gvt_tmp("reversed.json"));
	start(&a, "equivocation");
	add2(&a, "-r", P "slashing-equivocation/receipt-2.json");
	add2(&a, "-r", P "slashing-equivocation/receipt-1.json");
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	cr_assert_eq(gvt_run(&r, a.v), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	assert_same_file(out, "corpus/valid/slashing-equivocation.json");
}

/* from one trusted digest: the same evidence bytes, the verdict names the root */
Test(evbuild, the_trust_root_and_chain_give_the_same_evidence)
{
	char out[512], root[65], *want, *p;
	struct gvt_run r;
	struct args a;
	size_t len;

	p = gvt_read_file(W "chain.root", &len);
	cr_assert(p != NULL && len >= 64);
	memcpy(root, p, 64);
	root[64] = '\0';
	free(p);
	snprintf(out, sizeof(out), "%s", gvt_tmp("chain.json"));
	start(&a, NULL);
	add_pieces(&a, "slashing-state");
	add2(&a, "--trust-root", root);
	add2(&a, "--chain", W "chain.json");
	add2(&a, "-o", out);
	cr_assert_eq(gvt_run(&r, a.v), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_same_file(out, "corpus/valid/slashing-state.json");
	/* the corpus verdict, but for trust_root */
	want = gvt_read_file("corpus/valid/slashing-state.expect", NULL);
	cr_assert_not_null(p = strstr(want, "\"trust_root\": \""));
	memcpy(p + 15, root, 64);
	cr_assert_str_eq(r.out, strchr(strchr(strchr(want, '\n') + 1, '\n') +
	    1, '\n') + 1);
	free(want);
	gvt_run_free(&r);
}

/* "-o -": the evidence itself on stdout, and no verdict */
Test(evbuild, dash_writes_the_evidence_to_stdout)
{
	struct gvt_run r;
	struct args a;
	char *want;

	start(&a, NULL);
	add_pieces(&a, "slashing-liveness");
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", "-");
	cr_assert_eq(gvt_run(&r, a.v), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	want = gvt_read_file("corpus/valid/slashing-liveness.json", NULL);
	cr_assert_str_eq(r.out, want);
	free(want);
	gvt_run_free(&r);
}

/* a refusal leaves an existing output as it was */
Test(evbuild, a_refusal_leaves_the_old_output)
{
	const char *out = gvt_tmp("old.json");
	struct gvt_run r;
	struct args a;
	char *s;

	cr_assert_eq(gvt_write_file(out, "old\n", 4), 0);
	start(&a, NULL);
	add_pieces(&a, "slashing-state-honest");
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	cr_assert_eq(gvt_run(&r, a.v), 0);
	cr_assert_eq(r.status, 1);
	cr_assert_not_null(s = gvt_read_file(out, NULL));
	cr_assert_str_eq(s, "old\n");
	free(s);
	gvt_run_free(&r);
}

/* KIND given: the pieces are judged as that fault */
Test(evbuild, a_kind_the_pieces_do_not_make_is_refused)
{
	const char *out = gvt_tmp("as-state.json");
	char want[768];
	struct args a;

	unlink(out);
	start(&a, "state");
	inclusion_pieces(&a, NULL, NULL, NULL, NULL);
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	snprintf(want, sizeof(want), "gavel-evidence: %s: receipts[0].promise"
	    ".kind: is \"tx\", state evidence needs a \"state\" promise\n", out);
	expect_refusal(&a, out, 1, want);
}

/* pieces missing, superfluous or unusable: exit 2, named */
Test(evbuild, missing_and_stray_pieces_are_named)
{
	const char *out = gvt_tmp("stray.json");
	char want[1024];
	struct args a;

	unlink(out);
	start(&a, "inclusion");
	add2(&a, "-r", INCL "receipt.json");
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	expect_refusal(&a, out, 2, "gavel-evidence: --block: missing: "
	    "inclusion evidence needs the certified block of the receipt's "
	    "rollup and slot\n");

	start(&a, NULL);
	add2(&a, "-r", INCL "receipt.json");
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	expect_refusal(&a, out, 2, "gavel-evidence: build: cannot tell the "
	    "fault from the pieces: give KIND, or a --receipt with --block "
	    "(inclusion, state) or --slot-record (liveness), or two --receipt "
	    "(equivocation)\n");

	start(&a, NULL);
	add2(&a, "-r", INCL "receipt.json");
	add2(&a, "--block", INCL "block.json");
	add2(&a, "--proof", INCL "proof.json");
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	expect_refusal(&a, out, 2, "gavel-evidence: --certificate: missing: "
	    "no certificate of the block (subject kind \"block\")\n");

	start(&a, NULL);
	inclusion_pieces(&a, NULL, NULL, NULL, NULL);
	add2(&a, "-c", P "slashing-liveness/slot-record-certificate.json");
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	expect_refusal(&a, out, 2, "gavel-evidence: " P "slashing-liveness/"
	    "slot-record-certificate.json: subject.kind: a certificate of the "
	    "slot record is not a piece of inclusion evidence\n");

	start(&a, NULL);
	inclusion_pieces(&a, NULL, NULL, NULL, NULL);
	add2(&a, "-c", W "allocation-certificate.json");
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	expect_refusal(&a, out, 2, "gavel-evidence: " W "allocation-"
	    "certificate.json: subject.kind: a second certificate of the "
	    "allocation (the first is " W "allocation-certificate.json): give "
	    "one\n");

	start(&a, "equivocation");
	add2(&a, "-r", P "slashing-equivocation/receipt-1.json");
	add2(&a, "-r", P "slashing-equivocation/receipt-2.json");
	add2(&a, "--block", INCL "block.json");
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	expect_refusal(&a, out, 2, "gavel-evidence: --block: not a piece of "
	    "equivocation evidence\n");

	start(&a, "liveness");
	add2(&a, "-r", P "slashing-equivocation/receipt-1.json");
	add2(&a, "-r", P "slashing-equivocation/receipt-2.json");
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	expect_refusal(&a, out, 2, "gavel-evidence: --receipt: liveness "
	    "evidence is built from exactly 1 receipt, got 2\n");

	start(&a, NULL);
	inclusion_pieces(&a, NULL, NULL, INCL "block.json", NULL);
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	snprintf(want, sizeof(want), "gavel-evidence: %sblock.json: "
	    "subject.kind: missing: cannot tell which piece the certificate "
	    "certifies\n", INCL);
	expect_refusal(&a, out, 2, want);
}

/* a malformed piece is named with its field, as its own document */
Test(evbuild, a_malformed_piece_is_named_with_its_field)
{
	const char *out = gvt_tmp("malformed.json"), *bad;
	char want[1024];
	struct args a;

	unlink(out);
	bad = altered(INCL "receipt.json", "r.json", "\"slot\": 7003",
	    "\"slot\": -1");
	start(&a, NULL);
	inclusion_pieces(&a, bad, NULL, NULL, NULL);
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	snprintf(want, sizeof(want), "gavel-evidence: %s: slot: must be "
	    "between 0 and 9007199254740991\n", bad);
	expect_refusal(&a, out, 2, want);

	bad = altered(INCL "block.json", "b.json", "\"tx_count\": 5",
	    "\"tx_count\": \"5\"");
	start(&a, NULL);
	inclusion_pieces(&a, NULL, bad, NULL, NULL);
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	snprintf(want, sizeof(want), "gavel-evidence: %s: tx_count: must be "
	    "an integer (no fraction or exponent)\n", bad);
	expect_refusal(&a, out, 2, want);

	bad = altered(INCL "proof.json", "p.json", "\"35ec", "\"X5ec");
	start(&a, NULL);
	inclusion_pieces(&a, NULL, NULL, NULL, bad);
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	snprintf(want, sizeof(want), "gavel-evidence: %s: path[0]: must be "
	    "64 lowercase hex digits (32 bytes)\n", bad);
	expect_refusal(&a, out, 2, want);

	bad = altered(INCL "block-certificate.json", "c.json", "\"signer\": 0",
	    "\"signer\": \"0\"");
	start(&a, NULL);
	inclusion_pieces(&a, NULL, NULL, bad, NULL);
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	snprintf(want, sizeof(want), "gavel-evidence: %s: signatures[0]."
	    "signer: must be an integer (no fraction or exponent)\n", bad);
	expect_refusal(&a, out, 2, want);

	bad = altered(W "params.json", "pa.json", "\"250000\"", "\"-1\"");
	a.n = 0;
	add(&a, gvt_bin("gavel-evidence"));
	add(&a, "build");
	inclusion_pieces(&a, NULL, NULL, NULL, NULL);
	add2(&a, "--allocation", W "allocation.json");
	add2(&a, "-c", W "allocation-certificate.json");
	add2(&a, "--params", bad);
	add2(&a, "-c", W "params-certificate.json");
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	snprintf(want, sizeof(want), "gavel-evidence: %s: penalties.inclusion: "
	    "amount is not a decimal integer (digits only: no sign, point, "
	    "exponent or space)\n", bad);
	expect_refusal(&a, out, 2, want);

	start(&a, NULL);
	inclusion_pieces(&a, NULL, "no-such-block.json", NULL, NULL);
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	expect_refusal(&a, out, 2, "gavel-evidence: no-such-block.json: "
	    "cannot open: No such file or directory\n");
}

/* no evidence without a trusted table, given one way */
Test(evbuild, the_trusted_table_is_required_once)
{
	const char *usage = "usage: gavel-evidence build [KIND] --receipt R "
	    "... (--stake-table T | --trust-root D --chain C) -o OUT\n";
	const char *out = gvt_tmp("trust.json");
	char want[512];
	struct args a;

	unlink(out);
	start(&a, NULL);
	inclusion_pieces(&a, NULL, NULL, NULL, NULL);
	add2(&a, "-o", out);
	snprintf(want, sizeof(want), "gavel-evidence: --stake-table: missing: "
	    "no evidence without a stake table given by the caller (every "
	    "certificate is checked against it)\n%s", usage);
	expect_refusal(&a, out, 2, want);
	add2(&a, "--stake-table", TABLE);
	add2(&a, "--chain", W "chain.json");
	snprintf(want, sizeof(want), "gavel-evidence: --stake-table: give the "
	    "trusted table one way: --stake-table, or --trust-root with "
	    "--chain\n%s", usage);
	expect_refusal(&a, out, 2, want);

	start(&a, NULL);
	inclusion_pieces(&a, NULL, NULL, NULL, NULL);
	add2(&a, "--trust-root", "abc");
	add2(&a, "--chain", W "chain.json");
	add2(&a, "-o", out);
	expect_refusal(&a, out, 2, "gavel-evidence: --trust-root: must be 64 "
	    "lowercase hex digits\n");

	start(&a, NULL);
	inclusion_pieces(&a, NULL, NULL, NULL, NULL);
	add2(&a, "--stake-table", TABLE);
	snprintf(want, sizeof(want), "gavel-evidence: build: missing -o OUT "
	    "(- for stdout)\n%s", usage);
	expect_refusal(&a, NULL, 2, want);
}

/*
 * The files of base/pieces/CASE/ (two levels), each compared with the same
 * file under other/pieces/ when other is not NULL; returns how many.
 */
static size_t
walk_pieces(const char *base, const char *other)
{
	char dir[1024], a[2048], b[2048];
	struct dirent *c, *f;
	DIR *dc, *df;
	size_t n = 0;

	snprintf(dir, sizeof(dir), "%s/pieces", base);
	cr_assert_not_null(dc = opendir(dir), "%s", dir);
	while ((c = readdir(dc)) != NULL) {
		if (c->d_name[0] == '.')
			continue;
		snprintf(a, sizeof(a), "%s/%s", dir, c->d_name);
		cr_assert_not_null(df = opendir(a), "%s", a);
		while ((f = readdir(df)) != NULL) {
			if (f->d_name[0] == '.')
				continue;
			if (other != NULL) {
				snprintf(a, sizeof(a), "%s/%s/%s", dir,
				    c->d_name, f->d_name);
				snprintf(b, sizeof(b), "%s/pieces/%s/%s",
				    other, c->d_name, f->d_name);
				assert_same_file(a, b);
			}
			n++;
		}
		closedir(df);
	}
	closedir(dc);
	return n;
}

/* the pieces in corpus/slashing-world/ are gavel-world's output */
Test(evbuild, the_pieces_are_reproducible)
{
	static const char *const shared[] = { "allocation-certificate.json",
		"params.json", "params-certificate.json" };
	char dir[512], gen[1024], rel[1024];
	const char *argv[] = { gvt_bin("gavel-world"), dir, NULL };
	struct gvt_run r;
	size_t i, n;

	snprintf(dir, sizeof(dir), "%s", gvt_tmp("world"));
	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	for (i = 0; i < sizeof(shared) / sizeof(shared[0]); i++) {
		snprintf(rel, sizeof(rel), W "%s", shared[i]);
		snprintf(gen, sizeof(gen), "%s/slashing-world/%s", dir,
		    shared[i]);
		assert_same_file(rel, gen);
	}
	/* every corpus piece is gavel-world's, and gavel-world writes no
	 * piece the corpus lacks */
	snprintf(gen, sizeof(gen), "%s/slashing-world", dir);
	n = walk_pieces("corpus/slashing-world", gen);
	cr_assert_geq(n, 76, "%zu pieces", n);
	cr_assert_eq(walk_pieces(gen, NULL), n);
}

/*
 * The slashing-inclusion proof as a gavel.inclusion-proof.v1 document (the
 * CT form, whose leaf is hashed) into gvt_tmp(name); *leaf gets the raw
 * leaf (65 bytes).
 */
static const char *
ct_proof(const char *name, char leaf[65])
{
	static char path[512];
	unsigned char raw[32], h[GV_HASH_LEN];
	char hh[65];
	json_t *p, *b, *d;
	char *s;

	cr_assert_not_null(p = json_load_file(INCL "proof.json", 0, NULL));
	cr_assert_not_null(b = json_load_file(INCL "block.json", 0, NULL));
	snprintf(leaf, 65, "%s", json_string_value(json_object_get(p,
	    "leaf")));
	cr_assert_eq(gv_unhex(raw, 32, leaf), 0);
	gv_merkle_leaf(raw, 32, h);
	gv_hex(hh, h, GV_HASH_LEN);
	d = json_pack("{s:s, s:O, s:O, s:s, s:O, s:O}", "format",
	    "gavel.inclusion-proof.v1", "leaf_index", json_object_get(p,
	    "index"), "tree_size", json_object_get(b, "tx_count"), "leaf_hash",
	    hh, "path", json_object_get(p, "path"), "root",
	    json_object_get(b, "tx_root"));
	cr_assert_not_null(d);
	cr_assert_not_null(s = json_dumps(d, JSON_INDENT(2)));
	snprintf(path, sizeof(path), "%s", gvt_tmp(name));
	cr_assert_eq(gvt_write_file(path, s, strlen(s)), 0);
	free(s);
	json_decref(d);
	json_decref(b);
	json_decref(p);
	return path;
}

/* a CT-style proof document and its leaf: the same evidence */
Test(evbuild, an_inclusion_proof_document_with_its_leaf)
{
	const char *out = gvt_tmp("ct-ev.json"), *ct;
	char leaf[65], want[1024];
	struct gvt_run r;
	struct args a;

	ct = ct_proof("ct.json", leaf);
	/* the document alone verifies (gavel-verify inclusion) */
	{
		const char *v[] = { gvt_bin("gavel-verify"), "inclusion", ct,
			NULL };

		cr_assert_eq(gvt_run(&r, v), 0);
		cr_assert_eq(r.status, 0, "%s", r.err);
		gvt_run_free(&r);
	}
	start(&a, NULL);
	inclusion_pieces(&a, NULL, NULL, NULL, ct);
	add2(&a, "--leaf", leaf);
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	cr_assert_eq(gvt_run(&r, a.v), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	assert_same_file(out, "corpus/valid/slashing-inclusion.json");
	unlink(out);

	/* without its leaf, with another, or a leaf for a proof that has one */
	start(&a, NULL);
	inclusion_pieces(&a, NULL, NULL, NULL, ct);
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	snprintf(want, sizeof(want), "gavel-evidence: --leaf: missing: %s "
	    "carries the leaf's hash, the evidence the leaf itself (the "
	    "transaction hash or state root at the proven position)\n", ct);
	expect_refusal(&a, out, 2, want);
	add2(&a, "--leaf", "00000000000000000000000000000000000000000000000000"
	    "00000000000000");
	snprintf(want, sizeof(want), "gavel-evidence: --leaf: is not the "
	    "proof's leaf: SHA-256(0x00 || leaf) is 7f9c9e31ac8256ca2f258583df"
	    "262dbc7d6f68f2a03043d5c99a4ae5a7396ce9, %s has leaf_hash "
	    "4cad794c69d43f5a35e5c42292df62d3a3ae7b52cbb102dedfe0316e8c49f092"
	    "\n", ct);
	expect_refusal(&a, out, 2, want);
	start(&a, NULL);
	inclusion_pieces(&a, NULL, NULL, NULL, NULL);
	add2(&a, "--leaf", leaf);
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	expect_refusal(&a, out, 2, "gavel-evidence: --leaf: only with a proof "
	    "in gavel.inclusion-proof.v1 form (" INCL "proof.json carries its "
	    "leaf)\n");
}

/* the leg of an atomic receipt: told by the block's rollup, or named */
Test(evbuild, the_leg_of_an_atomic_receipt)
{
	const char *out = gvt_tmp("leg.json"), *v2 = gvt_tmp("v2.json");
	const char *usage = "usage: gavel-evidence build [KIND] --receipt R "
	    "... (--stake-table T | --trust-root D --chain C) -o OUT\n";
	static const char receipt[] = "{\"format\": \"gavel.receipt.v2\", "
	    "\"marketplace\": \"demo\", \"epoch\": 7, \"legs\": [{\"rollup\": "
	    "\"r-op\"}, {\"rollup\": \"r-zk\"}]}\n";
	char want[1024];
	struct args a;

	unlink(out);
	start(&a, NULL);
	inclusion_pieces(&a, NULL, NULL, NULL, NULL);
	add2(&a, "--leg", "1");
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	expect_refusal(&a, out, 2, "gavel-evidence: --leg: only an atomic "
	    "receipt (gavel.receipt.v2) has legs\n");

	cr_assert_eq(gvt_write_file(v2, receipt, strlen(receipt)), 0);
	start(&a, NULL);
	inclusion_pieces(&a, v2, NULL, NULL, NULL);
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	snprintf(want, sizeof(want), "gavel-evidence: --leg: missing: %s has "
	    "no leg on rollup \"r-arb\", the block's: name the broken leg\n",
	    v2);
	expect_refusal(&a, out, 2, want);

	start(&a, NULL);
	inclusion_pieces(&a, NULL, NULL, NULL, NULL);
	add2(&a, "--leg", "x1");
	add2(&a, "--stake-table", TABLE);
	add2(&a, "-o", out);
	snprintf(want, sizeof(want), "gavel-evidence: --leg: expected a leg "
	    "index (0, 1, ...)\n%s", usage);
	expect_refusal(&a, out, 2, want);
}
