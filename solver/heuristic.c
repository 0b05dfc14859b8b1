/* heuristic.c: primal heuristics handed to the search as incumbents (formats/allocation.md, "Winner determination") */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>

#include "alloc.h"
#include "budget.h"
#include "heuristic.h"

/*
 * Coefficients are integers (exact or scaled model), so an improvement is
 * at least 1; half a unit separates it from rounding noise.
 */
#define GAIN_EPS 0.5
/* Local search work, in resource visits: this many per resource held by a bid, plus a floor. */
#define LS_WORK_PER_RES 40
#define LS_WORK_MIN 200000
/* The same at a node of the tree (gv_heur_node), plus 1000. */
#define LS_NODE_WORK_PER_RES 10

struct keyed {
	double k1, k2;
	size_t i;
};

/* Larger k1 first, then larger k2, then smaller index. */
static int
keycmp(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;

	if (a->k1 != b->k1)
		return a->k1 > b->k1 ? -1 : 1;
	if (a->k2 != b->k2)
		return a->k2 > b->k2 ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

int
gv_heur_init(struct gv_heur *h, const struct gv_bidset *bs,
    const struct gv_reduced *red, const double *coef)
{
	size_t i, j, k, total = 0, n = red->n;

	memset(h, 0, sizeof(*h));
	h->n = n;
	h->nres = bs->nrollups + bs->nxor;
	h->coef = coef;
	for (i = 0; i < n; i++) {
		const struct gv_bid *b = &bs->bids[red->bid[i]];

		total += b->nbundle + (b->xor_group >= 0);
	}
	h->res_start = calloc(n + 1, sizeof(size_t));
	h->res = calloc(total + 1, sizeof(size_t));
	h->inc_start = calloc(h->nres + 2, sizeof(size_t));
	h->inc = calloc(total + 1, sizeof(size_t));
	h->owner = calloc(h->nres + 1, sizeof(long));
	h->in = calloc(n + 1, 1);
	h->order = calloc(n + 1, sizeof(size_t));
	h->cand = calloc(n + 1, sizeof(size_t));
	h->mark = calloc(n + 1, sizeof(size_t));
	h->key = calloc(n + 1, sizeof(double));
	if (!h->res_start || !h->res || !h->inc_start || !h->inc ||
	    !h->owner || !h->in || !h->order || !h->cand || !h->mark ||
	    !h->key) {
		gv_heur_free(h);
		return -1;
	}
	for (i = 0, k = 0; i < n; i++) {
		const struct gv_bid *b = &bs->bids[red->bid[i]];

		h->res_start[i] = k;
		for (j = 0; j < b->nbundle; j++)
			h->res[k++] = b->bundle[j];
		if (b->xor_group >= 0)
			h->res[k++] = bs->nrollups + (size_t)b->xor_group;
	}
	h->res_start[n] = k;
	/* incidence lists, bids ascending within each resource */
	for (k = 0; k < total; k++)
		h->inc_start[h->res[k] + 1]++;
	for (j = 0; j < h->nres; j++)
		h->inc_start[j + 1] += h->inc_start[j];
	{
		size_t *fill = calloc(h->nres + 1, sizeof(size_t));

		if (fill == NULL) {
			gv_heur_free(h);
			return -1;
		}
		for (i = 0; i < n; i++)
			for (k = h->res_start[i]; k < h->res_start[i + 1]; k++) {
				size_t r = h->res[k];

				h->inc[h->inc_start[r] + fill[r]++] = i;
			}
		free(fill);
	}
	return 0;
}

void
gv_heur_free(struct gv_heur *h)
{
	free(h->res_start);
	free(h->res);
	free(h->inc_start);
	free(h->inc);
	free(h->owner);
	free(h->in);
	free(h->order);
	free(h->cand);
	free(h->mark);
	free(h->key);
	memset(h, 0, sizeof(*h));
}

/* Set in[] and owner[] from the 0/1 packing x (1-based). */
static void
load(struct gv_heur *h, const double *x)
{
	size_t i, k;

	for (k = 0; k < h->nres; k++)
		h->owner[k] = -1;
	for (i = 0; i < h->n; i++) {
		h->in[i] = x[i + 1] > 0.5;
		if (h->in[i])
			for (k = h->res_start[i]; k < h->res_start[i + 1]; k++)
				h->owner[h->res[k]] = (long)i;
	}
}

static double
store(const struct gv_heur *h, double *x)
{
	size_t i;
	double obj = 0.0;

	for (i = 0; i < h->n; i++) {
		x[i + 1] = h->in[i];
		if (h->in[i])
			obj += h->coef[i];
	}
	return obj;
}

static int
is_free(const struct gv_heur *h, size_t i)
{
	size_t k;

	for (k = h->res_start[i]; k < h->res_start[i + 1]; k++)
		if (h->owner[h->res[k]] >= 0)
			return 0;
	return 1;
}

static void
take(struct gv_heur *h, size_t i)
{
	size_t k;

	h->in[i] = 1;
	for (k = h->res_start[i]; k < h->res_start[i + 1]; k++)
		h->owner[h->res[k]] = (long)i;
}

static void
drop(struct gv_heur *h, size_t i)
{
	size_t k;

	h->in[i] = 0;
	for (k = h->res_start[i]; k < h->res_start[i + 1]; k++)
		h->owner[h->res[k]] = -1;
}

/* A new stamp for mark[]; clears it on wrap-around. */
static size_t
new_stamp(struct gv_heur *h)
{
	if (++h->stamp == 0) {
		memset(h->mark, 0, (h->n + 1) * sizeof(size_t));
		h->stamp = 1;
	}
	return h->stamp;
}

/*
 * Insert i, dropping the winners it conflicts with, when that gains;
 * *work counts resource visits. Returns 1 when it moved.
 */
static int
try_insert(struct gv_heur *h, size_t i, size_t *work)
{
	size_t k, s = new_stamp(h), nd = 0;
	double loss = 0.0;

	for (k = h->res_start[i]; k < h->res_start[i + 1]; k++) {
		long o = h->owner[h->res[k]];

		(*work)++;
		if (o >= 0 && h->mark[o] != s) {
			h->mark[o] = s;
			loss += h->coef[o];
			h->cand[nd++] = (size_t)o;
		}
	}
	if (h->coef[i] - loss <= GAIN_EPS)
		return 0;
	for (k = 0; k < nd; k++)
		drop(h, h->cand[k]);
	take(h, i);
	return 1;
}

/*
 * Drop winner w and refill the resources it frees with the best bids
 * (by coefficient) that fit, when that gains. Returns 1 when it moved.
 */
static int
try_refill(struct gv_heur *h, size_t w, size_t *work)
{
	struct keyed *c = NULL;
	size_t k, q, nc = 0, s = new_stamp(h), ntake = 0;
	double gain = 0.0;
	int moved = 0;

	h->mark[w] = s;
	/* candidates: bids sharing a resource with w, whose others are free */
	for (k = h->res_start[w]; k < h->res_start[w + 1]; k++) {
		size_t r = h->res[k];

		for (q = h->inc_start[r]; q < h->inc_start[r + 1]; q++) {
			size_t b = h->inc[q], t;
			int ok = 1;

			(*work)++;
			if (h->mark[b] == s)
				continue;
			h->mark[b] = s;
			for (t = h->res_start[b]; ok && t < h->res_start[b + 1];
			    t++) {
				long o = h->owner[h->res[t]];

				(*work)++;
				ok = o < 0 || (size_t)o == w;
			}
			if (ok && h->coef[b] > 0)
				h->cand[nc++] = b;
		}
	}
	if (nc == 0)
		return 0;
	if (nc == 1 && h->coef[h->cand[0]] <= h->coef[w] + GAIN_EPS)
		return 0;
	if ((c = malloc(nc * sizeof(*c))) == NULL)
		return 0;	/* a heuristic: skip the move */
	for (k = 0; k < nc; k++) {
		c[k].k1 = h->coef[h->cand[k]];
		c[k].k2 = 0;
		c[k].i = h->cand[k];
	}
	qsort(c, nc, sizeof(*c), keycmp);
	drop(h, w);
	for (k = 0; k < nc; k++) {
		(*work) += h->res_start[c[k].i + 1] - h->res_start[c[k].i];
		if (is_free(h, c[k].i)) {
			take(h, c[k].i);
			gain += h->coef[c[k].i];
			h->cand[ntake++] = c[k].i;
		}
	}
	if (gain > h->coef[w] + GAIN_EPS)
		moved = 1;
	else {
		for (k = 0; k < ntake; k++)
			drop(h, h->cand[k]);
		take(h, w);
	}
	free(c);
	return moved;
}

/*
 * Insert i, drop the winners it conflicts with, and refill the resources
 * they free (but i's) with the best bids (by coefficient) that fit, when
 * that gains. Returns 1 when it moved.
 */
static int
try_swap(struct gv_heur *h, size_t i, size_t *work)
{
	struct keyed *c = NULL;
	size_t k, q, t, nd = 0, nc = 0, s = new_stamp(h);
	double gain = h->coef[i];
	int moved = 0;

	for (k = h->res_start[i]; k < h->res_start[i + 1]; k++) {
		long o = h->owner[h->res[k]];

		(*work)++;
		if (o >= 0 && h->mark[o] != s) {
			h->mark[o] = s;
			gain -= h->coef[o];
			h->cand[nd++] = (size_t)o;
		}
	}
	if (nd == 0)
		return 0;
	for (k = 0; k < nd; k++)
		drop(h, h->cand[k]);
	take(h, i);
	/* candidates: bids on a freed resource, every resource free */
	s = new_stamp(h);
	h->mark[i] = s;
	for (k = 0; k < nd; k++)
		h->mark[h->cand[k]] = s;
	for (k = 0; k < nd; k++) {
		size_t d = h->cand[k];

		for (q = h->res_start[d]; q < h->res_start[d + 1]; q++) {
			size_t r = h->res[q];

			if (h->owner[r] >= 0)
				continue;	/* i holds it now */
			for (t = h->inc_start[r]; t < h->inc_start[r + 1];
			    t++) {
				size_t b = h->inc[t];

				(*work)++;
				if (h->mark[b] == s)
					continue;
				h->mark[b] = s;
				if (h->coef[b] > 0 && is_free(h, b)) {
					if (c == NULL && (c = malloc(h->n *
					    sizeof(*c))) == NULL)
						goto revert;
					c[nc].k1 = h->coef[b];
					c[nc].k2 = 0;
					c[nc].i = b;
					nc++;
				}
			}
		}
	}
	if (nc > 0)
		qsort(c, nc, sizeof(*c), keycmp);
	for (k = 0; k < nc; k++) {
		(*work) += h->res_start[c[k].i + 1] - h->res_start[c[k].i];
		if (is_free(h, c[k].i)) {
			take(h, c[k].i);
			c[k].k2 = 1;
			gain += h->coef[c[k].i];
		}
	}
	if (gain > GAIN_EPS) {
		moved = 1;
		goto cleanup;
	}
revert:
	for (k = 0; k < nc; k++)
		if (c[k].k2 == 1)
			drop(h, c[k].i);
	drop(h, i);
	for (k = 0; k < nd; k++)
		take(h, h->cand[k]);
cleanup:
	free(c);
	return moved;
}

/*
 * Whether the run said stop, looked at every STOP_EVERY bids: a big
 * epoch's local search takes seconds under load, past the time limit.
 */
#define STOP_EVERY 256

static int
stopped(const struct gv_heur *h, size_t i)
{
	return i % STOP_EVERY == 0 &&
	    gv_budget_stop(h->budget) != GV_STOP_COMPLETE;
}

/* Local search on the loaded packing (in[], owner[]). */
static void
improve_loaded(struct gv_heur *h)
{
	size_t i, work = 0, limit;
	int moved = 1;

	limit = h->work_limit ? h->work_limit :
	    LS_WORK_PER_RES * h->res_start[h->n] + LS_WORK_MIN;
	while (moved && work < limit) {
		moved = 0;
		for (i = 0; i < h->n && work < limit; i++) {
			if (stopped(h, i))
				return;
			if (!h->in[i] && try_insert(h, i, &work))
				moved = 1;
		}
		for (i = 0; i < h->n && work < limit; i++) {
			if (stopped(h, i))
				return;
			if (h->in[i] && try_refill(h, i, &work))
				moved = 1;
		}
		if (moved)
			continue;
		for (i = 0; i < h->n && work < limit; i++) {
			if (stopped(h, i))
				return;
			if (!h->in[i] && try_swap(h, i, &work))
				moved = 1;
		}
	}
}

double
gv_heur_improve(struct gv_heur *h, double *x)
{
	load(h, x);
	improve_loaded(h);
	return store(h, x);
}

/* Greedy packing in the order of c (n entries), then local search; into x. */
static double
pack(struct gv_heur *h, const struct keyed *c, double *x)
{
	size_t k;

	for (k = 0; k < h->nres; k++)
		h->owner[k] = -1;
	memset(h->in, 0, h->n);
	for (k = 0; k < h->n; k++)
		if (h->coef[c[k].i] > 0 && is_free(h, c[k].i))
			take(h, c[k].i);
	improve_loaded(h);
	return store(h, x);
}

double
gv_heur_start(struct gv_heur *h, double *x)
{
	struct keyed *c;
	double *y, best = -1.0, v;
	size_t i, nr;
	int kind;

	c = calloc(h->n + 1, sizeof(*c));
	y = calloc(h->n + 1, sizeof(double));
	if (c == NULL || y == NULL) {
		free(c);
		free(y);
		for (i = 0; i <= h->n; i++)
			x[i] = 0;
		return 0.0;
	}
	for (kind = 0; kind < 3; kind++) {
		for (i = 0; i < h->n; i++) {
			nr = h->res_start[i + 1] - h->res_start[i];
			c[i].i = i;
			c[i].k2 = h->coef[i];
			c[i].k1 = kind == 0 ? h->coef[i] :
			    kind == 1 ? h->coef[i] / (double)(nr ? nr : 1) :
			    h->coef[i] / sqrt((double)(nr ? nr : 1));
		}
		qsort(c, h->n, sizeof(*c), keycmp);
		v = pack(h, c, y);
		if (v > best) {
			best = v;
			memcpy(x, y, (h->n + 1) * sizeof(double));
		}
	}
	x[0] = 0;
	free(c);
	free(y);
	return best;
}

double
gv_heur_round(struct gv_heur *h, const double *lp, double *x)
{
	struct keyed *c;
	size_t i;
	double v;

	if ((c = calloc(h->n + 1, sizeof(*c))) == NULL) {
		for (i = 0; i <= h->n; i++)
			x[i] = 0;
		return 0.0;
	}
	for (i = 0; i < h->n; i++) {
		c[i].i = i;
		c[i].k1 = lp[i + 1];
		c[i].k2 = h->coef[i];
	}
	qsort(c, h->n, sizeof(*c), keycmp);
	v = pack(h, c, x);
	x[0] = 0;
	free(c);
	return v;
}

int
gv_heur_node(struct gv_heur *h, glp_tree *tree, double *lp, double *x)
{
	glp_prob *P = glp_ios_get_prob(tree);
	size_t i;
	double v;

	for (i = 0; i < h->n; i++)
		lp[i + 1] = glp_get_col_prim(P, (int)i + 1);
	/* at a node the local search is kept short: nodes are many */
	h->work_limit = LS_NODE_WORK_PER_RES * h->res_start[h->n] + 1000;
	v = gv_heur_round(h, lp, x);
	h->work_limit = 0;
	if (glp_mip_status(P) == GLP_FEAS &&
	    v <= glp_mip_obj_val(P) + GAIN_EPS)
		return 0;
	return glp_ios_heur_sol(tree, x) == 0;
}
