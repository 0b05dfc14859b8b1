/* gavel-certgen.c: deterministic stake tables, certificates and inclusion proofs for the corpus and benchmarks (formats/certificate.md, formats/stake-table.md, formats/inclusion-proof.md) */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "canon.h"
#include "cert.h"
#include "cli.h"
#include "json.h"
#include "merkle.h"
#include "sig.h"
#include "stake.h"

static const char synopsis[] =
    "gavel-certgen corpus OUTDIR ALLOCATION.json | bench N OUTDIR | "
    "--bench-raw N";

static const char usage[] =
"usage: gavel-certgen corpus OUTDIR ALLOCATION.json\n"
"       gavel-certgen bench N OUTDIR\n"
"       gavel-certgen --bench-raw N\n"
"\n"
"corpus: write the certificate and inclusion-proof corpus into\n"
"OUTDIR/{valid,invalid,adversarial}/. ALLOCATION.json is the subject of\n"
"the allocation certificates (cert-allocation.*, cert-subject-mismatch.*):\n"
"that very document, certified in its own marketplace and epoch; anything\n"
"but an allocation (format gavel.allocation.*, a marketplace, an epoch, no\n"
"real number) is refused and nothing is written. The committed corpus\n"
"comes from formats/examples/allocation-demo.json.\n"
"bench: OUTDIR/table.json and OUTDIR/cert.json, N equal stakes (1 to the\n"
"stake table's limit), all sign.\n"
"Keys are gv_sig_test_keypair(\"gavel-certgen\", i): public knowledge, for\n"
"fixtures only. The same arguments give the same bytes.\n"
"\n"
"options:\n"
"  --bench-raw N       time N Ed25519 verifications on one core and print\n"
"                      the figure (no default: N is required)\n"
"  -h, --help          print this help and exit\n"
"  --version           print the versions of gavel, GMP, jansson and\n"
"                      libsodium and exit\n"
"  --list-options      print the options this tool parses, one a line\n"
"\n"
"exit status:\n"
"  0  written (or timed)\n"
"  2  usage error, unreadable or malformed ALLOCATION.json, or not an\n"
"     allocation\n"
"  3  internal failure: a file cannot be written, out of memory\n"
"\n"
"examples:\n"
"  gavel-certgen corpus /tmp/certs formats/examples/allocation-demo.json &&\n"
"      cmp /tmp/certs/valid/cert-block.cert.json \\\n"
"      corpus/valid/cert-block.cert.json\n"
"  gavel-certgen bench 1000 /tmp/bench1000 && gavel-verify certificate \\\n"
"      /tmp/bench1000/table.json /tmp/bench1000/cert.json\n"
"  gavel-certgen --bench-raw 10000\n";

#define LABEL "gavel-certgen"
#define MAX256 "11579208923731619542357098500868790785326998466564056403945" \
	"7584007913129639935"
#define POW256 "11579208923731619542357098500868790785326998466564056403945" \
	"7584007913129639936"

static const char *outdir;

static void
die(const char *what)
{
	fprintf(stderr, "gavel-certgen: %s\n", what);
	exit(3);
}

static void
hexs(char *out, const unsigned char *p, size_t n)
{
	gv_hex(out, p, n);
}

static void
save(const char *dir, const char *name, const json_t *v)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s/%s", outdir, dir, name);
	if (json_dump_file(v, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
		die("cannot write a file");
	{
		FILE *f = fopen(path, "a");

		if (f == NULL || fputc('\n', f) == EOF || fclose(f) != 0)
			die("cannot write a file");
	}
}

static void
key(size_t i, unsigned char pk[GV_PK_LEN], unsigned char sk[GV_SK_LEN])
{
	gv_sig_test_keypair(LABEL, i, pk, sk);
}

/* Table of n entries, key i = test key i, stake stakes[i] (or stakes[0]). */
static json_t *
table_json(const char *mp, uint64_t epoch, size_t n,
    const char *const *stakes, int one_stake)
{
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];
	char hex[2 * GV_PK_LEN + 1];
	json_t *t, *arr;
	size_t i;

	arr = json_array();
	for (i = 0; i < n; i++) {
		key(i, pk, sk);
		hexs(hex, pk, GV_PK_LEN);
		json_array_append_new(arr, json_pack("{s:s,s:s}", "key", hex,
		    "stake", stakes[one_stake ? 0 : i]));
	}
	t = json_pack("{s:s,s:s,s:I,s:o}", "format", GV_STAKE_FORMAT,
	    "marketplace", mp, "epoch", (json_int_t)epoch, "entries", arr);
	if (t == NULL)
		die("out of memory");
	return t;
}

