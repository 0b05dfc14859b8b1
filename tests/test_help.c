/* test_help.c: --help, --version, --list-options and usage errors of every tool and gavel-verify command (README.md, "Commands") */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "util.h"
#include "version.h"

/* Examples name corpus files relative to the repository root. */
static void
at_root(void)
{
	const char *r = getenv("GAVEL_ROOT");

	cr_assert_eq(chdir(r ? r : "."), 0);
}

TestSuite(help, .init = at_root, .timeout = 120);

#define MAXN 64

/* The tools: every executable in $GAVEL_BIN, so new ones are walked too. */
static size_t
tools(char names[MAXN][64])
{
	const char *dir = getenv("GAVEL_BIN") ? getenv("GAVEL_BIN") : "bin";
	struct dirent *d;
	struct stat st;
	char path[4096];
	size_t n = 0;
	DIR *dp;

	cr_assert_not_null(dp = opendir(dir), "%s", dir);
	while ((d = readdir(dp)) != NULL) {
		if (strncmp(d->d_name, "gavel-", 6) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
		    access(path, X_OK) != 0)
			continue;
		cr_assert_lt(n, MAXN);
		cr_assert_lt(strlen(d->d_name), 64);
		strcpy(names[n++], d->d_name);
	}
	closedir(dp);
	return n;
}

static int
has_name(char names[MAXN][64], size_t n, const char *want)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], want) == 0)
			return 1;
	return 0;
}

/*
 * gavel-verify's commands, read from its own --help: the lines indented by
 * two spaces between "Commands:" and the next blank line.
 */
static size_t
commands(char names[MAXN][64])
{
	const char *argv[] = { gvt_bin("gavel-verify"), "--help", NULL };
	struct gvt_run r;
	const char *p;
	size_t n = 0, len;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0);
	cr_assert_not_null(p = strstr(r.out, "Commands:\n"), "%s", r.out);
	for (p = strchr(p, '\n') + 1; *p != '\0' && *p != '\n';
	    p = strchr(p, '\n') + 1) {
		if (strncmp(p, "  ", 2) == 0 && p[2] != ' ') {
			len = strcspn(p + 2, " \n");
			cr_assert_lt(n, MAXN);
			cr_assert_lt(len, 64);
			memcpy(names[n], p + 2, len);
			names[n++][len] = '\0';
		}
		cr_assert_not_null(strchr(p, '\n'));
	}
	gvt_run_free(&r);
	return n;
}

/* opt appears in text as a whole word (not inside --threads-max, say). */
static int
mentions(const char *text, const char *opt)
{
	const char *p = text;
	size_t n = strlen(opt);

	while ((p = strstr(p, opt)) != NULL) {
		char before = p == text ? ' ' : p[-1], after = p[n];

		if (!isalnum((unsigned char)before) && before != '-' &&
		    !isalnum((unsigned char)after) && after != '-')
			return 1;
		p += n;
	}
	return 0;
}

/* Every corpus/ path the text names exists in the repository. */
static void
corpus_paths_exist(const char *text, const char *what)
{
	const char *p = text;
	char path[512];
	size_t len;

	while ((p = strstr(p, "corpus/")) != NULL) {
		len = strcspn(p, " \t\n\\|&;)\"'");
		cr_assert_lt(len, sizeof(path));
		memcpy(path, p, len);
		path[len] = '\0';
		cr_assert_eq(access(path, R_OK), 0, "%s names %s, not in the "
		    "repository", what, path);
		p += len;
	}
}

/*
 * argv0.. (ending with NULL before the option) --help: exit 0, nothing on
 * stderr, the synopsis, exit status and 2+ examples starting with prefix,
 * every corpus file named exists; -h prints the same; and every option
 * that --list-options reports (the table the code parses with) is in it.
 * Returns the help text (free it).
 */
