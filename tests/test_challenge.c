/* test_challenge.c: finder's-fee challenges, the race and settlement (formats/challenge.md, formats/settlement.md) */
#include <sys/stat.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "alloc.h"
#include "challenge.h"
#include "fee.h"
#include "json.h"
#include "testgen.h"
#include "util.h"

/* ---- fixtures ---- */

/*
 * T(name) kept for the whole test: gvt_tmp's own buffers are a ring
 * of 16 shared with gvt_bin and gvt_path, too few for these tests.
 */
static const char *
T(const char *name)
{
	static char names[64][1024];
	static unsigned next;
	char *p = names[next++ % 64];

	snprintf(p, 1024, "%s", gvt_tmp(name));
	return p;
}

static void
save(const char *path, const json_t *d)
{
	char *t = json_dumps(d, JSON_INDENT(2));

	cr_assert_not_null(t);
	cr_assert_eq(gvt_write_file(path, t, strlen(t)), 0);
	free(t);
}

static json_t *
load(const char *path)
{
	json_t *d = json_load_file(path, 0, NULL);

	cr_assert_not_null(d, "cannot load %s", path);
	return d;
}

/* Make a v1 test document a v2 one with these challenge parameters. */
static void
v2(json_t *doc, unsigned bps, const char *min, const char *cap, int window)
{
	json_object_set_new(doc, "format", json_string("gavel.bidset.v2"));
	json_object_set_new(doc, "finder_fee", json_pack("{s:i, s:s, s:s, s:i}",
	    "bps", bps, "min_improvement", min, "cap", cap, "window", window));
}

/* An allocation document of winners w (bid ids, any order): feasible, honest bound. */
static json_t *
alloc_doc(const struct gv_bidset *bs, const char *const *ids, size_t n)
{
	struct gv_alloc a;
	struct gv_err e = { 0, "" };
	size_t w[64], i;
	json_t *d;

	for (i = 0; i < n; i++) {
		long k = gv_bidset_bid(bs, ids[i]);

		cr_assert_geq(k, 0, "no bid %s", ids[i]);
		w[i] = (size_t)k;
	}
	gv_alloc_init(&a);
	cr_assert_eq(gv_alloc_compute(bs, w, n, &a, "t", &e), GV_OK, "%s",
	    e.msg);
	a.status = GV_ST_FEASIBLE;
	a.stop = GV_STOP_COMPLETE;
	/* every bid's amount: an upper bound on any value */
	mpz_set_ui(a.bound, 0);
	for (i = 0; i < bs->nrollups; i++)
		mpz_add(a.bound, a.bound, bs->rollups[i].reserve);
	for (i = 0; i < bs->nbids; i++)
		mpz_add(a.bound, a.bound, bs->bids[i].amount);
	d = gv_alloc_json(bs, &a);
	cr_assert_not_null(d);
	gv_alloc_free(&a);
	return d;
}

/* An epoch on disk: NAME.bidset.json, NAME.pub.json; bs and pub loaded. */
struct epoch {
	char bsf[512], pubf[512];
	struct gv_bidset bs;
	struct gv_published pub;
};

static void
epoch_make(struct epoch *ep, const char *name, json_t *doc,
    const char *const *pub, size_t npub)
{
	struct gv_err e = { 0, "" };
	json_t *p;

	snprintf(ep->bsf, sizeof(ep->bsf), "%s", T(name));
	strcat(ep->bsf, ".bidset.json");
	snprintf(ep->pubf, sizeof(ep->pubf), "%s", T(name));
	strcat(ep->pubf, ".pub.json");
	save(ep->bsf, doc);
	json_decref(doc);
	cr_assert_eq(gv_bidset_load(ep->bsf, &ep->bs, &e), GV_OK, "%s", e.msg);
	p = alloc_doc(&ep->bs, pub, npub);
	save(ep->pubf, p);
	json_decref(p);
	cr_assert_eq(gv_published_load(&ep->bs, ep->pubf, &ep->pub, &e), GV_OK,
	    "%s", e.msg);
}

static void
epoch_free(struct epoch *ep)
{
	gv_published_free(&ep->pub);
	gv_bidset_free(&ep->bs);
}

static void
challenger_key(unsigned k, unsigned char pk[GV_PK_LEN],
    unsigned char sk[GV_SK_LEN])
{
	gv_sig_test_keypair("gavel-test-challenger", k, pk, sk);
}

