/* test_signals.c: gavel-solve under SIGINT, SIGTERM and SIGKILL (formats/allocation.md, formats/README.md "Output files") */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <gmp.h>
#include <jansson.h>

#include "alloc.h"
#include "atomic.h"
#include "util.h"

/*
 * A hard epoch: 200 rollups, 20000 bids, bundles up to 6. Its search runs
 * to a 60 s time limit (feasible, gap about 4%), so a signal always finds
 * it searching. Returns the path of the bid set.
 */
static const char *
hard_epoch(void)
{
	const char *gen[] = { gvt_bin("gavel-gen"), "--rollups", "200",
		"--bids", "20000", "--max-bundle", "6", "--seed", "1", NULL };
	const char *bs = gvt_tmp("hard.json");
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, gen), 0);
	cr_assert_eq(r.status, 0, "gavel-gen: %s", r.err);
	cr_assert_eq(gvt_write_file(bs, r.out, strlen(r.out)), 0);
	gvt_run_free(&r);
	return bs;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* Start argv with stdout to /dev/null and stderr to errfile. */
static pid_t
spawn(const char *const argv[], const char *errfile)
{
	pid_t pid = gvt_spawn(argv, NULL, errfile);

	cr_assert_neq(pid, -1);
	return pid;
}

/* Wait until the search runs: with -v gavel-solve announces it on stderr. */
static void
wait_searching(pid_t pid, const char *errfile)
{
	uint64_t t0 = now_ms();
	char *log;
	int status, found;

	for (;;) {
		cr_assert_eq(waitpid(pid, &status, WNOHANG), 0,
		    "gavel-solve ended before its search started");
		log = gvt_read_file(errfile, NULL);
		found = log != NULL &&
		    strstr(log, "phase: branch and bound") != NULL;
		free(log);
		if (found)
			break;
		if (now_ms() - t0 > 120000) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			cr_assert_fail("the search did not start within 120 s");
		}
		sleep_ms(20);
	}
	sleep_ms(1000);
}

/* Exit status (128+N when killed by N); kills and fails after limit_ms. */
static int
wait_exit(pid_t pid, uint64_t limit_ms, uint64_t *took)
{
	uint64_t t0 = now_ms();
	pid_t w;
	int status;

	while ((w = waitpid(pid, &status, WNOHANG)) == 0) {
		if (now_ms() - t0 > limit_ms) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			cr_assert_fail("gavel-solve still running after %llu ms",
			    (unsigned long long)limit_ms);
		}
		sleep_ms(5);
	}
	cr_assert_eq(w, pid);
	if (took != NULL)
		*took = now_ms() - t0;
	return WIFEXITED(status) ? WEXITSTATUS(status) :
	    128 + WTERMSIG(status);
}

/*
 * Wait until pid has taken signal sig (no longer pending, per
 * /proc/PID/status): a second signal of the same number sent earlier
 * would merge with the first.
 */
static void
wait_delivered(pid_t pid, int sig)
{
	unsigned long long bit = 1ULL << (sig - 1), mask;
	uint64_t t0 = now_ms();
	char path[64], line[256];
	int pending;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	for (;;) {
		cr_assert_not_null(f = fopen(path, "r"));
		pending = 0;
		while (fgets(line, sizeof(line), f) != NULL)
			if ((strncmp(line, "SigPnd:", 7) == 0 ||
			    strncmp(line, "ShdPnd:", 7) == 0) &&
			    sscanf(line + 7, "%llx", &mask) == 1 &&
			    (mask & bit) != 0)
				pending = 1;
		fclose(f);
		if (!pending)
			return;
		cr_assert_lt(now_ms() - t0, 10000,
		    "signal %d still pending after 10 s", sig);
		sleep_ms(1);
	}
}

/* No "NAME.tmp.*" left in the test directory. */
static void
assert_no_temp(const char *name)
{
	char prefix[256];
	struct dirent *de;
	DIR *d;

	snprintf(prefix, sizeof(prefix), "%s.tmp.", name);
	cr_assert_not_null(d = opendir(gvt_tmpdir()));
	while ((de = readdir(d)) != NULL)
		cr_expect(strncmp(de->d_name, prefix, strlen(prefix)) != 0,
		    "temporary file %s left behind", de->d_name);
	closedir(d);
}

static const char old_text[] = "the old output\n";

static void
assert_old(const char *out)
{
	char *t = gvt_read_file(out, NULL);

	cr_assert_not_null(t, "the old output was removed");
	cr_assert_str_eq(t, old_text, "the old output was replaced");
	free(t);
}

