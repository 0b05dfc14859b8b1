/* gavel-acceptgen.c: deterministic certified bid sets, operator documents and acceptance receipts for the corpus (formats/operator.md, formats/acceptance.md) */
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "acceptance.h"
#include "bidset.h"
#include "canon.h"
#include "cert.h"
#include "cli.h"
#include "json.h"
#include "operator.h"
#include "sig.h"
#include "stake.h"

static const char usage[] =
"usage: gavel-acceptgen OUTDIR\n"
"\n"
"Write the certified-bid-set corpus into OUTDIR/bidcert/: a stake table\n"
"of epoch 7 of marketplace \"demo\" (bidcert/stake-table.json, keys\n"
"gv_sig_test_keypair(\"gavel-acceptgen\", i), stakes 10, 20, 30, 40) and\n"
"one of epoch 5; the published bid set (bidset.json, bids b1 b2 b3) and\n"
"its quorum certificate (bidset.cert.json), the bid set with the\n"
"acknowledged bid b4 that the operator left out (bidset-full.json); the\n"
"operator document (operator.json, keys (\"gavel-acceptgen/operator\", 0\n"
"and 1)) and its certificate; acceptance receipts accept-NAME.json, one\n"
"that is honoured, omissions, and one per way a receipt proves nothing;\n"
"and the cases case-NAME.args, the arguments of \"gavel-verify bidset\",\n"
"one a line, run from the repository root (their .expect files are\n"
"written by hand). When OUTDIR/valid/hand-epoch.json exists, a stake\n"
"table and a certificate of that bid set (bidcert/hand-epoch.*) for\n"
"\"gavel-verify allocation --bidset-certificate\". Keys are public\n"
"knowledge, for fixtures only. The same OUTDIR gets the same bytes.\n"
"\n"
"options:\n"
"  -h, --help          print this help and exit\n"
"      --version       print the versions of gavel, GMP, jansson and\n"
"                      libsodium and exit\n"
"      --list-options  print the options this tool parses, one a line\n"
"\n"
"exit status:\n"
"  0  written\n"
"  2  usage error, or a malformed OUTDIR/valid/hand-epoch.json\n"
"  3  a file cannot be written\n"
"\n"
"examples:\n"
"  gavel-acceptgen corpus\n"
"  gavel-acceptgen /tmp/bc && cmp /tmp/bc/bidcert/operator.json \\\n"
"      corpus/bidcert/operator.json\n";

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "list-options", no_argument, NULL, 'L' },
	{ NULL, 0, NULL, 0 }
};

#define LABEL "gavel-acceptgen"
#define MP "demo"
#define EPOCH 7
#define DEADLINE 1796000600
#define CORPUS "corpus/bidcert/"

static const char *outdir;

static void
die(const char *what)
{
	fprintf(stderr, "gavel-acceptgen: %s\n", what);
	exit(3);
}

static void
save(const char *name, const json_t *v)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/bidcert/%s", outdir, name);
	if (json_dump_file(v, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	    (f = fopen(path, "a")) == NULL || fputc('\n', f) == EOF ||
	    fclose(f) != 0)
		die("cannot write a file");
}

static void
hexkey(const char *label, size_t i, char hex[2 * GV_PK_LEN + 1],
    unsigned char sk[GV_SK_LEN])
{
	unsigned char pk[GV_PK_LEN];

	gv_sig_test_keypair(label, i, pk, sk);
	gv_hex(hex, pk, GV_PK_LEN);
}

/* The table of epoch e of mp: test keys 0..3, stakes 10, 20, 30, 40. */
static json_t *
table(const char *mp, uint64_t e)
{
	static const char *const stakes[] = { "10", "20", "30", "40" };
	unsigned char sk[GV_SK_LEN];
	char hex[2 * GV_PK_LEN + 1];
	json_t *arr = json_array(), *t;
	size_t i;

	for (i = 0; i < 4; i++) {
		hexkey(LABEL, i, hex, sk);
		json_array_append_new(arr, json_pack("{s:s,s:s}", "key", hex,
		    "stake", stakes[i]));
	}
	t = json_pack("{s:s,s:s,s:I,s:o}", "format", GV_STAKE_FORMAT,
	    "marketplace", mp, "epoch", (json_int_t)e, "entries", arr);
	if (t == NULL)
		die("out of memory");
	return t;
}

