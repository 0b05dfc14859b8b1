/* test_cron.c: gavel-cron, the operator's epoch job (formats/cron.md) */
#include <sys/file.h>
#include <sys/stat.h>
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

#include "util.h"

TestSuite(cron, .timeout = 180);

/* A fresh inbox and outbox under the test's private directory. */
struct boxes {
	char in[512], out[512];
};

static void
boxes(struct boxes *b, const char *tag)
{
	snprintf(b->in, sizeof(b->in), "%s/%s-in", gvt_tmpdir(), tag);
	snprintf(b->out, sizeof(b->out), "%s/%s-out", gvt_tmpdir(), tag);
	cr_assert_eq(mkdir(b->in, 0755), 0);
	cr_assert_eq(mkdir(b->out, 0755), 0);
}

static void
put(const char *dir, const char *name, const char *corpus_file)
{
	char dst[4096];
	size_t n;
	char *data = gvt_read_file(gvt_path(corpus_file), &n);

	cr_assert_not_null(data, "%s", corpus_file);
	snprintf(dst, sizeof(dst), "%s/%s", dir, name);
	cr_assert_eq(gvt_write_file(dst, data, n), 0);
	free(data);
}

static char *
read_in(const char *dir, const char *name)
{
	char p[8192];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return gvt_read_file(p, NULL);
}

static int
exists(const char *dir, const char *name)
{
	char p[8192];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return access(p, F_OK) == 0;
}

/* Files in dir other than "." and ".." (hidden ones included). */
static int
count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	cr_assert_not_null(d, "%s", dir);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
cron(struct gvt_run *r, const struct boxes *b, const char *limit)
{
	const char *argv[] = { gvt_bin("gavel-cron"), "-t", limit, "--solver",
		gvt_bin("gavel-solve"), "--verifier", gvt_bin("gavel-verify"),
		b->in, b->out, NULL };

	cr_assert_eq(gvt_run(r, argv), 0);
}

/* The part of a log line before its timing, which varies from run to run. */
static void
assert_prefix(const char *text, const char *want, const char *what)
{
	cr_assert(strncmp(text, want, strlen(want)) == 0,
	    "%s: got\n%s\nwanted a line starting\n%s", what, text, want);
}

Test(cron, solves_every_epoch_oldest_first_and_publishes_checked_bytes)
{
	struct boxes b;
	struct gvt_run r;
	char want[8192], *got, *exp, *second;

	boxes(&b, "order");
	/* Named against their order: the epoch decides, not the name. */
	put(b.in, "a-late.json", "corpus/valid/hand-epoch.json");	/* epoch 5 */
	put(b.in, "b-early.json", "corpus/valid/small-epoch.json");	/* epoch 3 */
	cron(&r, &b, "30");
	cr_assert_eq(r.status, 0, "stderr: %s", r.err);
	cr_assert_str_empty(r.err);
	snprintf(want, sizeof(want), "gavel-cron: b-early.json: published "
	    "%s/b-early.allocation.json: epoch 3: optimal: value 1000, "
	    "bound 1000, gap 0.000000000; 1 winners,", b.out);
	assert_prefix(r.out, want, "first line");
	cr_assert_not_null(second = strchr(r.out, '\n'));
	snprintf(want, sizeof(want), "gavel-cron: a-late.json: published "
	    "%s/a-late.allocation.json: epoch 5: optimal:", b.out);
	assert_prefix(second + 1, want, "second line");
	/* Exactly the bytes gavel-solve writes for the epoch. */
	got = read_in(b.out, "b-early.allocation.json");
	exp = gvt_read_file(gvt_path("corpus/valid/small-epoch.allocation.json"),
	    NULL);
	cr_assert_not_null(got);
	cr_assert_not_null(exp);
	cr_assert_str_eq(got, exp);
	free(got);
	free(exp);
	got = read_in(b.out, "a-late.allocation.json");
	exp = gvt_read_file(gvt_path("corpus/valid/hand-epoch.allocation.json"),
	    NULL);
	cr_assert_str_eq(got, exp);
	free(got);
	free(exp);
	/* the lock, the (empty) staging directory, the last one, two allocations */
	cr_assert_eq(count_files(b.out), 5);
	cr_assert(exists(b.out, ".gavel-cron.lock"));
	got = read_in(b.out, ".gavel-cron.last");
	cr_assert_str_eq(got, "5 a-late.allocation.json\n");
	free(got);
	/* epochs 3 and 5 are not consecutive: both were solved cold */
	cr_assert_null(strstr(r.out, "warm start"));
	gvt_run_free(&r);
}

