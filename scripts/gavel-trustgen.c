/* gavel-trustgen.c: deterministic stake-table chains and delegations for the corpus (formats/stake-chain.md, formats/delegation.md) */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "canon.h"
#include "cert.h"
#include "chain.h"
#include "cli.h"
#include "delegation.h"
#include "json.h"
#include "receipt.h"
#include "sig.h"
#include "stake.h"
#include "version.h"

static const char usage[] =
"usage: gavel-trustgen OUTDIR\n"
"\n"
"Write the trust corpus into OUTDIR. Stake-table chains\n"
"(formats/stake-chain.md) in valid/ and adversarial/: chains of 0, 3 and\n"
"50 hand-offs (chain-50.root holds its genesis digest) and one broken\n"
"chain per way a chain can break; the table of epoch e holds the test\n"
"keys e to e+3 with stakes 10, 20, 30, 40, so every hand-off moves the\n"
"validator set by one. Delegations (formats/delegation.md) in receipts/:\n"
"via-NAME.delegation.json and via-NAME.receipt.json, a gateway's receipt\n"
"under the slashing world's allocation (receipts/allocation.json), one\n"
"pair that binds and one per way it can fail to. When\n"
"OUTDIR/slashing-world/stake-table.json exists (gavel-world's), a chain\n"
"from a genesis at epoch 5 to that table at epoch 7 in\n"
"OUTDIR/slashing-world/chain.json, its genesis digest in chain.root.\n"
"Likewise, for each of valid/cert-block.table.json,\n"
"valid/cert-allocation.table.json, valid/challenge-epoch.table.json,\n"
"bidcert/stake-table.json (trust/bidcert.*) and\n"
"bidcert/hand-epoch.stake-table.json (trust/bidcert-hand.*)\n"
"present in OUTDIR, a chain of two hand-offs to it in trust/NAME.chain.json\n"
"and its genesis digest in trust/NAME.root.\n"
"Keys are gv_sig_test_keypair(\"gavel-trustgen\", i) and, for the\n"
"world's sequencers, (\"gavel-world/sequencer\", i): public knowledge,\n"
"for fixtures only. The same OUTDIR gets the same bytes.\n"
"\n"
"options:\n"
"  -h, --help          print this help and exit\n"
"      --version       print the versions of gavel, GMP, jansson and\n"
"                      libsodium and exit\n"
"      --list-options  print the options this tool parses, one a line\n"
"\n"
"exit status:\n"
"  0  written\n"
"  2  usage error\n"
"  3  a file cannot be written\n"
"\n"
"examples:\n"
"  gavel-trustgen corpus\n"
"  gavel-trustgen /tmp/trust && cmp /tmp/trust/valid/chain-3.json \\\n"
"      corpus/valid/chain-3.json\n";

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "list-options", no_argument, NULL, 'L' },
	{ NULL, 0, NULL, 0 }
};

#define LABEL "gavel-trustgen"

/* Signer sets by index into a table's four entries (stakes 10..40). */
static const size_t quorum[] = { 1, 2, 3 };	/* 90 of 100 */
static const size_t minority[] = { 1, 3 };	/* 60 of 100: no quorum */

static const char *outdir;

static void
die(const char *what)
{
	fprintf(stderr, "gavel-trustgen: %s\n", what);
	exit(3);
}

/* The table of epoch e: test keys e..e+3; stakes shifted by `twist`. */
static json_t *
table(const char *mp, uint64_t e, int twist)
{
	static const char *const stakes[] = { "10", "20", "30", "40" };
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];
	char hex[2 * GV_PK_LEN + 1];
	json_t *arr = json_array(), *t;
	size_t i;

	for (i = 0; i < 4; i++) {
		gv_sig_test_keypair(LABEL, e + i, pk, sk);
		gv_hex(hex, pk, GV_PK_LEN);
		json_array_append_new(arr, json_pack("{s:s,s:s}", "key", hex,
		    "stake", stakes[(i + (size_t)twist) % 4]));
	}
	t = json_pack("{s:s,s:s,s:I,s:o}", "format", GV_STAKE_FORMAT,
	    "marketplace", mp, "epoch", (json_int_t)e, "entries", arr);
	if (t == NULL)
		die("out of memory");
	return t;
}

