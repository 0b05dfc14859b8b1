/* gavel-gen.c: deterministic signed bid sets for the corpus, tests and benchmarks (formats/bidset.md) */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <jansson.h>

#include "bidset.h"
#include "cli.h"
#include "json.h"
#include "sig.h"

static const char synopsis[] = "gavel-gen [options] > BIDSET.json";

static const char usage[] =
"usage: gavel-gen [options] > BIDSET.json\n"
"\n"
"Write a signed bid set (formats/bidset.md) to stdout: gavel.bidset.v1, or\n"
"gavel.bidset.v3 when there are more than 1024 rollups or 65536 bids (its\n"
"finder_fee adds cap 0 and window 1000). Everything follows\n"
"from the options: the same options give the same bytes. Bidder keys are\n"
"gv_sig_test_keypair(\"gavel-gen/SEED\", bidder): public knowledge, for\n"
"fixtures only, never for value.\n"
"\n"
"options:\n"
"  --seed N          random stream (default 1)\n"
"  --rollups N       rollups, in ecosystems of up to 8, 1 to 2048\n"
"                    (default 30)\n"
"  --bids N          bids, 0 to 131072 (default 300)\n"
"  --bidders N       distinct bidders (default bids/5, at least 1)\n"
"  --max-bundle N    largest bundle (default 4, at most the rollups)\n"
"  --xor PERCENT     share of bids in a bidder's XOR group (default 30)\n"
"  --scale DIGITS    amounts carry DIGITS extra random low digits, as wei\n"
"                    do, 0 to 60 (default 0)\n"
"  --epoch N         the epoch (default 1)\n"
"  --marketplace ID  the marketplace (default \"example\")\n"
"  --zero-reserves PERCENT  share of rollups with reserve 0 (default 10)\n"
"  --cross PERCENT   share of a bundle's rollups drawn from any ecosystem,\n"
"                    not the bid's own (default 25); with --cross 0 and\n"
"                    --xor 0 every ecosystem is an independent component\n"
"  -h, --help        print this help and exit\n"
"  --version         print the versions of gavel, GMP, jansson and\n"
"                    libsodium and exit\n"
"  --list-options    print the options this tool parses, one a line\n"
"\n"
"exit status:\n"
"  0  bid set written\n"
"  2  usage error or an option out of range\n"
"  3  internal failure (out of memory, libsodium)\n"
"\n"
"examples (the first two rebuild corpus files byte for byte):\n"
"  gavel-gen --rollups 30 --bids 300 --seed 1 --epoch 1 \\\n"
"      --marketplace example | cmp - corpus/valid/example-epoch.json\n"
"  gavel-gen --rollups 4 --bids 8 --seed 3 --epoch 3 --max-bundle 3 \\\n"
"      --xor 50 | cmp - corpus/valid/small-epoch.json\n"
"  gavel-gen --rollups 200 --bids 5000 --scale 18 > /tmp/big-epoch.json\n";

static unsigned long long rng;

/* splitmix64: tiny, portable, and the same everywhere */
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

static json_t *
amount(const mpz_t v)
{
	char *s = mpz_get_str(NULL, 10, v);
	json_t *j = json_string(s);

	free(s);
	return j;
}

/* A uniform value below n from the same stream (GMP's own generator would differ by version). */
static void
rand_below(mpz_t out, const mpz_t n)
{
	size_t bytes = mpz_sizeinbase(n, 2) / 8 + 9, i;
	mpz_set_ui(out, 0);
	for (i = 0; i < bytes; i++) {
		mpz_mul_2exp(out, out, 8);
		mpz_add_ui(out, out, next() & 0xff);
	}
	mpz_mod(out, out, n);
}