static void
table_digest(const json_t *t, unsigned char out[GV_DIGEST_LEN])
{
	if (gv_digest(out, "stake-table",
	    json_string_value(json_object_get(t, "marketplace")),
	    (uint64_t)json_integer_value(json_object_get(t, "epoch")), t) !=
	    GV_OK)
		die("cannot compute a digest");
}

static json_t *
cert_json(const char *mp, uint64_t epoch, const char *kind,
    const unsigned char subject[GV_DIGEST_LEN],
    const unsigned char table[GV_DIGEST_LEN])
{
	char sh[2 * GV_DIGEST_LEN + 1], th[2 * GV_DIGEST_LEN + 1];
	json_t *c;

	hexs(sh, subject, GV_DIGEST_LEN);
	hexs(th, table, GV_DIGEST_LEN);
	c = json_pack("{s:s,s:s,s:I,s:{s:s,s:s},s:s,s:[]}", "format",
	    GV_CERT_FORMAT, "marketplace", mp, "epoch", (json_int_t)epoch,
	    "subject", "kind", kind, "digest", sh, "stake_table", th,
	    "signatures");
	if (c == NULL)
		die("out of memory");
	return c;
}

static void
sign(json_t *cert, size_t i)
{
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];

	key(i, pk, sk);
	if (gv_cert_sign(cert, NULL, i, sk) != GV_OK)
		die("cannot sign");
}

static json_t *
sigat(json_t *cert, size_t k)
{
	return json_array_get(json_object_get(cert, "signatures"), k);
}

static void
subject_of(const char *what, unsigned char out[GV_DIGEST_LEN])
{
	gv_sha256(out, what, strlen(what));
}

/* One certificate case: table, certificate, maybe a subject document. */
static void
save_case(const char *dir, const char *name, const json_t *t,
    const json_t *c, const json_t *doc)
{
	char f[256];

	snprintf(f, sizeof(f), "cert-%s.table.json", name);
	save(dir, f, t);
	snprintf(f, sizeof(f), "cert-%s.cert.json", name);
	save(dir, f, c);
	if (doc != NULL) {
		snprintf(f, sizeof(f), "cert-%s.doc.json", name);
		save(dir, f, doc);
	}
}

/* A plain 5-entry table of stake 100 for demo/7 and a block subject. */
static void
plain(json_t **t, json_t **c, const char *mp, uint64_t epoch)
{
	static const char *const s100[] = { "100" };
	unsigned char td[GV_DIGEST_LEN], sd[GV_DIGEST_LEN];

	*t = table_json(mp, epoch, 5, s100, 1);
	table_digest(*t, td);
	subject_of("block 1", sd);
	*c = cert_json(mp, epoch, "block", sd, td);
}

/*
 * The subject of the allocation certificates: ALLOCATION.json itself,
 * never another. It must be an allocation (format gavel.allocation.*),
 * with a marketplace and an epoch, and no real number (the canonical
 * encoding has none): the table and certificates are then for its
 * marketplace and epoch, and the certificate's subject is its digest,
 * exactly what gavel-verify certificate computes from the file. GV_OK,
 * or GV_MALFORMED with e saying why it is refused.
 */
static int
subject_allocation(const json_t *alloc, const char *file, const char **mp,
    uint64_t *epoch, struct gv_err *e)
{
	const char *fmt;
	int rc;

	if (!json_is_object(alloc))
		return gv_err_set(e, GV_MALFORMED, file, NULL, "must be an "
		    "object (an allocation, formats/allocation.md)");
	if (json_object_get(alloc, "format") == NULL)
		return gv_err_set(e, GV_MALFORMED, file, "format", "missing: "
		    "not an allocation, no allocation certificate for it");
	if ((rc = gv_get_str(alloc, "format", &fmt, file, NULL, e)))
		return rc;
	if (strncmp(fmt, "gavel.allocation.", 17) != 0)
		return gv_err_set(e, GV_MALFORMED, file, "format", "%s is not "
		    "an allocation (gavel.allocation.*): no allocation "
		    "certificate for it", fmt);
	if (json_object_get(alloc, "marketplace") == NULL ||
	    json_object_get(alloc, "epoch") == NULL)
		return gv_err_set(e, GV_MALFORMED, file, json_object_get(alloc,
		    "epoch") == NULL ? "epoch" : "marketplace", "missing");
	if ((rc = gv_get_id(alloc, "marketplace", mp, file, NULL, e)) ||
	    (rc = gv_get_uint(alloc, "epoch", GV_INT_MAX, epoch, file, NULL,
	    e)) ||
	    (rc = gv_json_no_reals(alloc, file, NULL, e)))
		return rc;
	return GV_OK;
}

