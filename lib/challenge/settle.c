/* settle.c: settling many challenges into one settlement (formats/settlement.md) */
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "fee.h"
#include "json.h"
#include "settle.h"

struct cand {
	size_t item;
	unsigned char sha[GV_DIGEST_LEN];	/* SHA-256 of the file's bytes */
	json_t *doc;
	struct gv_challenge c;
	int checked;
};

static int
bytecmp(const unsigned char *a, const unsigned char *b)
{
	return memcmp(a, b, GV_DIGEST_LEN);
}

/* Commitment order: slot, rollup, leaf index, commitment; then file bytes. */
static int
ordercmp(const void *x, const void *y)
{
	const struct cand *a = *(struct cand *const *)x;
	const struct cand *b = *(struct cand *const *)y;
	int c;

	if (a->c.slot != b->c.slot)
		return a->c.slot < b->c.slot ? -1 : 1;
	if ((c = strcmp(a->c.rollup, b->c.rollup)) != 0)
		return c;
	if (a->c.leaf_index != b->c.leaf_index)
		return a->c.leaf_index < b->c.leaf_index ? -1 : 1;
	if ((c = bytecmp(a->c.commitment, b->c.commitment)) != 0)
		return c;
	return bytecmp(a->sha, b->sha);
}

static int
shacmp(const void *x, const void *y)
{
	const struct cand *a = *(struct cand *const *)x;
	const struct cand *b = *(struct cand *const *)y;

	return bytecmp(a->sha, b->sha);
}

/*
 * Untrusted bytes in a reason are escaped as on a terminal (\xNN): the
 * document stays ASCII, and a quote cut inside a UTF-8 sequence cannot
 * make it invalid JSON.
 */
static void
reject(struct gv_settle_item *it, const char *msg)
{
	it->accepted = 0;
	gv_escape(it->reason, sizeof(it->reason), msg);
}

