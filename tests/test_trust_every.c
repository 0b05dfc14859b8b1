/* test_trust_every.c: every gavel-verify command from one trusted genesis digest and a stake-table chain (formats/stake-chain.md, "Every command from one digest") */
#include <glob.h>
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

TestSuite(trust_every, .init = at_root, .timeout = 120);

/* The genesis digests (the corpus's NAME.root files) and the tables they prove. */
#define WORLD_ROOT \
	"186466509747e24192d21ccef70a3baa4f02a431574dd13b6f5eb4f2764a7938"
#define WORLD_TABLE \
	"eb3e1970f9fc4487c152a06606c7f4288723f52f031ca3ff9d20bc0eaf6593fb"
#define BLOCK_ROOT \
	"c8594dfac0c6a32beec557d05621ace957544dc0d17490f601ad3c629eeffb12"
#define BLOCK_TABLE \
	"9470339ca91f1951fa05735f4e3e26688d12ca69e76f4561982885989d803227"
#define ALLOC_ROOT \
	"6a5393e4d66a923da390c369ec271c36f5cefe5c2abb29d234ba81a21c2ab400"
#define ALLOC_TABLE \
	"2fd98c34ae7158ee7531a39cd28fc7149a18ba8ac20a8755b6e088a539ca4b8f"
#define CH_ROOT \
	"d35f40cc7a61394ce89a3be58b4d14b63fdf90e77b7c37d0971be03e57a8746a"
#define CH_TABLE \
	"11e84cbc52ef62a11427a90d0fa382d5dff0706efd45ed908f4d4f94f8e8851f"
#define BIDCERT_TABLE \
	"eecc28e4af4213df686d66ca0fb6abf8aaef5c89eed0e32206712c9969a8172d"
#define HAND_ROOT \
	"fffdb0e92525dc83cbdb1217f379a0956d2c0b45cbf5900648749e27e6dc4fd9"
#define HAND_TABLE \
	"9494d85f2bd5a1ecf39eedb62d5cd0ea44a5ed19e6027a8a3a80056724cc8b31"
/* chain-3, chain-50 and every adversarial chain start at this genesis */
#define DEMO_ROOT \
	"822644d881e874547c6d8aa2effb857b5f5fc0b3a93c8dc55caf801cf5bfff8d"

#define WORLD_CHAIN "corpus/slashing-world/chain.json"
#define CH "corpus/valid/challenge-epoch"
#define RC "corpus/receipts/"
#define BC "corpus/bidcert/"

#define ON_TRUST "stake table taken on trust (no --trust-root)"

/*
 * One command on the corpus: its arguments with "@" where the trusted
 * table goes, the table file, and the chain and root that prove it.
 */
struct cmd {
	const char *name;
	const char *args[12];
	const char *table, *chain, *root, *table_digest;
	unsigned epoch, first;
	/* what a usage error names: the document, or NULL (the option) */
	const char *doc, *whose;
};

