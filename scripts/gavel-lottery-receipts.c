/* gavel-lottery-receipts.c: a lottery allocation's certificate and receipts to check on arrival (formats/receipt.md, "Under a lottery allocation") */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "atomic.h"
#include "canon.h"
#include "cert.h"
#include "cli.h"
#include "json.h"
#include "delegation.h"
#include "receipt.h"
#include "sig.h"
#include "stake.h"

static const char synopsis[] =
    "gavel-lottery-receipts [options] ALLOCATION TABLE OUTDIR";

static const char usage[] =
"usage: gavel-lottery-receipts [options] ALLOCATION TABLE OUTDIR\n"
"\n"
"Certify a lottery allocation (gavel.allocation.v2) written by gavel-solve\n"
"for a gavel-lottery-gen epoch, by every validator of that epoch's stake\n"
"TABLE, and write into OUTDIR lottery-allocation.cert.json and the receipts\n"
"of formats/receipt.md, \"Under a lottery allocation\": lottery-drawn.json\n"
"(the holder drawn for the first slot of the first winner), lottery-not-\n"
"drawn.json (another ticket holder of that bundle, same slot),\n"
"lottery-other-slot.json (the drawn holder, at a slot another purchase\n"
"drew), lottery-stranger.json, lottery-unsold.json (the drawn holder, on the\n"
"first unsold rollup), lottery-via-drawn.{delegation,receipt}.json and\n"
"lottery-via-not-drawn.{delegation,receipt}.json (a gateway's receipt under\n"
"the drawn holder's delegation, and under the other holder's) and\n"
"lottery-atomic.json (a gavel.receipt.v2 of two legs on two bundles drawn\n"
"for one key in one slot, when there is one).\n"
"Keys are gv_sig_test_keypair(\"gavel-lottery-gen/SEED\", bidder),\n"
"gv_sig_test_keypair(\"gavel-lottery-gen/validators\", i) and\n"
"gv_sig_test_keypair(\"gavel-lottery-receipts/WHO\", 0), WHO stranger,\n"
"gateway or holder: public knowledge, for fixtures only, never for value.\n"
"The same inputs give the same bytes.\n"
"\n"
"options:\n"
"  --seed N           the gavel-lottery-gen seed of the epoch (default 1)\n"
"  --validators N     validators of the table, all signing (default 4)\n"
"  -h, --help         print this help and exit\n"
"  --version          print the versions of gavel, GMP, jansson and\n"
"                     libsodium and exit\n"
"  --list-options     print the options this tool parses, one a line\n"
"\n"
"exit status:\n"
"  0  written\n"
"  2  usage error, or inputs that are not such an epoch's\n"
"  3  internal failure (a file cannot be written, out of memory)\n"
"\n"
"examples (the first rebuilds the lottery-* receipts of corpus/receipts byte\n"
"for byte; the second is for an epoch of gavel-lottery-gen --seed 2, solved\n"
"into /tmp/e2):\n"
"  gavel-lottery-receipts corpus/valid/lottery-large.lottery-allocation.json \\\n"
"      corpus/valid/lottery-large.stake-table.json corpus/receipts\n"
"  gavel-lottery-receipts --seed 2 /tmp/e2/allocation.json \\\n"
"      /tmp/e2/lottery-large.stake-table.json /tmp/e2\n";

static int
write_doc(const char *dir, const char *name, const json_t *doc)
{
	char path[4096], *text;
	struct gv_err e = { 0, "" };
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((text = gv_json_text(doc, JSON_INDENT(2))) == NULL)
		return 3;
	rc = gv_write_atomic(path, text, strlen(text), &e);
	free(text);
	if (rc != GV_OK) {
		gv_err_print("gavel-lottery-receipts", &e);
		return 3;
	}
	return 0;
}

static int
fail(const char *what)
{
	fprintf(stderr, "gavel-lottery-receipts: %s\n", what);
	return 2;
}

/* the secret key of bidder hex among the seed's bidders: 0, or -1 */
static int
bidder_key(const char *label, const char *hex, unsigned char pk[GV_PK_LEN],
    unsigned char sk[GV_SK_LEN])
{
	char h[2 * GV_PK_LEN + 1];
	unsigned long long i;

	for (i = 0; i < 16384; i++) {
		gv_sig_test_keypair(label, i, pk, sk);
		gv_hex(h, pk, GV_PK_LEN);
		if (strcmp(h, hex) == 0)
			return 0;
	}
	return -1;
}

