/* merkle.c: RFC 6962 Merkle trees and inclusion proofs (formats/inclusion-proof.md) */
#include <inttypes.h>
#include <string.h>

#include <sodium.h>

#include "json.h"
#include "merkle.h"

static const char *const proof_req[] = { "format", "leaf_index",
	"tree_size", "leaf_hash", "path", "root", NULL };

void
gv_merkle_leaf(const void *data, size_t len, unsigned char out[GV_HASH_LEN])
{
	crypto_hash_sha256_state st;
	unsigned char z = 0x00;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, &z, 1);
	crypto_hash_sha256_update(&st, data, len);
	crypto_hash_sha256_final(&st, out);
}

void
gv_merkle_node(const unsigned char l[GV_HASH_LEN],
    const unsigned char r[GV_HASH_LEN], unsigned char out[GV_HASH_LEN])
{
	unsigned char buf[1 + 2 * GV_HASH_LEN];

	buf[0] = 0x01;
	memcpy(buf + 1, l, GV_HASH_LEN);
	memcpy(buf + 1 + GV_HASH_LEN, r, GV_HASH_LEN);
	crypto_hash_sha256(out, buf, sizeof(buf));
}

/* Largest power of two strictly below n (n >= 2). */
static size_t
split(size_t n)
{
	size_t k = 1;

	while (k < n - k)
		k <<= 1;
	return k;
}

/* MTH(D[n]) for n >= 1, RFC 6962 section 2.1. */
static void
mth(const unsigned char (*leaves)[GV_HASH_LEN], size_t n,
    unsigned char out[GV_HASH_LEN])
{
	unsigned char l[GV_HASH_LEN], r[GV_HASH_LEN];
	size_t k;

	if (n == 1) {
		memcpy(out, leaves[0], GV_HASH_LEN);
		return;
	}
	k = split(n);
	mth(leaves, k, l);
	mth(leaves + k, n - k, r);
	gv_merkle_node(l, r, out);
}

int
gv_merkle_root(const unsigned char (*leaves)[GV_HASH_LEN], size_t n,
    unsigned char out[GV_HASH_LEN])
{
	if (n == 0)
		crypto_hash_sha256(out, NULL, 0);
	else
		mth(leaves, n, out);
	return 0;
}

/* PATH(m, D[n]), RFC 6962 section 2.1.1: the deepest sibling first. */
static void
path_rec(const unsigned char (*leaves)[GV_HASH_LEN], size_t n, size_t m,
    unsigned char (*path)[GV_HASH_LEN], size_t *len)
{
	size_t k;

	if (n == 1)
		return;
	k = split(n);
	if (m < k) {
		path_rec(leaves, k, m, path, len);
		mth(leaves + k, n - k, path[(*len)++]);
	} else {
		path_rec(leaves + k, n - k, m - k, path, len);
		mth(leaves, k, path[(*len)++]);
	}
}

int
gv_merkle_path(const unsigned char (*leaves)[GV_HASH_LEN], size_t n,
    size_t index, unsigned char (*path)[GV_HASH_LEN], size_t *pathlen)
{
	*pathlen = 0;
	if (index >= n)
		return -1;
	path_rec(leaves, n, index, path, pathlen);
	return 0;
}

