/* test_lottery_epoch.c: lottery bid sets and allocations end to end (formats/bidset-lottery.md, formats/allocation.md "Version 2") */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <criterion/criterion.h>
#include <gmp.h>
#include <jansson.h>

#include "brute.h"
#include "expect.h"
#include "json.h"
#include "lottery_bidset.h"
#include "util.h"

static void
at_root(void)
{
	cr_assert_eq(chdir(gvt_path(".")), 0);
}

TestSuite(lottery_epoch, .init = at_root, .timeout = 300);

#define DEMO "corpus/valid/lottery-demo"
#define EPOCH "corpus/valid/lottery-large"

static void
solve(const char *stem, const char *bidset, const char *out,
    struct gvt_run *r)
{
	char blk[512], crt[512], tab[512];
	const char *argv[] = { gvt_bin("gavel-solve"), "-q", "--beacon-block",
		blk, "--beacon-certificate", crt, "--stake-table", tab, "-o",
		out, bidset, NULL };

	snprintf(blk, sizeof(blk), "%s.beacon-block.json", stem);
	snprintf(crt, sizeof(crt), "%s.beacon-cert.json", stem);
	snprintf(tab, sizeof(tab), "%s.stake-table.json", stem);
	cr_assert_eq(gvt_run(r, argv), 0);
}

static void
same_file(const char *a, const char *b)
{
	char *x = gvt_read_file(a, NULL), *y = gvt_read_file(b, NULL);

	cr_assert_not_null(x, "%s", a);
	cr_assert_not_null(y, "%s", b);
	cr_assert_str_eq(x, y, "%s and %s differ", a, b);
	free(x);
	free(y);
}

Test(lottery_epoch, corpus_epochs_solve_byte_exact)
{
	static const char *const stems[] = { EPOCH, DEMO, NULL };
	const char *const *s;
	struct gvt_run r;
	char bs[512], al[512];

	for (s = stems; *s != NULL; s++) {
		snprintf(bs, sizeof(bs), "%s.json", *s);
		snprintf(al, sizeof(al), "%s.lottery-allocation.json", *s);
		solve(*s, bs, gvt_tmp("l.json"), &r);
		cr_assert_eq(r.status, 0, "%s: %s", bs, r.err);
		cr_assert_str_empty(r.err);
		gvt_run_free(&r);
		same_file(gvt_tmp("l.json"), al);
	}
	same_file(DEMO ".json", "formats/examples/bidset-lottery-demo.json");
	same_file(DEMO ".lottery-allocation.json",
	    "formats/examples/allocation-lottery-demo.json");
}

Test(lottery_epoch, generator_rebuilds_the_corpus_epoch)
{
	static const char *const sfx[] = { ".json", ".beacon-block.json",
		".beacon-cert.json", ".stake-table.json", NULL };
	const char *argv[] = { gvt_bin("gavel-lottery-gen"), gvt_tmpdir(),
		NULL };
	const char *const *s;
	struct gvt_run r;
	char a[512], b[512];

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	for (s = sfx; *s != NULL; s++) {
		snprintf(a, sizeof(a), "%s/lottery-large%s", gvt_tmpdir(), *s);
		snprintf(b, sizeof(b), EPOCH "%s", *s);
		same_file(a, b);
	}
}

