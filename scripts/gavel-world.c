/* gavel-world.c: a consistent slashing world and its evidence corpus (formats/evidence.md) */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gmp.h>
#include <jansson.h>
#include <sodium.h>

#include "alloc.h"
#include "atomic.h"
#include "bidset.h"
#include "block.h"
#include "canon.h"
#include "cert.h"
#include "cli.h"
#include "delegation.h"
#include "json.h"
#include "merkle.h"
#include "receipt.h"
#include "sig.h"
#include "stake.h"

static const char synopsis[] = "gavel-world DIR";

static const char usage[] =
"usage: gavel-world DIR\n"
"\n"
"Build a consistent slashing world (validators, stake table, certified\n"
"allocation and slashing parameters, certified blocks with real Merkle\n"
"roots, honest and faulty receipts) and write one evidence file per case:\n"
"DIR/valid/slashing-*.json (slashable) and DIR/adversarial/slashing-*.json\n"
"(not slashable or malformed), plus DIR/slashing-world/ (the bid set,\n"
"allocation, stake table and block they embed; the stake table is the one\n"
"to trust: gavel-verify slashing --stake-table), and each case's separate\n"
"pieces in DIR/slashing-world/pieces/CASE/ (receipts, block, certificates,\n"
"proof, slot record: what gavel-evidence build takes). The forged case\n"
"(adversarial/slashing-forged-stake-table.json) embeds a stake table of\n"
"one accuser key that certifies everything itself. Issue 15's cases:\n"
"atomic receipts (gavel.receipt.v2, slashing-atomic-*), a gateway's\n"
"receipts with the sequencer's delegation (slashing-gateway-*), and the\n"
"atomic receipts to check on arrival in DIR/receipts/atomic-*.json.\n"
"Everything is deterministic: keys come from gv_sig_test_keypair(\n"
"\"gavel-world/validator\", \"gavel-world/sequencer\", \"gavel-world/accuser\",\n"
"\"gavel-world/holder\" or \"gavel-trustgen/gateway\", i) and are public\n"
"knowledge, for fixtures only.\n"
"\n"
"options:\n"
"  -h, --help          print this help and exit\n"
"  --version           print the versions of gavel, GMP, jansson and\n"
"                      libsodium and exit\n"
"  --list-options      print the options this tool parses, one a line\n"
"\n"
"exit status:\n"
"  0  written\n"
"  2  usage error\n"
"  3  a directory or file cannot be written, or an internal failure\n"
"\n"
"examples:\n"
"  gavel-world /tmp/world && cmp /tmp/world/valid/slashing-state.json \\\n"
"      corpus/valid/slashing-state.json\n"
"  gavel-world /tmp/world && gavel-verify slashing --stake-table \\\n"
"      /tmp/world/slashing-world/stake-table.json \\\n"
"      /tmp/world/valid/slashing-equivocation.json\n";

#define MKT "demo"
#define EPOCH 7
#define NVAL 4
#define NSEQ 3
#define NTX 5
#define QUORUM 0x7u		/* validators 0, 1, 2: 900 of 1000 */

struct key {
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];
	char hex[2 * GV_PK_LEN + 1];
};

struct blk {
	json_t *hdr;
	unsigned char tx[NTX][GV_DIGEST_LEN], st[NTX][GV_DIGEST_LEN];
	size_t n;
	unsigned char digest[GV_DIGEST_LEN];
};

static struct key val[NVAL], seq[NSEQ];
/* issue 15: the gateway of formats/delegation.md's example, a holder */
static struct key gw, holder;
static struct gv_stake_table table;
static json_t *ctx;		/* the certified context of every evidence */
static const char *outdir;

static void
fail(const char *what)
{
	fprintf(stderr, "gavel-world: %s\n", what);
	exit(3);
}

static json_t *
hexj(const unsigned char *p, size_t n)
{
	char h[2 * 64 + 1];

	gv_hex(h, p, n);
	return json_string(h);
}

static void
set(json_t *o, const char *k, json_t *v)
{
	if (v == NULL || json_object_set_new(o, k, v) != 0)
		fail("out of memory");
}

/* h = SHA-256(label || " " || rollup || " " || slot || " " || i) */
static void
item(unsigned char h[GV_DIGEST_LEN], const char *label, const char *rollup,
    unsigned long long slot, unsigned long long i)
{
	char s[160];

	snprintf(s, sizeof(s), "%s %s %llu %llu", label, rollup, slot, i);
	gv_sha256(h, s, strlen(s));
}

static void
write_doc(const char *sub, const char *name, const json_t *doc)
{
	struct gv_err e = { 0, "" };
	char path[4096], *s;

	snprintf(path, sizeof(path), "%s/%s", outdir, sub);
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		fail("cannot create a directory");
	snprintf(path, sizeof(path), "%s/%s/%s.json", outdir, sub, name);
	if ((s = json_dumps(doc, JSON_INDENT(2))) == NULL)
		fail("out of memory");
	s = realloc(s, strlen(s) + 2);
	if (s == NULL)
		fail("out of memory");
	strcat(s, "\n");
	if (gv_write_atomic(path, s, strlen(s), &e) != GV_OK)
		fail(e.msg);
	free(s);
}

/* A certificate of subject (kind, d) signed by the validators in mask. */
static json_t *
certify(const char *kind, const unsigned char d[GV_DIGEST_LEN], unsigned mask)
{
	json_t *c = json_object(), *sub = json_object();
	size_t i, v;

	if (c == NULL || sub == NULL)
		fail("out of memory");
	set(c, "format", json_string("gavel.certificate.v1"));
	set(c, "marketplace", json_string(MKT));
	set(c, "epoch", json_integer(EPOCH));
	set(sub, "kind", json_string(kind));
	set(sub, "digest", hexj(d, GV_DIGEST_LEN));
	set(c, "subject", sub);
	set(c, "stake_table", hexj(table.digest, GV_DIGEST_LEN));
	set(c, "signatures", json_array());
	for (i = 0; i < table.n; i++)
		for (v = 0; v < NVAL; v++)
			if ((mask >> v & 1) && memcmp(table.entries[i].key,
			    val[v].pk, GV_PK_LEN) == 0 &&
			    gv_cert_sign(c, &table, i, val[v].sk) != GV_OK)
				fail("cannot sign a certificate");
	return c;
}