static void
digest_self(const char *kind, const json_t *v, unsigned char out[GV_DIGEST_LEN])
{
	if (gv_digest(out, kind, json_string_value(json_object_get(v,
	    "marketplace")), (uint64_t)json_integer_value(json_object_get(v,
	    "epoch")), v) != GV_OK)
		die("cannot compute a digest");
}

/*
 * The certificate by table t of subject (kind, document), signed by the
 * entries listed in signers (-1 ends the list).
 */
static json_t *
certify(const json_t *t, const char *kind, const json_t *doc,
    const int *signers)
{
	unsigned char td[GV_DIGEST_LEN], dd[GV_DIGEST_LEN], sk[GV_SK_LEN];
	char th[2 * GV_DIGEST_LEN + 1], dh[2 * GV_DIGEST_LEN + 1];
	char hex[2 * GV_PK_LEN + 1];
	json_t *c;

	digest_self("stake-table", t, td);
	digest_self(kind, doc, dd);
	gv_hex(th, td, GV_DIGEST_LEN);
	gv_hex(dh, dd, GV_DIGEST_LEN);
	c = json_pack("{s:s,s:O,s:O,s:{s:s,s:s},s:s,s:[]}", "format",
	    GV_CERT_FORMAT, "marketplace", json_object_get(t, "marketplace"),
	    "epoch", json_object_get(t, "epoch"), "subject", "kind", kind,
	    "digest", dh, "stake_table", th, "signatures");
	if (c == NULL)
		die("out of memory");
	for (; *signers >= 0; signers++) {
		hexkey(LABEL, (size_t)*signers, hex, sk);
		if (gv_cert_sign(c, NULL, (size_t)*signers, sk) != GV_OK)
			die("cannot sign");
	}
	return c;
}

static const int quorum[] = { 1, 2, 3, -1 };	/* 90 of 100 */
static const int minority[] = { 1, 3, -1 };	/* 60 of 100: no quorum */

/* Bid id by bidder i for bundle and amount, signed for mp, epoch. */
static json_t *
bid(const char *id, size_t i, const char *bundle, const char *amount,
    const char *mp, uint64_t epoch)
{
	unsigned char sk[GV_SK_LEN];
	char hex[2 * GV_PK_LEN + 1];
	json_t *b, *arr = json_array();
	char buf[64], *tok, *save_p = NULL;

	snprintf(buf, sizeof(buf), "%s", bundle);
	for (tok = strtok_r(buf, " ", &save_p); tok != NULL;
	    tok = strtok_r(NULL, " ", &save_p))
		json_array_append_new(arr, json_string(tok));
	hexkey(LABEL "/bidder", i, hex, sk);
	b = json_pack("{s:s,s:s,s:o,s:s}", "id", id, "bidder", hex, "bundle",
	    arr, "amount", amount);
	if (b == NULL || gv_bid_sign(b, mp, epoch, sk) != GV_OK)
		die("cannot sign a bid");
	return b;
}

static json_t *
bidset(json_t *bids)
{
	json_t *bs = json_pack("{s:s,s:s,s:i,s:{s:i,s:i},s:s,s:{s:i,s:s},"
	    "s:[{s:s,s:s},{s:s,s:s}],s:o}", "format", GV_BIDSET_FORMAT,
	    "marketplace", MP, "epoch", EPOCH, "slots", "first", 7000,
	    "count", 100, "mode", "auction", "finder_fee", "bps", 500,
	    "min_improvement", "1", "rollups", "id", "r-arb", "reserve", "100",
	    "id", "r-op", "reserve", "50", "bids", bids);

	if (bs == NULL)
		die("out of memory");
	return bs;
}

/* digest("bid", mp, epoch, b without "sig") as hex. */
static void
bid_digest(const json_t *b, const char *mp, uint64_t epoch,
    char hex[2 * GV_DIGEST_LEN + 1])
{
	unsigned char d[GV_DIGEST_LEN];

	if (gv_digest_unsigned(d, "bid", mp, epoch, b) != GV_OK)
		die("cannot compute a digest");
	gv_hex(hex, d, GV_DIGEST_LEN);
}

/*
 * An acceptance of bid b (for mp, epoch) at accepted_at, signed by the
 * key (label, i), saved as accept-NAME.json; tamper 1 changes
 * accepted_at after signing, tamper 2 writes the bid digest in uppercase
 * (malformed).
 */