Test(lottery_epoch, corpus_shape_and_verify)
{
	const char *argv[] = { gvt_bin("gavel-verify"), "allocation",
		"--stake-table", EPOCH ".stake-table.json", EPOCH ".json",
		EPOCH ".lottery-allocation.json", NULL };
	json_t *bs = json_load_file(EPOCH ".json", 0, NULL);
	json_t *al = json_load_file(EPOCH ".lottery-allocation.json", 0, NULL);
	struct gvt_run r;

	cr_assert_not_null(bs);
	cr_assert_not_null(al);
	/* the realistic shape the issue asks for */
	cr_assert_eq(json_array_size(json_object_get(bs, "rollups")), 30);
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(bs,
	    "slots"), "count")), 100);
	cr_assert_eq(json_array_size(json_object_get(bs, "purchases")), 300);
	cr_assert_eq(json_array_size(json_object_get(al, "schedule")), 100);
	cr_assert_eq(json_array_size(json_object_get(al, "winners")), 27);
	cr_assert_eq(json_array_size(json_object_get(al, "refunds")), 204);
	cr_assert_eq(json_integer_value(json_object_get(al, "sold")), 1685);
	cr_assert_str_eq(json_string_value(json_object_get(al, "value")),
	    "572808");
	/* 1685 sold, target 1000: 1000 + 1000 x 685 x 1250 / 10^7 = 1085 */
	cr_assert_str_eq(json_string_value(json_object_get(al, "next_price")),
	    "1085");
	json_decref(bs);
	json_decref(al);
	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "valid: lottery allocation for epoch 1 of "
	    "marketplace example, bid set fdb719fba0a1a6cbe6e100e9b2c7ef308c2d"
	    "ad7b3aa24f35c03c869bf49d25d3; 300 purchases, signatures verified; "
	    "beacon bd96e336c02d251d095b005e3e693b4660a10905e700ed4a92edc8ded6"
	    "803f74 certified (4 of 4 stake); feasibility, value, payments, "
	    "refunds, receipts, bound, draws of 100 slots and the next price "
	    "1085 checked; optimality not checked; stake table taken on trust "
	    "(no --trust-root)\n");
	gvt_run_free(&r);
}

/* Every corpus/invalid/lottery-*.json against its .expect (corpus/README.md). */
Test(lottery_epoch, invalid_corpus)
{
	glob_t g;
	size_t i, n = 0;

	cr_assert_eq(glob("corpus/invalid/lottery-*.json", 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *f = g.gl_pathv[i];
		char ex[512];
		struct gvt_expect x;
		struct gvt_run r;

		snprintf(ex, sizeof(ex), "%.*s.expect",
		    (int)(strlen(f) - strlen(".json")), f);
		gvt_expect_load(ex, &x);
		if (strncmp(f, "corpus/invalid/lottery-alloc-", 29) == 0) {
			const char *argv[] = { gvt_bin("gavel-verify"),
				"allocation", "--stake-table",
				DEMO ".stake-table.json", x.arg, f, NULL };

			cr_assert_str_eq(x.arg, DEMO ".json", "%s", ex);
			cr_assert_eq(gvt_run(&r, argv), 0);
		} else
			solve(DEMO, f, gvt_tmp("x.json"), &r);
		gvt_expect_assert(&r, &x, f);
		gvt_run_free(&r);
		gvt_expect_free(&x);
		n++;
	}
	globfree(&g);
	cr_assert_geq(n, 20);
}

static void
expect_run(const char *const *argv, int code, const char *err)
{
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, code, "%s: exit %d: %s", argv[0], r.status,
	    r.err);
	cr_assert_str_eq(r.err, err);
	cr_assert_str_empty(r.out);
	gvt_run_free(&r);
}

