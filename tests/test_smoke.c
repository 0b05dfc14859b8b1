/* test_smoke.c: the example epoch end to end (formats/allocation.md) */
#include <criterion/criterion.h>

#include "util.h"

Test(smoke, solve_then_verify_generated_epoch)
{
	struct gvt_run r;
	const char *gen[] = { gvt_bin("gavel-gen"), "--rollups", "12",
		"--bids", "40", "--seed", "7", NULL };
	const char *bs = gvt_tmp("smoke-bidset.json");
	const char *al = gvt_tmp("smoke-alloc.json");

	cr_assert_eq(gvt_run(&r, gen), 0);
	cr_assert_eq(r.status, 0, "gavel-gen: %s", r.err);
	cr_assert_eq(gvt_write_file(bs, r.out, strlen(r.out)), 0);
	gvt_run_free(&r);
	{
		const char *solve[] = { gvt_bin("gavel-solve"), "-q", "-o", al,
			bs, NULL };
		cr_assert_eq(gvt_run(&r, solve), 0);
		cr_assert_eq(r.status, 0, "gavel-solve: %s", r.err);
		cr_assert_str_empty(r.out);
		gvt_run_free(&r);
	}
	{
		const char *ver[] = { gvt_bin("gavel-verify"), "allocation", bs,
			al, NULL };
		cr_assert_eq(gvt_run(&r, ver), 0);
		cr_assert_eq(r.status, 0, "gavel-verify: %s", r.err);
		cr_assert(strncmp(r.out, "valid: ", 7) == 0);
		gvt_run_free(&r);
	}
}
