/* challenge.c: finder's-fee challenges and their check (formats/challenge.md) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "block.h"
#include "cert.h"
#include "challenge.h"
#include "fee.h"
#include "json.h"
#include "merkle.h"

static const char *const top_req[] = { "format", "marketplace", "epoch",
	"bidset", "beats", "allocation", "improvement", "fee", "challenger",
	"salt", "commitment", "order", "sig", NULL };
static const char *const order_req[] = { "block", "certificate",
	"leaf_index", "path", NULL };

/* The winners of a checked allocation document, computed afresh. */
static int
alloc_from_doc(const struct gv_bidset *bs, const json_t *doc,
    struct gv_alloc *a, struct gv_err *e)
{
	const json_t *w = json_object_get(doc, "winners");
	size_t i, n = json_array_size(w), *idx;
	int rc;

	if ((idx = calloc(n ? n : 1, sizeof(*idx))) == NULL)
		return gv_err_set(e, GV_INTERNAL, NULL, NULL, "out of memory");
	for (i = 0; i < n; i++)
		idx[i] = (size_t)gv_bidset_bid(bs, json_string_value(
		    json_object_get(json_array_get(w, i), "bid")));
	rc = gv_alloc_compute(bs, idx, n, a, "allocation", e);
	free(idx);
	return rc;
}

int
gv_published_load(const struct gv_bidset *bs, const char *file,
    struct gv_published *p, struct gv_err *e)
{
	json_t *doc = NULL;
	int rc;

	gv_alloc_init(&p->a);
	if ((rc = gv_json_load(file, GV_ALLOC_MAX_BYTES, &doc, e)) ||
	    (rc = gv_alloc_check(bs, doc, file, e)) ||
	    (rc = alloc_from_doc(bs, doc, &p->a, e)))
		goto cleanup;
	if (gv_digest(p->digest, "allocation", bs->marketplace, bs->epoch,
	    doc) != GV_OK)
		rc = gv_err_set(e, GV_INTERNAL, file, NULL,
		    "cannot compute the digest");
cleanup:
	if (rc != GV_OK)
		gv_published_free(p);
	json_decref(doc);
	return rc;
}

void
gv_published_free(struct gv_published *p)
{
	gv_alloc_free(&p->a);
	memset(p, 0, sizeof(*p));
}

void
gv_challenge_init(struct gv_challenge *c)
{
	memset(c, 0, sizeof(*c));
	gv_alloc_init(&c->alloc);
	mpz_inits(c->improvement, c->fee, NULL);
}

void
gv_challenge_free(struct gv_challenge *c)
{
	gv_alloc_free(&c->alloc);
	mpz_clears(c->improvement, c->fee, NULL);
}

/* digest(kind, ...) of doc without the listed keys. */
static int
digest_without(const json_t *doc, const char *kind, const char *marketplace,
    uint64_t epoch, const char *const *drop, unsigned char out[GV_DIGEST_LEN])
{
	json_t *copy;
	int rc;

	if ((copy = json_copy((json_t *)doc)) == NULL)
		return GV_INTERNAL;
	for (; *drop != NULL; drop++)
		json_object_del(copy, *drop);
	rc = gv_digest(out, kind, marketplace, epoch, copy);
	json_decref(copy);
	return rc;
}

int
gv_challenge_commitment(const json_t *doc, const char *marketplace,
    uint64_t epoch, unsigned char out[GV_DIGEST_LEN])
{
	static const char *const drop[] = { "commitment", "order", "sig",
		NULL };

	return digest_without(doc, "challenge-commitment", marketplace, epoch,
	    drop, out);
}

int
gv_challenge_id(const json_t *doc, const char *marketplace, uint64_t epoch,
    unsigned char out[GV_DIGEST_LEN])
{
	static const char *const drop[] = { "sig", NULL };

	return digest_without(doc, "challenge", marketplace, epoch, drop, out);
}

/* "DOC: SUB", or just SUB without a file name: the embedded document's name. */
static void
subname(char *out, size_t len, const char *doc, const char *sub)
{
	if (doc != NULL && *doc != '\0')
		snprintf(out, len, "%s: %s", doc, sub);
	else
		snprintf(out, len, "%s", sub);
}