/* An unrevealed challenge of winners ids by challenger k, saved to FILE. */
static json_t *
draft(struct epoch *ep, const char *const *ids, size_t n, unsigned k,
    unsigned char saltbyte, const char *file)
{
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN], salt[32];
	struct gv_err e = { 0, "" };
	struct gv_alloc a;
	size_t w[64], i;
	json_t *ad, *d;

	for (i = 0; i < n; i++)
		w[i] = (size_t)gv_bidset_bid(&ep->bs, ids[i]);
	gv_alloc_init(&a);
	cr_assert_eq(gv_alloc_compute(&ep->bs, w, n, &a, "t", &e), GV_OK);
	/* the same allocation, with an honest bound: a bid that could still
	 * be added refutes a bound equal to the value (allocation.md) */
	ad = alloc_doc(&ep->bs, ids, n);
	challenger_key(k, pk, sk);
	memset(salt, saltbyte, sizeof(salt));
	d = gv_challenge_draft(&ep->bs, &ep->pub, ad, a.value, pk, salt);
	cr_assert_not_null(d);
	gv_alloc_free(&a);
	save(file, d);
	return d;
}

/* bin/gavel-chain: one certified block at SLOT of ROLLUP with the drafts' commitments. */
static void
chain(struct epoch *ep, const char *slot, const char *rollup, const char *dir,
    const char *const *drafts, size_t n)
{
	const char *argv[16];
	struct gvt_run r;
	size_t i, k = 0;

	mkdir(dir, 0700);
	argv[k++] = gvt_bin("gavel-chain");
	argv[k++] = ep->bsf;
	argv[k++] = slot;
	argv[k++] = rollup;
	argv[k++] = dir;
	for (i = 0; i < n; i++)
		argv[k++] = drafts[i];
	argv[k] = NULL;
	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "gavel-chain: %s", r.err);
	gvt_run_free(&r);
}

/* Reveal draft d with order DIR/order-I.json as challenger k, to FILE. */
static void
reveal(json_t *d, const char *dir, size_t i, unsigned k, const char *file)
{
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];
	char of[1024];
	json_t *o;

	snprintf(of, sizeof(of), "%s/order-%zu.json", dir, i);
	o = load(of);
	challenger_key(k, pk, sk);
	cr_assert_eq(gv_challenge_reveal(d, o, sk), GV_OK);
	json_decref(o);
	save(file, d);
}

static void
run(struct gvt_run *r, const char *const *argv)
{
	cr_assert_eq(gvt_run(r, argv), 0);
}

static void
verify_ch(struct epoch *ep, const char *table, const char *ch, int code,
    const char *msg)
{
	const char *argv[] = { gvt_bin("gavel-verify"), "challenge",
		"--stake-table", table, ep->bsf, ep->pubf, ch, NULL };
	struct gvt_run r;
	char want[2048];

	run(&r, argv);
	cr_assert_eq(r.status, code, "%s%s", r.out, r.err);
	if (msg != NULL) {
		snprintf(want, sizeof(want), "gavel-verify: %s: %s\n", ch, msg);
		cr_assert_str_eq(r.err, want);
	}
	gvt_run_free(&r);
}

/* ---- the corpus ---- */