static const struct cmd cmds[] = {
	{ "allocation", { "corpus/slashing-world/bidset.json",
	    "corpus/slashing-world/allocation.json", "@", NULL },
	    "corpus/slashing-world/stake-table.json", WORLD_CHAIN, WORLD_ROOT,
	    WORLD_TABLE, 7, 5, NULL, "the bid set's" },
	{ "certificate", { "@", "corpus/valid/cert-block.cert.json", NULL },
	    "corpus/valid/cert-block.table.json",
	    "corpus/trust/cert-block.chain.json", BLOCK_ROOT, BLOCK_TABLE, 7, 5,
	    "corpus/valid/cert-block.cert.json", "the certificate's" },
	{ "certificate", { "--threads", "1", "@",
	    "corpus/valid/cert-allocation.cert.json",
	    "corpus/valid/cert-allocation.doc.json", NULL },
	    "corpus/valid/cert-allocation.table.json",
	    "corpus/trust/cert-allocation.chain.json", ALLOC_ROOT, ALLOC_TABLE,
	    7, 5, "corpus/valid/cert-allocation.cert.json",
	    "the certificate's" },
	{ "receipt", { "@", "--allocation", RC "allocation.json",
	    "--allocation-certificate", RC "allocation.cert.json",
	    RC "receipt-scheduled.json", NULL },
	    RC "stake-table.json", WORLD_CHAIN, WORLD_ROOT, WORLD_TABLE, 7, 5,
	    NULL, "the allocation's" },
	{ "receipt", { "@", "--allocation", RC "allocation.json",
	    "--allocation-certificate", RC "allocation.cert.json",
	    "--delegation", RC "via-gateway.delegation.json",
	    RC "via-gateway.receipt.json", NULL },
	    RC "stake-table.json", WORLD_CHAIN, WORLD_ROOT, WORLD_TABLE, 7, 5,
	    NULL, "the allocation's" },
	{ "challenge", { "@", CH ".json", CH ".weak.json",
	    CH ".challenge.json", NULL },
	    CH ".table.json", "corpus/trust/challenge-epoch.chain.json",
	    CH_ROOT, CH_TABLE, 80, 78, NULL, "the bid set's" },
	{ "settle", { "@", "-o", "@OUT", CH ".json", CH ".weak.json",
	    CH ".challenge.json", NULL },
	    CH ".table.json", "corpus/trust/challenge-epoch.chain.json",
	    CH_ROOT, CH_TABLE, 80, 78, NULL, "the bid set's" },
	{ "slashing", { "@", "corpus/valid/slashing-inclusion.json", NULL },
	    "corpus/slashing-world/stake-table.json", WORLD_CHAIN, WORLD_ROOT,
	    WORLD_TABLE, 7, 5, "corpus/valid/slashing-inclusion.json",
	    "the evidence's" },
	/* the bid set's certificate, and the operator's, from one digest */
	{ "bidset", { "@", "--certificate", BC "bidset.cert.json",
	    "--operator", BC "operator.json", "--operator-certificate",
	    BC "operator.cert.json", "--receipt", BC "accept-included.json",
	    BC "bidset.json", NULL },
	    BC "stake-table.json", "corpus/trust/bidcert.chain.json",
	    WORLD_ROOT, BIDCERT_TABLE, 7, 5, NULL, "the bid set's" },
	{ "allocation", { "corpus/valid/hand-epoch.json",
	    "corpus/valid/hand-epoch.allocation.json", "@",
	    "--bidset-certificate", BC "hand-epoch.cert.json", NULL },
	    BC "hand-epoch.stake-table.json",
	    "corpus/trust/bidcert-hand.chain.json", HAND_ROOT, HAND_TABLE, 5, 3,
	    NULL, "the bid set's" },
};
#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

/*
 * Run c with the table given by the words trust[] (NULL-terminated) in
 * place of "@". "@OUT" is a scratch output file named by c's index.
 */
static void
run_with(struct gvt_run *r, size_t ci, const char *const *trust)
{
	const struct cmd *c = &cmds[ci];
	const char *argv[32];
	char out[64];
	size_t i, k = 0, t;

	argv[k++] = gvt_bin("gavel-verify");
	argv[k++] = c->name;
	snprintf(out, sizeof(out), "settlement-%zu.json", ci);
	for (i = 0; c->args[i] != NULL; i++) {
		if (strcmp(c->args[i], "@") == 0)
			for (t = 0; trust[t] != NULL; t++)
				argv[k++] = trust[t];
		else if (strcmp(c->args[i], "@OUT") == 0)
			argv[k++] = gvt_tmp(out);
		else
			argv[k++] = c->args[i];
	}
	argv[k] = NULL;
	cr_assert_eq(gvt_run(r, argv), 0);
}

static void
run_table(struct gvt_run *r, size_t ci)
{
	const char *t[] = { "--stake-table", cmds[ci].table, NULL };

	run_with(r, ci, t);
}

static void
run_chain(struct gvt_run *r, size_t ci, const char *root, const char *chain)
{
	const char *t[] = { "--trust-root", root, "--chain", chain, NULL };

	run_with(r, ci, t);
}

/* What a command says it trusted when the chain proved its table. */
static void
proven(char *buf, size_t len, const struct cmd *c)
{
	snprintf(buf, len, "stake table %s of epoch %u proven from trust root "
	    "%s by chain %s (genesis epoch %u, 2 hand-offs to epoch %u)",
	    c->table_digest, c->epoch, c->root, c->chain, c->first, c->epoch);
}

