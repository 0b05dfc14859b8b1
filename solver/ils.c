/* ils.c: iterated local search over packings (formats/allocation.md, "Winner determination") */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "budget.h"
#include "ils.h"

/* Coefficients are integers: a gain is at least 1. */
#define GAIN_EPS 0.5

struct ils {
	const struct gv_heur *h;
	size_t n, nres;
	long *owner;		/* resource -> winner, or -1 */
	unsigned char *in;
	size_t *tight;		/* winners a bid conflicts with */
	double *loss;		/* their coefficients' sum (integers: exact) */
	size_t *mark, st;
	size_t *lock, lockst;	/* a winner forced in this iteration */
	uint64_t *rmark, rst;	/* resources claimed by a refill being weighed */
	/* the moves since save(): bid << 1 | taken, undone backwards */
	size_t *log, nlog, caplog;
	int logging, overflow;
	size_t *cand, *save, nsave;
	/* bids whose conflicting winners lost one since they were last weighed */
	size_t *dq, nd;
	unsigned char *indq;
	double value;
	uint64_t rng, work;
};

static uint64_t
rnd(struct ils *s)
{
	/* xorshift64*: the run is a function of the seed */
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return s->rng * 2685821657736338717ULL;
}

static size_t
stamp(struct ils *s)
{
	if (++s->st == 0) {
		memset(s->mark, 0, s->n * sizeof(size_t));
		s->st = 1;
	}
	return s->st;
}

static void
dirty(struct ils *s, size_t b)
{
	if (!s->indq[b]) {
		s->indq[b] = 1;
		s->dq[s->nd++] = b;
	}
}

/* Bids sharing a resource with u, each once, get tight += d (and are dirty when it falls). */
static void
touch(struct ils *s, size_t u, int d)
{
	const struct gv_heur *h = s->h;
	size_t k, q, t = stamp(s);

	s->mark[u] = t;
	for (k = h->res_start[u]; k < h->res_start[u + 1]; k++)
		for (q = h->inc_start[h->res[k]];
		    q < h->inc_start[h->res[k] + 1]; q++) {
			size_t b = h->inc[q];

			s->work++;
			if (s->mark[b] == t)
				continue;
			s->mark[b] = t;
			if (d > 0) {
				s->tight[b]++;
				s->loss[b] += h->coef[u];
			} else {
				s->tight[b]--;
				s->loss[b] -= h->coef[u];
				dirty(s, b);
			}
		}
}

static void
record(struct ils *s, size_t u, int taken)
{
	if (!s->logging)
		return;
	if (s->nlog == s->caplog)
		s->overflow = 1;
	else
		s->log[s->nlog++] = u << 1 | (size_t)taken;
}

static void
take(struct ils *s, size_t u)
{
	const struct gv_heur *h = s->h;
	size_t k;

	s->in[u] = 1;
	s->value += h->coef[u];
	record(s, u, 1);
	for (k = h->res_start[u]; k < h->res_start[u + 1]; k++)
		s->owner[h->res[k]] = (long)u;
	touch(s, u, 1);
}

static void
drop(struct ils *s, size_t u)
{
	const struct gv_heur *h = s->h;
	size_t k;

	s->in[u] = 0;
	s->value -= h->coef[u];
	record(s, u, 0);
	for (k = h->res_start[u]; k < h->res_start[u + 1]; k++)
		s->owner[h->res[k]] = -1;
	touch(s, u, -1);
	dirty(s, u);
}

/* The distinct winners v conflicts with into cand; their total coefficient. */
static double
conflicts(struct ils *s, size_t v, size_t *nc, int *locked)
{
	const struct gv_heur *h = s->h;
	size_t k, t = stamp(s);
	double loss = 0.0;

	*nc = 0;
	*locked = 0;
	for (k = h->res_start[v]; k < h->res_start[v + 1]; k++) {
		long o = s->owner[h->res[k]];

		s->work++;
		if (o >= 0 && s->mark[o] != t) {
			s->mark[o] = t;
			loss += h->coef[o];
			s->cand[(*nc)++] = (size_t)o;
			*locked |= s->lock[o] == s->lockst;
		}
	}
	return loss;
}

