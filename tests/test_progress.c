/* test_progress.c: gavel-solve's progress line, JSON progress and trace (formats/progress.md) */
#define _GNU_SOURCE
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <gmp.h>
#include <jansson.h>

#include "util.h"

/*
 * An epoch whose search runs into a 2 s time limit (100 rollups, 8000
 * bids): long enough for two ticks of the once-a-second display.
 */
static const char *
long_epoch(void)
{
	const char *gen[] = { gvt_bin("gavel-gen"), "--rollups", "100",
		"--bids", "8000", "--max-bundle", "6", "--seed", "3", NULL };
	const char *bs = gvt_tmp("long.json");
	struct gvt_run r;

	if (access(bs, R_OK) == 0)
		return bs;
	cr_assert_eq(gvt_run(&r, gen), 0);
	cr_assert_eq(r.status, 0, "gavel-gen: %s", r.err);
	cr_assert_eq(gvt_write_file(bs, r.out, strlen(r.out)), 0);
	gvt_run_free(&r);
	return bs;
}

/*
 * Run argv with stderr (and stdin) on a new pseudo-terminal, stdout to
 * /dev/null; return all that reached the terminal and the exit status.
 */
static char *
run_on_pty(const char *const argv[], int *status)
{
	char *buf = NULL, chunk[4096];
	size_t len = 0;
	ssize_t n;
	pid_t pid;
	int master, slave, devnull;

	master = posix_openpt(O_RDWR | O_NOCTTY);
	cr_assert_geq(master, 0);
	cr_assert_eq(grantpt(master), 0);
	cr_assert_eq(unlockpt(master), 0);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setsid();
		slave = open(ptsname(master), O_RDWR);
		devnull = open("/dev/null", O_WRONLY);
		if (slave < 0 || devnull < 0)
			_exit(127);
		dup2(slave, 0);
		dup2(devnull, 1);
		dup2(slave, 2);
		close(master);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	for (;;) {
		n = read(master, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;	/* EIO once the child and its terminal are gone */
		buf = realloc(buf, len + (size_t)n + 1);
		cr_assert_not_null(buf);
		memcpy(buf + len, chunk, (size_t)n);
		len += (size_t)n;
	}
	close(master);
	cr_assert_eq(waitpid(pid, status, 0), pid);
	*status = WIFEXITED(*status) ? WEXITSTATUS(*status) : 128;
	if (buf == NULL)
		buf = calloc(1, 1);
	buf[len] = '\0';
	return buf;
}

Test(progress, absent_when_stderr_is_not_a_terminal)
{
	const char *argv[] = { gvt_bin("gavel-solve"), "--no-verify-sigs",
		"-t", "2", "-o", gvt_tmp("a.json"), long_epoch(), NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	/* the summary line, and nothing else */
	cr_assert_eq(strncmp(r.err, "gavel-solve: epoch 1: feasible, stopped "
	    "by the time limit", 53), 0, "%s", r.err);
	cr_assert_null(strchr(r.err, '\r'));
	cr_assert_null(strchr(r.err, '\033'));
	cr_assert_eq(strchr(r.err, '\n'), r.err + strlen(r.err) - 1);
	gvt_run_free(&r);
}

Test(progress, status_line_on_a_terminal, .timeout = 60)
{
	/* 3 s of search: ticks at 1, 2 and 3 s, at least two before the end */
	const char *argv[] = { gvt_bin("gavel-solve"), "--no-verify-sigs",
		"-t", "3", "-o", gvt_tmp("b.json"), long_epoch(), NULL };
	char *out, *erase, *p;
	int status, lines = 0;

	out = run_on_pty(argv, &status);
	cr_assert_eq(status, 0, "%s", out);
	/* redrawn about once a second */
	for (p = out; (p = strstr(p, "\rgavel-solve ")) != NULL; p++) {
		cr_assert_eq(strncmp(p, "\rgavel-solve ", 13), 0);
		lines++;
	}
	cr_assert_geq(lines, 2, "%s", out);
	cr_assert_not_null(strstr(out, " search incumbent "), "%s", out);
	cr_assert_not_null(strstr(out, " bound "), "%s", out);
	cr_assert_not_null(strstr(out, " gap "), "%s", out);
	cr_assert_not_null(strstr(out, " nodes "), "%s", out);
	/* erased, then the summary alone on its line (the terminal adds \r) */
	erase = strstr(out, "\r\033[Kgavel-solve: epoch 1: ");
	cr_assert_not_null(erase, "%s", out);
	cr_assert_null(strstr(erase + 1, "\rgavel-solve "), "%s", out);
	free(out);
}

Test(progress, never_on_a_terminal, .timeout = 60)
{
	const char *argv[] = { gvt_bin("gavel-solve"), "--no-verify-sigs",
		"--progress=never", "-t", "2", "-o", gvt_tmp("c.json"),
		long_epoch(), NULL };
	char *out;
	int status;

	out = run_on_pty(argv, &status);
	cr_assert_eq(status, 0, "%s", out);
	cr_assert_eq(strncmp(out, "gavel-solve: epoch 1: ", 22), 0, "%s", out);
	cr_assert_null(strchr(out, '\033'), "%s", out);
	free(out);
}

Test(progress, json_lines_parse)
{
	const char *argv[] = { gvt_bin("gavel-solve"), "--no-verify-sigs",
		"--progress=json", "-t", "2", "-o", gvt_tmp("d.json"),
		long_epoch(), NULL };
	static const char *const keys[] = { "tool", "event", "elapsed_ms",
		"phase", "incumbent", "bound", "gap", "nodes", "open", NULL };
	struct gvt_run r;
	json_t *j;
	json_error_t err;
	char *line, *save = NULL;
	long long last_ms = -1;
	int progress = 0, done = 0, summary = 0, i;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	for (line = strtok_r(r.err, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "gavel-solve: epoch 1: ", 22) == 0) {
			cr_assert_eq(done, 1, "summary before the last JSON line");
			summary++;
			continue;
		}
		cr_assert_eq(done, 0, "a line after \"done\": %s", line);
		j = json_loads(line, 0, &err);
		cr_assert_not_null(j, "not JSON: %s", line);
		cr_assert_str_eq(json_string_value(json_object_get(j, "tool")),
		    "gavel-solve");
		cr_assert(json_integer_value(json_object_get(j,
		    "elapsed_ms")) >= last_ms);
		last_ms = json_integer_value(json_object_get(j, "elapsed_ms"));
		if (strcmp(json_string_value(json_object_get(j, "event")),
		    "done") == 0) {
			done = 1;
			cr_assert_str_eq(json_string_value(json_object_get(j,
			    "status")), "feasible");
			cr_assert_str_eq(json_string_value(json_object_get(j,
			    "stop")), "time-limit");
		} else {
			cr_assert_str_eq(json_string_value(json_object_get(j,
			    "event")), "progress");
		}
		if (json_object_get(j, "incumbent") != NULL) {
			for (i = 0; keys[i] != NULL; i++)
				cr_assert_not_null(json_object_get(j, keys[i]),
				    "%s lacks %s", line, keys[i]);
			progress += !done;
		}
		json_decref(j);
	}
	cr_assert_eq(done, 1);
	cr_assert_eq(summary, 1);
	cr_assert_geq(progress, 1, "no progress line with amounts");
	gvt_run_free(&r);
}

Test(progress, unknown_mode)
{
	const char *argv[] = { gvt_bin("gavel-solve"), "--progress=sometimes",
		gvt_path("corpus/valid/small-epoch.json"), NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-solve: --progress: expected auto, "
	    "always, never or json\n");
	gvt_run_free(&r);
}

/*
 * Check a trace file: the header, rows "ms,nodes,incumbent,bound,event",
 * time never going back, the incumbent never falling, the bound never
 * rising, incumbent <= bound, "start" first and "end" last with the
 * allocation's value. Returns the number of rows.
 */
static int
check_trace(const char *file, const char *value)
{
	char *text = gvt_read_file(file, NULL), *line, *save = NULL;
	unsigned long long ms, nodes, last_ms = 0;
	char inc[100], bd[100], ev[16];
	mpz_t i, b, li, lb;
	int rows = 0;

	cr_assert_not_null(text, "%s: no trace", file);
	mpz_inits(i, b, li, lb, NULL);
	line = strtok_r(text, "\n", &save);
	cr_assert_str_eq(line, "elapsed_ms,nodes,incumbent,bound,event");
	while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
		cr_assert_eq(sscanf(line, "%llu,%llu,%99[0-9],%99[0-9],%15s",
		    &ms, &nodes, inc, bd, ev), 5, "%s: bad row %s", file,
		    line);
		cr_assert_eq(mpz_set_str(i, inc, 10), 0);
		cr_assert_eq(mpz_set_str(b, bd, 10), 0);
		cr_assert_leq(mpz_cmp(i, b), 0, "%s: incumbent above bound: %s",
		    file, line);
		if (rows == 0)
			cr_assert_str_eq(ev, "start");
		else {
			cr_assert_geq(ms, last_ms, "%s: time went back", file);
			cr_assert_geq(mpz_cmp(i, li), 0,
			    "%s: the incumbent fell: %s", file, line);
			cr_assert_leq(mpz_cmp(b, lb), 0,
			    "%s: the bound rose: %s", file, line);
		}
		last_ms = ms;
		mpz_set(li, i);
		mpz_set(lb, b);
		rows++;
	}
	cr_assert_geq(rows, 2, "%s", file);
	cr_assert_str_eq(ev, "end");
	cr_assert_str_eq(inc, value, "%s: last incumbent is not the value",
	    file);
	mpz_clears(i, b, li, lb, NULL);
	free(text);
	return rows;
}

