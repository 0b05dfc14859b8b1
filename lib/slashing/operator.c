/* operator.c: the marketplace's certified operator keys (formats/operator.md) */
#include <string.h>

#include "json.h"
#include "operator.h"

static const char *const req[] = { "format", "marketplace", "epoch",
	"last_epoch", "keys", NULL };

static int
parse_keys(const json_t *v, const char *doc, const char *path,
    struct gv_err *e)
{
	char p[GV_PATH_MAX], ip[GV_PATH_MAX];
	unsigned char k[GV_PK_LEN];
	const char *s, *prev = NULL;
	size_t i, n;

	gv_path_key(p, path, "keys");
	if (!json_is_array(v))
		return gv_err_set(e, GV_MALFORMED, doc, p, "must be an array");
	if ((n = json_array_size(v)) == 0)
		return gv_err_set(e, GV_MALFORMED, doc, p, "must not be empty");
	if (n > GV_OPERATOR_MAX_KEYS)
		return gv_err_set(e, GV_MALFORMED, doc, p, "%zu keys, the limit "
		    "is %d", n, GV_OPERATOR_MAX_KEYS);
	for (i = 0; i < n; i++) {
		gv_path_idx(ip, p, i);
		if (!json_is_string(json_array_get(v, i)))
			return gv_err_set(e, GV_MALFORMED, doc, ip,
			    "must be a string");
		s = json_string_value(json_array_get(v, i));
		if (strlen(s) != 2 * GV_PK_LEN)
			return gv_err_set(e, GV_MALFORMED, doc, ip, "must be "
			    "%d hex digits (%d bytes), got %zu characters",
			    2 * GV_PK_LEN, GV_PK_LEN, strlen(s));
		if (gv_unhex(k, GV_PK_LEN, s) != 0)
			return gv_err_set(e, GV_MALFORMED, doc, ip, "bad hex: "
			    "only the digits 0-9 and a-f (lowercase) are "
			    "allowed");
		if (prev != NULL && strcmp(prev, s) >= 0)
			return gv_err_set(e, GV_MALFORMED, doc, ip, "key is out "
			    "of order or repeated: keys must be sorted in "
			    "ascending order");
		prev = s;
	}
	return GV_OK;
}

int
gv_operator_parse(const json_t *v, const char *doc, const char *path,
    struct gv_operator *o, struct gv_err *e)
{
	char p[GV_PATH_MAX];
	int rc;

	memset(o, 0, sizeof(*o));
	if ((rc = gv_obj_keys(v, req, NULL, doc, path, e)) ||
	    (rc = gv_get_format(v, GV_OPERATOR_FORMAT, doc, path, e)) ||
	    (rc = gv_get_id(v, "marketplace", &o->marketplace, doc, path,
	    e)) ||
	    (rc = gv_get_uint(v, "epoch", GV_INT_MAX, &o->epoch, doc, path,
	    e)) ||
	    (rc = gv_get_uint(v, "last_epoch", GV_INT_MAX, &o->last_epoch, doc,
	    path, e)))
		return rc;
	if (o->last_epoch < o->epoch) {
		gv_path_key(p, path, "last_epoch");
		return gv_err_set(e, GV_MALFORMED, doc, p, "must be at least "
		    "epoch (%ju)", (uintmax_t)o->epoch);
	}
	if ((rc = parse_keys(json_object_get(v, "keys"), doc, path, e)))
		return rc;
	o->keys = json_object_get(v, "keys");
	if (gv_digest(o->digest, "operator", o->marketplace, o->epoch, v) !=
	    GV_OK)
		return gv_err_set(e, GV_INTERNAL, doc, path,
		    "cannot compute the digest");
	return GV_OK;
}

int
gv_operator_has_key(const struct gv_operator *o,
    const unsigned char key[GV_PK_LEN])
{
	char hex[2 * GV_PK_LEN + 1];
	size_t i;

	gv_hex(hex, key, GV_PK_LEN);
	for (i = 0; i < json_array_size(o->keys); i++)
		if (strcmp(json_string_value(json_array_get(o->keys, i)),
		    hex) == 0)
			return 1;
	return 0;
}

int
gv_operator_covers(const struct gv_operator *o, uint64_t epoch)
{
	return epoch >= o->epoch && epoch <= o->last_epoch;
}