static json_t *
stake_doc(void)
{
	static const char *const stakes[NVAL] = { "400", "300", "200", "100" };
	json_t *t = json_object(), *arr = json_array(), *x;
	size_t i, j, order[NVAL];

	if (t == NULL || arr == NULL)
		fail("out of memory");
	/* entries ascending by key (any order is valid; this one is canonical) */
	for (i = 0; i < NVAL; i++)
		order[i] = i;
	for (i = 0; i < NVAL; i++)
		for (j = i + 1; j < NVAL; j++)
			if (memcmp(val[order[j]].pk, val[order[i]].pk,
			    GV_PK_LEN) < 0) {
				size_t s = order[i];
				order[i] = order[j];
				order[j] = s;
			}
	set(t, "format", json_string("gavel.stake-table.v1"));
	set(t, "marketplace", json_string(MKT));
	set(t, "epoch", json_integer(EPOCH));
	for (i = 0; i < NVAL; i++) {
		if ((x = json_object()) == NULL)
			fail("out of memory");
		set(x, "key", json_string(val[order[i]].hex));
		set(x, "stake", json_string(stakes[order[i]]));
		json_array_append_new(arr, x);
	}
	set(t, "entries", arr);
	return t;
}

static json_t *
bid(const char *id, int who, const char *const *bundle, const char *amount)
{
	json_t *b = json_object(), *arr = json_array();

	if (b == NULL || arr == NULL)
		fail("out of memory");
	set(b, "id", json_string(id));
	set(b, "bidder", json_string(seq[who].hex));
	for (; *bundle != NULL; bundle++)
		json_array_append_new(arr, json_string(*bundle));
	set(b, "bundle", arr);
	set(b, "amount", json_string(amount));
	if (gv_bid_sign(b, MKT, EPOCH, seq[who].sk) != GV_OK)
		fail("cannot sign a bid");
	return b;
}

/*
 * The epoch's auction: sequencer 0 wins r-arb and r-op, sequencer 1 wins
 * r-zk, sequencer 2 loses, r-base is unsold. Returns the allocation.
 */
static json_t *
auction(void)
{
	static const char *const ids[] = { "r-arb", "r-base", "r-op", "r-zk" };
	static const char *const b0[] = { "r-arb", "r-op", NULL };
	static const char *const b1[] = { "r-zk", NULL };
	static const char *const b2[] = { "r-arb", NULL };
	struct gv_err e = { 0, "" };
	struct gv_bidset bs;
	struct gv_alloc a;
	json_t *root = json_object(), *x, *arr, *al;
	size_t i, win[2];

	if (root == NULL)
		fail("out of memory");
	set(root, "format", json_string(GV_BIDSET_FORMAT));
	set(root, "marketplace", json_string(MKT));
	set(root, "epoch", json_integer(EPOCH));
	x = json_object();
	set(x, "first", json_integer(7000));
	set(x, "count", json_integer(100));
	set(root, "slots", x);
	set(root, "mode", json_string("auction"));
	x = json_object();
	set(x, "bps", json_integer(0));
	set(x, "min_improvement", json_string("0"));
	set(root, "finder_fee", x);
	arr = json_array();
	for (i = 0; i < 4; i++) {
		x = json_object();
		set(x, "id", json_string(ids[i]));
		set(x, "reserve", json_string("100"));
		json_array_append_new(arr, x);
	}
	set(root, "rollups", arr);
	arr = json_array();
	json_array_append_new(arr, bid("b-seq0", 0, b0, "900"));
	json_array_append_new(arr, bid("b-seq1", 1, b1, "500"));
	json_array_append_new(arr, bid("b-seq2", 2, b2, "300"));
	set(root, "bids", arr);
	write_doc("slashing-world", "bidset", root);
	if (gv_bidset_from_json(root, "bidset", &bs, &e) != GV_OK)
		fail(e.msg);
	win[0] = (size_t)gv_bidset_bid(&bs, "b-seq0");
	win[1] = (size_t)gv_bidset_bid(&bs, "b-seq1");
	gv_alloc_init(&a);
	if (gv_alloc_compute(&bs, win, 2, &a, "allocation", &e) != GV_OK)
		fail(e.msg);
	/* 3 bids, 4 rollups: the optimum is plain to see (1500 = 900 + 500 + 100) */
	a.status = GV_ST_OPTIMAL;
	a.stop = GV_STOP_COMPLETE;
	mpz_set(a.bound, a.value);
	if ((al = gv_alloc_json(&bs, &a)) == NULL)
		fail("out of memory");
	write_doc("slashing-world", "allocation", al);
	gv_alloc_free(&a);
	gv_bidset_free(&bs);
	return al;
}

static json_t *
params_doc(void)
{
	json_t *p = json_object(), *pen = json_object();

	if (p == NULL || pen == NULL)
		fail("out of memory");
	set(p, "format", json_string("gavel.slashing-params.v1"));
	set(p, "marketplace", json_string(MKT));
	set(p, "epoch", json_integer(EPOCH));
	set(p, "collateral", json_string("1000000"));
	set(pen, "equivocation", json_string("1000000"));
	set(pen, "inclusion", json_string("250000"));
	set(pen, "liveness", json_string("100000"));
	set(pen, "state", json_string("500000"));
	set(p, "penalties", pen);
	return p;
}