Test(lottery_epoch, beacon_options_named_or_refused)
{
	const char *no_beacon[] = { gvt_bin("gavel-solve"), "-q",
		DEMO ".json", NULL };
	const char *half[] = { gvt_bin("gavel-solve"), "-q", "--beacon-block",
		DEMO ".beacon-block.json", DEMO ".json", NULL };
	const char *auction[] = { gvt_bin("gavel-solve"), "-q",
		"--beacon-block", DEMO ".beacon-block.json",
		"--beacon-certificate", DEMO ".beacon-cert.json",
		"--stake-table", DEMO ".stake-table.json",
		"corpus/valid/hand-epoch.json", NULL };
	const char *no_table[] = { gvt_bin("gavel-verify"), "allocation",
		DEMO ".json", DEMO ".lottery-allocation.json", NULL };
	const char *table_auction[] = { gvt_bin("gavel-verify"), "allocation",
		"--stake-table", DEMO ".stake-table.json",
		"corpus/valid/hand-epoch.json",
		"corpus/valid/hand-epoch.allocation.json", NULL };
	const char *other_table[] = { gvt_bin("gavel-verify"), "allocation",
		"--stake-table", DEMO ".stake-table.json", EPOCH ".json",
		EPOCH ".lottery-allocation.json", NULL };
	const char *solve_other_table[] = { gvt_bin("gavel-solve"), "-q",
		"--beacon-block", EPOCH ".beacon-block.json",
		"--beacon-certificate", EPOCH ".beacon-cert.json",
		"--stake-table", DEMO ".stake-table.json", EPOCH ".json", NULL };

	expect_run(no_beacon, 2, "gavel-solve: " DEMO ".json: format: "
	    "\"gavel.bidset.v4\" is a lottery bid set: read it with the "
	    "lottery's options (gavel-solve --beacon-block, "
	    "--beacon-certificate and --stake-table; gavel-verify allocation "
	    "--stake-table)\n");
	expect_run(half, 2, "gavel-solve: --beacon-block, --beacon-certificate "
	    "and --stake-table: a lottery bid set needs all three (the "
	    "beacon's block header, its quorum certificate and the stake "
	    "table it is counted in)\n");
	expect_run(auction, 2, "gavel-solve: --beacon-block: only a lottery "
	    "bid set (gavel.bidset.v4) names a beacon\n");
	expect_run(no_table, 2, "gavel-verify: --stake-table: a lottery "
	    "allocation needs the trusted stake table of the bid set's epoch, "
	    "which certifies its beacon (--stake-table, or --trust-root with "
	    "--chain)\n");
	/* the trusted table must be the bid set's epoch's, in both tools */
	expect_run(table_auction, 1, "gavel-verify: corpus/valid/hand-epoch."
	    "json: the bid set is for epoch 5 of marketplace \"hand\", the "
	    "trusted stake table for epoch 7 of \"demo\"\n");
	expect_run(other_table, 1, "gavel-verify: " EPOCH ".json: the bid set "
	    "is for epoch 1 of marketplace \"example\", the trusted stake "
	    "table for epoch 7 of \"demo\"\n");
	expect_run(solve_other_table, 1, "gavel-solve: " DEMO ".stake-table."
	    "json: is the stake table of epoch 7 of \"demo\", the bid set is "
	    "for epoch 1 of marketplace \"example\"\n");
}

/* gavel-solve refuses another block as the beacon, and one not certified. */
Test(lottery_epoch, solve_checks_the_beacon)
{
	const char *other[] = { gvt_bin("gavel-solve"), "-q",
		"--beacon-block", EPOCH ".beacon-block.json",
		"--beacon-certificate", DEMO ".beacon-cert.json",
		"--stake-table", DEMO ".stake-table.json", DEMO ".json", NULL };
	const char *wrongcert[] = { gvt_bin("gavel-solve"), "-q",
		"--beacon-block", DEMO ".beacon-block.json",
		"--beacon-certificate", EPOCH ".beacon-cert.json",
		"--stake-table", DEMO ".stake-table.json", DEMO ".json", NULL };

	expect_run(other, 1, "gavel-solve: " EPOCH ".beacon-block.json: is the "
	    "block of marketplace \"example\", not \"demo\"\n");
	expect_run(wrongcert, 1, "gavel-solve: " EPOCH ".beacon-cert.json: "
	    "marketplace: marketplace mismatch: the certificate is for "
	    "\"example\", the stake table for \"demo\"\n");
}

/* Grinding after the fact: any change to a purchase, the price or the beacon is another digest. */
Test(lottery_epoch, every_change_is_another_digest)
{
	struct gv_lottery_bidset a, b;
	struct gv_err e = { 0, "" };
	json_t *doc;
	unsigned char d0[GV_DIGEST_LEN];
	int k;

	cr_assert_eq(gv_lottery_bidset_load(DEMO ".json", &a, &e), GV_OK,
	    "%s", e.msg);
	cr_assert_eq(gv_lottery_verify_sigs(&a, &e), GV_OK, "%s", e.msg);
	memcpy(d0, a.digest, GV_DIGEST_LEN);
	/* the spec's vectors (formats/bidset-lottery.md) */
	{
		unsigned char pd[GV_DIGEST_LEN];
		char hex[2 * GV_DIGEST_LEN + 1];

		gv_hex(hex, a.digest, GV_DIGEST_LEN);
		cr_assert_str_eq(hex, "ce4a38e8bc7bd48bbaa2ab7835586c1e9679d826ea"
		    "d7778ecc8855a946080b2a");
		cr_assert_eq(gv_purchase_digest(&a, 0, pd), GV_OK);
		gv_hex(hex, pd, GV_DIGEST_LEN);
		cr_assert_str_eq(hex, "6f47bf9af34f4a0caa2aa3d56294317e1d18d08511"
		    "73a923fbe534a81ac4c42b");
	}
	for (k = 0; k < 4; k++) {
		json_t *p, *l;

		doc = json_load_file(DEMO ".json", 0, NULL);
		p = json_array_get(json_object_get(doc, "purchases"), 2);
		l = json_object_get(doc, "lottery");
		if (k == 0)
			json_object_set_new(p, "tickets", json_integer(
			    json_integer_value(json_object_get(p, "tickets")) +
			    1));
		else if (k == 1)
			json_object_set_new(p, "xor", json_string("g9"));
		else if (k == 2)
			json_object_set_new(json_object_get(l, "beacon"),
			    "slot", json_integer(6000));
		else
			json_object_set_new(l, "price", json_string("101"));
		cr_assert_eq(gv_lottery_bidset_from_json(doc, "x", &b, &e),
		    GV_OK, "%d: %s", k, e.msg);
		cr_assert(memcmp(b.digest, d0, GV_DIGEST_LEN) != 0, "%d", k);
		/* and the buyer's signature no longer holds */
		cr_assert_eq(gv_lottery_verify_sigs(&b, &e), GV_INVALID, "%d", k);
		gv_lottery_bidset_free(&b);
	}
	gv_lottery_bidset_free(&a);
}