Test(cron, a_rerun_does_nothing)
{
	struct boxes b;
	struct gvt_run r;
	struct stat before, after;
	char p[4096];

	boxes(&b, "rerun");
	put(b.in, "e.json", "corpus/valid/small-epoch.json");
	cron(&r, &b, "30");
	cr_assert_eq(r.status, 0, "stderr: %s", r.err);
	gvt_run_free(&r);
	snprintf(p, sizeof(p), "%s/e.allocation.json", b.out);
	cr_assert_eq(stat(p, &before), 0);
	cron(&r, &b, "30");
	cr_assert_eq(r.status, 0);
	cr_assert_str_empty(r.out);
	cr_assert_str_empty(r.err);
	cr_assert_eq(stat(p, &after), 0);
	cr_assert_eq(before.st_ino, after.st_ino, "the allocation was rewritten");
	cr_assert_eq(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
	gvt_run_free(&r);
}

Test(cron, a_bad_bid_set_is_moved_aside_with_its_log_and_the_rest_is_solved)
{
	struct boxes b;
	struct gvt_run r;
	char want[8192], rej[4096], *log;

	boxes(&b, "bad");
	put(b.in, "good.json", "corpus/valid/small-epoch.json");
	cr_assert_eq(gvt_write_file(gvt_tmp("bad-in/broken.json"), "{\"format\":",
	    10), 0);
	cron(&r, &b, "30");
	cr_assert_eq(r.status, 1, "stderr: %s", r.err);
	snprintf(rej, sizeof(rej), "%s/rejected", b.in);
	snprintf(want, sizeof(want), "gavel-cron: broken.json: rejected, moved "
	    "to %s/broken.json: %s/broken.json: line 1, column 10: "
	    "unexpected token near end of file\n", rej, b.in);
	cr_assert_str_eq(r.err, want);
	cr_assert(exists(b.out, "good.allocation.json"));
	cr_assert(!exists(b.in, "broken.json"));
	cr_assert(exists(rej, "broken.json"));
	cr_assert_not_null(log = read_in(rej, "broken.log"));
	snprintf(want, sizeof(want), "gavel-solve: %s/broken.json: line 1, "
	    "column 10: unexpected token near end of file\n", b.in);
	cr_assert_str_eq(log, want);
	free(log);
	gvt_run_free(&r);
	/* Reported once: the next run has nothing left to say. */
	cron(&r, &b, "30");
	cr_assert_eq(r.status, 0);
	cr_assert_str_empty(r.err);
	gvt_run_free(&r);
}

Test(cron, a_bid_set_with_a_bad_signature_is_rejected_too)
{
	struct boxes b;
	struct gvt_run r;
	char *bs, *sig, p[4096];
	size_t n;

	boxes(&b, "sig");
	cr_assert_not_null(bs = gvt_read_file(gvt_path(
	    "corpus/valid/small-epoch.json"), &n));
	cr_assert_not_null(sig = strstr(bs, "\"sig\": \""));
	sig += 8;
	*sig = *sig == '0' ? '1' : '0';
	snprintf(p, sizeof(p), "%s/forged.json", b.in);
	cr_assert_eq(gvt_write_file(p, bs, n), 0);
	free(bs);
	cron(&r, &b, "30");
	cr_assert_eq(r.status, 1, "stderr: %s", r.err);
	cr_assert_not_null(strstr(r.err, "gavel-cron: forged.json: rejected, "
	    "moved to "), "%s", r.err);
	cr_assert_not_null(strstr(r.err, "/forged.json: bids[0].sig: "
	    "signature of bid"), "%s", r.err);
	cr_assert_eq(count_files(b.out), 2, "nothing published");
	gvt_run_free(&r);
}

Test(cron, a_concurrent_run_is_refused_at_once)
{
	struct boxes b;
	struct gvt_run r;
	char lock[4096], want[8192];
	int fd;

	boxes(&b, "lock");
	put(b.in, "e.json", "corpus/valid/small-epoch.json");
	snprintf(lock, sizeof(lock), "%s/.gavel-cron.lock", b.out);
	cr_assert_neq(fd = open(lock, O_RDWR | O_CREAT, 0644), -1);
	cr_assert_eq(flock(fd, LOCK_EX | LOCK_NB), 0);
	cron(&r, &b, "30");
	cr_assert_eq(r.status, 75);
	snprintf(want, sizeof(want), "gavel-cron: %s: another run holds the "
	    "lock; nothing done\n", lock);
	cr_assert_str_eq(r.err, want);
	cr_assert(!exists(b.out, "e.allocation.json"));
	gvt_run_free(&r);
	close(fd);
	cron(&r, &b, "30");
	cr_assert_eq(r.status, 0, "once the lock is free: %s", r.err);
	cr_assert(exists(b.out, "e.allocation.json"));
	gvt_run_free(&r);
}

/* Is some process running with arg among its arguments? (/proc scan) */
static int
running_with(const char *arg)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char p[300], buf[8192];
	int found = 0;
	size_t n, i;
	FILE *f;

	cr_assert_not_null(d);
	while (!found && (e = readdir(d)) != NULL) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(p, sizeof(p), "/proc/%s/cmdline", e->d_name);
		if ((f = fopen(p, "rb")) == NULL)
			continue;
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[n] = '\0';
		for (i = 0; i < n; i += strlen(buf + i) + 1)
			if (strcmp(buf + i, arg) == 0)
				found = 1;
	}
	closedir(d);
	return found;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* An epoch that takes GLPK longer than any limit below to prove. */