/* Check 1: the shape of the document (exit 2). */
static int
check_format(const json_t *doc, const char *dn, const char **mkt,
    uint64_t *epoch, struct gv_challenge *c, struct gv_err *e)
{
	unsigned char h[GV_DIGEST_LEN], sig[GV_SIG_LEN];
	const json_t *ord, *path;
	char p[GV_PATH_MAX];
	size_t i;
	mpz_t v;
	int rc;

	mpz_init(v);
	if ((rc = gv_obj_keys(doc, top_req, NULL, dn, NULL, e)) ||
	    (rc = gv_get_format(doc, GV_CHALLENGE_FORMAT, dn, NULL, e)) ||
	    (rc = gv_get_id(doc, "marketplace", mkt, dn, NULL, e)) ||
	    (rc = gv_get_uint(doc, "epoch", GV_INT_MAX, epoch, dn, NULL, e)) ||
	    (rc = gv_get_hex(doc, "bidset", h, GV_DIGEST_LEN, dn, NULL, e)) ||
	    (rc = gv_get_hex(doc, "beats", h, GV_DIGEST_LEN, dn, NULL, e)))
		goto cleanup;
	if (!json_is_object(json_object_get(doc, "allocation"))) {
		rc = gv_err_set(e, GV_MALFORMED, dn, "allocation",
		    "must be an object");
		goto cleanup;
	}
	if ((rc = gv_get_amount(doc, "improvement", v, dn, NULL, e)) ||
	    (rc = gv_get_amount(doc, "fee", v, dn, NULL, e)) ||
	    (rc = gv_get_hex(doc, "challenger", c->challenger, GV_PK_LEN, dn,
	    NULL, e)) ||
	    (rc = gv_get_hex(doc, "salt", h, GV_DIGEST_LEN, dn, NULL, e)) ||
	    (rc = gv_get_hex(doc, "commitment", c->commitment, GV_DIGEST_LEN,
	    dn, NULL, e)))
		goto cleanup;
	ord = json_object_get(doc, "order");
	if ((rc = gv_obj_keys(ord, order_req, NULL, dn, "order", e)) ||
	    (rc = gv_get_uint(ord, "leaf_index", GV_INT_MAX, &c->leaf_index,
	    dn, "order", e)))
		goto cleanup;
	path = json_object_get(ord, "path");
	if (!json_is_array(path)) {
		rc = gv_err_set(e, GV_MALFORMED, dn, "order.path",
		    "must be an array");
		goto cleanup;
	}
	if (json_array_size(path) > GV_MERKLE_MAX_PATH) {
		rc = gv_err_set(e, GV_MALFORMED, dn, "order.path",
		    "%zu hashes, the limit is %d", json_array_size(path),
		    GV_MERKLE_MAX_PATH);
		goto cleanup;
	}
	for (i = 0; i < json_array_size(path); i++) {
		const char *s = json_string_value(json_array_get(path, i));

		gv_path_idx(p, "order.path", i);
		if (s == NULL) {
			rc = gv_err_set(e, GV_MALFORMED, dn, p,
			    "must be a string");
			goto cleanup;
		}
		if (strlen(s) != 2 * GV_DIGEST_LEN || gv_unhex(h,
		    GV_DIGEST_LEN, s) != 0) {
			rc = gv_err_set(e, GV_MALFORMED, dn, p,
			    "must be 64 lowercase hex digits (32 bytes)");
			goto cleanup;
		}
	}
	rc = gv_get_hex(doc, "sig", sig, GV_SIG_LEN, dn, NULL, e);
cleanup:
	mpz_clear(v);
	return rc;
}

/* Checks 10-12: the commitment's place in a certified block. */
static int
check_order(const struct gv_stake_table *t, const struct gv_bidset *bs,
    const json_t *doc, const char *dn, struct gv_challenge *c,
    struct gv_err *e)
{
	unsigned char (*path)[GV_DIGEST_LEN] = NULL, leaf[GV_HASH_LEN];
	unsigned char r[GV_HASH_LEN];
	char q[96], name[GV_PATH_MAX + 256], h1[65], h2[65];
	const json_t *ord = json_object_get(doc, "order"), *pa;
	struct gv_cert_result cr;
	struct gv_block b;
	uint64_t last;
	size_t i, n, want;
	int rc;

