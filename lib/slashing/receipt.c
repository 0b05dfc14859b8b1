/* receipt.c: sequencer pre-confirmation receipts (formats/receipt.md) */
#include <string.h>

#include "json.h"
#include "receipt.h"

static const char *const receipt_req[] = { "format", "marketplace", "epoch",
	"rollup", "slot", "sequencer", "promise", "sig", NULL };
static const char *const receipt2_req[] = { "format", "marketplace",
	"epoch", "slot", "sequencer", "holder", "collateral", "legs", "sig",
	NULL };
static const char *const leg_req[] = { "rollup", "promise", NULL };
static const char *const tx_req[] = { "kind", "position", "tx", NULL };
static const char *const state_req[] = { "kind", "position", "root", NULL };

const char *
gv_promise_name(int kind)
{
	return kind == GV_PROMISE_TX ? "tx" : "state";
}

static int
parse_promise(const json_t *v, const char *doc, const char *path,
    struct gv_receipt *r, struct gv_err *e)
{
	char p[GV_PATH_MAX], kp[GV_PATH_MAX], q[96];
	const char *kind;
	int rc;

	gv_path_key(p, path, "promise");
	if (!json_is_object(v))
		return gv_err_set(e, GV_MALFORMED, doc, p, "must be an object");
	if ((rc = gv_get_str(v, "kind", &kind, doc, p, e)) != GV_OK)
		return rc;
	if (strcmp(kind, "tx") == 0)
		r->kind = GV_PROMISE_TX;
	else if (strcmp(kind, "state") == 0)
		r->kind = GV_PROMISE_STATE;
	else {
		gv_path_key(kp, p, "kind");
		return gv_err_set(e, GV_MALFORMED, doc, kp,
		    "unknown promise kind %s, expected \"tx\" or \"state\"",
		    gv_quote(q, sizeof(q), kind));
	}
	if ((rc = gv_obj_keys(v, r->kind == GV_PROMISE_TX ? tx_req :
	    state_req, NULL, doc, p, e)) ||
	    (rc = gv_get_uint(v, "position", GV_INT_MAX, &r->position, doc,
	    p, e)) ||
	    (rc = gv_get_hex(v, r->kind == GV_PROMISE_TX ? "tx" : "root",
	    r->value, GV_DIGEST_LEN, doc, p, e)))
		return rc;
	return GV_OK;
}

int
gv_receipt_parse(const json_t *v, const char *doc, const char *path,
    struct gv_receipt *r, struct gv_err *e)
{
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = gv_obj_keys(v, receipt_req, NULL, doc, path, e)) ||
	    (rc = gv_get_format(v, GV_RECEIPT_FORMAT, doc, path, e)) ||
	    (rc = gv_get_id(v, "marketplace", &r->marketplace, doc, path,
	    e)) ||
	    (rc = gv_get_uint(v, "epoch", GV_INT_MAX, &r->epoch, doc, path,
	    e)) ||
	    (rc = gv_get_id(v, "rollup", &r->rollup, doc, path, e)) ||
	    (rc = gv_get_uint(v, "slot", GV_INT_MAX, &r->slot, doc, path,
	    e)) ||
	    (rc = gv_get_hex(v, "sequencer", r->sequencer, GV_PK_LEN, doc,
	    path, e)) ||
	    (rc = parse_promise(json_object_get(v, "promise"), doc, path, r,
	    e)) ||
	    (rc = gv_get_hex(v, "sig", r->sig, GV_SIG_LEN, doc, path, e)))
		return rc;
	if (gv_digest_unsigned(r->digest, "receipt", r->marketplace, r->epoch,
	    v) != GV_OK)
		return gv_err_set(e, GV_INTERNAL, doc, path,
		    "cannot compute the digest");
	r->version = 1;
	r->nlegs = 1;
	return GV_OK;
}

/* Every leg of a v2 receipt: keys, rollup order, promise; r gets leg 0. */
static int
parse_legs(const json_t *legs, const char *doc, const char *path,
    struct gv_receipt *r, struct gv_err *e)
{
	struct gv_receipt leg;
	char p[GV_PATH_MAX], lp[GV_PATH_MAX], rp[GV_PATH_MAX], q[96];
	const char *rollup, *prev = NULL;
	size_t i, n;
	int rc;

	gv_path_key(p, path, "legs");
	if (!json_is_array(legs))
		return gv_err_set(e, GV_MALFORMED, doc, p, "must be an array");
	n = json_array_size(legs);
	if (n == 0)
		return gv_err_set(e, GV_MALFORMED, doc, p,
		    "must hold at least 1 leg");
	if (n > GV_RECEIPT_MAX_LEGS)
		return gv_err_set(e, GV_MALFORMED, doc, p,
		    "%zu legs, the limit is %d", n, GV_RECEIPT_MAX_LEGS);
	for (i = 0; i < n; i++) {
		const json_t *l = json_array_get(legs, i);

		gv_path_idx(lp, p, i);
		if ((rc = gv_obj_keys(l, leg_req, NULL, doc, lp, e)) ||
		    (rc = gv_get_id(l, "rollup", &rollup, doc, lp, e)))
			return rc;
		if (prev != NULL && strcmp(prev, rollup) >= 0) {
			gv_path_key(rp, lp, "rollup");
			return gv_err_set(e, GV_MALFORMED, doc, rp, "rollup %s is "
			    "out of order or repeated: legs must be sorted by "
			    "rollup in ascending byte order, one leg per rollup",
			    gv_quote(q, sizeof(q), rollup));
		}
		prev = rollup;
		memset(&leg, 0, sizeof(leg));
		if ((rc = parse_promise(json_object_get(l, "promise"), doc, lp,
		    &leg, e)))
			return rc;
		if (i == 0) {
			r->rollup = rollup;
			r->kind = leg.kind;
			r->position = leg.position;
			memcpy(r->value, leg.value, GV_DIGEST_LEN);
		}
	}
	r->legs = legs;
	r->nlegs = n;
	return GV_OK;
}