static void
make_context(void)
{
	struct gv_err e = { 0, "" };
	unsigned char d[GV_DIGEST_LEN];
	json_t *st, *al, *pa;

	st = stake_doc();
	write_doc("slashing-world", "stake-table", st);
	json_incref(st);
	if (gv_stake_from_json(st, "stake-table", &table, &e) != GV_OK)
		fail(e.msg);
	al = auction();
	pa = params_doc();
	if ((ctx = json_object()) == NULL)
		fail("out of memory");
	set(ctx, "stake_table", st);
	set(ctx, "allocation", al);
	if (gv_digest(d, "allocation", MKT, EPOCH, al) != GV_OK)
		fail("cannot digest");
	set(ctx, "allocation_certificate", certify("allocation", d, QUORUM));
	set(ctx, "params", pa);
	if (gv_digest(d, "slashing-params", MKT, EPOCH, pa) != GV_OK)
		fail("cannot digest");
	set(ctx, "params_certificate", certify("slashing-params", d, QUORUM));
	/* the context's pieces, for gavel-evidence build */
	write_doc("slashing-world", "allocation-certificate",
	    json_object_get(ctx, "allocation_certificate"));
	write_doc("slashing-world", "params", pa);
	write_doc("slashing-world", "params-certificate",
	    json_object_get(ctx, "params_certificate"));
}

/*
 * The world's context with slashing parameters v2 (formats/slashing-
 * params.md, "Version 2"): an inclusion penalty of 250001 split 5000 bps to
 * the holder, 1667 burnt, 3333 to the treasury, so that rounding leaves a
 * remainder of 1 for the holder.
 */
static json_t *
context_v2(void)
{
	unsigned char d[GV_DIGEST_LEN];
	json_t *c = json_deep_copy(ctx), *pa = params_doc(), *rc, *arr, *o;
	static const struct { const char *to; int bps; } others[] = {
		{ "burn", 1667 }, { "treasury", 3333 } };
	size_t i;

	if (c == NULL || (rc = json_object()) == NULL ||
	    (arr = json_array()) == NULL)
		fail("out of memory");
	set(pa, "format", json_string("gavel.slashing-params.v2"));
	set(json_object_get(pa, "penalties"), "inclusion",
	    json_string("250001"));
	set(rc, "holder_bps", json_integer(5000));
	for (i = 0; i < 2; i++) {
		if ((o = json_object()) == NULL)
			fail("out of memory");
		set(o, "to", json_string(others[i].to));
		set(o, "bps", json_integer(others[i].bps));
		json_array_append_new(arr, o);
	}
	set(rc, "others", arr);
	set(pa, "recipients", rc);
	if (gv_digest(d, "slashing-params", MKT, EPOCH, pa) != GV_OK)
		fail("cannot digest");
	set(c, "params", pa);
	set(c, "params_certificate", certify("slashing-params", d, QUORUM));
	return c;
}

/* A block of n transactions of rollup at slot by sequencer who. */
static void
make_block(struct blk *b, const char *rollup, unsigned long long slot,
    int who, size_t n)
{
	unsigned char root[GV_DIGEST_LEN], parent[GV_DIGEST_LEN];
	json_t *h = json_object();
	size_t i;

	if (h == NULL)
		fail("out of memory");
	b->n = n;
	for (i = 0; i < n; i++) {
		item(b->tx[i], "gavel-world tx", rollup, slot, i);
		item(b->st[i], "gavel-world state", rollup, slot, i);
	}
	item(parent, "gavel-world block", rollup, slot - 1, 0);
	set(h, "format", json_string(GV_BLOCK_FORMAT));
	set(h, "marketplace", json_string(MKT));
	set(h, "epoch", json_integer(EPOCH));
	set(h, "rollup", json_string(rollup));
	set(h, "slot", json_integer((json_int_t)slot));
	set(h, "parent", hexj(parent, GV_DIGEST_LEN));
	set(h, "sequencer", json_string(seq[who].hex));
	set(h, "tx_count", json_integer((json_int_t)n));
	if (gv_block_list_root((const unsigned char (*)[GV_DIGEST_LEN])b->tx,
	    n, root) != GV_OK)
		fail("cannot compute a root");
	set(h, "tx_root", hexj(root, GV_DIGEST_LEN));
	if (gv_block_list_root((const unsigned char (*)[GV_DIGEST_LEN])b->st,
	    n, root) != GV_OK)
		fail("cannot compute a root");
	set(h, "state_root", hexj(root, GV_DIGEST_LEN));
	if (gv_digest(b->digest, "block", MKT, EPOCH, h) != GV_OK)
		fail("cannot digest");
	b->hdr = h;
}

/* {"index", "leaf", "path"}: the audit path of items[index] */
static json_t *
proof(unsigned char (*items)[GV_DIGEST_LEN], size_t n, size_t index,
    size_t path_of)
{
	unsigned char leaves[NTX][GV_HASH_LEN], path[64][GV_HASH_LEN];
	json_t *p = json_object(), *arr = json_array();
	size_t i, len = 0;

	if (p == NULL || arr == NULL)
		fail("out of memory");
	for (i = 0; i < n; i++)
		gv_merkle_leaf(items[i], GV_DIGEST_LEN, leaves[i]);
	if (gv_merkle_path((const unsigned char (*)[GV_HASH_LEN])leaves, n,
	    path_of, path, &len) != 0)
		fail("cannot compute a path");
	set(p, "index", json_integer((json_int_t)index));
	set(p, "leaf", hexj(items[path_of], GV_DIGEST_LEN));
	for (i = 0; i < len; i++)
		json_array_append_new(arr, hexj(path[i], GV_HASH_LEN));
	set(p, "path", arr);
	return p;
}

