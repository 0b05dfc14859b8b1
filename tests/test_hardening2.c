/* test_hardening2.c: issue 19, defects 2-7: signals and the time limit in every phase, bounded memory, output targets (formats/README.md "Limits", "Output files"; formats/allocation.md "gavel-solve") */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "util.h"

#define GIB (1024ULL * 1024 * 1024)

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

/* ---- defects 5, 6, 7: output targets ---- */

/* A small signed epoch in the test directory. */
static const char *
small_epoch(const char *name)
{
	const char *gen[] = { gvt_bin("gavel-gen"), "--rollups", "3",
		"--bids", "5", NULL };
	const char *bs = gvt_tmp(name);
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, gen), 0);
	cr_assert_eq(r.status, 0, "gavel-gen: %s", r.err);
	cr_assert_eq(gvt_write_file(bs, r.out, strlen(r.out)), 0);
	gvt_run_free(&r);
	return bs;
}

/* gavel-solve -q -o out bs: exit 2 with exactly want; nothing on stdout. */
static void
refused(const char *out, const char *bs, const char *want)
{
	const char *solve[] = { gvt_bin("gavel-solve"), "-q", "-o", out, bs,
		NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, solve), 0);
	cr_assert_eq(r.status, 2, "exit %d: %s", r.status, r.err);
	cr_assert_str_eq(r.err, want);
	cr_assert_str_empty(r.out);
	gvt_run_free(&r);
}

/* No NAME.tmp.* in the test directory. */
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

Test(hardening2, output_onto_a_fifo_is_refused_and_the_fifo_kept)
{
	const char *bs = small_epoch("bs.json"), *fifo = gvt_tmp("fifo");
	char want[1024];
	struct stat st;

	cr_assert_eq(mkfifo(fifo, 0600), 0);
	snprintf(want, sizeof(want), "gavel-solve: %s: not a regular file\n",
	    fifo);
	refused(fifo, bs, want);
	cr_assert_eq(lstat(fifo, &st), 0);
	cr_assert(S_ISFIFO(st.st_mode), "the FIFO was replaced");
	assert_no_temp("fifo");
}

/*
 * A symlink to a device (never the device itself: were the fix lost, the
 * rename would replace /dev/zero for the whole machine; here it replaces
 * only the link, which the test then reports).
 */
Test(hardening2, output_onto_a_link_to_a_device_is_refused)
{
	const char *bs = small_epoch("bs.json"), *link = gvt_tmp("zero");
	char want[1024];
	struct stat st;

	cr_assert_eq(symlink("/dev/zero", link), 0);
	snprintf(want, sizeof(want), "gavel-solve: %s: not a regular file\n",
	    link);
	refused(link, bs, want);
	cr_assert_eq(lstat(link, &st), 0);
	cr_assert(S_ISLNK(st.st_mode), "the link was replaced");
}

Test(hardening2, output_onto_a_directory_is_refused)
{
	const char *bs = small_epoch("bs.json");
	char want[1024];

	snprintf(want, sizeof(want), "gavel-solve: %s: is a directory\n",
	    gvt_tmpdir());
	refused(gvt_tmpdir(), bs, want);
}

