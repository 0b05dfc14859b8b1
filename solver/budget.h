/* budget.h: the whole run's time limit and signals (formats/allocation.md, "gavel-solve") */
#ifndef GV_BUDGET_H
#define GV_BUDGET_H

#include <pthread.h>
#include <signal.h>
#include <stdint.h>

/*
 * The time limit covers the whole run of gavel-solve (reading, signature
 * checks, model, search, output), so it is measured from the start of
 * main(). Every phase polls gv_budget_stop() at least every ~100 ms of
 * work; GLPK calls get the time left as their own limit, in slices.
 */
struct gv_budget {
	uint64_t t0_ms;		/* CLOCK_MONOTONIC, ms, at the start of the run */
	uint64_t limit_ms;	/* the -t limit */
	volatile sig_atomic_t *interrupt;	/* set by the first signal */
};

/* Milliseconds of CLOCK_MONOTONIC. */
uint64_t gv_now_ms(void);

/* Start the clock now; interrupt may be NULL (no signal handling). */
void gv_budget_start(struct gv_budget *b, uint64_t limit_ms,
    volatile sig_atomic_t *interrupt);

/*
 * Whether to stop now: GV_STOP_SIGNAL (enum gv_stop in alloc.h) when a
 * signal came, else GV_STOP_TIME_LIMIT when the limit has passed, else
 * GV_STOP_COMPLETE (0: go on). b may be NULL (never stop).
 */
int gv_budget_stop(const struct gv_budget *b);

/* Milliseconds since the start; milliseconds left (0 when none). */
uint64_t gv_budget_used_ms(const struct gv_budget *b);
uint64_t gv_budget_left_ms(const struct gv_budget *b);

/*
 * With -v, announce a phase on stderr ("gavel-solve: phase: WHAT"), so
 * that a log (and the signal tests) can tell where time goes.
 */
void gv_phase(int verbose, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Install the SIGINT/SIGTERM handlers of gavel-solve (and unblock both).
 * While "nothing to write" is on (gv_signals_nothing_to_write(1): the bid
 * set is still being read, so no allocation can exist yet), the first
 * signal prints "gavel-solve: stopped by signal N before the bid set was
 * read: nothing written" and exits at once with 128+N. Otherwise the first
 * signal sets *flag, which the budget polls, and a second one removes the
 * temporary output file (gv_write_atomic_abort) and exits with 128+N.
 */
void gv_signals_install(volatile sig_atomic_t *flag);
void gv_signals_nothing_to_write(int on);

/*
 * pthread_create, the new thread holding SIGINT and SIGTERM back: they
 * must reach the thread that runs the search (its handler and atomic
 * writes, which hold them back briefly, rely on it). 0, or an errno value.
 */
int gv_thread_start(pthread_t *t, void *(*fn)(void *), void *arg);

#endif
