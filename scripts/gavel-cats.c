/* gavel-cats.c: signed bid sets from the CATS legacy distributions, for the solver benchmark (formats/bidset.md) */
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
#include "version.h"

static const char usage[] =
"usage: gavel-cats --family L2|L3|L4|L6|L7 [options]\n"
"\n"
"Write a signed bid set (formats/bidset.md) to stdout, drawn from one of the\n"
"legacy distributions of the Combinatorial Auction Test Suite (Leyton-Brown,\n"
"Pearson, Shoham 2000; after Sandholm 1999 and Fujishima et al. 1999), the\n"
"instances winner-determination solvers are compared on. Rollups are the\n"
"goods. How many a bid asks for, by family:\n"
"  L2 weighted random  uniform in 1..K\n"
"  L3 uniform          exactly 3\n"
"  L4 decay            1, then one more with probability 0.55, repeatedly\n"
"  L6 exponential      k in 1..K with probability proportional to e^(-k/5)\n"
"  L7 binomial         each rollup with probability 0.2 (at least one)\n"
"where K is the number of rollups, at most 64 (the format's largest bundle;\n"
"an L7 draw above 64 is drawn again). The goods are uniform without\n"
"repeats; the price is uniform in [0, k] for k goods (L3: [0, 1]), written\n"
"as the integer 1 + floor(price * UNIT). Every bid has its own bidder and no\n"
"XOR group, as in CATS. The same options give the same bytes. Bidder keys\n"
"are gv_sig_test_keypair(\"gavel-cats/SEED\", bid): for fixtures only.\n"
"\n"
"options:\n"
"  --family F        L2, L3, L4, L6 or L7 (required)\n"
"  --rollups N       goods (default 256; 1 to 1024)\n"
"  --bids N          bids (default 1000; 0 to 65536)\n"
"  --seed N          random stream (default 1)\n"
"  --unit N          price scale (default 1000; 1 to 10^12)\n"
"  --reserves KIND   zero (default) or positive: each rollup's reserve\n"
"                    uniform in 0..UNIT/2\n"
"  --epoch N         (default 1)\n"
"  --marketplace ID  (default \"cats\")\n"
"  -h, --help        print this help and exit\n"
"      --version     print the versions of gavel, GMP, jansson and\n"
"                    libsodium and exit\n"
"      --list-options  print the options this tool parses, one a line\n"
"\n"
"exit status:\n"
"  0  written\n"
"  2  usage error\n"
"  3  internal failure\n"
"\n"
"examples:\n"
"  gavel-cats --family L3 --rollups 256 --bids 1000 --seed 1 > l3.json\n"
"  gavel-cats --family L7 --rollups 64 --bids 500 --reserves positive\n";

static unsigned long long rng;

/* splitmix64, as gavel-gen: small, portable, the same everywhere */
static unsigned long long
next(void)
{
	unsigned long long z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1) with 53 bits: exact in a double. */
static double
unit_real(void)
{
	return (double)(next() >> 11) / 9007199254740992.0;
}

static unsigned long
below(unsigned long n)
{
	return n ? (unsigned long)(next() % n) : 0;
}

enum family { L2, L3, L4, L6, L7 };

/* e^(-1/5), to the double nearest it */
#define EXP_MINUS_FIFTH 0.81873075307798185867

/* How many goods one bid asks for; kmax = min(rollups, 64). */
static int
bundle_size(enum family f, int kmax, int nroll)
{
	double u, total, w, t;
	int k, i;

	switch (f) {
	case L2:
		return 1 + (int)below((unsigned long)kmax);
	case L3:
		return nroll < 3 ? nroll : 3;
	case L4:
		for (k = 1; k < kmax && unit_real() < 0.55; k++)
			;
		return k;
	case L6:
		/*
		 * Weights e^(-k/5) by repeated products of e^(-1/5), not
		 * libm's exp(): IEEE products are the same on every machine.
		 */
		for (total = 0, w = 1, i = 1; i <= kmax; i++) {
			w *= EXP_MINUS_FIFTH;
			total += w;
		}
		u = unit_real() * total;
		for (t = 0, w = 1, k = 1; k < kmax; k++) {
			w *= EXP_MINUS_FIFTH;
			t += w;
			if (u < t)
				break;
		}
		return k;
	case L7:
		break;
	}
	return 0;	/* L7 draws its goods directly */
}

