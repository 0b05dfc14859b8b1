/* test_lpexport.c: --write-lp/--write-mps solved by glpsol agree with gavel-solve (formats/lp-export.md) */
#define _GNU_SOURCE
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <gmp.h>
#include <jansson.h>

#include "alloc.h"
#include "bidset.h"
#include "sig.h"
#include "util.h"

/* glpsol, from glpk-utils (scripts/install-deps.sh). */
#define GLPSOL "/usr/bin/glpsol"

/* The bid id of column xK from the "column xK bid ID" comments. */
static const char *
column_bid(const char *text, const char *marker, long k, char *out,
    size_t len)
{
	char pat[64];
	const char *p, *q;

	snprintf(pat, sizeof(pat), "%s column x%ld bid ", marker, k);
	if ((p = strstr(text, pat)) == NULL)
		return NULL;
	p += strlen(pat);
	q = strchr(p, '\n');
	cr_assert_not_null(q);
	cr_assert_lt((size_t)(q - p), len);
	memcpy(out, p, (size_t)(q - p));
	out[q - p] = '\0';
	return out;
}

/* The integer after "MARKER KEY " in the header comments. */
static void
header_int(const char *text, const char *marker, const char *key, mpz_t out)
{
	char pat[64], digits[100];
	const char *p;

	snprintf(pat, sizeof(pat), "%s %s ", marker, key);
	p = strstr(text, pat);
	cr_assert_not_null(p, "no %s line", key);
	cr_assert_eq(sscanf(p + strlen(pat), "%99[0-9]", digits), 1);
	cr_assert_eq(mpz_set_str(out, digits, 10), 0);
}

/* The exact objective coefficient of column xK in the LP's objective. */
static void
lp_coef(const char *lp, long k, mpz_t out)
{
	const char *p = strstr(lp, "Maximize\n value:"), *end;
	char pat[32], digits[100];
	size_t n;

	cr_assert_not_null(p);
	end = strstr(p, "Subject To");
	snprintf(pat, sizeof(pat), " x%ld", k);
	n = strlen(pat);
	for (; (p = strstr(p, pat)) != NULL && p < end; p++) {
		const char *s = p;

		if (p[n] != ' ' && p[n] != '\n')
			continue;
		while (s > lp && s[-1] >= '0' && s[-1] <= '9')
			s--;
		cr_assert_lt((size_t)(p - s), sizeof(digits));
		memcpy(digits, s, (size_t)(p - s));
		digits[p - s] = '\0';
		cr_assert_eq(mpz_set_str(out, digits, 10), 0);
		return;
	}
	cr_assert_fail("x%ld is not in the objective", k);
}

/*
 * Solve the exported program with glpsol and check: glpsol proves it
 * optimal; the chosen bids, evaluated exactly, have gavel-solve's value;
 * and reserves + gcd * objective (LP) gives that value too.
 */
static void
agree(const char *bsfile, const char *prog, int mps, const char *value)
{
	const char *sol = gvt_tmp("x.sol");
	const char *argv[] = { GLPSOL, mps ? "--freemps" : "--lp", prog, "-w",
		sol, NULL };
	const char *marker = mps ? "*" : "\\";
	char *text, *soltext, *line, *save = NULL, id[100];
	size_t w[4096], nw = 0;
	struct gvt_run r;
	struct gv_bidset bs;
	struct gv_alloc a;
	struct gv_err e = { 0, "" };
	mpz_t obj, c, reserves, g, v;
	long k;
	int found = 0;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "glpsol %s: %s%s", prog, r.out, r.err);
	gvt_run_free(&r);
	text = gvt_read_file(prog, NULL);
	soltext = gvt_read_file(sol, NULL);
	cr_assert_not_null(text);
	cr_assert_not_null(soltext);
	mpz_inits(obj, c, reserves, g, v, NULL);
	cr_assert_eq(gv_bidset_load(bsfile, &bs, &e), GV_OK, "%s", e.msg);
	for (line = strtok_r(soltext, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		double x;

		if (strncmp(line, "s mip ", 6) == 0) {
			cr_assert_not_null(strstr(line, " o "),
			    "%s: glpsol did not prove optimality: %s", prog, line);
			found = 1;
		}
		if (sscanf(line, "j %ld %lf", &k, &x) != 2 || x < 0.5)
			continue;
		if (column_bid(text, marker, k, id, sizeof(id)) == NULL)
			continue;	/* the placeholder x0 of an empty program */
		cr_assert_lt(nw, 4096);
		w[nw] = (size_t)gv_bidset_bid(&bs, id);
		cr_assert_neq((long)w[nw], -1, "unknown bid %s", id);
		nw++;
		if (!mps) {
			lp_coef(text, k, c);
			mpz_add(obj, obj, c);
		}
	}
	cr_assert(found, "%s: no MIP solution from glpsol", prog);
	gv_alloc_init(&a);
	cr_assert_eq(gv_alloc_compute(&bs, w, nw, &a, "glpsol", &e), GV_OK,
	    "%s: glpsol's choice is infeasible: %s", prog, e.msg);
	cr_assert_eq(mpz_set_str(v, value, 10), 0);
	cr_assert_eq(mpz_cmp(a.value, v), 0,
	    "%s: glpsol's optimum is worth %s, gavel-solve's %s", prog,
	    mpz_get_str(NULL, 10, a.value), value);
	if (!mps) {
		header_int(text, marker, "reserves", reserves);
		header_int(text, marker, "gcd", g);
		mpz_addmul(reserves, g, obj);
		cr_assert_eq(mpz_cmp(reserves, v), 0,
		    "%s: reserves + gcd * objective is not the value", prog);
	}
	gv_alloc_free(&a);
	gv_bidset_free(&bs);
	mpz_clears(obj, c, reserves, g, v, NULL);
	free(text);
	free(soltext);
}