static void
accept(const char *name, const json_t *b, const char *mp, uint64_t epoch,
    uint64_t accepted_at, const char *label, size_t i, int tamper)
{
	unsigned char sk[GV_SK_LEN];
	char hex[2 * GV_PK_LEN + 1], dh[2 * GV_DIGEST_LEN + 1], file[256];
	json_t *a;

	bid_digest(b, mp, epoch, dh);
	hexkey(label, i, hex, sk);
	a = json_pack("{s:s,s:s,s:I,s:{s:O,s:s},s:I,s:I,s:s}", "format",
	    GV_ACCEPTANCE_FORMAT, "marketplace", mp, "epoch",
	    (json_int_t)epoch, "bid", "id", json_object_get(b, "id"), "digest",
	    dh, "accepted_at", (json_int_t)accepted_at, "deadline",
	    (json_int_t)DEADLINE, "operator", hex);
	if (a == NULL || gv_acceptance_sign(a, sk) != GV_OK)
		die("cannot sign an acceptance");
	if (tamper == 1)
		json_object_set_new(a, "accepted_at",
		    json_integer((json_int_t)accepted_at - 1));
	if (tamper == 2) {
		size_t k;

		for (k = 0; dh[k] != '\0'; k++)
			if (dh[k] >= 'a' && dh[k] <= 'f')
				dh[k] = (char)(dh[k] - 'a' + 'A');
		json_object_set_new(json_object_get(a, "bid"), "digest",
		    json_string(dh));
	}
	snprintf(file, sizeof(file), "accept-%s.json", name);
	save(file, a);
	json_decref(a);
}

static json_t *
operator_doc(uint64_t epoch, uint64_t last)
{
	unsigned char sk[GV_SK_LEN];
	char k0[2 * GV_PK_LEN + 1], k1[2 * GV_PK_LEN + 1];
	json_t *o;
	int lt;

	hexkey(LABEL "/operator", 0, k0, sk);
	hexkey(LABEL "/operator", 1, k1, sk);
	lt = strcmp(k0, k1) < 0;
	o = json_pack("{s:s,s:s,s:I,s:I,s:[s,s]}", "format",
	    GV_OPERATOR_FORMAT, "marketplace", MP, "epoch", (json_int_t)epoch,
	    "last_epoch", (json_int_t)last, "keys", lt ? k0 : k1, lt ? k1 : k0);
	if (o == NULL)
		die("out of memory");
	return o;
}

/* case-NAME.args: the arguments, one a line; NULL ends them. */
static void
args(const char *name, ...)
{
	char path[4096];
	const char *a;
	va_list ap;
	FILE *f;

	snprintf(path, sizeof(path), "%s/bidcert/case-%s.args", outdir, name);
	if ((f = fopen(path, "w")) == NULL)
		die("cannot write a file");
	va_start(ap, name);
	while ((a = va_arg(ap, const char *)) != NULL)
		fprintf(f, "%s%s\n", a[0] == '-' || strchr(a, '/') ? "" :
		    CORPUS, a);
	va_end(ap);
	if (fclose(f) != 0)
		die("cannot write a file");
}

#define TBL "--stake-table", "stake-table.json"
#define CRT "--certificate", "bidset.cert.json"
#define OPR "--operator", "operator.json", "--operator-certificate", \
	"operator.cert.json"
#define BS "bidset.json"