Test(challenge, corpus)
{
	const char *t = "corpus/valid/challenge-epoch.table.json";
	const char *b = "corpus/valid/challenge-epoch.json";
	const char *p = "corpus/valid/challenge-epoch.weak.json";
	char pat[4096], want[4096], *exp;
	glob_t g;
	size_t i, ran = 0;

	cr_assert_eq(chdir(gvt_path(".")), 0);
	snprintf(pat, sizeof(pat), "corpus/*/challenge-*.expect");
	cr_assert_eq(glob(pat, 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc; i++) {
		char doc[4096];
		const char *argv[] = { gvt_bin("gavel-verify"), "challenge",
			"--stake-table", t, b, p, doc, NULL };
		struct gvt_run r;
		int code;
		char *nl;

		snprintf(doc, sizeof(doc), "%.*s.json",
		    (int)(strlen(g.gl_pathv[i]) - strlen(".expect")),
		    g.gl_pathv[i]);
		exp = gvt_read_file(g.gl_pathv[i], NULL);
		cr_assert_not_null(exp);
		code = atoi(exp);
		nl = strchr(exp, '\n');
		snprintf(want, sizeof(want), "%s", nl + 1);
		run(&r, argv);
		cr_assert_eq(r.status, code, "%s: %s", doc, r.err);
		cr_assert_str_eq(code == 0 ? r.out : r.err, want, "%s", doc);
		gvt_run_free(&r);
		free(exp);
		ran++;
	}
	globfree(&g);
	/* the valid one and ten tamperings, each with its own reason */
	cr_assert_eq(ran, 11);
}

/* ---- the challenger's tool on a weak and an optimal allocation ---- */

static const char *
keyfile(void)
{
	/* gvt_tmp's buffers are a ring: keep the name in our own */
	static char k[1024];
	char *text = gvt_read_file(gvt_path("formats/examples/key-demo.json"),
	    NULL);

	snprintf(k, sizeof(k), "%s", gvt_tmp("challenger.key"));
	unlink(k);
	cr_assert_eq(gvt_write_file(k, text, strlen(text)), 0);
	cr_assert_eq(chmod(k, 0600), 0);
	free(text);
	return k;
}

Test(challenge, weak_allocation_is_challenged_and_verifies, .timeout = 120)
{
	const char *b = gvt_path("corpus/valid/challenge-epoch.json");
	const char *p = gvt_path("corpus/valid/challenge-epoch.weak.json");
	const char *key = keyfile(), *dr = T("w.draft.json");
	const char *dir = T("wchain"), *ch = T("w.challenge.json");
	char order[1024], table[1024];
	const char *commit[] = { gvt_bin("gavel-solve"), "--against", p,
		"--key", key, "--commit", "-q", "-t", "30", "-o", dr, b, NULL };
	const char *chainv[] = { gvt_bin("gavel-chain"), b, "80009", "r001-arb",
		dir, dr, NULL };
	const char *rev[] = { gvt_bin("gavel-solve"), "--against", p,
		"--key", key, "--reveal", dr, "--order", order, "--stake-table",
		table, "-q", "-o", ch, b, NULL };
	const char *ver[] = { gvt_bin("gavel-verify"), "challenge",
		"--stake-table", table, b, p, ch, NULL };
	struct gvt_run r;
	json_t *d;

	snprintf(order, sizeof(order), "%s/order-0.json", dir);
	snprintf(table, sizeof(table), "%s/table.json", dir);
	mkdir(dir, 0700);
	run(&r, commit);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	d = load(dr);
	/* the weak (greedy) allocation is worth 3216, the optimum 3303 */
	cr_assert_str_eq(json_string_value(json_object_get(d, "improvement")),
	    "87");
	cr_assert_str_eq(json_string_value(json_object_get(d, "fee")), "4");
	cr_assert_null(json_object_get(d, "sig"));
	cr_assert_null(json_object_get(d, "order"));
	json_decref(d);
	run(&r, chainv);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	run(&r, rev);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	run(&r, ver);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "valid: challenge by 550959f7b263c49a1faf92847"
	    "058dd8fbff8e92a2c518effa34a43f97b4e5f51 for epoch 80 of marketplace"
	    " example: improvement 87, fee 4; allocation checked, commitment is "
	    "transaction 1 of the certified block of rollup r001-arb at slot "
	    "80009; stake table taken on trust (no --trust-root)\n");
	gvt_run_free(&r);
}

Test(challenge, optimal_allocation_nothing_written, .timeout = 120)
{
	const char *b = gvt_path("corpus/valid/challenge-epoch.json");
	const char *p = gvt_path("corpus/valid/challenge-epoch.allocation.json");
	const char *key = keyfile(), *dr = T("o.draft.json");
	const char *argv[] = { gvt_bin("gavel-solve"), "--against", p, "--key",
		key, "--commit", "-t", "30", "-o", dr, b, NULL };
	struct gvt_run r;
	struct stat st;

	unlink(dr);
	run(&r, argv);
	cr_assert_eq(r.status, 4, "%s", r.err);
	cr_assert_str_eq(r.err, "gavel-solve: no improvement found: best value "
	    "3303 (optimal), published value 3303, minimum improvement 5; "
	    "nothing written\n");
	cr_assert_str_eq(r.out, "");
	cr_assert_neq(stat(dr, &st), 0);
	gvt_run_free(&r);
}

Test(challenge, key_checks_in_the_challenger_flow)
{
	const char *b = gvt_path("corpus/valid/challenge-epoch.json");
	const char *p = gvt_path("corpus/valid/challenge-epoch.weak.json");
	const char *key = keyfile();
	const char *argv[] = { gvt_bin("gavel-solve"), "--against", p, "--key",
		key, "--commit", b, NULL };
	const char *v1[] = { gvt_bin("gavel-solve"), "--against", p, "--key",
		key, "--commit", gvt_path("corpus/valid/hand-epoch.json"), NULL };
	struct gvt_run r;
	char want[1024];

	cr_assert_eq(chmod(key, 0644), 0);
	run(&r, argv);
	cr_assert_eq(r.status, 2);
	snprintf(want, sizeof(want), "gavel-solve: %s: permissions 0644 are too "
	    "open: a key file must not be accessible by group or others "
	    "(chmod 600)\n", key);
	cr_assert_str_eq(r.err, want);
	gvt_run_free(&r);
	cr_assert_eq(chmod(key, 0600), 0);
	run(&r, v1);
	cr_assert_eq(r.status, 1);
	snprintf(want, sizeof(want), "gavel-solve: %s: format: challenges need a "
	    "gavel.bidset.v2 bid set (finder_fee.cap and finder_fee.window)\n",
	    gvt_path("corpus/valid/hand-epoch.json"));
	cr_assert_str_eq(r.err, want);
	gvt_run_free(&r);
}

