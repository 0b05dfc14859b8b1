/* gavel-lottery-gen.c: deterministic lottery epochs, their beacon block, certificate and stake table (formats/bidset-lottery.md) */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <jansson.h>

#include "atomic.h"
#include "canon.h"
#include "cert.h"
#include "cli.h"
#include "json.h"
#include "lottery_bidset.h"
#include "sig.h"
#include "stake.h"

static const char synopsis[] = "gavel-lottery-gen [options] OUTDIR";

static const char usage[] =
"usage: gavel-lottery-gen [options] OUTDIR\n"
"\n"
"Write a signed lottery bid set (gavel.bidset.v4, formats/bidset-lottery.md)\n"
"and the pieces its beacon needs into OUTDIR: NAME.json (the bid set),\n"
"NAME.beacon-block.json (the header of the block the bid set names, slot\n"
"slots.first - 10 of the first rollup, in epoch EPOCH - 1),\n"
"NAME.beacon-cert.json (its quorum certificate) and NAME.stake-table.json\n"
"(the table of the bid set's epoch it is counted in). The same options give the same\n"
"bytes. Keys are gv_sig_test_keypair(\"gavel-lottery-gen/SEED\", bidder)\n"
"and gv_sig_test_keypair(\"gavel-lottery-gen/validators\", i): public\n"
"knowledge, for fixtures only, never for value.\n"
"\n"
"options:\n"
"  --name NAME        file name stem (default \"lottery-large\")\n"
"  --seed N           random stream (default 1)\n"
"  --rollups N        rollups, 1 to 256 (default 30)\n"
"  --purchases N      purchases, 0 to 16384 (default 300)\n"
"  --bidders N        distinct buyers (default purchases/5, at least 1)\n"
"  --slots N          slots of the epoch, 1 to 1024 (default 100)\n"
"  --max-bundle N     largest bundle (default 3, at most the rollups)\n"
"  --max-tickets N    tickets per purchase, 1 to N (default 10)\n"
"  --xor PERCENT      share of purchases in a buyer's XOR group (default 20)\n"
"  --epoch N          the epoch, at least 1 (default 1)\n"
"  --marketplace ID   the marketplace (default \"example\")\n"
"  --price N          the ticket price (default 1000)\n"
"  --target N         the target tickets (default 1000)\n"
"  --validators N     validators of equal stake, 1 to 100, all signing\n"
"                     (default 4)\n"
"  -h, --help         print this help and exit\n"
"  --version          print the versions of gavel, GMP, jansson and\n"
"                     libsodium and exit\n"
"  --list-options     print the options this tool parses, one a line\n"
"\n"
"exit status:\n"
"  0  written\n"
"  2  usage error or an option out of range\n"
"  3  internal failure (a file cannot be written, out of memory)\n"
"\n"
"examples (the first rebuilds the corpus's lottery epoch byte for byte):\n"
"  gavel-lottery-gen /tmp/lot && cmp /tmp/lot/lottery-large.json \\\n"
"      corpus/valid/lottery-large.json\n"
"  gavel-lottery-gen --rollups 8 --purchases 40 --slots 16 --name small \\\n"
"      /tmp/lot\n";

static unsigned long long rng;