static char *
check_help(const char *a0, const char *a1, const char *prefix)
{
	const char *help[] = { a0, a1 ? a1 : "--help", a1 ? "--help" : NULL,
		NULL };
	const char *h[] = { a0, a1 ? a1 : "-h", a1 ? "-h" : NULL, NULL };
	const char *lo[] = { a0, a1 ? a1 : "--list-options",
		a1 ? "--list-options" : NULL, NULL };
	struct gvt_run r, rh, rl;
	char ex[128], *text, *opt;
	const char *p;
	int nex = 0;

	cr_assert_eq(gvt_run(&r, help), 0);
	cr_assert_eq(r.status, 0, "%s --help: exit %d: %s", prefix, r.status,
	    r.err);
	cr_assert_str_empty(r.err, "%s --help", prefix);
	cr_assert(strncmp(r.out, "usage: ", 7) == 0, "%s --help starts %.40s",
	    prefix, r.out);
	cr_assert(strstr(r.out, "\nexit status:\n") != NULL,
	    "%s --help: no exit status", prefix);
	cr_assert_not_null(p = strstr(r.out, "\nexamples"),
	    "%s --help: no examples", prefix);
	snprintf(ex, sizeof(ex), "\n  %s ", prefix);
	while ((p = strstr(p, ex)) != NULL) {
		nex++;
		p++;
	}
	cr_assert_geq(nex, 2, "%s --help: %d examples", prefix, nex);
	corpus_paths_exist(r.out, prefix);

	cr_assert_eq(gvt_run(&rh, h), 0);
	cr_assert_eq(rh.status, 0, "%s -h", prefix);
	cr_assert_str_eq(rh.out, r.out, "%s: -h and --help differ", prefix);
	gvt_run_free(&rh);

	cr_assert_eq(gvt_run(&rl, lo), 0);
	cr_assert_eq(rl.status, 0, "%s --list-options: %s", prefix, rl.err);
	cr_assert(strstr(rl.out, "--help\n") != NULL, "%s --list-options: %s",
	    prefix, rl.out);
	for (opt = strtok(rl.out, "\n"); opt != NULL; opt = strtok(NULL,
	    "\n"))
		cr_assert(mentions(r.out, opt), "%s --help does not mention "
		    "%s, an option it parses", prefix, opt);
	gvt_run_free(&rl);
	text = r.out;
	r.out = NULL;
	gvt_run_free(&r);
	return text;
}

/* An unknown option: named on stderr, then a one-line usage hint, exit 2. */
static void
check_unknown_option(const char *a0, const char *a1, const char *who)
{
	const char *argv[] = { a0, a1 ? a1 : "--no-such-option",
		a1 ? "--no-such-option" : NULL, NULL };
	struct gvt_run r;
	char want[256];
	const char *nl;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 2, "%s --no-such-option: exit %d", who,
	    r.status);
	cr_assert_str_empty(r.out, "%s --no-such-option", who);
	snprintf(want, sizeof(want), "%s: unknown option "
	    "\"--no-such-option\"\nusage: ", who);
	cr_assert(strncmp(r.err, want, strlen(want)) == 0,
	    "%s --no-such-option says:\n%s", who, r.err);
	nl = strchr(r.err + strlen(want), '\n');
	cr_assert(nl != NULL && nl[1] == '\0', "%s: a one-line hint:\n%s", who,
	    r.err);
	gvt_run_free(&r);
}

Test(help, every_tool_has_help_options_versions_and_names_a_bad_option)
{
	char names[MAXN][64];
	size_t n = tools(names), i;
	static const char *const known[] = { "gavel-solve", "gavel-verify",
		"gavel-gen", "gavel-canon", "gavel-certgen", "gavel-world" };

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		cr_assert(has_name(names, n, known[i]), "%s not in bin/",
		    known[i]);
	for (i = 0; i < n; i++) {
		char path[4096], first[128];
		const char *ver[] = { path, "--version", NULL };
		struct gvt_run r;

		snprintf(path, sizeof(path), "%s", gvt_bin(names[i]));
		free(check_help(path, NULL, names[i]));
		check_unknown_option(path, NULL, names[i]);

		cr_assert_eq(gvt_run(&r, ver), 0);
		cr_assert_eq(r.status, 0, "%s --version", names[i]);
		snprintf(first, sizeof(first), "%s %s\n", names[i],
		    GV_VERSION);
		cr_assert(strncmp(r.out, first, strlen(first)) == 0,
		    "%s --version: %s", names[i], r.out);
		cr_assert(strstr(r.out, "\nGMP ") != NULL, "%s", r.out);
		cr_assert(strstr(r.out, "\njansson ") != NULL, "%s", r.out);
		cr_assert(strstr(r.out, "\nlibsodium ") != NULL, "%s", r.out);
		/* the solver links GLPK; the auditor's tool never does */
		if (strcmp(names[i], "gavel-solve") == 0)
			cr_assert(strstr(r.out, "\nGLPK ") != NULL, "%s",
			    r.out);
		if (strcmp(names[i], "gavel-verify") == 0)
			cr_assert(strstr(r.out, "GLPK") == NULL, "%s", r.out);
		gvt_run_free(&r);
	}
}