/* The "value" of an allocation document. */
static char *
alloc_value(const char *file)
{
	json_t *j = json_load_file(file, 0, NULL);
	char *v;

	cr_assert_not_null(j, "%s", file);
	v = strdup(json_string_value(json_object_get(j, "value")));
	json_decref(j);
	return v;
}

Test(trace, monotone_on_corpus_epochs_and_output_unchanged)
{
	glob_t g;
	size_t k;
	int n = 0;

	cr_assert_eq(glob(gvt_path("corpus/valid/*.allocation.json"), 0, NULL,
	    &g), 0);
	for (k = 0; k < g.gl_pathc; k++) {
		char bs[4096], *want, *got, *v;
		const char *out = gvt_tmp("t.alloc.json");
		const char *tr = gvt_tmp("t.csv");
		struct gvt_run r;

		snprintf(bs, sizeof(bs), "%.*s.json",
		    (int)(strlen(g.gl_pathv[k]) - strlen(".allocation.json")),
		    g.gl_pathv[k]);
		{
			const char *argv[] = { gvt_bin("gavel-solve"), "-q",
				"--progress=json", "--trace", tr, "-o", out, bs,
				NULL };

			cr_assert_eq(gvt_run(&r, argv), 0);
			cr_assert_eq(r.status, 0, "%s: %s", bs, r.err);
			gvt_run_free(&r);
		}
		/* progress and trace change nothing in the allocation */
		want = gvt_read_file(g.gl_pathv[k], NULL);
		got = gvt_read_file(out, NULL);
		cr_assert_not_null(want);
		cr_assert_not_null(got);
		cr_assert_str_eq(got, want, "%s: allocation differs", bs);
		v = alloc_value(out);
		check_trace(tr, v);
		free(v);
		free(want);
		free(got);
		n++;
	}
	globfree(&g);
	cr_assert_geq(n, 5);
}