	gv_cert_result_init(&cr);
	if ((rc = gv_block_parse(json_object_get(ord, "block"), dn,
	    "order.block", &b, e)))
		goto cleanup;
	if (strcmp(b.marketplace, bs->marketplace) != 0) {
		rc = gv_err_set(e, GV_INVALID, dn, "order.block.marketplace",
		    "block is for marketplace %s, the bid set for \"%s\"",
		    gv_quote(q, sizeof(q), b.marketplace), bs->marketplace);
		goto cleanup;
	}
	if (b.epoch != bs->epoch) {
		rc = gv_err_set(e, GV_INVALID, dn, "order.block.epoch",
		    "block is for epoch %ju, the bid set for epoch %ju",
		    (uintmax_t)b.epoch, (uintmax_t)bs->epoch);
		goto cleanup;
	}
	last = bs->slot_first + bs->finder_window - 1;
	if (b.slot < bs->slot_first || b.slot > last) {
		rc = gv_err_set(e, GV_INVALID, dn, "order.block.slot",
		    "slot %ju is outside the challenge window, slots %ju to %ju",
		    (uintmax_t)b.slot, (uintmax_t)bs->slot_first,
		    (uintmax_t)last);
		goto cleanup;
	}
	c->slot = b.slot;
	c->rollup = b.rollup;
	subname(name, sizeof(name), dn, "order.certificate");
	if ((rc = gv_cert_check(t, json_object_get(ord, "certificate"), name,
	    "block", b.digest, 1, &cr, e)))
		goto cleanup;
	if (c->leaf_index >= b.tx_count) {
		rc = gv_err_set(e, GV_INVALID, dn, "order.leaf_index",
		    "leaf index %ju is past the end of a block of %ju "
		    "transactions", (uintmax_t)c->leaf_index,
		    (uintmax_t)b.tx_count);
		goto cleanup;
	}
	pa = json_object_get(ord, "path");
	n = json_array_size(pa);
	want = gv_merkle_path_len(c->leaf_index, b.tx_count);
	if (n != want) {
		rc = gv_err_set(e, GV_INVALID, dn, "order.path",
		    "wrong path length: %zu hashes, leaf %ju of a tree of size "
		    "%ju needs %zu", n, (uintmax_t)c->leaf_index,
		    (uintmax_t)b.tx_count, want);
		goto cleanup;
	}
	if ((path = calloc(n ? n : 1, sizeof(*path))) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, dn, NULL, "out of memory");
		goto cleanup;
	}
	for (i = 0; i < n; i++)
		(void)gv_unhex(path[i], GV_DIGEST_LEN,
		    json_string_value(json_array_get(pa, i)));
	gv_merkle_leaf(c->commitment, GV_DIGEST_LEN, leaf);
	if (!gv_merkle_verify(c->leaf_index, b.tx_count, leaf,
	    (const unsigned char (*)[GV_HASH_LEN])path, n, b.tx_root)) {
		/* name the root the path leads to, as gavel-verify inclusion does */
		memcpy(r, leaf, GV_HASH_LEN);
		{
			uint64_t fn = c->leaf_index, sn = b.tx_count - 1;

			for (i = 0; i < n; i++) {
				if ((fn & 1) || fn == sn) {
					gv_merkle_node(path[i], r, r);
					if (!(fn & 1))
						while (!(fn & 1) && fn != 0) {
							fn >>= 1;
							sn >>= 1;
						}
				} else
					gv_merkle_node(r, path[i], r);
				fn >>= 1;
				sn >>= 1;
			}
		}
		gv_hex(h1, r, GV_HASH_LEN);
		gv_hex(h2, b.tx_root, GV_HASH_LEN);
		rc = gv_err_set(e, GV_INVALID, dn, "order.path",
		    "the commitment is not transaction %ju of the block: the "
		    "path leads to %s, the block's tx_root is %s",
		    (uintmax_t)c->leaf_index, h1, h2);
		goto cleanup;
	}