static void
digest_of(const json_t *t, unsigned char out[GV_DIGEST_LEN])
{
	if (gv_digest(out, "stake-table", json_string_value(json_object_get(t,
	    "marketplace")), (uint64_t)json_integer_value(json_object_get(t,
	    "epoch")), t) != GV_OK)
		die("cannot compute a digest");
}

/*
 * The certificate by table `by` (whose first key index is its epoch) of
 * subject table `of`, signed by the entries in signers[].
 */
static json_t *
handoff_cert(const json_t *by, const json_t *of, const size_t *signers,
    size_t n)
{
	unsigned char bd[GV_DIGEST_LEN], od[GV_DIGEST_LEN];
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];
	char bh[2 * GV_DIGEST_LEN + 1], oh[2 * GV_DIGEST_LEN + 1];
	uint64_t e = (uint64_t)json_integer_value(json_object_get(by, "epoch"));
	json_t *c;
	size_t i;

	digest_of(by, bd);
	digest_of(of, od);
	gv_hex(bh, bd, GV_DIGEST_LEN);
	gv_hex(oh, od, GV_DIGEST_LEN);
	c = json_pack("{s:s,s:s,s:I,s:{s:s,s:s},s:s,s:[]}", "format",
	    GV_CERT_FORMAT, "marketplace", json_string_value(json_object_get(by,
	    "marketplace")), "epoch", (json_int_t)e, "subject", "kind",
	    "stake-table", "digest", oh, "stake_table", bh, "signatures");
	if (c == NULL)
		die("out of memory");
	for (i = 0; i < n; i++) {
		gv_sig_test_keypair(LABEL, e + signers[i], pk, sk);
		if (gv_cert_sign(c, NULL, signers[i], sk) != GV_OK)
			die("cannot sign");
	}
	return c;
}

static json_t *
mklink(json_t *t, json_t *c)
{
	json_t *l = json_pack("{s:o,s:o}", "table", t, "certificate", c);

	if (l == NULL)
		die("out of memory");
	return l;
}

/* An honest chain of n hand-offs from epoch 0 for marketplace mp. */
static json_t *
honest(const char *mp, size_t n)
{
	json_t *g = table(mp, 0, 0), *prev = g, *links = json_array(), *t, *ch;
	size_t i;

	for (i = 1; i <= n; i++) {
		t = table(mp, i, 0);
		json_array_append_new(links, mklink(t, handoff_cert(prev, t,
		    quorum, 3)));
		prev = t;
	}
	ch = json_pack("{s:s,s:s,s:o,s:o}", "format", GV_CHAIN_FORMAT,
	    "marketplace", mp, "genesis", g, "handoffs", links);
	if (ch == NULL)
		die("out of memory");
	return ch;
}

static json_t *
handoffs(json_t *ch)
{
	return json_object_get(ch, "handoffs");
}

static json_t *
table_at(json_t *ch, size_t i)
{
	return json_object_get(json_array_get(handoffs(ch), i), "table");
}

static void
save(const char *dir, const char *name, const json_t *v)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", outdir, dir, name);
	if (json_dump_file(v, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	    (f = fopen(path, "a")) == NULL || fputc('\n', f) == EOF ||
	    fclose(f) != 0)
		die("cannot write a file");
}

static void
save_root(const char *dir, const char *name, const json_t *ch)
{
	unsigned char d[GV_DIGEST_LEN];
	char path[4096], hex[2 * GV_DIGEST_LEN + 1];
	FILE *f;

	digest_of(json_object_get(ch, "genesis"), d);
	gv_hex(hex, d, GV_DIGEST_LEN);
	snprintf(path, sizeof(path), "%s/%s/%s", outdir, dir, name);
	if ((f = fopen(path, "w")) == NULL || fprintf(f, "%s\n", hex) < 0 ||
	    fclose(f) != 0)
		die("cannot write a file");
}

static void
mkdirs(void)
{
	static const char *const d[] = { "valid", "adversarial", "receipts",
		"trust" };
	char path[4096];
	size_t i;

	if (mkdir(outdir, 0777) != 0 && errno != EEXIST)
		die("cannot create OUTDIR");
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s", outdir, d[i]);
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			die("cannot create a directory");
	}
}

