/* vprogress.c: gavel-verify's progress line for long checks (formats/progress.md, "gavel-verify") */
#include <sys/ioctl.h>

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vprogress.h"

#define TICK_MS 1000

struct gv_vprogress {
	const char *command, *unit;
	int json;
	const size_t *done, *total;
	uint64_t t0;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thr;
	int quit, shown;
};

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The whole line in one write(2). */
static void
put(const char *s)
{
	size_t n = strlen(s);
	ssize_t w;

	while (n > 0) {
		w = write(STDERR_FILENO, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void
render(struct gv_vprogress *p, const char *event, char *buf, size_t len)
{
	uint64_t ms = now_ms() - p->t0;
	size_t done = __atomic_load_n(p->done, __ATOMIC_RELAXED);
	size_t total = __atomic_load_n(p->total, __ATOMIC_RELAXED);
	struct winsize ws;
	size_t cols = 80;

	if (p->json) {
		snprintf(buf, len, "{\"tool\":\"gavel-verify\",\"command\":\"%s\","
		    "\"event\":\"%s\",\"elapsed_ms\":%" PRIu64 ",\"checked\":%zu,"
		    "\"of\":%zu,\"unit\":\"%s\"}\n", p->command, event, ms, done,
		    total, p->unit);
		return;
	}
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		cols = ws.ws_col;
	snprintf(buf, len, "\rgavel-verify %s %" PRIu64 ".%" PRIu64 "s: %zu of "
	    "%zu %s checked", p->command, ms / 1000, ms % 1000 / 100, done,
	    total, p->unit);
	if (cols < len - 4)
		buf[cols] = '\0';	/* never wrap: \r could not redraw it */
	strcat(buf, "\033[K");
}

static void *
display(void *arg)
{
	struct gv_vprogress *p = arg;
	struct timespec ts;
	char buf[512];
	int rc;

	pthread_mutex_lock(&p->mu);
	while (!p->quit) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += TICK_MS / 1000;
		rc = 0;
		while (!p->quit && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&p->cv, &p->mu, &ts);
		if (p->quit)
			break;
		render(p, "progress", buf, sizeof(buf));
		p->shown = 1;
		put(buf);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct gv_vprogress *
gv_vprogress_start(const char *command, const char *unit, int mode,
    const size_t *done, const size_t *total)
{
	struct gv_vprogress *p;
	pthread_condattr_t ca;
	sigset_t block, old;
	int rc;

	if (mode == GV_PROGRESS_NEVER ||
	    (mode == GV_PROGRESS_AUTO && !isatty(STDERR_FILENO)))
		return NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->command = command;
	p->unit = unit;
	p->json = mode == GV_PROGRESS_JSON;
	p->done = done;
	p->total = total;
	p->t0 = now_ms();
	pthread_mutex_init(&p->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->cv, &ca);
	pthread_condattr_destroy(&ca);
	/* Signals stay with the main thread (their default action). */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	rc = pthread_create(&p->thr, NULL, display, p);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->mu);
		free(p);
		return NULL;
	}
	return p;
}

void
gv_vprogress_stop(struct gv_vprogress *p, int ok)
{
	char buf[512];

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thr, NULL);
	if (p->json) {
		render(p, ok ? "done" : "failed", buf, sizeof(buf));
		put(buf);
	} else if (p->shown)
		put("\r\033[K");
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p);
}
