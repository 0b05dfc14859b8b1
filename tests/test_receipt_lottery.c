/* test_receipt_lottery.c: gavel-verify receipt under a lottery allocation (formats/receipt.md, "Under a lottery allocation") */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "slashctx.h"
#include "util.h"

#define ALLOC "corpus/valid/lottery-large.lottery-allocation.json"
#define TABLE "corpus/valid/lottery-large.stake-table.json"
#define CERT "corpus/receipts/lottery-allocation.cert.json"
#define R "corpus/receipts/"
/* the bidders of purchases p00003 and p00030 on bundle r000-arb */
#define K3 "9de53f8d7e51515bd46e55600dca78886a9e1ed2412c3e839d9ab95142275e57"
#define K30 "4387a195dc4e38f4807c1a7bd483fae651043dc5efd753221bbb05148f192cd9"

static void
at_root(void)
{
	const char *r = getenv("GAVEL_ROOT");

	cr_assert_eq(chdir(r ? r : "."), 0);
	cr_assert_eq(gv_sig_init(), 0);
}

TestSuite(receipt_lottery, .init = at_root, .timeout = 60);

static void
verify_via(struct gvt_run *r, const char *alloc, const char *deleg,
    const char *receipt)
{
	const char *argv[] = { gvt_bin("gavel-verify"), "receipt",
		"--stake-table", TABLE, "--allocation", alloc,
		"--allocation-certificate", CERT, deleg ? "--delegation" :
		receipt, deleg ? deleg : NULL, deleg ? receipt : NULL, NULL };

	cr_assert_eq(gvt_run(r, argv), 0);
}

static void
verify(struct gvt_run *r, const char *alloc, const char *receipt)
{
	verify_via(r, alloc, NULL, receipt);
}

/* exit 1 and exactly "gavel-verify: FILE: MSG" on stderr, nothing on stdout */
static void
not_binding(const char *file, const char *msg)
{
	struct gvt_run r;
	char want[1024];

	verify(&r, ALLOC, file);
	cr_assert_eq(r.status, 1, "%s: exit %d: %s%s", file, r.status, r.out,
	    r.err);
	snprintf(want, sizeof(want), "gavel-verify: %s: %s\n", file, msg);
	cr_assert_str_eq(r.err, want);
	cr_assert_str_empty(r.out);
	gvt_run_free(&r);
}

/*
 * Every corpus/receipts/lottery-*.json (but the certificate) against its
 * .expect; NAME.delegation.json with NAME.receipt.json, the gateway's.
 */
Test(receipt_lottery, each_receipt_gets_its_exact_verdict)
{
	char expect[512], rec[512];
	struct gvt_run r;
	size_t i, n = 0, binding = 0;
	const char *d;
	glob_t g;
	char *ex, *nl;
	int code;

	cr_assert_eq(glob(R "lottery-*.json", 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *f = g.gl_pathv[i];

		size_t stem = strlen(f) - 5;

		if (strstr(f, ".cert.json") != NULL ||
		    strstr(f, ".receipt.json") != NULL)
			continue;
		d = NULL;
		if (strstr(f, ".delegation.json") != NULL) {
			d = f;
			stem = strlen(f) - strlen(".delegation.json");
			snprintf(rec, sizeof(rec), "%.*s.receipt.json",
			    (int)stem, f);
		}
		n++;
		snprintf(expect, sizeof(expect), "%.*s.expect", (int)stem, f);
		cr_assert_not_null(ex = gvt_read_file(expect, NULL), "%s",
		    expect);
		code = atoi(ex);
		cr_assert_not_null(nl = strchr(ex, '\n'));
		verify_via(&r, ALLOC, d, d ? rec : f);
		cr_assert_eq(r.status, code, "%s: %s%s", f, r.out, r.err);
		cr_assert_str_eq(code == 0 ? r.out : r.err, nl + 1, "%s", f);
		if (code == 0)
			binding++;
		else
			cr_assert_str_empty(r.out, "%s", f);
		gvt_run_free(&r);
		free(ex);
	}
	globfree(&g);
	cr_assert_eq(n, 8);
	/* the drawn holder, its gateway, and the atomic receipt of one key
	 * drawn twice */
	cr_assert_eq(binding, 3);
}

Test(receipt_lottery, the_drawn_holder_binds_and_the_line_names_the_draw)
{
	struct gvt_run r;

	verify(&r, ALLOC, R "lottery-drawn.json");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "valid: binding pre-confirmation: " K3 " is "
	    "the scheduled sequencer of rollup r000-arb in slot 1000 of epoch "
	    "1 of marketplace example, under lottery allocation "
	    "695fd7619e2ba7232c7ffb63f8a3e9996e0b9a177f357c80f966d92efdb4bdec "
	    "(purchase \"p00003\" drawn) certified by more than 2/3 of stake "
	    "table cf05d55103088a4f18ad4994bfca7a51ec17d16f371102c01a700f3d6a3"
	    "bb0a0; it promises transaction 3acfc39de569b603b3ca921395fc85e36c"
	    "defb23e28f12205f2333da0bb002a6 at position 1; stake table taken "
	    "on trust (no --trust-root)\n");
	gvt_run_free(&r);
}

