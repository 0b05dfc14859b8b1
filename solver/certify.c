/* certify.c: bound certificates from the LP relaxation with clique rows (formats/bound-certificate.md) */
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glpk.h>

#include "amount.h"
#include "boundcert.h"
#include "canon.h"
#include "certify.h"
#include "json.h"

/* Separation: rounds of LP solves, seeds per round, clique sizes and counts. */
#define MAX_ROUNDS 40
#define MAX_SEEDS 200
#define MAX_CLIQUE 256
#define MAX_CLIQUES 8192
/* x is fractional above this distance from 0 and 1; a clique is violated by more. */
#define FRAC_EPS 1e-6
#define VIOL_EPS 1e-6
/* Exact duals are rounded to multiples of 1/GRID: denominators 1 to 12 come out exact. */
#define GRID 27720
#define REFINE_ROUNDS 12

enum row_kind { ROW_ROLLUP, ROW_XOR, ROW_CLIQUE, ROW_CYCLE };
/* Odd cycles separated per round: sources searched and nodes of the search graph. */
#define MAX_CYCLE_SOURCES 200
#define MAX_CYCLE_NODES 4000

struct row {
	int kind;
	size_t ref;		/* rollup or XOR group index */
	size_t *cols;		/* clique members (ascending), cycle members (in order) */
	size_t n;
};

struct list {
	size_t *v;
	size_t n, cap;
};

struct cert {
	const struct gv_bidset *bs;
	size_t n;		/* columns: bids with net > 0 */
	size_t *bid;		/* bid index per column, ascending */
	mpz_t *net;
	struct list *colrows;	/* rows (0-based) of each column */
	struct list *rcols;	/* columns of each rollup */
	struct list *xcols;	/* columns of each XOR group */
	long *rrow;		/* row of each rollup, or -1 */
	struct row *rows;
	size_t nrows, caprows, members;
	mpq_t *price;		/* per row */
	double *x;		/* LP solution per column */
	unsigned shift;		/* GLPK sees net / 2^shift */
	struct gv_certify_info *info;
	uint64_t t0, limit;
};

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int
list_add(struct list *l, size_t v)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 4;
		size_t *p = realloc(l->v, cap * sizeof(size_t));

		if (p == NULL)
			return -1;
		l->v = p;
		l->cap = cap;
	}
	l->v[l->n++] = v;
	return 0;
}

static int
add_row(struct cert *c, int kind, size_t ref, size_t *cols, size_t n)
{
	size_t i;

	if (c->nrows == c->caprows) {
		size_t cap = c->caprows ? 2 * c->caprows : 64;
		struct row *p = realloc(c->rows, cap * sizeof(*p));

		if (p == NULL)
			return -1;
		c->rows = p;
		c->caprows = cap;
	}
	c->rows[c->nrows].kind = kind;
	c->rows[c->nrows].ref = ref;
	c->rows[c->nrows].cols = cols;
	c->rows[c->nrows].n = n;
	for (i = 0; i < n; i++)
		if (list_add(&c->colrows[cols[i]], c->nrows) != 0)
			return -1;
	c->nrows++;
	return 0;
}

/* Columns, per-rollup and per-group lists, and the rollup and XOR rows. */
static int
setup(struct cert *c)
{
	const struct gv_bidset *bs = c->bs;
	size_t i, j, maxbits = 0;
	mpz_t net;
	int rc = -1;

	mpz_init(net);
	c->bid = calloc(bs->nbids + 1, sizeof(size_t));
	c->net = calloc(bs->nbids + 1, sizeof(mpz_t));
	c->colrows = calloc(bs->nbids + 1, sizeof(struct list));
	c->rcols = calloc(bs->nrollups, sizeof(struct list));
	c->xcols = calloc(bs->nxor + 1, sizeof(struct list));
	c->rrow = calloc(bs->nrollups, sizeof(long));
	c->x = calloc(bs->nbids + 1, sizeof(double));
	if (!c->bid || !c->net || !c->colrows || !c->rcols || !c->xcols ||
	    !c->rrow || !c->x)
		goto cleanup;
	for (i = 0; i < bs->nbids; i++) {
		const struct gv_bid *b = &bs->bids[i];

		gv_bid_net(bs, b, net);
		if (mpz_sgn(net) <= 0)
			continue;
		c->bid[c->n] = i;
		mpz_init_set(c->net[c->n], net);
		if (mpz_sizeinbase(net, 2) > maxbits)
			maxbits = mpz_sizeinbase(net, 2);
		for (j = 0; j < b->nbundle; j++)
			if (list_add(&c->rcols[b->bundle[j]], c->n) != 0)
				goto cleanup;
		if (b->xor_group >= 0 &&
		    list_add(&c->xcols[b->xor_group], c->n) != 0)
			goto cleanup;
		c->n++;
	}
	/* GLPK's tolerances suit objectives of moderate size: about 2^30 at most */
	c->shift = maxbits > 30 ? (unsigned)(maxbits - 30) : 0;
	for (i = 0; i < bs->nrollups; i++) {
		c->rrow[i] = -1;
		if (c->rcols[i].n == 0)
			continue;
		c->rrow[i] = (long)c->nrows;
		if (add_row(c, ROW_ROLLUP, i, c->rcols[i].v, c->rcols[i].n))
			goto cleanup;
	}
	/* A group with one bid above its reserves adds nothing to its rollup rows. */
	for (i = 0; i < bs->nxor; i++)
		if (c->xcols[i].n > 1 &&
		    add_row(c, ROW_XOR, i, c->xcols[i].v, c->xcols[i].n))
			goto cleanup;
	c->info->columns = c->n;
	c->info->rows = c->nrows;
	rc = 0;
cleanup:
	mpz_clear(net);
	return rc;
}