static int
parse_v2(const json_t *v, const char *doc, const char *path,
    struct gv_receipt *r, struct gv_err *e)
{
	mpz_t c;
	int rc;

	memset(r, 0, sizeof(*r));
	mpz_init(c);
	if ((rc = gv_obj_keys(v, receipt2_req, NULL, doc, path, e)) ||
	    (rc = gv_get_format(v, GV_RECEIPT_FORMAT_V2, doc, path, e)) ||
	    (rc = gv_get_id(v, "marketplace", &r->marketplace, doc, path,
	    e)) ||
	    (rc = gv_get_uint(v, "epoch", GV_INT_MAX, &r->epoch, doc, path,
	    e)) ||
	    (rc = gv_get_uint(v, "slot", GV_INT_MAX, &r->slot, doc, path,
	    e)) ||
	    (rc = gv_get_hex(v, "sequencer", r->sequencer, GV_PK_LEN, doc,
	    path, e)) ||
	    (rc = gv_get_hex(v, "holder", r->holder, GV_PK_LEN, doc, path,
	    e)) ||
	    (rc = gv_get_amount(v, "collateral", c, doc, path, e)) ||
	    (rc = parse_legs(json_object_get(v, "legs"), doc, path, r, e)) ||
	    (rc = gv_get_hex(v, "sig", r->sig, GV_SIG_LEN, doc, path, e)))
		goto cleanup;
	r->collateral = json_string_value(json_object_get(v, "collateral"));
	r->version = 2;
	if (gv_digest_unsigned(r->digest, "receipt", r->marketplace, r->epoch,
	    v) != GV_OK)
		rc = gv_err_set(e, GV_INTERNAL, doc, path,
		    "cannot compute the digest");
cleanup:
	mpz_clear(c);
	return rc;
}

int
gv_receipt_parse_any(const json_t *v, const char *doc, const char *path,
    struct gv_receipt *r, struct gv_err *e)
{
	int k = gv_format_version(v, GV_RECEIPT_FORMAT, GV_RECEIPT_FORMAT_V2,
	    doc, path, e);

	if (k < 0) {
		memset(r, 0, sizeof(*r));
		return -k;
	}
	return k == 2 ? parse_v2(v, doc, path, r, e) :
	    gv_receipt_parse(v, doc, path, r, e);
}

int
gv_receipt_leg(const struct gv_receipt *r, size_t i, struct gv_receipt *out)
{
	struct gv_err e = { 0, "" };
	struct gv_receipt leg;
	const json_t *l;

	if (out != r)
		*out = *r;
	if (r->version != 2)
		return i == 0 ? GV_OK : GV_INTERNAL;
	if (i >= r->nlegs || (l = json_array_get(r->legs, i)) == NULL)
		return GV_INTERNAL;
	memset(&leg, 0, sizeof(leg));
	if (parse_promise(json_object_get(l, "promise"), "receipt", NULL, &leg,
	    &e) != GV_OK)
		return GV_INTERNAL;
	out->rollup = json_string_value(json_object_get(l, "rollup"));
	out->kind = leg.kind;
	out->position = leg.position;
	memcpy(out->value, leg.value, GV_DIGEST_LEN);
	return GV_OK;
}

int
gv_receipt_sig_ok(const struct gv_receipt *r)
{
	return gv_sig_verify(r->sequencer, r->digest, GV_DIGEST_LEN, r->sig);
}

int
gv_receipt_same_promise(const struct gv_receipt *a,
    const struct gv_receipt *b)
{
	return a->kind == b->kind && a->position == b->position &&
	    memcmp(a->value, b->value, GV_DIGEST_LEN) == 0;
}

int
gv_receipt_sign(json_t *receipt, const unsigned char sk[GV_SK_LEN])
{
	unsigned char d[GV_DIGEST_LEN], sig[GV_SIG_LEN];
	char hex[2 * GV_SIG_LEN + 1];
	json_t *mp, *ep;

	json_object_del(receipt, "sig");
	mp = json_object_get(receipt, "marketplace");
	ep = json_object_get(receipt, "epoch");
	if (!json_is_string(mp) || !json_is_integer(ep) ||
	    gv_digest(d, "receipt", json_string_value(mp),
	    (uint64_t)json_integer_value(ep), receipt) != GV_OK)
		return GV_INTERNAL;
	gv_sig_sign(sk, d, sizeof(d), sig);
	gv_hex(hex, sig, GV_SIG_LEN);
	return json_object_set_new(receipt, "sig", json_string(hex)) == 0 ?
	    GV_OK : GV_INTERNAL;
}