Test(hardening2, output_through_a_link_to_a_regular_file_is_written)
{
	const char *bs = small_epoch("bs.json"), *target = gvt_tmp("t.json");
	const char *link = gvt_tmp("l.json");
	const char *solve[] = { gvt_bin("gavel-solve"), "-q", "-o", link, bs,
		NULL };
	struct gvt_run r;
	char *got;

	cr_assert_eq(gvt_write_file(target, "old\n", 4), 0);
	cr_assert_eq(symlink(target, link), 0);
	cr_assert_eq(gvt_run(&r, solve), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	cr_assert_not_null(got = gvt_read_file(link, NULL));
	cr_assert_not_null(strstr(got, "\"format\": \"gavel.allocation.v1\""));
	free(got);
}

Test(hardening2, output_dash_is_stdout)
{
	const char *bs = small_epoch("bs.json");
	const char *solve[] = { gvt_bin("gavel-solve"), "-q", "-o", "-", bs,
		NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, solve), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_not_null(strstr(r.out, "\"format\": \"gavel.allocation.v1\""));
	gvt_run_free(&r);
	cr_assert_eq(access("-", F_OK), -1, "a file named - was written");
}

/* The input under another name: a hard link, or the same path spelled otherwise. */
Test(hardening2, output_naming_the_input_is_refused_by_inode)
{
	const char *bs = small_epoch("bs.json"), *hard = gvt_tmp("hard.json");
	char dotted[512], want[2048], *before, *after;

	cr_assert_not_null(before = gvt_read_file(bs, NULL));
	cr_assert_eq(link(bs, hard), 0);
	snprintf(want, sizeof(want), "gavel-solve: %s: is the input file %s: "
	    "refusing to overwrite it\n", hard, bs);
	refused(hard, bs, want);
	snprintf(dotted, sizeof(dotted), "%s/./bs.json", gvt_tmpdir());
	snprintf(want, sizeof(want), "gavel-solve: %s: is the input file %s: "
	    "refusing to overwrite it\n", dotted, bs);
	refused(dotted, bs, want);
	snprintf(want, sizeof(want), "gavel-solve: %s: is the input file %s: "
	    "refusing to overwrite it\n", bs, bs);
	refused(bs, bs, want);
	cr_assert_not_null(after = gvt_read_file(bs, NULL));
	cr_assert_str_eq(after, before, "the bid set was changed");
	free(before);
	free(after);
}

Test(hardening2, empty_output_name_keeps_the_tool_file_problem_form)
{
	const char *bs = small_epoch("bs.json");

	refused("", bs, "gavel-solve: \"\": empty output file name\n");
}

/* ---- defect 4: memory bounded by the input limit ---- */

/* Run argv; exit status, stderr into err (NUL-terminated), peak RSS in bytes. */
static int
run_rss(const char *const argv[], char *err, size_t errlen,
    unsigned long long *rss)
{
	const char *ef = gvt_tmp("rss.err");
	struct rusage ru;
	pid_t pid;
	int st;
	char *t;

	pid = gvt_spawn(argv, NULL, ef);
	cr_assert_neq(pid, -1);
	cr_assert_eq(wait4(pid, &st, 0, &ru), pid);
	*rss = (unsigned long long)ru.ru_maxrss * 1024;
	cr_assert_not_null(t = gvt_read_file(ef, NULL));
	snprintf(err, errlen, "%s", t);
	free(t);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* head, then unit repeated to about size bytes, then tail: a file in the test directory. */
static const char *
filler(const char *name, const char *head, const char *unit,
    const char *last, const char *tail, size_t size)
{
	const char *path = gvt_tmp(name);
	size_t n = (size - strlen(head) - strlen(tail) - strlen(last)) /
	    strlen(unit), i;
	FILE *f;

	cr_assert_not_null(f = fopen(path, "wb"));
	fputs(head, f);
	for (i = 0; i < n; i++)
		fputs(unit, f);
	fputs(last, f);
	fputs(tail, f);
	cr_assert_eq(fclose(f), 0);
	return path;
}

/* The tool rejects file with exit 2 and exactly "TOOL: FILE: problem", below 1 GiB. */
static void
bounded(const char *const argv[], const char *file, const char *problem)
{
	char err[2048], want[2048];
	unsigned long long rss;
	const char *tool = strrchr(argv[0], '/') + 1;
	int st;

	st = run_rss(argv, err, sizeof(err), &rss);
	snprintf(want, sizeof(want), "%s: %s: %s\n", tool, file, problem);
	cr_expect_eq(st, 2, "%s: exit %d: %s", file, st, err);
	cr_expect_str_eq(err, want);
	cr_expect_lt(rss, GIB, "%s %s: peak RSS %llu bytes", tool, file, rss);
	unlink(file);
}

#define MIB60 (60u << 20)

Test(hardening2, sixty_mib_of_empty_objects_stays_below_1_gib, .timeout = 300)
{
	const char *small = small_epoch("bs.json");
	const char *f = filler("objs.json", "{\"x\":[", "{},", "{}", "]}",
	    MIB60);
	const char *ver[] = { gvt_bin("gavel-verify"), "allocation", small, f,
		NULL };
	const char *g, *solve[4];

	bounded(ver, f, "more than 6150 objects and arrays, the most an "
	    "allocation can hold");
	g = filler("objs2.json", "{\"x\":[", "{},", "{}", "]}", MIB60);
	solve[0] = gvt_bin("gavel-solve");
	solve[1] = "-q";
	solve[2] = g;
	solve[3] = NULL;
	bounded(solve, g, "more than 264197 objects and arrays, the most a "
	    "bid set can hold");
}

Test(hardening2, sixty_mib_of_empty_arrays_or_zeros_stays_below_1_gib,
    .timeout = 300)
{
	const char *f = filler("arrs.json", "[", "[],", "[]", "]", MIB60);
	const char *solve[] = { gvt_bin("gavel-solve"), "-q", f, NULL };

	bounded(solve, f, "more than 264197 objects and arrays, the most a "
	    "bid set can hold");
	f = filler("zeros.json", "[", "0,", "0", "]", MIB60);
	{
		const char *solve2[] = { gvt_bin("gavel-solve"), "-q", f, NULL };

		bounded(solve2, f, "more than 10102809 JSON values, the most a "
		    "bid set can hold");
	}
}

Test(hardening2, big_certificate_stake_table_and_document_stay_below_1_gib,
    .timeout = 300)
{
	const char *table = gvt_path("corpus/valid/cert-allocation.table.json");
	const char *cert = gvt_path("corpus/valid/cert-allocation.cert.json");
	const char *f = filler("cert.json", "{\"x\":[", "{},", "{}", "]}",
	    31u << 20);
	const char *c1[] = { gvt_bin("gavel-verify"), "certificate", table, f,
		NULL };

	bounded(c1, f, "more than 100003 objects and arrays, the most a "
	    "certificate can hold");
	f = filler("table.json", "{\"x\":[", "0,", "0", "]}", 31u << 20);
	{
		const char *c2[] = { gvt_bin("gavel-verify"), "certificate", f,
			cert, NULL };

		bounded(c2, f, "more than 500009 JSON values, the most a "
		    "stake table can hold");
	}
	f = filler("doc.json", "{\"x\":[", "[],", "[]", "]}", MIB60);
	{
		const char *c3[] = { gvt_bin("gavel-verify"), "certificate",
			table, cert, f, NULL };

		bounded(c3, f, "more than 406225 objects and arrays, the most a "
		    "document of any kind can hold");
	}
	f = filler("proof.json", "{\"x\":[", "0,", "0", "]}", 1000000);
	{
		const char *c4[] = { gvt_bin("gavel-verify"), "inclusion", f,
			NULL };

		bounded(c4, f, "more than 77 JSON values, the most an inclusion "
		    "proof can hold");
	}
}

/* Evidence (16 MiB) is bounded too; its subcommand's options may grow, so only the outcome. */
Test(hardening2, big_evidence_stays_below_1_gib, .timeout = 300)
{
	const char *f = filler("ev.json", "{\"x\":[", "{},", "{}", "]}",
	    15u << 20);
	const char *ver[] = { gvt_bin("gavel-verify"), "slashing", f, NULL };
	unsigned long long rss;
	char err[2048];
	int st;

	st = run_rss(ver, err, sizeof(err), &rss);
	cr_expect_eq(st, 2, "exit %d: %s", st, err);
	cr_expect_lt(rss, GIB, "peak RSS %llu bytes", rss);
}

Test(hardening2, nesting_deeper_than_16_is_refused_before_parsing)
{
	const char *f = filler("deep.json", "", "[", "", "", 2000);
	const char *solve[] = { gvt_bin("gavel-solve"), "-q", f, NULL };

	bounded(solve, f, "nested deeper than 16 levels");
}

#if !defined(__SANITIZE_ADDRESS__)
/*
 * The costliest documents the pre-scan lets through, at a bid set's
 * bounds: every value a string, or objects full of members. They fail
 * later (format: missing) but the tree they make stays below 1 GiB.
 * (Not under ASan, whose shadow memory and quarantine inflate the RSS.)
 */
Test(hardening2, the_costliest_document_within_the_bound_stays_below_1_gib,
    .timeout = 300)
{
	const char *f;
	char head[64];
	unsigned long long rss;
	char err[2048];
	size_t i;
	FILE *fp;
	int st;

	f = gvt_tmp("strings.json");
	cr_assert_not_null(fp = fopen(f, "wb"));
	fputs("{\"x\":[\"\"", fp);
	for (i = 1; i < 10102809 - 3; i++)
		fputs(",\"\"", fp);
	fputs("]}", fp);
	cr_assert_eq(fclose(fp), 0);
	{
		const char *solve[] = { gvt_bin("gavel-solve"), "-q", f, NULL };

		st = run_rss(solve, err, sizeof(err), &rss);
		cr_expect_eq(st, 2, "%s", err);
		snprintf(head, sizeof(head), "gavel-solve: %s", f);
		cr_expect_not_null(strstr(err, "format: missing"), "%s", err);
		cr_expect_lt(rss, GIB, "peak RSS %llu bytes", rss);
	}
	/* 264194 objects of 18 members each: 9775181 values and 264196
	   containers, just under both bounds */
	f = gvt_tmp("members.json");
	cr_assert_not_null(fp = fopen(f, "wb"));
	fputs("{\"x\":[", fp);
	for (i = 0; i < 264194; i++) {
		unsigned k;

		fputs(i ? ",{" : "{", fp);
		for (k = 0; k < 18; k++)
			fprintf(fp, "%s\"%x\":\"\"", k ? "," : "", k);
		fputs("}", fp);
	}
	fputs("]}", fp);
	cr_assert_eq(fclose(fp), 0);
	{
		const char *solve[] = { gvt_bin("gavel-solve"), "-q", f, NULL };

		st = run_rss(solve, err, sizeof(err), &rss);
		cr_expect_eq(st, 2, "%s", err);
		cr_expect_not_null(strstr(err, "format: missing"), "%s", err);
		cr_expect_lt(rss, GIB, "peak RSS %llu bytes", rss);
	}
}
#endif

/* Every corpus/adversarial/solve-*.expect: exit code and exact stderr of gavel-solve -q. */
Test(hardening2, adversarial_solver_inputs_fail_as_expected)
{
	glob_t g;
	size_t i;

	cr_assert_eq(glob("corpus/adversarial/solve-*.expect", 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc; i++) {
		char file[512], *ex, *nl, want[2048];
		struct gvt_run r;
		int code;

		cr_assert_not_null(ex = gvt_read_file(g.gl_pathv[i], NULL));
		snprintf(file, sizeof(file), "%.*s.json",
		    (int)(strlen(g.gl_pathv[i]) - strlen(".expect")),
		    g.gl_pathv[i]);
		code = atoi(ex);
		cr_assert_not_null(nl = strchr(ex, '\n'));
		snprintf(want, sizeof(want), "%s", nl + 1);
		{
			const char *solve[] = { gvt_bin("gavel-solve"), "-q",
				file, NULL };

			cr_assert_eq(gvt_run(&r, solve), 0);
			cr_expect_eq(r.status, code, "%s: exit %d", file,
			    r.status);
			cr_expect_str_eq(r.err, want, "%s", file);
			gvt_run_free(&r);
		}
		free(ex);
	}
	cr_assert_geq(g.gl_pathc, 1);
	globfree(&g);
}

/* ---- defects 2, 3: signals and the time limit in every phase ---- */

/*
 * A big epoch: 1024 rollups, 16384 bids, bundles up to 64. Reading it,
 * checking its signatures and building its model each take a noticeable
 * time, and its root LP takes far longer than these tests wait.
 */
static const char *
big_epoch(void)
{
	const char *gen[] = { gvt_bin("gavel-gen"), "--rollups", "1024",
		"--bids", "16384", "--max-bundle", "64", "--seed", "3", NULL };
	const char *bs = gvt_tmp("big.json");
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, gen), 0);
	cr_assert_eq(r.status, 0, "gavel-gen: %s", r.err);
	cr_assert_eq(gvt_write_file(bs, r.out, strlen(r.out)), 0);
	gvt_run_free(&r);
	return bs;
}

/* Wait (at most 300 s) until errfile holds text; fail if pid ends first. */
static void
wait_for(pid_t pid, const char *errfile, const char *text)
{
	uint64_t t0 = now_ms();
	int status, found;
	char *log;

	for (;;) {
		log = gvt_read_file(errfile, NULL);
		found = log != NULL && strstr(log, text) != NULL;
		free(log);
		if (found)
			return;
		if (waitpid(pid, &status, WNOHANG) == pid)
			cr_assert_fail("gavel-solve ended before \"%s\"", text);
		if (now_ms() - t0 > 300000) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			cr_assert_fail("no \"%s\" within 300 s", text);
		}
		sleep_ms(5);
	}
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
		sleep_ms(2);
	}
	cr_assert_eq(w, pid);
	if (took != NULL)
		*took = now_ms() - t0;
	return WIFEXITED(status) ? WEXITSTATUS(status) :
	    128 + WTERMSIG(status);
}