static int
cmpint(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int
main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "rollups", required_argument, NULL, 'r' },
		{ "bids", required_argument, NULL, 'b' },
		{ "bidders", required_argument, NULL, 'B' },
		{ "max-bundle", required_argument, NULL, 'k' },
		{ "xor", required_argument, NULL, 'x' },
		{ "scale", required_argument, NULL, 'S' },
		{ "epoch", required_argument, NULL, 'e' },
		{ "marketplace", required_argument, NULL, 'm' },
		{ "zero-reserves", required_argument, NULL, 'z' },
		{ "cross", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "list-options", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	static const char shortopts[] = ":h";
	unsigned long long seed = 1, epoch = 1;
	long nroll = 30, nbids = 300, nbidders = -1, maxb = 4, xorp = 30,
	    scale = 0, zerop = 10, cross = 25;
	const char *mkt = "example";
	char label[64], id[32], hex[2 * GV_PK_LEN + 1], *out;
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];
	json_t *root, *rollups, *bids, *slots, *fee;
	mpz_t *res, amt, t, pow10;
	int c, *bun, i, j, k, width, bwidth, v3;

	opterr = 0;	/* gv_cli_bad_option says what was wrong */
	while ((c = getopt_long(argc, argv, shortopts, lo, NULL)) != -1) {
		switch (c) {
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 'r': nroll = atol(optarg); break;
		case 'b': nbids = atol(optarg); break;
		case 'B': nbidders = atol(optarg); break;
		case 'k': maxb = atol(optarg); break;
		case 'x': xorp = atol(optarg); break;
		case 'S': scale = atol(optarg); break;
		case 'e': epoch = strtoull(optarg, NULL, 10); break;
		case 'm': mkt = optarg; break;
		case 'z': zerop = atol(optarg); break;
		case 'C': cross = atol(optarg); break;
		case 'h': fputs(usage, stdout); return 0;
		case 'V': gv_cli_version("gavel-gen", NULL); return 0;
		case 'L': gv_cli_list_options(lo, shortopts); return 0;
		default: return gv_cli_bad_option("gavel-gen", synopsis, c, argv);
		}
	}
	if (optind < argc)
		return gv_cli_usage("gavel-gen", synopsis, "unexpected argument "
		    "\"%.64s\"", argv[optind]);
	if (nroll < 1 || nroll > GV_MAX_ROLLUPS_V3 || nbids < 0 ||
	    nbids > GV_MAX_BIDS_V3 || maxb < 1 || maxb > GV_MAX_BUNDLE ||
	    scale < 0 || scale > 60 || xorp < 0 || xorp > 100 || cross < 0 ||
	    cross > 100) {
		fputs("gavel-gen: option out of range\n", stderr);
		return 2;
	}
	if (maxb > nroll)
		maxb = nroll;
	if (nbidders < 1)
		nbidders = nbids / 5 > 0 ? nbids / 5 : 1;
	if (gv_sig_init() != 0)
		return 3;
	/* ids must sort as their index: pad to the width of the largest */
	width = nroll > 1000 ? 4 : 3;
	bwidth = nbids > 100000 ? 6 : 5;
	v3 = nroll > GV_MAX_ROLLUPS || nbids > GV_MAX_BIDS;
	rng = seed;
	snprintf(label, sizeof(label), "gavel-gen/%llu", seed);
	mpz_inits(amt, t, pow10, NULL);
	mpz_ui_pow_ui(pow10, 10, (unsigned long)scale);
	res = calloc((size_t)nroll, sizeof(*res));
	bun = calloc((size_t)maxb, sizeof(int));
	root = json_object();
	rollups = json_array();
	bids = json_array();
	/* ids sort as their index: ecosystem blocks, zero-padded numbers */
	for (i = 0; i < nroll; i++) {
		json_t *r = json_object();

		mpz_init(res[i]);
		if ((long)below(100) >= zerop) {
			mpz_set_ui(res[i], 50 + below(200));
			mpz_mul(res[i], res[i], pow10);
			mpz_set_ui(t, 0);
			if (scale > 0) {
				rand_below(t, pow10);
				mpz_add(res[i], res[i], t);
			}
		}
		snprintf(id, sizeof(id), "r%0*d-%s", width, i, eco[(i / 8) % 8]);
		json_object_set_new(r, "id", json_string(id));
		json_object_set_new(r, "reserve", amount(res[i]));
		json_array_append_new(rollups, r);
	}
	for (i = 0; i < nbids; i++) {
		json_t *b = json_object(), *ba = json_array();
		long bidder = (long)below((unsigned long)nbidders);
		int size = 1 + (int)below((unsigned long)maxb), n = 0, base;

		/* mostly within one ecosystem: atomic cross-rollup value */
		base = (int)below((unsigned long)nroll);
		while (n < size) {
			/* the default keeps the random stream of old (1 in 4) */
			int in = cross == 25 ? below(4) != 0 :
			    (long)below(100) >= cross;
			int r = in ? (base / 8) * 8 + (int)below(8) :
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
		mpz_set_ui(amt, 0);
		for (k = 0; k < n; k++) {
			mpz_add(amt, amt, res[bun[k]]);
			snprintf(id, sizeof(id), "r%0*d-%s", width, bun[k],
			    eco[(bun[k] / 8) % 8]);
			json_array_append_new(ba, json_string(id));
		}
		/* 70% to 150% of the reserves, plus a synergy for bundles */
		mpz_mul_ui(amt, amt, 70 + below(81) + 10 * (unsigned long)(n - 1));
		mpz_fdiv_q_ui(amt, amt, 100);
		mpz_set_ui(t, below(40));
		mpz_mul(t, t, pow10);
		mpz_add(amt, amt, t);
		if (scale > 0) {
			rand_below(t, pow10);
			mpz_add(amt, amt, t);
		}
		gv_sig_test_keypair(label, (unsigned long long)bidder, pk, sk);
		gv_hex(hex, pk, GV_PK_LEN);
		snprintf(id, sizeof(id), "b%0*d", bwidth, i);
		json_object_set_new(b, "id", json_string(id));
		json_object_set_new(b, "bidder", json_string(hex));
		json_object_set_new(b, "bundle", ba);
		json_object_set_new(b, "amount", amount(amt));
		if ((long)below(100) < xorp) {
			snprintf(id, sizeof(id), "x%05ld", bidder);
			json_object_set_new(b, "xor", json_string(id));
		}
		if (gv_bid_sign(b, mkt, epoch, sk) != GV_OK)
			return 3;
		json_array_append_new(bids, b);
	}
	slots = json_object();
	json_object_set_new(slots, "first", json_integer((json_int_t)(epoch * 1000)));
	json_object_set_new(slots, "count", json_integer(1000));
	fee = json_object();
	json_object_set_new(fee, "bps", json_integer(500));
	json_object_set_new(fee, "min_improvement", json_string("1"));
	if (v3) {
		json_object_set_new(fee, "cap", json_string("0"));
		json_object_set_new(fee, "window", json_integer(1000));
	}
	json_object_set_new(root, "format", json_string(v3 ?
	    GV_BIDSET_FORMAT_V3 : GV_BIDSET_FORMAT));
	json_object_set_new(root, "marketplace", json_string(mkt));
	json_object_set_new(root, "epoch", json_integer((json_int_t)epoch));
	json_object_set_new(root, "slots", slots);
	json_object_set_new(root, "mode", json_string("auction"));
	json_object_set_new(root, "finder_fee", fee);
	json_object_set_new(root, "rollups", rollups);
	json_object_set_new(root, "bids", bids);
	out = json_dumps(root, JSON_INDENT(2));
	if (out == NULL)
		return 3;
	puts(out);
	free(out);
	json_decref(root);
	for (i = 0; i < nroll; i++)
		mpz_clear(res[i]);
	free(res);
	free(bun);
	mpz_clears(amt, t, pow10, NULL);
	return 0;
}
