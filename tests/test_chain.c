/* test_chain.c: stake-table chains from a trusted genesis (formats/stake-chain.md) */
#include <sys/stat.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "canon.h"
#include "chain.h"
#include "json.h"
#include "sig.h"
#include "util.h"

/* Messages name files as given: run from the repository root, as the corpus does. */
static void
at_root(void)
{
	const char *r = getenv("GAVEL_ROOT");

	cr_assert_eq(chdir(r ? r : "."), 0);
	cr_assert_eq(gv_sig_init(), 0);
}

TestSuite(chain, .init = at_root, .timeout = 120);

/* The genesis digest of chain-50, the one thing an auditor trusts. */
static const char root50[] =
    "822644d881e874547c6d8aa2effb857b5f5fc0b3a93c8dc55caf801cf5bfff8d";

/*
 * Every corpus/{valid,adversarial}/chain-*.json against its .expect: the
 * exit status, then the exact line (stdout when valid, stderr otherwise).
 * A NAME.root beside a chain is passed as --trust-root.
 */
Test(chain, corpus_cases_give_their_exact_verdicts)
{
	const char *pats[] = { "corpus/valid/chain-*.json",
		"corpus/adversarial/chain-*.json" };
	char expect[512], root[512], want[4096], rootarg[80];
	size_t i, k, ran = 0;
	struct gvt_run r;
	glob_t g;
	char *ex, *nl, *rt;

	for (k = 0; k < 2; k++) {
		cr_assert_eq(glob(pats[k], 0, NULL, &g), 0, "%s", pats[k]);
		for (i = 0; i < g.gl_pathc; i++) {
			const char *f = g.gl_pathv[i];
			const char *argv[8];
			int n = 0, code;

			snprintf(expect, sizeof(expect), "%.*s.expect",
			    (int)(strlen(f) - 5), f);
			snprintf(root, sizeof(root), "%.*s.root",
			    (int)(strlen(f) - 5), f);
			cr_assert_not_null(ex = gvt_read_file(expect, NULL),
			    "%s", expect);
			code = atoi(ex);
			cr_assert_not_null(nl = strchr(ex, '\n'));
			snprintf(want, sizeof(want), "%s", nl + 1);
			argv[n++] = gvt_bin("gavel-verify");
			argv[n++] = "chain";
			if ((rt = gvt_read_file(root, NULL)) != NULL) {
				snprintf(rootarg, sizeof(rootarg), "%.64s", rt);
				free(rt);
				argv[n++] = "--trust-root";
				argv[n++] = rootarg;
			}
			argv[n++] = f;
			argv[n] = NULL;
			cr_assert_eq(gvt_run(&r, argv), 0);
			cr_assert_eq(r.status, code, "%s: exit %d: %s%s", f,
			    r.status, r.out, r.err);
			cr_assert_str_eq(code == 0 ? r.out : r.err, want, "%s",
			    f);
			if (code != 0)
				cr_assert_str_empty(r.out, "%s", f);
			gvt_run_free(&r);
			free(ex);
			ran++;
		}
		globfree(&g);
	}
	/* 3 valid chains, 7 ways to break one */
	cr_assert_eq(ran, 10);
}

/* The committed corpus is exactly what gavel-trustgen writes today. */
Test(chain, the_corpus_is_what_the_generator_writes)
{
	const char *argv[] = { gvt_bin("gavel-trustgen"), gvt_tmp("gen"), NULL };
	const char *names[] = { "valid/chain-0.json", "valid/chain-3.json",
		"valid/chain-50.json", "valid/chain-50.root",
		"adversarial/chain-gap.json", "adversarial/chain-fork.json",
		"adversarial/chain-no-quorum.json",
		"adversarial/chain-other-marketplace.json",
		"adversarial/chain-replayed-handoff.json",
		"adversarial/chain-wrong-predecessor.json",
		"adversarial/chain-wrong-subject.json",
		"receipts/via-gateway.delegation.json",
		"receipts/via-gateway.receipt.json",
		"receipts/via-outside-range.receipt.json",
		"receipts/via-other-rollup.receipt.json",
		"receipts/via-other-gateway.receipt.json",
		"receipts/via-self-granted.delegation.json",
		"receipts/via-unscheduled.delegation.json",
		"receipts/via-other-epoch.delegation.json",
		"slashing-world/chain.json", "slashing-world/chain.root",
		"trust/cert-block.chain.json", "trust/cert-block.root",
		"trust/cert-allocation.chain.json", "trust/cert-allocation.root",
		"trust/challenge-epoch.chain.json", "trust/challenge-epoch.root" };
	/* the tables the trust/ chains end in are other generators' */
	const char *ends[] = { "valid/cert-block.table.json",
		"valid/cert-allocation.table.json",
		"valid/challenge-epoch.table.json" };
	char gen[600], com[600];
	struct gvt_run r;
	size_t i;

	char *world;
	size_t wn;

	/* the world's table is gavel-world's: the chain to it is ours */
	cr_assert_not_null(world = gvt_read_file(
	    "corpus/slashing-world/stake-table.json", &wn));
	snprintf(gen, sizeof(gen), "%s/slashing-world", gvt_tmp("gen"));
	cr_assert_eq(mkdir(gvt_tmp("gen"), 0755), 0);
	cr_assert_eq(mkdir(gen, 0755), 0);
	snprintf(gen, sizeof(gen), "%s/slashing-world/stake-table.json",
	    gvt_tmp("gen"));
	cr_assert_eq(gvt_write_file(gen, world, wn), 0);
	free(world);
	snprintf(gen, sizeof(gen), "%s/valid", gvt_tmp("gen"));
	cr_assert_eq(mkdir(gen, 0755), 0);
	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		snprintf(com, sizeof(com), "corpus/%s", ends[i]);
		cr_assert_not_null(world = gvt_read_file(com, &wn));
		snprintf(gen, sizeof(gen), "%s/%s", gvt_tmp("gen"), ends[i]);
		cr_assert_eq(gvt_write_file(gen, world, wn), 0);
		free(world);
	}
	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *a, *b;

		snprintf(gen, sizeof(gen), "%s/%s", gvt_tmp("gen"), names[i]);
		snprintf(com, sizeof(com), "corpus/%s", names[i]);
		cr_assert_not_null(a = gvt_read_file(gen, NULL), "%s", gen);
		cr_assert_not_null(b = gvt_read_file(com, NULL), "%s", com);
		cr_assert_str_eq(a, b, "%s differs from a fresh generation",
		    com);
		free(a);
		free(b);
	}
}

