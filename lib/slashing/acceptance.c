/* acceptance.c: the operator's signed acknowledgment of an accepted bid (formats/acceptance.md) */
#include <stdio.h>
#include <string.h>

#include "acceptance.h"
#include "json.h"

static const char *const req[] = { "format", "marketplace", "epoch", "bid",
	"accepted_at", "deadline", "operator", "sig", NULL };
static const char *const bid_req[] = { "id", "digest", NULL };

int
gv_acceptance_parse(const json_t *v, const char *doc, const char *path,
    struct gv_acceptance *a, struct gv_err *e)
{
	char p[GV_PATH_MAX];
	const json_t *bid;
	int rc;

	memset(a, 0, sizeof(*a));
	if ((rc = gv_obj_keys(v, req, NULL, doc, path, e)) ||
	    (rc = gv_get_format(v, GV_ACCEPTANCE_FORMAT, doc, path, e)) ||
	    (rc = gv_get_id(v, "marketplace", &a->marketplace, doc, path,
	    e)) ||
	    (rc = gv_get_uint(v, "epoch", GV_INT_MAX, &a->epoch, doc, path,
	    e)))
		return rc;
	gv_path_key(p, path, "bid");
	bid = json_object_get(v, "bid");
	if ((rc = gv_obj_keys(bid, bid_req, NULL, doc, p, e)) ||
	    (rc = gv_get_id(bid, "id", &a->bid_id, doc, p, e)) ||
	    (rc = gv_get_hex(bid, "digest", a->bid_digest, GV_DIGEST_LEN, doc,
	    p, e)) ||
	    (rc = gv_get_uint(v, "accepted_at", GV_INT_MAX, &a->accepted_at,
	    doc, path, e)) ||
	    (rc = gv_get_uint(v, "deadline", GV_INT_MAX, &a->deadline, doc,
	    path, e)) ||
	    (rc = gv_get_hex(v, "operator", a->operator_key, GV_PK_LEN, doc,
	    path, e)) ||
	    (rc = gv_get_hex(v, "sig", a->sig, GV_SIG_LEN, doc, path, e)))
		return rc;
	if (gv_digest_unsigned(a->digest, "acceptance", a->marketplace,
	    a->epoch, v) != GV_OK)
		return gv_err_set(e, GV_INTERNAL, doc, path,
		    "cannot compute the digest");
	return GV_OK;
}

int
gv_acceptance_sig_ok(const struct gv_acceptance *a)
{
	return gv_sig_verify(a->operator_key, a->digest, GV_DIGEST_LEN, a->sig);
}

int
gv_acceptance_sign(json_t *acceptance, const unsigned char sk[GV_SK_LEN])
{
	unsigned char d[GV_DIGEST_LEN], sig[GV_SIG_LEN];
	char hex[2 * GV_SIG_LEN + 1];
	const json_t *ep = json_object_get(acceptance, "epoch");

	if (!json_is_integer(ep) || gv_digest_unsigned(d, "acceptance",
	    json_string_value(json_object_get(acceptance, "marketplace")),
	    (uint64_t)json_integer_value(ep), acceptance) != GV_OK)
		return GV_INTERNAL;
	gv_sig_sign(sk, d, GV_DIGEST_LEN, sig);
	gv_hex(hex, sig, GV_SIG_LEN);
	return json_object_set_new(acceptance, "sig", json_string(hex)) == 0 ?
	    GV_OK : GV_INTERNAL;
}

int
gv_acceptance_judge(const struct gv_acceptance *a, const char *doc,
    const struct gv_bidset *bs, const struct gv_operator *o,
    int *verdict, struct gv_err *e)
{
	unsigned char d[GV_DIGEST_LEN];
	char q[96], q2[96], kh[2 * GV_PK_LEN + 1], dh[2 * GV_DIGEST_LEN + 1];
	char bh[2 * GV_DIGEST_LEN + 1], oh[2 * GV_DIGEST_LEN + 1];
	long i;

	if (strcmp(a->marketplace, bs->marketplace) != 0)
		return gv_err_set(e, GV_INVALID, doc, "marketplace", "the "
		    "acknowledgment is for marketplace %s, the bid set for %s: "
		    "it proves nothing about this bid set", gv_quote(q,
		    sizeof(q), a->marketplace), gv_quote(q2, sizeof(q2),
		    bs->marketplace));
	if (a->epoch != bs->epoch)
		return gv_err_set(e, GV_INVALID, doc, "epoch", "the "
		    "acknowledgment is for epoch %ju, the bid set for epoch "
		    "%ju: it proves nothing about this bid set",
		    (uintmax_t)a->epoch, (uintmax_t)bs->epoch);
	gv_hex(kh, a->operator_key, GV_PK_LEN);
	if (!gv_operator_has_key(o, a->operator_key))
		return gv_err_set(e, GV_INVALID, doc, "operator", "key %s is "
		    "not a certified operator key of marketplace %s for epoch "
		    "%ju: it proves nothing", kh, gv_quote(q, sizeof(q),
		    o->marketplace), (uintmax_t)bs->epoch);
	if (!gv_acceptance_sig_ok(a))
		return gv_err_set(e, GV_INVALID, doc, "sig", "signature does "
		    "not verify under the operator key: it proves nothing");
	if (a->accepted_at > a->deadline)
		return gv_err_set(e, GV_INVALID, doc, "accepted_at", "bid "
		    "accepted at %ju, after the deadline %ju: a late bid may "
		    "be left out, no omission proven", (uintmax_t)a->accepted_at,
		    (uintmax_t)a->deadline);
	gv_hex(dh, a->bid_digest, GV_DIGEST_LEN);
	gv_hex(bh, bs->digest, GV_DIGEST_LEN);
	gv_quote(q, sizeof(q), a->bid_id);
	if ((i = gv_bidset_bid(bs, a->bid_id)) >= 0) {
		if (gv_bid_digest(bs, (size_t)i, d) != GV_OK)
			return gv_err_set(e, GV_INTERNAL, bs->doc, NULL,
			    "cannot compute a bid digest");
		if (memcmp(d, a->bid_digest, GV_DIGEST_LEN) == 0) {
			*verdict = GV_ACCEPT_INCLUDED;
			return GV_OK;
		}
		gv_hex(oh, d, GV_DIGEST_LEN);
		gv_err_set(e, GV_INVALID, doc, "bid", "omission proven: bid %s "
		    "(digest %s), acknowledged by operator %s at %ju (deadline "
		    "%ju), is not in bid set %s, whose bid %s has digest %s: "
		    "operator fault", q, dh, kh, (uintmax_t)a->accepted_at,
		    (uintmax_t)a->deadline, bh, q, oh);
	} else
		gv_err_set(e, GV_INVALID, doc, "bid", "omission proven: bid %s "
		    "(digest %s), acknowledged by operator %s at %ju (deadline "
		    "%ju), is not in bid set %s: operator fault", q, dh, kh,
		    (uintmax_t)a->accepted_at, (uintmax_t)a->deadline, bh);
	*verdict = GV_ACCEPT_OMITTED;
	return GV_OK;
}
