/* brute.c: exhaustive winner determination, the tests' reference (formats/allocation.md, "Winner determination") */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <gmp.h>

#include "brute.h"

/* Exhaustive search state: every feasible packing of the bids that may win. */
struct brute {
	const struct gv_bidset *bs;
	size_t n;		/* candidate bids */
	size_t *bid;		/* bid index per candidate */
	uint32_t *mask;		/* rollups of each candidate */
	mpz_t *net;		/* amount - reserves, >= 0 */
	mpz_t *suffix;		/* sum of net[i..n-1] */
	mpz_t cur, best;
	mpz_t up;		/* scratch: one allocation, not one a node */
	size_t bestn, nodes;
	size_t *take, *bestw;	/* bid indices taken now / in the best */
	int have;
};

static void
dfs(struct brute *b, size_t i, uint32_t used, uint32_t xused, size_t count)
{
	const struct gv_bid *bid;
	int c;

	b->nodes++;
	if (b->have) {
		mpz_add(b->up, b->cur, b->suffix[i]);
		c = mpz_cmp(b->up, b->best);
		if (c < 0 || (c == 0 && count >= b->bestn))
			return;
	}
	if (i == b->n) {
		c = b->have ? mpz_cmp(b->cur, b->best) : 1;
		/* take-first DFS meets equal allocations in id-list order */
		if (c > 0 || (c == 0 && count < b->bestn)) {
			mpz_set(b->best, b->cur);
			b->bestn = count;
			memcpy(b->bestw, b->take, count * sizeof(size_t));
			b->have = 1;
		}
		return;
	}
	bid = &b->bs->bids[b->bid[i]];
	if ((used & b->mask[i]) == 0 && (bid->xor_group < 0 ||
	    (xused & (1u << bid->xor_group)) == 0)) {
		mpz_add(b->cur, b->cur, b->net[i]);
		b->take[count] = b->bid[i];
		dfs(b, i + 1, used | b->mask[i], bid->xor_group < 0 ? xused :
		    xused | (1u << bid->xor_group), count + 1);
		mpz_sub(b->cur, b->cur, b->net[i]);
	}
	dfs(b, i + 1, used, xused, count);
}

/*
 * The best value (reserves of unsold rollups included), the fewest winners
 * at it and, if w is not NULL, the smallest id list among those (into w).
 */
void
gvt_brute_force_w(const struct gv_bidset *bs, mpz_t value, size_t *nwin,
    size_t *nodes, size_t *w)
{
	struct brute b;
	size_t i, j;
	mpz_t base;

	cr_assert(bs->nrollups <= 32 && bs->nxor <= 32);
	memset(&b, 0, sizeof(b));
	b.bs = bs;
	b.bid = calloc(bs->nbids + 1, sizeof(*b.bid));
	b.mask = calloc(bs->nbids + 1, sizeof(*b.mask));
	b.net = calloc(bs->nbids + 1, sizeof(*b.net));
	b.suffix = calloc(bs->nbids + 1, sizeof(*b.suffix));
	b.take = calloc(bs->nbids + 1, sizeof(*b.take));
	b.bestw = calloc(bs->nbids + 1, sizeof(*b.bestw));
	cr_assert(b.bid && b.mask && b.net && b.suffix && b.take && b.bestw);
	mpz_inits(b.cur, b.best, b.up, base, NULL);
	for (i = 0; i < bs->nrollups; i++)
		mpz_add(base, base, bs->rollups[i].reserve);
	for (i = 0; i < bs->nbids; i++) {
		const struct gv_bid *x = &bs->bids[i];

		mpz_init_set(b.net[b.n], x->amount);
		b.mask[b.n] = 0;
		for (j = 0; j < x->nbundle; j++) {
			mpz_sub(b.net[b.n], b.net[b.n],
			    bs->rollups[x->bundle[j]].reserve);
			b.mask[b.n] |= 1u << x->bundle[j];
		}
		if (mpz_sgn(b.net[b.n]) < 0) {
			/* below its reserves: can never win */
			mpz_clear(b.net[b.n]);
			continue;
		}
		b.bid[b.n++] = i;
	}
	for (i = 0; i <= b.n; i++)
		mpz_init(b.suffix[i]);
	for (i = b.n; i-- > 0;)
		mpz_add(b.suffix[i], b.suffix[i + 1], b.net[i]);
	dfs(&b, 0, 0, 0, 0);
	cr_assert(b.have);
	mpz_add(value, base, b.best);
	*nwin = b.bestn;
	*nodes = b.nodes;
	if (w != NULL)
		memcpy(w, b.bestw, b.bestn * sizeof(size_t));
	for (i = 0; i < b.n; i++)
		mpz_clear(b.net[i]);
	for (i = 0; i <= b.n; i++)
		mpz_clear(b.suffix[i]);
	mpz_clears(b.cur, b.best, b.up, base, NULL);
	free(b.bid);
	free(b.mask);
	free(b.net);
	free(b.suffix);
	free(b.take);
	free(b.bestw);
}

void
gvt_brute_force(const struct gv_bidset *bs, mpz_t value, size_t *nwin,
    size_t *nodes)
{
	gvt_brute_force_w(bs, value, nwin, nodes, NULL);
}