cleanup:
	free(path);
	gv_cert_result_free(&cr);
	return rc;
}

int
gv_challenge_check(const struct gv_stake_table *t, const struct gv_bidset *bs,
    const struct gv_published *pub, const json_t *doc, const char *dn,
    struct gv_challenge *c, struct gv_err *e)
{
	unsigned char h[GV_DIGEST_LEN], sig[GV_SIG_LEN];
	char q[96], name[GV_PATH_MAX + 256], *s1 = NULL, *s2 = NULL, hx[65];
	const json_t *al = json_object_get(doc, "allocation");
	const char *mkt;
	uint64_t epoch;
	mpz_t v, min;
	int rc;

	mpz_inits(v, min, NULL);
	/* 1. format */
	if ((rc = check_format(doc, dn, &mkt, &epoch, c, e)))
		goto cleanup;
	/* 2-5. the challenge answers this bid set and beats this allocation */
	if (strcmp(mkt, bs->marketplace) != 0) {
		rc = gv_err_set(e, GV_INVALID, dn, "marketplace",
		    "challenge is for marketplace %s, the bid set for \"%s\"",
		    gv_quote(q, sizeof(q), mkt), bs->marketplace);
		goto cleanup;
	}
	if (epoch != bs->epoch) {
		rc = gv_err_set(e, GV_INVALID, dn, "epoch",
		    "challenge is for epoch %ju, the bid set for epoch %ju",
		    (uintmax_t)epoch, (uintmax_t)bs->epoch);
		goto cleanup;
	}
	(void)gv_unhex(h, GV_DIGEST_LEN, json_string_value(
	    json_object_get(doc, "bidset")));
	if (memcmp(h, bs->digest, GV_DIGEST_LEN) != 0) {
		rc = gv_err_set(e, GV_INVALID, dn, "bidset",
		    "digest does not match the bid set");
		goto cleanup;
	}
	(void)gv_unhex(h, GV_DIGEST_LEN, json_string_value(
	    json_object_get(doc, "beats")));
	if (memcmp(h, pub->digest, GV_DIGEST_LEN) != 0) {
		rc = gv_err_set(e, GV_INVALID, dn, "beats",
		    "is not the digest of the published allocation");
		goto cleanup;
	}
	/* the challenge is digested whole before its embedded allocation and
	 * order are checked: a real anywhere is malformed, not internal */
	if ((rc = gv_json_no_reals(doc, dn, NULL, e)) != GV_OK)
		goto cleanup;
	/* 6. the challenger's signature over everything else */
	(void)gv_unhex(sig, GV_SIG_LEN, json_string_value(
	    json_object_get(doc, "sig")));
	if (gv_challenge_id(doc, bs->marketplace, bs->epoch, c->id) != GV_OK) {
		rc = gv_err_set(e, GV_INTERNAL, dn, NULL,
		    "cannot compute the digest");
		goto cleanup;
	}
	if (!gv_sig_verify(c->challenger, c->id, GV_DIGEST_LEN, sig)) {
		rc = gv_err_set(e, GV_INVALID, dn, "sig",
		    "signature does not verify by the challenger's key");
		goto cleanup;
	}
	/* 7. the improved allocation, exactly as gavel-verify allocation */
	subname(name, sizeof(name), dn, "allocation");
	if ((rc = gv_alloc_check(bs, al, name, e)) ||
	    (rc = alloc_from_doc(bs, al, &c->alloc, e)))
		goto cleanup;
	/* 8. strict improvement of at least the minimum */
	mpz_sub(c->improvement, c->alloc.value, pub->a.value);
	gv_fee_min(bs, min);
	if (mpz_sgn(c->improvement) <= 0) {
		s1 = gv_amount_str(c->alloc.value);
		s2 = gv_amount_str(pub->a.value);
		rc = gv_err_set(e, GV_INVALID, dn, "allocation",
		    "value %s does not beat the published value %s",
		    s1 ? s1 : "?", s2 ? s2 : "?");
		goto cleanup;
	}
	if (mpz_cmp(c->improvement, min) < 0) {
		s1 = gv_amount_str(c->improvement);
		s2 = gv_amount_str(min);
		rc = gv_err_set(e, GV_INVALID, dn, "improvement",
		    "improvement %s is below the minimum improvement %s",
		    s1 ? s1 : "?", s2 ? s2 : "?");
		goto cleanup;
	}
	(void)gv_get_amount(doc, "improvement", v, dn, NULL, e);
	if (mpz_cmp(v, c->improvement) != 0) {
		s1 = gv_amount_str(v);
		s2 = gv_amount_str(c->improvement);
		rc = gv_err_set(e, GV_INVALID, dn, "improvement",
		    "is %s, the allocation improves on the published one by %s",
		    s1 ? s1 : "?", s2 ? s2 : "?");
		goto cleanup;
	}
	/* 9. the fee, exactly by the rule */
	gv_fee(bs, c->improvement, c->fee);
	(void)gv_get_amount(doc, "fee", v, dn, NULL, e);
	if (mpz_cmp(v, c->fee) != 0) {
		s1 = gv_amount_str(v);
		s2 = gv_amount_str(c->fee);
		rc = gv_err_set(e, GV_INVALID, dn, "fee",
		    "claims %s, the fee rule gives %s", s1 ? s1 : "?",
		    s2 ? s2 : "?");
		goto cleanup;
	}
	/* 10. the reveal matches its commitment */
	if (gv_challenge_commitment(doc, bs->marketplace, bs->epoch, h) !=
	    GV_OK) {
		rc = gv_err_set(e, GV_INTERNAL, dn, NULL,
		    "cannot compute the commitment");
		goto cleanup;
	}
	if (memcmp(h, c->commitment, GV_DIGEST_LEN) != 0) {
		gv_hex(hx, h, GV_DIGEST_LEN);
		rc = gv_err_set(e, GV_INVALID, dn, "commitment",
		    "the reveal does not match its commitment: its content "
		    "commits to %s", hx);
		goto cleanup;
	}
	/* 11-13. the commitment's certified position */
	rc = check_order(t, bs, doc, dn, c, e);
cleanup:
	free(s1);
	free(s2);
	mpz_clears(v, min, NULL);
	return rc;
}

