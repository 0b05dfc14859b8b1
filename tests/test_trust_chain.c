/* test_trust_chain.c: slashing verdicts from one trusted genesis digest and a stake-table chain (formats/evidence.md, "Trust"; formats/stake-chain.md) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "util.h"

static void
at_root(void)
{
	const char *r = getenv("GAVEL_ROOT");

	cr_assert_eq(chdir(r ? r : "."), 0);
}

TestSuite(trust_chain, .init = at_root, .timeout = 60);

#define WORLD_ROOT \
	"186466509747e24192d21ccef70a3baa4f02a431574dd13b6f5eb4f2764a7938"
#define WORLD_TABLE \
	"eb3e1970f9fc4487c152a06606c7f4288723f52f031ca3ff9d20bc0eaf6593fb"

static void
slash_chain(struct gvt_run *r, const char *root, const char *chain,
    const char *evidence)
{
	const char *argv[] = { gvt_bin("gavel-verify"), "slashing",
		"--trust-root", root, "--chain", chain, evidence, NULL };

	cr_assert_eq(gvt_run(r, argv), 0);
}

/*
 * From the genesis digest alone: the chain proves the world's table for
 * the evidence's epoch, and the verdict is the one --stake-table gives,
 * but for trust_root, which now names the genesis.
 */
Test(trust_chain, a_verdict_from_the_genesis_digest_is_the_tables_verdict)
{
	const char *direct[] = { gvt_bin("gavel-verify"), "slashing",
		"--stake-table", "corpus/slashing-world/stake-table.json",
		"corpus/valid/slashing-inclusion.json", NULL };
	struct gvt_run a, b;
	char *root, *p;
	size_t n;

	cr_assert_not_null(root = gvt_read_file("corpus/slashing-world/"
	    "chain.root", NULL));
	cr_assert_eq(strncmp(root, WORLD_ROOT, 64), 0);
	free(root);
	slash_chain(&a, WORLD_ROOT, "corpus/slashing-world/chain.json",
	    "corpus/valid/slashing-inclusion.json");
	cr_assert_eq(gvt_run(&b, direct), 0);
	cr_assert_eq(a.status, 0, "%s", a.err);
	cr_assert_eq(b.status, 0, "%s", b.err);
	cr_assert_not_null(strstr(a.out, "\"trust_root\": \"" WORLD_ROOT "\""));
	cr_assert_not_null(strstr(a.out, "\"stake_table\": \"" WORLD_TABLE
	    "\""));
	cr_assert_not_null(strstr(b.out, "\"trust_root\": \"" WORLD_TABLE "\""));
	/* the same verdict line for line, trust_root aside */
	cr_assert_not_null(p = strstr(a.out, WORLD_ROOT));
	memcpy(p, WORLD_TABLE, 64);
	n = strlen(a.out);
	cr_assert_eq(n, strlen(b.out));
	cr_assert_str_eq(a.out, b.out);
	gvt_run_free(&a);
	gvt_run_free(&b);
}

Test(trust_chain, forged_evidence_is_not_slashable_under_the_chain)
{
	struct gvt_run r;

	slash_chain(&r, WORLD_ROOT, "corpus/slashing-world/chain.json",
	    "corpus/adversarial/slashing-forged-stake-table.json");
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.err, "gavel-verify: corpus/adversarial/"
	    "slashing-forged-stake-table.json: context.stake_table: is not the "
	    "trusted stake table: the evidence embeds table 6e4e1f0e8581f5e64c5d"
	    "5c6c7ee0090f70aef03ff621ceee0c3f90c6b370c5b4, the caller trusts "
	    "table " WORLD_TABLE ": not slashable\n");
	cr_assert_not_null(strstr(r.out, "\"slashable\": false"));
	gvt_run_free(&r);
}

/* A chain that does not hold from the root, or stops short: no verdict. */
Test(trust_chain, no_verdict_without_a_chain_that_holds_to_the_epoch)
{
	struct gvt_run r;

	slash_chain(&r, "00000000000000000000000000000000000000000000000000000"
	    "00000000000", "corpus/slashing-world/chain.json",
	    "corpus/valid/slashing-inclusion.json");
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: corpus/slashing-world/chain.json: "
	    "genesis: not the trusted genesis: its digest is " WORLD_ROOT ", the "
	    "trust root is 0000000000000000000000000000000000000000000000000000000"
	    "000000000\n");
	cr_assert_str_empty(r.out);
	gvt_run_free(&r);
	slash_chain(&r, "822644d881e874547c6d8aa2effb857b5f5fc0b3a93c8dc55caf801c"
	    "f5bfff8d", "corpus/valid/chain-3.json",
	    "corpus/valid/slashing-inclusion.json");
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: corpus/valid/chain-3.json: epoch 7 "
	    "is not in the chain: it covers epochs 0 to 3\n");
	cr_assert_str_empty(r.out);
	gvt_run_free(&r);
}

Test(trust_chain, the_trusted_table_is_given_one_way_and_whole)
{
	const char *half[] = { gvt_bin("gavel-verify"), "slashing",
		"--chain", "corpus/slashing-world/chain.json",
		"corpus/valid/slashing-inclusion.json", NULL };
	const char *both[] = { gvt_bin("gavel-verify"), "slashing",
		"--stake-table", "corpus/slashing-world/stake-table.json",
		"--trust-root", WORLD_ROOT, "--chain",
		"corpus/slashing-world/chain.json",
		"corpus/valid/slashing-inclusion.json", NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, half), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: corpus/valid/slashing-inclusion."
	    "json: --trust-root: missing: --trust-root and --chain come together "
	    "(the digest trusted and the chain from it to the evidence's "
	    "epoch)\n");
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, both), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: corpus/valid/slashing-inclusion."
	    "json: --stake-table: give the trusted table one way: --stake-table, "
	    "or --trust-root with --chain\n");
	gvt_run_free(&r);
}