static json_t *
receipt(int who, const char *rollup, unsigned long long slot, int kind,
    unsigned long long pos, const unsigned char v[GV_DIGEST_LEN])
{
	json_t *r = json_object(), *pr = json_object();

	if (r == NULL || pr == NULL)
		fail("out of memory");
	set(r, "format", json_string(GV_RECEIPT_FORMAT));
	set(r, "marketplace", json_string(MKT));
	set(r, "epoch", json_integer(EPOCH));
	set(r, "rollup", json_string(rollup));
	set(r, "slot", json_integer((json_int_t)slot));
	set(r, "sequencer", json_string(seq[who].hex));
	set(pr, "kind", json_string(kind == GV_PROMISE_TX ? "tx" : "state"));
	set(pr, "position", json_integer((json_int_t)pos));
	set(pr, kind == GV_PROMISE_TX ? "tx" : "root",
	    hexj(v, GV_DIGEST_LEN));
	set(r, "promise", pr);
	if (gv_receipt_sign(r, seq[who].sk) != GV_OK)
		fail("cannot sign a receipt");
	return r;
}

/* One leg of an atomic receipt: a tx promise on rollup. */
static json_t *
leg(const char *rollup, unsigned long long pos,
    const unsigned char v[GV_DIGEST_LEN])
{
	json_t *l = json_object(), *pr = json_object();

	if (l == NULL || pr == NULL)
		fail("out of memory");
	set(pr, "kind", json_string("tx"));
	set(pr, "position", json_integer((json_int_t)pos));
	set(pr, "tx", hexj(v, GV_DIGEST_LEN));
	set(l, "rollup", json_string(rollup));
	set(l, "promise", pr);
	return l;
}

/*
 * An atomic receipt (gavel.receipt.v2) of two legs, in slot, to the
 * world's holder, signed by k with a collateral of 1200000.
 */
static json_t *
receipt2(const struct key *k, unsigned long long slot, json_t *l0,
    json_t *l1)
{
	json_t *r = json_object(), *legs = json_array();

	if (r == NULL || legs == NULL)
		fail("out of memory");
	set(r, "format", json_string(GV_RECEIPT_FORMAT_V2));
	set(r, "marketplace", json_string(MKT));
	set(r, "epoch", json_integer(EPOCH));
	set(r, "slot", json_integer((json_int_t)slot));
	set(r, "sequencer", json_string(k->hex));
	set(r, "holder", json_string(holder.hex));
	set(r, "collateral", json_string("1200000"));
	json_array_append_new(legs, l0);
	if (l1 != NULL)
		json_array_append_new(legs, l1);
	set(r, "legs", legs);
	if (gv_receipt_sign(r, k->sk) != GV_OK)
		fail("cannot sign a receipt");
	return r;
}

/* A v1 receipt by the gateway: r-arb at slot, a tx promise at pos. */
static json_t *
gw_receipt(unsigned long long slot, unsigned long long pos,
    const unsigned char v[GV_DIGEST_LEN])
{
	json_t *r = receipt(0, "r-arb", slot, GV_PROMISE_TX, pos, v);

	set(r, "sequencer", json_string(gw.hex));
	if (gv_receipt_sign(r, gw.sk) != GV_OK)
		fail("cannot sign a receipt");
	return r;
}

/*
 * Sequencer 0 hands r-arb in slots 7000..7049 to the gateway: the
 * delegation of formats/examples/delegation-demo.json.
 */
static json_t *
delegation(void)
{
	json_t *d = json_object(), *ro = json_array(), *sl = json_object();

	if (d == NULL || ro == NULL || sl == NULL)
		fail("out of memory");
	set(d, "format", json_string(GV_DELEGATION_FORMAT));
	set(d, "marketplace", json_string(MKT));
	set(d, "epoch", json_integer(EPOCH));
	set(d, "sequencer", json_string(seq[0].hex));
	set(d, "gateway", json_string(gw.hex));
	json_array_append_new(ro, json_string("r-arb"));
	set(d, "rollups", ro);
	set(sl, "first", json_integer(7000));
	set(sl, "count", json_integer(50));
	set(d, "slots", sl);
	if (gv_delegation_sign(d, seq[0].sk) != GV_OK)
		fail("cannot sign a delegation");
	return d;
}

/*
 * A second valid Ed25519 signature by the same key over the same digest:
 * the nonce r comes from nonce_label instead of RFC 8032's H(prefix || M).
 */
static void
resign(json_t *receipt, int who, const char *nonce_label)
{
	struct gv_err e = { 0, "" };
	struct gv_receipt r;
	crypto_hash_sha512_state hs;
	unsigned char az[64], a64[64], a[32], rh[64], rn[32], R[32], hram[64];
	unsigned char k[32], ka[32], S[32], sig[GV_SIG_LEN];

	if (gv_receipt_parse(receipt, "receipt", NULL, &r, &e) != GV_OK)
		fail(e.msg);
	crypto_hash_sha512(az, seq[who].sk, 32);
	az[0] &= 248;
	az[31] &= 127;
	az[31] |= 64;
	memset(a64, 0, sizeof(a64));
	memcpy(a64, az, 32);
	crypto_core_ed25519_scalar_reduce(a, a64);
	crypto_hash_sha512(rh, (const unsigned char *)nonce_label,
	    strlen(nonce_label));
	crypto_core_ed25519_scalar_reduce(rn, rh);
	if (crypto_scalarmult_ed25519_base_noclamp(R, rn) != 0)
		fail("bad nonce");
	crypto_hash_sha512_init(&hs);
	crypto_hash_sha512_update(&hs, R, 32);
	crypto_hash_sha512_update(&hs, seq[who].pk, 32);
	crypto_hash_sha512_update(&hs, r.digest, GV_DIGEST_LEN);
	crypto_hash_sha512_final(&hs, hram);
	crypto_core_ed25519_scalar_reduce(k, hram);
	crypto_core_ed25519_scalar_mul(ka, k, a);
	crypto_core_ed25519_scalar_add(S, rn, ka);
	memcpy(sig, R, 32);
	memcpy(sig + 32, S, 32);
	if (!gv_sig_verify(seq[who].pk, r.digest, GV_DIGEST_LEN, sig) ||
	    memcmp(sig, r.sig, GV_SIG_LEN) == 0)
		fail("second signature does not verify");
	set(receipt, "sig", hexj(sig, GV_SIG_LEN));
}