static void
gen_certs(const json_t *alloc, const char *mp, uint64_t epoch)
{
	static const char *const s100[] = { "100" }, *const s0[] = { "0" };
	static const char *const s123[] = { "1", "2", "3" };
	static const char *const s1[] = { "1" };
	static const char *const smax[] = { MAX256 };
	static const char *const sover[] = { "1", POW256, "1" };
	unsigned char td[GV_DIGEST_LEN], sd[GV_DIGEST_LEN], sig[GV_SIG_LEN];
	char hex[2 * GV_SIG_LEN + 1];
	json_t *t, *c, *t8, *c8, *e;
	size_t i;

	/*
	 * valid: the given allocation, 4 of 5 sign, in its own marketplace
	 * and epoch (the corpus's is the example, demo epoch 7).
	 */
	t = table_json(mp, epoch, 5, s100, 1);
	table_digest(t, td);
	if (gv_digest(sd, "allocation", mp, epoch, alloc) != GV_OK)
		die("cannot compute a digest");
	c = cert_json(mp, epoch, "allocation", sd, td);
	sign(c, 4); sign(c, 0); sign(c, 2); sign(c, 1);
	save_case("valid", "allocation", t, c, alloc);
	json_decref(c);
	/* adversarial: the same certificate for another document. */
	subject_of("another allocation", sd);
	c = cert_json(mp, epoch, "allocation", sd, td);
	sign(c, 0); sign(c, 1); sign(c, 2); sign(c, 3);
	save_case("adversarial", "subject-mismatch", t, c, alloc);
	json_decref(c);
	json_decref(t);

	/* valid: unequal stakes, 5 of 6. */
	t = table_json("demo", 7, 3, s123, 0);
	table_digest(t, td);
	subject_of("block 1", sd);
	c = cert_json("demo", 7, "block", sd, td);
	sign(c, 1); sign(c, 2);
	save_case("valid", "block", t, c, NULL);
	json_decref(c);
	json_decref(t);

	/* adversarial: duplicate signer. */
	plain(&t, &c, "demo", 7);
	sign(c, 0); sign(c, 1); sign(c, 1); sign(c, 2); sign(c, 3);
	save_case("adversarial", "dup-signer", t, c, NULL);
	json_decref(c);
	json_decref(t);

	/* adversarial: signer index out of range (5 of 0..4). */
	plain(&t, &c, "demo", 7);
	sign(c, 0); sign(c, 1); sign(c, 2); sign(c, 3); sign(c, 5);
	save_case("adversarial", "signer-range", t, c, NULL);
	json_decref(c);
	json_decref(t);

	/* adversarial: a table holding one key twice (entries 1 and 3). */
	plain(&t, &c, "demo", 7);
	json_object_set(json_array_get(json_object_get(t, "entries"), 3),
	    "key", json_object_get(json_array_get(json_object_get(t,
	    "entries"), 1), "key"));
	table_digest(t, td);
	json_decref(c);
	subject_of("block 1", sd);
	c = cert_json("demo", 7, "block", sd, td);
	sign(c, 0); sign(c, 1); sign(c, 2); sign(c, 4);
	save_case("adversarial", "dup-key", t, c, NULL);
	json_decref(c);
	json_decref(t);

	/* adversarial: exactly 2/3 of the stake. */
	t = table_json("demo", 7, 3, s1, 1);
	table_digest(t, td);
	subject_of("block 1", sd);
	c = cert_json("demo", 7, "block", sd, td);
	sign(c, 0); sign(c, 2);
	save_case("adversarial", "two-thirds", t, c, NULL);
	json_decref(c);
	json_decref(t);

	/* adversarial: signer 2 signed a vote for another subject. */
	plain(&t, &c, "demo", 7);
	{
		json_t *o;

		subject_of("block 2", sd);
		table_digest(t, td);
		o = cert_json("demo", 7, "block", sd, td);
		sign(o, 2);
		sign(c, 0); sign(c, 1); sign(c, 3); sign(c, 4);
		json_array_insert(json_object_get(c, "signatures"), 2,
		    sigat(o, 0));
		json_decref(o);
	}
	save_case("adversarial", "other-digest", t, c, NULL);
	json_decref(c);
	json_decref(t);

	/* adversarial replays: a certificate of epoch 8 against epoch 7. */
	plain(&t, &c, "demo", 7);
	plain(&t8, &c8, "demo", 8);
	for (i = 0; i < 5; i++)
		sign(c8, i);
	save_case("adversarial", "replay-epoch", t, c8, NULL);
	/* ... with its epoch and table digest edited to fit. */
	table_digest(t, td);
	hexs(hex, td, GV_DIGEST_LEN);
	json_object_set_new(c8, "epoch", json_integer(7));
	json_object_set_new(c8, "stake_table", json_string(hex));
	save_case("adversarial", "replay-edited", t, c8, NULL);
	json_decref(c8);
	json_decref(t8);
	/* ... and from another marketplace. */
	plain(&t8, &c8, "other", 7);
	for (i = 0; i < 5; i++)
		sign(c8, i);
	save_case("adversarial", "replay-marketplace", t, c8, NULL);
	json_decref(c8);
	json_decref(t8);
	json_decref(c);
	json_decref(t);

	/* adversarial: the stake_table digest names another table. */
	plain(&t, &c, "demo", 7);
	plain(&t8, &c8, "demo", 8);
	table_digest(t8, td);
	hexs(hex, td, GV_DIGEST_LEN);
	json_object_set_new(c, "stake_table", json_string(hex));
	for (i = 0; i < 5; i++)
		sign(c, i);
	save_case("adversarial", "table-mismatch", t, c, NULL);
	json_decref(c8);
	json_decref(t8);
	json_decref(c);
	json_decref(t);

	/* adversarial: signer 1's S replaced by S + L (malleated). */
	plain(&t, &c, "demo", 7);
	for (i = 0; i < 5; i++)
		sign(c, i);
	{
		static const unsigned char L[32] = { 0xed, 0xd3, 0xf5, 0x5c,
			0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde,
			0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0, 0, 0, 0x10 };
		unsigned carry = 0;

		e = sigat(c, 1);
		gv_unhex(sig, GV_SIG_LEN, json_string_value(json_object_get(e,
		    "sig")));
		for (i = 0; i < 32; i++) {
			carry += sig[32 + i] + L[i];
			sig[32 + i] = (unsigned char)carry;
			carry >>= 8;
		}
		hexs(hex, sig, GV_SIG_LEN);
		json_object_set_new(e, "sig", json_string(hex));
	}
	save_case("adversarial", "malleated", t, c, NULL);
	json_decref(c);
	json_decref(t);

	/*
	 * adversarial: entry 3 is the identity point (small order) and
	 * "signs" with R = identity, S = 0, which a cofactorless verifier
	 * without the small-order checks would accept for any message.
	 */
	plain(&t, &c, "demo", 7);
	memset(sig, 0, sizeof(sig));
	sig[0] = 1;
	hexs(hex, sig, GV_PK_LEN);
	json_object_set_new(json_array_get(json_object_get(t, "entries"), 3),
	    "key", json_string(hex));
	table_digest(t, td);
	json_decref(c);
	subject_of("block 1", sd);
	c = cert_json("demo", 7, "block", sd, td);
	sign(c, 0); sign(c, 1); sign(c, 2);
	hexs(hex, sig, GV_SIG_LEN);
	json_array_append_new(json_object_get(c, "signatures"),
	    json_pack("{s:I,s:s}", "signer", (json_int_t)3, "sig", hex));
	save_case("adversarial", "small-order-key", t, c, NULL);
	json_decref(c);
	json_decref(t);

	/* adversarial: stakes of 2^256-1 (valid) and 2^256 (malformed). */
	t = table_json("demo", 7, 3, smax, 1);
	table_digest(t, td);
	subject_of("block 1", sd);
	c = cert_json("demo", 7, "block", sd, td);
	sign(c, 0); sign(c, 1); sign(c, 2);
	save_case("adversarial", "stake-max", t, c, NULL);
	json_decref(c);
	json_decref(t);
	t = table_json("demo", 7, 3, sover, 0);
	table_digest(t, td);
	c = cert_json("demo", 7, "block", sd, td);
	sign(c, 0); sign(c, 1); sign(c, 2);
	save_case("adversarial", "stake-over", t, c, NULL);
	json_decref(c);
	json_decref(t);

	/* adversarial: empty table, all-zero table: nothing certifies. */
	t = table_json("demo", 7, 0, s0, 1);
	table_digest(t, td);
	c = cert_json("demo", 7, "block", sd, td);
	save_case("adversarial", "empty-table", t, c, NULL);
	json_decref(c);
	json_decref(t);
	t = table_json("demo", 7, 3, s0, 1);
	table_digest(t, td);
	c = cert_json("demo", 7, "block", sd, td);
	sign(c, 0); sign(c, 1); sign(c, 2);
	save_case("adversarial", "zero-table", t, c, NULL);
	json_decref(c);
	json_decref(t);

	/* invalid (malformed): unsorted signers, unknown key, uppercase hex. */
	plain(&t, &c, "demo", 7);
	sign(c, 0); sign(c, 2); sign(c, 3); sign(c, 4);
	e = json_incref(sigat(c, 1));
	json_array_remove(json_object_get(c, "signatures"), 1);
	json_array_append_new(json_object_get(c, "signatures"), e);
	save_case("invalid", "unsorted", t, c, NULL);
	json_decref(c);
	plain(&t8, &c, "demo", 7);
	json_decref(t8);
	sign(c, 0); sign(c, 1); sign(c, 2); sign(c, 3);
	json_object_set_new(c, "note", json_string("x"));
	save_case("invalid", "unknown-key", t, c, NULL);
	json_object_del(c, "note");
	e = sigat(c, 2);
	{
		char up[2 * GV_SIG_LEN + 1];

		snprintf(up, sizeof(up), "%s",
		    json_string_value(json_object_get(e, "sig")));
		for (i = 0; up[i] != '\0'; i++)
			if (up[i] >= 'a' && up[i] <= 'f')
				up[i] = (char)(up[i] - 'a' + 'A');
		json_object_set_new(e, "sig", json_string(up));
	}
	save_case("invalid", "uppercase-sig", t, c, NULL);
	json_decref(c);
	json_decref(t);
}