Test(signals, sigint_writes_the_best_allocation_marked_signal,
    .timeout = 400)
{
	const char *bs = hard_epoch();
	const char *out = gvt_tmp("alloc.json"), *err = gvt_tmp("solve.err");
	const char *solve[] = { gvt_bin("gavel-solve"), "-v", "-t", "60",
		"-o", out, bs, NULL };
	const json_t *search;
	json_error_t je;
	json_t *doc;
	struct gvt_run r;
	uint64_t took;
	char gap[16], *log;
	mpz_t value, bound;
	pid_t pid;

	pid = spawn(solve, err);
	wait_searching(pid, err);
	cr_assert_eq(kill(pid, SIGINT), 0);
	cr_assert_eq(wait_exit(pid, 60000, &took), 0, "exit status");
	cr_expect_lt(took, 30000, "took %llu ms to stop",
	    (unsigned long long)took);
	log = gvt_read_file(err, NULL);
	cr_assert_not_null(log);
	cr_expect_not_null(strstr(log, "stopped by a signal"), "%s", log);
	free(log);

	doc = json_load_file(out, JSON_REJECT_DUPLICATES, &je);
	cr_assert_not_null(doc, "%s: %s", out, je.text);
	search = json_object_get(doc, "search");
	cr_assert_str_eq(json_string_value(json_object_get(search, "stop")),
	    "signal");
	cr_assert_str_eq(json_string_value(json_object_get(search, "status")),
	    "feasible");
	cr_assert_eq(json_integer_value(json_object_get(search,
	    "time_limit_ms")), 60000);
	cr_assert(json_is_integer(json_object_get(search, "time_used_ms")));
	mpz_inits(value, bound, NULL);
	cr_assert_eq(mpz_set_str(value, json_string_value(json_object_get(doc,
	    "value")), 10), 0);
	cr_assert_eq(mpz_set_str(bound, json_string_value(json_object_get(
	    search, "bound")), 10), 0);
	cr_assert_geq(mpz_cmp(bound, value), 0, "bound below value");
	gv_gap_str(gap, value, bound);
	cr_assert_str_eq(json_string_value(json_object_get(search, "gap")),
	    gap);
	mpz_clears(value, bound, NULL);
	json_decref(doc);
	assert_no_temp("alloc.json");
	{
		const char *ver[] = { gvt_bin("gavel-verify"), "allocation", bs,
			out, NULL };

		cr_assert_eq(gvt_run(&r, ver), 0);
		cr_assert_eq(r.status, 0, "gavel-verify: %s", r.err);
		gvt_run_free(&r);
	}
	unlink(bs);
}

/* A second signal exits at once with 128+sig; FILE stays as it was. */
static void
two_signals(int first, int second)
{
	const char *bs = hard_epoch();
	const char *out = gvt_tmp("alloc.json"), *err = gvt_tmp("solve.err");
	const char *solve[] = { gvt_bin("gavel-solve"), "-v", "-t", "60",
		"-o", out, bs, NULL };
	uint64_t took;
	pid_t pid;
	int st;

	cr_assert_eq(gvt_write_file(out, old_text, strlen(old_text)), 0);
	pid = spawn(solve, err);
	wait_searching(pid, err);
	cr_assert_eq(kill(pid, first), 0);
	wait_delivered(pid, first);
	cr_assert_eq(kill(pid, second), 0);
	st = wait_exit(pid, 30000, &took);
	cr_assert_eq(st, 128 + second, "exit status %d", st);
	cr_expect_lt(took, 5000, "took %llu ms to exit",
	    (unsigned long long)took);
	assert_old(out);
	assert_no_temp("alloc.json");
	unlink(bs);
}

Test(signals, sigint_then_sigterm_exits_143_leaving_the_old_output,
    .timeout = 400)
{
	two_signals(SIGINT, SIGTERM);
}

Test(signals, two_sigints_exit_130_leaving_the_old_output, .timeout = 400)
{
	two_signals(SIGINT, SIGINT);
}

Test(signals, sigkill_mid_search_leaves_the_old_output_or_none,
    .timeout = 400)
{
	const char *bs = hard_epoch();
	const char *out = gvt_tmp("alloc.json"), *err = gvt_tmp("solve.err");
	const char *fresh = gvt_tmp("fresh.json");
	const char *solve[] = { gvt_bin("gavel-solve"), "-v", "-t", "60",
		"-o", out, bs, NULL };
	const char *solve2[] = { gvt_bin("gavel-solve"), "-v", "-t", "60",
		"-o", fresh, bs, NULL };
	struct stat st;
	pid_t pid;

	cr_assert_eq(gvt_write_file(out, old_text, strlen(old_text)), 0);
	pid = spawn(solve, err);
	wait_searching(pid, err);
	cr_assert_eq(kill(pid, SIGKILL), 0);
	cr_assert_eq(wait_exit(pid, 10000, NULL), 128 + SIGKILL);
	assert_old(out);
	assert_no_temp("alloc.json");

	pid = spawn(solve2, err);
	wait_searching(pid, err);
	cr_assert_eq(kill(pid, SIGKILL), 0);
	cr_assert_eq(wait_exit(pid, 10000, NULL), 128 + SIGKILL);
	cr_assert_neq(stat(fresh, &st), 0, "a partial output was left");
	assert_no_temp("fresh.json");
	unlink(bs);
}