static void
teardown(struct cert *c)
{
	size_t i;

	if (c->net != NULL)
		for (i = 0; i < c->n; i++)
			mpz_clear(c->net[i]);
	if (c->colrows != NULL)
		for (i = 0; i < c->n; i++)
			free(c->colrows[i].v);
	if (c->rcols != NULL)
		for (i = 0; i < c->bs->nrollups; i++)
			free(c->rcols[i].v);
	if (c->xcols != NULL)
		for (i = 0; i < c->bs->nxor; i++)
			free(c->xcols[i].v);
	for (i = 0; i < c->nrows; i++)
		if (c->rows[i].kind == ROW_CLIQUE ||
		    c->rows[i].kind == ROW_CYCLE)
			free(c->rows[i].cols);
	if (c->price != NULL)
		for (i = 0; i < c->nrows; i++)
			mpq_clear(c->price[i]);
	free(c->price);
	free(c->bid);
	free(c->net);
	free(c->colrows);
	free(c->rcols);
	free(c->xcols);
	free(c->rrow);
	free(c->rows);
	free(c->x);
}

static double
coef(const struct cert *c, size_t j)
{
	mpz_t t;
	double d;

	mpz_init(t);
	mpz_fdiv_q_2exp(t, c->net[j], c->shift);
	d = mpz_get_d(t);
	mpz_clear(t);
	return d;
}

/* One GLPK row for row r (rows are added in order, so its number is r + 1). */
static void
glpk_row(glp_prob *P, const struct row *w, int *ind, double *val)
{
	size_t i;
	int row = glp_add_rows(P, 1);

	for (i = 0; i < w->n; i++) {
		ind[i + 1] = (int)w->cols[i] + 1;
		val[i + 1] = 1.0;
	}
	glp_set_mat_row(P, row, (int)w->n, ind, val);
	glp_set_row_bnds(P, row, GLP_UP, 0.0, w->kind == ROW_CYCLE ?
	    (double)((w->n - 1) / 2) : 1.0);
}

/* ---- separation of clique rows ---- */

static const double *sort_x;

/* Larger LP value first, then the column order. */
static int
xdesc(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	if (sort_x[i] != sort_x[j])
		return sort_x[i] > sort_x[j] ? -1 : 1;
	return i < j ? -1 : i > j;
}

static int
sizecmp(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	return i < j ? -1 : i > j;
}

static int
known_row(const struct cert *c, int kind, const size_t *m, size_t n)
{
	size_t r;

	for (r = 0; r < c->nrows; r++)
		if (c->rows[r].kind == kind && c->rows[r].n == n &&
		    memcmp(c->rows[r].cols, m, n * sizeof(size_t)) == 0)
			return 1;
	return 0;
}

/*
 * Greedy maximal cliques, one per fractional seed: the seed's neighbours
 * in the conflict graph by LP value, each kept when it conflicts with
 * every member so far. A clique whose LP values add up to more than 1 is
 * a violated inequality, and becomes a row. Returns rows added, -1 when
 * out of memory.
 */