/* The written allocation's search.stop and number of winners. */
static void
read_result(const char *out, char *stop, size_t stoplen, size_t *nwinners)
{
	json_error_t je;
	json_t *doc;

	doc = json_load_file(out, JSON_REJECT_DUPLICATES, &je);
	cr_assert_not_null(doc, "%s: %s", out, je.text);
	snprintf(stop, stoplen, "%s", json_string_value(json_object_get(
	    json_object_get(doc, "search"), "stop")));
	*nwinners = json_array_size(json_object_get(doc, "winners"));
	json_decref(doc);
}

/*
 * Send SIGTERM once the phase line "phase: WHAT" appears (plus delay_ms):
 * gavel-solve exits 0 within 3 s, writing an allocation stopped by the
 * signal. Returns its number of winners; the log is left in errfile.
 */
static size_t
term_in_phase(const char *bs, const char *what, unsigned delay_ms,
    const char *errfile)
{
	const char *out = gvt_tmp("alloc.json");
	const char *solve[] = { gvt_bin("gavel-solve"), "-v", "-t", "600",
		"-o", out, bs, NULL };
	char phase[128], stop[32];
	uint64_t took;
	size_t nw;
	pid_t pid;
	int st;

	unlink(out);
	unlink(errfile);
	snprintf(phase, sizeof(phase), "phase: %s", what);
	cr_assert_neq(pid = gvt_spawn(solve, NULL, errfile), -1);
	wait_for(pid, errfile, phase);
	sleep_ms(delay_ms);
	cr_assert_eq(kill(pid, SIGTERM), 0);
	st = wait_exit(pid, 60000, &took);
	cr_assert_eq(st, 0, "%s: exit %d", what, st);
	cr_expect_lt(took, 3000, "%s: SIGTERM acted on after %llu ms", what,
	    (unsigned long long)took);
	read_result(out, stop, sizeof(stop), &nw);
	cr_assert_str_eq(stop, "signal", "%s", what);
	assert_no_temp("alloc.json");
	return nw;
}

