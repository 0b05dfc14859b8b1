/* test_cli.c: gavel-solve and gavel-verify allocation on the corpus (formats/bidset.md, formats/allocation.md, "gavel-solve", "Checks") */
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <gmp.h>
#include <jansson.h>

#include "testgen.h"
#include "util.h"

/* The bid set epochs of corpus/valid, each with NAME.allocation.json beside it. */
static const char *const epochs[] = { "example-epoch", "wei-epoch",
	"small-epoch", "zero-reserve-epoch", "hand-epoch", "hand-ties", NULL };

/* Messages name files as given: run from the repository root, as the corpus does. */
static void
at_root(void)
{
	const char *r = getenv("GAVEL_ROOT");

	cr_assert_eq(chdir(r ? r : "."), 0);
}

TestSuite(cli, .init = at_root, .timeout = 120);

/* Line n (1-based) of text into out, without its newline. */
static void
line(const char *text, int n, char *out, size_t len)
{
	const char *p = text, *nl;

	while (--n > 0) {
		cr_assert_not_null(p = strchr(p, '\n'), "too few lines");
		p++;
	}
	nl = strchr(p, '\n');
	cr_assert_not_null(nl, "line without newline");
	cr_assert_lt((size_t)(nl - p), len);
	memcpy(out, p, (size_t)(nl - p));
	out[nl - p] = '\0';
}

/* Run argv; the exit status must be code and stderr exactly want + "\n". */
static void
expect_run(const char *const argv[], int code, const char *want,
    const char *what)
{
	struct gvt_run r;
	char w[2048];

	cr_assert_eq(gvt_run(&r, argv), 0);
	snprintf(w, sizeof(w), "%s\n", want);
	cr_assert_eq(r.status, code, "%s: exit %d, expected %d; stderr: %s",
	    what, r.status, code, r.err);
	cr_assert_str_eq(r.err, w, "%s", what);
	if (code != 0)
		cr_assert_str_empty(r.out, "%s: nothing on stdout", what);
	gvt_run_free(&r);
}

/* Every corpus/invalid/KIND-*.expect; returns how many ran. */
static size_t
run_manifests(const char *kind)
{
	char pat[64], file[512], want[2048], bidset[512], code[16];
	glob_t g;
	size_t i;
	char *ex;

	snprintf(pat, sizeof(pat), "corpus/invalid/%s-*.expect", kind);
	cr_assert_eq(glob(pat, 0, NULL, &g), 0, "no %s", pat);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *e = g.gl_pathv[i];

		cr_assert_not_null(ex = gvt_read_file(e, NULL), "%s", e);
		snprintf(file, sizeof(file), "%.*s.json",
		    (int)(strlen(e) - strlen(".expect")), e);
		line(ex, 1, code, sizeof(code));
		line(ex, 2, want, sizeof(want));
		if (strcmp(kind, "bidset") == 0) {
			const char *argv[] = { gvt_bin("gavel-solve"), "-q",
				file, NULL };

			expect_run(argv, atoi(code), want, e);
		} else {
			const char *argv[] = { gvt_bin("gavel-verify"),
				"allocation", bidset, file, NULL };

			line(ex, 3, bidset, sizeof(bidset));
			expect_run(argv, atoi(code), want, e);
		}
		free(ex);
	}
	globfree(&g);
	return i;
}

Test(cli, every_invalid_bid_set_fails_with_its_exit_code_and_message)
{
	cr_assert_geq(run_manifests("bidset"), 40);
}

Test(cli, every_invalid_allocation_fails_with_its_exit_code_and_message)
{
	cr_assert_geq(run_manifests("allocation"), 20);
}