static json_t *
proof_json(uint64_t index, uint64_t size, const unsigned char *leaf,
    const unsigned char (*path)[GV_HASH_LEN], size_t n,
    const unsigned char *root)
{
	char hex[2 * GV_HASH_LEN + 1];
	json_t *p, *arr = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		hexs(hex, path[i], GV_HASH_LEN);
		json_array_append_new(arr, json_string(hex));
	}
	p = json_pack("{s:s,s:I,s:I}", "format", GV_INCLUSION_FORMAT,
	    "leaf_index", (json_int_t)index, "tree_size", (json_int_t)size);
	hexs(hex, leaf, GV_HASH_LEN);
	json_object_set_new(p, "leaf_hash", json_string(hex));
	json_object_set_new(p, "path", arr);
	hexs(hex, root, GV_HASH_LEN);
	json_object_set_new(p, "root", json_string(hex));
	return p;
}

static void
save_proof(const char *dir, const char *name, json_t *p)
{
	char f[256];

	snprintf(f, sizeof(f), "inclusion-%s.json", name);
	save(dir, f, p);
	json_decref(p);
}

static void
gen_proofs(void)
{
	static const char *const ct[] = { "", "00", "10", "2021", "3031",
		"40414243", "5051525354555657",
		"606162636465666768696a6b6c6d6e6f" };
	unsigned char leaves[1000][GV_HASH_LEN], root[GV_HASH_LEN];
	unsigned char path[GV_MERKLE_MAX_PATH][GV_HASH_LEN], buf[64];
	unsigned char x[GV_HASH_LEN];
	size_t i, n;
	json_t *p;

	for (i = 0; i < 8; i++) {
		size_t len = strlen(ct[i]) / 2;

		if (gv_unhex(buf, len, ct[i]) != 0)
			die("bad vector");
		gv_merkle_leaf(buf, len, leaves[i]);
	}
	gv_merkle_root((const unsigned char (*)[GV_HASH_LEN])leaves, 8, root);
	gv_merkle_path((const unsigned char (*)[GV_HASH_LEN])leaves, 8, 5,
	    path, &n);
	save_proof("valid", "rfc6962",
	    proof_json(5, 8, leaves[5], (const unsigned char (*)[GV_HASH_LEN])
	    path, n, root));
	save_proof("adversarial", "wrong-length",
	    proof_json(5, 8, leaves[5], (const unsigned char (*)[GV_HASH_LEN])
	    path, n - 1, root));
	save_proof("adversarial", "wrong-index",
	    proof_json(4, 8, leaves[5], (const unsigned char (*)[GV_HASH_LEN])
	    path, n, root));
	save_proof("adversarial", "past-end",
	    proof_json(8, 8, leaves[5], (const unsigned char (*)[GV_HASH_LEN])
	    path, n, root));
	p = proof_json(5, 8, leaves[5], (const unsigned char (*)[GV_HASH_LEN])
	    path, n, root);
	json_object_set_new(p, "leaf_hash", json_string("abc"));
	save_proof("invalid", "bad-hex", p);
	p = proof_json(5, 8, leaves[5], (const unsigned char (*)[GV_HASH_LEN])
	    path, n, root);
	json_object_set_new(p, "leaf_index", json_integer(-1));
	save_proof("invalid", "negative-index", p);

	/* Size 1: the root is the leaf hash, the path is empty. */
	save_proof("valid", "single",
	    proof_json(0, 1, leaves[0], NULL, 0, leaves[0]));

	/*
	 * Leaf as inner node, in the 4-leaf tree: the 64 bytes n01 || n23
	 * presented as a single leaf hash to SHA-256(0x00 || ...), not to
	 * the root SHA-256(0x01 || ...); and the inner node n01 presented as
	 * leaf 0 of the true size needs a longer path.
	 */
	gv_merkle_root((const unsigned char (*)[GV_HASH_LEN])leaves, 4, root);
	gv_merkle_node(leaves[0], leaves[1], buf);
	gv_merkle_node(leaves[2], leaves[3], buf + 32);
	gv_merkle_leaf(buf, 64, x);
	save_proof("adversarial", "leaf-as-node",
	    proof_json(0, 1, x, NULL, 0, root));
	save_proof("adversarial", "node-as-leaf",
	    proof_json(0, 4, buf, (const unsigned char (*)[GV_HASH_LEN])
	    (buf + 32), 1, root));

	/* A larger tree: 1000 leaves "0".."999", leaf 777. */
	for (i = 0; i < 1000; i++) {
		char s[8];

		snprintf(s, sizeof(s), "%zu", i);
		gv_merkle_leaf(s, strlen(s), leaves[i]);
	}
	gv_merkle_root((const unsigned char (*)[GV_HASH_LEN])leaves, 1000,
	    root);
	gv_merkle_path((const unsigned char (*)[GV_HASH_LEN])leaves, 1000,
	    777, path, &n);
	save_proof("valid", "large",
	    proof_json(777, 1000, leaves[777],
	    (const unsigned char (*)[GV_HASH_LEN])path, n, root));
}