static const char *
str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* the bidder of purchase id among winner w's holders */
static const char *
holder_bidder(const json_t *w, const char *id)
{
	const json_t *hs = json_object_get(w, "holders");
	size_t i;

	for (i = 0; i < json_array_size(hs); i++)
		if (strcmp(str(json_array_get(hs, i), "purchase"), id) == 0)
			return str(json_array_get(hs, i), "bidder");
	return NULL;
}

static const char *
drawn(const json_t *al, size_t s, size_t k)
{
	return json_string_value(json_array_get(json_object_get(
	    json_array_get(json_object_get(al, "schedule"), s), "draws"), k));
}

static json_t *
promise(const char *tag, unsigned long long pos)
{
	unsigned char h[GV_DIGEST_LEN];
	char seed[128];

	snprintf(seed, sizeof(seed), "gavel-lottery-receipts tx %s", tag);
	gv_sha256(h, seed, strlen(seed));
	return json_pack("{s:s, s:I, s:o}", "kind", "tx", "position",
	    (json_int_t)pos, "tx", gv_hex_json(h, GV_DIGEST_LEN));
}

/* a v1 receipt of rollup at slot, signed by sk (pk its key) */
static json_t *
receipt(const json_t *al, const char *rollup, json_int_t slot,
    const unsigned char pk[GV_PK_LEN], const unsigned char sk[GV_SK_LEN],
    const char *tag)
{
	json_t *r = json_pack("{s:s, s:s, s:I, s:s, s:I, s:o, s:o}", "format",
	    GV_RECEIPT_FORMAT, "marketplace", str(al, "marketplace"), "epoch",
	    json_integer_value(json_object_get(al, "epoch")), "rollup", rollup,
	    "slot", slot, "sequencer", gv_hex_json(pk, GV_PK_LEN), "promise",
	    promise(tag, 1));

	if (r == NULL || gv_receipt_sign(r, sk) != GV_OK) {
		json_decref(r);
		return NULL;
	}
	return r;
}

/* seq's delegation of rollup, all slots of al, to gateway gw */
static json_t *
delegation(const json_t *al, const char *rollup,
    const unsigned char seq[GV_PK_LEN], const unsigned char sk[GV_SK_LEN],
    const unsigned char gw[GV_PK_LEN])
{
	const json_t *sl = json_object_get(al, "slots");
	json_t *d = json_pack("{s:s, s:s, s:I, s:o, s:o, s:[s], s:{s:I, s:I}}",
	    "format", GV_DELEGATION_FORMAT, "marketplace", str(al,
	    "marketplace"), "epoch", json_integer_value(json_object_get(al,
	    "epoch")), "sequencer", gv_hex_json(seq, GV_PK_LEN), "gateway", gv_hex_json(gw,
	    GV_PK_LEN), "rollups", rollup, "slots", "first",
	    json_integer_value(json_object_get(sl, "first")), "count",
	    json_integer_value(json_object_get(sl, "count")));

	if (d == NULL || gv_delegation_sign(d, sk) != GV_OK) {
		json_decref(d);
		return NULL;
	}
	return d;
}

/* the allocation's certificate by every validator of t */
static json_t *
certify(const json_t *al, const struct gv_stake_table *t, long nval)
{
	unsigned char d[GV_DIGEST_LEN], pk[GV_PK_LEN], sk[GV_SK_LEN];
	const char *mkt = str(al, "marketplace");
	json_int_t epoch = json_integer_value(json_object_get(al, "epoch"));
	json_t *cert;
	long i;

	if (gv_digest(d, "allocation", mkt, (uint64_t)epoch, al) != GV_OK)
		return NULL;
	cert = json_pack("{s:s, s:s, s:I, s:{s:s, s:o}, s:o, s:[]}", "format",
	    GV_CERT_FORMAT, "marketplace", mkt, "epoch", epoch, "subject",
	    "kind", "allocation", "digest", gv_hex_json(d, GV_DIGEST_LEN),
	    "stake_table", gv_hex_json(t->digest, GV_DIGEST_LEN), "signatures");
	for (i = 0; cert != NULL && i < nval; i++) {
		gv_sig_test_keypair("gavel-lottery-gen/validators",
		    (unsigned long long)i, pk, sk);
		if (gv_cert_sign(cert, t, (size_t)i, sk) != GV_OK) {
			json_decref(cert);
			return NULL;
		}
	}
	return cert;
}