static void
valid(void)
{
	json_t *c;

	c = honest("demo", 0);
	save("valid", "chain-0.json", c);
	json_decref(c);
	c = honest("demo", 3);
	save("valid", "chain-3.json", c);
	json_decref(c);
	c = honest("demo", 50);
	save("valid", "chain-50.json", c);
	save_root("valid", "chain-50.root", c);
	json_decref(c);
}

static void
adversarial(void)
{
	json_t *c, *o, *t, *sib;

	/* gap: epoch 3 left out, epoch 4 certified by epoch 2's table */
	c = honest("demo", 5);
	t = table("demo", 4, 0);
	json_array_set_new(handoffs(c), 2, mklink(t, handoff_cert(table_at(c, 1),
	    t, quorum, 3)));
	json_array_remove(handoffs(c), 3);
	json_array_remove(handoffs(c), 3);
	save("adversarial", "chain-gap.json", c);
	json_decref(c);

	/* fork: a second table for epoch 2, validly certified by epoch 1's */
	c = honest("demo", 3);
	t = table("demo", 2, 1);
	json_array_set_new(handoffs(c), 2, mklink(t, handoff_cert(table_at(c, 0),
	    t, quorum, 3)));
	save("adversarial", "chain-fork.json", c);
	json_decref(c);

	/* a hand-off signed by 60 of 100: no quorum */
	c = honest("demo", 3);
	t = json_incref(table_at(c, 1));
	json_array_set_new(handoffs(c), 1, mklink(t, handoff_cert(table_at(c, 0),
	    t, minority, 2)));
	save("adversarial", "chain-no-quorum.json", c);
	json_decref(c);

	/* a table of another marketplace's chain spliced in */
	c = honest("demo", 3);
	o = honest("other", 3);
	json_array_set(handoffs(c), 1, json_array_get(handoffs(o), 1));
	save("adversarial", "chain-other-marketplace.json", c);
	json_decref(o);
	json_decref(c);

	/* the right table, but the other marketplace's hand-off certificate */
	c = honest("demo", 3);
	o = honest("other", 3);
	json_object_set(json_array_get(handoffs(c), 1), "certificate",
	    json_object_get(json_array_get(handoffs(o), 1), "certificate"));
	save("adversarial", "chain-replayed-handoff.json", c);
	json_decref(o);
	json_decref(c);

	/* epoch 2 certified by a sibling epoch-1 table, not the chain's */
	c = honest("demo", 3);
	sib = table("demo", 1, 2);
	t = json_incref(table_at(c, 1));
	json_array_set_new(handoffs(c), 1, mklink(t, handoff_cert(sib, t, quorum,
	    3)));
	save("adversarial", "chain-wrong-predecessor.json", c);
	json_decref(sib);
	json_decref(c);

	/* a certificate of another table than the one beside it */
	c = honest("demo", 3);
	sib = table("demo", 2, 3);
	json_object_set_new(json_array_get(handoffs(c), 1), "certificate",
	    handoff_cert(table_at(c, 0), sib, quorum, 3));
	save("adversarial", "chain-wrong-subject.json", c);
	json_decref(sib);
	json_decref(c);
}

/* The slashing world's sequencer i (formats/evidence.md's corpus). */
static void
world_seq(size_t i, unsigned char pk[GV_PK_LEN], unsigned char sk[GV_SK_LEN])
{
	gv_sig_test_keypair("gavel-world/sequencer", i, pk, sk);
}

static json_t *
delegation(uint64_t epoch, const unsigned char seq[GV_PK_LEN],
    const unsigned char gw[GV_PK_LEN], const char *rollup, uint64_t first,
    uint64_t count, const unsigned char signer_sk[GV_SK_LEN])
{
	char sh[2 * GV_PK_LEN + 1], gh[2 * GV_PK_LEN + 1];
	json_t *d;

	gv_hex(sh, seq, GV_PK_LEN);
	gv_hex(gh, gw, GV_PK_LEN);
	d = json_pack("{s:s,s:s,s:I,s:s,s:s,s:[s],s:{s:I,s:I}}", "format",
	    GV_DELEGATION_FORMAT, "marketplace", "demo", "epoch",
	    (json_int_t)epoch, "sequencer", sh, "gateway", gh, "rollups", rollup,
	    "slots", "first", (json_int_t)first, "count", (json_int_t)count);
	if (d == NULL || gv_delegation_sign(d, signer_sk) != GV_OK)
		die("cannot build a delegation");
	return d;
}

