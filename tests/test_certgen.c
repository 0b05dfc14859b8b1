/* test_certgen.c: gavel-certgen certifies exactly the allocation it is given, or refuses it (formats/certificate.md; issue 15) */
#include <sys/stat.h>

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

TestSuite(certgen, .init = at_root, .timeout = 60);

/*
 * Another allocation than the example (marketplace example, epoch 1): the
 * certificate written is for that document, in its marketplace and epoch,
 * and gavel-verify accepts it with the file itself as DOCUMENT.
 */
Test(certgen, the_certificate_is_for_the_allocation_given)
{
	const char *alloc = "corpus/valid/example-epoch.allocation.json";
	const char *gen[] = { gvt_bin("gavel-certgen"), "corpus",
		gvt_tmp("out"), alloc, NULL };
	char table[600], cert[600];
	const char *ver[] = { gvt_bin("gavel-verify"), "certificate", table,
		cert, alloc, NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, gen), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	snprintf(table, sizeof(table), "%s/valid/cert-allocation.table.json",
	    gvt_tmp("out"));
	snprintf(cert, sizeof(cert), "%s/valid/cert-allocation.cert.json",
	    gvt_tmp("out"));
	cr_assert_eq(gvt_run(&r, ver), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	/* the digest is gavel-canon's of the file (kind allocation) */
	cr_assert_str_eq(r.out, "valid: certificate of allocation "
	    "3f4d1d13b973302f49d16170da3500eabcf314f4801c484f048d13c06806d81a in "
	    "epoch 1 of marketplace example, the digest of the document: 4 "
	    "signatures verified, signed stake 400 of total 500, threshold 334 "
	    "(more than 2/3); stake table taken on trust (no --trust-root)\n");
	gvt_run_free(&r);
}

/* Anything but an allocation: refused, nothing written. */
Test(certgen, what_is_not_an_allocation_is_refused_and_nothing_written)
{
	static const struct {
		const char *name, *text, *err;
	} cases[] = {
		{ "bidset", NULL, "corpus/valid/example-epoch.json: format: "
		    "gavel.bidset.v1 is not an allocation (gavel.allocation.*): "
		    "no allocation certificate for it" },
		{ "no-format", "{\"marketplace\": \"x\", \"epoch\": 1}\n",
		    "format: missing: not an allocation, no allocation "
		    "certificate for it" },
		{ "no-epoch", "{\"format\": \"gavel.allocation.v1\", "
		    "\"marketplace\": \"x\"}\n", "epoch: missing" },
		{ "real", "{\"format\": \"gavel.allocation.v1\", \"marketplace\":"
		    " \"x\", \"epoch\": 1, \"value\": 1.5}\n", "value: must be an "
		    "integer (no fraction or exponent)" },
	};
	char in[600], want[1024], out[600];
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *gen[] = { gvt_bin("gavel-certgen"), "corpus", out,
			in, NULL };
		struct gvt_run r;

		snprintf(out, sizeof(out), "%s/out-%zu", gvt_tmpdir(), i);
		if (cases[i].text == NULL)
			snprintf(in, sizeof(in), "corpus/valid/example-epoch.json");
		else {
			snprintf(in, sizeof(in), "%s/%s.json", gvt_tmpdir(),
			    cases[i].name);
			cr_assert_eq(gvt_write_file(in, cases[i].text,
			    strlen(cases[i].text)), 0);
		}
		cr_assert_eq(gvt_run(&r, gen), 0);
		cr_assert_eq(r.status, 2, "%s: exit %d", cases[i].name,
		    r.status);
		if (cases[i].text == NULL)
			snprintf(want, sizeof(want), "gavel-certgen: %s\n",
			    cases[i].err);
		else
			snprintf(want, sizeof(want), "gavel-certgen: %s: %s\n",
			    in, cases[i].err);
		cr_assert_str_eq(r.err, want, "%s", cases[i].name);
		cr_assert_neq(stat(out, &st), 0, "%s: %s written",
		    cases[i].name, out);
		gvt_run_free(&r);
	}
}
