/* test_boundcert.c: bound certificates against the corpus and exhaustive search (formats/bound-certificate.md) */
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <gmp.h>

#include "alloc.h"
#include "boundcert.h"
#include "certify.h"
#include "json.h"
#include "solve.h"
#include "testgen.h"
#include "brute.h"
#include "util.h"

/* Messages name files as given: run from the repository root, as the corpus does. */
static void
at_root(void)
{
	const char *r = getenv("GAVEL_ROOT");

	cr_assert_eq(chdir(r ? r : "."), 0);
}

TestSuite(boundcert, .init = at_root, .timeout = 120);

/* ---- rationals ---- */

static void
rational_ok(const char *s, const char *want)
{
	struct gv_err e = { 0, "" };
	mpq_t q;
	char *got;

	mpq_init(q);
	cr_assert_eq(gv_rational_parse(q, s, "d", "p", &e), GV_OK, "%s: %s",
	    s, e.msg);
	got = gv_rational_str(q);
	cr_assert_str_eq(got, want);
	free(got);
	mpq_clear(q);
}

static void
rational_bad(const char *s, const char *msg)
{
	struct gv_err e = { 0, "" };
	mpq_t q;

	mpq_init(q);
	cr_assert_eq(gv_rational_parse(q, s, "d", "p", &e), GV_MALFORMED, "%s",
	    s);
	cr_assert_str_eq(e.msg, msg, "%s", s);
	mpq_clear(q);
}

Test(boundcert, rationals_have_one_spelling)
{
	char big[260];

	rational_ok("0", "0");
	rational_ok("7", "7");
	rational_ok("-7", "-7");
	rational_ok("201/2", "201/2");
	rational_ok("-3/4", "-3/4");
	rational_bad("", "d: p: bad rational \"\": expected N or N/D in "
	    "decimal digits, with an optional leading \"-\"");
	rational_bad("1/", "d: p: bad rational \"1/\": expected N or N/D in "
	    "decimal digits, with an optional leading \"-\"");
	rational_bad("+1", "d: p: bad rational \"+1\": expected N or N/D in "
	    "decimal digits, with an optional leading \"-\"");
	rational_bad("1/2/3", "d: p: bad rational \"1/2/3\": expected N or "
	    "N/D in decimal digits, with an optional leading \"-\"");
	rational_bad("01", "d: p: rational has a leading zero");
	rational_bad("1/02", "d: p: rational has a leading zero");
	rational_bad("-0", "d: p: rational zero must be written \"0\"");
	rational_bad("0/2", "d: p: rational is not in lowest terms");
	rational_bad("4/1", "d: p: rational denominator must be greater "
	    "than 1");
	rational_bad("4/0", "d: p: rational denominator must be greater "
	    "than 1");
	rational_bad("6/4", "d: p: rational is not in lowest terms");
	memset(big, '9', 201);
	big[201] = '\0';
	rational_bad(big, "d: p: rational has 201 digits in one part, the "
	    "limit is 200");
	big[200] = '\0';
	rational_ok(big, big);
}

/* ---- the corpus ---- */

/* Every epoch of corpus/valid with a certificate, and what verifying it proves. */
static const struct {
	const char *name, *verdict;
} corpus[] = {
	{ "example-epoch", "bound 7474 proven, gap 0.004682901" },
	{ "wei-epoch", "optimal (proven: bound - value < 1)" },
	{ "small-epoch", "optimal (proven: bound - value < 1)" },
	{ "zero-reserve-epoch", "optimal (proven: bound - value < 1)" },
	{ "hand-epoch", "optimal (proven: bound - value < 1)" },
	{ "hand-ties", "optimal (proven: bound - value < 1)" },
	{ "clique-epoch", "optimal (proven: bound - value < 1)" },
	{ "odd-cycle-epoch", "optimal (proven: bound - value < 1)" },
	{ NULL, NULL }
};

Test(boundcert, corpus_certificates_verify_and_say_what_they_prove)
{
	char bs[256], al[256], ce[256], want[256];
	struct gvt_run r;
	size_t i;

	for (i = 0; corpus[i].name != NULL; i++) {
		snprintf(bs, sizeof(bs), "corpus/valid/%s.json", corpus[i].name);
		snprintf(al, sizeof(al), "corpus/valid/%s.allocation.json",
		    corpus[i].name);
		snprintf(ce, sizeof(ce), "corpus/valid/%s.bound-certificate.json",
		    corpus[i].name);
		{
			const char *argv[] = { gvt_bin("gavel-verify"),
				"allocation", bs, al, "--bound-certificate", ce,
				NULL };

			cr_assert_eq(gvt_run(&r, argv), 0);
		}
		cr_assert_eq(r.status, 0, "%s: %s", ce, r.err);
		snprintf(want, sizeof(want), "; %s\n", corpus[i].verdict);
		cr_assert(strlen(r.out) > strlen(want) && strcmp(r.out +
		    strlen(r.out) - strlen(want), want) == 0, "%s: %s", ce,
		    r.out);
		gvt_run_free(&r);
		/* the option may come first, too; without it nothing is claimed */
		{
			const char *argv[] = { gvt_bin("gavel-verify"),
				"allocation", "--bound-certificate", ce, bs, al,
				NULL };

			cr_assert_eq(gvt_run(&r, argv), 0);
			cr_assert_eq(r.status, 0, "%s: %s", ce, r.err);
			gvt_run_free(&r);
		}
		{
			const char *argv[] = { gvt_bin("gavel-verify"),
				"allocation", bs, al, NULL };

			cr_assert_eq(gvt_run(&r, argv), 0);
			cr_assert_eq(r.status, 0);
			cr_assert(strstr(r.out, "; optimality not checked\n"));
			gvt_run_free(&r);
		}
	}
}