/*
 * SIGKILL at many moments around the end of short solves, the write
 * included: the output is always the old bytes or the whole new document.
 */
Test(signals, sigkill_at_any_moment_never_leaves_a_partial_output,
    .timeout = 400)
{
	const char *gen[] = { gvt_bin("gavel-gen"), "--rollups", "30",
		"--bids", "300", "--seed", "5", NULL };
	const char *bs = gvt_tmp("small.json"), *out = gvt_tmp("out.json");
	const char *ref = gvt_tmp("ref.json"), *err = gvt_tmp("solve.err");
	const char *solve[] = { gvt_bin("gavel-solve"), "-q", "-o", out, bs,
		NULL };
	const char *solve_ref[] = { gvt_bin("gavel-solve"), "-q", "-o", ref,
		bs, NULL };
	struct gvt_run r;
	uint64_t t0, full;
	char *want, *got;
	unsigned i, delay;
	int status;
	pid_t pid;

	cr_assert_eq(gvt_run(&r, gen), 0);
	cr_assert_eq(r.status, 0, "gavel-gen: %s", r.err);
	cr_assert_eq(gvt_write_file(bs, r.out, strlen(r.out)), 0);
	gvt_run_free(&r);
	t0 = now_ms();
	cr_assert_eq(gvt_run(&r, solve_ref), 0);
	cr_assert_eq(r.status, 0, "gavel-solve: %s", r.err);
	gvt_run_free(&r);
	full = now_ms() - t0 + 1;
	cr_assert_not_null(want = gvt_read_file(ref, NULL));
	for (i = 0; i < 24; i++) {
		cr_assert_eq(gvt_write_file(out, old_text, strlen(old_text)),
		    0);
		delay = (unsigned)(full * (i + 4) / 24);
		pid = spawn(solve, err);
		sleep_ms(delay);
		kill(pid, SIGKILL);
		cr_assert_eq(waitpid(pid, &status, 0), pid);
		cr_assert_not_null(got = gvt_read_file(out, NULL));
		cr_assert(strcmp(got, old_text) == 0 || strcmp(got, want) == 0,
		    "after %u ms: a partial or other output", delay);
		free(got);
		/* A temporary file may remain after SIGKILL; never the output. */
	}
	free(want);
}

static void
abort_write(int sig)
{
	gv_write_atomic_abort();
	_exit(128 + sig);
}

/*
 * What gavel-solve's second signal does to a write under way (handler:
 * gv_write_atomic_abort, then _exit), at many moments of a 32 MiB write:
 * the output is the old bytes or all the new ones, and no temporary file
 * is left, whenever the signal lands.
 */
Test(signals, a_signal_during_the_write_leaves_old_output_and_no_temp,
    .timeout = 400)
{
	const size_t size = 32u << 20;
	const char *out = gvt_tmp("big.out");
	struct stat st;
	unsigned i;
	char *buf, *got, ready;
	int fds[2], status;
	size_t len;
	pid_t pid;

	cr_assert_not_null(buf = malloc(size));
	memset(buf, 'x', size);
	for (i = 0; i < 16; i++) {
		cr_assert_eq(gvt_write_file(out, old_text, strlen(old_text)),
		    0);
		cr_assert_eq(pipe(fds), 0);
		if ((pid = fork()) == 0) {
			struct gv_err e = { 0, "" };

			signal(SIGTERM, abort_write);
			close(fds[0]);
			if (write(fds[1], "r", 1) != 1)
				_exit(99);
			_exit(gv_write_atomic(out, buf, size, &e));
		}
		cr_assert_neq(pid, -1);
		close(fds[1]);
		cr_assert_eq(read(fds[0], &ready, 1), 1);
		close(fds[0]);
		sleep_ms(i * 7);
		kill(pid, SIGTERM);
		cr_assert_eq(waitpid(pid, &status, 0), pid);
		cr_assert(WIFEXITED(status) && (WEXITSTATUS(status) == 0 ||
		    WEXITSTATUS(status) == 128 + SIGTERM), "status %d", status);
		cr_assert_eq(stat(out, &st), 0);
		if ((size_t)st.st_size != size)
			assert_old(out);
		else {
			cr_assert_not_null(got = gvt_read_file(out, &len));
			cr_assert(len == size && memcmp(got, buf, size) == 0,
			    "a partial new output");
			free(got);
		}
		assert_no_temp("big.out");
	}
	unlink(out);
	free(buf);
}