static int
cmpint(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* k distinct goods of nroll, ascending (a partial Fisher-Yates shuffle). */
static void
draw_goods(int *perm, int nroll, int k, int *out)
{
	int i, j, t;

	for (i = 0; i < k; i++) {
		j = i + (int)below((unsigned long)(nroll - i));
		t = perm[i];
		perm[i] = perm[j];
		perm[j] = t;
		out[i] = perm[i];
	}
	qsort(out, (size_t)k, sizeof(int), cmpint);
}

/*
 * L7: each good with probability 0.2; a draw of none, or of more than a
 * bundle may hold, is drawn again. scratch holds nroll ints.
 */
static int
draw_binomial(int nroll, int *scratch, int *out)
{
	int i, k;

	for (;;) {
		for (k = 0, i = 0; i < nroll; i++)
			if (unit_real() < 0.2)
				scratch[k++] = i;
		if (k >= 1 && k <= GV_MAX_BUNDLE)
			break;
	}
	memcpy(out, scratch, (size_t)k * sizeof(int));
	return k;
}

static int
parse_family(const char *s, enum family *f)
{
	static const char *const names[] = { "L2", "L3", "L4", "L6", "L7" };
	int i;

	for (i = 0; i < 5; i++)
		if (strcmp(s, names[i]) == 0) {
			*f = (enum family)i;
			return 0;
		}
	return -1;
}

/* A whole number from lo to hi, or -1 (and a message). */
static long long
number(const char *opt, const char *s, long long lo, long long hi)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (*s < '0' || *s > '9' || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, "gavel-cats: %s: expected a whole number from "
		    "%lld to %lld\n", opt, lo, hi);
		return -1;
	}
	return v;
}