/*
 * Fifty hand-offs from one trusted digest: the table the library hands
 * back for each epoch is exactly the one in the chain at that epoch, and
 * every validator set differs from the genesis one after four epochs.
 */
Test(chain, fifty_handoffs_prove_every_epochs_table_from_the_genesis_digest)
{
	unsigned char root[GV_DIGEST_LEN], d[GV_DIGEST_LEN];
	struct gv_chain_info info;
	struct gv_err e = { 0, "" };
	json_t *doc;
	uint64_t ep;

	cr_assert_eq(gv_unhex(root, GV_DIGEST_LEN, root50), 0);
	cr_assert_eq(gv_json_load("corpus/valid/chain-50.json", 64u << 20, &doc,
	    &e), GV_OK, "%s", e.msg);
	for (ep = 0; ep <= 50; ep++) {
		struct gv_stake_table t;
		const json_t *want = ep == 0 ? json_object_get(doc, "genesis") :
		    json_object_get(json_array_get(json_object_get(doc,
		    "handoffs"), ep - 1), "table");

		memset(&t, 0, sizeof(t));
		cr_assert_eq(gv_chain_check(doc, "chain-50", root, ep, 1, &t,
		    &info, &e), GV_OK, "epoch %ju: %s", (uintmax_t)ep, e.msg);
		cr_assert_eq(t.epoch, ep);
		cr_assert_eq(gv_digest(d, "stake-table", "demo", ep, want),
		    GV_OK);
		cr_assert_eq(memcmp(t.digest, d, GV_DIGEST_LEN), 0,
		    "epoch %ju", (uintmax_t)ep);
		cr_assert_eq(info.rooted, 1);
		cr_assert_eq(info.first_epoch, 0);
		cr_assert_eq(info.last_epoch, 50);
		cr_assert_eq(info.nhandoffs, 50);
		cr_assert_str_eq(info.marketplace, "demo");
		gv_stake_free(&t);
	}
	json_decref(doc);
}

Test(chain, another_root_or_an_epoch_beyond_the_chain_is_refused)
{
	const char *other[] = { gvt_bin("gavel-verify"), "chain",
		"--trust-root", "00000000000000000000000000000000000000000000000"
		"00000000000000000", "corpus/valid/chain-3.json", NULL };
	const char *beyond[] = { gvt_bin("gavel-verify"), "chain", "--epoch",
		"4", "corpus/valid/chain-3.json", NULL };
	const char *middle[] = { gvt_bin("gavel-verify"), "chain", "--epoch",
		"20", "--trust-root", root50, "corpus/valid/chain-50.json", NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, other), 0);
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.err, "gavel-verify: corpus/valid/chain-3.json: "
	    "genesis: not the trusted genesis: its digest is "
	    "822644d881e874547c6d8aa2effb857b5f5fc0b3a93c8dc55caf801cf5bfff8d, "
	    "the trust root is 00000000000000000000000000000000000000000000000"
	    "00000000000000000\n");
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, beyond), 0);
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.err, "gavel-verify: corpus/valid/chain-3.json: "
	    "epoch 4 is not in the chain: it covers epochs 0 to 3\n");
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, middle), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "valid: stake-table chain of marketplace demo "
	    "from genesis 822644d881e874547c6d8aa2effb857b5f5fc0b3a93c8dc55caf"
	    "801cf5bfff8d (epoch 0, the trust root) to epoch 50: 50 hand-offs, "
	    "each certified by more than 2/3 of the previous table's stake; "
	    "table of epoch 20: 0cc5661f1a17f0d850705ef24f3c72548c2622ed26fa968"
	    "24cc0d3e0f182b937\n");
	gvt_run_free(&r);
}

Test(chain, usage_errors_name_the_problem)
{
	const char *badroot[] = { gvt_bin("gavel-verify"), "chain",
		"--trust-root", "ABC", "corpus/valid/chain-3.json", NULL };
	const char *unknown[] = { gvt_bin("gavel-verify"), "chain", "--root",
		"corpus/valid/chain-3.json", NULL };
	const char *help[] = { gvt_bin("gavel-verify"), "chain", "--help",
		NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, badroot), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: --trust-root: must be 64 "
	    "lowercase hex digits (usage: gavel-verify chain [--trust-root "
	    "DIGEST] [--epoch N] [--threads N] CHAIN.json)\n");
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, unknown), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_not_null(strstr(r.err, "unknown option \"--root\""), "%s",
	    r.err);
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, help), 0);
	cr_assert_eq(r.status, 0);
	cr_assert_not_null(strstr(r.out, "--trust-root DIGEST"));
	cr_assert_not_null(strstr(r.out, "exit status:\n  0  valid\n"));
	gvt_run_free(&r);
}