Test(receipt_lottery, a_ticket_holder_not_drawn_for_the_slot_does_not_bind)
{
	not_binding(R "lottery-not-drawn.json", "sequencer: signer is not the "
	    "scheduled sequencer of rollup \"r000-arb\" at slot 1000: it holds "
	    "tickets of bundle \"r000-arb\" (purchase \"p00030\"), but slot 1000 "
	    "drew purchase \"p00003\" of " K3 ": the promise does not bind");
}

/* the same key binds at slot 1000 and not at 1003: the lookup is per slot */
Test(receipt_lottery, the_drawn_holder_of_one_slot_does_not_bind_another)
{
	not_binding(R "lottery-other-slot.json", "sequencer: signer is not the "
	    "scheduled sequencer of rollup \"r000-arb\" at slot 1003: it holds "
	    "tickets of bundle \"r000-arb\" (purchase \"p00003\"), but slot 1003 "
	    "drew purchase \"p00030\" of " K30 ": the promise does not bind");
}

Test(receipt_lottery, a_stranger_and_an_unsold_rollup_do_not_bind)
{
	not_binding(R "lottery-stranger.json", "sequencer: signer is not the "
	    "scheduled sequencer of rollup \"r000-arb\" at slot 1000 (the "
	    "allocation draws purchase \"p00003\" of " K3 "): the promise does "
	    "not bind");
	not_binding(R "lottery-unsold.json", "rollup: rollup \"r010-base\" has "
	    "no scheduled sequencer in the allocation (unsold or unknown): the "
	    "promise does not bind");
}

/* a gateway answers for the holder that delegated to it, drawn or not */
Test(receipt_lottery, a_gateway_of_a_holder_not_drawn_does_not_bind)
{
	struct gvt_run r;

	verify_via(&r, ALLOC, R "lottery-via-not-drawn.delegation.json",
	    R "lottery-via-not-drawn.receipt.json");
	cr_assert_eq(r.status, 1, "exit %d: %s", r.status, r.err);
	cr_assert_str_eq(r.err, "gavel-verify: " R "lottery-via-not-drawn."
	    "delegation.json: sequencer: signer is not the scheduled sequencer "
	    "of rollup \"r000-arb\" at slot 1000: it holds tickets of bundle "
	    "\"r000-arb\" (purchase \"p00030\"), but slot 1000 drew purchase "
	    "\"p00003\" of " K3 ": the promise does not bind\n");
	gvt_run_free(&r);
}

/* gavel-lottery-receipts writes the corpus's files byte for byte */
Test(receipt_lottery, the_corpus_is_the_generators_output)
{
	const char *out = gvt_tmp("lotrec");
	const char *argv[] = { gvt_bin("gavel-lottery-receipts"), ALLOC, TABLE,
		out, NULL };
	char a[512], b[512], *x, *y;
	struct gvt_run r;
	size_t i, nx, ny;
	glob_t g;

	cr_assert(mkdir(out, 0700) == 0 || errno == EEXIST);
	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	cr_assert_eq(glob(R "lottery-*.json", 0, NULL, &g), 0);
	cr_assert_eq(g.gl_pathc, 11);
	for (i = 0; i < g.gl_pathc; i++) {
		snprintf(a, sizeof(a), "%s", g.gl_pathv[i]);
		snprintf(b, sizeof(b), "%s/%s", out, a + strlen(R));
		cr_assert_not_null(x = gvt_read_file(a, &nx), "%s", a);
		cr_assert_not_null(y = gvt_read_file(b, &ny), "%s", b);
		cr_assert(nx == ny && memcmp(x, y, nx) == 0, "%s differs from "
		    "a fresh gavel-lottery-receipts run", a);
		free(x);
		free(y);
	}
	globfree(&g);
}