/* ---- a hand-made epoch: minimum, copy attack, settlement ---- */

/*
 * Rollups a, b, c (reserve 10) and d (0). Nets: p1 5, p2 4, p3 {a,b} 20,
 * p4 {c} 20, p5 {c,d} 23, p6 {d} 8. Published {p1}: 35. {p3}: 50;
 * {p3,p5}: 73; {p3,p4,p6}: 78, the optimum.
 */
static json_t *
hand(unsigned bps, const char *min)
{
	json_t *d = gvt_doc("chal", 9);

	gvt_rollup(d, "a", "10");
	gvt_rollup(d, "b", "10");
	gvt_rollup(d, "c", "10");
	gvt_rollup(d, "d", "0");
	gvt_bid(d, "p1", "a", "15", NULL);
	gvt_bid(d, "p2", "b", "14", NULL);
	gvt_bid(d, "p3", "a b", "40", NULL);
	gvt_bid(d, "p4", "c", "30", NULL);
	gvt_bid(d, "p5", "c d", "33", NULL);
	gvt_bid(d, "p6", "d", "8", NULL);
	gvt_sign(d);
	v2(d, bps, min, "1000", 10);
	return d;
}

static const char *const PUB[] = { "p1" };
static const char *const A[] = { "p3" };
static const char *const A2[] = { "p3", "p5" };
static const char *const B[] = { "p3", "p4", "p6" };

Test(challenge, fee_rule_exact)
{
	struct epoch ep;
	mpz_t i, f;

	epoch_make(&ep, "fee", hand(5000, "1"), PUB, 1);
	mpz_inits(i, f, NULL);
	mpz_set_ui(i, 43);
	gv_fee(&ep.bs, i, f);
	cr_assert_eq(mpz_cmp_ui(f, 21), 0);	/* floor(43 / 2) */
	mpz_set_ui(i, 5000);
	gv_fee(&ep.bs, i, f);
	cr_assert_eq(mpz_cmp_ui(f, 1000), 0);	/* the cap */
	gv_fee_min(&ep.bs, i);
	cr_assert_eq(mpz_cmp_ui(i, 1), 0);
	mpz_clears(i, f, NULL);
	epoch_free(&ep);
}

Test(challenge, improvement_below_minimum)
{
	struct epoch ep;
	const char *dr = T("min.draft.json"), *ch = T("min.json");
	const char *dir = T("minchain");
	char table[1024];
	json_t *d;

	/* {p3} improves 35 by 15; the minimum is 30 */
	epoch_make(&ep, "min", hand(5000, "30"), PUB, 1);
	d = draft(&ep, A, 1, 1, 0x11, dr);
	chain(&ep, "901", "a", dir, &dr, 1);
	reveal(d, dir, 0, 1, ch);
	snprintf(table, sizeof(table), "%s/table.json", dir);
	verify_ch(&ep, table, ch, 1, "improvement: improvement 15 is below the "
	    "minimum improvement 30");
	json_decref(d);
	/* the published allocation itself beats nothing */
	d = draft(&ep, PUB, 1, 1, 0x12, dr);
	chain(&ep, "901", "a", dir, &dr, 1);
	reveal(d, dir, 0, 1, ch);
	verify_ch(&ep, table, ch, 1, "allocation: value 35 does not beat the "
	    "published value 35");
	json_decref(d);
	epoch_free(&ep);
}

Test(challenge, window_and_wrong_challenger)
{
	struct epoch ep;
	const char *dr = T("win.draft.json"), *ch = T("win.json");
	const char *dir = T("winchain");
	char table[1024];
	json_t *d;

	epoch_make(&ep, "win", hand(5000, "1"), PUB, 1);
	snprintf(table, sizeof(table), "%s/table.json", dir);
	/* slots 900..999, window 10: slot 910 is too late */
	d = draft(&ep, A, 1, 1, 0x21, dr);
	chain(&ep, "910", "a", dir, &dr, 1);
	reveal(d, dir, 0, 1, ch);
	verify_ch(&ep, table, ch, 1, "order.block.slot: slot 910 is outside the "
	    "challenge window, slots 900 to 909");
	/* signed by a key other than the challenger named */
	chain(&ep, "909", "a", dir, &dr, 1);
	reveal(d, dir, 0, 2, ch);
	verify_ch(&ep, table, ch, 1, "sig: signature does not verify by the "
	    "challenger's key");
	reveal(d, dir, 0, 1, ch);
	verify_ch(&ep, table, ch, 0, NULL);
	json_decref(d);
	epoch_free(&ep);
}

