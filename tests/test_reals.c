/* test_reals.c: a real number inside a document digested whole is malformed, never an internal error (formats/README.md, "JSON subset") */
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

TestSuite(reals, .init = at_root, .timeout = 60);

/* corpus file src with its first `find` replaced by `repl`, into tmp name. */
static const char *
edited(const char *src, const char *find, const char *repl, const char *name)
{
	char *t, *p, *out;
	const char *path = gvt_tmp(name);
	size_t n;

	cr_assert_not_null(t = gvt_read_file(src, &n), "%s", src);
	cr_assert_not_null(p = strstr(t, find), "%s: no %s", src, find);
	cr_assert_not_null(out = malloc(n + strlen(repl) + 1));
	memcpy(out, t, (size_t)(p - t));
	strcpy(out + (p - t), repl);
	strcat(out, p + strlen(find));
	cr_assert_eq(gvt_write_file(path, out, strlen(out)), 0);
	free(t);
	free(out);
	return path;
}

static void
expect_exit2(const char *const argv[], const char *file, const char *msg)
{
	struct gvt_run r;
	char want[4096];

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 2, "exit %d: %s", r.status, r.err);
	snprintf(want, sizeof(want), "gavel-verify: %s: %s\n", file, msg);
	cr_assert_str_eq(r.err, want);
	gvt_run_free(&r);
}

/* Found by fuzz_verify_slashing: the evidence digest met 31.0 (exit 3). */
Test(reals, in_an_embedded_certificate_of_evidence)
{
	const char *f = edited("corpus/valid/slashing-inclusion.json",
	    "\"signer\": 0", "\"signer\": 0.0", "ev.json");
	const char *argv[] = { gvt_bin("gavel-verify"), "slashing",
		"--stake-table", "corpus/slashing-world/stake-table.json", f,
		NULL };

	expect_exit2(argv, f, "context.allocation_certificate.signatures[0]."
	    "signer: must be an integer (no fraction or exponent)");
}

/* The allocation a receipt is checked under is read only in part. */
Test(reals, in_the_allocation_a_receipt_is_checked_under)
{
	const char *f = edited("corpus/receipts/allocation.json",
	    "\"count\": 100", "\"count\": 1e2", "alloc.json");
	const char *argv[] = { gvt_bin("gavel-verify"), "receipt",
		"--stake-table", "corpus/receipts/stake-table.json",
		"--allocation", f, "--allocation-certificate",
		"corpus/receipts/allocation.cert.json",
		"corpus/receipts/receipt-scheduled.json", NULL };

	expect_exit2(argv, f, "slots.count: must be an integer (no fraction "
	    "or exponent)");
}

/* A certificate's DOCUMENT is any document: digested as it is. */
Test(reals, in_a_certificates_document)
{
	const char *f = edited("corpus/valid/cert-allocation.doc.json",
	    "\"count\": ", "\"count\": 0.5, \"more\": ", "doc.json");
	const char *argv[] = { gvt_bin("gavel-verify"), "certificate",
		"corpus/valid/cert-allocation.table.json",
		"corpus/valid/cert-allocation.cert.json", f, NULL };

	expect_exit2(argv, f, "slots.count: must be an integer (no fraction "
	    "or exponent)");
}

/* A challenge's allocation: the same rule holds (caught by its own checks). */
Test(reals, in_a_challenges_allocation)
{
	const char *f = edited("corpus/valid/challenge-epoch.challenge.json",
	    "\"count\": 1000", "\"count\": 1000.0", "ch.json");
	const char *argv[] = { gvt_bin("gavel-verify"), "challenge",
		"--stake-table", "corpus/valid/challenge-epoch.table.json",
		"corpus/valid/challenge-epoch.json",
		"corpus/valid/challenge-epoch.weak.json", f, NULL };

	expect_exit2(argv, f, "allocation.slots.count: must be an integer (no "
	    "fraction or exponent)");
}
