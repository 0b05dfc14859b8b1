/* components.c: independent parts of an epoch solved apart, on threads (formats/allocation.md, "Components") */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>

#include "components.h"
#include "cores.h"
#include "race.h"
#include "reduce.h"

/* One component: a bid set of its own over some of bs's rollups and bids. */
struct part {
	struct gv_bidset sub;	/* shares bs's strings and numbers */
	size_t *bid;		/* sub's bid k is bs's bid bid[k] */
	size_t *rollup;		/* sub's rollup k is bs's rollup rollup[k] */
	size_t first;		/* bs's index of its first bid (order ties) */
	struct gv_alloc a;
	struct gv_solve_info info;
	struct gv_err e;
	int rc;
};

struct job {
	struct part *parts;
	size_t *order;		/* the order in which parts are taken */
	size_t nparts;
	atomic_size_t next;
	const struct gv_solve_opts *o;
	const struct gv_budget *b;
};

static size_t
find(size_t *up, size_t x)
{
	while (up[x] != x) {
		up[x] = up[up[x]];
		x = up[x];
	}
	return x;
}

static void
join(size_t *up, size_t x, size_t y)
{
	x = find(up, x);
	y = find(up, y);
	/* the smaller index is the root: the same forest on every run */
	if (x < y)
		up[y] = x;
	else if (y < x)
		up[x] = y;
}

/* net(b) > 0: the bid can win at all (reduce.h drops the others). */
static int
positive(const struct gv_bidset *bs, const struct gv_bid *b, mpz_t t)
{
	gv_bid_net(bs, b, t);
	return mpz_sgn(t) > 0;
}

static void
part_free(struct part *p)
{
	size_t k;

	if (p->sub.bids != NULL)
		for (k = 0; k < p->sub.nbids; k++)
			free(p->sub.bids[k].bundle);
	free(p->sub.bids);
	free(p->sub.rollups);
	free(p->bid);
	free(p->rollup);
	gv_alloc_free(&p->a);
}

static void *
worker(void *arg)
{
	struct job *j = arg;
	size_t k;

	while ((k = atomic_fetch_add(&j->next, 1)) < j->nparts) {
		struct part *p = &j->parts[j->order[k]];
		struct gv_solve_opts po = *j->o;
		unsigned char *start = NULL;
		size_t q;

		/* the warm start's bids of this part; out of memory: none, it only speeds up */
		po.start = NULL;
		if (j->o->start != NULL &&
		    (start = calloc(p->sub.nbids + 1, 1)) != NULL) {
			for (q = 0; q < p->sub.nbids; q++)
				start[q] = j->o->start[p->bid[q]];
			po.start = start;
		}
		p->rc = gv_solve_within(&p->sub, &po, j->b, &p->a, &p->info,
		    &p->e);
		free(start);
	}
	return NULL;
}

/* A part's place in the order of work: fewer bids first (the quick parts are never starved by a hard one), then bid order. */
struct rank {
	size_t nbids, first, k;
};

static int
rankcmp(const void *x, const void *y)
{
	const struct rank *a = x, *b = y;

	if (a->nbids != b->nbids)
		return a->nbids < b->nbids ? -1 : 1;
	return a->first < b->first ? -1 : a->first > b->first;
}

/* A thread of our own: its GLPK environment (thread local) dies with it. */
static void *
thread_main(void *arg)
{
	worker(arg);
	glp_free_env();
	return NULL;
}

/*
 * The components: parts[] in the order of their first bid, each with its
 * rollups and bids ascending (so ids stay in order and sub is a valid bid
 * set's structure). *nparts is 0 when out of memory.
 */
