/* oddcycle.c: odd-cycle cuts of the bid conflict graph for GLPK's branch and cut (formats/allocation.md, "Numeric strategy") */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>

#include "oddcycle.h"

/* x strictly between these is fractional */
#define FRAC_EPS 1e-6
/* a cycle must be violated by this much (sum x - rhs) */
#define VIOLATION 1e-3
/* most heap operations per call, all sources together */
#define ODD_WORK 3000000UL
/* most conflict-list steps spent building the fractional graph */
#define ADJ_WORK 4000000UL
/* GLPK's class for application cuts: 101..200 */
#define CUT_CLASS 101

struct item {
	double d;
	size_t v;
};

/* a before b: smaller distance, then smaller node */
static int
before(const struct item *a, const struct item *b)
{
	if (a->d != b->d)
		return a->d < b->d;
	return a->v < b->v;
}

static void
push(struct item *heap, size_t *nh, double d, size_t v)
{
	size_t i = (*nh)++;

	heap[i].d = d;
	heap[i].v = v;
	while (i > 0 && before(&heap[i], &heap[(i - 1) / 2])) {
		struct item t = heap[i];

		heap[i] = heap[(i - 1) / 2];
		heap[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static struct item
pop(struct item *heap, size_t *nh)
{
	struct item top = heap[0], t;
	size_t i = 0, c;

	heap[0] = heap[--(*nh)];
	for (;;) {
		c = 2 * i + 1;
		if (c >= *nh)
			break;
		if (c + 1 < *nh && before(&heap[c + 1], &heap[c]))
			c++;
		if (!before(&heap[c], &heap[i]))
			break;
		t = heap[i];
		heap[i] = heap[c];
		heap[c] = t;
		i = c;
	}
	return top;
}

/* GLPK's side: each cycle goes to the cut pool. */
static void
to_pool(void *ctx, const int *ind, const double *val, int len, double rhs)
{
	glp_ios_add_row(ctx, NULL, CUT_CLASS, 0, len, ind, val, GLP_UP, rhs);
}

int
gv_oddcycle_cuts(const struct gv_heur *h, glp_tree *tree, int max_cuts)
{
	glp_prob *P = glp_ios_get_prob(tree);
	double *x;
	size_t i;
	int added;

	if ((x = calloc(h->n + 1, sizeof(double))) == NULL)
		return -1;
	for (i = 0; i < h->n; i++)
		x[i] = glp_get_col_prim(P, (int)i + 1);
	added = gv_oddcycle_find(h, x, max_cuts, to_pool, tree);
	free(x);
	return added;
}

int
gv_oddcycle_find(const struct gv_heur *h, const double *xin, int max_cuts,
    void (*emit)(void *ctx, const int *ind, const double *val, int len,
    double rhs), void *ctx)
{
	size_t n = h->n, nf = 0, i, k, q, r, nadj = 0, cap, nh, work = 0;
	size_t *fr = NULL, *pos = NULL, *adj_start = NULL, *adj = NULL;
	size_t *stamp = NULL, *prev = NULL, *touched = NULL, st = 0;
	double *x = NULL, *w = NULL, *dist = NULL, *val = NULL;
	unsigned char *covered = NULL;
	struct item *heap = NULL;
	int *ind = NULL, added = 0;

	if (n < 3 || max_cuts <= 0)
		return 0;
	x = calloc(n, sizeof(double));
	pos = calloc(n, sizeof(size_t));
	fr = calloc(n, sizeof(size_t));
	stamp = calloc(n, sizeof(size_t));
	if (!x || !pos || !fr || !stamp) {
		added = -1;
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		x[i] = xin[i];
		pos[i] = SIZE_MAX;
		if (x[i] > FRAC_EPS && x[i] < 1.0 - FRAC_EPS) {
			pos[i] = nf;
			fr[nf++] = i;
		}
	}
	if (nf < 3)
		goto cleanup;
	/* conflict graph among the fractional bids, useful edges only */
	for (k = 0, cap = 0; k < nf; k++) {
		i = fr[k];
		for (q = h->res_start[i]; q < h->res_start[i + 1]; q++)
			cap += h->inc_start[h->res[q] + 1] -
			    h->inc_start[h->res[q]];
	}
	adj_start = calloc(nf + 1, sizeof(size_t));
	adj = calloc(cap + 1, sizeof(size_t));
	w = calloc(cap + 1, sizeof(double));
	if (!adj_start || !adj || !w) {
		added = -1;
		goto cleanup;
	}
	for (k = 0; k < nf; k++) {
		i = fr[k];
		adj_start[k] = nadj;
		st++;
		stamp[i] = st;
		if (work > ADJ_WORK)
			continue;
		for (q = h->res_start[i]; q < h->res_start[i + 1]; q++) {
			r = h->res[q];
			for (size_t t = h->inc_start[r]; t < h->inc_start[r + 1];
			    t++) {
				size_t j = h->inc[t];
				double e;

				work++;
				if (stamp[j] == st || pos[j] == SIZE_MAX)
					continue;
				stamp[j] = st;
				e = 1.0 - x[i] - x[j];
				if (e < 0)
					e = 0;
				if (e >= 1.0 - VIOLATION)
					continue;
				adj[nadj] = pos[j];
				w[nadj] = e;
				nadj++;
			}
		}
	}
	adj_start[nf] = nadj;
	dist = calloc(2 * nf, sizeof(double));
	prev = calloc(2 * nf, sizeof(size_t));
	heap = calloc(2 * nadj + 2, sizeof(*heap));
	touched = calloc(2 * nf + 1, sizeof(size_t));
	ind = calloc(2 * nf + 2, sizeof(int));
	val = calloc(2 * nf + 2, sizeof(double));
	covered = calloc(nf, 1);
	if (!dist || !prev || !heap || !touched || !ind || !val || !covered) {
		added = -1;
		goto cleanup;
	}
	for (i = 0; i < 2 * nf; i++)
		dist[i] = 2.0;
	work = 0;
	for (k = 0; k < nf && added < max_cuts && work < ODD_WORK; k++) {
		size_t src = 2 * k, dst = 2 * k + 1, len, c, touched_n = 0;
		double sum;
		int simple = 1, found = 0;

		if (covered[k])
			continue;
		/* Dijkstra from (k, even) to (k, odd), distances below 1 only */
		nh = 0;
		dist[src] = 0.0;
		prev[src] = SIZE_MAX;
		touched[touched_n++] = src;
		push(heap, &nh, 0.0, src);
		while (nh > 0 && work < ODD_WORK) {
			struct item it = pop(heap, &nh);
			size_t u = it.v, ku = u / 2, pu = u % 2;

			work++;
			if (it.d > dist[u])
				continue;	/* stale */
			if (u == dst) {
				found = 1;
				break;
			}
			for (q = adj_start[ku]; q < adj_start[ku + 1]; q++) {
				size_t v = 2 * adj[q] + (1 - pu);
				double nd = it.d + w[q];

				work++;
				if (nd >= 1.0 - VIOLATION || nd >= dist[v])
					continue;
				if (dist[v] >= 2.0 && touched_n < 2 * nf)
					touched[touched_n++] = v;
				dist[v] = nd;
				prev[v] = u;
				push(heap, &nh, nd, v);
			}
		}
		/* the cycle: bids on the path from dst back to src */
		len = 0;
		if (found) {
			st++;
			for (c = prev[dst]; c != src && c != SIZE_MAX;
			    c = prev[c]) {
				size_t b = fr[c / 2];

				if (stamp[b] == st || c / 2 == k) {
					simple = 0;
					break;
				}
				stamp[b] = st;
				ind[++len] = (int)b + 1;
			}
			ind[++len] = (int)fr[k] + 1;
		}
		/* reset the distances this source touched */
		for (c = 0; c < touched_n; c++)
			dist[touched[c]] = 2.0;
		if (!found || !simple || len < 3 || len % 2 == 0)
			continue;
		for (c = 1, sum = 0.0; c <= len; c++) {
			sum += x[ind[c] - 1];
			val[c] = 1.0;
		}
		if (sum <= (double)(len - 1) / 2.0 + VIOLATION)
			continue;
		emit(ctx, ind, val, (int)len, (double)(len - 1) / 2.0);
		added++;
		for (c = 1; c <= len; c++)
			covered[pos[ind[c] - 1]] = 1;
	}
cleanup:
	free(x);
	free(pos);
	free(fr);
	free(stamp);
	free(adj_start);
	free(adj);
	free(w);
	free(dist);
	free(prev);
	free(heap);
	free(touched);
	free(ind);
	free(val);
	free(covered);
	return added;
}