static void
put_slow_epoch(const char *dir)
{
	char p[4096];
	const char *argv[] = { gvt_bin("gavel-gen"), "--rollups", "128",
		"--bids", "8000", "--seed", "7", NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0);
	snprintf(p, sizeof(p), "%s/slow.json", dir);
	cr_assert_eq(gvt_write_file(p, r.out, strlen(r.out)), 0);
	gvt_run_free(&r);
}

/* Start gavel-cron on a slow epoch and return once its solve is under way. */
static pid_t
start_slow(const struct boxes *b, char *slowpath, size_t len)
{
	const char *argv[] = { gvt_bin("gavel-cron"), "-t", "60", "--solver",
		gvt_bin("gavel-solve"), "--verifier", gvt_bin("gavel-verify"),
		b->in, b->out, NULL };
	pid_t pid;
	int i;

	put_slow_epoch(b->in);
	snprintf(slowpath, len, "%s/slow.json", b->in);
	cr_assert_neq(pid = gvt_spawn(argv, gvt_tmp("slow.out"),
	    gvt_tmp("slow.err")), -1);
	for (i = 0; i < 200 && !running_with(slowpath); i++)
		sleep_ms(50);
	cr_assert(running_with(slowpath), "the solve never started");
	sleep_ms(500);
	return pid;
}

Test(cron, a_run_killed_mid_solve_leaves_nothing_and_the_next_run_completes)
{
	struct boxes b;
	struct gvt_run r;
	char slow[4096], want[8192], stage[4096];
	pid_t pid;
	int st, i;

	boxes(&b, "kill");
	pid = start_slow(&b, slow, sizeof(slow));
	cr_assert_eq(kill(pid, SIGKILL), 0);
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	/* The solver dies with its parent: it cannot write behind our back. */
	for (i = 0; i < 100 && running_with(slow); i++)
		sleep_ms(50);
	cr_assert(!running_with(slow), "gavel-solve outlived gavel-cron");
	cr_assert(!exists(b.out, "slow.allocation.json"));
	snprintf(stage, sizeof(stage), "%s/.gavel-cron", b.out);
	cr_assert_gt(count_files(stage), 0, "the interrupted run left its log");
	cron(&r, &b, "1");
	cr_assert_eq(r.status, 0, "stderr: %s", r.err);
	snprintf(want, sizeof(want), "gavel-cron: %s: removed 1 file of an "
	    "interrupted run\n", stage);
	cr_assert_str_eq(r.err, want);
	/* 1 s may or may not prove it (0.9 s on an idle 2-core machine) */
	snprintf(want, sizeof(want), "gavel-cron: slow.json: published "
	    "%s/slow.allocation.json: epoch 1: ", b.out);
	assert_prefix(r.out, want, "the next run");
	cr_assert(strncmp(r.out + strlen(want), "optimal: value 31316, ",
	    strlen("optimal: value 31316, ")) == 0 ||
	    strncmp(r.out + strlen(want), "feasible, stopped by the time "
	    "limit: value ", strlen("feasible, stopped by the time limit: "
	    "value ")) == 0, "the next run: %s", r.out);
	cr_assert_eq(count_files(stage), 0);
	gvt_run_free(&r);
}