/* gavel-verify settle over files; the settlement document on success. */
static json_t *
settle(struct epoch *ep, const char *table, const char *const *chs, size_t n,
    char **err)
{
	const char *argv[32];
	struct gvt_run r;
	size_t i, k = 0;
	json_t *d;

	argv[k++] = gvt_bin("gavel-verify");
	argv[k++] = "settle";
	argv[k++] = "--stake-table";
	argv[k++] = table;
	argv[k++] = ep->bsf;
	argv[k++] = ep->pubf;
	for (i = 0; i < n; i++)
		argv[k++] = chs[i];
	argv[k] = NULL;
	run(&r, argv);
	cr_assert_eq(r.status, 0, "%s", r.err);
	d = json_loads(r.out, 0, NULL);
	cr_assert_not_null(d);
	if (err != NULL)
		*err = strdup(r.err);
	gvt_run_free(&r);
	return d;
}

static const char *
sget(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	cr_assert_not_null(s, "no %s", k);
	return s;
}

Test(challenge, copy_attack_earns_nothing_or_its_own_margin)
{
	struct epoch ep;
	const char *d0 = T("cp0.draft.json"), *d1 = T("cp1.draft.json");
	const char *d2 = T("cp2.draft.json");
	const char *c0 = T("cp0.json"), *c1 = T("cp1.json");
	const char *c2 = T("cp2.json"), *dir = T("cpchain");
	const char *drafts[3], *chs[3];
	char table[1024], *err = NULL;
	json_t *x0, *x1, *x2, *s, *acc, *rej;

	/* bps 5000: half of each own improvement */
	epoch_make(&ep, "copy", hand(5000, "1"), PUB, 1);
	snprintf(table, sizeof(table), "%s/table.json", dir);
	/* The original, challenger 1: {p3, p5}, 73, improvement 38, fee 19. */
	x0 = draft(&ep, A2, 2, 1, 0x31, d0);
	/* A copier (2) re-signs the same allocation after seeing the reveal,
	   and another (3) adds what it can on top: {p3, p4, p6}, 78. Both can
	   commit only after the original's commitment. */
	x1 = draft(&ep, A2, 2, 2, 0x32, d1);
	x2 = draft(&ep, B, 3, 3, 0x33, d2);
	drafts[0] = d0;
	drafts[1] = d1;
	drafts[2] = d2;
	chain(&ep, "902", "b", dir, drafts, 3);
	reveal(x0, dir, 0, 1, c0);
	reveal(x1, dir, 1, 2, c1);
	reveal(x2, dir, 2, 3, c2);
	/* Alone, each verifies and states its fee over the published one. */
	verify_ch(&ep, table, c0, 0, NULL);
	verify_ch(&ep, table, c1, 0, NULL);
	verify_ch(&ep, table, c2, 0, NULL);
	cr_assert_str_eq(sget(x1, "fee"), "19");
	cr_assert_str_eq(sget(x2, "fee"), "21");
	chs[0] = c2;
	chs[1] = c1;
	chs[2] = c0;
	s = settle(&ep, table, chs, 3, &err);
	acc = json_object_get(s, "accepted");
	rej = json_object_get(s, "rejected");
	cr_assert_eq(json_array_size(acc), 2);
	cr_assert_eq(json_array_size(rej), 1);
	/* the original earns on its whole improvement */
	cr_assert_str_eq(sget(json_array_get(acc, 0), "challenger"),
	    sget(x0, "challenger"));
	cr_assert_str_eq(sget(json_array_get(acc, 0), "improvement"), "38");
	cr_assert_str_eq(sget(json_array_get(acc, 0), "fee"), "19");
	/* the improver earns only its own margin: 5 over 73, fee 2 */
	cr_assert_str_eq(sget(json_array_get(acc, 1), "challenger"),
	    sget(x2, "challenger"));
	cr_assert_str_eq(sget(json_array_get(acc, 1), "improvement"), "5");
	cr_assert_str_eq(sget(json_array_get(acc, 1), "fee"), "2");
	/* the re-signed copy earns nothing */
	cr_assert_str_eq(sget(json_array_get(rej, 0), "reason"),
	    "challenge: order: value 73 does not beat the best allocation before "
	    "it, of value 73");
	cr_assert_str_eq(sget(s, "fees"), "21");
	cr_assert_str_eq(sget(s, "value"), "78");
	{
		char want[2048];

		snprintf(want, sizeof(want), "gavel-verify: rejected %s: "
		    "challenge: order: value 73 does not beat the best "
		    "allocation before it, of value 73\ngavel-verify: settle: "
		    "stake table taken on trust (no --trust-root)\n", c1);
		cr_assert_str_eq(err, want);
	}
	/* Re-using the original's commitment and order under another key:
	   the reveal no longer matches (the commitment binds the key). */
	json_object_set_new(x0, "challenger", json_string(sget(x1,
	    "challenger")));
	{
		unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];

		challenger_key(2, pk, sk);
		cr_assert_eq(gv_challenge_sign(x0, sk), GV_OK);
		save(c0, x0);
		verify_ch(&ep, table, c0, 1, NULL);
	}
	free(err);
	json_decref(s);
	json_decref(x0);
	json_decref(x1);
	json_decref(x2);
	epoch_free(&ep);
}