static void
mkdirs(void)
{
	static const char *const d[] = { "valid", "invalid", "adversarial" };
	char path[4096];
	size_t i;

	if (mkdir(outdir, 0777) != 0 && errno != EEXIST)
		die("cannot create OUTDIR");
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", outdir, d[i]);
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			die("cannot create a directory");
	}
}

static void
bench(size_t n)
{
	static const char *const s1[] = { "1000000000000000000" };
	unsigned char td[GV_DIGEST_LEN], sd[GV_DIGEST_LEN];
	char path[4096];
	json_t *t, *c, *arr;
	size_t i;

	if (mkdir(outdir, 0777) != 0 && errno != EEXIST)
		die("cannot create OUTDIR");
	t = table_json("bench", 1, n, s1, 1);
	table_digest(t, td);
	subject_of("bench block", sd);
	c = cert_json("bench", 1, "block", sd, td);
	/* Append in order: gv_cert_sign's sorted insert is quadratic. */
	arr = json_incref(json_object_get(c, "signatures"));
	for (i = 0; i < n; i++) {
		json_t *one = json_array();

		json_object_set(c, "signatures", one);
		sign(c, i);
		json_array_append(arr, json_array_get(one, 0));
		json_decref(one);
	}
	json_object_set_new(c, "signatures", arr);
	snprintf(path, sizeof(path), "%s/table.json", outdir);
	if (json_dump_file(t, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER))
		die("cannot write");
	snprintf(path, sizeof(path), "%s/cert.json", outdir);
	if (json_dump_file(c, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER))
		die("cannot write");
	json_decref(t);
	json_decref(c);
}

