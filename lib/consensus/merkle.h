/* merkle.h: RFC 6962 Merkle trees and inclusion proofs (formats/inclusion-proof.md) */
#ifndef GV_MERKLE_H
#define GV_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "err.h"

#define GV_HASH_LEN 32
/* Longest audit path: a tree of at most 2^64-1 leaves. */
#define GV_MERKLE_MAX_PATH 64
#define GV_INCLUSION_FORMAT "gavel.inclusion-proof.v1"
#define GV_INCLUSION_MAX_BYTES (1u << 20)
/* The most values an inclusion proof can hold (json.h): 1 + 6 names + 5 scalars + path 1 + 64. */
#define GV_INCLUSION_MAX_VALUES 77
#define GV_INCLUSION_MAX_CONTAINERS 2

/* Leaf hash: SHA-256(0x00 || data). */
void gv_merkle_leaf(const void *data, size_t len,
    unsigned char out[GV_HASH_LEN]);

/* Interior node hash: SHA-256(0x01 || l || r). */
void gv_merkle_node(const unsigned char l[GV_HASH_LEN],
    const unsigned char r[GV_HASH_LEN], unsigned char out[GV_HASH_LEN]);

/*
 * Root of n leaf hashes (RFC 6962 MTH; n == 0 gives SHA-256 of the empty
 * string). The caller keeps leaves. 0 ok, -1 out of memory.
 */
int gv_merkle_root(const unsigned char (*leaves)[GV_HASH_LEN], size_t n,
    unsigned char out[GV_HASH_LEN]);

/*
 * RFC 6962 / RFC 9162 section 2.1.3.2 inclusion proof verification: 1 if
 * path proves leaf_hash at index in a tree of size with root, else 0
 * (including index >= size, wrong path length).
 */
int gv_merkle_verify(uint64_t index, uint64_t size,
    const unsigned char leaf_hash[GV_HASH_LEN],
    const unsigned char (*path)[GV_HASH_LEN], size_t pathlen,
    const unsigned char root[GV_HASH_LEN]);

/*
 * Audit path for leaf index (for generators): fills path (caller provides
 * room for GV_MERKLE_MAX_PATH), sets *pathlen. 0 ok, -1 bad index/out of
 * memory.
 */
int gv_merkle_path(const unsigned char (*leaves)[GV_HASH_LEN], size_t n,
    size_t index, unsigned char (*path)[GV_HASH_LEN], size_t *pathlen);

/*
 * Length of the audit path RFC 9162 expects for index in a tree of size
 * (index < size); 0 when index >= size.
 */
size_t gv_merkle_path_len(uint64_t index, uint64_t size);

/*
 * Check an inclusion proof document (formats/inclusion-proof.md) held in
 * v; doc names it. GV_OK when it proves inclusion, GV_INVALID with the
 * reason (index past the end, wrong path length, root mismatch),
 * GV_MALFORMED for format errors. The caller keeps v.
 */
int gv_inclusion_check(const json_t *v, const char *doc, struct gv_err *e);

#endif