Test(cli, every_valid_epoch_solves_to_its_expected_bytes_and_verifies)
{
	char bs[256], al[256], want[512];
	struct gvt_run r;
	const char *const *n;
	char *exp, *got;

	for (n = epochs; *n != NULL; n++) {
		snprintf(bs, sizeof(bs), "corpus/valid/%s.json", *n);
		snprintf(al, sizeof(al), "corpus/valid/%s.allocation.json", *n);
		cr_assert_not_null(exp = gvt_read_file(al, NULL), "%s", al);
		{
			const char *argv[] = { gvt_bin("gavel-solve"), "-q", bs,
				NULL };

			cr_assert_eq(gvt_run(&r, argv), 0);
			cr_assert_eq(r.status, 0, "%s: %s", bs, r.err);
			cr_assert_str_empty(r.err);
			cr_assert_str_eq(r.out, exp, "%s: output differs from %s",
			    bs, al);
			gvt_run_free(&r);
		}
		{
			const char *out = gvt_tmp("out.json");
			const char *argv[] = { gvt_bin("gavel-solve"), "-q", "-o",
				out, bs, NULL };

			cr_assert_eq(gvt_run(&r, argv), 0);
			cr_assert_eq(r.status, 0, "%s: %s", bs, r.err);
			cr_assert_str_empty(r.out, "-o: nothing on stdout");
			gvt_run_free(&r);
			cr_assert_not_null(got = gvt_read_file(out, NULL));
			cr_assert_str_eq(got, exp, "%s: -o output differs", bs);
			free(got);
		}
		{
			const char *argv[] = { gvt_bin("gavel-verify"),
				"allocation", bs, al, NULL };

			cr_assert_eq(gvt_run(&r, argv), 0);
			cr_assert_eq(r.status, 0, "%s: %s", al, r.err);
			cr_assert_str_empty(r.err);
			snprintf(want, sizeof(want), "valid: allocation for "
			    "epoch ");
			cr_assert(strncmp(r.out, want, strlen(want)) == 0, "%s",
			    r.out);
			cr_assert_not_null(strstr(r.out, "optimality not "
			    "checked\n"));
			gvt_run_free(&r);
		}
		free(exp);
	}
}

/* The amounts of the hand-made epoch, worked out in scripts/make-corpus.sh. */
Test(cli, hand_epoch_allocation_is_the_hand_computed_one)
{
	json_t *d = json_load_file("corpus/valid/hand-epoch.allocation.json",
	    0, NULL), *w, *r, *s;

	cr_assert_not_null(d);
	w = json_object_get(d, "winners");
	r = json_object_get(d, "rollups");
	s = json_object_get(d, "search");
	/* b1+b6 = 260 beats b2+b3+b6 = 250; b1 and b4 share XOR group alice */
	cr_assert_eq(json_array_size(w), 2);
	cr_assert_str_eq(json_string_value(json_object_get(
	    json_array_get(w, 0), "bid")), "b1");
	cr_assert_str_eq(json_string_value(json_object_get(
	    json_array_get(w, 1), "bid")), "b6");
	cr_assert_eq(json_array_size(json_object_get(d, "unsold")), 0);
	cr_assert_str_eq(json_string_value(json_object_get(d, "value")), "260");
	/* b1: R 150, S 50: 100+33 (frac 50), 50+16 (frac 100) + the unit */
	cr_assert_str_eq(json_string_value(json_object_get(
	    json_array_get(r, 0), "receives")), "133");
	cr_assert_str_eq(json_string_value(json_object_get(
	    json_array_get(r, 1), "receives")), "67");
	/* b6: R 30 (base-one 0, op-one 30), S 30: all to op-one */
	cr_assert_str_eq(json_string_value(json_object_get(
	    json_array_get(r, 2), "receives")), "0");
	cr_assert_str_eq(json_string_value(json_object_get(
	    json_array_get(r, 3), "receives")), "60");
	cr_assert_str_eq(json_string_value(json_object_get(s, "status")),
	    "optimal");
	cr_assert_str_eq(json_string_value(json_object_get(s, "bound")), "260");
	json_decref(d);
}

