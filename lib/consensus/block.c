/* block.c: block headers and slot records (formats/block.md, formats/slot-record.md) */
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "json.h"
#include "merkle.h"

static const char *const block_req[] = { "format", "marketplace", "epoch",
	"rollup", "slot", "parent", "sequencer", "tx_count", "tx_root",
	"state_root", NULL };
static const char *const record_req[] = { "format", "marketplace", "epoch",
	"rollup", "slot", "sequencer", NULL };

int
gv_block_parse(const json_t *v, const char *doc, const char *path,
    struct gv_block *b, struct gv_err *e)
{
	int rc;

	memset(b, 0, sizeof(*b));
	if ((rc = gv_obj_keys(v, block_req, NULL, doc, path, e)) ||
	    (rc = gv_get_format(v, GV_BLOCK_FORMAT, doc, path, e)) ||
	    (rc = gv_get_id(v, "marketplace", &b->marketplace, doc, path,
	    e)) ||
	    (rc = gv_get_uint(v, "epoch", GV_INT_MAX, &b->epoch, doc, path,
	    e)) ||
	    (rc = gv_get_id(v, "rollup", &b->rollup, doc, path, e)) ||
	    (rc = gv_get_uint(v, "slot", GV_INT_MAX, &b->slot, doc, path,
	    e)) ||
	    (rc = gv_get_hex(v, "parent", b->parent, GV_DIGEST_LEN, doc,
	    path, e)) ||
	    (rc = gv_get_hex(v, "sequencer", b->sequencer, GV_PK_LEN, doc,
	    path, e)) ||
	    (rc = gv_get_uint(v, "tx_count", GV_BLOCK_MAX_TX, &b->tx_count,
	    doc, path, e)) ||
	    (rc = gv_get_hex(v, "tx_root", b->tx_root, GV_DIGEST_LEN, doc,
	    path, e)) ||
	    (rc = gv_get_hex(v, "state_root", b->state_root, GV_DIGEST_LEN,
	    doc, path, e)))
		return rc;
	if (gv_digest(b->digest, "block", b->marketplace, b->epoch, v) !=
	    GV_OK)
		return gv_err_set(e, GV_INTERNAL, doc, path,
		    "cannot compute the digest");
	return GV_OK;
}

int
gv_slot_record_parse(const json_t *v, const char *doc, const char *path,
    struct gv_slot_record *s, struct gv_err *e)
{
	int rc;

	memset(s, 0, sizeof(*s));
	if ((rc = gv_obj_keys(v, record_req, NULL, doc, path, e)) ||
	    (rc = gv_get_format(v, GV_SLOT_RECORD_FORMAT, doc, path, e)) ||
	    (rc = gv_get_id(v, "marketplace", &s->marketplace, doc, path,
	    e)) ||
	    (rc = gv_get_uint(v, "epoch", GV_INT_MAX, &s->epoch, doc, path,
	    e)) ||
	    (rc = gv_get_id(v, "rollup", &s->rollup, doc, path, e)) ||
	    (rc = gv_get_uint(v, "slot", GV_INT_MAX, &s->slot, doc, path,
	    e)) ||
	    (rc = gv_get_hex(v, "sequencer", s->sequencer, GV_PK_LEN, doc,
	    path, e)))
		return rc;
	if (gv_digest(s->digest, "slot-record", s->marketplace, s->epoch,
	    v) != GV_OK)
		return gv_err_set(e, GV_INTERNAL, doc, path,
		    "cannot compute the digest");
	return GV_OK;
}

int
gv_block_list_root(const unsigned char (*items)[GV_DIGEST_LEN], size_t n,
    unsigned char out[GV_DIGEST_LEN])
{
	unsigned char (*leaves)[GV_HASH_LEN];
	size_t i;
	int rc;

	if (n == 0) {
		gv_sha256(out, "", 0);
		return GV_OK;
	}
	if ((leaves = calloc(n, sizeof(*leaves))) == NULL)
		return GV_INTERNAL;
	for (i = 0; i < n; i++)
		gv_merkle_leaf(items[i], GV_DIGEST_LEN, leaves[i]);
	rc = gv_merkle_root((const unsigned char (*)[GV_HASH_LEN])leaves, n,
	    out) == 0 ? GV_OK : GV_INTERNAL;
	free(leaves);
	return rc;
}