static int
receipt_cmp(const json_t *x, const json_t *y)
{
	struct gv_err e = { 0, "" };
	struct gv_receipt a, b;

	if (gv_receipt_parse(x, "receipt", NULL, &a, &e) != GV_OK ||
	    gv_receipt_parse(y, "receipt", NULL, &b, &e) != GV_OK)
		fail(e.msg);
	return memcmp(a.digest, b.digest, GV_DIGEST_LEN);
}

/* The evidence skeleton; receipts are taken over (y may be NULL). */
static json_t *
evidence(const char *kind, json_t *x, json_t *y, int sorted)
{
	json_t *ev = json_object(), *arr = json_array(), *t;

	if (ev == NULL || arr == NULL)
		fail("out of memory");
	if (y != NULL && (receipt_cmp(x, y) > 0) == sorted) {
		t = x;
		x = y;
		y = t;
	}
	set(ev, "format", json_string("gavel.evidence.v1"));
	set(ev, "marketplace", json_string(MKT));
	set(ev, "epoch", json_integer(EPOCH));
	set(ev, "kind", json_string(kind));
	set(ev, "context", json_deep_copy(ctx));
	json_array_append_new(arr, x);
	if (y != NULL)
		json_array_append_new(arr, y);
	set(ev, "receipts", arr);
	return ev;
}

/* Add the block, its certificate (signers in mask) and a proof (or none). */
static void
with_block(json_t *ev, const struct blk *b, unsigned mask, json_t *pf)
{
	set(ev, "block", json_deep_copy(b->hdr));
	set(ev, "block_certificate", certify("block", b->digest, mask));
	if (pf != NULL)
		set(ev, "proof", pf);
}

/*
 * The separate pieces of evidence ev, as its builder holds them, into
 * DIR/slashing-world/pieces/NAME/ (what gavel-evidence build takes): the
 * receipt(s), a delegation, the block and its certificate, the proof, or
 * the slot record and its certificate. The context pieces are shared
 * (make_context), but for those of a case whose context differs.
 */
