/* reduce.c: bids that can never win, dropped before the search (formats/allocation.md, "Reductions") */
#include <stdlib.h>
#include <string.h>

#include "dominate.h"
#include "reduce.h"

static _Thread_local const struct gv_bidset *sort_bs;

static int
bundlecmp(const struct gv_bid *a, const struct gv_bid *b)
{
	return gv_bundle_cmp(a->bundle, a->nbundle, b->bundle, b->nbundle);
}

/* Same bundle together; within it highest amount first, then id order. */
static int
bidcmp(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	const struct gv_bid *a = &sort_bs->bids[i], *b = &sort_bs->bids[j];
	int c = bundlecmp(a, b);

	if (c != 0)
		return c;
	if ((c = mpz_cmp(b->amount, a->amount)) != 0)
		return c;
	return i < j ? -1 : i > j;
}

int
gv_reduce(const struct gv_bidset *bs, struct gv_reduced *r, struct gv_err *e)
{
	size_t *order = NULL, i, j, start, n = bs->nbids;
	unsigned char *drop = NULL;
	mpz_t net;
	int rc = GV_INTERNAL;

	memset(r, 0, sizeof(*r));
	mpz_init(net);
	if ((order = calloc(n ? n : 1, sizeof(*order))) == NULL ||
	    (drop = calloc(n ? n : 1, 1)) == NULL ||
	    (r->bid = calloc(n ? n : 1, sizeof(*r->bid))) == NULL ||
	    (r->net = calloc(n ? n : 1, sizeof(*r->net))) == NULL) {
		gv_err_set(e, GV_INTERNAL, bs->doc, NULL, "out of memory");
		goto cleanup;
	}
	for (i = 0; i < n; i++)
		order[i] = i;
	/* qsort has no context argument: sort_bs is thread local (components.c). */
	sort_bs = bs;
	qsort(order, n, sizeof(*order), bidcmp);
	sort_bs = NULL;
	for (start = 0; start < n; start = j) {
		long best = -1;

		for (j = start; j < n && bundlecmp(&bs->bids[order[start]],
		    &bs->bids[order[j]]) == 0; j++) {
			if (best >= 0) {
				drop[order[j]] = 2;
				continue;
			}
			if (bs->bids[order[j]].xor_group < 0)
				best = (long)j;
		}
	}
	/* dominance across bundles (dominate.c) */
	if (gv_dominate(bs, drop, 2) < 0) {
		gv_err_set(e, GV_INTERNAL, bs->doc, NULL, "out of memory");
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		const struct gv_bid *b = &bs->bids[i];

		gv_bid_net(bs, b, net);
		if (mpz_sgn(net) <= 0) {
			r->dropped_reserve++;
			continue;
		}
		if (drop[i] == 2) {
			r->dropped_dominated++;
			continue;
		}
		r->bid[r->n] = i;
		mpz_init_set(r->net[r->n], net);
		r->n++;
	}
	rc = GV_OK;
cleanup:
	mpz_clear(net);
	free(order);
	free(drop);
	if (rc != GV_OK)
		gv_reduced_free(r);
	return rc;
}

void
gv_reduced_free(struct gv_reduced *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		mpz_clear(r->net[i]);
	free(r->net);
	free(r->bid);
	memset(r, 0, sizeof(*r));
}