Test(cron, sigterm_stops_the_run_and_leaves_the_epoch_pending)
{
	struct boxes b;
	char slow[4096], stage[4096], *err;
	pid_t pid;
	int st;

	boxes(&b, "term");
	pid = start_slow(&b, slow, sizeof(slow));
	cr_assert_eq(kill(pid, SIGTERM), 0);
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st));
	cr_assert_eq(WEXITSTATUS(st), 128 + SIGTERM);
	cr_assert_not_null(err = gvt_read_file(gvt_tmp("slow.err"), NULL));
	cr_assert_str_eq(err, "gavel-cron: stopped by signal 15; slow.json and "
	    "later epochs left pending\n");
	free(err);
	cr_assert(!running_with(slow));
	cr_assert(!exists(b.out, "slow.allocation.json"));
	snprintf(stage, sizeof(stage), "%s/.gavel-cron", b.out);
	cr_assert_eq(count_files(stage), 0, "a stop cleans up after itself");
}

Test(cron, usage_errors_say_what_is_wrong)
{
	struct gvt_run r;
	char want[8192];
	const char *unknown[] = { gvt_bin("gavel-cron"), "--frobnicate", "a",
		"b", NULL };
	const char *limit[] = { gvt_bin("gavel-cron"), "-t", "0", "a", "b",
		NULL };
	const char *missing[] = { gvt_bin("gavel-cron"),
		gvt_tmp("no-such-inbox"), gvt_tmpdir(), NULL };
	const char *help[] = { gvt_bin("gavel-cron"), "--help", NULL };

	cr_assert_eq(gvt_run(&r, unknown), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-cron: unknown option \"--frobnicate\"\n"
	    "usage: gavel-cron [options] INBOX OUTBOX (see gavel-cron --help)\n");
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, limit), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-cron: --time-limit: expected seconds "
	    "from 0.001 to 1000000 (at most 3 decimals)\n");
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, missing), 0);
	cr_assert_eq(r.status, 2);
	snprintf(want, sizeof(want), "gavel-cron: %s: No such file or "
	    "directory\n", gvt_tmp("no-such-inbox"));
	cr_assert_str_eq(r.err, want);
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, help), 0);
	cr_assert_eq(r.status, 0);
	cr_assert_not_null(strstr(r.out, "exit status:\n  0    every pending epoch published"));
	gvt_run_free(&r);
}