static struct part *
split(const struct gv_bidset *bs, size_t *nparts, size_t *dropped)
{
	size_t nodes = bs->nrollups + bs->nxor, i, j, k, np = 0;
	size_t *up = NULL, *pid = NULL, *rmap = NULL, *xmap = NULL;
	unsigned char *keep = NULL;
	struct part *parts = NULL;
	mpz_t t;
	int ok = 0;

	mpz_init(t);
	*nparts = 0;
	*dropped = 0;
	up = calloc(nodes ? nodes : 1, sizeof(size_t));
	pid = calloc(nodes ? nodes : 1, sizeof(size_t));
	rmap = calloc(bs->nrollups ? bs->nrollups : 1, sizeof(size_t));
	xmap = calloc(bs->nxor ? bs->nxor : 1, sizeof(size_t));
	keep = calloc(bs->nbids ? bs->nbids : 1, 1);
	if (!up || !pid || !rmap || !xmap || !keep)
		goto cleanup;
	for (i = 0; i < nodes; i++) {
		up[i] = i;
		pid[i] = SIZE_MAX;
	}
	for (i = 0; i < bs->nbids; i++) {
		const struct gv_bid *b = &bs->bids[i];

		if (!(keep[i] = (unsigned char)positive(bs, b, t))) {
			(*dropped)++;
			continue;
		}
		for (j = 1; j < b->nbundle; j++)
			join(up, b->bundle[0], b->bundle[j]);
		if (b->xor_group >= 0)
			join(up, b->bundle[0], bs->nrollups +
			    (size_t)b->xor_group);
	}
	/* number the components by their first bid */
	for (i = 0; i < bs->nbids; i++) {
		size_t r;

		if (!keep[i])
			continue;
		r = find(up, bs->bids[i].bundle[0]);
		if (pid[r] == SIZE_MAX)
			pid[r] = np++;
	}
	if ((parts = calloc(np ? np : 1, sizeof(*parts))) == NULL)
		goto cleanup;
	for (k = 0; k < np; k++) {
		parts[k].sub = *bs;
		parts[k].sub.nbids = parts[k].sub.nrollups = 0;
		parts[k].sub.nxor = 0;
		parts[k].sub.bids = NULL;
		parts[k].sub.rollups = NULL;
		parts[k].first = SIZE_MAX;
		gv_alloc_init(&parts[k].a);
	}
	*nparts = np;
	/* count, then fill: rollups and groups in index order */
	for (i = 0; i < bs->nrollups; i++) {
		size_t r = find(up, i);

		if (pid[r] != SIZE_MAX)
			rmap[i] = parts[pid[r]].sub.nrollups++;
	}
	for (i = 0; i < bs->nxor; i++) {
		size_t r = find(up, bs->nrollups + i);

		if (pid[r] != SIZE_MAX)
			xmap[i] = parts[pid[r]].sub.nxor++;
	}
	for (i = 0; i < bs->nbids; i++)
		if (keep[i]) {
			struct part *p = &parts[pid[find(up,
			    bs->bids[i].bundle[0])]];

			if (p->first == SIZE_MAX)
				p->first = i;
			p->sub.nbids++;
		}
	for (k = 0; k < np; k++) {
		struct part *p = &parts[k];

		p->sub.rollups = calloc(p->sub.nrollups, sizeof(struct gv_rollup));
		p->rollup = calloc(p->sub.nrollups, sizeof(size_t));
		p->sub.bids = calloc(p->sub.nbids, sizeof(struct gv_bid));
		p->bid = calloc(p->sub.nbids, sizeof(size_t));
		if (!p->sub.rollups || !p->rollup || !p->sub.bids || !p->bid)
			goto cleanup;
		p->sub.nrollups = p->sub.nbids = 0;
	}
	for (i = 0; i < bs->nrollups; i++) {
		size_t r = find(up, i);
		struct part *p;

		if (pid[r] == SIZE_MAX)
			continue;
		p = &parts[pid[r]];
		p->rollup[p->sub.nrollups] = i;
		/* the reserve's limbs are shared, never freed here */
		p->sub.rollups[p->sub.nrollups++] = bs->rollups[i];
	}
	for (i = 0; i < bs->nbids; i++) {
		const struct gv_bid *b = &bs->bids[i];
		struct part *p;
		struct gv_bid *c;

		if (!keep[i])
			continue;
		p = &parts[pid[find(up, b->bundle[0])]];
		c = &p->sub.bids[p->sub.nbids];
		*c = *b;	/* the amount's limbs are shared too */
		if ((c->bundle = calloc(b->nbundle, sizeof(size_t))) == NULL)
			goto cleanup;
		p->bid[p->sub.nbids++] = i;
		for (j = 0; j < b->nbundle; j++)
			c->bundle[j] = rmap[b->bundle[j]];
		c->xor_group = b->xor_group >= 0 ?
		    (long)xmap[b->xor_group] : -1;
	}
	ok = 1;
cleanup:
	if (!ok && parts != NULL) {
		for (k = 0; k < np; k++)
			part_free(&parts[k]);
		free(parts);
		parts = NULL;
		*nparts = 0;
	}
	mpz_clear(t);
	free(up);
	free(pid);
	free(rmap);
	free(xmap);
	free(keep);
	return parts;
}

