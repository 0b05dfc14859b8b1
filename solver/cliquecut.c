/* cliquecut.c: clique cuts of the bid conflict graph for GLPK's branch and cut (formats/allocation.md, "Numeric strategy") */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>

#include "cliquecut.h"

/* x strictly above this is in the LP's support */
#define SUPP_EPS 1e-6
/* a clique must be violated by this much (sum x - 1) */
#define VIOLATION 1e-3
/* No bit sets past this many words (n * words per bid): memory. */
#define MAX_WORDS (8ULL * 1000 * 1000)
/* most word operations per call, all seeds together: a bounded round */
#define CLIQUE_WORK (20ULL * 1000 * 1000)
/* GLPK's class for application cuts: 101..200 */
#define CUT_CLASS 101

/* qsort has no context argument; searches run on several threads */
static _Thread_local const double *sort_x;
static _Thread_local const double *sort_coef;

/* Larger x first, then larger coefficient, then smaller index. */
static int
bydesc(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	if (sort_x[a] != sort_x[b])
		return sort_x[a] > sort_x[b] ? -1 : 1;
	if (sort_coef[a] != sort_coef[b])
		return sort_coef[a] > sort_coef[b] ? -1 : 1;
	return a < b ? -1 : a > b;
}

static int
byindex(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	return a < b ? -1 : a > b;
}

int
gv_cliquecut_init(struct gv_cliquecut *cc, const struct gv_heur *h)
{
	size_t n = h->n, i, k;

	memset(cc, 0, sizeof(*cc));
	cc->h = h;
	cc->words = (h->nres + 63) / 64;
	if (n == 0 || (uint64_t)n * cc->words > MAX_WORDS)
		return 1;
	cc->bits = calloc(n * cc->words, sizeof(uint64_t));
	cc->stamp = calloc(n, sizeof(size_t));
	cc->cand = calloc(n, sizeof(size_t));
	cc->frac = calloc(n, sizeof(size_t));
	cc->mem = calloc(n, sizeof(size_t));
	cc->x = calloc(n, sizeof(double));
	cc->ind = calloc(n + 1, sizeof(int));
	cc->val = calloc(n + 1, sizeof(double));
	cc->seen = calloc(n, sizeof(uint64_t));
	if (!cc->bits || !cc->stamp || !cc->cand || !cc->frac || !cc->mem ||
	    !cc->x || !cc->ind || !cc->val || !cc->seen) {
		gv_cliquecut_free(cc);
		return -1;
	}
	for (i = 0; i < n; i++)
		for (k = h->res_start[i]; k < h->res_start[i + 1]; k++)
			cc->bits[i * cc->words + h->res[k] / 64] |=
			    (uint64_t)1 << (h->res[k] % 64);
	return 0;
}

void
gv_cliquecut_free(struct gv_cliquecut *cc)
{
	free(cc->bits);
	free(cc->stamp);
	free(cc->cand);
	free(cc->frac);
	free(cc->mem);
	free(cc->x);
	free(cc->ind);
	free(cc->val);
	free(cc->seen);
	memset(cc, 0, sizeof(*cc));
}

int
gv_cliquecut_conflict(const struct gv_cliquecut *cc, size_t a, size_t b)
{
	const uint64_t *x = cc->bits + a * cc->words,
	    *y = cc->bits + b * cc->words;
	size_t k;

	for (k = 0; k < cc->words; k++)
		if (x[k] & y[k])
			return 1;
	return 0;
}

/* Candidates c[0..nc) join the clique mem[0..*nm) in order when they conflict with every member. */
static void
grow(struct gv_cliquecut *cc, const size_t *c, size_t nc, size_t *nm,
    uint64_t *work)
{
	size_t q, t;

	for (q = 0; q < nc; q++) {
		for (t = 0; t < *nm; t++) {
			*work += cc->words;
			if (!gv_cliquecut_conflict(cc, c[q], cc->mem[t]))
				break;
		}
		if (t == *nm)
			cc->mem[(*nm)++] = c[q];
	}
}