static void
gen(void)
{
	json_t *t = table(MP, EPOCH), *t5 = table(MP, 5), *b[4], *b2x, *bids;
	json_t *pub, *full, *op, *op5, *old, *c;
	size_t i;

	save("stake-table.json", t);
	save("stake-table-5.json", t5);
	b[0] = bid("b1", 0, "r-arb", "300", MP, EPOCH);
	b[1] = bid("b2", 1, "r-arb r-op", "500", MP, EPOCH);
	b[2] = bid("b3", 2, "r-op", "200", MP, EPOCH);
	b[3] = bid("b4", 3, "r-arb", "450", MP, EPOCH);
	/* b2 raised to 520 after the operator acknowledged it at 500 */
	b2x = bid("b2", 1, "r-arb r-op", "520", MP, EPOCH);
	bids = json_array();
	for (i = 0; i < 3; i++)
		json_array_append(bids, b[i]);
	pub = bidset(bids);
	save("bidset.json", pub);
	bids = json_array();
	for (i = 0; i < 4; i++)
		json_array_append(bids, b[i]);
	full = bidset(bids);
	save("bidset-full.json", full);
	save("bidset.cert.json", c = certify(t, "bidset", pub, quorum));
	json_decref(c);
	save("bidset-noquorum.cert.json", c = certify(t, "bidset", pub,
	    minority));
	json_decref(c);
	save("bidset-full.cert.json", c = certify(t, "bidset", full, quorum));
	json_decref(c);
	op = operator_doc(EPOCH, 99);
	save("operator.json", op);
	save("operator.cert.json", c = certify(t, "operator", op, quorum));
	json_decref(c);
	save("operator-noquorum.cert.json", c = certify(t, "operator", op,
	    minority));
	json_decref(c);
	op5 = operator_doc(5, 99);
	save("operator-5.json", op5);
	save("operator-5.cert.json", c = certify(t5, "operator", op5, quorum));
	json_decref(c);
	old = operator_doc(1, 6);
	save("operator-old.json", old);
	save("operator-old.cert.json", c = certify(t5, "operator", old,
	    quorum));
	json_decref(c);

	accept("included", b[1], MP, EPOCH, DEADLINE - 500, LABEL "/operator",
	    0, 0);
	accept("included-op1", b[0], MP, EPOCH, DEADLINE - 400, LABEL
	    "/operator", 1, 0);
	accept("omitted", b[3], MP, EPOCH, DEADLINE - 300, LABEL "/operator",
	    0, 0);
	accept("at-deadline", b[3], MP, EPOCH, DEADLINE, LABEL "/operator", 1,
	    0);
	accept("altered", b2x, MP, EPOCH, DEADLINE - 200, LABEL "/operator", 0,
	    0);
	accept("late", b[3], MP, EPOCH, DEADLINE + 1, LABEL "/operator", 0, 0);
	accept("other-epoch", b[3], MP, EPOCH + 1, DEADLINE - 300, LABEL
	    "/operator", 0, 0);
	accept("other-marketplace", b[3], "other", EPOCH, DEADLINE - 300, LABEL
	    "/operator", 0, 0);
	accept("bad-sig", b[3], MP, EPOCH, DEADLINE - 300, LABEL "/operator",
	    0, 1);
	accept("stranger", b[3], MP, EPOCH, DEADLINE - 300, LABEL "/stranger",
	    0, 0);
	accept("malformed", b[3], MP, EPOCH, DEADLINE - 300, LABEL "/operator",
	    0, 2);
	/* the operator's keys in descending order: malformed */
	json_array_insert(json_object_get(op, "keys"), 0,
	    json_array_get(json_object_get(op, "keys"), 1));
	json_array_remove(json_object_get(op, "keys"), 2);
	save("operator-unsorted.json", op);

	args("certified", TBL, CRT, BS, NULL);
	args("included", TBL, CRT, OPR, "--receipt", "accept-included.json",
	    BS, NULL);
	args("all-included", TBL, CRT, OPR, "--receipt",
	    "accept-included.json", "--receipt", "accept-included-op1.json",
	    BS, NULL);
	args("operator-epoch-5", TBL, CRT, "--operator", "operator-5.json",
	    "--operator-certificate", "operator-5.cert.json",
	    "--operator-stake-table", "stake-table-5.json", "--receipt",
	    "accept-included.json", BS, NULL);
	args("omitted", TBL, CRT, OPR, "--receipt", "accept-omitted.json", BS,
	    NULL);
	args("at-deadline", TBL, CRT, OPR, "--receipt",
	    "accept-at-deadline.json", BS, NULL);
	args("altered", TBL, CRT, OPR, "--receipt", "accept-altered.json", BS,
	    NULL);
	args("two-omitted", TBL, CRT, OPR, "--receipt", "accept-omitted.json",
	    "--receipt", "accept-included.json", "--receipt",
	    "accept-altered.json", BS, NULL);
	args("late", TBL, CRT, OPR, "--receipt", "accept-late.json", BS, NULL);
	args("other-epoch", TBL, CRT, OPR, "--receipt",
	    "accept-other-epoch.json", BS, NULL);
	args("other-marketplace", TBL, CRT, OPR, "--receipt",
	    "accept-other-marketplace.json", BS, NULL);
	args("bad-sig", TBL, CRT, OPR, "--receipt", "accept-bad-sig.json", BS,
	    NULL);
	args("stranger", TBL, CRT, OPR, "--receipt", "accept-stranger.json",
	    BS, NULL);
	args("omission-masked-by-late", TBL, CRT, OPR, "--receipt",
	    "accept-omitted.json", "--receipt", "accept-late.json", BS, NULL);
	args("bidset-noquorum", TBL, "--certificate",
	    "bidset-noquorum.cert.json", OPR, "--receipt",
	    "accept-omitted.json", BS, NULL);
	args("bidset-other", TBL, "--certificate", "bidset-full.cert.json",
	    OPR, "--receipt", "accept-omitted.json", BS, NULL);
	args("bidset-wrong-table", "--stake-table", "stake-table-5.json", CRT,
	    BS, NULL);
	args("operator-noquorum", TBL, CRT, "--operator", "operator.json",
	    "--operator-certificate", "operator-noquorum.cert.json",
	    "--receipt", "accept-omitted.json", BS, NULL);
	args("operator-as-bidset", TBL, "--certificate", "operator.cert.json",
	    BS, NULL);
	args("operator-expired", TBL, CRT, "--operator", "operator-old.json",
	    "--operator-certificate", "operator-old.cert.json",
	    "--operator-stake-table", "stake-table-5.json", "--receipt",
	    "accept-omitted.json", BS, NULL);
	args("receipt-without-operator", TBL, CRT, "--receipt",
	    "accept-omitted.json", BS, NULL);
	args("malformed-receipt", TBL, CRT, OPR, "--receipt",
	    "accept-malformed.json", BS, NULL);
	args("malformed-operator", TBL, CRT, "--operator",
	    "operator-unsorted.json", "--operator-certificate",
	    "operator.cert.json", "--receipt", "accept-omitted.json", BS, NULL);

	for (i = 0; i < 4; i++)
		json_decref(b[i]);
	json_decref(b2x);
	json_decref(pub);
	json_decref(full);
	json_decref(op);
	json_decref(op5);
	json_decref(old);
	json_decref(t);
	json_decref(t5);
}