static char *
alloc_value(const char *file)
{
	json_t *j = json_load_file(file, 0, NULL);
	char *v;

	cr_assert_not_null(j, "%s", file);
	v = strdup(json_string_value(json_object_get(j, "value")));
	json_decref(j);
	return v;
}

static void
export_and_compare(const char *bs, const char *const *extra)
{
	const char *lp = gvt_tmp("x.lp"), *mps = gvt_tmp("x.mps");
	const char *out = gvt_tmp("x.alloc.json");
	const char *argv[16];
	struct gvt_run r;
	char *v;
	int n = 0;

	argv[n++] = gvt_bin("gavel-solve");
	argv[n++] = "-q";
	while (extra != NULL && *extra != NULL)
		argv[n++] = *extra++;
	argv[n++] = "--write-lp";
	argv[n++] = lp;
	argv[n++] = "--write-mps";
	argv[n++] = mps;
	argv[n++] = "-o";
	argv[n++] = out;
	argv[n++] = bs;
	argv[n] = NULL;
	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "%s: %s", bs, r.err);
	gvt_run_free(&r);
	v = alloc_value(out);
	agree(bs, lp, 0, v);
	agree(bs, mps, 1, v);
	free(v);
}

Test(lpexport, glpsol_agrees_on_corpus_epochs, .timeout = 120)
{
	glob_t g;
	size_t k;

	cr_assert_eq(gv_sig_init(), 0);
	cr_assert_eq(glob(gvt_path("corpus/valid/*.allocation.json"), 0, NULL,
	    &g), 0);
	cr_assert_geq(g.gl_pathc, 5);
	for (k = 0; k < g.gl_pathc; k++) {
		char bs[4096];

		snprintf(bs, sizeof(bs), "%.*s.json",
		    (int)(strlen(g.gl_pathv[k]) - strlen(".allocation.json")),
		    g.gl_pathv[k]);
		export_and_compare(bs, NULL);
	}
	globfree(&g);
}

/* Every bid below its reserves: the placeholder program, value = reserves. */
Test(lpexport, empty_program)
{
	const char *src = gvt_path("corpus/valid/small-epoch.json");
	const char *bs = gvt_tmp("none.json");
	const char *extra[] = { "--no-verify-sigs", NULL };
	json_t *j = json_load_file(src, 0, NULL), *ro;
	char *lp;
	size_t i;

	cr_assert_not_null(j);
	json_array_foreach(json_object_get(j, "rollups"), i, ro)
		json_object_set_new(ro, "reserve", json_string("1000000"));
	cr_assert_eq(json_dump_file(j, bs, 0), 0);
	json_decref(j);
	cr_assert_eq(gv_sig_init(), 0);
	export_and_compare(bs, extra);
	lp = gvt_read_file(gvt_tmp("x.lp"), NULL);
	cr_assert_not_null(lp);
	cr_assert_not_null(strstr(lp, "\\ no bid survives the reductions"));
	free(lp);
}

Test(lpexport, unwritable_file_writes_nothing)
{
	const char *out = gvt_tmp("never.json");
	const char *argv[] = { gvt_bin("gavel-solve"), "-q", "--write-lp",
		"/nonexistent-dir/x.lp", "-o", out,
		gvt_path("corpus/valid/small-epoch.json"), NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert_eq(strncmp(r.err, "gavel-solve: /nonexistent-dir/x.lp: ",
	    36), 0, "%s", r.err);
	cr_assert_neq(access(out, F_OK), 0, "allocation written anyway");
	gvt_run_free(&r);
}