Test(challenge, settlement_order_independent_and_exact)
{
	struct epoch ep;
	const char *da = T("st-a.draft.json"), *da2 = T("st-a2.draft.json");
	const char *db = T("st-b.draft.json");
	const char *ca = T("st-a.json"), *ca2 = T("st-a2.json");
	const char *cb = T("st-b.json"), *dir1 = T("st1");
	const char *dir2 = T("st2");
	const char *drafts[2], *chs[4];
	char table[1024], *t1, *t2;
	json_t *xa, *xa2, *xb, *s1, *s2, *r;
	static const char *const want[] = { "16", "16", "21", "5" };
	mpz_t sum, v;
	size_t i;

	epoch_make(&ep, "st", hand(5000, "1"), PUB, 1);
	snprintf(table, sizeof(table), "%s/table.json", dir1);
	xa = draft(&ep, A, 1, 1, 0x41, da);
	xa2 = draft(&ep, A2, 2, 2, 0x42, da2);
	xb = draft(&ep, B, 3, 3, 0x43, db);
	/* slot 901: {p3} then {p3, p5}; slot 903: {p3, p4, p6} */
	drafts[0] = da;
	drafts[1] = da2;
	chain(&ep, "901", "a", dir1, drafts, 2);
	chain(&ep, "903", "a", dir2, &db, 1);
	reveal(xa, dir1, 0, 1, ca);
	reveal(xa2, dir1, 1, 2, ca2);
	reveal(xb, dir2, 0, 3, cb);
	chs[0] = ca;
	chs[1] = ca2;
	chs[2] = cb;
	chs[3] = gvt_path("corpus/adversarial/challenge-sig-flipped.json");
	s1 = settle(&ep, table, chs, 4, NULL);
	chs[0] = chs[3];
	chs[3] = ca;
	chs[1] = cb;
	chs[2] = ca2;
	s2 = settle(&ep, table, chs, 4, NULL);
	t1 = json_dumps(s1, 0);
	t2 = json_dumps(s2, 0);
	cr_assert_str_eq(t1, t2);
	/* own improvements 15, 23, 5: fees 7, 11, 2 */
	r = json_object_get(s1, "accepted");
	cr_assert_eq(json_array_size(r), 3);
	cr_assert_str_eq(sget(json_array_get(r, 0), "fee"), "7");
	cr_assert_str_eq(sget(json_array_get(r, 1), "fee"), "11");
	cr_assert_str_eq(sget(json_array_get(r, 2), "fee"), "2");
	cr_assert_str_eq(sget(s1, "fees"), "20");
	cr_assert_str_eq(sget(s1, "payments"), "78");
	cr_assert_eq(json_array_size(json_object_get(s1, "rejected")), 1);
	/* Surpluses a 10, b 10, c 20, d 8 (S = 48) bear 20: 4, 4, 8+1, 3. */
	r = json_object_get(s1, "rollups");
	mpz_inits(sum, v, NULL);
	for (i = 0; i < 4; i++) {
		const char *got = sget(json_array_get(r, i), "receives");

		cr_assert_str_eq(got, want[i], "rollup %zu", i);
		mpz_set_str(v, got, 10);
		/* no sold rollup below its reserve */
		cr_assert_geq(mpz_cmp(v, ep.bs.rollups[i].reserve), 0);
		mpz_add(sum, sum, v);
	}
	/* receipts and fees add up to the payments exactly */
	mpz_add_ui(sum, sum, 20);
	cr_assert_eq(mpz_cmp_ui(sum, 78), 0);
	mpz_clears(sum, v, NULL);
	free(t1);
	free(t2);
	json_decref(s1);
	json_decref(s2);
	json_decref(xa);
	json_decref(xa2);
	json_decref(xb);
	epoch_free(&ep);
}

/* ---- brute force: a challenge exists exactly when it should ---- */