/* s ends with "; " tail "\n": cut it there (s keeps the head). */
static void
cut_tail(char *s, const char *tail, const char *what)
{
	size_t n = strlen(s), m = strlen(tail);

	cr_assert(n >= m + 3 && s[n - 1] == '\n' &&
	    strncmp(s + n - 1 - m, tail, m) == 0 && s[n - 3 - m] == ';' &&
	    s[n - 2 - m] == ' ', "%s: does not end with \"; %s\": %s", what,
	    tail, s);
	s[n - 3 - m] = '\0';
}

/*
 * The same verdict from the table and from the genesis digest: the same
 * exit, the same line but for what it says was trusted (exactly that).
 */
Test(trust_every, every_command_gives_the_same_verdict_from_the_genesis_digest)
{
	char want[1024];
	size_t i;

	for (i = 0; i < NCMDS; i++) {
		const struct cmd *c = &cmds[i];
		struct gvt_run a, b;
		char *sa, *sb;

		run_table(&a, i);
		run_chain(&b, i, c->root, c->chain);
		cr_assert_eq(a.status, 0, "%s: %s", c->name, a.err);
		cr_assert_eq(b.status, 0, "%s: %s", c->name, b.err);
		proven(want, sizeof(want), c);
		if (strcmp(c->name, "slashing") == 0) {
			/* the verdict names what it rests on itself */
			char *p;

			cr_assert_str_empty(a.err);
			cr_assert_str_empty(b.err);
			cr_assert_not_null(strstr(a.out, "\"trust_root\": \""
			    WORLD_TABLE "\""));
			cr_assert_not_null(p = strstr(b.out, "\"trust_root\": \""
			    WORLD_ROOT "\""));
			memcpy(p + 15, WORLD_TABLE, 64);
			cr_assert_str_eq(a.out, b.out);
		} else {
			/* settle -o: the summary line; the others: valid */
			cr_assert_str_empty(a.err, "%s", c->name);
			cr_assert_str_empty(b.err, "%s", c->name);
			sa = a.out;
			sb = b.out;
			cut_tail(sa, ON_TRUST, c->name);
			cut_tail(sb, want, c->name);
			cr_assert_str_eq(sa, sb, "%s", c->name);
			cr_assert(strncmp(sa, strcmp(c->name, "settle") == 0 ?
			    "settled: 1 challenges accepted, 0 rejected;" :
			    "valid: ", 7) == 0, "%s", sa);
		}
		gvt_run_free(&a);
		gvt_run_free(&b);
	}
}

/*
 * settle to stdout: the same settlement bytes either way; what was
 * trusted is the last line on stderr, after the rejected challenges.
 */
Test(trust_every, a_settlement_is_the_same_bytes_and_says_what_it_rests_on)
{
	const char *tab[] = { gvt_bin("gavel-verify"), "settle",
		"--stake-table", CH ".table.json", CH ".json", CH ".weak.json",
		CH ".challenge.json", "corpus/adversarial/challenge-fee-off-by-one."
		"json", NULL };
	const char *chn[] = { gvt_bin("gavel-verify"), "settle",
		"--trust-root", CH_ROOT, "--chain",
		"corpus/trust/challenge-epoch.chain.json", CH ".json",
		CH ".weak.json", CH ".challenge.json", "corpus/adversarial/"
		"challenge-fee-off-by-one.json", NULL };
	const char rej[] = "gavel-verify: rejected corpus/adversarial/"
	    "challenge-fee-off-by-one.json: challenge: fee: claims 5, the fee "
	    "rule gives 4\n";
	struct gvt_run a, b;
	char want[1024], line[1200];

	cr_assert_eq(gvt_run(&a, tab), 0);
	cr_assert_eq(gvt_run(&b, chn), 0);
	cr_assert_eq(a.status, 0, "%s", a.err);
	cr_assert_eq(b.status, 0, "%s", b.err);
	cr_assert_str_eq(a.out, b.out);
	cr_assert_not_null(strstr(a.out, "\"format\": \"gavel.settlement.v1\""));
	cr_assert_str_eq(a.err, "gavel-verify: rejected corpus/adversarial/"
	    "challenge-fee-off-by-one.json: challenge: fee: claims 5, the fee "
	    "rule gives 4\ngavel-verify: settle: " ON_TRUST "\n");
	proven(want, sizeof(want), &cmds[6]);
	cr_assert_str_eq(cmds[6].name, "settle");
	snprintf(line, sizeof(line), "%sgavel-verify: settle: %s\n", rej, want);
	cr_assert_str_eq(b.err, line);
	gvt_run_free(&a);
	gvt_run_free(&b);
}