/* the allocation with schedule[0].draws[0] set to id (or the schedule cut) */
static const char *
edited_alloc(const char *id, int cut, const char *name)
{
	json_error_t je;
	json_t *a = json_load_file(ALLOC, 0, &je), *sc;
	const char *path = gvt_tmp(name);

	cr_assert_not_null(a);
	sc = json_object_get(a, "schedule");
	if (id != NULL)
		cr_assert_eq(json_array_set_new(json_object_get(json_array_get(
		    sc, 0), "draws"), 0, json_string(id)), 0);
	if (cut)
		cr_assert_eq(json_array_remove(sc, json_array_size(sc) - 1), 0);
	cr_assert_eq(json_dump_file(a, path, JSON_INDENT(2)), 0);
	json_decref(a);
	return path;
}

static void
malformed(const char *alloc, const char *msg)
{
	struct gvt_run r;
	char want[1024];

	verify(&r, alloc, R "lottery-drawn.json");
	cr_assert_eq(r.status, 2, "exit %d: %s", r.status, r.err);
	snprintf(want, sizeof(want), "gavel-verify: %s: %s\n", alloc, msg);
	cr_assert_str_eq(r.err, want);
	cr_assert_str_empty(r.out);
	gvt_run_free(&r);
}

/* A draw must name a holder of its winner, one entry a slot (exit 2). */
Test(receipt_lottery, a_schedule_that_names_nobody_is_malformed)
{
	malformed(edited_alloc("p00030x", 0, "draw.json"), "schedule[0]."
	    "draws[0]: purchase \"p00030x\" is not a holder of winners[0]");
	malformed(edited_alloc(NULL, 1, "cut.json"), "schedule: 99 entries, "
	    "the epoch has 100 slots");
}

/* An edited draw changes the digest: the certificate no longer vouches. */
Test(receipt_lottery, an_edited_draw_is_not_certified)
{
	struct gvt_run r;
	const char *a = edited_alloc("p00030", 0, "redrawn.json");

	verify(&r, a, R "lottery-not-drawn.json");
	cr_assert_eq(r.status, 1, "exit %d: %s", r.status, r.err);
	cr_assert_str_empty(r.out);
	cr_assert_not_null(strstr(r.err, CERT), "%s", r.err);
	gvt_run_free(&r);
}

/*
 * The library: the lookup is per slot, the slot-less lookup answers
 * nothing for a lottery allocation, and evidence's v1 parser refuses it.
 */
Test(receipt_lottery, the_schedule_lookup_is_per_slot)
{
	struct gv_schedule s;
	struct gv_err e = { 0, "" };
	unsigned char key[GV_PK_LEN];
	char hex[2 * GV_PK_LEN + 1];
	const char *p;
	json_error_t je;
	json_t *a = json_load_file(ALLOC, 0, &je);

	cr_assert_not_null(a);
	cr_assert_eq(gv_schedule_parse_any(a, "a", NULL, &s, &e), GV_OK, "%s",
	    e.msg);
	cr_assert_eq(s.version, 2);
	cr_assert_eq(gv_schedule_lookup_slot(&s, "r000-arb", 1000, key, &p), 1);
	gv_hex(hex, key, GV_PK_LEN);
	cr_assert_str_eq(hex, K3);
	cr_assert_str_eq(p, "p00003");
	cr_assert_eq(gv_schedule_lookup_slot(&s, "r000-arb", 1003, key, &p), 1);
	gv_hex(hex, key, GV_PK_LEN);
	cr_assert_str_eq(hex, K30);
	cr_assert_str_eq(p, "p00030");
	cr_assert_eq(gv_schedule_lookup_slot(&s, "r000-arb", 1100, key, &p), 0);
	cr_assert_eq(gv_schedule_lookup_slot(&s, "r010-base", 1000, key, &p),
	    0);
	cr_assert_eq(gv_schedule_lookup(&s, "r000-arb", key), 0);
	cr_assert_eq(gv_schedule_parse(a, "a", NULL, &s, &e), GV_MALFORMED);
	/* evidence reads a v1 allocation only: keys are checked first */
	cr_assert_str_eq(e.msg, "a: unknown key \"price\"");
	json_decref(a);
}
