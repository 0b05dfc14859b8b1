/* delegation.c: a winner's sequencing rights signed over to a gateway (formats/delegation.md) */
#include <string.h>

#include "delegation.h"
#include "json.h"

static const char *const req[] = { "format", "marketplace", "epoch",
	"sequencer", "gateway", "rollups", "slots", "sig", NULL };
static const char *const slots_req[] = { "first", "count", NULL };

static int
parse_rollups(const json_t *v, const char *doc, const char *path,
    struct gv_err *e)
{
	char p[GV_PATH_MAX], ip[GV_PATH_MAX], q[96];
	const char *id, *prev = NULL;
	size_t i, n;
	int rc;

	gv_path_key(p, path, "rollups");
	if (!json_is_array(v))
		return gv_err_set(e, GV_MALFORMED, doc, p, "must be an array");
	if ((n = json_array_size(v)) == 0)
		return gv_err_set(e, GV_MALFORMED, doc, p, "must not be empty");
	if (n > GV_DELEGATION_MAX_ROLLUPS)
		return gv_err_set(e, GV_MALFORMED, doc, p, "%zu rollups, the "
		    "limit is %d", n, GV_DELEGATION_MAX_ROLLUPS);
	for (i = 0; i < n; i++) {
		gv_path_idx(ip, p, i);
		if ((rc = gv_check_id(json_array_get(v, i), &id, doc, ip, e)))
			return rc;
		if (prev != NULL && strcmp(prev, id) >= 0)
			return gv_err_set(e, GV_MALFORMED, doc, ip, "rollup %s "
			    "is out of order or repeated: rollups must be "
			    "sorted in ascending byte order",
			    gv_quote(q, sizeof(q), id));
		prev = id;
	}
	return GV_OK;
}

int
gv_delegation_parse(const json_t *v, const char *doc, const char *path,
    struct gv_delegation *d, struct gv_err *e)
{
	char p[GV_PATH_MAX], cp[GV_PATH_MAX];
	const json_t *slots;
	int rc;

	memset(d, 0, sizeof(*d));
	if ((rc = gv_obj_keys(v, req, NULL, doc, path, e)) ||
	    (rc = gv_get_format(v, GV_DELEGATION_FORMAT, doc, path, e)) ||
	    (rc = gv_get_id(v, "marketplace", &d->marketplace, doc, path, e)) ||
	    (rc = gv_get_uint(v, "epoch", GV_INT_MAX, &d->epoch, doc, path,
	    e)) ||
	    (rc = gv_get_hex(v, "sequencer", d->sequencer, GV_PK_LEN, doc,
	    path, e)) ||
	    (rc = gv_get_hex(v, "gateway", d->gateway, GV_PK_LEN, doc, path,
	    e)) ||
	    (rc = parse_rollups(json_object_get(v, "rollups"), doc, path, e)))
		return rc;
	d->rollups = json_object_get(v, "rollups");
	gv_path_key(p, path, "slots");
	slots = json_object_get(v, "slots");
	if ((rc = gv_obj_keys(slots, slots_req, NULL, doc, p, e)) ||
	    (rc = gv_get_uint(slots, "first", GV_INT_MAX, &d->first, doc, p,
	    e)) ||
	    (rc = gv_get_uint(slots, "count", GV_INT_MAX, &d->count, doc, p,
	    e)))
		return rc;
	if (d->count == 0) {
		gv_path_key(cp, p, "count");
		return gv_err_set(e, GV_MALFORMED, doc, cp, "must be at least 1");
	}
	if (d->count - 1 > GV_INT_MAX - d->first)
		return gv_err_set(e, GV_MALFORMED, doc, p, "last slot (first + "
		    "count - 1) exceeds 2^53-1");
	if ((rc = gv_get_hex(v, "sig", d->sig, GV_SIG_LEN, doc, path, e)))
		return rc;
	if (gv_digest_unsigned(d->digest, "delegation", d->marketplace,
	    d->epoch, v) != GV_OK)
		return gv_err_set(e, GV_INTERNAL, doc, path,
		    "cannot compute the digest");
	return GV_OK;
}

int
gv_delegation_sig_ok(const struct gv_delegation *d)
{
	return gv_sig_verify(d->sequencer, d->digest, GV_DIGEST_LEN, d->sig);
}

int
gv_delegation_covers(const struct gv_delegation *d, const char *rollup,
    uint64_t slot)
{
	size_t i;

	if (slot < d->first || slot - d->first >= d->count)
		return 0;
	for (i = 0; i < json_array_size(d->rollups); i++)
		if (strcmp(json_string_value(json_array_get(d->rollups, i)),
		    rollup) == 0)
			return 1;
	return 0;
}

int
gv_delegation_sign(json_t *delegation, const unsigned char sk[GV_SK_LEN])
{
	unsigned char d[GV_DIGEST_LEN], sig[GV_SIG_LEN];
	char hex[2 * GV_SIG_LEN + 1];
	const json_t *ep = json_object_get(delegation, "epoch");

	if (!json_is_integer(ep) || gv_digest_unsigned(d, "delegation",
	    json_string_value(json_object_get(delegation, "marketplace")),
	    (uint64_t)json_integer_value(ep), delegation) != GV_OK)
		return GV_INTERNAL;
	gv_sig_sign(sk, d, GV_DIGEST_LEN, sig);
	gv_hex(hex, sig, GV_SIG_LEN);
	return json_object_set_new(delegation, "sig", json_string(hex)) == 0 ?
	    GV_OK : GV_INTERNAL;
}
