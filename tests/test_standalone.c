/* test_standalone.c: the repository stands alone, every test input inside it (README.md, "Quick start") */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "util.h"

/* A test that reaches outside the repository stops at once. */
Test(standalone, a_test_path_outside_the_repository_aborts,
    .signal = SIGABRT)
{
	gvt_path("../shared/vectors/wycheproof/ed25519_test.json");
}

Test(standalone, an_absolute_test_path_aborts, .signal = SIGABRT)
{
	gvt_path("/etc/passwd");
}

Test(standalone, a_path_climbing_out_midway_aborts, .signal = SIGABRT)
{
	gvt_path("corpus/../../shared/x");
}

/*
 * scripts/test.sh runs the suite in a copy of the repository with nothing
 * beside it (GAVEL_TEST_ISOLATED=1): check that it really is alone, so
 * that a file read from ../ would be missing as on a bare clone.
 */
Test(standalone, under_test_sh_the_copy_has_nothing_beside_it)
{
	const char *root = getenv("GAVEL_ROOT");
	char parent[4096];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	if (getenv("GAVEL_TEST_ISOLATED") == NULL)
		cr_skip_test("only under scripts/test.sh");
	cr_assert_not_null(root);
	cr_assert_lt(strlen(root) + 4, sizeof(parent));
	snprintf(parent, sizeof(parent), "%s/..", root);
	cr_assert_not_null(dir = opendir(parent), "%s", parent);
	while ((d = readdir(dir)) != NULL)
		if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0)
			n++;
	closedir(dir);
	cr_assert_eq(n, 1, "%s holds %d entries, expected only the copy",
	    parent, n);
}