json_t *
gv_challenge_draft(const struct gv_bidset *bs, const struct gv_published *pub,
    json_t *newdoc, const mpz_t value, const unsigned char pk[GV_PK_LEN],
    const unsigned char salt[32])
{
	unsigned char c[GV_DIGEST_LEN];
	char hex[2 * GV_DIGEST_LEN + 1];
	json_t *d = json_object();
	mpz_t imp, fee;
	int bad = 0;

	if (d == NULL) {
		json_decref(newdoc);
		return NULL;
	}
	mpz_inits(imp, fee, NULL);
	mpz_sub(imp, value, pub->a.value);
	gv_fee(bs, imp, fee);
	bad |= json_object_set_new(d, "format",
	    json_string(GV_CHALLENGE_FORMAT));
	bad |= json_object_set_new(d, "marketplace",
	    json_string(bs->marketplace));
	bad |= json_object_set_new(d, "epoch",
	    json_integer((json_int_t)bs->epoch));
	gv_hex(hex, bs->digest, GV_DIGEST_LEN);
	bad |= json_object_set_new(d, "bidset", json_string(hex));
	gv_hex(hex, pub->digest, GV_DIGEST_LEN);
	bad |= json_object_set_new(d, "beats", json_string(hex));
	bad |= json_object_set_new(d, "allocation", newdoc);
	bad |= json_object_set_new(d, "improvement", gv_amount_json(imp));
	bad |= json_object_set_new(d, "fee", gv_amount_json(fee));
	gv_hex(hex, pk, GV_PK_LEN);
	bad |= json_object_set_new(d, "challenger", json_string(hex));
	gv_hex(hex, salt, 32);
	bad |= json_object_set_new(d, "salt", json_string(hex));
	if (!bad && gv_challenge_commitment(d, bs->marketplace, bs->epoch, c) ==
	    GV_OK) {
		gv_hex(hex, c, GV_DIGEST_LEN);
		bad |= json_object_set_new(d, "commitment", json_string(hex));
	} else
		bad = 1;
	mpz_clears(imp, fee, NULL);
	if (bad) {
		json_decref(d);
		return NULL;
	}
	return d;
}

