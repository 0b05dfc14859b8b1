/* packsearch.c: exact search over packings of few winners (formats/allocation.md, "Winner determination") */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "packsearch.h"

/*
 * Work is counted in 64-bit word operations on the candidate sets; past
 * this the search gives up (the same on every run) and GLPK takes over.
 */
#define PACK_WORK_DEFAULT 400000000ULL
/* The clock and the signal are polled every this much work (a few ms). */
#define PACK_POLL_WORK (1ULL << 22)
/*
 * Deepest packing searched: the search is for epochs of few winners, and
 * the per-depth scratch is this many times the bids; deeper gives up.
 */
#define PACK_MAX_DEPTH 64

struct ps {
	size_t n, W;		/* bids (in weight order), words per set */
	const double *w;	/* weight by position */
	uint64_t *conf;		/* n sets: the bids each conflicts with (itself too) */
	uint64_t *stack;	/* per depth: the candidates, then scratch */
	size_t *order;		/* per depth: n positions in class order */
	double *ub;		/* per depth: n cumulative class bounds */
	size_t *path, depth;	/* the packing being built */
	size_t *best_path, best_n;
	double best;
	uint64_t work, work_limit, next_poll;
	const struct gv_budget *budget;
	int aborted;		/* 1: work limit, 2: clock or signal */
};

static int
ctz64(uint64_t x)
{
	return __builtin_ctzll(x);
}

/*
 * One node: the candidates P (depth's set) are partitioned greedily into
 * cliques of the conflict graph (each taken from the heaviest bid left,
 * then the heaviest that conflicts with all taken so far): at most one
 * bid of each can join the packing, so the classes' heaviest bids bound
 * what P can add. Bids are then tried from the last class back, each
 * with the bound of the classes up to its own.
 */
static void
expand(struct ps *s, size_t d, double cur)
{
	size_t W = s->W, n = s->n, cnt = 0, k, q, i, v;
	uint64_t *P = s->stack + 3 * d * W, *Q = P + W, *U = P + 2 * W;
	uint64_t *NP = s->stack + 3 * (d + 1) * W;
	size_t *order = s->order + d * n;
	double *ub = s->ub + d * n, sum = 0;

	if (s->aborted)
		return;
	if (d >= PACK_MAX_DEPTH) {
		s->aborted = 1;
		return;
	}
	if (s->work >= s->next_poll) {
		s->next_poll = s->work + PACK_POLL_WORK;
		if (gv_budget_stop(s->budget) != GV_STOP_COMPLETE) {
			s->aborted = 2;
			return;
		}
	}
	memcpy(Q, P, W * sizeof(uint64_t));
	for (k = 0; k < W; k++) {
		while (Q[k] != 0) {
			/* a new class from the heaviest bid left */
			v = k * 64 + (size_t)ctz64(Q[k]);
			sum += s->w[v];
			for (q = 0; q < W; q++)
				U[q] = Q[q] & s->conf[v * W + q];
			s->work += 2 * W;
			for (q = k; q < W; q++) {
				while (U[q] != 0) {
					size_t u = q * 64 + (size_t)ctz64(U[q]);
					size_t r;

					Q[u / 64] &= ~(1ULL << (u % 64));
					U[u / 64] &= ~(1ULL << (u % 64));
					order[cnt] = u;
					ub[cnt++] = sum;
					for (r = q; r < W; r++)
						U[r] &= s->conf[u * W + r];
					s->work += W - q;
				}
			}
		}
	}
	if (s->work > s->work_limit) {
		s->aborted = 1;
		return;
	}
	/* P now shrinks as its bids are tried, last class first */
	for (i = cnt; i-- > 0;) {
		v = order[i];
		if (cur + ub[i] <= s->best)
			return;	/* no better packing from here: integers, strict */
		for (q = 0; q < W; q++)
			NP[q] = P[q] & ~s->conf[v * W + q];
		s->work += W;
		s->path[s->depth++] = v;
		if (cur + s->w[v] > s->best) {
			s->best = cur + s->w[v];
			memcpy(s->best_path, s->path, s->depth * sizeof(size_t));
			s->best_n = s->depth;
		}
		expand(s, d + 1, cur + s->w[v]);
		s->depth--;
		if (s->aborted)
			return;
		P[v / 64] &= ~(1ULL << (v % 64));
	}
}