/* FNV-1a over the sorted members: the same clique from two seeds once. */
static uint64_t
hash(const size_t *m, size_t n)
{
	uint64_t v = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		v ^= (uint64_t)m[i];
		v *= 1099511628211ULL;
	}
	return v;
}

int
gv_cliquecut_find(struct gv_cliquecut *cc, const double *xin, int max_cuts,
    void (*emit)(void *ctx, const int *ind, const double *val, int len,
    double rhs), void *ctx)
{
	const struct gv_heur *h = cc->h;
	size_t n = h->n, nf = 0, nseen = 0, s, i, k, q, t, nc, nz, nm;
	uint64_t work = 0;
	int added = 0;

	if (cc->bits == NULL || max_cuts <= 0)
		return 0;
	for (i = 0; i < n; i++) {
		cc->x[i] = xin[i] > SUPP_EPS ? xin[i] : 0.0;
		if (cc->x[i] > SUPP_EPS && cc->x[i] < 1.0 - SUPP_EPS)
			cc->frac[nf++] = i;
	}
	sort_x = cc->x;
	sort_coef = h->coef;
	qsort(cc->frac, nf, sizeof(size_t), bydesc);
	for (s = 0; s < nf && added < max_cuts && work < CLIQUE_WORK; s++) {
		size_t seed = cc->frac[s];
		double sum;
		uint64_t hv;

		/*
		 * the seed's neighbours: those in the LP's support from the
		 * front of cand, the others (x = 0) from the back
		 */
		cc->st++;
		cc->stamp[seed] = cc->st;
		nc = 0;
		nz = n;
		for (k = h->res_start[seed]; k < h->res_start[seed + 1]; k++)
			for (q = h->inc_start[h->res[k]];
			    q < h->inc_start[h->res[k] + 1]; q++) {
				i = h->inc[q];
				work++;
				if (cc->stamp[i] == cc->st)
					continue;
				cc->stamp[i] = cc->st;
				if (cc->x[i] != 0.0)
					cc->cand[nc++] = i;
				else
					cc->cand[--nz] = i;
			}
		qsort(cc->cand, nc, sizeof(size_t), bydesc);
		cc->mem[0] = seed;
		nm = 1;
		sum = cc->x[seed];
		grow(cc, cc->cand, nc, &nm, &work);
		for (t = 1; t < nm; t++)
			sum += cc->x[cc->mem[t]];
		if (sum <= 1.0 + VIOLATION)
			continue;
		/*
		 * lifted: bids outside the support that conflict with every
		 * member join too (the LP gives them 0, so the clique stays
		 * as violated): the row then also holds at the nodes and
		 * rounds where they rise. Measured: see solve.c, cut_round.
		 */
		qsort(cc->cand + nz, n - nz, sizeof(size_t), bydesc);
		grow(cc, cc->cand + nz, n - nz, &nm, &work);
		qsort(cc->mem, nm, sizeof(size_t), byindex);
		hv = hash(cc->mem, nm);
		for (t = 0; t < nseen; t++)
			if (cc->seen[t] == hv)
				break;
		if (t < nseen)
			continue;
		cc->seen[nseen++] = hv;
		for (t = 0; t < nm; t++) {
			cc->ind[t + 1] = (int)cc->mem[t] + 1;
			cc->val[t + 1] = 1.0;
		}
		emit(ctx, cc->ind, cc->val, (int)nm, 1.0);
		added++;
	}
	return added;
}

/* GLPK's side: each clique goes to the cut pool. */
static void
to_pool(void *ctx, const int *ind, const double *val, int len, double rhs)
{
	glp_ios_add_row(ctx, NULL, CUT_CLASS, 0, len, ind, val, GLP_UP, rhs);
}

int
gv_cliquecut_cuts(struct gv_cliquecut *cc, glp_tree *tree, int max_cuts)
{
	glp_prob *P = glp_ios_get_prob(tree);
	size_t i;

	if (cc->bits == NULL)
		return 0;
	for (i = 0; i < cc->h->n; i++)
		cc->x[i] = glp_get_col_prim(P, (int)i + 1);
	return gv_cliquecut_find(cc, cc->x, max_cuts, to_pool, tree);
}