Test(cli, hand_ties_allocation_takes_one_winner_and_the_smaller_id)
{
	json_t *d = json_load_file("corpus/valid/hand-ties.allocation.json",
	    0, NULL), *w, *r;

	cr_assert_not_null(d);
	w = json_object_get(d, "winners");
	r = json_object_get(d, "rollups");
	cr_assert_eq(json_array_size(w), 2);
	cr_assert_str_eq(json_string_value(json_object_get(
	    json_array_get(w, 0), "bid")), "r");
	cr_assert_str_eq(json_string_value(json_object_get(
	    json_array_get(w, 1), "bid")), "s");
	cr_assert_str_eq(json_string_value(json_object_get(d, "value")), "13");
	cr_assert_str_eq(json_string_value(json_object_get(
	    json_array_get(r, 0), "receives")), "5");
	cr_assert_str_eq(json_string_value(json_object_get(
	    json_array_get(r, 1), "receives")), "5");
	cr_assert_str_eq(json_string_value(json_object_get(
	    json_array_get(r, 2), "receives")), "3");
	json_decref(d);
}

Test(cli, summary_line_reports_the_search)
{
	const char *argv[] = { gvt_bin("gavel-solve"),
		"corpus/valid/hand-epoch.json", NULL };
	static const char want[] = "gavel-solve: epoch 5: optimal: value 260, "
	    "bound 260, gap 0.000000000; 2 winners, 5 of 6 bids searched "
	    "(1 below reserves, 0 dominated); ";
	struct gvt_run r;
	size_t n;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0);
	cr_assert(strncmp(r.err, want, strlen(want)) == 0, "%s", r.err);
	n = strlen(r.err);
	cr_assert(n > 4 && strcmp(r.err + n - 4, " ms\n") == 0, "%s", r.err);
	cr_assert_eq(strchr(r.err, '\n'), r.err + n - 1, "one line");
	gvt_run_free(&r);
}

Test(cli, too_many_rollups_generated_here)
{
	const char *f = "corpus-tmp-1025.json";
	json_t *d = gvt_doc("test", 1);
	char id[16], want[256];
	const char *argv[] = { gvt_bin("gavel-solve"), "-q", NULL, NULL };
	int i;

	for (i = 0; i < 1025; i++) {
		snprintf(id, sizeof(id), "r%04d", i);
		gvt_rollup(d, id, "1");
	}
	cr_assert_eq(chdir(gvt_tmpdir()), 0);
	cr_assert_eq(json_dump_file(d, f, 0), 0);
	argv[2] = f;
	snprintf(want, sizeof(want), "gavel-solve: %s: rollups: 1025 rollups, "
	    "the limit is 1024", f);
	expect_run(argv, 2, want, f);
	json_decref(d);
}

Test(cli, at_the_rollup_limit_nothing_sold_is_optimal)
{
	const char *f = "corpus-tmp-1024.json";
	json_t *d = gvt_doc("test", 1), *a;
	const char *argv[] = { gvt_bin("gavel-solve"), "-q", f, NULL };
	struct gvt_run r;
	char id[16];
	int i;

	for (i = 0; i < 1024; i++) {
		snprintf(id, sizeof(id), "r%04d", i);
		gvt_rollup(d, id, "1");
	}
	cr_assert_eq(chdir(gvt_tmpdir()), 0);
	cr_assert_eq(json_dump_file(d, f, 0), 0);
	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_not_null(a = json_loads(r.out, 0, NULL));
	cr_assert_str_eq(json_string_value(json_object_get(a, "value")),
	    "1024");
	cr_assert_eq(json_array_size(json_object_get(a, "unsold")), 1024);
	json_decref(a);
	json_decref(d);
	gvt_run_free(&r);
}

Test(cli, a_file_over_64_mib_is_refused_unread)
{
	const char *f = "corpus-tmp-big.json";
	const char *argv[] = { gvt_bin("gavel-solve"), "-q", f, NULL };
	char want[256];
	int fd;

	cr_assert_eq(chdir(gvt_tmpdir()), 0);
	cr_assert_geq(fd = open(f, O_WRONLY | O_CREAT | O_TRUNC, 0600), 0);
	cr_assert_eq(ftruncate(fd, (64 << 20) + 1), 0);
	close(fd);
	snprintf(want, sizeof(want), "gavel-solve: %s: 67108865 bytes, the "
	    "limit is 67108864", f);
	expect_run(argv, 2, want, f);
	unlink(f);
}

