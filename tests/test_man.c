/* test_man.c: a man page for every tool, each rendering without groff warnings and naming every option (README.md, "Install") */
#include <sys/stat.h>

#include <dirent.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "util.h"

static void
at_root(void)
{
	const char *r = getenv("GAVEL_ROOT");

	cr_assert_eq(chdir(r ? r : "."), 0);
}

TestSuite(man, .init = at_root, .timeout = 120);

/* sh -c cmd; its exit status, stdout and stderr in r. */
static void
sh(struct gvt_run *r, const char *cmd)
{
	const char *argv[] = { "/bin/sh", "-c", cmd, NULL };

	cr_assert_eq(gvt_run(r, argv), 0, "%s", cmd);
}

Test(man, every_page_renders_without_a_warning)
{
	char cmd[1024];
	struct gvt_run r;
	glob_t g;
	size_t i;

	cr_assert_eq(glob("man/*.[1-8]", 0, NULL, &g), 0);
	cr_assert_geq(g.gl_pathc, 7);
	for (i = 0; i < g.gl_pathc; i++) {
		/* the default width, and a terminal of 80 columns as man uses */
		snprintf(cmd, sizeof(cmd), "groff -t -man -ww -z -Tutf8 %s && "
		    "groff -t -man -ww -z -Tutf8 -rLL=78n %s", g.gl_pathv[i],
		    g.gl_pathv[i]);
		sh(&r, cmd);
		cr_assert_eq(r.status, 0, "%s: %s", g.gl_pathv[i], r.err);
		cr_assert_str_empty(r.err, "%s", g.gl_pathv[i]);
		gvt_run_free(&r);
	}
	globfree(&g);
}

/* The rendered page, as plain ASCII on one long line per paragraph. */
static char *
render(const char *page)
{
	char cmd[1024];
	struct gvt_run r;
	char *out;

	snprintf(cmd, sizeof(cmd), "groff -t -man -Tascii -P-cbou -rLL=250n "
	    "-rHY=0 %s", page);
	sh(&r, cmd);
	cr_assert_eq(r.status, 0, "%s: %s", page, r.err);
	out = r.out;
	r.out = NULL;
	gvt_run_free(&r);
	return out;
}

/* opt appears in text as a whole word. */
static int
mentions(const char *text, const char *opt)
{
	const char *p = text;
	size_t n = strlen(opt);

	while ((p = strstr(p, opt)) != NULL) {
		char b = p == text ? ' ' : p[-1], a = p[n];

		if (b != '-' && !(b >= 'a' && b <= 'z') && a != '-' &&
		    !(a >= 'a' && a <= 'z'))
			return 1;
		p += n;
	}
	return 0;
}

/* Every option that TOOL [CMD] --list-options reports is in text. */
static void
all_options_in(const char *text, const char *tool, const char *cmd,
    const char *page)
{
	const char *argv[] = { gvt_bin(tool), cmd ? cmd : "--list-options",
		cmd ? "--list-options" : NULL, NULL };
	struct gvt_run r;
	char *opt;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "%s --list-options", tool);
	for (opt = strtok(r.out, "\n"); opt != NULL; opt = strtok(NULL,
	    "\n"))
		cr_assert(mentions(text, opt), "%s does not mention %s (%s%s%s "
		    "parses it)", page, opt, tool, cmd ? " " : "",
		    cmd ? cmd : "");
	gvt_run_free(&r);
}

Test(man, every_tool_has_a_page_naming_every_option_it_parses)
{
	const char *dir = getenv("GAVEL_BIN") ? getenv("GAVEL_BIN") : "bin";
	static const char *const cmds[] = { "allocation", "inclusion",
		"certificate", "slashing" };
	char page[512], path[4096];
	struct dirent *d;
	struct stat st;
	size_t n = 0, i;
	DIR *dp;

	cr_assert_eq(access("man/gavel-formats.5", R_OK), 0);
	cr_assert_not_null(dp = opendir(dir), "%s", dir);
	while ((d = readdir(dp)) != NULL) {
		char *text;

		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (strncmp(d->d_name, "gavel-", 6) != 0 ||
		    stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		snprintf(page, sizeof(page), "man/%s.1", d->d_name);
		cr_assert_eq(access(page, R_OK), 0, "%s has no %s", d->d_name,
		    page);
		text = render(page);
		all_options_in(text, d->d_name, NULL, page);
		if (strcmp(d->d_name, "gavel-verify") == 0)
			for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
				cr_assert(mentions(text, cmds[i]), "%s: no %s",
				    page, cmds[i]);
				all_options_in(text, d->d_name, cmds[i], page);
			}
		free(text);
		n++;
	}
	closedir(dp);
	cr_assert_geq(n, 6);
}
