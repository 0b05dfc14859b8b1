/* test_untrusted.c: hostile text and odd files never reach the terminal raw (formats/README.md, "Errors") */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "testgen.h"
#include "util.h"

/* stderr holds printable ASCII and newlines only. */
static void
assert_clean(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		cr_assert((*p >= 0x20 && *p < 0x7f) || *p == '\n',
		    "raw byte 0x%02x on stderr at %zu: %s", *p,
		    (size_t)(p - (const unsigned char *)s), s);
}

/* Write doc (taken over) to NAME and run gavel-solve and gavel-verify. */
static void
hostile(json_t *doc, const char *name, const char *want)
{
	const char *bs = gvt_tmp(name), *al = gvt_tmp("alloc.json");
	const char *solve[] = { gvt_bin("gavel-solve"), bs, NULL };
	const char *ver[] = { gvt_bin("gavel-verify"), "allocation", bs, al,
		NULL };
	char *text = json_dumps(doc, JSON_INDENT(1));
	struct gvt_run r;

	cr_assert_not_null(text);
	cr_assert_eq(gvt_write_file(bs, text, strlen(text)), 0);
	cr_assert_eq(gvt_write_file(al, "{}", 2), 0);
	free(text);
	json_decref(doc);

	cr_assert_eq(gvt_run(&r, solve), 0);
	cr_assert_eq(r.status, 2, "gavel-solve: %s", r.err);
	cr_assert_str_empty(r.out);
	assert_clean(r.err);
	cr_assert_not_null(strstr(r.err, want), "want %s in: %s", want,
	    r.err);
	gvt_run_free(&r);

	cr_assert_eq(gvt_run(&r, ver), 0);
	cr_assert_eq(r.status, 2, "gavel-verify: %s", r.err);
	assert_clean(r.err);
	cr_assert_not_null(strstr(r.err, want), "want %s in: %s", want,
	    r.err);
	gvt_run_free(&r);
}

Test(untrusted, a_terminal_escape_in_an_id_is_printed_escaped)
{
	json_t *d = gvt_doc("m", 1);

	gvt_rollup(d, "r\x1b[31m", "1");
	hostile(d, "esc-rollup.json", "bad identifier \"r\\x1b[31m\"");
}

Test(untrusted, control_bytes_in_a_bid_id_are_printed_escaped)
{
	json_t *d = gvt_doc("m", 1);

	gvt_rollup(d, "r", "1");
	gvt_bid(d, "b\r\x07\x1b]0;owned\x07", "r", "2", NULL);
	hostile(d, "esc-bid.json",
	    "bad identifier \"b\\x0d\\x07\\x1b]0;owned\\x07\"");
}

Test(untrusted, a_hostile_key_is_printed_escaped)
{
	json_t *d = gvt_doc("m", 1);

	gvt_rollup(d, "r", "1");
	json_object_set_new(d, "\x1b[2J\x1b[H\xc2\x9b" "31m", json_true());
	hostile(d, "esc-key.json",
	    "unknown key \"\\x1b[2J\\x1b[H\\xc2\\x9b31m\"");
}

Test(untrusted, hostile_format_and_mode_strings_are_printed_escaped)
{
	json_t *d = gvt_doc("m", 1);

	gvt_rollup(d, "r", "1");
	json_object_set_new(d, "format", json_string("\x1b[31mgavel\\"));
	hostile(d, "esc-format.json",
	    "unsupported format \"\\x1b[31mgavel\\x5c\"");
	d = gvt_doc("m", 1);
	gvt_rollup(d, "r", "1");
	json_object_set_new(d, "mode", json_string("\x1b[5m\x7f"));
	hostile(d, "esc-mode.json", "unknown mode \"\\x1b[5m\\x7f\"");
}

/* Both tools, the bid set and the allocation argument: exit 2, message. */
static void
bad_file(const char *path, const char *problem)
{
	const char *good = gvt_tmp("good.json");
	const char *gen[] = { gvt_bin("gavel-gen"), "--rollups", "3",
		"--bids", "5", NULL };
	const char *solve[] = { gvt_bin("gavel-solve"), path, NULL };
	const char *ver1[] = { gvt_bin("gavel-verify"), "allocation", path,
		good, NULL };
	const char *ver2[] = { gvt_bin("gavel-verify"), "allocation", good,
		path, NULL };
	const char *const *runs[] = { solve, ver1, ver2 };
	char want[4200];
	struct gvt_run r;
	size_t i;

	cr_assert_eq(gvt_run(&r, gen), 0);
	cr_assert_eq(gvt_write_file(good, r.out, strlen(r.out)), 0);
	gvt_run_free(&r);
	for (i = 0; i < 3; i++) {
		snprintf(want, sizeof(want), "%s: %s: %s\n",
		    i == 0 ? "gavel-solve" : "gavel-verify", path, problem);
		cr_assert_eq(gvt_run(&r, runs[i]), 0);
		cr_assert_eq(r.status, 2, "run %zu: %s", i, r.err);
		cr_assert_str_eq(r.err, want, "run %zu", i);
		gvt_run_free(&r);
	}
}

Test(untrusted, a_directory_argument_is_exit_2)
{
	const char *d = gvt_tmp("adir");

	cr_assert_eq(mkdir(d, 0700), 0);
	bad_file(d, "is a directory");
}

Test(untrusted, a_fifo_argument_is_exit_2_without_blocking, .timeout = 60)
{
	const char *f = gvt_tmp("afifo");

	cr_assert_eq(mkfifo(f, 0600), 0);
	bad_file(f, "not a regular file");
}

Test(untrusted, a_missing_file_is_exit_2)
{
	bad_file(gvt_tmp("missing.json"), "cannot open: No such file or "
	    "directory");
}

Test(untrusted, an_unreadable_file_is_exit_2)
{
	const char *f = gvt_tmp("unreadable.json");

	if (geteuid() == 0)
		cr_skip_test("running as root: mode 000 files are readable");
	cr_assert_eq(gvt_write_file(f, "{}", 2), 0);
	cr_assert_eq(chmod(f, 0), 0);
	bad_file(f, "cannot open: Permission denied");
}

Test(untrusted, an_output_in_a_missing_directory_is_exit_2)
{
	const char *bs = gvt_tmp("bs.json");
	const char *out = gvt_tmp("no/such/dir/alloc.json");
	const char *gen[] = { gvt_bin("gavel-gen"), "--rollups", "3",
		"--bids", "5", NULL };
	const char *solve[] = { gvt_bin("gavel-solve"), "-q", "-o", out, bs,
		NULL };
	char want[4200];
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, gen), 0);
	cr_assert_eq(gvt_write_file(bs, r.out, strlen(r.out)), 0);
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, solve), 0);
	cr_assert_eq(r.status, 2, "%s", r.err);
	snprintf(want, sizeof(want), "gavel-solve: %s: cannot create a "
	    "temporary file beside it: No such file or directory\n", out);
	cr_assert_str_eq(r.err, want);
	gvt_run_free(&r);
}
