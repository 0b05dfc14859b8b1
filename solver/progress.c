/* progress.c: gavel-solve's progress line, JSON progress lines and trace (formats/progress.md) */
#include <sys/ioctl.h>

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "amount.h"
#include "atomic.h"
#include "budget.h"
#include "progress.h"

/* The display is refreshed about once a second. */
#define TICK_MS 1000
/* An exact bound costs O(rollups + bids): computed at most this often. */
#define BOUND_EVERY_MS 20

enum { SHOW_NONE, SHOW_LINE, SHOW_JSON };

/* One trace row; amounts as exact decimal strings. */
struct row {
	uint64_t ms, nodes;
	char *inc, *bound;
	const char *event;
};

struct gv_monitor {
	const char *tool;
	int show, trace;
	uint64_t t0;

	/* Shared with the display thread: under mu. */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thr;
	int running, quit;
	const char *phase;
	int have_model;
	mpz_t inc, bound;	/* best exact incumbent and bound so far */
	uint64_t nodes, open;

	/* The solver's thread only. */
	const struct gv_bidset *bs;
	const struct gv_reduced *red;
	mpz_t g, base, tmp;
	unsigned shift;
	int exact;
	gv_bound_fn *bound_fn;
	double last_beta;
	uint64_t last_bound_ms;
	int line_shown, stopped;
	struct row *rows;
	size_t nrows, cap;
	int oom;
};

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* One write(2) per line, so that lines from two threads never mix. */
static void
put(const char *s, size_t n)
{
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

/* A decimal amount for the status line: 12 digits at most, else D.DDDDDe+N (truncated). */
static void
short_amount(char out[32], const char *dec)
{
	size_t n = strlen(dec);

	if (n <= 12) {
		snprintf(out, 32, "%s", dec);
		return;
	}
	snprintf(out, 32, "%c.%.5se+%zu", dec[0], dec + 1, n - 1);
}

/* "D.DDDDDDDDD" (gv_gap_str) as a percentage with 3 decimals, truncated. */
static void
gap_percent(char out[32], const char *gap)
{
	uintmax_t n = 0;
	const char *p;

	for (p = gap; *p != '\0'; p++)
		if (*p >= '0' && *p <= '9')
			n = n * 10 + (uintmax_t)(*p - '0');
	/* n is the gap in units of 10^-9 */
	snprintf(out, 32, "%ju.%03ju%%", n / 10000000, n / 10000 % 1000);
}

static int
term_cols(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

/* The status line or the JSON line for the current state; mu held. */
static char *
render(struct gv_monitor *m, const char *event, const struct gv_alloc *a)
{
	uint64_t ms = now_ms() - m->t0;
	char *inc = NULL, *bd = NULL, *s = NULL, gap[16], si[32], sb[32];
	char gp[32];
	json_t *o = NULL;

	if (m->have_model) {
		inc = gv_amount_str(m->inc);
		bd = gv_amount_str(m->bound);
		if (inc == NULL || bd == NULL)
			goto cleanup;
		gv_gap_str(gap, m->inc, m->bound);
	}
	if (m->show == SHOW_JSON) {
		o = json_pack("{s:s, s:s, s:I, s:s}", "tool", m->tool,
		    "event", event, "elapsed_ms", (json_int_t)ms,
		    "phase", m->phase);
		if (o == NULL)
			goto cleanup;
		if (m->have_model &&
		    (json_object_set_new(o, "incumbent", json_string(inc)) ||
		    json_object_set_new(o, "bound", json_string(bd)) ||
		    json_object_set_new(o, "gap", json_string(gap)) ||
		    json_object_set_new(o, "nodes",
		    json_integer((json_int_t)m->nodes)) ||
		    json_object_set_new(o, "open",
		    json_integer((json_int_t)m->open))))
			goto cleanup;
		if (a != NULL &&
		    (json_object_set_new(o, "status", json_string(
		    a->status == GV_ST_OPTIMAL ? "optimal" : "feasible")) ||
		    json_object_set_new(o, "stop", json_string(
		    a->stop == GV_STOP_COMPLETE ? "complete" :
		    a->stop == GV_STOP_TIME_LIMIT ? "time-limit" : "signal"))))
			goto cleanup;
		s = json_dumps(o, JSON_COMPACT);
		if (s != NULL) {
			char *t = realloc(s, strlen(s) + 2);

			if (t == NULL) {
				free(s);
				s = NULL;
				goto cleanup;
			}
			s = t;
			strcat(s, "\n");
		}
	} else {
		int cols = term_cols();
		size_t len = (size_t)cols + 16;

		if ((s = malloc(len)) == NULL)
			goto cleanup;
		if (m->have_model) {
			short_amount(si, inc);
			short_amount(sb, bd);
			gap_percent(gp, gap);
			snprintf(s + 1, len - 1, "%s %ju.%jus %s incumbent %s "
			    "bound %s gap %s nodes %ju (%ju open)", m->tool,
			    (uintmax_t)(ms / 1000),
			    (uintmax_t)(ms % 1000 / 100), m->phase, si, sb, gp,
			    (uintmax_t)m->nodes, (uintmax_t)m->open);
		} else
			snprintf(s + 1, len - 1, "%s %ju.%jus %s", m->tool,
			    (uintmax_t)(ms / 1000),
			    (uintmax_t)(ms % 1000 / 100), m->phase);
		/* One line that never wraps: a wrapped line cannot be redrawn. */
		s[0] = '\r';
		s[cols] = '\0';
		strcat(s, "\033[K");
	}
cleanup:
	json_decref(o);
	free(inc);
	free(bd);
	return s;
}

static void *
display(void *arg)
{
	struct gv_monitor *m = arg;
	struct timespec ts;
	char *s;
	int rc;

	pthread_mutex_lock(&m->mu);
	while (!m->quit) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += TICK_MS / 1000;
		rc = 0;
		while (!m->quit && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&m->cv, &m->mu, &ts);
		if (m->quit)
			break;
		s = render(m, "progress", NULL);
		if (m->show == SHOW_LINE)
			m->line_shown = 1;
		pthread_mutex_unlock(&m->mu);
		if (s != NULL)
			put(s, strlen(s));
		free(s);
		pthread_mutex_lock(&m->mu);
	}
	pthread_mutex_unlock(&m->mu);
	return NULL;
}

struct gv_monitor *
gv_monitor_new(const char *tool, int mode, int verbose, int trace)
{
	struct gv_monitor *m;
	pthread_condattr_t ca;
	int show = SHOW_NONE;

	if (mode == GV_PROGRESS_JSON)
		show = SHOW_JSON;
	else if (mode == GV_PROGRESS_ALWAYS ||
	    (mode == GV_PROGRESS_AUTO && !verbose && isatty(STDERR_FILENO)))
		show = SHOW_LINE;
	if (show == SHOW_NONE && !trace)
		return NULL;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	m->tool = tool;
	m->show = show;
	m->trace = trace;
	m->t0 = now_ms();
	m->phase = "start";
	m->last_beta = HUGE_VAL;
	mpz_inits(m->inc, m->bound, m->g, m->base, m->tmp, NULL);
	pthread_mutex_init(&m->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&m->cv, &ca);
	pthread_condattr_destroy(&ca);
	if (show != SHOW_NONE)
		m->running = gv_thread_start(&m->thr, display, m) == 0;
	return m;
}

void
gv_monitor_phase(struct gv_monitor *m, const char *phase)
{
	if (m == NULL)
		return;
	pthread_mutex_lock(&m->mu);
	m->phase = phase;
	pthread_mutex_unlock(&m->mu);
}

/* Append a trace row with the current state (solver thread). */
static void
record(struct gv_monitor *m, const char *event)
{
	struct row *r;

	if (!m->trace || m->oom)
		return;
	if (m->nrows == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		struct row *t = realloc(m->rows, cap * sizeof(*t));

		if (t == NULL) {
			m->oom = 1;
			return;
		}
		m->rows = t;
		m->cap = cap;
	}
	r = &m->rows[m->nrows];
	r->ms = now_ms() - m->t0;
	r->nodes = m->nodes;
	r->event = event;
	r->inc = gv_amount_str(m->inc);
	r->bound = gv_amount_str(m->bound);
	if (r->inc == NULL || r->bound == NULL) {
		free(r->inc);
		free(r->bound);
		m->oom = 1;
		return;
	}
	m->nrows++;
}

void
gv_monitor_model(struct gv_monitor *m, const struct gv_bidset *bs,
    const struct gv_reduced *red, const mpz_t g, unsigned shift, int exact,
    const mpz_t incumbent, gv_bound_fn *bound)
{
	size_t i;

	if (m == NULL)
		return;
	m->bs = bs;
	m->red = red;
	mpz_set(m->g, g);
	m->shift = shift;
	m->exact = exact;
	m->bound_fn = bound;
	mpz_set_ui(m->base, 0);
	for (i = 0; i < bs->nrollups; i++)
		mpz_add(m->base, m->base, bs->rollups[i].reserve);
	pthread_mutex_lock(&m->mu);
	m->phase = "search";
	m->have_model = 1;
	mpz_set(m->inc, incumbent);
	/* The trivial bound: every kept bid wins. */
	mpz_set(m->bound, m->base);
	for (i = 0; i < red->n; i++)
		mpz_add(m->bound, m->bound, red->net[i]);
	if (mpz_cmp(m->bound, m->inc) < 0)
		mpz_set(m->bound, m->inc);
	pthread_mutex_unlock(&m->mu);
	record(m, "start");
}

void
gv_monitor_tree(struct gv_monitor *m, glp_tree *tree, int band_search)
{
	glp_prob *P;
	uint64_t t;
	size_t i;
	double b;
	int a_cnt, t_cnt, p;

	if (m == NULL || m->red == NULL)
		return;
	glp_ios_tree_size(tree, &a_cnt, NULL, &t_cnt);
	pthread_mutex_lock(&m->mu);
	m->nodes = (uint64_t)t_cnt;
	m->open = (uint64_t)a_cnt;
	m->phase = band_search ? "band" : "search";
	pthread_mutex_unlock(&m->mu);
	if (glp_ios_reason(tree) == GLP_IBINGO) {
		/* GLPK's new integer solution, evaluated exactly. */
		P = glp_ios_get_prob(tree);
		mpz_set(m->tmp, m->base);
		for (i = 0; i < m->red->n; i++)
			if (glp_mip_col_val(P, (int)i + 1) > 0.5)
				mpz_add(m->tmp, m->tmp, m->red->net[i]);
		if (mpz_cmp(m->tmp, m->inc) > 0) {
			pthread_mutex_lock(&m->mu);
			mpz_set(m->inc, m->tmp);
			pthread_mutex_unlock(&m->mu);
			record(m, "incumbent");
		}
	}
	if (band_search || (p = glp_ios_best_node(tree)) == 0)
		return;
	b = glp_ios_node_bound(tree, p);
	t = now_ms();
	/* an unsolved node's bound is DBL_MAX: no information */
	if (!isfinite(b) || b >= 1e300 || b >= m->last_beta ||
	    t - m->last_bound_ms < BOUND_EVERY_MS)
		return;
	m->last_beta = b;
	m->last_bound_ms = t;
	m->bound_fn(m->bs, m->red, m->g, m->shift, m->exact, b, m->inc,
	    m->tmp);
	if (mpz_cmp(m->tmp, m->bound) < 0) {
		pthread_mutex_lock(&m->mu);
		mpz_set(m->bound, m->tmp);
		pthread_mutex_unlock(&m->mu);
		record(m, "bound");
	}
}

void
gv_monitor_stop(struct gv_monitor *m, const struct gv_alloc *a)
{
	char *s = NULL;

	if (m == NULL || m->stopped)
		return;
	m->stopped = 1;
	if (m->running) {
		pthread_mutex_lock(&m->mu);
		m->quit = 1;
		pthread_cond_signal(&m->cv);
		pthread_mutex_unlock(&m->mu);
		pthread_join(m->thr, NULL);
		m->running = 0;
	}
	pthread_mutex_lock(&m->mu);
	if (a != NULL) {
		/* The solve's own last word; the best of both stays proven. */
		if (!m->have_model || mpz_cmp(a->value, m->inc) > 0)
			mpz_set(m->inc, a->value);
		if (!m->have_model || mpz_cmp(a->bound, m->bound) < 0)
			mpz_set(m->bound, a->bound);
		m->have_model = 1;
		m->phase = "done";
	} else
		m->phase = "failed";
	if (m->show == SHOW_JSON)
		s = render(m, a != NULL ? "done" : "failed", a);
	pthread_mutex_unlock(&m->mu);
	if (m->line_shown)
		put("\r\033[K", 4);
	if (s != NULL)
		put(s, strlen(s));
	free(s);
	if (a != NULL)
		record(m, "end");
	m->bs = NULL;
	m->red = NULL;
}

int
gv_monitor_write_trace(struct gv_monitor *m, const char *path,
    struct gv_err *e)
{
	static const char header[] = "elapsed_ms,nodes,incumbent,bound,event\n";
	char *buf = NULL, *p;
	size_t i, len;
	int rc;

	if (m == NULL || m->oom || !m->trace)
		return gv_err_set(e, GV_INTERNAL, path, NULL,
		    "out of memory recording the trace");
	len = sizeof(header);
	for (i = 0; i < m->nrows; i++)
		len += 2 * 21 + strlen(m->rows[i].inc) +
		    strlen(m->rows[i].bound) + strlen(m->rows[i].event) + 5;
	if ((buf = malloc(len)) == NULL)
		return gv_err_set(e, GV_INTERNAL, path, NULL,
		    "out of memory writing the trace");
	p = buf + sprintf(buf, "%s", header);
	for (i = 0; i < m->nrows; i++)
		p += sprintf(p, "%ju,%ju,%s,%s,%s\n", (uintmax_t)m->rows[i].ms,
		    (uintmax_t)m->rows[i].nodes, m->rows[i].inc,
		    m->rows[i].bound, m->rows[i].event);
	rc = gv_write_atomic(path, buf, (size_t)(p - buf), e);
	free(buf);
	return rc;
}

void
gv_monitor_free(struct gv_monitor *m)
{
	size_t i;

	if (m == NULL)
		return;
	gv_monitor_stop(m, NULL);
	for (i = 0; i < m->nrows; i++) {
		free(m->rows[i].inc);
		free(m->rows[i].bound);
	}
	free(m->rows);
	mpz_clears(m->inc, m->bound, m->g, m->base, m->tmp, NULL);
	pthread_cond_destroy(&m->cv);
	pthread_mutex_destroy(&m->mu);
	free(m);
}