static int
separate(struct cert *c, glp_prob *P, size_t *stamp, size_t *cand,
    int *ind, double *val)
{
	const struct gv_bidset *bs = c->bs;
	size_t *frac = NULL, nfrac = 0, s, i, j, k, nc, *m = NULL, nm;
	size_t tick;
	int added = 0;

	if ((frac = calloc(c->n + 1, sizeof(size_t))) == NULL)
		return -1;
	for (j = 0; j < c->n; j++)
		if (c->x[j] > FRAC_EPS && c->x[j] < 1.0 - FRAC_EPS)
			frac[nfrac++] = j;
	sort_x = c->x;
	qsort(frac, nfrac, sizeof(size_t), xdesc);
	for (s = 0; s < nfrac && s < MAX_SEEDS; s++) {
		size_t seed = frac[s];
		const struct gv_bid *b = &bs->bids[c->bid[seed]];
		double sum;

		if (c->info->cliques >= MAX_CLIQUES ||
		    c->members + MAX_CLIQUE > GV_BOUNDCERT_MAX_MEMBERS)
			break;
		tick = s + 1 + (size_t)c->info->rounds * (MAX_SEEDS + 1);
		stamp[seed] = tick;
		nc = 0;
		for (i = 0; i < b->nbundle; i++) {
			const struct list *l = &c->rcols[b->bundle[i]];

			for (k = 0; k < l->n; k++)
				if (stamp[l->v[k]] != tick) {
					stamp[l->v[k]] = tick;
					cand[nc++] = l->v[k];
				}
		}
		if (b->xor_group >= 0) {
			const struct list *l = &c->xcols[b->xor_group];

			for (k = 0; k < l->n; k++)
				if (stamp[l->v[k]] != tick) {
					stamp[l->v[k]] = tick;
					cand[nc++] = l->v[k];
				}
		}
		qsort(cand, nc, sizeof(size_t), xdesc);
		if ((m = calloc(MAX_CLIQUE, sizeof(size_t))) == NULL) {
			added = -1;
			break;
		}
		m[0] = seed;
		nm = 1;
		sum = c->x[seed];
		for (i = 0; i < nc && nm < MAX_CLIQUE; i++) {
			for (k = 0; k < nm; k++)
				if (!gv_bids_conflict(bs, c->bid[cand[i]],
				    c->bid[m[k]]))
					break;
			if (k < nm)
				continue;
			m[nm++] = cand[i];
			sum += c->x[cand[i]];
		}
		qsort(m, nm, sizeof(size_t), sizecmp);
		if (sum <= 1.0 + VIOL_EPS || known_row(c, ROW_CLIQUE, m, nm)) {
			free(m);
			m = NULL;
			continue;
		}
		if (add_row(c, ROW_CLIQUE, 0, m, nm) != 0) {
			free(m);
			added = -1;
			break;
		}
		glpk_row(P, &c->rows[c->nrows - 1], ind, val);
		c->members += nm;
		c->info->cliques++;
		m = NULL;
		added++;
	}
	free(frac);
	return added;
}

/* ---- separation of odd cycles ---- */

/* Rotate and turn m[0..n) to start at its smallest member, then its smaller neighbour. */
static void
canonical_cycle(size_t *m, size_t n, size_t *tmp)
{
	size_t i, lo = 0;

	for (i = 1; i < n; i++)
		if (m[i] < m[lo])
			lo = i;
	if (m[(lo + 1) % n] < m[(lo + n - 1) % n])
		for (i = 0; i < n; i++)
			tmp[i] = m[(lo + i) % n];
	else
		for (i = 0; i < n; i++)
			tmp[i] = m[(lo + n - i) % n];
	memcpy(m, tmp, n * sizeof(size_t));
}

/*
 * A simple odd cycle inside the closed odd walk w[0..n): while a vertex
 * repeats, split the walk there and keep the odd part. Weights are not
 * negative, so the part is violated when the walk is. Returns its length.
 */
static size_t
simple_odd(size_t *w, size_t n)
{
	size_t i, j;

	for (;;) {
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n; j++)
				if (w[i] == w[j])
					goto split;
		return n;
split:
		if ((j - i) % 2 == 1) {
			memmove(w, w + i, (j - i) * sizeof(size_t));
			n = j - i;
		} else {
			memmove(w + i, w + j, (n - j) * sizeof(size_t));
			n -= j - i;
		}
	}
}

struct heapnode {
	double d;
	size_t v;
};

static void
heap_push(struct heapnode *h, size_t *n, double d, size_t v)
{
	size_t i = (*n)++;

	while (i > 0 && h[(i - 1) / 2].d > d) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i].d = d;
	h[i].v = v;
}

static struct heapnode
heap_pop(struct heapnode *h, size_t *n)
{
	struct heapnode top = h[0], last = h[--(*n)];
	size_t i = 0, k;

	while ((k = 2 * i + 1) < *n) {
		if (k + 1 < *n && h[k + 1].d < h[k].d)
			k++;
		if (h[k].d >= last.d)
			break;
		h[i] = h[k];
		i = k;
	}
	h[i] = last;
	return top;
}