/* Every winner of the allocation in out is among the first k bids of bs (id order). */
static void
only_first_bids_win(const char *bs, const char *out, size_t k)
{
	json_t *b, *a, *w;
	json_error_t je;
	const char *kth;
	size_t i;

	cr_assert_not_null(b = json_load_file(bs, 0, &je), "%s", je.text);
	cr_assert_not_null(a = json_load_file(out, 0, &je), "%s", je.text);
	kth = json_string_value(json_object_get(json_array_get(
	    json_object_get(b, "bids"), k), "id"));
	cr_assert_not_null(kth);
	json_array_foreach(json_object_get(a, "winners"), i, w)
		cr_expect_lt(strcmp(json_string_value(json_object_get(w,
		    "bid")), kth), 0, "winner %s was not checked",
		    json_string_value(json_object_get(w, "bid")));
	json_decref(a);
	json_decref(b);
}

Test(hardening2, sigterm_is_acted_on_within_3_s_in_every_phase,
    .timeout = 900)
{
	const char *bs = big_epoch(), *err = gvt_tmp("solve.err");
	char *log, *p;
	size_t k, n;

	/* signatures: only the bids checked so far may win */
	term_in_phase(bs, "checking", 300, err);
	cr_assert_not_null(log = gvt_read_file(err, NULL));
	cr_assert_not_null(p = strstr(log, "stopped while checking signatures ("),
	    "%s", log);
	cr_assert_eq(sscanf(p, "stopped while checking signatures (%zu of "
	    "%zu checked)", &k, &n), 2, "%s", log);
	cr_assert_lt(k, n);
	free(log);
	only_first_bids_win(bs, gvt_tmp("alloc.json"), k);
	/* model building, the LP, the search: the greedy start at least */
	cr_assert_gt(term_in_phase(bs, "building the model", 0, err), 0);
	cr_assert_gt(term_in_phase(bs, "solving the LP relaxation", 1500,
	    err), 0);
	unlink(bs);
}