size_t
gv_merkle_path_len(uint64_t index, uint64_t size)
{
	uint64_t fn = index, sn;
	size_t len = 0;

	if (index >= size)
		return 0;
	sn = size - 1;
	while (sn != 0) {
		if ((fn & 1) || fn == sn) {
			if (!(fn & 1))
				while (!(fn & 1) && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
		}
		fn >>= 1;
		sn >>= 1;
		len++;
	}
	return len;
}

/* RFC 9162 section 2.1.3.2; r receives the computed root. */
static int
walk(uint64_t index, uint64_t size, const unsigned char leaf[GV_HASH_LEN],
    const unsigned char (*path)[GV_HASH_LEN], size_t pathlen,
    unsigned char r[GV_HASH_LEN])
{
	uint64_t fn, sn;
	size_t i;

	if (index >= size)
		return 0;
	fn = index;
	sn = size - 1;
	memcpy(r, leaf, GV_HASH_LEN);
	for (i = 0; i < pathlen; i++) {
		if (sn == 0)
			return 0;
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
	return sn == 0;
}

int
gv_merkle_verify(uint64_t index, uint64_t size,
    const unsigned char leaf_hash[GV_HASH_LEN],
    const unsigned char (*path)[GV_HASH_LEN], size_t pathlen,
    const unsigned char root[GV_HASH_LEN])
{
	unsigned char r[GV_HASH_LEN];

	if (!walk(index, size, leaf_hash, path, pathlen, r))
		return 0;
	return sodium_memcmp(r, root, GV_HASH_LEN) == 0;
}

int
gv_inclusion_check(const json_t *v, const char *doc, struct gv_err *e)
{
	unsigned char leaf[GV_HASH_LEN], root[GV_HASH_LEN], got[GV_HASH_LEN];
	unsigned char path[GV_MERKLE_MAX_PATH][GV_HASH_LEN];
	char p[GV_PATH_MAX], hex[2 * GV_HASH_LEN + 1];
	const json_t *arr;
	uint64_t index, size;
	size_t i, n, want;
	int rc;

	if ((rc = gv_obj_keys(v, proof_req, NULL, doc, NULL, e)) ||
	    (rc = gv_get_format(v, GV_INCLUSION_FORMAT, doc, NULL, e)) ||
	    (rc = gv_get_uint(v, "leaf_index", GV_INT_MAX, &index, doc, NULL,
	    e)) ||
	    (rc = gv_get_uint(v, "tree_size", GV_INT_MAX, &size, doc, NULL,
	    e)) ||
	    (rc = gv_get_hex(v, "leaf_hash", leaf, GV_HASH_LEN, doc, NULL,
	    e)))
		return rc;
	arr = json_object_get(v, "path");
	if (!json_is_array(arr))
		return gv_err_set(e, GV_MALFORMED, doc, "path",
		    "must be an array");
	n = json_array_size(arr);
	if (n > GV_MERKLE_MAX_PATH)
		return gv_err_set(e, GV_MALFORMED, doc, "path",
		    "%zu hashes, the limit is %d", n, GV_MERKLE_MAX_PATH);
	for (i = 0; i < n; i++) {
		const json_t *h = json_array_get(arr, i);

		gv_path_idx(p, "path", i);
		if (!json_is_string(h) ||
		    gv_unhex(path[i], GV_HASH_LEN, json_string_value(h)) != 0)
			return gv_err_set(e, GV_MALFORMED, doc, p,
			    "must be %d lowercase hex digits", 2 * GV_HASH_LEN);
	}
	if ((rc = gv_get_hex(v, "root", root, GV_HASH_LEN, doc, NULL, e)))
		return rc;
	if (index >= size)
		return gv_err_set(e, GV_INVALID, doc, "leaf_index",
		    "leaf index %" PRIu64 " is past the end of a tree of "
		    "size %" PRIu64, index, size);
	want = gv_merkle_path_len(index, size);
	if (n != want)
		return gv_err_set(e, GV_INVALID, doc, "path",
		    "wrong path length: %zu hashes, leaf %" PRIu64 " of a "
		    "tree of size %" PRIu64 " needs %zu", n, index, size, want);
	if (!walk(index, size, leaf, (const unsigned char (*)[GV_HASH_LEN])
	    path, n, got))
		return gv_err_set(e, GV_INTERNAL, doc, "path",
		    "path length check and walk disagree");
	if (sodium_memcmp(got, root, GV_HASH_LEN) != 0) {
		gv_hex(hex, got, GV_HASH_LEN);
		return gv_err_set(e, GV_INVALID, doc, "root",
		    "root mismatch: leaf %" PRIu64 " and its path give %s",
		    index, hex);
	}
	return GV_OK;
}