/*
 * Odd cycle inequalities (at most (k - 1) / 2 of an odd cycle of k
 * conflicting bids win): on the fractional bids, edge weights
 * 1 - x(i) - x(j) >= 0, a closed walk of odd length and weight below 1 is
 * a violated cycle. Shortest paths from (s, even) to (s, odd) in the
 * doubled graph find them. Returns rows added, -1 when out of memory.
 */
static int
separate_cycles(struct cert *c, glp_prob *P, int *ind, double *val)
{
	size_t *fr = NULL, nf = 0, *pos = NULL, *adj = NULL, *adjn = NULL;
	size_t *adjs = NULL, *pred = NULL, *walk = NULL, *tmp = NULL, nadj = 0;
	size_t i, j, k, s, nh, cap;
	double *dist = NULL;
	unsigned char *done = NULL;
	struct heapnode *heap = NULL;
	int added = 0;

	fr = calloc(c->n + 1, sizeof(size_t));
	pos = calloc(c->n + 1, sizeof(size_t));
	if (!fr || !pos)
		goto oom;
	for (j = 0; j < c->n && nf < MAX_CYCLE_NODES; j++)
		if (c->x[j] > FRAC_EPS && c->x[j] < 1.0 - FRAC_EPS) {
			pos[j] = nf + 1;
			fr[nf++] = j;
		}
	if (nf < 3)
		goto done;
	/* neighbours among the fractional bids, through rollup and XOR lists */
	adjs = calloc(nf + 1, sizeof(size_t));
	adjn = calloc(nf + 1, sizeof(size_t));
	if (!adjs || !adjn)
		goto oom;
	cap = 0;
	for (i = 0; i < nf; i++) {
		const struct gv_bid *b = &c->bs->bids[c->bid[fr[i]]];

		for (k = 0; k < b->nbundle; k++)
			cap += c->rcols[b->bundle[k]].n;
		if (b->xor_group >= 0)
			cap += c->xcols[b->xor_group].n;
	}
	if ((adj = calloc(cap + 1, sizeof(size_t))) == NULL ||
	    (done = calloc(nf + 1, 1)) == NULL)
		goto oom;
	for (i = 0; i < nf; i++) {
		const struct gv_bid *b = &c->bs->bids[c->bid[fr[i]]];
		const struct list *l;

		adjs[i] = nadj;
		for (k = 0; k <= b->nbundle; k++) {
			if (k < b->nbundle)
				l = &c->rcols[b->bundle[k]];
			else if (b->xor_group >= 0)
				l = &c->xcols[b->xor_group];
			else
				break;
			for (j = 0; j < l->n; j++) {
				size_t u = pos[l->v[j]];

				/* done[] marks neighbours already listed for i */
				if (u == 0 || u - 1 == i || done[u - 1])
					continue;
				done[u - 1] = 1;
				adj[nadj++] = u - 1;
			}
		}
		adjn[i] = nadj - adjs[i];
		for (j = adjs[i]; j < nadj; j++)
			done[adj[j]] = 0;
	}
	dist = calloc(2 * nf, sizeof(double));
	pred = calloc(2 * nf, sizeof(size_t));
	heap = calloc(2 * nadj + 2 * nf + 2, sizeof(*heap));
	walk = calloc(2 * nf + 2, sizeof(size_t));
	tmp = calloc(2 * nf + 2, sizeof(size_t));
	free(done);
	done = calloc(2 * nf, 1);
	if (!dist || !pred || !heap || !walk || !tmp || !done)
		goto oom;
	sort_x = c->x;
	for (s = 0; s < nf && s < MAX_CYCLE_SOURCES; s++) {
		size_t target = 2 * s + 1, n, *cyc;
		double sum;

		if (c->info->cliques >= MAX_CLIQUES ||
		    c->members + MAX_CLIQUE > GV_BOUNDCERT_MAX_MEMBERS)
			break;
		for (i = 0; i < 2 * nf; i++) {
			dist[i] = 2.0;
			done[i] = 0;
		}
		nh = 0;
		dist[2 * s] = 0.0;
		heap_push(heap, &nh, 0.0, 2 * s);
		while (nh > 0) {
			struct heapnode h = heap_pop(heap, &nh);
			size_t v = h.v / 2, par = h.v % 2;

			if (done[h.v])
				continue;
			done[h.v] = 1;
			if (h.v == target)
				break;
			for (k = adjs[v]; k < adjs[v] + adjn[v]; k++) {
				size_t u = adj[k], t = 2 * u + (1 - par);
				double w = 1.0 - c->x[fr[v]] - c->x[fr[u]];
				double d = h.d + (w > 0.0 ? w : 0.0);

				if (d < dist[t] && d < 1.0 - VIOL_EPS) {
					dist[t] = d;
					pred[t] = h.v;
					heap_push(heap, &nh, d, t);
				}
			}
		}
		if (!done[target])
			continue;
		/* the walk s ... s, back along pred from the odd copy */
		n = 0;
		for (i = target; i != 2 * s && n < 2 * nf; i = pred[i])
			walk[n++] = fr[i / 2];
		if (n % 2 == 0 || n < 3)
			continue;
		n = simple_odd(walk, n);
		if (n < 3 || n > MAX_CLIQUE - 1)
			continue;
		for (i = 0, sum = 0.0; i < n; i++)
			sum += c->x[walk[i]];
		if (sum <= (double)((n - 1) / 2) + VIOL_EPS)
			continue;
		canonical_cycle(walk, n, tmp);
		if (known_row(c, ROW_CYCLE, walk, n))
			continue;
		if ((cyc = calloc(n, sizeof(size_t))) == NULL)
			goto oom;
		memcpy(cyc, walk, n * sizeof(size_t));
		if (add_row(c, ROW_CYCLE, 0, cyc, n) != 0) {
			free(cyc);
			goto oom;
		}
		glpk_row(P, &c->rows[c->nrows - 1], ind, val);
		c->members += n;
		c->info->cliques++;
		c->info->cycles++;
		added++;
	}
	goto done;
oom:
	added = -1;
done:
	free(fr);
	free(pos);
	free(adj);
	free(adjn);
	free(adjs);
	free(dist);
	free(pred);
	free(heap);
	free(walk);
	free(tmp);
	free(done);
	return added;
}