/* While the bid set is read no allocation exists: the signal exits at once. */
Test(hardening2, sigterm_while_reading_exits_at_once_writing_nothing,
    .timeout = 300)
{
	const char *bs = big_epoch(), *err = gvt_tmp("solve.err");
	const char *out = gvt_tmp("alloc.json");
	const char *solve[] = { gvt_bin("gavel-solve"), "-v", "-o", out, bs,
		NULL };
	uint64_t took;
	char *log;
	pid_t pid;

	cr_assert_neq(pid = gvt_spawn(solve, NULL, err), -1);
	wait_for(pid, err, "phase: reading the bid set");
	cr_assert_eq(kill(pid, SIGTERM), 0);
	cr_assert_eq(wait_exit(pid, 60000, &took), 128 + SIGTERM);
	cr_expect_lt(took, 3000, "took %llu ms", (unsigned long long)took);
	cr_assert_not_null(log = gvt_read_file(err, NULL));
	cr_assert_not_null(strstr(log, "gavel-solve: stopped by signal 15 "
	    "(SIGTERM) before the bid set was read: nothing written\n"), "%s",
	    log);
	free(log);
	cr_assert_eq(access(out, F_OK), -1, "an output was written");
	assert_no_temp("alloc.json");
	unlink(bs);
}