static json_t *
gw_receipt(const char *rollup, uint64_t slot,
    const unsigned char pk[GV_PK_LEN], const unsigned char sk[GV_SK_LEN])
{
	char kh[2 * GV_PK_LEN + 1], tx[2 * GV_DIGEST_LEN + 1];
	unsigned char h[GV_DIGEST_LEN];
	json_t *r;

	gv_hex(kh, pk, GV_PK_LEN);
	gv_sha256(h, "gateway tx", 10);
	gv_hex(tx, h, GV_DIGEST_LEN);
	r = json_pack("{s:s,s:s,s:I,s:s,s:I,s:s,s:{s:s,s:I,s:s}}", "format",
	    GV_RECEIPT_FORMAT, "marketplace", "demo", "epoch", (json_int_t)7,
	    "rollup", rollup, "slot", (json_int_t)slot, "sequencer", kh,
	    "promise", "kind", "tx", "position", (json_int_t)0, "tx", tx);
	if (r == NULL || gv_receipt_sign(r, sk) != GV_OK)
		die("cannot build a receipt");
	return r;
}

static void
save_via(const char *name, json_t *d, json_t *r)
{
	char f[256];

	snprintf(f, sizeof(f), "via-%s.delegation.json", name);
	save("receipts", f, d);
	snprintf(f, sizeof(f), "via-%s.receipt.json", name);
	save("receipts", f, r);
	json_decref(d);
	json_decref(r);
}

/*
 * The world schedules sequencer 0 for r-arb and r-op in slots 7000..7099 of
 * epoch 7 and sequencer 1 for r-zk; sequencer 0 hands r-arb in slots
 * 7000..7049 to a gateway.
 */
static void
delegations(void)
{
	unsigned char s0[GV_PK_LEN], s0k[GV_SK_LEN], s1[GV_PK_LEN];
	unsigned char s1k[GV_SK_LEN], gw[GV_PK_LEN], gwk[GV_SK_LEN];
	unsigned char ot[GV_PK_LEN], otk[GV_SK_LEN];

	world_seq(0, s0, s0k);
	world_seq(1, s1, s1k);
	gv_sig_test_keypair(LABEL "/gateway", 0, gw, gwk);
	gv_sig_test_keypair(LABEL "/gateway", 1, ot, otk);
	save_via("gateway", delegation(7, s0, gw, "r-arb", 7000, 50, s0k),
	    gw_receipt("r-arb", 7003, gw, gwk));
	save_via("outside-range", delegation(7, s0, gw, "r-arb", 7000, 50,
	    s0k), gw_receipt("r-arb", 7060, gw, gwk));
	save_via("other-rollup", delegation(7, s0, gw, "r-arb", 7000, 50, s0k),
	    gw_receipt("r-op", 7003, gw, gwk));
	save_via("other-gateway", delegation(7, s0, gw, "r-arb", 7000, 50,
	    s0k), gw_receipt("r-arb", 7003, ot, otk));
	/* signed by the gateway itself: it cannot grant itself rights */
	save_via("self-granted", delegation(7, s0, gw, "r-arb", 7000, 50, gwk),
	    gw_receipt("r-arb", 7003, gw, gwk));
	/* sequencer 1 hands over a rollup it was never scheduled for */
	save_via("unscheduled", delegation(7, s1, gw, "r-arb", 7000, 50, s1k),
	    gw_receipt("r-arb", 7003, gw, gwk));
	save_via("other-epoch", delegation(8, s0, gw, "r-arb", 7000, 50, s0k),
	    gw_receipt("r-arb", 7003, gw, gwk));
}

/*
 * A chain that ends in the slashing world's own table (epoch 7): what an
 * auditor holding only a genesis digest checks evidence against.
 */