/*
 * Two winners k1 < k2 drawn for one bidder in one slot: the atomic case.
 * 1 with *ps, *pk1, *pk2 set, or 0.
 */
static int
atomic_pair(const json_t *al, size_t *ps, size_t *pk1, size_t *pk2)
{
	const json_t *ws = json_object_get(al, "winners");
	size_t s, a, b, ns = json_array_size(json_object_get(al, "schedule"));

	for (s = 0; s < ns; s++)
		for (a = 0; a < json_array_size(ws); a++)
			for (b = a + 1; b < json_array_size(ws); b++)
				if (strcmp(holder_bidder(json_array_get(ws, a),
				    drawn(al, s, a)), holder_bidder(
				    json_array_get(ws, b), drawn(al, s, b))) ==
				    0) {
					*ps = s;
					*pk1 = a;
					*pk2 = b;
					return 1;
				}
	return 0;
}

static json_t *
atomic(const json_t *al, size_t s, size_t k1, size_t k2,
    const unsigned char pk[GV_PK_LEN], const unsigned char sk[GV_SK_LEN])
{
	const json_t *ws = json_object_get(al, "winners");
	unsigned char hk[GV_PK_LEN], hs[GV_SK_LEN];
	json_int_t first = json_integer_value(json_object_get(json_object_get(
	    al, "slots"), "first"));
	json_t *r;

	gv_sig_test_keypair("gavel-lottery-receipts/holder", 0, hk, hs);
	r = json_pack("{s:s, s:s, s:I, s:I, s:o, s:o, s:s, s:[{s:s, s:o}, "
	    "{s:s, s:o}]}", "format", GV_RECEIPT_FORMAT_V2, "marketplace",
	    str(al, "marketplace"), "epoch", json_integer_value(
	    json_object_get(al, "epoch")), "slot", first + (json_int_t)s,
	    "sequencer", gv_hex_json(pk, GV_PK_LEN), "holder", gv_hex_json(hk, GV_PK_LEN),
	    "collateral", "1000", "legs",
	    "rollup", json_string_value(json_array_get(json_object_get(
	    json_array_get(ws, k1), "bundle"), 0)), "promise",
	    promise("atomic 0", 0),
	    "rollup", json_string_value(json_array_get(json_object_get(
	    json_array_get(ws, k2), "bundle"), 0)), "promise",
	    promise("atomic 1", 0));
	if (r == NULL || gv_receipt_sign(r, sk) != GV_OK) {
		json_decref(r);
		return NULL;
	}
	return r;
}