/* Heaviest first; equal weights in kept-bid order. */
static _Thread_local const double *sort_w;	/* components.c: one search a thread */
static int
poscmp(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	if (sort_w[a] != sort_w[b])
		return sort_w[a] > sort_w[b] ? -1 : 1;
	return (a > b) - (a < b);
}

int
gv_pack_search(const struct gv_heur *h, double *x, double incumbent,
    uint64_t work_limit, const struct gv_budget *b, int *found)
{
	struct ps s;
	size_t n = h->n, W = (h->n + 63) / 64, i, j, p, r, *pos = NULL;
	size_t depth_max = PACK_MAX_DEPTH + 1, *rank = NULL;
	double *w = NULL;
	uint64_t *rowset = NULL;
	int ret = GV_PACK_SKIPPED;

	memset(&s, 0, sizeof(s));
	*found = 0;
	if (n == 0 || n > GV_PACK_MAX_BIDS)
		return GV_PACK_SKIPPED;
	pos = calloc(n, sizeof(size_t));
	rank = calloc(n, sizeof(size_t));
	w = calloc(n, sizeof(double));
	s.conf = calloc(n * W, sizeof(uint64_t));
	rowset = calloc(W, sizeof(uint64_t));
	s.stack = calloc(3 * (depth_max + 1) * W, sizeof(uint64_t));
	s.order = calloc(depth_max * n, sizeof(size_t));
	s.ub = calloc(depth_max * n, sizeof(double));
	s.path = calloc(depth_max + 1, sizeof(size_t));
	s.best_path = calloc(depth_max + 1, sizeof(size_t));
	if (!pos || !rank || !w || !s.conf || !rowset || !s.stack ||
	    !s.order || !s.ub || !s.path || !s.best_path)
		goto cleanup;
	/* positions: kept bids by weight, so that bit order is weight order */
	for (i = 0; i < n; i++)
		pos[i] = i;
	sort_w = h->coef;
	qsort(pos, n, sizeof(size_t), poscmp);
	for (i = 0; i < n; i++) {
		rank[pos[i]] = i;
		w[i] = h->coef[pos[i]];
	}
	/* conflicts: each resource's holders pairwise, by one set per resource */
	for (r = 0; r < h->nres; r++) {
		memset(rowset, 0, W * sizeof(uint64_t));
		for (p = h->inc_start[r]; p < h->inc_start[r + 1]; p++) {
			j = rank[h->inc[p]];
			rowset[j / 64] |= 1ULL << (j % 64);
		}
		for (p = h->inc_start[r]; p < h->inc_start[r + 1]; p++) {
			uint64_t *c = s.conf + rank[h->inc[p]] * W;

			for (i = 0; i < W; i++)
				c[i] |= rowset[i];
		}
	}
	for (i = 0; i < n; i++)
		s.conf[i * W + i / 64] |= 1ULL << (i % 64);
	s.n = n;
	s.W = W;
	s.w = w;
	s.best = incumbent;
	s.work_limit = work_limit ? work_limit : PACK_WORK_DEFAULT;
	s.budget = b;
	for (i = 0; i < n; i++)
		if (w[i] > 0)
			s.stack[i / 64] |= 1ULL << (i % 64);
	expand(&s, 0, 0.0);
	if (s.best_n > 0) {
		for (i = 1; i <= n; i++)
			x[i] = 0.0;
		for (i = 0; i < s.best_n; i++)
			x[pos[s.best_path[i]] + 1] = 1.0;
	}
	*found = s.best_n > 0;
	ret = s.aborted == 2 ? GV_PACK_STOPPED : s.aborted == 1 ?
	    GV_PACK_GAVE_UP : GV_PACK_DONE;
cleanup:
	free(pos);
	free(rank);
	free(w);
	free(s.conf);
	free(rowset);
	free(s.stack);
	free(s.order);
	free(s.ub);
	free(s.path);
	free(s.best_path);
	return ret;
}