/* A table and a certificate of OUTDIR/valid/hand-epoch.json, if there. */
static int
hand(void)
{
	char path[4096];
	struct gv_err e;
	json_t *bs, *t, *c;

	snprintf(path, sizeof(path), "%s/valid/hand-epoch.json", outdir);
	if (access(path, R_OK) != 0)
		return 0;
	if (gv_json_load(path, GV_BIDSET_MAX_BYTES, &bs, &e) != GV_OK ||
	    !json_is_string(json_object_get(bs, "marketplace")) ||
	    !json_is_integer(json_object_get(bs, "epoch"))) {
		fprintf(stderr, "gavel-acceptgen: %s: not a bid set\n", path);
		json_decref(bs);
		return 2;
	}
	t = table(json_string_value(json_object_get(bs, "marketplace")),
	    (uint64_t)json_integer_value(json_object_get(bs, "epoch")));
	save("hand-epoch.stake-table.json", t);
	save("hand-epoch.cert.json", c = certify(t, "bidset", bs, quorum));
	json_decref(c);
	save("hand-epoch-noquorum.cert.json", c = certify(t, "bidset", bs,
	    minority));
	json_decref(c);
	json_decref(t);
	json_decref(bs);
	return 0;
}

int
main(int argc, char **argv)
{
	static const char shortopts[] = ":h";
	char path[4096];
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return 0;
		case 'V':
			gv_cli_version("gavel-acceptgen", NULL);
			return 0;
		case 'L':
			gv_cli_list_options(longopts, shortopts);
			return 0;
		default:
			return gv_cli_bad_option("gavel-acceptgen",
			    "gavel-acceptgen OUTDIR", c, argv);
		}
	}
	if (argc - optind != 1)
		return gv_cli_usage("gavel-acceptgen", "gavel-acceptgen OUTDIR",
		    NULL);
	if (gv_sig_init() != 0)
		die("libsodium failed to start");
	outdir = argv[optind];
	snprintf(path, sizeof(path), "%s/bidcert", outdir);
	if ((mkdir(outdir, 0777) != 0 && errno != EEXIST) ||
	    (mkdir(path, 0777) != 0 && errno != EEXIST))
		die("cannot create a directory");
	gen();
	return hand();
}