/* ---- exact duals ---- */

/* out = net(j) - the prices of its rows */
static void
residual(const struct cert *c, size_t j, mpq_t out)
{
	size_t i;

	mpq_set_z(out, c->net[j]);
	for (i = 0; i < c->colrows[j].n; i++)
		mpq_sub(out, out, c->price[c->colrows[j].v[i]]);
}

/*
 * The duals of the final basis, exactly: y = 0 on rows whose slack is
 * basic, and the prices of every basic column's rows add up to its net
 * value. GLPK's duals (in units of 2^shift) start it; each round solves
 * for the exact residual with GLPK's factorization (B^T p = r, in doubles)
 * and adds the correction exactly, gaining some 40 bits a round. With the
 * augmented matrix (I | -A), a row's unknown is minus its dual.
 */
static void
refine(struct cert *c, glp_prob *P)
{
	int m = glp_get_num_rows(P), k, h, round;
	double *b = NULL, worst;
	mpq_t r, d;
	size_t i;

	mpq_inits(r, d, NULL);
	for (i = 0; i < c->nrows; i++) {
		mpq_set_d(c->price[i], glp_get_row_dual(P, (int)i + 1));
		mpz_mul_2exp(mpq_numref(c->price[i]),
		    mpq_numref(c->price[i]), c->shift);
		mpq_canonicalize(c->price[i]);
	}
	if ((b = calloc((size_t)m + 1, sizeof(double))) == NULL)
		goto cleanup;
	if (!glp_bf_exists(P) && glp_factorize(P) != 0)
		goto cleanup;
	for (round = 0; round < REFINE_ROUNDS; round++) {
		worst = 0.0;
		for (k = 1; k <= m; k++) {
			h = glp_get_bhead(P, k);
			if (h <= m)
				mpq_set(r, c->price[h - 1]);
			else
				residual(c, (size_t)(h - m - 1), r);
			b[k] = ldexp(mpq_get_d(r), -(int)c->shift);
			if (fabs(b[k]) > worst)
				worst = fabs(b[k]);
		}
		/* exact, or far below the grid the prices are rounded to */
		if (worst == 0.0 || ldexp(worst, (int)c->shift) < 1e-9) {
			c->info->exact_duals = 1;
			break;
		}
		glp_btran(P, b);
		for (k = 1; k <= m; k++) {
			mpq_set_d(d, b[k]);
			mpz_mul_2exp(mpq_numref(d), mpq_numref(d), c->shift);
			mpq_canonicalize(d);
			mpq_sub(c->price[k - 1], c->price[k - 1], d);
		}
	}
cleanup:
	free(b);
	mpq_clears(r, d, NULL);
}