/* Another world's genesis digest: no check at all (exit 2). */
Test(trust_every, a_wrong_trust_root_is_refused_by_every_command)
{
	char want[1024];
	size_t i;

	for (i = 0; i < NCMDS; i++) {
		const struct cmd *c = &cmds[i];
		/* a real digest, of another world's genesis */
		const char *other = strcmp(c->root, ALLOC_ROOT) == 0 ?
		    BLOCK_ROOT : ALLOC_ROOT;
		struct gvt_run r;

		run_chain(&r, i, other, c->chain);
		snprintf(want, sizeof(want), "gavel-verify: %s: genesis: not "
		    "the trusted genesis: its digest is %s, the trust root is "
		    "%s\n", c->chain, c->root, other);
		cr_assert_eq(r.status, 2, "%s: exit %d", c->name, r.status);
		cr_assert_str_eq(r.err, want, "%s", c->name);
		cr_assert_str_empty(r.out, "%s", c->name);
		gvt_run_free(&r);
	}
}

/*
 * Every broken chain of the corpus, from its own genesis digest: each
 * command refuses it with the reason gavel-verify chain gives (line 2 of
 * its .expect), and exit 2 instead of chain's 1: nothing was checked.
 */
Test(trust_every, every_broken_chain_is_refused_by_every_command_with_its_reason)
{
	char want[1024], ex[512];
	size_t i, k, ran = 0;
	glob_t g;

	cr_assert_eq(glob("corpus/adversarial/chain-*.json", 0, NULL, &g), 0);
	cr_assert_eq(g.gl_pathc, 7);
	for (k = 0; k < g.gl_pathc; k++) {
		char *e, *nl;

		snprintf(ex, sizeof(ex), "%.*s.expect",
		    (int)(strlen(g.gl_pathv[k]) - 5), g.gl_pathv[k]);
		cr_assert_not_null(e = gvt_read_file(ex, NULL), "%s", ex);
		cr_assert_eq(atoi(e), 1, "%s", ex);
		cr_assert_not_null(nl = strchr(e, '\n'));
		snprintf(want, sizeof(want), "%.*s\n",
		    (int)strcspn(nl + 1, "\n"), nl + 1);
		free(e);
		for (i = 0; i < NCMDS; i++) {
			struct gvt_run r;

			run_chain(&r, i, DEMO_ROOT, g.gl_pathv[k]);
			cr_assert_eq(r.status, 2, "%s %s: exit %d", cmds[i].name,
			    g.gl_pathv[k], r.status);
			cr_assert_str_eq(r.err, want, "%s", cmds[i].name);
			cr_assert_str_empty(r.out, "%s", cmds[i].name);
			gvt_run_free(&r);
			ran++;
		}
	}
	globfree(&g);
	cr_assert_eq(ran, 7 * NCMDS);
}

/* A chain that holds but stops before the document's epoch. */
Test(trust_every, a_chain_short_of_the_epoch_is_refused_by_every_command)
{
	char want[1024];
	size_t i;

	for (i = 0; i < NCMDS; i++) {
		struct gvt_run r;

		run_chain(&r, i, DEMO_ROOT, "corpus/valid/chain-3.json");
		snprintf(want, sizeof(want), "gavel-verify: corpus/valid/"
		    "chain-3.json: epoch %u is not in the chain: it covers "
		    "epochs 0 to 3\n", cmds[i].epoch);
		cr_assert_eq(r.status, 2, "%s: exit %d", cmds[i].name,
		    r.status);
		cr_assert_str_eq(r.err, want, "%s", cmds[i].name);
		cr_assert_str_empty(r.out, "%s", cmds[i].name);
		gvt_run_free(&r);
	}
}

