/* test_install.c: make install into a staging directory, a program linked against the installed library, make uninstall (docs/API.md) */
#include <sys/stat.h>

#include <dirent.h>
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

/*
 * make runs from the tests under make check: MAKEFLAGS carries SANITIZE,
 * so the build under test is the one installed (and gavel.pc then asks for
 * the sanitizers at link time).
 */
TestSuite(install, .init = at_root, .timeout = 300);

static void
sh(struct gvt_run *r, const char *cmd)
{
	const char *argv[] = { "/bin/sh", "-c", cmd, NULL };

	cr_assert_eq(gvt_run(r, argv), 0, "%s", cmd);
}

static void
installed(const char *stage, const char *rel)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/usr/local/%s", stage, rel);
	cr_assert_eq(access(path, R_OK), 0, "not installed: %s", path);
}

/* How many regular files are under dir (recursively). */
static size_t
files_under(const char *dir)
{
	char cmd[1024];
	struct gvt_run r;
	size_t n;

	snprintf(cmd, sizeof(cmd), "find '%s' -type f | wc -l", dir);
	sh(&r, cmd);
	cr_assert_eq(r.status, 0);
	n = (size_t)strtoul(r.out, NULL, 10);
	gvt_run_free(&r);
	return n;
}

Test(install, make_install_stages_all_and_a_program_links_the_verifier)
{
	const char *dir = getenv("GAVEL_BIN") ? getenv("GAVEL_BIN") : "bin";
	char stage[512], prog[512], cmd[4096], rel[512];
	struct dirent *d;
	struct gvt_run r;
	size_t ntools = 0;
	DIR *dp;

	snprintf(stage, sizeof(stage), "%s", gvt_tmp("stage"));
	snprintf(prog, sizeof(prog), "%s", gvt_tmp("verify-allocation"));
	snprintf(cmd, sizeof(cmd), "make -s install PREFIX=/usr/local "
	    "DESTDIR='%s'", stage);
	sh(&r, cmd);
	cr_assert_eq(r.status, 0, "make install: %s", r.err);
	gvt_run_free(&r);

	/* every tool of the build, its page, the library, headers, .pc */
	cr_assert_not_null(dp = opendir(dir));
	while ((d = readdir(dp)) != NULL) {
		if (strncmp(d->d_name, "gavel-", 6) != 0)
			continue;
		snprintf(rel, sizeof(rel), "bin/%s", d->d_name);
		installed(stage, rel);
		snprintf(rel, sizeof(rel), "share/man/man1/%s.1", d->d_name);
		installed(stage, rel);
		ntools++;
	}
	closedir(dp);
	cr_assert_geq(ntools, 6);
	installed(stage, "share/man/man5/gavel-formats.5");
	installed(stage, "lib/libgavel.a");
	installed(stage, "lib/pkgconfig/gavel.pc");
	installed(stage, "include/gavel/alloc.h");
	installed(stage, "include/gavel/err.h");
	installed(stage, "share/doc/gavel/API.md");
	installed(stage, "share/doc/gavel/formats/allocation.md");

	/*
	 * Only what pkg-config says: the installed headers and library
	 * (PKG_CONFIG_SYSROOT_DIR puts the staging directory before them).
	 */
	snprintf(cmd, sizeof(cmd), "PKG_CONFIG_PATH='%s/usr/local/lib/pkgconfig'"
	    " PKG_CONFIG_SYSROOT_DIR='%s'; export PKG_CONFIG_PATH "
	    "PKG_CONFIG_SYSROOT_DIR; test \"$(pkg-config --modversion gavel)\" "
	    "= \"$('%s/usr/local/bin/gavel-verify' --version | sed -n "
	    "'1s/^gavel-verify //p')\" && ${CC:-cc} -std=c99 -Wall -Wextra "
	    "-Werror -o '%s' docs/verify-allocation.c $(pkg-config --cflags "
	    "--libs gavel)", stage, stage, stage, prog);
	sh(&r, cmd);
	cr_assert_eq(r.status, 0, "build against the install: %s", r.err);
	gvt_run_free(&r);

	{
		const char *ok[] = { prog, "corpus/valid/example-epoch.json",
			"corpus/valid/example-epoch.allocation.json", NULL };
		const char *bad[] = { prog, "corpus/valid/hand-epoch.json",
			"corpus/invalid/allocation-wrong-payment.json", NULL };

		cr_assert_eq(gvt_run(&r, ok), 0);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert_str_eq(r.out, "valid: epoch 1 of example, 300 bids\n");
		gvt_run_free(&r);
		cr_assert_eq(gvt_run(&r, bad), 0);
		cr_assert_eq(r.status, 1, "%s", r.err);
		cr_assert_str_eq(r.err, "verify-allocation: corpus/invalid/"
		    "allocation-wrong-payment.json: winners[0].pays: payment "
		    "differs from the amount of bid \"b1\" (first price: a "
		    "winner pays its bid)\n");
		gvt_run_free(&r);
	}

	/* the installed gavel-verify agrees */
	snprintf(cmd, sizeof(cmd), "'%s/usr/local/bin/gavel-verify' allocation "
	    "corpus/valid/example-epoch.json "
	    "corpus/valid/example-epoch.allocation.json", stage);
	sh(&r, cmd);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);

	/* and make uninstall leaves no file behind */
	cr_assert_gt(files_under(stage), 0);
	snprintf(cmd, sizeof(cmd), "make -s uninstall PREFIX=/usr/local "
	    "DESTDIR='%s'", stage);
	sh(&r, cmd);
	cr_assert_eq(r.status, 0, "make uninstall: %s", r.err);
	gvt_run_free(&r);
	cr_assert_eq(files_under(stage), 0, "files left after make uninstall");
}