/* Round every price to the grid, never below 0, then raise rollup prices until all bids are covered. */
static void
round_and_repair(struct cert *c)
{
	mpz_t t, den2;
	mpq_t r;
	size_t i, j;

	mpz_inits(t, den2, NULL);
	mpq_init(r);
	for (i = 0; i < c->nrows; i++) {
		mpq_t *p = &c->price[i];

		if (mpq_sgn(*p) <= 0) {
			mpq_set_ui(*p, 0, 1);
			continue;
		}
		/* nearest multiple of 1/GRID: floor((2 num GRID + den) / (2 den)) */
		mpz_mul_ui(t, mpq_numref(*p), 2 * GRID);
		mpz_add(t, t, mpq_denref(*p));
		mpz_mul_2exp(den2, mpq_denref(*p), 1);
		mpz_fdiv_q(t, t, den2);
		mpz_set(mpq_numref(*p), t);
		mpz_set_ui(mpq_denref(*p), GRID);
		mpq_canonicalize(*p);
	}
	for (j = 0; j < c->n; j++) {
		const struct gv_bid *b = &c->bs->bids[c->bid[j]];

		residual(c, j, r);
		if (mpq_sgn(r) > 0) {
			long row = c->rrow[b->bundle[0]];

			mpq_add(c->price[row], c->price[row], r);
		}
	}
	mpq_clear(r);
	mpz_clears(t, den2, NULL);
}

/* ---- GLPK ---- */

static jmp_buf cert_jmp;

static void
error_hook(void *info)
{
	(void)info;
	longjmp(cert_jmp, 1);
}

static int
term_hook(void *info, const char *s)
{
	(void)info;
	(void)s;
	return 1;
}

/* Solve, separate, solve again; then the exact duals of the last basis. */
static int
run_lp(struct cert *c)
{
	glp_prob *P = NULL;
	glp_smcp smcp;
	size_t i, j, *stamp = NULL, *cand = NULL, maxrow = 0;
	int *ind = NULL, ret, added, rc = -1;
	double *val = NULL;
	uint64_t left;

	stamp = calloc(c->n + 1, sizeof(size_t));
	cand = calloc(c->n + 1, sizeof(size_t));
	for (i = 0; i < c->nrows; i++)
		if (c->rows[i].n > maxrow)
			maxrow = c->rows[i].n;
	if (maxrow < MAX_CLIQUE)
		maxrow = MAX_CLIQUE;
	ind = calloc(maxrow + 1, sizeof(int));
	val = calloc(maxrow + 1, sizeof(double));
	if (!stamp || !cand || !ind || !val)
		goto cleanup;
	P = glp_create_prob();
	glp_set_obj_dir(P, GLP_MAX);
	glp_add_cols(P, (int)c->n);
	for (j = 0; j < c->n; j++) {
		/* no upper bound: every column is in a rollup row of bound 1 */
		glp_set_col_bnds(P, (int)j + 1, GLP_LO, 0.0, 0.0);
		glp_set_obj_coef(P, (int)j + 1, coef(c, j));
	}
	for (i = 0; i < c->nrows; i++)
		glpk_row(P, &c->rows[i], ind, val);
	for (;;) {
		glp_init_smcp(&smcp);
		smcp.msg_lev = GLP_MSG_OFF;
		left = now_ms() - c->t0;
		left = left >= c->limit ? 1 : c->limit - left;
		smcp.tm_lim = left > (uint64_t)INT32_MAX ? INT32_MAX : (int)left;
		ret = glp_simplex(P, &smcp);
		c->info->rounds++;
		if (ret != 0 || glp_get_status(P) != GLP_OPT) {
			/* no usable duals: the repair alone makes the certificate */
			rc = 0;
			goto cleanup;
		}
		for (j = 0; j < c->n; j++)
			c->x[j] = glp_get_col_prim(P, (int)j + 1);
		if (c->info->rounds >= MAX_ROUNDS || now_ms() - c->t0 >= c->limit)
			break;
		if ((added = separate(c, P, stamp, cand, ind, val)) < 0)
			goto cleanup;
		/* odd cycles once the cliques give out */
		if (added == 0 &&
		    (added = separate_cycles(c, P, ind, val)) < 0)
			goto cleanup;
		if (added == 0)
			break;
	}
	c->info->integral = 1;
	for (j = 0; j < c->n; j++)
		if (c->x[j] > FRAC_EPS && c->x[j] < 1.0 - FRAC_EPS)
			c->info->integral = 0;
	if ((c->price = calloc(c->nrows + 1, sizeof(mpq_t))) == NULL)
		goto cleanup;
	for (i = 0; i < c->nrows; i++)
		mpq_init(c->price[i]);
	refine(c, P);
	rc = 0;
cleanup:
	if (P != NULL)
		glp_delete_prob(P);
	free(stamp);
	free(cand);
	free(ind);
	free(val);
	return rc;
}