int
main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "family", required_argument, NULL, 'f' },
		{ "rollups", required_argument, NULL, 'r' },
		{ "bids", required_argument, NULL, 'b' },
		{ "seed", required_argument, NULL, 's' },
		{ "unit", required_argument, NULL, 'u' },
		{ "reserves", required_argument, NULL, 'R' },
		{ "epoch", required_argument, NULL, 'e' },
		{ "marketplace", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "list-options", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	enum family fam = L2;
	long long nroll = 256, nbids = 1000, seed = 1, unit = 1000, epoch = 1;
	int have_family = 0, positive = 0, c, i, k, kmax, *perm, *bun, *scratch;
	const char *mkt = "cats";
	char label[64], id[32], hex[2 * GV_PK_LEN + 1], *out;
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];
	json_t *root, *rollups, *bids;
	mpz_t amt;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (parse_family(optarg, &fam) != 0) {
				fprintf(stderr, "gavel-cats: --family: expected "
				    "L2, L3, L4, L6 or L7\n");
				return 2;
			}
			have_family = 1;
			break;
		case 'r':
			if ((nroll = number("--rollups", optarg, 1,
			    GV_MAX_ROLLUPS)) < 0)
				return 2;
			break;
		case 'b':
			if ((nbids = number("--bids", optarg, 0, GV_MAX_BIDS)) <
			    0)
				return 2;
			break;
		case 's':
			if ((seed = number("--seed", optarg, 0, 1LL << 53)) < 0)
				return 2;
			break;
		case 'u':
			if ((unit = number("--unit", optarg, 1,
			    1000000000000LL)) < 0)
				return 2;
			break;
		case 'R':
			if (strcmp(optarg, "zero") != 0 &&
			    strcmp(optarg, "positive") != 0) {
				fprintf(stderr, "gavel-cats: --reserves: "
				    "expected zero or positive\n");
				return 2;
			}
			positive = strcmp(optarg, "positive") == 0;
			break;
		case 'e':
			if ((epoch = number("--epoch", optarg, 0,
			    (1LL << 53) / 1000 - 1)) < 0)
				return 2;
			break;
		case 'm':
			mkt = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		case 'V':
			gv_cli_version("gavel-cats", NULL);
			return 0;
		case 'L':
			gv_cli_list_options(lo, "h");
			return 0;
		default:
			fprintf(stderr, "gavel-cats: unknown option \"%s\"\n"
			    "usage: gavel-cats --family L2|L3|L4|L6|L7 "
			    "[options] (see gavel-cats --help)\n",
			    argv[optind - 1]);
			return 2;
		}
	}
	if (!have_family || optind != argc) {
		fprintf(stderr, "usage: gavel-cats --family L2|L3|L4|L6|L7 "
		    "[options] (see gavel-cats --help)\n");
		return 2;
	}
	if (gv_sig_init() != 0)
		return 3;
	rng = (unsigned long long)seed * 5 + (unsigned long long)fam;
	snprintf(label, sizeof(label), "gavel-cats/%lld", seed);
	kmax = nroll < GV_MAX_BUNDLE ? (int)nroll : GV_MAX_BUNDLE;
	perm = calloc((size_t)nroll, sizeof(int));
	scratch = calloc((size_t)nroll, sizeof(int));
	bun = calloc(GV_MAX_BUNDLE, sizeof(int));
	root = json_object();
	rollups = json_array();
	bids = json_array();
	if (perm == NULL || scratch == NULL || bun == NULL || root == NULL ||
	    rollups == NULL ||
	    bids == NULL)
		return 3;
	mpz_init(amt);
	for (i = 0; i < nroll; i++) {
		perm[i] = i;
		snprintf(id, sizeof(id), "g%04d", i);
		mpz_set_ui(amt, positive ?
		    below((unsigned long)unit / 2 + 1) : 0);
		out = mpz_get_str(NULL, 10, amt);
		json_array_append_new(rollups, json_pack("{s:s,s:s}", "id", id,
		    "reserve", out));
		free(out);
	}
	for (i = 0; i < nbids; i++) {
		json_t *b, *ba = json_array();
		double price;

		if (fam == L7)
			k = draw_binomial((int)nroll, scratch, bun);
		else {
			k = bundle_size(fam, kmax, (int)nroll);
			draw_goods(perm, (int)nroll, k, bun);
		}
		for (c = 0; c < k; c++) {
			snprintf(id, sizeof(id), "g%04d", bun[c]);
			json_array_append_new(ba, json_string(id));
		}
		price = unit_real() * (fam == L3 ? 1.0 : (double)k);
		/* price * unit < 64 * 10^12 < 2^53: the cast is the floor */
		mpz_set_ui(amt, (unsigned long)(price * (double)unit));
		mpz_add_ui(amt, amt, 1);
		out = mpz_get_str(NULL, 10, amt);
		gv_sig_test_keypair(label, (unsigned long long)i, pk, sk);
		gv_hex(hex, pk, GV_PK_LEN);
		snprintf(id, sizeof(id), "b%06d", i);
		b = json_pack("{s:s,s:s,s:o,s:s}", "id", id, "bidder", hex,
		    "bundle", ba, "amount", out);
		free(out);
		if (b == NULL || gv_bid_sign(b, mkt, (uint64_t)epoch, sk) !=
		    GV_OK)
			return 3;
		json_array_append_new(bids, b);
	}
	json_object_set_new(root, "format", json_string(GV_BIDSET_FORMAT));
	json_object_set_new(root, "marketplace", json_string(mkt));
	json_object_set_new(root, "epoch", json_integer((json_int_t)epoch));
	json_object_set_new(root, "slots", json_pack("{s:I,s:i}", "first",
	    (json_int_t)(epoch * 1000), "count", 1000));
	json_object_set_new(root, "mode", json_string("auction"));
	json_object_set_new(root, "finder_fee", json_pack("{s:i,s:s}", "bps",
	    500, "min_improvement", "1"));
	json_object_set_new(root, "rollups", rollups);
	json_object_set_new(root, "bids", bids);
	if ((out = json_dumps(root, JSON_INDENT(2))) == NULL)
		return 3;
	puts(out);
	free(out);
	json_decref(root);
	free(perm);
	free(scratch);
	free(bun);
	mpz_clear(amt);
	return 0;
}