static void
pieces(const char *name, const json_t *ev)
{
	static const char *const keys[] = { "delegation", "block",
		"block_certificate", "proof", "slot_record",
		"slot_record_certificate" };
	static const char *const files[] = { "delegation", "block",
		"block-certificate", "proof", "slot-record",
		"slot-record-certificate" };
	static const char *const ckeys[] = { "allocation",
		"allocation_certificate", "params", "params_certificate" };
	static const char *const cfiles[] = { "allocation",
		"allocation-certificate", "params", "params-certificate" };
	const json_t *rs = json_object_get(ev, "receipts");
	const json_t *c = json_object_get(ev, "context"), *x;
	char sub[256], f[32];
	size_t i;

	snprintf(sub, sizeof(sub), "%s/slashing-world/pieces", outdir);
	if (mkdir(sub, 0777) != 0 && errno != EEXIST)
		fail("cannot create a directory");
	snprintf(sub, sizeof(sub), "slashing-world/pieces/%s", name);
	for (i = 0; i < json_array_size(rs); i++) {
		if (json_array_size(rs) == 1)
			snprintf(f, sizeof(f), "receipt");
		else
			snprintf(f, sizeof(f), "receipt-%zu", i + 1);
		write_doc(sub, f, json_array_get(rs, i));
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (json_object_get(ev, keys[i]) != NULL)
			write_doc(sub, files[i], json_object_get(ev, keys[i]));
	for (i = 0; i < sizeof(ckeys) / sizeof(ckeys[0]); i++)
		if ((x = json_object_get(c, ckeys[i])) != NULL &&
		    !json_equal(x, json_object_get(ctx, ckeys[i])))
			write_doc(sub, cfiles[i], x);
}

static void
emit(const char *sub, const char *name, json_t *ev)
{
	write_doc(sub, name, ev);
	/* the builder sorts receipts and takes the caller's table: these
	 * two cannot be built from pieces, by design */
	if (strcmp(name, "slashing-equivocation-reversed") != 0 &&
	    strcmp(name, "slashing-forged-stake-table") != 0)
		pieces(name, ev);
	json_decref(ev);
}

static json_t *
slot_record(const char *rollup, unsigned long long slot, int who,
    unsigned char d[GV_DIGEST_LEN])
{
	json_t *s = json_object();

	if (s == NULL)
		fail("out of memory");
	set(s, "format", json_string(GV_SLOT_RECORD_FORMAT));
	set(s, "marketplace", json_string(MKT));
	set(s, "epoch", json_integer(EPOCH));
	set(s, "rollup", json_string(rollup));
	set(s, "slot", json_integer((json_int_t)slot));
	set(s, "sequencer", json_string(seq[who].hex));
	if (gv_digest(d, "slot-record", MKT, EPOCH, s) != GV_OK)
		fail("cannot digest");
	return s;
}

/* A certificate of subject (kind, d) by entry 0 of t, whose key is k. */
static json_t *
certify_by(const struct gv_stake_table *t, const struct key *k,
    const char *kind, const unsigned char d[GV_DIGEST_LEN])
{
	json_t *c = json_object(), *sub = json_object();

	if (c == NULL || sub == NULL)
		fail("out of memory");
	set(c, "format", json_string("gavel.certificate.v1"));
	set(c, "marketplace", json_string(MKT));
	set(c, "epoch", json_integer(EPOCH));
	set(sub, "kind", json_string(kind));
	set(sub, "digest", hexj(d, GV_DIGEST_LEN));
	set(c, "subject", sub);
	set(c, "stake_table", hexj(t->digest, GV_DIGEST_LEN));
	set(c, "signatures", json_array());
	if (gv_cert_sign(c, t, 0, k->sk) != GV_OK)
		fail("cannot sign a certificate");
	return c;
}

/*
 * Forged evidence against an honest sequencer (issue 19): the receipt of
 * slashing-inclusion-honest (a kept promise), a stake table holding one
 * key of the accuser's, the real allocation and raised penalties
 * re-certified by that key, and a block "certified" by it with no
 * transaction, so the promised position does not exist. Under its own
 * table it proves a fault; under the trusted table it proves nothing.
 */
static void
forged(const struct blk *honest)
{
	struct gv_err e = { 0, "" };
	struct gv_stake_table ft;
	struct key acc;
	struct blk empty;
	unsigned char d[GV_DIGEST_LEN];
	json_t *st, *arr, *x, *c, *al, *pa, *ev;

	gv_sig_test_keypair("gavel-world/accuser", 0, acc.pk, acc.sk);
	gv_hex(acc.hex, acc.pk, GV_PK_LEN);
	st = json_object();
	arr = json_array();
	x = json_object();
	c = json_object();
	if (st == NULL || arr == NULL || x == NULL || c == NULL)
		fail("out of memory");
	set(st, "format", json_string("gavel.stake-table.v1"));
	set(st, "marketplace", json_string(MKT));
	set(st, "epoch", json_integer(EPOCH));
	set(x, "key", json_string(acc.hex));
	set(x, "stake", json_string("1"));
	json_array_append_new(arr, x);
	set(st, "entries", arr);
	json_incref(st);
	if (gv_stake_from_json(st, "forged stake table", &ft, &e) != GV_OK)
		fail(e.msg);
	al = json_deep_copy(json_object_get(ctx, "allocation"));
	pa = params_doc();
	set(json_object_get(pa, "penalties"), "inclusion",
	    json_string("1000000"));
	set(c, "stake_table", st);
	set(c, "allocation", al);
	if (gv_digest(d, "allocation", MKT, EPOCH, al) != GV_OK)
		fail("cannot digest");
	set(c, "allocation_certificate", certify_by(&ft, &acc, "allocation",
	    d));
	set(c, "params", pa);
	if (gv_digest(d, "slashing-params", MKT, EPOCH, pa) != GV_OK)
		fail("cannot digest");
	set(c, "params_certificate", certify_by(&ft, &acc, "slashing-params",
	    d));
	ev = evidence("inclusion", receipt(0, "r-arb", 7003, GV_PROMISE_TX, 2,
	    honest->tx[2]), NULL, 1);
	set(ev, "context", c);
	make_block(&empty, "r-arb", 7003, 0, 0);
	set(ev, "block", empty.hdr);
	set(ev, "block_certificate", certify_by(&ft, &acc, "block",
	    empty.digest));
	emit("adversarial", "slashing-forged-stake-table", ev);
	gv_stake_free(&ft);
}

static void
liveness(const char *sub, const char *name, unsigned long long rec_slot)
{
	unsigned char d[GV_DIGEST_LEN], x[GV_DIGEST_LEN];
	json_t *ev, *rec;

	item(x, "gavel-world promised tx", "r-zk", 7010, 0);
	ev = evidence("liveness", receipt(1, "r-zk", 7010, GV_PROMISE_TX, 0,
	    x), NULL, 1);
	rec = slot_record("r-zk", rec_slot, 1, d);
	set(ev, "slot_record", rec);
	set(ev, "slot_record_certificate", certify("slot-record", d, QUORUM));
	emit(sub, name, ev);
}

/* A gateway's receipt for r-arb at slot, broken by a missed slot. */
static void
gw_liveness(const char *sub, const char *name, unsigned long long slot)
{
	unsigned char d[GV_DIGEST_LEN], x[GV_DIGEST_LEN];
	json_t *ev;

	item(x, "gavel-world promised tx", "r-arb", slot, 0);
	ev = evidence("liveness", gw_receipt(slot, 0, x), NULL, 1);
	set(ev, "delegation", delegation());
	set(ev, "slot_record", slot_record("r-arb", slot, 0, d));
	set(ev, "slot_record_certificate", certify("slot-record", d, QUORUM));
	emit(sub, name, ev);
}

/*
 * Issue 15: an atomic receipt on r-arb and r-op in slot 7003 (the r-op
 * leg missing, or kept), and a gateway's receipts. Also writes the
 * receipts for gavel-verify receipt to DIR/receipts/atomic-*.json.
 */
static void
promises(struct blk *a)
{
	unsigned char x[GV_DIGEST_LEN], y[GV_DIGEST_LEN];
	struct blk b;
	json_t *ev, *r;

	make_block(&b, "r-op", 7003, 0, NTX);
	write_doc("slashing-world", "block-r-op-7003", b.hdr);
	item(y, "gavel-world promised tx", "r-op", 7003, 3);

	/* the r-arb leg kept, the r-op leg missing: slashable, leg 1 */
	r = receipt2(&seq[0], 7003, leg("r-arb", 1, a->tx[1]),
	    leg("r-op", 3, y));
	write_doc("receipts", "atomic-scheduled", r);
	ev = evidence("inclusion", r, NULL, 1);
	set(ev, "context", context_v2());
	set(ev, "leg", json_integer(1));
	with_block(ev, &b, QUORUM, proof(b.tx, b.n, 3, 3));
	emit("valid", "slashing-atomic-missing-leg", ev);

	/* every leg kept: the r-op block holds leg 1, not slashable */
	r = receipt2(&seq[0], 7003, leg("r-arb", 1, a->tx[1]),
	    leg("r-op", 3, b.tx[3]));
	ev = evidence("inclusion", r, NULL, 1);
	set(ev, "context", context_v2());
	set(ev, "leg", json_integer(1));
	with_block(ev, &b, QUORUM, proof(b.tx, b.n, 3, 3));
	emit("adversarial", "slashing-atomic-kept", ev);

	/* a leg on a rollup sequencer 0 does not hold: binds nothing */
	write_doc("receipts", "atomic-other-sequencer", r = receipt2(&seq[0],
	    7003, leg("r-arb", 1, a->tx[1]), leg("r-zk", 0, y)));
	json_decref(r);
	/* the gateway's: r-arb alone binds, r-arb with r-op is not covered */
	write_doc("receipts", "atomic-via-gateway", r = receipt2(&gw, 7003,
	    leg("r-arb", 2, y), NULL));
	json_decref(r);
	write_doc("receipts", "atomic-via-gateway-uncovered", r = receipt2(
	    &gw, 7003, leg("r-arb", 2, y), leg("r-op", 3, y)));
	json_decref(r);

	/* a gateway's broken promises: attributed to the gateway */
	item(x, "gavel-world promised tx", "r-arb", 7003, 2);
	ev = evidence("inclusion", gw_receipt(7003, 2, x), NULL, 1);
	set(ev, "delegation", delegation());
	with_block(ev, a, QUORUM, proof(a->tx, a->n, 2, 2));
	emit("valid", "slashing-gateway-inclusion", ev);
	gw_liveness("valid", "slashing-gateway-liveness", 7010);
	gw_liveness("adversarial", "slashing-gateway-uncovered", 7060);

	/* the gateway promised two transactions at one position */
	item(x, "gavel-world promised tx", "r-arb", 7005, 0);
	item(y, "gavel-world other tx", "r-arb", 7005, 0);
	ev = evidence("equivocation", gw_receipt(7005, 0, x), gw_receipt(7005,
	    0, y), 1);
	set(ev, "delegation", delegation());
	emit("valid", "slashing-gateway-equivocation", ev);

	/* an atomic receipt for slot 7020, whose r-op slot closed empty */
	item(x, "gavel-world promised tx", "r-arb", 7020, 0);
	item(y, "gavel-world promised tx", "r-op", 7020, 0);
	ev = evidence("liveness", receipt2(&seq[0], 7020, leg("r-arb", 0, x),
	    leg("r-op", 0, y)), NULL, 1);
	set(ev, "context", context_v2());
	set(ev, "leg", json_integer(1));
	{
		unsigned char d[GV_DIGEST_LEN];

		set(ev, "slot_record", slot_record("r-op", 7020, 0, d));
		set(ev, "slot_record_certificate", certify("slot-record", d,
		    QUORUM));
	}
	emit("valid", "slashing-atomic-liveness", ev);
	json_decref(b.hdr);
}

static void
equivocation(const char *sub, const char *name, int variant)
{
	unsigned char a[GV_DIGEST_LEN], b[GV_DIGEST_LEN];
	json_t *x, *y;

	item(a, "gavel-world promised tx", "r-op", 7005, 0);
	item(b, "gavel-world other tx", "r-op", 7005, 0);
	x = receipt(0, "r-op", 7005, GV_PROMISE_TX, 0, a);
	switch (variant) {
	case 1:		/* the same receipt twice */
		y = json_deep_copy(x);
		break;
	case 2:		/* the same promise, signed twice */
		y = json_deep_copy(x);
		resign(y, 0, "gavel-world second nonce");
		break;
	case 4:		/* another position */
		y = receipt(0, "r-op", 7005, GV_PROMISE_TX, 1, b);
		break;
	default:
		y = receipt(0, "r-op", 7005, GV_PROMISE_TX, 0, b);
		break;
	}
	emit(sub, name, evidence("equivocation", x, y, variant != 3));
}

int
main(int argc, char **argv)
{
	unsigned char x[GV_DIGEST_LEN], lh[2][GV_HASH_LEN], node[GV_HASH_LEN];
	struct blk a;
	json_t *ev, *r, *pf, *arr;
	size_t i;

	static const struct option lo[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "list-options", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	static const char shortopts[] = ":h";
	int c;

	opterr = 0;	/* gv_cli_bad_option says what was wrong */
	while ((c = getopt_long(argc, argv, shortopts, lo, NULL)) != -1) {
		switch (c) {
		case 'h': fputs(usage, stdout); return 0;
		case 'V': gv_cli_version("gavel-world", NULL); return 0;
		case 'L': gv_cli_list_options(lo, shortopts); return 0;
		default:
			return gv_cli_bad_option("gavel-world", synopsis, c, argv);
		}
	}
	if (argc - optind != 1)
		return gv_cli_usage("gavel-world", synopsis, argc == optind ?
		    NULL : "expected one DIR, got %d arguments", argc - optind);
	outdir = argv[optind];
	if (mkdir(outdir, 0777) != 0 && errno != EEXIST)
		fail("cannot create the output directory");
	if (gv_sig_init() != 0)
		fail("libsodium failed to start");
	for (i = 0; i < NVAL; i++) {
		gv_sig_test_keypair("gavel-world/validator", i, val[i].pk,
		    val[i].sk);
		gv_hex(val[i].hex, val[i].pk, GV_PK_LEN);
	}
	for (i = 0; i < NSEQ; i++) {
		gv_sig_test_keypair("gavel-world/sequencer", i, seq[i].pk,
		    seq[i].sk);
		gv_hex(seq[i].hex, seq[i].pk, GV_PK_LEN);
	}
	gv_sig_test_keypair("gavel-trustgen/gateway", 0, gw.pk, gw.sk);
	gv_hex(gw.hex, gw.pk, GV_PK_LEN);
	gv_sig_test_keypair("gavel-world/holder", 0, holder.pk, holder.sk);
	gv_hex(holder.hex, holder.pk, GV_PK_LEN);
	make_context();
	make_block(&a, "r-arb", 7003, 0, NTX);
	write_doc("slashing-world", "block-r-arb-7003", a.hdr);
	item(x, "gavel-world promised tx", "r-arb", 7003, 2);

	/* slashable: one per fault kind, and an inclusion past the end */
	ev = evidence("inclusion", receipt(0, "r-arb", 7003, GV_PROMISE_TX, 2,
	    x), NULL, 1);
	with_block(ev, &a, QUORUM, proof(a.tx, a.n, 2, 2));
	emit("valid", "slashing-inclusion", ev);
	ev = evidence("inclusion", receipt(0, "r-arb", 7003, GV_PROMISE_TX, 7,
	    x), NULL, 1);
	with_block(ev, &a, QUORUM, NULL);
	emit("valid", "slashing-inclusion-past-end", ev);
	ev = evidence("state", receipt(0, "r-arb", 7003, GV_PROMISE_STATE, 1,
	    x), NULL, 1);
	with_block(ev, &a, QUORUM, proof(a.st, a.n, 1, 1));
	emit("valid", "slashing-state", ev);
	equivocation("valid", "slashing-equivocation", 0);
	liveness("valid", "slashing-liveness", 7010);

	/* not slashable: who signed */
	ev = evidence("inclusion", receipt(2, "r-arb", 7003, GV_PROMISE_TX, 2,
	    x), NULL, 1);
	with_block(ev, &a, QUORUM, proof(a.tx, a.n, 2, 2));
	emit("adversarial", "slashing-unscheduled-key", ev);
	ev = evidence("inclusion", receipt(2, "r-base", 7003, GV_PROMISE_TX,
	    2, x), NULL, 1);
	with_block(ev, &a, QUORUM, proof(a.tx, a.n, 2, 2));
	emit("adversarial", "slashing-unsold-rollup", ev);
	ev = evidence("inclusion", receipt(0, "r-arb", 7100, GV_PROMISE_TX, 2,
	    x), NULL, 1);
	with_block(ev, &a, QUORUM, proof(a.tx, a.n, 2, 2));
	emit("adversarial", "slashing-outside-slots", ev);
	r = receipt(0, "r-arb", 7003, GV_PROMISE_TX, 2, x);
	json_object_set_new(json_object_get(r, "promise"), "position",
	    json_integer(3));
	ev = evidence("inclusion", r, NULL, 1);
	with_block(ev, &a, QUORUM, proof(a.tx, a.n, 3, 3));
	emit("adversarial", "slashing-bad-receipt-sig", ev);

	/* not slashable: the block */
	ev = evidence("inclusion", receipt(0, "r-arb", 7004, GV_PROMISE_TX, 2,
	    x), NULL, 1);
	with_block(ev, &a, QUORUM, proof(a.tx, a.n, 2, 2));
	emit("adversarial", "slashing-block-other-slot", ev);
	ev = evidence("inclusion", receipt(0, "r-op", 7003, GV_PROMISE_TX, 2,
	    x), NULL, 1);
	with_block(ev, &a, QUORUM, proof(a.tx, a.n, 2, 2));
	emit("adversarial", "slashing-block-other-rollup", ev);
	ev = evidence("inclusion", receipt(0, "r-arb", 7003, GV_PROMISE_TX, 2,
	    x), NULL, 1);
	with_block(ev, &a, 0x8, proof(a.tx, a.n, 2, 2));
	emit("adversarial", "slashing-block-no-quorum", ev);

	/* not slashable: the proof */
	ev = evidence("inclusion", receipt(0, "r-arb", 7003, GV_PROMISE_TX, 2,
	    a.tx[2]), NULL, 1);
	with_block(ev, &a, QUORUM, proof(a.tx, a.n, 2, 2));
	emit("adversarial", "slashing-inclusion-honest", ev);
	ev = evidence("state", receipt(0, "r-arb", 7003, GV_PROMISE_STATE, 1,
	    a.st[1]), NULL, 1);
	with_block(ev, &a, QUORUM, proof(a.st, a.n, 1, 1));
	emit("adversarial", "slashing-state-honest", ev);
	ev = evidence("inclusion", receipt(0, "r-arb", 7003, GV_PROMISE_TX, 2,
	    x), NULL, 1);
	with_block(ev, &a, QUORUM, proof(a.tx, a.n, 1, 1));
	emit("adversarial", "slashing-proof-wrong-index", ev);
	ev = evidence("inclusion", receipt(0, "r-arb", 7003, GV_PROMISE_TX, 2,
	    x), NULL, 1);
	with_block(ev, &a, QUORUM, proof(a.tx, a.n, 2, 3));
	emit("adversarial", "slashing-proof-other-path", ev);
	ev = evidence("inclusion", receipt(0, "r-arb", 7003, GV_PROMISE_TX, 2,
	    x), NULL, 1);
	with_block(ev, &a, QUORUM, NULL);
	emit("adversarial", "slashing-proof-missing", ev);
	/* an inner node (over leaves 2 and 3) passed off as the leaf at 2 */
	gv_merkle_leaf(a.tx[2], GV_DIGEST_LEN, lh[0]);
	gv_merkle_leaf(a.tx[3], GV_DIGEST_LEN, lh[1]);
	gv_merkle_node(lh[0], lh[1], node);
	pf = proof(a.tx, a.n, 2, 2);
	set(pf, "leaf", hexj(node, GV_HASH_LEN));
	arr = json_object_get(pf, "path");
	json_array_remove(arr, 0);
	ev = evidence("inclusion", receipt(0, "r-arb", 7003, GV_PROMISE_TX, 2,
	    x), NULL, 1);
	with_block(ev, &a, QUORUM, pf);
	emit("adversarial", "slashing-proof-inner-node", ev);

	/* not slashable or not canonical: equivocation */
	equivocation("adversarial", "slashing-equivocation-same-receipt", 1);
	equivocation("adversarial", "slashing-equivocation-resigned", 2);
	equivocation("adversarial", "slashing-equivocation-reversed", 3);
	equivocation("adversarial", "slashing-equivocation-other-position", 4);

	/* not slashable: liveness */
	liveness("adversarial", "slashing-liveness-other-slot", 7011);

	/* not slashable: a validator set of the accuser's choosing */
	forged(&a);

	/* issue 15: atomic receipts, gateways, recipients */
	promises(&a);

	json_decref(a.hdr);
	json_decref(ctx);
	gv_stake_free(&table);
	return 0;
}