/* gavel-gen's epoch N of one market (same seed: the same bidders and bundles). */
static void
put_gen_epoch(const char *dir, const char *name, const char *epoch)
{
	char p[4096];
	const char *argv[] = { gvt_bin("gavel-gen"), "--rollups", "40",
		"--bids", "400", "--seed", "11", "--epoch", epoch, NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	cr_assert_eq(gvt_write_file(p, r.out, strlen(r.out)), 0);
	gvt_run_free(&r);
}

/*
 * An epoch right after the last one this OUTBOX published starts from
 * that allocation (gavel-solve --warm-start), in one run and across runs;
 * --no-warm-start, a garbled .gavel-cron.last or an unusable allocation
 * mean a cold start, never a held-back epoch.
 */
Test(cron, the_next_epoch_starts_from_the_last_published_allocation,
    .timeout = 120)
{
	struct boxes b;
	struct gvt_run r;
	char *last, *second, p[4096];

	boxes(&b, "warm");
	put_gen_epoch(b.in, "e1.json", "1");
	put_gen_epoch(b.in, "e2.json", "2");
	cron(&r, &b, "30");
	cr_assert_eq(r.status, 0, "stderr: %s", r.err);
	cr_assert_str_empty(r.err);
	cr_assert_not_null(second = strchr(r.out, '\n'));
	{
		/* epoch 1 had nothing before it: no start on its line */
		const char *w = strstr(r.out, "warm start");

		cr_assert(w == NULL || w > second, "%s", r.out);
	}
	cr_assert_not_null(strstr(second, "epoch 2: optimal"), "%s", r.out);
	cr_assert_not_null(strstr(second, "; warm start: "), "%s", r.out);
	gvt_run_free(&r);
	last = read_in(b.out, ".gavel-cron.last");
	cr_assert_str_eq(last, "2 e2.allocation.json\n");
	free(last);
	/* the next run, the next epoch: across runs */
	put_gen_epoch(b.in, "e3.json", "3");
	cron(&r, &b, "30");
	cr_assert_eq(r.status, 0, "stderr: %s", r.err);
	cr_assert_not_null(strstr(r.out, "epoch 3: optimal"), "%s", r.out);
	cr_assert_not_null(strstr(r.out, "; warm start: "), "%s", r.out);
	gvt_run_free(&r);
	/* --no-warm-start: cold */
	put_gen_epoch(b.in, "e4.json", "4");
	{
		const char *argv[] = { gvt_bin("gavel-cron"), "-t", "30",
			"--no-warm-start", "--solver", gvt_bin("gavel-solve"),
			"--verifier", gvt_bin("gavel-verify"), b.in, b.out,
			NULL };

		cr_assert_eq(gvt_run(&r, argv), 0);
	}
	cr_assert_eq(r.status, 0, "stderr: %s", r.err);
	cr_assert_not_null(strstr(r.out, "epoch 4: optimal"), "%s", r.out);
	cr_assert_null(strstr(r.out, "warm start"), "%s", r.out);
	gvt_run_free(&r);
	/* a garbled .gavel-cron.last: cold, silently */
	snprintf(p, sizeof(p), "%s/.gavel-cron.last", b.out);
	cr_assert_eq(gvt_write_file(p, "4 ../e4.allocation.json\n", 24), 0);
	put_gen_epoch(b.in, "e5.json", "5");
	cron(&r, &b, "30");
	cr_assert_eq(r.status, 0, "stderr: %s", r.err);
	cr_assert_str_empty(r.err);
	cr_assert_null(strstr(r.out, "warm start"), "%s", r.out);
	gvt_run_free(&r);
	/* an allocation gavel-solve cannot read as a start: said, then cold */
	snprintf(p, sizeof(p), "%s/e5.allocation.json", b.out);
	cr_assert_eq(gvt_write_file(p, "[]", 2), 0);
	put_gen_epoch(b.in, "e6.json", "6");
	cron(&r, &b, "30");
	cr_assert_eq(r.status, 0, "stderr: %s", r.err);
	cr_assert_not_null(strstr(r.err, "gavel-cron: e6.json: the warm start "
	    "from "), "%s", r.err);
	cr_assert_not_null(strstr(r.err, "e5.allocation.json failed (exit 2: "
	    "gavel-solve: "), "%s", r.err);
	cr_assert_not_null(strstr(r.err, "; solving cold\n"), "%s", r.err);
	cr_assert_not_null(strstr(r.out, "epoch 6: optimal"), "%s", r.out);
	cr_assert(exists(b.out, "e6.allocation.json"));
	gvt_run_free(&r);
	/* the bid set's own fault is not the start's: rejected, not retried */
	put_gen_epoch(b.in, "e7.json", "7");
	{
		char *t = read_in(b.in, "e7.json"), *sig;

		cr_assert_not_null(t);
		cr_assert_not_null(sig = strstr(t, "\"sig\": \""));
		sig += 8;
		*sig = *sig == '0' ? '1' : '0';
		snprintf(p, sizeof(p), "%s/e7.json", b.in);
		cr_assert_eq(gvt_write_file(p, t, strlen(t)), 0);
		free(t);
	}
	cron(&r, &b, "30");
	cr_assert_eq(r.status, 1, "stderr: %s", r.err);
	cr_assert_not_null(strstr(r.err, "gavel-cron: e7.json: rejected, "
	    "moved to "), "%s", r.err);
	cr_assert_null(strstr(r.err, "warm start"), "%s", r.err);
	gvt_run_free(&r);
}