int
gv_settle(const struct gv_challenge_ctx *x, struct gv_settle_item *items,
    size_t n, json_t **out, struct gv_err *e)
{
	const struct gv_bidset *bs = &x->bs;
	struct cand *cs = NULL, **ord = NULL, **rej = NULL;
	const struct gv_alloc *best = &x->pub.a;
	unsigned char best_digest[GV_DIGEST_LEN];
	size_t i, j, nc = 0, nord = 0, nrej = 0;
	json_t *doc = NULL, *acc = NULL, *rj = NULL, *ro = NULL;
	mpz_t own, fee, fees, pay, min, *recv = NULL;
	int rc = GV_INTERNAL, bad = 0;

	*out = NULL;
	mpz_inits(own, fee, fees, pay, min, NULL);
	gv_fee_min(bs, min);
	memcpy(best_digest, x->pub.digest, GV_DIGEST_LEN);
	if ((cs = calloc(n ? n : 1, sizeof(*cs))) == NULL ||
	    (ord = calloc(n ? n : 1, sizeof(*ord))) == NULL ||
	    (rej = calloc(n ? n : 1, sizeof(*rej))) == NULL)
		goto oom;
	/* 1. check each challenge on its own; identical files count once */
	for (i = 0; i < n; i++) {
		struct gv_settle_item *it = &items[i];
		struct cand *c = &cs[nc];
		struct gv_err ce = { 0, "" };

		it->accepted = it->duplicate = 0;
		it->reason[0] = '\0';
		gv_sha256(c->sha, it->data, it->len);
		for (j = 0; j < nc; j++)
			if (bytecmp(cs[j].sha, c->sha) == 0)
				break;
		if (j < nc) {
			it->duplicate = 1;
			snprintf(it->reason, sizeof(it->reason),
			    "the same bytes as another challenge given");
			continue;
		}
		c->item = i;
		gv_challenge_init(&c->c);
		c->checked = 1;
		nc++;
		if (gv_json_parse((const char *)it->data, it->len, "challenge",
		    &c->doc, &ce) != GV_OK ||
		    gv_challenge_check(&x->table, bs, &x->pub, c->doc, "challenge",
		    &c->c, &ce) != GV_OK) {
			if (ce.code == GV_INTERNAL) {
				*e = ce;
				goto cleanup;
			}
			reject(it, ce.msg);
			rej[nrej++] = c;
			continue;
		}
		ord[nord++] = c;
	}
	/* 2. in commitment order, each pays only for its own improvement */
	qsort(ord, nord, sizeof(*ord), ordercmp);
	if ((acc = json_array()) == NULL)
		goto oom;
	for (i = 0, j = 0; i < nord; i++) {
		struct cand *c = ord[i];
		struct gv_settle_item *it = &items[c->item];
		json_t *a;
		char *s1, *s2;

		mpz_sub(own, c->c.alloc.value, best->value);
		if (mpz_cmp(own, min) < 0) {
			s1 = gv_amount_str(mpz_sgn(own) <= 0 ? c->c.alloc.value :
			    own);
			s2 = gv_amount_str(mpz_sgn(own) <= 0 ? best->value :
			    min);
			if (mpz_sgn(own) <= 0)
				snprintf(it->reason, sizeof(it->reason),
				    "challenge: order: value %s does not beat the best "
				    "allocation before it, of value %s",
				    s1 ? s1 : "?", s2 ? s2 : "?");
			else
				snprintf(it->reason, sizeof(it->reason),
				    "challenge: order: improves on the best allocation "
				    "before it by %s, below the minimum "
				    "improvement %s", s1 ? s1 : "?",
				    s2 ? s2 : "?");
			free(s1);
			free(s2);
			rej[nrej++] = c;
			continue;
		}
		it->accepted = 1;
		gv_fee(bs, own, fee);
		mpz_add(fees, fees, fee);
		best = &c->c.alloc;
		if (gv_digest(best_digest, "allocation", bs->marketplace,
		    bs->epoch, json_object_get(c->doc, "allocation")) != GV_OK)
			goto oom;
		if ((a = json_object()) == NULL)
			goto oom;
		bad |= json_object_set_new(a, "challenge", gv_hex_json(c->c.id,
		    GV_DIGEST_LEN));
		bad |= json_object_set_new(a, "challenger",
		    gv_hex_json(c->c.challenger, GV_PK_LEN));
		bad |= json_object_set_new(a, "slot",
		    json_integer((json_int_t)c->c.slot));
		bad |= json_object_set_new(a, "rollup",
		    json_string(c->c.rollup));
		bad |= json_object_set_new(a, "leaf_index",
		    json_integer((json_int_t)c->c.leaf_index));
		bad |= json_object_set_new(a, "improvement", gv_amount_json(own));
		bad |= json_object_set_new(a, "fee", gv_amount_json(fee));
		bad |= json_array_append_new(acc, a);
		j++;
	}
	/* 3. the fees come out of the final allocation's surplus */
	if ((recv = calloc(bs->nrollups, sizeof(*recv))) == NULL)
		goto oom;
	for (i = 0; i < bs->nrollups; i++)
		mpz_init(recv[i]);
	if ((rc = gv_fee_charge(bs, best, fees, recv, e)) != GV_OK) {
		rc = GV_INTERNAL;	/* the rule guarantees F <= S */
		goto cleanup;
	}
	rc = GV_INTERNAL;
	for (i = 0; i < best->nwinners; i++)
		mpz_add(pay, pay, bs->bids[best->winners[i]].amount);
	qsort(rej, nrej, sizeof(*rej), shacmp);
	if ((rj = json_array()) == NULL || (ro = json_array()) == NULL ||
	    (doc = json_object()) == NULL)
		goto oom;
	for (i = 0; i < nrej; i++) {
		json_t *r = json_object();

		if (r == NULL)
			goto oom;
		bad |= json_object_set_new(r, "sha256", gv_hex_json(rej[i]->sha,
		    GV_DIGEST_LEN));
		bad |= json_object_set_new(r, "reason",
		    json_string(items[rej[i]->item].reason));
		bad |= json_array_append_new(rj, r);
	}
	for (i = 0; i < bs->nrollups; i++) {
		json_t *r = json_object();

		if (r == NULL)
			goto oom;
		bad |= json_object_set_new(r, "id",
		    json_string(bs->rollups[i].id));
		bad |= json_object_set_new(r, "receives", gv_amount_json(recv[i]));
		bad |= json_array_append_new(ro, r);
	}
	bad |= json_object_set_new(doc, "format",
	    json_string(GV_SETTLEMENT_FORMAT));
	bad |= json_object_set_new(doc, "marketplace",
	    json_string(bs->marketplace));
	bad |= json_object_set_new(doc, "epoch",
	    json_integer((json_int_t)bs->epoch));
	bad |= json_object_set_new(doc, "bidset", gv_hex_json(bs->digest,
	    GV_DIGEST_LEN));
	bad |= json_object_set_new(doc, "published", gv_hex_json(x->pub.digest,
	    GV_DIGEST_LEN));
	bad |= json_object_set_new(doc, "final", gv_hex_json(best_digest,
	    GV_DIGEST_LEN));
	bad |= json_object_set_new(doc, "value", gv_amount_json(best->value));
	bad |= json_object_set_new(doc, "accepted", acc);
	acc = NULL;
	bad |= json_object_set_new(doc, "rejected", rj);
	rj = NULL;
	bad |= json_object_set_new(doc, "payments", gv_amount_json(pay));
	bad |= json_object_set_new(doc, "fees", gv_amount_json(fees));
	bad |= json_object_set_new(doc, "rollups", ro);
	ro = NULL;
	if (bad)
		goto oom;
	*out = doc;
	doc = NULL;
	rc = GV_OK;
	goto cleanup;
oom:
	rc = gv_err_set(e, GV_INTERNAL, NULL, NULL, "out of memory");
cleanup:
	json_decref(doc);
	json_decref(acc);
	json_decref(rj);
	json_decref(ro);
	if (recv != NULL) {
		for (i = 0; i < bs->nrollups; i++)
			mpz_clear(recv[i]);
		free(recv);
	}
	for (i = 0; i < nc; i++) {
		gv_challenge_free(&cs[i].c);
		json_decref(cs[i].doc);
	}
	free(cs);
	free(ord);
	free(rej);
	mpz_clears(own, fee, fees, pay, min, NULL);
	return rc;
}