int
main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "validators", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "list-options", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	static const char shortopts[] = ":h";
	unsigned long long seed = 1;
	long nval = 4;
	unsigned char dpk[GV_PK_LEN], dsk[GV_SK_LEN], opk[GV_PK_LEN];
	unsigned char osk[GV_SK_LEN], spk[GV_PK_LEN], ssk[GV_SK_LEN];
	unsigned char gpk[GV_PK_LEN], gsk[GV_SK_LEN];
	char label[64];
	struct gv_stake_table t;
	struct gv_err e = { 0, "" };
	json_t *al = NULL, *tab = NULL, *doc;
	const json_t *w0, *hs;
	const char *dir, *dp, *dbid, *obid = NULL, *r0, *unsold;
	json_int_t first;
	size_t i, ns, other = 0, as, ak1, ak2;
	int c, rc = 3, have_t = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, lo, NULL)) != -1) {
		switch (c) {
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 'v': nval = atol(optarg); break;
		case 'h': fputs(usage, stdout); return 0;
		case 'V': gv_cli_version("gavel-lottery-receipts", NULL);
			return 0;
		case 'L': gv_cli_list_options(lo, shortopts); return 0;
		default:
			return gv_cli_bad_option("gavel-lottery-receipts",
			    synopsis, c, argv);
		}
	}
	if (argc - optind != 3)
		return gv_cli_usage("gavel-lottery-receipts", synopsis,
		    "expected ALLOCATION TABLE OUTDIR");
	if (nval < 1 || nval > 100)
		return gv_cli_usage("gavel-lottery-receipts", synopsis,
		    "--validators: 1 to 100");
	dir = argv[optind + 2];
	if (gv_sig_init() != 0)
		return 3;
	snprintf(label, sizeof(label), "gavel-lottery-gen/%llu", seed);
	if (gv_json_load(argv[optind], 64u << 20, &al, &e) != GV_OK ||
	    gv_json_load(argv[optind + 1], 1u << 20, &tab, &e) != GV_OK ||
	    gv_stake_from_json(json_incref(tab), argv[optind + 1], &t, &e) !=
	    GV_OK) {
		gv_err_print("gavel-lottery-receipts", &e);
		rc = 2;
		goto cleanup;
	}
	have_t = 1;
	if (json_array_size(json_object_get(al, "winners")) == 0 ||
	    json_array_size(json_object_get(al, "unsold")) == 0 ||
	    json_array_size(json_object_get(al, "schedule")) == 0) {
		rc = fail("the allocation needs a winner, an unsold rollup and "
		    "a schedule");
		goto cleanup;
	}
	first = json_integer_value(json_object_get(json_object_get(al,
	    "slots"), "first"));
	ns = json_array_size(json_object_get(al, "schedule"));
	/* the first winner at its first slot; another holder; another slot */
	w0 = json_array_get(json_object_get(al, "winners"), 0);
	r0 = json_string_value(json_array_get(json_object_get(w0, "bundle"),
	    0));
	dp = drawn(al, 0, 0);
	dbid = holder_bidder(w0, dp);
	hs = json_object_get(w0, "holders");
	for (i = 0; i < json_array_size(hs) && obid == NULL; i++)
		if (strcmp(str(json_array_get(hs, i), "bidder"), dbid) != 0)
			obid = str(json_array_get(hs, i), "bidder");
	for (i = 1; i < ns && other == 0; i++)
		if (strcmp(holder_bidder(w0, drawn(al, i, 0)), dbid) != 0)
			other = i;
	unsold = json_string_value(json_array_get(json_object_get(al,
	    "unsold"), 0));
	if (dbid == NULL || obid == NULL || other == 0 || r0 == NULL) {
		rc = fail("the first winner needs two bidders drawn in "
		    "different slots");
		goto cleanup;
	}
	if (bidder_key(label, dbid, dpk, dsk) != 0 ||
	    bidder_key(label, obid, opk, osk) != 0) {
		rc = fail("a holder's key is not one of the seed's bidders");
		goto cleanup;
	}
	gv_sig_test_keypair("gavel-lottery-receipts/stranger", 0, spk, ssk);
	gv_sig_test_keypair("gavel-lottery-receipts/gateway", 0, gpk, gsk);
	if ((doc = certify(al, &t, nval)) == NULL ||
	    (rc = write_doc(dir, "lottery-allocation.cert.json", doc)) != 0)
		goto cleanup;
	json_decref(doc);
#define ONE(name, r) do { \
		if ((doc = (r)) == NULL) { rc = 3; goto cleanup; } \
		rc = write_doc(dir, name, doc); \
		json_decref(doc); \
		if (rc != 0) goto cleanup; \
	} while (0)
	ONE("lottery-drawn.json", receipt(al, r0, first, dpk, dsk, "drawn"));
	ONE("lottery-not-drawn.json", receipt(al, r0, first, opk, osk,
	    "not-drawn"));
	ONE("lottery-other-slot.json", receipt(al, r0, first +
	    (json_int_t)other, dpk, dsk, "other-slot"));
	ONE("lottery-stranger.json", receipt(al, r0, first, spk, ssk,
	    "stranger"));
	ONE("lottery-unsold.json", receipt(al, unsold, first, dpk, dsk,
	    "unsold"));
	/* a gateway of the drawn holder, and of the other holder */
	ONE("lottery-via-drawn.delegation.json", delegation(al, r0, dpk, dsk,
	    gpk));
	ONE("lottery-via-drawn.receipt.json", receipt(al, r0, first, gpk, gsk,
	    "via-drawn"));
	ONE("lottery-via-not-drawn.delegation.json", delegation(al, r0, opk,
	    osk, gpk));
	ONE("lottery-via-not-drawn.receipt.json", receipt(al, r0, first, gpk,
	    gsk, "via-not-drawn"));
	if (atomic_pair(al, &as, &ak1, &ak2)) {
		const char *b = holder_bidder(json_array_get(json_object_get(al,
		    "winners"), ak1), drawn(al, as, ak1));

		if (bidder_key(label, b, opk, osk) != 0) {
			rc = fail("a holder's key is not one of the seed's "
			    "bidders");
			goto cleanup;
		}
		ONE("lottery-atomic.json", atomic(al, as, ak1, ak2, opk, osk));
	}
#undef ONE
	rc = 0;
cleanup:
	if (have_t)
		gv_stake_free(&t);
	json_decref(al);
	json_decref(tab);
	return rc;
}
