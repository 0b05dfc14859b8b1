/* dominate.c: bids dominated by a sub-bundle or a packing of sub-bundles (formats/allocation.md, "Reductions") */
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "dominate.h"

/* Most incidence steps spent on all bids together. */
#define DOMINATE_WORK (40ULL * 1000 * 1000)

struct sub {
	const __mpz_struct *net;
	size_t i;
};

/* Higher net first, then smaller id (index). */
static int
subcmp(const void *x, const void *y)
{
	const struct sub *a = x, *b = y;
	int c = mpz_cmp(b->net, a->net);

	if (c != 0)
		return c;
	return a->i < b->i ? -1 : a->i > b->i;
}

long
gv_dominate(const struct gv_bidset *bs, unsigned char *drop,
    unsigned char mark)
{
	size_t n = bs->nbids, W = bs->nrollups, i, j, k, q, total = 0;
	size_t *inc_start = NULL, *inc = NULL, *fill = NULL, *seen = NULL;
	size_t *cnt = NULL, *used = NULL, st = 0, ninit = 0;
	struct sub *subs = NULL;
	unsigned char *pos = NULL, *hit = NULL;
	mpz_t *net = NULL, sum;
	unsigned long long work = 0;
	long marked = 0;

	mpz_init(sum);
	if (n == 0)
		goto cleanup;
	net = calloc(n, sizeof(*net));
	pos = calloc(n, 1);
	inc_start = calloc(W + 1, sizeof(size_t));
	fill = calloc(W + 1, sizeof(size_t));
	seen = calloc(n, sizeof(size_t));
	cnt = calloc(n, sizeof(size_t));
	used = calloc(W + 1, sizeof(size_t));
	subs = calloc(n, sizeof(*subs));
	hit = calloc(n, 1);
	if (!net || !pos || !inc_start || !fill || !seen || !cnt ||
	    !used || !subs || !hit) {
		marked = -1;
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		const struct gv_bid *b = &bs->bids[i];

		mpz_init(net[i]);
		ninit++;
		gv_bid_net(bs, b, net[i]);
		pos[i] = mpz_sgn(net[i]) > 0;
		/* dominators: positive net, no XOR group */
		if (pos[i] && b->xor_group < 0) {
			total += b->nbundle;
			for (j = 0; j < b->nbundle; j++)
				inc_start[b->bundle[j] + 1]++;
		}
	}
	for (k = 0; k < W; k++)
		inc_start[k + 1] += inc_start[k];
	if ((inc = calloc(total + 1, sizeof(size_t))) == NULL) {
		marked = -1;
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		const struct gv_bid *b = &bs->bids[i];

		if (pos[i] && b->xor_group < 0)
			for (j = 0; j < b->nbundle; j++)
				inc[inc_start[b->bundle[j]] + fill[b->bundle[j]]++] =
				    i;
	}
	for (i = 0; i < n && work < DOMINATE_WORK; i++) {
		const struct gv_bid *b = &bs->bids[i];
		size_t nsub = 0;
		int dominated = 0;

		if (!pos[i] || drop[i] != 0)
			continue;
		st++;
		/* bids inside b's bundle: seen |bundle| times through it */
		for (j = 0; j < b->nbundle; j++) {
			size_t r = b->bundle[j];

			for (q = inc_start[r]; q < inc_start[r + 1]; q++) {
				size_t d = inc[q];

				work++;
				if (d == i)
					continue;
				if (seen[d] != st) {
					seen[d] = st;
					cnt[d] = 0;
				}
				if (++cnt[d] == bs->bids[d].nbundle) {
					subs[nsub].net = net[d];
					subs[nsub].i = d;
					nsub++;
				}
			}
		}
		/* one sub-bundle bid as good (same bundle: only an earlier id) */
		for (k = 0; k < nsub && !dominated; k++) {
			int c = mpz_cmp(subs[k].net, net[i]);

			dominated = c > 0 || (c == 0 && subs[k].i < i);
		}
		if (!dominated && nsub > 1) {
			/* disjoint sub-bundle bids, greedily by net, worth more */
			qsort(subs, nsub, sizeof(*subs), subcmp);
			mpz_set_ui(sum, 0);
			for (k = 0; k < nsub; k++) {
				const struct gv_bid *d = &bs->bids[subs[k].i];
				int ok = 1;

				work += d->nbundle;
				for (q = 0; ok && q < d->nbundle; q++)
					ok = used[d->bundle[q]] != st;
				if (!ok)
					continue;
				for (q = 0; q < d->nbundle; q++)
					used[d->bundle[q]] = st;
				mpz_add(sum, sum, subs[k].net);
				if (mpz_cmp(sum, net[i]) > 0) {
					dominated = 1;
					break;
				}
			}
		}
		if (dominated) {
			hit[i] = 1;
			marked++;
		}
	}
	for (i = 0; i < n; i++)
		if (hit[i])
			drop[i] = mark;
cleanup:
	for (i = 0; i < ninit; i++)
		mpz_clear(net[i]);
	mpz_clear(sum);
	free(net);
	free(pos);
	free(inc_start);
	free(inc);
	free(fill);
	free(seen);
	free(cnt);
	free(used);
	free(subs);
	free(hit);
	return marked;
}