static int
guarded_lp(struct cert *c)
{
	volatile int rc;

	glp_term_hook(term_hook, NULL);
	glp_error_hook(error_hook, NULL);
	if (setjmp(cert_jmp) != 0) {
		glp_free_env();
		rc = -2;
	} else
		rc = run_lp(c);
	glp_error_hook(NULL, NULL);
	glp_term_hook(NULL, NULL);
	return rc;
}

/* ---- the document ---- */

static json_t *
priced(const char *key, const char *name, const mpq_t p)
{
	char *s = gv_rational_str(p);
	json_t *o = json_object();

	if (s == NULL || o == NULL ||
	    json_object_set_new(o, key, json_string(name)) ||
	    json_object_set_new(o, "price", json_string(s))) {
		free(s);
		json_decref(o);
		return NULL;
	}
	free(s);
	return o;
}

static const struct cert *sort_cert;

/* Cliques by their member lists, element by element (bid order is id order). */
static int
cliquecmp(const void *a, const void *b)
{
	const struct row *x = &sort_cert->rows[*(const size_t *)a];
	const struct row *y = &sort_cert->rows[*(const size_t *)b];
	size_t i;

	for (i = 0; i < x->n && i < y->n; i++)
		if (x->cols[i] != y->cols[i])
			return x->cols[i] < y->cols[i] ? -1 : 1;
	return x->n < y->n ? -1 : x->n > y->n;
}

static json_t *
document(struct cert *c, const unsigned char ad[GV_DIGEST_LEN])
{
	const struct gv_bidset *bs = c->bs;
	json_t *root = json_object(), *ro = json_array(), *xo = json_array();
	json_t *co = json_array(), *yo = json_array(), *o, *m;
	char hex[2 * GV_DIGEST_LEN + 1], *s;
	size_t i, k, *ord = NULL, nord = 0;
	mpq_t sum;
	mpz_t fl;
	int bad = 0;

	mpq_init(sum);
	mpz_init(fl);
	if (!root || !ro || !xo || !co || !yo ||
	    (ord = calloc(c->nrows + 1, sizeof(size_t))) == NULL)
		goto fail;
	for (i = 0; i < bs->nrollups; i++)
		mpz_add(fl, fl, bs->rollups[i].reserve);
	mpq_set_z(sum, fl);
	/* rows come in rollup order, then XOR groups in name order */
	for (i = 0; i < c->nrows; i++) {
		const struct row *w = &c->rows[i];

		if (mpq_sgn(c->price[i]) == 0)
			continue;
		mpq_add(sum, sum, c->price[i]);
		for (k = 1; w->kind == ROW_CYCLE && k < (w->n - 1) / 2; k++)
			mpq_add(sum, sum, c->price[i]);
		c->info->priced++;
		if (w->kind == ROW_CLIQUE || w->kind == ROW_CYCLE) {
			ord[nord++] = i;
			continue;
		}
		o = priced(w->kind == ROW_ROLLUP ? "id" : "group",
		    w->kind == ROW_ROLLUP ? bs->rollups[w->ref].id :
		    bs->bids[c->bid[w->cols[0]]].xor, c->price[i]);
		if (o == NULL)
			goto fail;
		bad |= json_array_append_new(w->kind == ROW_ROLLUP ? ro : xo, o);
	}
	sort_cert = c;
	qsort(ord, nord, sizeof(size_t), cliquecmp);
	sort_cert = NULL;
	for (k = 0; k < nord; k++) {
		const struct row *w = &c->rows[ord[k]];

		o = json_object();
		m = json_array();
		s = gv_rational_str(c->price[ord[k]]);
		if (!o || !m || !s) {
			json_decref(o);
			json_decref(m);
			free(s);
			goto fail;
		}
		for (i = 0; i < w->n; i++)
			bad |= json_array_append_new(m,
			    json_string(bs->bids[c->bid[w->cols[i]]].id));
		bad |= json_object_set_new(o, "bids", m);
		bad |= json_object_set_new(o, "price", json_string(s));
		free(s);
		bad |= json_array_append_new(w->kind == ROW_CLIQUE ? co : yo, o);
	}
	mpz_fdiv_q(fl, mpq_numref(sum), mpq_denref(sum));
	s = gv_amount_str(fl);
	if (s != NULL && strlen(s) < sizeof(c->info->bound))
		strcpy(c->info->bound, s);
	gv_hex(hex, bs->digest, GV_DIGEST_LEN);
	bad |= json_object_set_new(root, "format",
	    json_string(GV_BOUNDCERT_FORMAT));
	bad |= json_object_set_new(root, "marketplace",
	    json_string(bs->marketplace));
	bad |= json_object_set_new(root, "epoch",
	    json_integer((json_int_t)bs->epoch));
	bad |= json_object_set_new(root, "bidset", json_string(hex));
	gv_hex(hex, ad, GV_DIGEST_LEN);
	bad |= json_object_set_new(root, "allocation", json_string(hex));
	bad |= json_object_set_new(root, "bound", s ? json_string(s) : NULL);
	free(s);
	bad |= json_object_set_new(root, "rollups", ro);
	bad |= json_object_set_new(root, "xor", xo);
	bad |= json_object_set_new(root, "cliques", co);
	bad |= json_object_set_new(root, "cycles", yo);
	free(ord);
	mpq_clear(sum);
	mpz_clear(fl);
	if (bad) {
		json_decref(root);
		return NULL;
	}
	return root;
fail:
	free(ord);
	mpq_clear(sum);
	mpz_clear(fl);
	json_decref(root);
	json_decref(ro);
	json_decref(xo);
	json_decref(co);
	json_decref(yo);
	return NULL;
}