Test(cli, a_missing_file_is_exit_2)
{
	const char *argv[] = { gvt_bin("gavel-solve"), "-q",
		"corpus/valid/no-such-epoch.json", NULL };

	expect_run(argv, 2, "gavel-solve: corpus/valid/no-such-epoch.json: "
	    "cannot open: No such file or directory", "missing");
}

Test(cli, a_directory_is_exit_2)
{
	const char *argv[] = { gvt_bin("gavel-solve"), "-q", "corpus/valid",
		NULL };

	expect_run(argv, 2, "gavel-solve: corpus/valid: is a directory",
	    "directory");
}

Test(cli, a_bad_time_limit_is_exit_2)
{
	const char *argv[] = { gvt_bin("gavel-solve"), "-t", "0",
		"corpus/valid/hand-epoch.json", NULL };

	expect_run(argv, 2, "gavel-solve: --time-limit: expected seconds from "
	    "0.001 to 1000000 (at most 3 decimals)", "-t 0");
}

Test(cli, no_arguments_is_a_usage_error)
{
	const char *argv[] = { gvt_bin("gavel-solve"), NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 2);
	cr_assert(strncmp(r.err, "usage: gavel-solve [options] BIDSET.json\n",
	    41) == 0, "%s", r.err);
	cr_assert_str_empty(r.out);
	gvt_run_free(&r);
}

Test(cli, no_verify_sigs_solves_a_bid_set_whose_signature_fails)
{
	const char *argv[] = { gvt_bin("gavel-solve"), "-q", "--no-verify-sigs",
		"corpus/invalid/bidset-sig-amount-edited.json", NULL };
	struct gvt_run r;
	json_t *a;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_not_null(a = json_loads(r.out, 0, NULL));
	/* b2 now bids 121: b1+b6 (260) still beats b2+b3+b6 (251) */
	cr_assert_str_eq(json_string_value(json_object_get(a, "value")), "260");
	json_decref(a);
	gvt_run_free(&r);
}

Test(cli, verify_refuses_a_bid_set_whose_signature_fails)
{
	const char *argv[] = { gvt_bin("gavel-verify"), "allocation",
		"corpus/invalid/bidset-sig-amount-edited.json",
		"corpus/valid/hand-epoch.allocation.json", NULL };

	expect_run(argv, 1, "gavel-verify: corpus/invalid/"
	    "bidset-sig-amount-edited.json: bids[1].sig: signature of bid "
	    "\"b2\" does not verify", "verify");
}

/* bench-64x5000 is proven optimal at 17516 in about 30 s; 50 ms is far too little. */
Test(cli, a_time_limited_solve_writes_a_feasible_allocation_that_verifies)
{
	const char *out = gvt_tmp("timed.json");
	const char *bs = "corpus/bench/bench-64x5000.json";
	const char *solve[] = { gvt_bin("gavel-solve"), "-q", "-t", "0.05",
		"-o", out, bs, NULL };
	const char *verify[] = { gvt_bin("gavel-verify"), "allocation", bs, out,
		NULL };
	struct gvt_run r;
	json_t *a, *s;
	mpz_t v, b;

	cr_assert_eq(gvt_run(&r, solve), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, verify), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	cr_assert_not_null(a = json_load_file(out, 0, NULL));
	s = json_object_get(a, "search");
	cr_assert_str_eq(json_string_value(json_object_get(s, "status")),
	    "feasible");
	cr_assert_str_eq(json_string_value(json_object_get(s, "stop")),
	    "time-limit");
	cr_assert_eq(json_integer_value(json_object_get(s, "time_limit_ms")),
	    50);
	mpz_init_set_str(v, json_string_value(json_object_get(a, "value")), 10);
	mpz_init_set_str(b, json_string_value(json_object_get(s, "bound")), 10);
	cr_assert(mpz_cmp_ui(v, 17516) <= 0, "no value above the optimum");
	cr_assert(mpz_cmp_ui(b, 17516) >= 0, "no bound below the optimum");
	mpz_clears(v, b, NULL);
	json_decref(a);
}