/*
 * The lottery's winner determination by its own definition, without the
 * auction it is mapped to: every set of bundles with no shared rollup, no
 * XOR group (bidder, xor) on two of them and tickets x price at least the
 * reserves; the best value, then the fewest bundles.
 */
struct lbest {
	mpz_t best, cur;
	size_t nbest, ncur;
	unsigned char *used_r, *used_g;
};

static void
lottery_dfs(const struct gv_lottery_bidset *lb, size_t k, struct lbest *s)
{
	const struct gv_lottery_bundle *bu;
	mpz_t net;
	size_t j;
	int ok = 1;

	if (k == lb->nbundles) {
		int c = mpz_cmp(s->cur, s->best);

		if (c > 0 || (c == 0 && s->ncur < s->nbest)) {
			mpz_set(s->best, s->cur);
			s->nbest = s->ncur;
		}
		return;
	}
	lottery_dfs(lb, k + 1, s);
	bu = &lb->bundles[k];
	for (j = 0; j < bu->nrollups; j++)
		ok &= !s->used_r[bu->rollups[j]];
	for (j = 0; j < bu->npurchases; j++) {
		long g = lb->purchases[bu->purchases[j]].group;

		ok &= g < 0 || !s->used_g[g];
	}
	mpz_init(net);
	gv_lottery_times_price(net, lb->price, bu->tickets);
	for (j = 0; j < bu->nrollups; j++)
		mpz_sub(net, net, lb->rollups[bu->rollups[j]].reserve);
	if (ok && mpz_sgn(net) >= 0) {
		for (j = 0; j < bu->nrollups; j++)
			s->used_r[bu->rollups[j]] = 1;
		for (j = 0; j < bu->ngroups; j++)
			s->used_g[bu->groups[j]] = 1;
		mpz_add(s->cur, s->cur, net);
		s->ncur++;
		lottery_dfs(lb, k + 1, s);
		s->ncur--;
		mpz_sub(s->cur, s->cur, net);
		for (j = 0; j < bu->nrollups; j++)
			s->used_r[bu->rollups[j]] = 0;
		for (j = 0; j < bu->ngroups; j++)
			s->used_g[bu->groups[j]] = 0;
	}
	mpz_clear(net);
}