int
gv_certify(const struct gv_bidset *bs, const json_t *alloc,
    uint64_t time_limit_ms, char **text, struct gv_certify_info *info,
    struct gv_err *e)
{
	struct cert c;
	unsigned char ad[GV_DIGEST_LEN];
	json_t *doc = NULL, *back = NULL;
	char *t = NULL, msg[sizeof(e->msg)];
	size_t i, len;
	mpz_t bound;
	int rc = GV_INTERNAL, lp;

	memset(&c, 0, sizeof(c));
	memset(info, 0, sizeof(*info));
	*text = NULL;
	c.bs = bs;
	c.info = info;
	c.t0 = now_ms();
	c.limit = time_limit_ms;
	mpz_init(bound);
	if (gv_digest(ad, "allocation", bs->marketplace, bs->epoch, alloc) !=
	    GV_OK || setup(&c) != 0) {
		gv_err_set(e, GV_INTERNAL, NULL, NULL,
		    "out of memory certifying the bound");
		goto cleanup;
	}
	lp = c.n > 0 ? guarded_lp(&c) : 0;
	if (lp == -2) {
		gv_err_set(e, GV_INTERNAL, NULL, NULL,
		    "GLPK failed internally certifying the bound");
		goto cleanup;
	}
	if (lp != 0) {
		gv_err_set(e, GV_INTERNAL, NULL, NULL,
		    "out of memory certifying the bound");
		goto cleanup;
	}
	if (c.price == NULL) {
		if ((c.price = calloc(c.nrows + 1, sizeof(mpq_t))) == NULL) {
			gv_err_set(e, GV_INTERNAL, NULL, NULL,
			    "out of memory certifying the bound");
			goto cleanup;
		}
		for (i = 0; i < c.nrows; i++)
			mpq_init(c.price[i]);
	}
	round_and_repair(&c);
	if ((doc = document(&c, ad)) == NULL ||
	    (t = json_dumps(doc, JSON_INDENT(2))) == NULL) {
		gv_err_set(e, GV_INTERNAL, NULL, NULL,
		    "out of memory writing the bound certificate");
		goto cleanup;
	}
	/* Check our own output as an auditor would, from its bytes. */
	len = strlen(t);
	if (gv_json_parse(t, len, "bound certificate", &back, e) != GV_OK ||
	    gv_boundcert_check(bs, alloc, back, "bound certificate", bound,
	    e) != GV_OK) {
		snprintf(msg, sizeof(msg), "%s", e->msg);
		gv_err_set(e, GV_INTERNAL, NULL, NULL,
		    "internal error: own bound certificate fails its check: %s",
		    msg);
		goto cleanup;
	}
	if ((*text = realloc(t, len + 2)) == NULL) {
		gv_err_set(e, GV_INTERNAL, NULL, NULL, "out of memory");
		goto cleanup;
	}
	t = NULL;
	(*text)[len] = '\n';
	(*text)[len + 1] = '\0';
	rc = GV_OK;
cleanup:
	info->time_ms = now_ms() - c.t0;
	free(t);
	json_decref(doc);
	json_decref(back);
	teardown(&c);
	mpz_clear(bound);
	return rc;
}