static void
world_chain(void)
{
	char path[4096];
	json_error_t je;
	json_t *world, *g, *t6, *links, *ch;
	FILE *f;

	snprintf(path, sizeof(path), "%s/slashing-world/stake-table.json",
	    outdir);
	if ((f = fopen(path, "r")) == NULL)
		return;
	fclose(f);
	if ((world = json_load_file(path, JSON_REJECT_DUPLICATES, &je)) == NULL)
		die("cannot read slashing-world/stake-table.json");
	g = table("demo", 5, 0);
	t6 = table("demo", 6, 0);
	links = json_array();
	json_array_append_new(links, mklink(json_incref(t6), handoff_cert(g, t6,
	    quorum, 3)));
	json_array_append_new(links, mklink(world, handoff_cert(t6, world,
	    quorum, 3)));
	ch = json_pack("{s:s,s:s,s:o,s:o}", "format", GV_CHAIN_FORMAT,
	    "marketplace", "demo", "genesis", g, "handoffs", links);
	if (ch == NULL)
		die("out of memory");
	save("slashing-world", "chain.json", ch);
	save_root("slashing-world", "chain.root", ch);
	json_decref(t6);
	json_decref(ch);
}

/*
 * A chain of two hand-offs, from a genesis table two epochs before it, to
 * the table OUTDIR/src (when it exists): trust/NAME.chain.json and its
 * genesis digest in trust/NAME.root, so that every command's corpus can
 * be checked from one digest. twist sets the stakes of the two tables
 * before it, so that worlds sharing a marketplace and an epoch do not
 * share a genesis either.
 */
static void
chain_to(const char *src, const char *name, int twist)
{
	char path[4096], f[256];
	json_error_t je;
	json_t *end, *g, *t1, *links, *ch;
	uint64_t e;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", outdir, src);
	if ((fp = fopen(path, "r")) == NULL)
		return;
	fclose(fp);
	if ((end = json_load_file(path, JSON_REJECT_DUPLICATES, &je)) == NULL ||
	    !json_is_integer(json_object_get(end, "epoch")) ||
	    json_integer_value(json_object_get(end, "epoch")) < 2 ||
	    !json_is_string(json_object_get(end, "marketplace")))
		die("cannot read a stake table to chain to");
	e = (uint64_t)json_integer_value(json_object_get(end, "epoch"));
	g = table(json_string_value(json_object_get(end, "marketplace")), e - 2,
	    twist);
	t1 = table(json_string_value(json_object_get(end, "marketplace")), e - 1,
	    twist);
	links = json_array();
	json_array_append_new(links, mklink(json_incref(t1), handoff_cert(g, t1,
	    quorum, 3)));
	json_array_append_new(links, mklink(json_incref(end), handoff_cert(t1,
	    end, quorum, 3)));
	ch = json_pack("{s:s,s:O,s:o,s:o}", "format", GV_CHAIN_FORMAT,
	    "marketplace", json_object_get(end, "marketplace"), "genesis", g,
	    "handoffs", links);
	if (ch == NULL)
		die("out of memory");
	snprintf(f, sizeof(f), "%s.chain.json", name);
	save("trust", f, ch);
	snprintf(f, sizeof(f), "%s.root", name);
	save_root("trust", f, ch);
	json_decref(t1);
	json_decref(end);
	json_decref(ch);
}

int
main(int argc, char **argv)
{
	static const char shortopts[] = ":h";
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return 0;
		case 'V':
			gv_cli_version("gavel-trustgen", NULL);
			return 0;
		case 'L':
			gv_cli_list_options(longopts, shortopts);
			return 0;
		default:
			return gv_cli_bad_option("gavel-trustgen",
			    "gavel-trustgen OUTDIR", c, argv);
		}
	}
	if (argc - optind != 1)
		return gv_cli_usage("gavel-trustgen", "gavel-trustgen OUTDIR",
		    NULL);
	if (gv_sig_init() != 0)
		die("libsodium failed to start");
	outdir = argv[optind];
	mkdirs();
	valid();
	adversarial();
	delegations();
	world_chain();
	/* quorum signers 1, 2, 3 hold 80 (twist 1) and 70 (twist 2) of 100 */
	chain_to("valid/cert-block.table.json", "cert-block", 1);
	chain_to("valid/cert-allocation.table.json", "cert-allocation", 2);
	chain_to("valid/challenge-epoch.table.json", "challenge-epoch", 0);
	chain_to("bidcert/stake-table.json", "bidcert", 0);
	chain_to("bidcert/hand-epoch.stake-table.json", "bidcert-hand", 0);
	return 0;
}