/*
 * -t covers the whole run: it ends within 3 s of the limit, or of the end
 * of reading when reading alone takes longer (which the summary says).
 */
static void
limited(const char *bs, const char *secs, uint64_t limit_ms)
{
	const char *out = gvt_tmp("alloc.json"), *err = gvt_tmp("solve.err");
	const char *solve[] = { gvt_bin("gavel-solve"), "-v", "-t", secs,
		"-o", out, bs, NULL };
	uint64_t t0, read_ms, total;
	char stop[32], *log;
	size_t nw;
	pid_t pid;
	int st;

	unlink(out);
	unlink(err);
	t0 = now_ms();
	cr_assert_neq(pid = gvt_spawn(solve, NULL, err), -1);
	/* the end of reading: the next phase line, or the end of the run */
	for (;;) {
		log = gvt_read_file(err, NULL);
		if (log != NULL && (strstr(log, "phase: checking") != NULL ||
		    strstr(log, "stopped after reading") != NULL)) {
			free(log);
			break;
		}
		free(log);
		cr_assert_lt(now_ms() - t0, 300000, "still reading after 300 s");
		sleep_ms(2);
	}
	read_ms = now_ms() - t0;
	st = wait_exit(pid, 300000, NULL);
	total = now_ms() - t0;
	cr_assert_eq(st, 0, "-t %s: exit %d", secs, st);
	cr_assert_not_null(log = gvt_read_file(err, NULL));
	cr_expect_leq(total, (read_ms > limit_ms ? read_ms : limit_ms) + 3000,
	    "-t %s: ran %llu ms (reading took %llu ms): %s", secs,
	    (unsigned long long)total, (unsigned long long)read_ms, log);
	read_result(out, stop, sizeof(stop), &nw);
	cr_assert_str_eq(stop, "time-limit", "-t %s", secs);
	if (read_ms > limit_ms + 500)
		cr_expect_not_null(strstr(log, "stopped after reading the bid "
		    "set"), "-t %s: %s", secs, log);
	free(log);
}

Test(hardening2, the_time_limit_covers_the_whole_run, .timeout = 900)
{
	const char *bs = big_epoch();

	limited(bs, "0.001", 1);
	limited(bs, "1", 1000);
	limited(bs, "4", 4000);
	unlink(bs);
}
