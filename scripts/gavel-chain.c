/* gavel-chain.c: certified blocks that carry challenge commitments, for tests and demos (formats/challenge.md, "Ordering") */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "bidset.h"
#include "block.h"
#include "canon.h"
#include "cert.h"
#include "cli.h"
#include "json.h"
#include "merkle.h"
#include "stake.h"

/* Validators of the fixture chain: gv_sig_test_keypair("gavel-chain", i). */
#define NVAL 4

static const char usage[] =
"usage: gavel-chain BIDSET.json SLOT ROLLUP OUTDIR COMMITMENT...\n"
"\n"
"Write a fixture chain for finder's-fee challenges (formats/challenge.md):\n"
"OUTDIR/table.json, a stake table of 4 validators with stake 1 each (test\n"
"keys gv_sig_test_keypair(\"gavel-chain\", i): public, never for value),\n"
"and for each COMMITMENT k (64 hex digits, or a file holding an\n"
"unrevealed challenge with a \"commitment\") OUTDIR/order-k.json: the\n"
"\"order\" object of a challenge — one block of ROLLUP at SLOT whose\n"
"transactions are a filler then the commitments in the order given, its\n"
"certificate signed by all 4 validators, the leaf index and audit path.\n"
"Deterministic: the same arguments give the same bytes.\n"
"\n"
"options (no defaults):\n"
"  -h, --help          print this help and exit\n"
"      --version       print the versions of gavel, GMP, jansson and\n"
"                      libsodium and exit\n"
"      --list-options  print the options this tool parses, one a line\n"
"\n"
"exit status:\n"
"  0  written\n"
"  2  usage error or unreadable input\n"
"  3  internal failure\n"
"\n"
"examples:\n"
"  gavel-chain corpus/valid/challenge-epoch.json 8000 r000-arb /tmp/c \\\n"
"      0000000000000000000000000000000000000000000000000000000000000001\n"
"  gavel-chain corpus/valid/challenge-epoch.json 8000 r000-arb /tmp/c draft.json\n";

static int
die(const char *msg)
{
	fprintf(stderr, "gavel-chain: %s\n", msg);
	return 2;
}

