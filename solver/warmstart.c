/* warmstart.c: a start from an earlier allocation (formats/allocation.md, "Warm starts") */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "warmstart.h"

/* Any allocation document is at most this big (formats/README.md). */
#define WARM_MAX_BYTES (64u << 20)

/*
 * The bid of bs by bidder on exactly the rollups bundle[0..n) (ascending
 * indices) with the highest amount above its reserves, the first in bid
 * order among equals; -1 when there is none. first[r] lists the bids
 * whose bundle starts at rollup r (next[] chains them, in bid order).
 */
static long
match(const struct gv_bidset *bs, const long *first, const long *next,
    const unsigned char *bidder, const size_t *bundle, size_t n, mpz_t t)
{
	long i, best = -1;

	for (i = first[bundle[0]]; i >= 0; i = next[i]) {
		const struct gv_bid *b = &bs->bids[i];

		if (b->nbundle != n || memcmp(b->bidder, bidder, GV_PK_LEN) != 0 ||
		    memcmp(b->bundle, bundle, n * sizeof(size_t)) != 0)
			continue;
		/* a bid at or below its reserves never starts */
		gv_bid_net(bs, b, t);
		if (mpz_sgn(t) <= 0)
			continue;
		if (best < 0 || mpz_cmp(b->amount, bs->bids[best].amount) > 0)
			best = i;
	}
	return best;
}

static int
idxcmp(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return (a > b) - (a < b);
}

int
gv_warm_start(const struct gv_bidset *bs, const char *file,
    unsigned char **flags, struct gv_warm_info *info, struct gv_err *e)
{
	static const char *const req[] = { "bidder", "bundle", NULL };
	static const char *const opt[] = { "bid", "pays", NULL };
	json_t *doc = NULL, *winners, *w, *arr;
	long *first = NULL, *next = NULL, *tail = NULL, k;
	unsigned char *in = NULL, *used_r = NULL, *used_x = NULL;
	unsigned char bidder[GV_PK_LEN];
	size_t *bundle = NULL, i, j, n;
	char path[GV_PATH_MAX], p2[GV_PATH_MAX];
	const char *id;
	mpz_t t;
	int rc;

	*flags = NULL;
	memset(info, 0, sizeof(*info));
	mpz_init(t);
	if ((rc = gv_json_load(file, WARM_MAX_BYTES, &doc, e)) != GV_OK)
		goto cleanup;
	if (!json_is_object(doc)) {
		rc = gv_err_set(e, GV_MALFORMED, file, NULL,
		    "expected an allocation (a JSON object)");
		goto cleanup;
	}
	if ((rc = gv_get_format(doc, GV_ALLOC_FORMAT, file, NULL, e)) != GV_OK)
		goto cleanup;
	winners = json_object_get(doc, "winners");
	if (!json_is_array(winners)) {
		rc = gv_err_set(e, GV_MALFORMED, file, "winners",
		    "expected an array");
		goto cleanup;
	}
	rc = GV_INTERNAL;
	first = malloc((bs->nrollups + 1) * sizeof(long));
	tail = malloc((bs->nrollups + 1) * sizeof(long));
	next = malloc((bs->nbids + 1) * sizeof(long));
	in = calloc(bs->nbids + 1, 1);
	used_r = calloc(bs->nrollups + 1, 1);
	used_x = calloc(bs->nxor + 1, 1);
	bundle = malloc((GV_MAX_BUNDLE + 1) * sizeof(size_t));
	if (!first || !tail || !next || !in || !used_r || !used_x || !bundle) {
		gv_err_set(e, GV_INTERNAL, file, NULL, "out of memory");
		goto cleanup;
	}
	for (i = 0; i < bs->nrollups; i++)
		first[i] = tail[i] = -1;
	for (i = 0; i < bs->nbids; i++) {
		size_t r = bs->bids[i].bundle[0];

		next[i] = -1;
		if (tail[r] < 0)
			first[r] = (long)i;
		else
			next[tail[r]] = (long)i;
		tail[r] = (long)i;
	}
	info->winners = json_array_size(winners);
	json_array_foreach(winners, i, w) {
		int known = 1;

		gv_path_idx(path, "winners", i);
		if ((rc = gv_obj_keys(w, req, opt, file, path, e)) != GV_OK ||
		    (rc = gv_get_hex(w, "bidder", bidder, GV_PK_LEN, file, path,
		    e)) != GV_OK)
			goto cleanup;
		arr = json_object_get(w, "bundle");
		gv_path_key(p2, path, "bundle");
		if (!json_is_array(arr) || json_array_size(arr) == 0 ||
		    json_array_size(arr) > GV_MAX_BUNDLE) {
			rc = gv_err_set(e, GV_MALFORMED, file, p2, "expected an "
			    "array of 1 to %d rollup ids", GV_MAX_BUNDLE);
			goto cleanup;
		}
		n = json_array_size(arr);
		for (j = 0; j < n; j++) {
			char p3[GV_PATH_MAX];

			gv_path_idx(p3, p2, j);
			if ((rc = gv_check_id(json_array_get(arr, j), &id, file,
			    p3, e)) != GV_OK)
				goto cleanup;
			if ((k = gv_bidset_rollup(bs, id)) < 0)
				known = 0;	/* a rollup this epoch does not sell */
			else
				bundle[j] = (size_t)k;
		}
		rc = GV_OK;
		if (!known)
			continue;
		qsort(bundle, n, sizeof(size_t), idxcmp);
		if ((k = match(bs, first, next, bidder, bundle, n, t)) < 0)
			continue;
		info->matched++;
		/* earlier winners first: a later one that overlaps them is left out */
		for (j = 0; j < n; j++)
			if (used_r[bundle[j]])
				break;
		if (j < n || (bs->bids[k].xor_group >= 0 &&
		    used_x[bs->bids[k].xor_group]))
			continue;
		for (j = 0; j < n; j++)
			used_r[bundle[j]] = 1;
		if (bs->bids[k].xor_group >= 0)
			used_x[bs->bids[k].xor_group] = 1;
		in[k] = 1;
		info->started++;
	}
	*flags = in;
	in = NULL;
	rc = GV_OK;
cleanup:
	json_decref(doc);
	free(first);
	free(tail);
	free(next);
	free(in);
	free(used_r);
	free(used_x);
	free(bundle);
	mpz_clear(t);
	return rc;
}