Test(challenge, bruteforce_exists_iff_below_optimum_by_minimum,
    .timeout = 600)
{
	static const char *const mins[] = { "1", "3", "10" };
	const char *key = keyfile();
	unsigned s, agree = 0, found = 0;

	for (s = 1; s <= 18; s++) {
		struct gvt_rand p = { 1300 + s, 5, 10, 3, 30, 10, 10, 0 };
		json_t *doc = gvt_random(&p);
		struct epoch ep;
		struct gv_alloc a, best;
		struct gv_err e = { 0, "" };
		const char *ids[16];
		size_t w[16], n, i;
		unsigned long m;
		char name[32], dr[1024];
		const char *argv[12];
		struct gvt_run r;
		mpz_t gap;
		int expect;

		gvt_sign(doc);
		v2(doc, 1000, mins[s % 3], "1000", 10);
		/* The published allocation: the bids in id order while they fit. */
		{
			struct gv_bidset tmp;
			json_t *c = json_deep_copy(doc);

			gvt_load(c, &tmp);
			n = 0;
			gv_alloc_init(&a);
			for (i = 0; i < tmp.nbids && n < 3; i++) {
				w[n] = i;
				if (gv_alloc_compute(&tmp, w, n + 1, &a, "t", &e)
				    == GV_OK)
					ids[n++] = json_string_value(
					    json_object_get(json_array_get(
					    json_object_get(doc, "bids"), i), "id"));
			}
			gv_alloc_free(&a);
			gv_bidset_free(&tmp);
		}
		snprintf(name, sizeof(name), "bf%u", s);
		json_incref(doc);	/* ids point into it */
		epoch_make(&ep, name, doc, ids, n);
		json_decref(doc);
		/* The true optimum, over every subset of bids. */
		gv_alloc_init(&a);
		gv_alloc_init(&best);
		mpz_init(gap);
		mpz_set(best.value, ep.pub.a.value);
		for (i = 0; i < (1u << ep.bs.nbids); i++) {
			size_t k, nw = 0;

			for (k = 0; k < ep.bs.nbids; k++)
				if (i >> k & 1)
					w[nw++] = k;
			if (gv_alloc_compute(&ep.bs, w, nw, &a, "t", &e) == GV_OK &&
			    mpz_cmp(a.value, best.value) > 0)
				mpz_set(best.value, a.value);
		}
		mpz_sub(gap, best.value, ep.pub.a.value);
		m = strtoul(mins[s % 3], NULL, 10);
		expect = mpz_cmp_ui(gap, m) >= 0 ? 0 : 4;
		snprintf(dr, sizeof(dr), "%s.draft.json", T(name));
		unlink(dr);
		argv[0] = gvt_bin("gavel-solve");
		argv[1] = "--against";
		argv[2] = ep.pubf;
		argv[3] = "--key";
		argv[4] = key;
		argv[5] = "--commit";
		argv[6] = "-q";
		argv[7] = "-o";
		argv[8] = dr;
		argv[9] = ep.bsf;
		argv[10] = NULL;
		run(&r, argv);
		cr_assert_eq(r.status, expect, "seed %u: gap %s, min %lu: %s", s,
		    mpz_get_str(NULL, 10, gap), m, r.err);
		if (expect == 0) {
			json_t *d = load(dr);
			char *g = mpz_get_str(NULL, 10, gap);

			cr_assert_str_eq(sget(d, "improvement"), g);
			free(g);
			json_decref(d);
			found++;
		} else
			cr_assert_neq(access(dr, F_OK), 0);
		agree++;
		gvt_run_free(&r);
		mpz_clear(gap);
		gv_alloc_free(&a);
		gv_alloc_free(&best);
		epoch_free(&ep);
	}
	cr_assert_eq(agree, 18);
	/* both outcomes occur */
	cr_assert_gt(found, 0);
	cr_assert_lt(found, 18);
}

/* ---- untrusted text, usage and help ---- */