Test(help, every_verify_command_has_help_and_names_a_bad_option)
{
	char names[MAXN][64], prefix[128], who[128], path[4096];
	size_t n = commands(names), i;
	static const char *const known[] = { "allocation", "inclusion",
		"certificate", "slashing" };

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		cr_assert(has_name(names, n, known[i]), "gavel-verify --help "
		    "does not list %s", known[i]);
	snprintf(path, sizeof(path), "%s", gvt_bin("gavel-verify"));
	for (i = 0; i < n; i++) {
		char *h;

		snprintf(prefix, sizeof(prefix), "gavel-verify %s", names[i]);
		snprintf(who, sizeof(who), "gavel-verify: %s", names[i]);
		h = check_help(path, names[i], prefix);
		cr_assert(strncmp(h + 7, prefix, strlen(prefix)) == 0,
		    "%s --help: %.60s", prefix, h);
		free(h);
		check_unknown_option(path, names[i], who);
	}
}

Test(help, an_unknown_command_is_named_and_the_commands_listed)
{
	const char *argv[] = { gvt_bin("gavel-verify"), "no-such-command",
		"x", "y", NULL };
	const char *cg[] = { gvt_bin("gavel-certgen"), "no-such-command",
		"x", NULL };
	char names[MAXN][64];
	size_t n = commands(names), i;
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_empty(r.out);
	cr_assert(strncmp(r.err, "gavel-verify: unknown command "
	    "\"no-such-command\"\nusage: gavel-verify COMMAND ARGS... "
	    "(COMMAND: ", 78) == 0, "%s", r.err);
	for (i = 0; i < n; i++)
		cr_assert(mentions(strchr(r.err, '\n'), names[i]),
		    "the hint does not list %s: %s", names[i], r.err);
	gvt_run_free(&r);

	cr_assert_eq(gvt_run(&r, cg), 0);
	cr_assert_eq(r.status, 2);
	cr_assert(strncmp(r.err, "gavel-certgen: unknown command "
	    "\"no-such-command\"\nusage: gavel-certgen ", 62) == 0, "%s",
	    r.err);
	gvt_run_free(&r);
}

/* What getopt rejects for other reasons is named too, escaped. */
Test(help, a_missing_argument_and_a_control_byte_are_reported_exactly)
{
	const char *miss[] = { gvt_bin("gavel-solve"), "-o", NULL };
	const char *noarg[] = { gvt_bin("gavel-solve"), "--quiet=1", "x",
		NULL };
	const char *ctl[] = { gvt_bin("gavel-verify"), "inclusion",
		"--\x1b[2J", NULL };
	const char *extra[] = { gvt_bin("gavel-solve"), "a.json", "b.json",
		NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, miss), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-solve: option \"-o\" needs an "
	    "argument\nusage: gavel-solve [options] BIDSET.json\n");
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, noarg), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-solve: option \"--quiet\" takes no "
	    "argument\nusage: gavel-solve [options] BIDSET.json\n");
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, ctl), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: inclusion: unknown option "
	    "\"--\\x1b[2J\"\nusage: gavel-verify inclusion PROOF.json\n");
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, extra), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-solve: unexpected argument "
	    "\"b.json\"\nusage: gavel-solve [options] BIDSET.json\n");
	gvt_run_free(&r);
}