/* splitmix64, as gavel-gen */
static unsigned long long
next(void)
{
	unsigned long long z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned long
below(unsigned long n)
{
	return n ? (unsigned long)(next() % n) : 0;
}

static const char *const eco[] = { "arb", "base", "op", "scroll", "zk",
	"linea", "taiko", "blast" };

static int
cmpint(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static int
write_doc(const char *dir, const char *name, const char *suffix,
    const json_t *doc)
{
	char path[4096], *text;
	struct gv_err e = { 0, "" };
	int rc;

	snprintf(path, sizeof(path), "%s/%s%s", dir, name, suffix);
	if ((text = gv_json_text(doc, JSON_INDENT(2))) == NULL)
		return 3;
	rc = gv_write_atomic(path, text, strlen(text), &e);
	free(text);
	if (rc != GV_OK) {
		gv_err_print("gavel-lottery-gen", &e);
		return 3;
	}
	return 0;
}

static json_t *
hexj(const unsigned char *p, size_t n)
{
	char h[129];

	gv_hex(h, p, n);
	return json_string(h);
}

/* The beacon: a block header, a stake table and a certificate of all validators. */
static int
beacon(const char *dir, const char *name, const char *mkt,
    unsigned long long epoch, const char *rollup, unsigned long long slot,
    long nval)
{
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN], d[GV_DIGEST_LEN];
	unsigned char empty[GV_DIGEST_LEN];
	struct gv_stake_table t;
	struct gv_err e = { 0, "" };
	json_t *block, *table, *entries, *cert;
	char seed[96];
	long i;
	int rc;

	gv_sha256(empty, "", 0);
	snprintf(seed, sizeof(seed), "gavel-lottery-gen parent %s %llu",
	    rollup, slot);
	gv_sha256(d, seed, strlen(seed));
	gv_sig_test_keypair("gavel-lottery-gen/sequencer", slot, pk, sk);
	block = json_pack("{s:s, s:s, s:I, s:s, s:I, s:o, s:o, s:i, s:o, "
	    "s:o}", "format", "gavel.block.v1", "marketplace", mkt, "epoch",
	    (json_int_t)(epoch - 1), "rollup", rollup, "slot",
	    (json_int_t)slot, "parent", hexj(d, GV_DIGEST_LEN), "sequencer",
	    hexj(pk, GV_PK_LEN), "tx_count", 0, "tx_root",
	    hexj(empty, GV_DIGEST_LEN), "state_root",
	    hexj(empty, GV_DIGEST_LEN));
	entries = json_array();
	for (i = 0; i < nval; i++) {
		gv_sig_test_keypair("gavel-lottery-gen/validators",
		    (unsigned long long)i, pk, sk);
		json_array_append_new(entries, json_pack("{s:o, s:s}", "key",
		    hexj(pk, GV_PK_LEN), "stake", "1"));
	}
	/* the lottery epoch's validators certify its beacon */
	table = json_pack("{s:s, s:s, s:I, s:o}", "format",
	    "gavel.stake-table.v1", "marketplace", mkt, "epoch",
	    (json_int_t)epoch, "entries", entries);
	if (block == NULL || table == NULL)
		return 3;
	if (gv_digest(d, "block", mkt, epoch - 1, block) != GV_OK ||
	    gv_stake_from_json(json_incref(table), "table", &t, &e) != GV_OK)
		return 3;
	cert = json_pack("{s:s, s:s, s:I, s:{s:s, s:o}, s:o, s:[]}", "format",
	    GV_CERT_FORMAT, "marketplace", mkt, "epoch", (json_int_t)epoch,
	    "subject", "kind", "block", "digest", hexj(d, GV_DIGEST_LEN),
	    "stake_table", hexj(t.digest, GV_DIGEST_LEN), "signatures");
	for (i = 0; cert != NULL && i < nval; i++) {
		gv_sig_test_keypair("gavel-lottery-gen/validators",
		    (unsigned long long)i, pk, sk);
		if (gv_cert_sign(cert, &t, (size_t)i, sk) != GV_OK)
			return 3;
	}
	gv_stake_free(&t);
	if (cert == NULL)
		return 3;
	rc = write_doc(dir, name, ".beacon-block.json", block);
	if (rc == 0)
		rc = write_doc(dir, name, ".stake-table.json", table);
	if (rc == 0)
		rc = write_doc(dir, name, ".beacon-cert.json", cert);
	json_decref(block);
	json_decref(table);
	json_decref(cert);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "rollups", required_argument, NULL, 'r' },
		{ "purchases", required_argument, NULL, 'p' },
		{ "bidders", required_argument, NULL, 'B' },
		{ "slots", required_argument, NULL, 'S' },
		{ "max-bundle", required_argument, NULL, 'k' },
		{ "max-tickets", required_argument, NULL, 'T' },
		{ "xor", required_argument, NULL, 'x' },
		{ "epoch", required_argument, NULL, 'e' },
		{ "marketplace", required_argument, NULL, 'm' },
		{ "price", required_argument, NULL, 'P' },
		{ "target", required_argument, NULL, 'g' },
		{ "validators", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "list-options", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	static const char shortopts[] = ":h";
	unsigned long long seed = 1, epoch = 1, price = 1000, target = 1000;
	long nroll = 30, npur = 300, nbidders = -1, nslots = 100, maxb = 3,
	    maxt = 10, xorp = 20, nval = 4;
	const char *mkt = "example", *name = "lottery-large";
	char label[64], id[32], hex[2 * GV_PK_LEN + 1], rid[32];
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];
	json_t *root, *rollups, *pur, *lot;
	int c, *bun, i, j, k, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, lo, NULL)) != -1) {
		switch (c) {
		case 'n': name = optarg; break;
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 'r': nroll = atol(optarg); break;
		case 'p': npur = atol(optarg); break;
		case 'B': nbidders = atol(optarg); break;
		case 'S': nslots = atol(optarg); break;
		case 'k': maxb = atol(optarg); break;
		case 'T': maxt = atol(optarg); break;
		case 'x': xorp = atol(optarg); break;
		case 'e': epoch = strtoull(optarg, NULL, 10); break;
		case 'm': mkt = optarg; break;
		case 'P': price = strtoull(optarg, NULL, 10); break;
		case 'g': target = strtoull(optarg, NULL, 10); break;
		case 'v': nval = atol(optarg); break;
		case 'h': fputs(usage, stdout); return 0;
		case 'V': gv_cli_version("gavel-lottery-gen", NULL); return 0;
		case 'L': gv_cli_list_options(lo, shortopts); return 0;
		default:
			return gv_cli_bad_option("gavel-lottery-gen", synopsis,
			    c, argv);
		}
	}
	if (argc - optind != 1)
		return gv_cli_usage("gavel-lottery-gen", synopsis, NULL);
	if (nroll < 1 || nroll > GV_LOTTERY_MAX_ROLLUPS || npur < 0 ||
	    npur > GV_LOTTERY_MAX_PURCHASES || nslots < 1 ||
	    nslots > GV_LOTTERY_MAX_SLOTS || maxb < 1 || maxt < 1 ||
	    maxt > 1000000 || xorp < 0 || xorp > 100 || epoch < 1 ||
	    epoch > 1000000 || target < 1 || nval < 1 || nval > 100) {
		fputs("gavel-lottery-gen: option out of range\n", stderr);
		return 2;
	}
	if (maxb > nroll)
		maxb = nroll;
	if (maxb > GV_MAX_BUNDLE - 8)
		maxb = GV_MAX_BUNDLE - 8;
	if (nbidders < 1)
		nbidders = npur / 5 > 0 ? npur / 5 : 1;
	if (gv_sig_init() != 0)
		return 3;
	rng = seed;
	snprintf(label, sizeof(label), "gavel-lottery-gen/%llu", seed);
	bun = calloc((size_t)maxb, sizeof(int));
	rollups = json_array();
	pur = json_array();
	for (i = 0; i < nroll; i++) {
		/* reserves of 2 to 9 tickets: some bundles sell, some do not */
		snprintf(id, sizeof(id), "r%03d-%s", i, eco[(i / 8) % 8]);
		snprintf(hex, sizeof(hex), "%llu",
		    price * (2 + below(8)) + below(price));
		json_array_append_new(rollups, json_pack("{s:s, s:s}", "id", id,
		    "reserve", hex));
	}
	snprintf(rid, sizeof(rid), "r%03d-%s", 0, eco[0]);
	snprintf(id, sizeof(id), "%llu", price);
	lot = json_pack("{s:s, s:I, s:i, s:s, s:{s:s, s:s, s:I}}", "price",
	    id, "target", (json_int_t)target, "max_change_bps", 1250, "floor",
	    "100", "beacon", "kind", "certified-block", "rollup", rid, "slot",
	    (json_int_t)(epoch * 1000 - 10));
	for (i = 0; i < npur; i++) {
		json_t *ba = json_array(), *p;
		long bidder = (long)below((unsigned long)nbidders);
		int size = 1 + (int)below((unsigned long)maxb), n = 0, base;

		base = (int)below((unsigned long)nroll);
		while (n < size) {
			int r = below(4) ? (base / 8) * 8 + (int)below(8) :
			    (int)below((unsigned long)nroll);

			if (r >= nroll)
				r = base;
			for (j = 0; j < n && bun[j] != r; j++)
				;
			if (j == n)
				bun[n++] = r;
			else if (nroll <= size)
				break;
		}
		qsort(bun, (size_t)n, sizeof(int), cmpint);
		for (k = 0; k < n; k++) {
			snprintf(id, sizeof(id), "r%03d-%s", bun[k],
			    eco[(bun[k] / 8) % 8]);
			json_array_append_new(ba, json_string(id));
		}
		gv_sig_test_keypair(label, (unsigned long long)bidder, pk, sk);
		gv_hex(hex, pk, GV_PK_LEN);
		snprintf(id, sizeof(id), "p%05d", i);
		p = json_pack("{s:s, s:s, s:o, s:I}", "id", id, "bidder", hex,
		    "bundle", ba, "tickets",
		    (json_int_t)(1 + below((unsigned long)maxt)));
		if ((long)below(100) < xorp) {
			/* a buyer's groups: g0 or g1 */
			snprintf(id, sizeof(id), "g%lu", below(2));
			json_object_set_new(p, "xor", json_string(id));
		}
		if (gv_purchase_sign(p, lot, mkt, epoch, sk) != GV_OK)
			return 3;
		json_array_append_new(pur, p);
	}
	root = json_pack("{s:s, s:s, s:I, s:{s:I, s:I}, s:s, s:o, s:o, s:o}",
	    "format", GV_BIDSET_FORMAT_V4, "marketplace", mkt, "epoch",
	    (json_int_t)epoch, "slots", "first", (json_int_t)(epoch * 1000),
	    "count", (json_int_t)nslots, "mode", "lottery", "lottery", lot,
	    "rollups", rollups, "purchases", pur);
	if (root == NULL)
		return 3;
	rc = write_doc(argv[optind], name, ".json", root);
	if (rc == 0)
		rc = beacon(argv[optind], name, mkt, epoch, rid,
		    epoch * 1000 - 10, nval);
	json_decref(root);
	free(bun);
	return rc;
}