/* Insert v, dropping the winners it conflicts with, when that gains. */
static int
try_insert(struct ils *s, size_t v)
{
	size_t nc, k;
	int locked;
	double loss;

	if (s->h->coef[v] <= 0)
		return 0;
	if (s->tight[v] == 0) {
		take(s, v);
		return 1;
	}
	if (s->h->coef[v] - s->loss[v] <= GAIN_EPS)
		return 0;
	loss = conflicts(s, v, &nc, &locked);
	if (locked || s->h->coef[v] - loss <= GAIN_EPS)
		return 0;
	for (k = 0; k < nc; k++)
		drop(s, s->cand[k]);
	take(s, v);
	return 1;
}

/* qsort has no context argument; searches run on several threads */
static _Thread_local const double *sort_coef;

/* Larger coefficient first, then smaller index. */
static int
bycoef(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	if (sort_coef[a] != sort_coef[b])
		return sort_coef[a] > sort_coef[b] ? -1 : 1;
	return a < b ? -1 : a > b;
}

/*
 * Drop winner u for the bids that conflict with u alone, packed greedily
 * by coefficient, when they are worth more.
 */
static int
try_refill(struct ils *s, size_t u, size_t *buf)
{
	const struct gv_heur *h = s->h;
	size_t k, q, nb = 0, t, i;
	double gain = 0.0;

	if (s->lock[u] == s->lockst)
		return 0;
	t = stamp(s);
	s->mark[u] = t;
	for (k = h->res_start[u]; k < h->res_start[u + 1]; k++)
		for (q = h->inc_start[h->res[k]];
		    q < h->inc_start[h->res[k] + 1]; q++) {
			size_t b = h->inc[q];

			s->work++;
			if (s->mark[b] == t)
				continue;
			s->mark[b] = t;
			if (!s->in[b] && s->tight[b] == 1 && h->coef[b] > 0)
				buf[nb++] = b;
		}
	if (nb == 0)
		return 0;
	sort_coef = h->coef;
	qsort(buf, nb, sizeof(size_t), bycoef);
	/* the greedy refill among them, on claimed resources: no state change */
	s->rst++;
	k = 0;
	for (i = 0; i < nb; i++) {
		size_t b = buf[i], r;
		int ok = 1;

		for (r = h->res_start[b]; ok && r < h->res_start[b + 1]; r++) {
			s->work++;
			ok = s->rmark[h->res[r]] != s->rst;
		}
		if (!ok)
			continue;
		for (r = h->res_start[b]; r < h->res_start[b + 1]; r++)
			s->rmark[h->res[r]] = s->rst;
		gain += h->coef[b];
		buf[k++] = b;
	}
	if (gain <= h->coef[u] + GAIN_EPS)
		return 0;
	drop(s, u);
	for (i = 0; i < k; i++)
		take(s, buf[i]);
	return 1;
}

/*
 * Inserts for the dirty bids until none is left, then a refill for every
 * winner; again while a refill moved (it leaves bids dirty).
 */
static void
local_search(struct ils *s, size_t *buf, uint64_t limit)
{
	size_t i;
	int moved = 1;

	while (moved && s->work < limit) {
		while (s->nd > 0 && s->work < limit) {
			size_t v = s->dq[--s->nd];

			s->indq[v] = 0;
			if (!s->in[v])
				(void)try_insert(s, v);
		}
		moved = 0;
		for (i = 0; i < s->n && s->work < limit; i++)
			if (s->in[i] && try_refill(s, i, buf))
				moved = 1;
	}
}

/* Start a move log: restore() goes back to this packing. */
static void
save(struct ils *s)
{
	size_t i;

	s->nlog = 0;
	s->overflow = 0;
	s->logging = 1;
	s->nsave = 0;
	for (i = 0; i < s->n; i++)
		if (s->in[i])
			s->save[s->nsave++] = i;
}

static void
restore(struct ils *s)
{
	size_t i;

	s->logging = 0;
	if (!s->overflow) {
		while (s->nlog > 0) {
			size_t e = s->log[--s->nlog];

			if (e & 1)
				drop(s, e >> 1);
			else
				take(s, e >> 1);
		}
		return;
	}
	for (i = 0; i < s->n; i++)
		if (s->in[i])
			drop(s, i);
	for (i = 0; i < s->nsave; i++)
		take(s, s->save[i]);
}