Test(trace, monotone_on_a_cut_short_search)
{
	const char *out = gvt_tmp("cut.json"), *tr = gvt_tmp("cut.csv");
	const char *argv[] = { gvt_bin("gavel-solve"), "-q", "--no-verify-sigs",
		"-t", "2", "--trace", tr, "-o", out, long_epoch(), NULL };
	struct gvt_run r;
	char *v;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	v = alloc_value(out);
	/* start, the root LP's bound at least, end */
	cr_assert_geq(check_trace(tr, v), 3);
	free(v);
}

Test(trace, unwritable_file_writes_nothing)
{
	const char *out = gvt_tmp("never.json");
	const char *argv[] = { gvt_bin("gavel-solve"), "-q", "--trace",
		"/nonexistent-dir/t.csv", "-o", out,
		gvt_path("corpus/valid/small-epoch.json"), NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert_eq(strncmp(r.err, "gavel-solve: /nonexistent-dir/t.csv: ",
	    37), 0, "%s", r.err);
	cr_assert_neq(access(out, F_OK), 0, "allocation written anyway");
	gvt_run_free(&r);
}

/*
 * gavel-verify certificate: 30,000 signers, checked on one thread, take
 * more than a second (about 50 us a signature), so the display ticks.
 */
static void
big_certificate(const char **table, const char **cert)
{
	static char t[4096], c[4096];
	const char *dir = gvt_tmp("cert30k");
	const char *gen[] = { gvt_bin("gavel-certgen"), "bench", "30000", dir,
		NULL };
	struct gvt_run r;

	snprintf(t, sizeof(t), "%s/table.json", dir);
	snprintf(c, sizeof(c), "%s/cert.json", dir);
	cr_assert_eq(gvt_run(&r, gen), 0);
	cr_assert_eq(r.status, 0, "gavel-certgen: %s", r.err);
	gvt_run_free(&r);
	*table = t;
	*cert = c;
}

Test(progress, certificate_on_a_terminal_as_json_and_not_on_a_pipe,
    .timeout = 180)
{
	const char *table, *cert;
	char *out;
	int status, checked = 0, lines = 0, done = 0;
	struct gvt_run r;

	big_certificate(&table, &cert);
	{
		const char *argv[] = { gvt_bin("gavel-verify"), "certificate",
			"--threads", "1", table, cert, NULL };

		out = run_on_pty(argv, &status);
		cr_assert_eq(status, 0, "%s", out);
		cr_assert_not_null(strstr(out, "\rgavel-verify certificate "),
		    "%s", out);
		cr_assert_not_null(strstr(out, " of 30000 signatures checked"
		    "\033[K"), "%s", out);
		/* erased at the end (the verdict went to stdout) */
		cr_assert_eq(strcmp(out + strlen(out) - 4, "\r\033[K"), 0,
		    "%s", out);
		free(out);

		cr_assert_eq(gvt_run(&r, argv), 0);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert_str_eq(r.err, "");
		cr_assert_eq(strncmp(r.out, "valid: certificate of ", 22), 0);
		gvt_run_free(&r);
	}
	{
		const char *argv[] = { gvt_bin("gavel-verify"), "certificate",
			"--threads", "1", "--progress=json", table, cert, NULL };
		char *line, *save = NULL;
		json_t *j;

		cr_assert_eq(gvt_run(&r, argv), 0);
		cr_assert_eq(r.status, 0, "%s", r.err);
		for (line = strtok_r(r.err, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save), lines++) {
			j = json_loads(line, 0, NULL);
			cr_assert_not_null(j, "not JSON: %s", line);
			cr_assert_str_eq(json_string_value(json_object_get(j,
			    "tool")), "gavel-verify");
			cr_assert_str_eq(json_string_value(json_object_get(j,
			    "command")), "certificate");
			cr_assert(json_integer_value(json_object_get(j,
			    "checked")) >= checked, "%s", line);
			checked = (int)json_integer_value(json_object_get(j,
			    "checked"));
			cr_assert_eq(json_integer_value(json_object_get(j, "of")),
			    30000, "%s", line);
			cr_assert_eq(done, 0, "a line after done: %s", line);
			done = strcmp(json_string_value(json_object_get(j,
			    "event")), "done") == 0;
			json_decref(j);
		}
		cr_assert_eq(done, 1);
		cr_assert_geq(lines, 2, "no progress line before done");
		cr_assert_eq(checked, 30000);
		gvt_run_free(&r);
	}
}

Test(progress, certificate_unknown_mode)
{
	const char *argv[] = { gvt_bin("gavel-verify"), "certificate",
		"--progress=loud", gvt_path("corpus/valid/cert-block.table.json"),
		gvt_path("corpus/valid/cert-block.cert.json"), NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: --progress: expected auto, "
	    "always, never or json\n");
	gvt_run_free(&r);
}