Test(lottery_epoch, brute_force_agrees_on_small_epochs, .timeout = 600)
{
	int seed, sold_some = 0, grouped = 0;

	for (seed = 1; seed <= 40; seed++) {
		char sd[16], name[32], stem[512], bs[600], al[600];
		const char *gen[] = { gvt_bin("gavel-lottery-gen"), "--seed", sd,
			"--name", name, "--rollups", "7", "--purchases", "18",
			"--bidders", "4", "--max-bundle", "3", "--xor", "50",
			"--slots", "3", "--price", "100", gvt_tmpdir(), NULL };
		struct gv_lottery_bidset lb;
		struct gv_err e = { 0, "" };
		struct lbest s;
		struct gvt_run r;
		json_t *doc;
		size_t i;

		snprintf(sd, sizeof(sd), "%d", seed);
		snprintf(name, sizeof(name), "bf%d", seed);
		snprintf(stem, sizeof(stem), "%s/%s", gvt_tmpdir(), name);
		snprintf(bs, sizeof(bs), "%s.json", stem);
		snprintf(al, sizeof(al), "%s.alloc.json", stem);
		cr_assert_eq(gvt_run(&r, gen), 0);
		cr_assert_eq(r.status, 0, "%s", r.err);
		gvt_run_free(&r);
		solve(stem, bs, al, &r);
		cr_assert_eq(r.status, 0, "seed %d: %s", seed, r.err);
		gvt_run_free(&r);
		cr_assert_eq(gv_lottery_bidset_load(bs, &lb, &e), GV_OK, "%s",
		    e.msg);
		mpz_inits(s.best, s.cur, NULL);
		s.nbest = s.ncur = 0;
		s.used_r = calloc(lb.nrollups, 1);
		s.used_g = calloc(lb.ngroups + 1, 1);
		lottery_dfs(&lb, 0, &s);
		for (i = 0; i < lb.nrollups; i++)
			mpz_add(s.best, s.best, lb.rollups[i].reserve);
		doc = json_load_file(al, 0, NULL);
		cr_assert_not_null(doc);
		{
			char *v = mpz_get_str(NULL, 10, s.best);

			cr_assert_str_eq(json_string_value(json_object_get(doc,
			    "value")), v, "seed %d: value", seed);
			free(v);
		}
		cr_assert_eq(json_array_size(json_object_get(doc, "winners")),
		    s.nbest, "seed %d: winners", seed);
		/* and the auction it is solved as, by tests/brute.c: the same
		   value, count and (tie rule key 3) the same winning bundles */
		{
			size_t nwin, nodes, *w = calloc(lb.nbundles + 1,
			    sizeof(size_t));
			mpz_t bv;

			mpz_init(bv);
			gvt_brute_force_w(&lb.solve, bv, &nwin, &nodes, w);
			cr_assert_eq(mpz_cmp(bv, s.best), 0, "seed %d", seed);
			cr_assert_eq(nwin, s.nbest, "seed %d", seed);
			for (i = 0; i < nwin; i++) {
				json_t *b = json_object_get(json_array_get(
				    json_object_get(doc, "winners"), i), "bundle");
				size_t k;

				cr_assert_eq(json_array_size(b),
				    lb.bundles[w[i]].nrollups, "seed %d", seed);
				for (k = 0; k < json_array_size(b); k++)
					cr_assert_str_eq(json_string_value(
					    json_array_get(b, k)), lb.rollups[
					    lb.bundles[w[i]].rollups[k]].id,
					    "seed %d winner %zu", seed, i);
			}
			free(w);
			mpz_clear(bv);
		}
		sold_some += s.nbest > 0;
		grouped += lb.ngroups > 0;
		json_decref(doc);
		free(s.used_r);
		free(s.used_g);
		mpz_clears(s.best, s.cur, NULL);
		gv_lottery_bidset_free(&lb);
	}
	/* the cases are not all trivial */
	cr_assert_geq(sold_some, 30);
	cr_assert_eq(grouped, 40);
}

/* The next price through the tools: at the cap, at the target, at the floor (formats/lottery.md). */
Test(lottery_epoch, next_price_at_cap_target_and_floor)
{
	static const struct { const char *target, *next; } c[] = {
		{ "10", "112" },	/* 42 sold, 4.2 x target: the full 12.5% step, 112.5 down */
		{ "42", "100" },	/* at the target: unchanged */
		{ "100000", "100" },	/* far below: 87.5 would be below the floor 100 */
		{ "43", "100" },	/* one below: 100 x 1 x 1250 / 430000 < 1, no fall */
		{ "41", "101" },	/* one above: at least one unit up */
	};
	size_t k;

	for (k = 0; k < sizeof(c) / sizeof(c[0]); k++) {
		char stem[600], bs[700], al[700];
		const char *gen[] = { gvt_bin("gavel-lottery-gen"), "--name",
			"np", "--seed", "3", "--marketplace", "demo", "--epoch",
			"7", "--rollups", "3", "--purchases", "6", "--slots", "4",
			"--price", "100", "--target", c[k].target, "--bidders",
			"3", "--xor", "30", gvt_tmpdir(), NULL };
		struct gvt_run r;
		json_t *doc;

		snprintf(stem, sizeof(stem), "%s/np", gvt_tmpdir());
		snprintf(bs, sizeof(bs), "%s.json", stem);
		snprintf(al, sizeof(al), "%s.alloc.json", stem);
		cr_assert_eq(gvt_run(&r, gen), 0);
		cr_assert_eq(r.status, 0, "%s", r.err);
		gvt_run_free(&r);
		solve(stem, bs, al, &r);
		cr_assert_eq(r.status, 0, "%s", r.err);
		gvt_run_free(&r);
		doc = json_load_file(al, 0, NULL);
		cr_assert_eq(json_integer_value(json_object_get(doc, "sold")),
		    42);
		cr_assert_str_eq(json_string_value(json_object_get(doc,
		    "next_price")), c[k].next, "target %s", c[k].target);
		json_decref(doc);
	}
}

