/* budget.c: the whole run's time limit and signals (formats/allocation.md, "gavel-solve") */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "atomic.h"
#include "budget.h"

uint64_t
gv_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void
gv_budget_start(struct gv_budget *b, uint64_t limit_ms,
    volatile sig_atomic_t *interrupt)
{
	b->t0_ms = gv_now_ms();
	b->limit_ms = limit_ms;
	b->interrupt = interrupt;
}

uint64_t
gv_budget_used_ms(const struct gv_budget *b)
{
	return gv_now_ms() - b->t0_ms;
}

uint64_t
gv_budget_left_ms(const struct gv_budget *b)
{
	uint64_t used = gv_budget_used_ms(b);

	return used >= b->limit_ms ? 0 : b->limit_ms - used;
}

int
gv_budget_stop(const struct gv_budget *b)
{
	if (b == NULL)
		return GV_STOP_COMPLETE;
	if (b->interrupt != NULL && *b->interrupt)
		return GV_STOP_SIGNAL;
	if (gv_budget_left_ms(b) == 0)
		return GV_STOP_TIME_LIMIT;
	return GV_STOP_COMPLETE;
}

void
gv_phase(int verbose, const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	fputs("gavel-solve: phase: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
}

static volatile sig_atomic_t *sig_flag;
static volatile sig_atomic_t nothing_to_write;

/* write(2) only: async-signal-safe. */
static void
say(const char *s)
{
	ssize_t n = write(STDERR_FILENO, s, strlen(s));

	(void)n;
}

static void
on_signal(int sig)
{
	if (nothing_to_write) {
		say(sig == SIGINT ? "gavel-solve: stopped by signal 2 (SIGINT)"
		    : "gavel-solve: stopped by signal 15 (SIGTERM)");
		say(" before the bid set was read: nothing written\n");
		_exit(128 + sig);
	}
	if (*sig_flag) {
		gv_write_atomic_abort();
		_exit(128 + sig);
	}
	*sig_flag = 1;
}

void
gv_signals_nothing_to_write(int on)
{
	nothing_to_write = on;
}

void
gv_signals_install(volatile sig_atomic_t *flag)
{
	struct sigaction sa;
	sigset_t set;

	sig_flag = flag;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	/* Each handler masks the other: the flag is set once, in order. */
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* A mask inherited from the parent must not hold them back. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

int
gv_thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	sigset_t block, old;
	int rc;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	rc = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