int
gv_challenge_sign(json_t *doc, const unsigned char sk[GV_SK_LEN])
{
	unsigned char d[GV_DIGEST_LEN], sig[GV_SIG_LEN];
	char hex[2 * GV_SIG_LEN + 1];
	const char *mkt = json_string_value(json_object_get(doc,
	    "marketplace"));
	json_t *ep = json_object_get(doc, "epoch");

	if (mkt == NULL || !json_is_integer(ep))
		return GV_INTERNAL;
	json_object_del(doc, "sig");
	if (gv_challenge_id(doc, mkt, (uint64_t)json_integer_value(ep), d) !=
	    GV_OK)
		return GV_INTERNAL;
	gv_sig_sign(sk, d, sizeof(d), sig);
	gv_hex(hex, sig, GV_SIG_LEN);
	return json_object_set_new(doc, "sig", json_string(hex)) == 0 ?
	    GV_OK : GV_INTERNAL;
}

int
gv_challenge_reveal(json_t *doc, json_t *order,
    const unsigned char sk[GV_SK_LEN])
{
	if (json_object_set(doc, "order", order) != 0)
		return GV_INTERNAL;
	return gv_challenge_sign(doc, sk);
}

int
gv_challenge_ctx_load_bidset(struct gv_challenge_ctx *x, const char *bidset,
    struct gv_err *e)
{
	int rc;

	if ((rc = gv_bidset_load(bidset, &x->bs, e)))
		return rc;
	x->have_bs = 1;
	if ((rc = gv_bidset_verify_sigs(&x->bs, e)))
		return rc;
	if (x->bs.version < 2)
		return gv_err_set(e, GV_INVALID, bidset, "format",
		    "challenges need a gavel.bidset.v2 bid set "
		    "(finder_fee.cap and finder_fee.window)");
	return GV_OK;
}

int
gv_challenge_ctx_set_table(struct gv_challenge_ctx *x,
    struct gv_stake_table *t, const char *table, struct gv_err *e)
{
	char q[96];

	x->table = *t;
	memset(t, 0, sizeof(*t));
	x->have_table = 1;
	if (strcmp(x->table.marketplace, x->bs.marketplace) != 0 ||
	    x->table.epoch != x->bs.epoch)
		return gv_err_set(e, GV_INVALID, table, NULL,
		    "stake table is for marketplace %s epoch %ju, the bid set "
		    "for marketplace \"%s\" epoch %ju",
		    gv_quote(q, sizeof(q), x->table.marketplace),
		    (uintmax_t)x->table.epoch, x->bs.marketplace,
		    (uintmax_t)x->bs.epoch);
	return GV_OK;
}

int
gv_challenge_ctx_load_published(struct gv_challenge_ctx *x,
    const char *published, struct gv_err *e)
{
	int rc;

	if ((rc = gv_published_load(&x->bs, published, &x->pub, e)))
		return rc;
	x->have_pub = 1;
	return GV_OK;
}

int
gv_challenge_ctx_load(const char *table, const char *bidset,
    const char *published, struct gv_challenge_ctx *x, struct gv_err *e)
{
	struct gv_stake_table t;
	int rc;

	memset(x, 0, sizeof(*x));
	if ((rc = gv_stake_load(table, &t, e)))
		return rc;
	if ((rc = gv_challenge_ctx_load_bidset(x, bidset, e))) {
		gv_stake_free(&t);
		return rc;
	}
	if ((rc = gv_challenge_ctx_set_table(x, &t, table, e)))
		return rc;
	return gv_challenge_ctx_load_published(x, published, e);
}

void
gv_challenge_ctx_free(struct gv_challenge_ctx *x)
{
	if (x->have_pub)
		gv_published_free(&x->pub);
	if (x->have_bs)
		gv_bidset_free(&x->bs);
	if (x->have_table)
		gv_stake_free(&x->table);
	memset(x, 0, sizeof(*x));
}