static void
copy_to(const char *src, const char *dir, const char *name)
{
	size_t n;
	char *d = gvt_read_file(src, &n), dst[700];

	cr_assert_not_null(d, "%s", src);
	snprintf(dst, sizeof(dst), "%s/%s", dir, name);
	cr_assert_eq(gvt_write_file(dst, d, n), 0);
	free(d);
}

/* gavel-cron: a lottery inbox waits for its beacon, then publishes the verified allocation. */
Test(lottery_epoch, cron_solves_a_lottery_inbox)
{
	char in[600], out[600], al[700], line[1400];
	const char *nostake[] = { gvt_bin("gavel-cron"), "--solver",
		gvt_bin("gavel-solve"), "--verifier", gvt_bin("gavel-verify"),
		in, out, NULL };
	const char *cron[] = { gvt_bin("gavel-cron"), "--solver",
		gvt_bin("gavel-solve"), "--verifier", gvt_bin("gavel-verify"),
		"--stake-table", DEMO ".stake-table.json", in, out, NULL };
	struct gvt_run r;

	snprintf(in, sizeof(in), "%s/cin", gvt_tmpdir());
	snprintf(out, sizeof(out), "%s/cout", gvt_tmpdir());
	snprintf(al, sizeof(al), "%s/lottery-demo.allocation.json", out);
	cr_assert_eq(mkdir(in, 0755), 0);
	cr_assert_eq(mkdir(out, 0755), 0);
	copy_to(DEMO ".json", in, "lottery-demo.json");
	copy_to(DEMO ".beacon-cert.json", in, "lottery-demo.beacon-cert.json");
	/* without the operator's stake table: pending, not rejected */
	expect_run(nostake, 3, "gavel-cron: lottery-demo.json: a lottery bid "
	    "set: its beacon needs --stake-table; left pending\n");
	/* the beacon's block not there yet: pending too */
	cr_assert_eq(gvt_run(&r, cron), 0);
	cr_assert_eq(r.status, 3, "%s", r.err);
	snprintf(line, sizeof(line), "gavel-cron: lottery-demo.json: "
	    "gavel-solve failed (exit 2): gavel-solve: "
	    "%s/lottery-demo.beacon-block.json: "
	    "cannot open", in);
	cr_assert(strncmp(r.err, line, strlen(line)) == 0, "%s", r.err);
	cr_assert_eq(access(al, F_OK), -1);
	gvt_run_free(&r);
	/* the block arrives: published, the corpus's bytes; the pieces are not bid sets */
	copy_to(DEMO ".beacon-block.json", in, "lottery-demo.beacon-block.json");
	cr_assert_eq(gvt_run(&r, cron), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_empty(r.err);
	gvt_run_free(&r);
	same_file(al, DEMO ".lottery-allocation.json");
	/* a re-run does nothing */
	cr_assert_eq(gvt_run(&r, cron), 0);
	cr_assert_eq(r.status, 0);
	cr_assert_str_empty(r.out);
	cr_assert_str_empty(r.err);
	gvt_run_free(&r);
}

/* The demo bid set, changed by fn, parsed: the error message, or "" when it parses. */
static void
parse_changed(void (*fn)(json_t *), const char *want)
{
	struct gv_lottery_bidset lb;
	struct gv_err e = { 0, "" };
	json_t *doc = json_load_file(DEMO ".json", 0, NULL);
	int rc;

	cr_assert_not_null(doc);
	fn(doc);
	rc = gv_lottery_bidset_from_json(doc, "x", &lb, &e);
	cr_assert_str_eq(rc == GV_OK ? "" : e.msg, want);
	if (rc != GV_OK)
		cr_assert_eq(rc, GV_MALFORMED);
	gv_lottery_bidset_free(&lb);
}

static json_t *
purchases(json_t *d)
{
	return json_object_get(d, "purchases");
}

static void
many_rollups(json_t *d)
{
	json_t *r = json_object_get(d, "rollups");
	char id[16];
	int i;

	for (i = 3; i < 257; i++) {
		snprintf(id, sizeof(id), "s%03d", i);
		json_array_append_new(r, json_pack("{s:s, s:s}", "id", id,
		    "reserve", "1"));
	}
}

static void
many_purchases(json_t *d)
{
	json_t *p = purchases(d), *x = json_array_get(p, 5);
	char id[16];
	int i;

	for (i = 6; i < 16385; i++) {
		json_t *c = json_deep_copy(x);

		snprintf(id, sizeof(id), "p%05d", i);
		json_object_set_new(c, "id", json_string(id));
		json_array_append_new(p, c);
	}
}

static void
huge_tickets(json_t *d)
{
	json_object_set_new(json_array_get(purchases(d), 0), "tickets",
	    json_integer(9007199254740991LL));
}

static void
huge_price(json_t *d)
{
	/* 42 tickets x 2^251: 2^256 or more */
	json_object_set_new(json_object_get(d, "lottery"), "price",
	    json_string("3618502788666131106986593281521497120414687020801267"
	    "626233049500247285301248"));
}

static void
many_groups(json_t *d)
{
	json_t *r = json_object_get(d, "rollups"), *p = purchases(d), *b;
	char id[16];
	int i;

	/* a bundle of 60 rollups, then groups g0 .. g4 of one bidder on it */
	b = json_array();
	for (i = 0; i < 60; i++) {
		snprintf(id, sizeof(id), "s%03d", i);
		json_array_append_new(r, json_pack("{s:s, s:s}", "id", id,
		    "reserve", "1"));
		json_array_append_new(b, json_string(id));
	}
	for (i = 0; i < 5; i++) {
		json_t *c = json_deep_copy(json_array_get(p, 5));

		snprintf(id, sizeof(id), "q%05d", i);
		json_object_set_new(c, "id", json_string(id));
		json_object_set(c, "bundle", b);
		snprintf(id, sizeof(id), "g%d", i);
		json_object_set_new(c, "xor", json_string(id));
		json_array_append_new(p, c);
	}
	json_decref(b);
}

static void
same_group_name_other_bidder(json_t *d)
{
	/* p00000 (bidder d107…) has xor g0; c4a3…'s p00004 names g0 too */
	json_object_set_new(json_array_get(purchases(d), 4), "xor",
	    json_string("g0"));
}

Test(lottery_epoch, limits_and_groups)
{
	struct gv_lottery_bidset lb;
	struct gv_err e = { 0, "" };
	json_t *doc;

	parse_changed(many_rollups, "x: rollups: 257 rollups, the limit is 256");
	parse_changed(many_purchases, "x: purchases: 16385 purchases, the "
	    "limit is 16384");
	parse_changed(huge_tickets, "x: purchases[1].tickets: the purchases "
	    "hold more than 2^53-1 tickets");
	parse_changed(huge_price, "x: all reserves and ticket amounts add up "
	    "to 2^256 or more");
	parse_changed(many_groups, "x: purchases[10].xor: bundle \"s000+s001+"
	    "s002+s003+s004+s005+s006+s007+s008+s009+s010+s011+s012...\" has 60 "
	    "rollups and 5 XOR groups, the limit is 64 in all");
	/* a group is the pair (bidder, name): another bidder's "g0" is
	   another group, which constrains nothing of the first */
	doc = json_load_file(DEMO ".json", 0, NULL);
	same_group_name_other_bidder(doc);
	cr_assert_eq(gv_lottery_bidset_from_json(doc, "x", &lb, &e), GV_OK,
	    "%s", e.msg);
	cr_assert_eq(lb.ngroups, 2);
	cr_assert_neq(lb.purchases[0].group, lb.purchases[4].group);
	gv_lottery_bidset_free(&lb);
}