static int
save(const char *dir, const char *name, const json_t *v)
{
	char path[4096], *text;
	struct gv_err e = { 0, "" };
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((text = gv_json_text(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) ==
	    NULL)
		return 3;
	rc = gv_write_atomic(path, text, strlen(text), &e);
	free(text);
	if (rc != GV_OK)
		gv_err_print("gavel-chain", &e);
	return rc;
}

static json_t *
hexstr(const unsigned char *p, size_t n)
{
	char h[2 * 64 + 1];

	gv_hex(h, p, n);
	return json_string(h);
}

int
main(int argc, char **argv)
{
	unsigned char (*tx)[GV_HASH_LEN] = NULL, (*st)[GV_HASH_LEN] = NULL;
	unsigned char (*leaf)[GV_HASH_LEN] = NULL;
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN], root[GV_HASH_LEN];
	unsigned char path[GV_MERKLE_MAX_PATH][GV_HASH_LEN];
	struct gv_bidset bs;
	struct gv_stake_table t;
	struct gv_block b;
	struct gv_err e = { 0, "" };
	json_t *table = NULL, *ents, *blk = NULL, *cert = NULL, *sub;
	char *end, name[64];
	size_t i, n, plen;
	uint64_t slot;
	int rc = 3, have_bs = 0, have_t = 0;

	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		gv_cli_version("gavel-chain", NULL);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--list-options") == 0) {
		static const struct option lo[] = {
			{ "help", no_argument, NULL, 'h' },
			{ "version", no_argument, NULL, 'V' },
			{ "list-options", no_argument, NULL, 'L' },
			{ NULL, 0, NULL, 0 }
		};

		gv_cli_list_options(lo, "h");
		return 0;
	}
	if (argc >= 2 && argv[1][0] == '-')
		return gv_cli_usage("gavel-chain", "gavel-chain BIDSET.json SLOT "
		    "ROLLUP OUTDIR COMMITMENT...", "unknown option \"%.64s\"",
		    argv[1]);
	if (argc < 6) {
		fputs(usage, stderr);
		return 2;
	}
	if (gv_sig_init() != 0)
		return 3;
	slot = strtoull(argv[2], &end, 10);
	if (*argv[2] < '0' || *argv[2] > '9' || *end != '\0')
		return die("SLOT: expected an integer");
	if (gv_bidset_load(argv[1], &bs, &e) != GV_OK) {
		gv_err_print("gavel-chain", &e);
		return 2;
	}
	have_bs = 1;
	n = (size_t)argc - 5 + 1;
	tx = calloc(n, sizeof(*tx));
	st = calloc(n, sizeof(*st));
	leaf = calloc(n, sizeof(*leaf));
	if (!tx || !st || !leaf)
		goto cleanup;
	gv_sha256(tx[0], "gavel-chain filler", 18);
	for (i = 1; i < n; i++) {
		const char *a = argv[4 + i];

		if (strlen(a) != 64 || gv_unhex(tx[i], 32, a) != 0) {
			json_t *d = NULL;
			const char *c;

			if (gv_json_load(a, 64u << 20, &d, &e) != GV_OK) {
				gv_err_print("gavel-chain", &e);
				rc = 2;
				goto cleanup;
			}
			c = json_string_value(json_object_get(d, "commitment"));
			if (c == NULL || strlen(c) != 64 ||
			    gv_unhex(tx[i], 32, c) != 0) {
				json_decref(d);
				rc = die("a COMMITMENT file has no commitment");
				goto cleanup;
			}
			json_decref(d);
		}
	}
	for (i = 0; i < n; i++) {
		char s[64];

		snprintf(s, sizeof(s), "gavel-chain state %zu", i);
		gv_sha256(st[i], s, strlen(s));
		gv_merkle_leaf(tx[i], GV_HASH_LEN, leaf[i]);
	}
	/* the stake table */
	table = json_object();
	ents = json_array();
	json_object_set_new(table, "format", json_string(GV_STAKE_FORMAT));
	json_object_set_new(table, "marketplace", json_string(bs.marketplace));
	json_object_set_new(table, "epoch", json_integer((json_int_t)bs.epoch));
	for (i = 0; i < NVAL; i++) {
		json_t *x = json_object();

		gv_sig_test_keypair("gavel-chain", i, pk, sk);
		json_object_set_new(x, "key", hexstr(pk, GV_PK_LEN));
		json_object_set_new(x, "stake", json_string("1"));
		json_array_append_new(ents, x);
	}
	json_object_set_new(table, "entries", ents);
	if (gv_stake_from_json(json_incref(table), "table", &t, &e) != GV_OK) {
		gv_err_print("gavel-chain", &e);
		goto cleanup;
	}
	have_t = 1;
	/* the block */
	blk = json_object();
	json_object_set_new(blk, "format", json_string(GV_BLOCK_FORMAT));
	json_object_set_new(blk, "marketplace", json_string(bs.marketplace));
	json_object_set_new(blk, "epoch", json_integer((json_int_t)bs.epoch));
	json_object_set_new(blk, "rollup", json_string(argv[3]));
	json_object_set_new(blk, "slot", json_integer((json_int_t)slot));
	memset(root, 0, sizeof(root));
	json_object_set_new(blk, "parent", hexstr(root, GV_HASH_LEN));
	gv_sig_test_keypair("gavel-chain sequencer", 0, pk, sk);
	json_object_set_new(blk, "sequencer", hexstr(pk, GV_PK_LEN));
	json_object_set_new(blk, "tx_count", json_integer((json_int_t)n));
	gv_block_list_root((const unsigned char (*)[GV_DIGEST_LEN])tx, n, root);
	json_object_set_new(blk, "tx_root", hexstr(root, GV_HASH_LEN));
	gv_block_list_root((const unsigned char (*)[GV_DIGEST_LEN])st, n, root);
	json_object_set_new(blk, "state_root", hexstr(root, GV_HASH_LEN));
	if (gv_block_parse(blk, "block", NULL, &b, &e) != GV_OK) {
		gv_err_print("gavel-chain", &e);
		rc = 2;
		goto cleanup;
	}
	/* its certificate */
	cert = json_object();
	sub = json_object();
	json_object_set_new(cert, "format", json_string(GV_CERT_FORMAT));
	json_object_set_new(cert, "marketplace", json_string(bs.marketplace));
	json_object_set_new(cert, "epoch", json_integer((json_int_t)bs.epoch));
	json_object_set_new(sub, "kind", json_string("block"));
	json_object_set_new(sub, "digest", hexstr(b.digest, GV_DIGEST_LEN));
	json_object_set_new(cert, "subject", sub);
	json_object_set_new(cert, "stake_table", hexstr(t.digest,
	    GV_DIGEST_LEN));
	json_object_set_new(cert, "signatures", json_array());
	for (i = 0; i < NVAL; i++) {
		gv_sig_test_keypair("gavel-chain", i, pk, sk);
		if (gv_cert_sign(cert, &t, i, sk) != GV_OK)
			goto cleanup;
	}
	if ((rc = save(argv[4], "table.json", table)) != GV_OK)
		goto cleanup;
	for (i = 1; i < n; i++) {
		json_t *o = json_object(), *pa = json_array();
		size_t k;

		if (gv_merkle_path((const unsigned char (*)[GV_HASH_LEN])leaf,
		    n, i, path, &plen) != 0) {
			json_decref(o);
			json_decref(pa);
			rc = 3;
			goto cleanup;
		}
		for (k = 0; k < plen; k++)
			json_array_append_new(pa, hexstr(path[k], GV_HASH_LEN));
		json_object_set(o, "block", blk);
		json_object_set(o, "certificate", cert);
		json_object_set_new(o, "leaf_index", json_integer((json_int_t)i));
		json_object_set_new(o, "path", pa);
		snprintf(name, sizeof(name), "order-%zu.json", i - 1);
		rc = save(argv[4], name, o);
		json_decref(o);
		if (rc != GV_OK)
			goto cleanup;
	}
	rc = 0;
cleanup:
	free(tx);
	free(st);
	free(leaf);
	json_decref(table);
	json_decref(blk);
	json_decref(cert);
	if (have_t)
		gv_stake_free(&t);
	if (have_bs)
		gv_bidset_free(&bs);
	return rc;
}