Test(boundcert, corpus_certificates_regenerate_to_the_same_bytes)
{
	char bs[256], ce[256];
	const char *out = gvt_tmp("cert.json"), *alo = gvt_tmp("alloc.json");
	char *want, *got;
	struct gvt_run r;
	size_t i;

	for (i = 0; corpus[i].name != NULL; i++) {
		snprintf(bs, sizeof(bs), "corpus/valid/%s.json", corpus[i].name);
		snprintf(ce, sizeof(ce), "corpus/valid/%s.bound-certificate.json",
		    corpus[i].name);
		{
			const char *argv[] = { gvt_bin("gavel-solve"), "-q",
				"--certify", out, "-o", alo, bs, NULL };

			cr_assert_eq(gvt_run(&r, argv), 0);
		}
		cr_assert_eq(r.status, 0, "%s: %s", bs, r.err);
		gvt_run_free(&r);
		cr_assert_not_null(want = gvt_read_file(ce, NULL));
		cr_assert_not_null(got = gvt_read_file(out, NULL));
		cr_assert_str_eq(got, want, "%s", ce);
		free(want);
		free(got);
	}
}

/* Line n (1-based) of text into out, without its newline. */
static void
line(const char *text, int n, char *out, size_t len)
{
	const char *p = text, *nl;

	while (--n > 0) {
		cr_assert_not_null(p = strchr(p, '\n'), "too few lines");
		p++;
	}
	cr_assert_not_null(nl = strchr(p, '\n'));
	cr_assert_lt((size_t)(nl - p), len);
	memcpy(out, p, (size_t)(nl - p));
	out[nl - p] = '\0';
}

Test(boundcert, every_tampered_certificate_is_rejected_with_its_reason)
{
	char file[512], want[2048], bs[512], al[512], code[16], w[2100];
	struct gvt_run r;
	glob_t g;
	size_t i;
	char *ex;

	cr_assert_eq(glob("corpus/invalid/boundcert-*.expect", 0, NULL, &g),
	    0);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *e = g.gl_pathv[i];

		cr_assert_not_null(ex = gvt_read_file(e, NULL), "%s", e);
		snprintf(file, sizeof(file), "%.*s.json",
		    (int)(strlen(e) - strlen(".expect")), e);
		line(ex, 1, code, sizeof(code));
		line(ex, 2, want, sizeof(want));
		line(ex, 3, bs, sizeof(bs));
		line(ex, 4, al, sizeof(al));
		{
			const char *argv[] = { gvt_bin("gavel-verify"),
				"allocation", bs, al, "--bound-certificate",
				file, NULL };

			cr_assert_eq(gvt_run(&r, argv), 0);
		}
		snprintf(w, sizeof(w), "%s\n", want);
		cr_assert_eq(r.status, atoi(code), "%s: exit %d; %s", e,
		    r.status, r.err);
		cr_assert_str_eq(r.err, w, "%s", e);
		cr_assert_str_empty(r.out, "%s", e);
		gvt_run_free(&r);
		free(ex);
	}
	cr_assert_geq(i, 20);
	globfree(&g);
}

Test(boundcert, usage_errors_name_the_synopsis)
{
	const char *argv[] = { gvt_bin("gavel-verify"), "allocation",
		"corpus/valid/hand-epoch.json",
		"corpus/valid/hand-epoch.allocation.json", "--bound-certificate",
		NULL };
	const char *argv2[] = { gvt_bin("gavel-verify"), "allocation",
		"corpus/valid/hand-epoch.json", "--bound-certificte", "x",
		"corpus/valid/hand-epoch.allocation.json", NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: --bound-certificate: expected one "
	    "file (usage: gavel-verify allocation BIDSET.json ALLOCATION.json "
	    "[--bound-certificate CERT.json] [--stake-table TABLE.json | "
	    "--trust-root DIGEST --chain CHAIN.json] "
	    "[--bidset-certificate CERT.json])\n");
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, argv2), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-verify: allocation: unknown option "
	    "\"--bound-certificte\"\nusage: gavel-verify allocation BIDSET.json "
	    "ALLOCATION.json [--bound-certificate CERT.json] "
	    "[--stake-table TABLE.json | --trust-root DIGEST --chain "
	    "CHAIN.json] [--bidset-certificate CERT.json]\n");
	gvt_run_free(&r);
}