/*
 * The table is given one way and whole, by every command, with the same
 * words; a usage slip is exit 2 before any document is read.
 */
Test(trust_every, the_table_is_given_one_way_and_whole_everywhere)
{
	char want[1024], pre[600];
	size_t i;

	for (i = 0; i < NCMDS; i++) {
		const struct cmd *c = &cmds[i];
		const char *both[] = { "--stake-table", c->table, "--trust-root",
			c->root, "--chain", c->chain, NULL };
		const char *half[] = { "--chain", c->chain, NULL };
		const char *badhex[] = { "--trust-root", "ABC", "--chain",
			c->chain, NULL };
		struct gvt_run r;

		if (c->doc != NULL)
			snprintf(pre, sizeof(pre), "%s: ", c->doc);
		else
			pre[0] = '\0';
		run_with(&r, i, both);
		snprintf(want, sizeof(want), "gavel-verify: %s--stake-table: "
		    "give the trusted table one way: --stake-table, or "
		    "--trust-root with --chain\n", pre);
		cr_assert_eq(r.status, 2, "%s", c->name);
		cr_assert_str_eq(r.err, want, "%s", c->name);
		gvt_run_free(&r);
		run_with(&r, i, half);
		snprintf(want, sizeof(want), "gavel-verify: %s--trust-root: "
		    "missing: --trust-root and --chain come together (the digest "
		    "trusted and the chain from it to %s epoch)\n", pre,
		    c->whose);
		cr_assert_eq(r.status, 2, "%s", c->name);
		cr_assert_str_eq(r.err, want, "%s", c->name);
		gvt_run_free(&r);
		run_with(&r, i, badhex);
		cr_assert_eq(r.status, 2, "%s", c->name);
		cr_assert_str_eq(r.err, "gavel-verify: --trust-root: must be 64 "
		    "lowercase hex digits\n", "%s", c->name);
		gvt_run_free(&r);
	}
}

/* Where a table is required, none at all is a usage error that says so. */
Test(trust_every, no_table_where_one_is_required)
{
	const char *none[] = { NULL };
	struct gvt_run r;

	run_with(&r, 3, none);
	cr_assert_str_eq(cmds[3].name, "receipt");
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: --stake-table: required: a "
	    "receipt binds only under an allocation certified by the stake "
	    "table you trust (or --trust-root with --chain)\n");
	gvt_run_free(&r);
	run_with(&r, 6, none);
	cr_assert_str_eq(cmds[6].name, "settle");
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: --stake-table: required: the "
	    "commitment's block is certified against the stake table you "
	    "trust\n");
	gvt_run_free(&r);
	/* allocation needs none: no table, nothing said about one */
	run_with(&r, 0, none);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_null(strstr(r.out, "stake table"), "%s", r.out);
	gvt_run_free(&r);
}

/* A table of another marketplace or epoch than the document's. */
Test(trust_every, a_table_for_another_epoch_is_not_the_documents)
{
	const char *alloc[] = { gvt_bin("gavel-verify"), "allocation",
		CH ".json", CH ".weak.json", "--stake-table",
		"corpus/slashing-world/stake-table.json", NULL };
	const char *chal[] = { gvt_bin("gavel-verify"), "challenge",
		"--trust-root", WORLD_ROOT, "--chain", WORLD_CHAIN, CH ".json",
		CH ".weak.json", CH ".challenge.json", NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, alloc), 0);
	cr_assert_eq(r.status, 1);
	cr_assert_str_eq(r.err, "gavel-verify: " CH ".json: the bid set is for "
	    "epoch 80 of marketplace \"example\", the trusted stake table for "
	    "epoch 7 of \"demo\"\n");
	gvt_run_free(&r);
	/* a chain is walked to the document's epoch: this one stops short */
	cr_assert_eq(gvt_run(&r, chal), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: " WORLD_CHAIN ": epoch 80 is not "
	    "in the chain: it covers epochs 5 to 7\n");
	gvt_run_free(&r);
}