static void
bench_raw(size_t n)
{
	unsigned char (*pk)[GV_PK_LEN], (*sg)[GV_SIG_LEN], sk[GV_SK_LEN];
	unsigned char msg[GV_DIGEST_LEN];
	struct timespec a, b;
	size_t i, ok = 0;
	double s;

	if ((pk = calloc(n ? n : 1, GV_PK_LEN)) == NULL ||
	    (sg = calloc(n ? n : 1, GV_SIG_LEN)) == NULL)
		die("out of memory");
	subject_of("bench vote", msg);
	for (i = 0; i < n; i++) {
		key(i, pk[i], sk);
		gv_sig_sign(sk, msg, sizeof(msg), sg[i]);
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		ok += (size_t)gv_sig_verify(pk[i], msg, sizeof(msg), sg[i]);
	clock_gettime(CLOCK_MONOTONIC, &b);
	s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) /
	    1e9;
	printf("raw: %zu verifications (%zu ok) in %.6f s, %.2f us each\n", n,
	    ok, s, n ? s * 1e6 / (double)n : 0.0);
	free(pk);
	free(sg);
}

int
main(int argc, char **argv)
{
	struct gv_err e = { 0, "" };
	json_t *alloc;
	const char *mp;
	uint64_t epoch;
	long n;

	static const struct option lo[] = {
		{ "bench-raw", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "list-options", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	static const char shortopts[] = "+:h";	/* options before the command */
	const char *raw = NULL;
	int c;

	opterr = 0;	/* gv_cli_bad_option says what was wrong */
	while ((c = getopt_long(argc, argv, shortopts, lo, NULL)) != -1) {
		switch (c) {
		case 'r': raw = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		case 'V': gv_cli_version("gavel-certgen", NULL); return 0;
		case 'L': gv_cli_list_options(lo, shortopts); return 0;
		default:
			return gv_cli_bad_option("gavel-certgen", synopsis, c,
			    argv);
		}
	}
	if (gv_sig_init() != 0)
		die("libsodium failed to start");
	if (raw != NULL) {
		if (optind != argc || (n = strtol(raw, NULL, 10)) <= 0)
			return gv_cli_usage("gavel-certgen", synopsis,
			    "--bench-raw: expected a positive count and "
			    "nothing else");
		bench_raw((size_t)n);
		return 0;
	}
	argc -= optind - 1;	/* argv[1] is the command from here */
	argv += optind - 1;
	if (argc >= 2 && strcmp(argv[1], "corpus") != 0 &&
	    strcmp(argv[1], "bench") != 0)
		return gv_cli_usage("gavel-certgen", synopsis,
		    "unknown command \"%.64s\"", argv[1]);
	if (argc == 4 && strcmp(argv[1], "bench") == 0 &&
	    (n = strtol(argv[2], NULL, 10)) > 0 && n <= GV_STAKE_MAX_ENTRIES) {
		outdir = argv[3];
		bench((size_t)n);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "corpus") == 0) {
		outdir = argv[2];
		if (gv_json_load(argv[3], 64u << 20, &alloc, &e) != GV_OK) {
			gv_err_print("gavel-certgen", &e);
			return 2;
		}
		if (subject_allocation(alloc, argv[3], &mp, &epoch, &e)) {
			gv_err_print("gavel-certgen", &e);
			json_decref(alloc);
			return e.code == GV_INTERNAL ? 3 : 2;
		}
		mkdirs();
		gen_certs(alloc, mp, epoch);
		gen_proofs();
		json_decref(alloc);
		return 0;
	}
	return gv_cli_usage("gavel-certgen", synopsis, NULL);
}