/* Combine the parts' results into a (see components.h). */
static int
combine(const struct gv_bidset *bs, const struct gv_budget *b,
    struct part *parts, size_t np, struct gv_alloc *a,
    struct gv_solve_info *info, struct gv_err *e)
{
	size_t k, i, n = 0, *win;
	unsigned char *in;
	int rc, optimal = 1, stop = GV_STOP_COMPLETE;

	for (k = 0; k < np; k++)
		n += parts[k].a.nwinners;
	win = calloc(n ? n : 1, sizeof(size_t));
	in = calloc(bs->nrollups ? bs->nrollups : 1, 1);
	if (win == NULL || in == NULL) {
		free(win);
		free(in);
		return gv_err_set(e, GV_INTERNAL, bs->doc, NULL,
		    "out of memory");
	}
	/* parts are numbered by first bid but interleave: merge by marks */
	n = 0;
	{
		unsigned char *w = calloc(bs->nbids ? bs->nbids : 1, 1);

		if (w == NULL) {
			free(win);
			free(in);
			return gv_err_set(e, GV_INTERNAL, bs->doc, NULL,
			    "out of memory");
		}
		for (k = 0; k < np; k++)
			for (i = 0; i < parts[k].a.nwinners; i++)
				w[parts[k].bid[parts[k].a.winners[i]]] = 1;
		for (i = 0; i < bs->nbids; i++)
			if (w[i])
				win[n++] = i;
		free(w);
	}
	if ((rc = gv_alloc_compute(bs, win, n, a, "solver", e)) != GV_OK)
		goto cleanup;
	/* bound: the parts' bounds plus the reserves no part holds */
	mpz_set_ui(a->bound, 0);
	for (k = 0; k < np; k++) {
		const struct part *p = &parts[k];

		mpz_add(a->bound, a->bound, p->a.bound);
		for (i = 0; i < p->sub.nrollups; i++)
			in[p->rollup[i]] = 1;
		if (p->a.status != GV_ST_OPTIMAL)
			optimal = 0;
		if (p->a.stop > stop)
			stop = p->a.stop;
		info->kept += p->info.kept;
		info->dropped_dominated += p->info.dropped_dominated;
		info->exact = info->exact && p->info.exact;
		if (p->info.shift > info->shift)
			info->shift = p->info.shift;
	}
	for (i = 0; i < bs->nrollups; i++)
		if (!in[i])
			mpz_add(a->bound, a->bound, bs->rollups[i].reserve);
	a->status = optimal ? GV_ST_OPTIMAL : GV_ST_FEASIBLE;
	a->stop = stop;
	if (optimal || mpz_cmp(a->bound, a->value) < 0)
		mpz_set(a->bound, a->value);
	info->time_used_ms = gv_budget_used_ms(b);
	if (a->stop != GV_STOP_COMPLETE) {
		a->time_limit_ms = b->limit_ms;
		a->time_used_ms = info->time_used_ms;
	}
cleanup:
	free(win);
	free(in);
	return rc;
}