double
gv_ils(const struct gv_heur *h, double *x, const struct gv_ils_opts *o)
{
	struct ils s;
	size_t i, it, rejected = 0, *buf = NULL, *best = NULL, nbest = 0;
	double cur, bestv;
	uint64_t limit;

	memset(&s, 0, sizeof(s));
	s.h = h;
	s.n = h->n;
	s.nres = h->nres;
	s.rng = o->seed ? o->seed : 0x9e3779b97f4a7c15ULL;
	s.owner = malloc((h->nres + 1) * sizeof(long));
	s.in = calloc(h->n + 1, 1);
	s.tight = calloc(h->n + 1, sizeof(size_t));
	s.loss = calloc(h->n + 1, sizeof(double));
	s.mark = calloc(h->n + 1, sizeof(size_t));
	s.lock = calloc(h->n + 1, sizeof(size_t));
	s.cand = calloc(h->n + 1, sizeof(size_t));
	s.rmark = calloc(h->nres + 1, sizeof(uint64_t));
	s.caplog = 4 * h->n + 64;
	s.dq = calloc(h->n + 1, sizeof(size_t));
	s.indq = calloc(h->n + 1, 1);
	s.log = calloc(s.caplog, sizeof(size_t));
	s.save = calloc(h->n + 1, sizeof(size_t));
	buf = calloc(h->n + 1, sizeof(size_t));
	best = calloc(h->n + 1, sizeof(size_t));
	bestv = -1.0;
	if (!s.owner || !s.in || !s.tight || !s.loss || !s.mark || !s.lock ||
	    !s.cand || !s.rmark || !s.log || !s.dq || !s.indq || !s.save ||
	    !buf || !best || h->n == 0)
		goto cleanup;
	for (i = 0; i < h->nres; i++)
		s.owner[i] = -1;
	for (i = 0; i < h->n; i++)
		if (x[i + 1] > 0.5)
			take(&s, i);
	for (i = h->n; i-- > 0;)
		dirty(&s, i);
	s.lockst = 1;
	local_search(&s, buf, o->ls_work < o->work ? o->ls_work : o->work);
	cur = bestv = s.value;
	for (i = 0; i < s.n; i++)
		if (s.in[i])
			best[nbest++] = i;
	for (it = 0; it < o->iterations && s.work < o->work; it++) {
		size_t v, k, nforce;

		/* a clock read costs little beside an iteration */
		if ((o->budget != NULL &&
		    gv_budget_stop(o->budget) != GV_STOP_COMPLETE) ||
		    (o->deadline_ms != 0 && gv_now_ms() >= o->deadline_ms))
			break;
		save(&s);
		s.lockst++;
		/* force one bid in, sometimes more: 1 + k with chance 2^-k */
		nforce = 1;
		while (nforce < 4 && (rnd(&s) & 1) == 0)
			nforce++;
		for (k = 0; k < nforce; k++) {
			size_t nc, q;
			int locked;

			v = (size_t)(rnd(&s) % s.n);
			if (s.in[v] || h->coef[v] <= 0)
				continue;
			(void)conflicts(&s, v, &nc, &locked);
			if (locked)
				continue;
			for (q = 0; q < nc; q++)
				drop(&s, s.cand[q]);
			take(&s, v);
			s.lock[v] = s.lockst;
		}
		limit = s.work + o->ls_work;
		local_search(&s, buf, limit < o->work ? limit : o->work);
		if (s.value > cur - GAIN_EPS) {
			cur = s.value;
			rejected = 0;
		} else if (++rejected > o->patience) {
			cur = s.value;
			rejected = 0;
		} else
			restore(&s);
		s.logging = 0;
		if (s.value > bestv + GAIN_EPS) {
			bestv = s.value;
			nbest = 0;
			for (i = 0; i < s.n; i++)
				if (s.in[i])
					best[nbest++] = i;
		}
	}
	for (i = 0; i <= h->n; i++)
		x[i] = 0.0;
	for (i = 0; i < nbest; i++)
		x[best[i] + 1] = 1.0;
cleanup:
	free(s.owner);
	free(s.in);
	free(s.tight);
	free(s.loss);
	free(s.mark);
	free(s.lock);
	free(s.cand);
	free(s.rmark);
	free(s.log);
	free(s.dq);
	free(s.indq);
	free(s.save);
	free(buf);
	free(best);
	return bestv;
}
