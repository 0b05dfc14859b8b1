/* proof.c: a gavel.inclusion-proof.v1 document as the evidence's proof (formats/inclusion-proof.md, formats/evidence.md) */
#include <string.h>

#include "json.h"
#include "merkle.h"
#include "evtool.h"

int
ev_proof_piece(json_t **proof, const char *file, const char *leaf,
    struct gv_err *e)
{
	static const char *const req[] = { "format", "leaf_index",
		"tree_size", "leaf_hash", "path", "root", NULL };
	unsigned char want[GV_HASH_LEN], raw[GV_DIGEST_LEN], got[GV_HASH_LEN];
	char hw[2 * GV_HASH_LEN + 1], hg[2 * GV_HASH_LEN + 1];
	json_t *p = *proof, *q;
	uint64_t index;
	int rc;

	if (json_object_get(p, "format") == NULL) {
		if (leaf != NULL)
			return gv_err_set(e, GV_MALFORMED, "--leaf", NULL,
			    "only with a proof in gavel.inclusion-proof.v1 form "
			    "(%s carries its leaf)", file);
		return GV_OK;	/* {"index", "leaf", "path"}: as it is */
	}
	if ((rc = gv_obj_keys(p, req, NULL, file, NULL, e)) ||
	    (rc = gv_get_format(p, GV_INCLUSION_FORMAT, file, NULL, e)) ||
	    (rc = gv_get_uint(p, "leaf_index", (UINT64_C(1) << 53) - 1,
	    &index, file, NULL, e)) ||
	    (rc = gv_get_hex(p, "leaf_hash", want, GV_HASH_LEN, file, NULL,
	    e)))
		return rc;
	if (leaf == NULL)
		return gv_err_set(e, GV_MALFORMED, "--leaf", NULL, "missing: %s "
		    "carries the leaf's hash, the evidence the leaf itself (the "
		    "transaction hash or state root at the proven position)",
		    file);
	if (strlen(leaf) != 2 * GV_DIGEST_LEN ||
	    gv_unhex(raw, GV_DIGEST_LEN, leaf) != 0)
		return gv_err_set(e, GV_MALFORMED, "--leaf", NULL, "must be 64 "
		    "lowercase hex digits");
	gv_merkle_leaf(raw, GV_DIGEST_LEN, got);
	if (memcmp(got, want, GV_HASH_LEN) != 0) {
		gv_hex(hg, got, GV_HASH_LEN);
		gv_hex(hw, want, GV_HASH_LEN);
		return gv_err_set(e, GV_MALFORMED, "--leaf", NULL, "is not the "
		    "proof's leaf: SHA-256(0x00 || leaf) is %s, %s has "
		    "leaf_hash %s", hg, file, hw);
	}
	/* tree_size and root are the proof's claims; the evidence is checked
	 * against the certified block's tx_count and root instead */
	if ((q = json_object()) == NULL ||
	    json_object_set_new(q, "index", json_integer((json_int_t)index)) ||
	    json_object_set_new(q, "leaf", json_string(leaf)) ||
	    json_object_set(q, "path", json_object_get(p, "path"))) {
		json_decref(q);
		return gv_err_set(e, GV_INTERNAL, file, NULL, "out of memory");
	}
	json_decref(p);
	*proof = q;
	return GV_OK;
}