int
gv_solve_parts(const struct gv_bidset *bs, const struct gv_solve_opts *o,
    const struct gv_budget *b, struct gv_alloc *a,
    struct gv_solve_info *info, struct gv_err *e)
{
	struct part *parts;
	struct job j;
	struct rank *rank;
	struct gv_reduced red;
	struct gv_solve_opts po = *o;
	mpz_t one, base;
	int have_red = 0;
	pthread_t tid[GV_MAX_THREADS];
	size_t np, k, dropped;
	unsigned threads, t, started = 0;
	int rc;

	memset(&j, 0, sizeof(j));
	/* out of memory splitting: the whole search still can decide */
	if ((parts = split(bs, &np, &dropped)) == NULL)
		return gv_solve_within(bs, o, b, a, info, e);
	if (np <= 1) {
		for (k = 0; k < np; k++)
			part_free(&parts[k]);
		free(parts);
		rc = gv_solve_race(bs, o, b, a, info, e);	/* race.h */
		info->parts = np;
		return rc;
	}
	memset(info, 0, sizeof(*info));
	info->exact = 1;
	info->parts = np;
	info->dropped_reserve = dropped;
	threads = gv_threads(o->threads);
	/* GLPK without thread local storage has one global state */
	if (glp_config("TLS") == NULL)
		threads = 1;
	if (threads > np)
		threads = (unsigned)np;
	gv_phase(o->verbose, "solving %zu independent components on %u "
	    "thread%s", np, threads, threads == 1 ? "" : "s");
	/*
	 * The monitor follows one search; the parts' are many: it sees the
	 * whole epoch's start (sell nothing, every kept bid's bound) and the
	 * end. red lives until the monitor stops, as in solve.c.
	 */
	po.monitor = NULL;
	if (o->monitor != NULL) {
		if ((rc = gv_reduce(bs, &red, e)) != GV_OK)
			goto cleanup;
		have_red = 1;
		mpz_init_set_ui(one, 1);
		mpz_init(base);
		for (k = 0; k < bs->nrollups; k++)
			mpz_add(base, base, bs->rollups[k].reserve);
		/* no GLPK tree reaches this monitor: no bound function */
		gv_monitor_model(o->monitor, bs, &red, one, 0, 1, base, NULL);
		mpz_clears(one, base, NULL);
	}
	j.parts = parts;
	j.nparts = np;
	j.o = &po;
	j.b = b;
	atomic_init(&j.next, 0);
	if ((j.order = calloc(np, sizeof(size_t))) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, bs->doc, NULL, "out of memory");
		goto cleanup;
	}
	if ((rank = calloc(np, sizeof(*rank))) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, bs->doc, NULL, "out of memory");
		goto cleanup;
	}
	for (k = 0; k < np; k++) {
		rank[k].nbids = parts[k].sub.nbids;
		rank[k].first = parts[k].first;
		rank[k].k = k;
	}
	qsort(rank, np, sizeof(*rank), rankcmp);
	for (k = 0; k < np; k++)
		j.order[k] = rank[k].k;
	free(rank);
	for (t = 1; t < threads; t++) {
		if (gv_thread_start(&tid[t], thread_main, &j) != 0)
			break;
		started++;
	}
	worker(&j);
	for (t = 1; t <= started; t++)
		pthread_join(tid[t], NULL);
	/* the first failure in part order, whatever the threads */
	for (k = 0; k < np; k++)
		if (parts[k].rc != GV_OK) {
			*e = parts[k].e;
			rc = parts[k].rc;
			goto cleanup;
		}
	rc = combine(bs, b, parts, np, a, info, e);
cleanup:
	if (have_red)
		gv_reduced_free(&red);
	free(j.order);
	for (k = 0; k < np; k++)
		part_free(&parts[k]);
	free(parts);
	return rc;
}
