/* race.c: a second search of a connected epoch on a spare core (formats/allocation.md, "A second search") */
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include <glpk.h>

#include "cores.h"
#include "race.h"

/*
 * Below this limit the second search would have too little time to find
 * anything the first did not.
 */
#define RACE_MIN_LIMIT_MS 4000
/*
 * Nor is it started with less than this left: its own set-up (reductions,
 * heuristic start, LP relaxation) would hardly be done, and would only
 * slow the first search's end.
 */
#define RACE_MIN_LEFT_MS 1000
/*
 * The second search waits for a quarter of the limit, and for the first
 * to begin its branch and bound (its set-up, which does not poll the
 * clock everywhere, then keeps both cores): epochs the first search
 * proves quickly (L6 256/1000 in 5.5 s, market 300/5000 in 3.2 s at
 * -t 60) keep both cores for its measurements.
 */
#define RACE_DELAY_PART 4
/*
 * Odd-cycle cuts down to depth 12 under product-score branching: on L3
 * 256/1000 (seed 1) 66,037 and gap 0.36% at 60 s against 65,653 and 1.1%
 * at depth 4; on seed 2 the two were alike. A second search with the
 * same settings would only repeat the first.
 */
#define RACE_ODD_LEVEL 12
/*
 * Without clique cuts, and the last half of its time (from its branch
 * and bound's start) to an iterated local search (ils.h) from its
 * incumbent. At 60 s on 2 cores, signatures checked, CATS L3 256/1000:
 * 66,037 (the first search's 65,697 with clique cuts in both, with or
 * without the local search); CATS L2 300/5000: 204,180 in two runs (the
 * first's 196,315; HiGHS 200,592), with the last quarter 199,626. The
 * local search at the start of the second search's branch and bound
 * instead: L2 the same, L3 65,697; at the end with clique cuts: L2
 * 198,033.
 */
#define RACE_CLIQUE_CUTS (-1)
#define RACE_ILS_PART 2

/* While it waits, the second search looks this often whether it may start. */
#define RACE_POLL_MS 50

struct race {
	const struct gv_bidset *bs;
	struct gv_solve_opts o;
	volatile sig_atomic_t searching;	/* the first's branch and bound began */
	struct gv_budget b;	/* the run's clock; interrupt: stop below */
	volatile sig_atomic_t stop;	/* the first search returned */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int ran, rc;
	struct gv_alloc a;
	struct gv_solve_info info;
	struct gv_err e;
};

static void *
second(void *arg)
{
	struct race *r = arg;
	struct timespec ts;
	uint64_t at = r->b.t0_ms + r->b.limit_ms / RACE_DELAY_PART, now;
	int go;

	pthread_mutex_lock(&r->mu);
	for (;;) {
		now = gv_now_ms();
		if (r->stop || (now >= at && r->searching))
			break;
		now += RACE_POLL_MS;
		if (now < at)
			now = at;
		ts.tv_sec = (time_t)(now / 1000);
		ts.tv_nsec = (long)(now % 1000) * 1000000L;
		(void)pthread_cond_timedwait(&r->cv, &r->mu, &ts);
	}
	go = !r->stop && gv_budget_left_ms(&r->b) >= RACE_MIN_LEFT_MS;
	pthread_mutex_unlock(&r->mu);
	if (go) {
		r->ran = 1;
		r->rc = gv_solve_within(r->bs, &r->o, &r->b, &r->a, &r->info,
		    &r->e);
	}
	glp_free_env();	/* its GLPK environment (thread local) */
	return NULL;
}

int
gv_race_merge(struct gv_alloc *a, struct gv_alloc *h)
{
	struct gv_alloc t;
	int took = 0;

	if (a->status == GV_ST_OPTIMAL || a->nrollups != h->nrollups)
		return 0;
	if (mpz_cmp(h->bound, a->bound) < 0)
		mpz_set(a->bound, h->bound);
	if (gv_alloc_order(h, a) < 0) {
		t = *a;
		*a = *h;
		*h = t;
		/* a's bound, status, stop and timings stay the first's */
		mpz_swap(a->bound, h->bound);
		a->status = h->status;
		a->stop = h->stop;
		a->time_limit_ms = h->time_limit_ms;
		a->time_used_ms = h->time_used_ms;
		took = 1;
	}
	if (mpz_cmp(a->bound, a->value) < 0)
		mpz_set(a->bound, a->value);
	return took;
}

int
gv_solve_race(const struct gv_bidset *bs, const struct gv_solve_opts *o,
    const struct gv_budget *b, struct gv_alloc *a,
    struct gv_solve_info *info, struct gv_err *e)
{
	struct race r;
	struct gv_solve_opts mo;
	pthread_condattr_t ca;
	pthread_t tid;
	int rc, started, took;

	if (gv_threads(o->threads) < 2 || glp_config("TLS") == NULL ||
	    b->limit_ms < RACE_MIN_LIMIT_MS ||
	    gv_budget_left_ms(b) < RACE_MIN_LEFT_MS)
		return gv_solve_within(bs, o, b, a, info, e);
	memset(&r, 0, sizeof(r));
	r.bs = bs;
	r.o = *o;
	r.o.threads = 1;
	r.o.verbose = 0;
	r.o.monitor = NULL;
	r.o.odd_level = RACE_ODD_LEVEL;
	r.o.ils_part = RACE_ILS_PART;
	r.o.ils_min_gap = 0;
	r.o.clique_cuts = RACE_CLIQUE_CUTS;
	r.o.searching = NULL;
	r.b = *b;
	r.b.interrupt = &r.stop;
	gv_alloc_init(&r.a);
	pthread_mutex_init(&r.mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&r.cv, &ca);
	pthread_condattr_destroy(&ca);
	started = gv_thread_start(&tid, second, &r) == 0;
	mo = *o;
	mo.ils_part = 0;	/* the first proves; the second improves */
	mo.searching = &r.searching;
	rc = gv_solve_within(bs, &mo, b, a, info, e);
	pthread_mutex_lock(&r.mu);
	r.stop = 1;
	pthread_cond_signal(&r.cv);
	pthread_mutex_unlock(&r.mu);
	if (started)
		pthread_join(tid, NULL);
	if (rc == GV_OK && r.ran && a->status == GV_ST_OPTIMAL)
		gv_phase(o->verbose, "second search: stopped, the first "
		    "completed");
	else if (rc == GV_OK && r.ran && r.rc == GV_OK) {
		took = gv_race_merge(a, &r.a);
		gv_phase(o->verbose, "second search (odd-cycle cuts to depth "
		    "%d, no clique cuts, local search at the end): %s; the "
		    "lower bound of the two kept", RACE_ODD_LEVEL,
		    took ? "its allocation is better and taken" :
		    "the first's allocation stands");
	}
	gv_alloc_free(&r.a);
	pthread_cond_destroy(&r.cv);
	pthread_mutex_destroy(&r.mu);
	return rc;
}