/* ---- exhaustive search ---- */

/* The best value of any feasible allocation (tests/brute.c). */
static void
optimum(const struct gv_bidset *bs, mpz_t out)
{
	size_t nwin, nodes;

	gvt_brute_force(bs, out, &nwin, &nodes);
}

static const struct gv_solve_opts opts = { .time_limit_ms = 60000 };

/*
 * Solve and certify bs, check the certificate as an auditor would (from
 * its bytes) and return its bound in bound; *integral tells whether the
 * LP with cliques ended integral.
 */
static void
certified(const struct gv_bidset *bs, mpz_t value, mpz_t bound,
    int *integral)
{
	struct gv_solve_info info;
	struct gv_certify_info ci;
	struct gv_err e = { 0, "" };
	struct gv_alloc a;
	json_t *doc, *cert;
	char *text;

	gv_alloc_init(&a);
	cr_assert_eq(gv_solve(bs, &opts, &a, &info, &e), GV_OK, "%s", e.msg);
	cr_assert_not_null(doc = gv_alloc_json(bs, &a));
	cr_assert_eq(gv_certify(bs, doc, 60000, &text, &ci, &e), GV_OK, "%s",
	    e.msg);
	cr_assert_eq(gv_json_parse(text, strlen(text), "cert", &cert, &e),
	    GV_OK, "%s", e.msg);
	cr_assert_eq(gv_boundcert_check(bs, doc, cert, "cert", bound, &e),
	    GV_OK, "%s", e.msg);
	mpz_set(value, a.value);
	*integral = ci.integral;
	json_decref(cert);
	json_decref(doc);
	free(text);
	gv_alloc_free(&a);
}

static void
cross_check(unsigned scale, size_t instances, unsigned long long seed0,
    int dense)
{
	struct gvt_rand p;
	struct gv_bidset bs;
	size_t k, proven = 0, integral_n = 0;
	mpz_t best, value, bound;
	int integral;

	mpz_inits(best, value, bound, NULL);
	for (k = 0; k < instances; k++) {
		memset(&p, 0, sizeof(p));
		p.seed = seed0 + k;
		p.nrollups = 2 + (unsigned)(k % 11);
		p.nbids = 3 + (unsigned)((k * 7) % 34);
		p.maxb = 1 + (unsigned)(k % 4);
		p.xor_pct = (unsigned)(k % 3) * 25;
		p.zero_pct = (unsigned)(k % 5) * 20;
		p.dup_pct = (unsigned)(k % 4) * 15;
		p.scale = scale;
		if (dense) {
			/* big bundles on few rollups: fractional LPs, odd cycles */
			p.nrollups = 6 + (unsigned)(k % 5);
			p.nbids = 20 + (unsigned)(k % 17);
			p.maxb = 3 + (unsigned)(k % 3);
			p.dup_pct = 0;
		}
		gvt_load(gvt_random(&p), &bs);
		optimum(&bs, best);
		certified(&bs, value, bound, &integral);
		cr_assert(mpz_cmp(bound, best) >= 0,
		    "instance %zu: certified bound below the true optimum", k);
		cr_assert(mpz_cmp(value, best) <= 0, "instance %zu", k);
		/*
		 * An integral LP optimum is an allocation worth the LP bound:
		 * the optimum itself, and the exact duals prove it.
		 */
		if (integral) {
			integral_n++;
			cr_assert(mpz_cmp(bound, best) == 0, "instance %zu: "
			    "the LP with cliques is integral but the bound is "
			    "above the optimum", k);
		}
		proven += mpz_cmp(bound, value) == 0;
		gv_bidset_free(&bs);
	}
	cr_log_info("boundcert: scale %u: %zu of %zu instances proven "
	    "optimal by their certificate, %zu with an integral LP", scale,
	    proven, instances, integral_n);
	/* the certificates must actually prove something in most cases */
	cr_assert_geq(integral_n, instances / (dense ? 4 : 2));
	mpz_clears(best, value, bound, NULL);
}

Test(boundcert, certified_bounds_are_never_below_the_optimum, .timeout = 120)
{
	cross_check(0, 400, 31000, 0);
}

Test(boundcert, dense_epochs_get_a_bound_and_often_a_proof, .timeout = 120)
{
	cross_check(0, 200, 33000, 1);
}

Test(boundcert, certified_bounds_hold_for_amounts_near_1e30, .timeout = 120)
{
	cross_check(29, 200, 37000, 0);
}
