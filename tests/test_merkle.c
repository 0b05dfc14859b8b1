/* test_merkle.c: RFC 6962 trees, proofs and gavel-verify inclusion (formats/inclusion-proof.md) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <sodium.h>

#include "expect.h"
#include "json.h"
#include "merkle.h"
#include "util.h"

typedef unsigned char hash_t[GV_HASH_LEN];

/* The certificate-transparency reference tree (merkle_tree_test.cc). */
static const char *const ct_leaves[] = { "", "00", "10", "2021", "3031",
	"40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" };
static const char *const ct_roots[] = {
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};
/* Inclusion paths of the same tests: 0-based index, size, path. */
static const struct {
	size_t index, size, n;
	const char *path[3];
} ct_paths[] = {
	{ 0, 8, 3, {
	    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
	    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" } },
	{ 5, 8, 3, {
	    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
	    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
	    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" } },
	{ 2, 3, 1, {
	    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125" } },
	{ 1, 5, 3, {
	    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" } },
};

static void
ct_tree(hash_t leaves[8])
{
	unsigned char buf[16];
	size_t i, len;

	for (i = 0; i < 8; i++) {
		len = strlen(ct_leaves[i]) / 2;
		cr_assert_eq(gv_unhex(buf, len, ct_leaves[i]), 0);
		gv_merkle_leaf(buf, len, leaves[i]);
	}
}

static void
unhex32(unsigned char out[GV_HASH_LEN], const char *h)
{
	cr_assert_eq(gv_unhex(out, GV_HASH_LEN, h), 0, "bad hex %s", h);
}

/*
 * An independent implementation straight from RFC 6962 section 2.1:
 * byte strings, one SHA-256 call per node, no shared code.
 */
static void
naive_mth(hash_t *d, size_t n, unsigned char out[GV_HASH_LEN])
{
	unsigned char buf[65], l[32], r[32];
	size_t k = 1;

	if (n == 0) {
		crypto_hash_sha256(out, NULL, 0);
		return;
	}
	if (n == 1) {
		memcpy(out, d[0], 32);
		return;
	}
	while (2 * k < n)
		k *= 2;
	naive_mth(d, k, l);
	naive_mth(d + k, n - k, r);
	buf[0] = 1;
	memcpy(buf + 1, l, 32);
	memcpy(buf + 33, r, 32);
	crypto_hash_sha256(out, buf, 65);
}

static void
naive_path(hash_t *d, size_t n, size_t m, hash_t *out, size_t *len)
{
	size_t k = 1;

	if (n <= 1)
		return;
	while (2 * k < n)
		k *= 2;
	if (m < k) {
		naive_path(d, k, m, out, len);
		naive_mth(d + k, n - k, out[(*len)++]);
	} else {
		naive_path(d + k, n - k, m - k, out, len);
		naive_mth(d, k, out[(*len)++]);
	}
}

Test(merkle, rfc6962_reference_roots_for_sizes_0_to_8)
{
	hash_t leaves[8];
	unsigned char root[GV_HASH_LEN], want[GV_HASH_LEN];
	size_t n;

	ct_tree(leaves);
	for (n = 0; n <= 8; n++) {
		cr_assert_eq(gv_merkle_root((const hash_t *)leaves, n, root),
		    0);
		unhex32(want, ct_roots[n]);
		cr_assert_eq(memcmp(root, want, 32), 0, "size %zu", n);
	}
}

Test(merkle, rfc6962_reference_inclusion_paths)
{
	hash_t leaves[8], path[GV_MERKLE_MAX_PATH], want;
	unsigned char root[GV_HASH_LEN];
	size_t i, j, n;

	ct_tree(leaves);
	for (i = 0; i < sizeof(ct_paths) / sizeof(ct_paths[0]); i++) {
		cr_assert_eq(gv_merkle_path((const hash_t *)leaves,
		    ct_paths[i].size, ct_paths[i].index, path, &n), 0);
		cr_assert_eq(n, ct_paths[i].n, "vector %zu", i);
		cr_assert_eq(gv_merkle_path_len(ct_paths[i].index,
		    ct_paths[i].size), n);
		for (j = 0; j < n; j++) {
			unhex32(want, ct_paths[i].path[j]);
			cr_assert_eq(memcmp(path[j], want, 32), 0,
			    "vector %zu, hash %zu", i, j);
		}
		unhex32(root, ct_roots[ct_paths[i].size]);
		cr_assert(gv_merkle_verify(ct_paths[i].index, ct_paths[i].size,
		    leaves[ct_paths[i].index], (const hash_t *)path, n, root));
		/* The same proof against the empty tree's root fails. */
		unhex32(root, ct_roots[0]);
		cr_assert(!gv_merkle_verify(ct_paths[i].index,
		    ct_paths[i].size, leaves[ct_paths[i].index],
		    (const hash_t *)path, n, root));
	}
}

Test(merkle, agrees_with_a_naive_implementation_on_every_leaf_of_sizes_1_to_70)
{
	hash_t d[70], path[GV_MERKLE_MAX_PATH], npath[GV_MERKLE_MAX_PATH];
	unsigned char root[32], nroot[32], bad[32];
	size_t size, m, n, nn, j;
	char s[16];

	for (m = 0; m < 70; m++) {
		snprintf(s, sizeof(s), "leaf %zu", m);
		gv_merkle_leaf(s, strlen(s), d[m]);
	}
	for (size = 1; size <= 70; size++) {
		gv_merkle_root((const hash_t *)d, size, root);
		naive_mth(d, size, nroot);
		cr_assert_eq(memcmp(root, nroot, 32), 0, "size %zu", size);
		for (m = 0; m < size; m++) {
			cr_assert_eq(gv_merkle_path((const hash_t *)d, size, m,
			    path, &n), 0);
			nn = 0;
			naive_path(d, size, m, npath, &nn);
			cr_assert_eq(n, nn);
			cr_assert_eq(gv_merkle_path_len(m, size), n);
			cr_assert_eq(memcmp(path, npath, n * 32), 0);
			cr_assert(gv_merkle_verify(m, size, d[m],
			    (const hash_t *)path, n, root), "%zu/%zu", m, size);
			/* Wrong index, size, leaf, path hash or length. */
			if (size > 1)
				cr_assert(!gv_merkle_verify((m + 1) % size,
				    size, d[m], (const hash_t *)path, n, root));
			cr_assert(!gv_merkle_verify(m, size + 1, d[m],
			    (const hash_t *)path, n, root) ||
			    gv_merkle_path_len(m, size + 1) == n);
			cr_assert(!gv_merkle_verify(m, size, d[(m + 1) % 70],
			    (const hash_t *)path, n, root));
			for (j = 0; j < n; j++) {
				memcpy(bad, path[j], 32);
				path[j][j % 32] ^= 0x01;
				cr_assert(!gv_merkle_verify(m, size, d[m],
				    (const hash_t *)path, n, root));
				memcpy(path[j], bad, 32);
			}
			if (n > 0)
				cr_assert(!gv_merkle_verify(m, size, d[m],
				    (const hash_t *)path, n - 1, root));
			memcpy(path[n], root, 32);
			cr_assert(!gv_merkle_verify(m, size, d[m],
			    (const hash_t *)path, n + 1, root));
			cr_assert(!gv_merkle_verify(size, size, d[m],
			    (const hash_t *)path, n, root));
		}
	}
}

Test(merkle, index_past_the_end_and_empty_tree_prove_nothing)
{
	hash_t leaves[8];
	unsigned char root[32];

	ct_tree(leaves);
	gv_merkle_root((const hash_t *)leaves, 0, root);
	cr_assert(!gv_merkle_verify(0, 0, root, NULL, 0, root));
	cr_assert(!gv_merkle_verify(1, 1, leaves[0], NULL, 0, leaves[0]));
	cr_assert(gv_merkle_verify(0, 1, leaves[0], NULL, 0, leaves[0]));
	cr_assert_eq(gv_merkle_path_len(8, 8), 0);
	cr_assert_eq(gv_merkle_path_len(0, UINT64_MAX), 64);
	{
		hash_t p[GV_MERKLE_MAX_PATH];
		size_t n;

		cr_assert_eq(gv_merkle_path((const hash_t *)leaves, 8, 8, p,
		    &n), -1);
	}
}

Test(merkle, a_leaf_never_passes_for_an_inner_node)
{
	hash_t leaves[8];
	unsigned char root[32], kids[64], x[32], pre[65];

	ct_tree(leaves);
	gv_merkle_root((const hash_t *)leaves, 4, root);
	gv_merkle_node(leaves[0], leaves[1], kids);
	gv_merkle_node(leaves[2], leaves[3], kids + 32);
	/* Without the prefixes, the 64 bytes would hash to the root. */
	pre[0] = 0x01;
	memcpy(pre + 1, kids, 64);
	crypto_hash_sha256(x, pre, 65);
	cr_assert_eq(memcmp(x, root, 32), 0);
	gv_merkle_leaf(kids, 64, x);
	cr_assert(!gv_merkle_verify(0, 1, x, NULL, 0, root));
	/* An inner node as leaf 0 of the true size needs a longer path. */
	cr_assert(!gv_merkle_verify(0, 4, kids, (const hash_t *)(kids + 32),
	    1, root));
}

/* Run one corpus case and compare with its .expect (corpus/README.md). */
static void
inclusion_case(const char *dir, const char *name)
{
	char file[256], expect[256];
	const char *argv[4];
	struct gvt_expect x;
	struct gvt_run r;

	cr_assert_eq(chdir(gvt_path(".")), 0);
	snprintf(file, sizeof(file), "corpus/%s/inclusion-%s.json", dir, name);
	snprintf(expect, sizeof(expect), "corpus/%s/inclusion-%s.expect", dir,
	    name);
	gvt_expect_load(expect, &x);
	argv[0] = gvt_bin("gavel-verify");
	argv[1] = "inclusion";
	argv[2] = file;
	argv[3] = NULL;
	cr_assert_eq(gvt_run(&r, argv), 0);
	gvt_expect_assert(&r, &x, file);
	gvt_run_free(&r);
	gvt_expect_free(&x);
}

#define INCLUSION_CASE(dir, name, tname) \
	Test(merkle, tname) { inclusion_case(dir, name); }

INCLUSION_CASE("valid", "rfc6962", cli_valid_rfc6962_leaf_5_of_8)
INCLUSION_CASE("valid", "single", cli_valid_single_leaf_tree)
INCLUSION_CASE("valid", "large", cli_valid_leaf_777_of_1000)
INCLUSION_CASE("invalid", "bad-hex", cli_malformed_hex)
INCLUSION_CASE("invalid", "negative-index", cli_malformed_negative_index)
INCLUSION_CASE("adversarial", "wrong-length", cli_wrong_path_length)
INCLUSION_CASE("adversarial", "wrong-index", cli_wrong_index)
INCLUSION_CASE("adversarial", "past-end", cli_index_past_the_end)
INCLUSION_CASE("adversarial", "leaf-as-node", cli_leaf_as_inner_node)
INCLUSION_CASE("adversarial", "node-as-leaf", cli_inner_node_as_leaf)