Test(challenge, settle_escapes_untrusted_text_and_checks_every_file)
{
	const char *v = "corpus/valid/challenge-epoch";
	const char *bad = T("bad-utf8.json"), *junk = T("junk.json");
	char tf[1024], bf[1024], pf[1024], cf[1024];
	const char *argv[] = { gvt_bin("gavel-verify"), "settle", "--stake-table",
		tf, bf, pf, cf, bad, junk, NULL };
	struct gvt_run r;
	json_t *d, *rej;
	/* a 63-byte id then a 2-byte UTF-8 sequence: the quote cuts it in half */
	static const char text[] = "{\"format\": \"gavel.challenge.v1\", "
	    "\"marketplace\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaa\xc3\xa9\"}";

	snprintf(tf, sizeof(tf), "%s", gvt_path("corpus/valid/challenge-epoch.table.json"));
	snprintf(bf, sizeof(bf), "%s.json", gvt_path(v));
	snprintf(pf, sizeof(pf), "%s.weak.json", gvt_path(v));
	snprintf(cf, sizeof(cf), "%s.challenge.json", gvt_path(v));
	cr_assert_eq(gvt_write_file(bad, text, strlen(text)), 0);
	cr_assert_eq(gvt_write_file(junk, "[1]", 3), 0);
	run(&r, argv);
	cr_assert_eq(r.status, 0, "%s", r.err);
	d = json_loads(r.out, 0, NULL);
	cr_assert_not_null(d, "%s", r.out);
	rej = json_object_get(d, "rejected");
	cr_assert_eq(json_array_size(rej), 2);
	cr_assert_eq(json_array_size(json_object_get(d, "accepted")), 1);
	{
		const char *a = sget(json_array_get(rej, 0), "reason");
		const char *b = sget(json_array_get(rej, 1), "reason");
		const char *keys = strstr(a, "top level") ? b : a;

		cr_assert_str_eq(strstr(a, "top level") ? a : b,
		    "challenge: top level is not an object");
		cr_assert_str_eq(keys, "challenge: epoch: missing");
	}
	json_decref(d);
	gvt_run_free(&r);
	/* a quote cut inside a UTF-8 sequence stays valid JSON, escaped */
	{
		static const char t2[] = "{\"format\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xc3\xa9\", \"marketplace\": "
		    "\"m\", \"epoch\": 80, \"bidset\": \"\", \"beats\": \"\", "
		    "\"allocation\": {}, \"improvement\": \"0\", \"fee\": \"0\", "
		    "\"challenger\": \"\", \"salt\": \"\", \"commitment\": \"\", "
		    "\"order\": {}, \"sig\": \"\"}";
		const char *a, *b;

		cr_assert_eq(gvt_write_file(bad, t2, strlen(t2)), 0);
		run(&r, argv);
		cr_assert_eq(r.status, 0, "%s", r.err);
		d = json_loads(r.out, 0, NULL);
		cr_assert_not_null(d, "%s", r.out);
		rej = json_object_get(d, "rejected");
		a = sget(json_array_get(rej, 0), "reason");
		b = sget(json_array_get(rej, 1), "reason");
		cr_assert_str_eq(strstr(a, "top level") ? b : a, "challenge: format: "
		    "unsupported format \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaa\\xc3...\", expected \"gavel.challenge.v1\"");
		json_decref(d);
		gvt_run_free(&r);
	}
}

Test(challenge, usage_and_help)
{
	const char *h1[] = { gvt_bin("gavel-verify"), "challenge", "--help", NULL };
	const char *h2[] = { gvt_bin("gavel-verify"), "settle", "-h", NULL };
	const char *h3[] = { gvt_bin("gavel-solve"), "--against", "x", "--help",
		NULL };
	const char *u1[] = { gvt_bin("gavel-verify"), "challenge", "a", "b", "c",
		NULL };
	const char *u2[] = { gvt_bin("gavel-verify"), "challenge", "--stake",
		"t", "a", "b", "c", NULL };
	const char *u3[] = { gvt_bin("gavel-solve"), "--against", "p", "--key",
		"k", "b", NULL };
	struct gvt_run r;

	run(&r, h1);
	cr_assert_eq(r.status, 0);
	cr_assert_not_null(strstr(r.out, "exit status:\n  0  valid\n"));
	cr_assert_not_null(strstr(r.out, "examples:"));
	gvt_run_free(&r);
	run(&r, h2);
	cr_assert_eq(r.status, 0);
	cr_assert_not_null(strstr(r.out, "--output FILE"));
	gvt_run_free(&r);
	run(&r, h3);
	cr_assert_eq(r.status, 0);
	cr_assert_not_null(strstr(r.out, "4 no improvement found"));
	gvt_run_free(&r);
	run(&r, u1);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: --stake-table: required: the "
	    "commitment's block is certified against the stake table you trust\n");
	gvt_run_free(&r);
	run(&r, u2);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: challenge: unknown option "
	    "\"--stake\"\nusage: gavel-verify challenge (--stake-table "
	    "TABLE.json | --trust-root DIGEST --chain CHAIN.json) BIDSET.json "
	    "PUBLISHED.json CHALLENGE.json\n");
	gvt_run_free(&r);
	run(&r, u3);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-solve: --against needs --key, exactly one "
	    "of --commit and --reveal (with --order and --stake-table), and one "
	    "BIDSET.json\n");
	gvt_run_free(&r);
}
