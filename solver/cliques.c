/* cliques.c: the packing rows of the model extended to larger cliques of the bid conflict graph (formats/allocation.md, "Numeric strategy") */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cliques.h"

/* Most 64-bit word operations spent on all rows together. */
#define CLIQUE_WORK (60ULL * 1000 * 1000)
/* Not past this many words of bit sets (n * words per bid): work. */
#define CLIQUE_MAX_WORDS (4ULL * 1000 * 1000)

struct cand {
	double coef;
	size_t i;
};

/* Higher coefficient first, then smaller index. */
static int
candcmp(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;

	if (a->coef != b->coef)
		return a->coef > b->coef ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

long
gv_cliques_extend(glp_prob *P, const struct gv_cliquecut *cc)
{
	const struct gv_heur *h = cc->h;
	size_t n, words = cc->words, r, k, q, i, t;
	size_t nmem, ncand, *stamp = NULL, st = 0;
	uint64_t work = 0;
	struct cand *cand = NULL;
	int *ind = NULL, row = 0;
	double *val = NULL;
	long added = 0;

	if (cc->bits == NULL || (n = h->n) == 0 ||
	    (uint64_t)n * words > CLIQUE_MAX_WORDS)
		return 0;
	stamp = calloc(n, sizeof(size_t));
	cand = calloc(n, sizeof(*cand));
	ind = calloc(n + 1, sizeof(int));
	val = calloc(n + 1, sizeof(double));
	if (!stamp || !cand || !ind || !val) {
		added = -1;
		goto cleanup;
	}
	for (r = 0; r < h->nres; r++) {
		size_t lo = h->inc_start[r], hi = h->inc_start[r + 1], s0;

		if (hi - lo < 2)
			continue;
		row++;
		if (work > CLIQUE_WORK)
			continue;
		/* the row's bids; s0 the one with the fewest resources */
		st++;
		nmem = 0;
		s0 = h->inc[lo];
		for (q = lo; q < hi; q++) {
			i = h->inc[q];
			stamp[i] = st;
			ind[++nmem] = (int)i + 1;
			val[nmem] = 1.0;
			if (h->res_start[i + 1] - h->res_start[i] <
			    h->res_start[s0 + 1] - h->res_start[s0])
				s0 = i;
		}
		/* candidates: neighbours of s0 outside the row */
		ncand = 0;
		for (k = h->res_start[s0]; k < h->res_start[s0 + 1]; k++) {
			size_t rr = h->res[k];

			for (q = h->inc_start[rr]; q < h->inc_start[rr + 1];
			    q++) {
				i = h->inc[q];
				work++;
				if (stamp[i] == st)
					continue;
				stamp[i] = st;
				cand[ncand].coef = h->coef[i];
				cand[ncand].i = i;
				ncand++;
			}
		}
		if (ncand == 0)
			continue;
		qsort(cand, ncand, sizeof(*cand), candcmp);
		/* greedy: a candidate joins when it conflicts with every member */
		for (q = 0; q < ncand; q++) {
			int ok = 1;

			i = cand[q].i;
			for (t = 1; ok && t <= nmem; t++) {
				work += words;
				ok = gv_cliquecut_conflict(cc, i,
				    (size_t)ind[t] - 1);
			}
			if (!ok)
				continue;
			ind[++nmem] = (int)i + 1;
			val[nmem] = 1.0;
			added++;
		}
		if (nmem > hi - lo)
			glp_set_mat_row(P, row, (int)nmem, ind, val);
	}
cleanup:
	free(stamp);
	free(cand);
	free(ind);
	free(val);
	return added;
}
