/* test_warmstart.c: starts from an earlier allocation (formats/allocation.md, "Warm starts") */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <gmp.h>

#include "alloc.h"
#include "bidset.h"
#include "brute.h"
#include "components.h"
#include "json.h"
#include "solve.h"
#include "testgen.h"
#include "util.h"
#include "warmstart.h"

/* hand-epoch's bidder of bid i (0-based), as hex. */
static const char *
bidder(const struct gv_bidset *bs, size_t i, char out[2 * GV_PK_LEN + 1])
{
	gv_hex(out, bs->bids[i].bidder, GV_PK_LEN);
	return out;
}

/*
 * Each earlier winner maps to the bid by the same bidder on the same
 * rollups, in the file's order; a winner that overlaps one taken before,
 * names a rollup this epoch does not sell, has no such bid, or only one
 * at or below its reserves is left out.
 */
Test(warmstart, winners_map_by_bidder_and_bundle_in_file_order)
{
	struct gv_bidset bs;
	struct gv_err e = { 0, "" };
	struct gv_warm_info info;
	unsigned char *flags;
	char k[6][2 * GV_PK_LEN + 1], doc[4096];
	const char *file = gvt_tmp("warm-hand.json");
	static const unsigned char want[6] = { 0, 1, 1, 1, 0, 0 };
	size_t i;

	cr_assert_eq(gv_bidset_load(gvt_path("corpus/valid/hand-epoch.json"),
	    &bs, &e), GV_OK, "%s", e.msg);
	for (i = 0; i < 6; i++)
		bidder(&bs, i, k[i]);
	snprintf(doc, sizeof(doc), "{\"format\": \"gavel.allocation.v1\", "
	    "\"epoch\": 4, \"winners\": ["
	    "{\"bid\": \"x1\", \"bidder\": \"%s\", \"bundle\": [\"arb-one\"]},"
	    "{\"bidder\": \"%s\", \"bundle\": [\"arb-two\", \"arb-one\"]},"
	    "{\"bidder\": \"%s\", \"bundle\": [\"arb-two\"], \"pays\": \"1\"},"
	    "{\"bidder\": \"%s\", \"bundle\": [\"op-one\"]},"
	    "{\"bidder\": \"%s\", \"bundle\": [\"base-one\", \"gone\"]},"
	    "{\"bidder\": \"%s\", \"bundle\": [\"base-one\"]},"
	    "{\"bidder\": \"%s\", \"bundle\": [\"base-one\"]}]}",
	    k[1], k[0], k[2], k[4], k[3], k[5], k[3]);
	cr_assert_eq(gvt_write_file(file, doc, strlen(doc)), 0);
	cr_assert_eq(gv_warm_start(&bs, file, &flags, &info, &e), GV_OK, "%s",
	    e.msg);
	cr_assert_eq(info.winners, 7);
	cr_assert_eq(info.matched, 4);	/* b2, b1, b3, b4 */
	cr_assert_eq(info.started, 3);	/* b1 overlaps b2 */
	for (i = 0; i < 6; i++)
		cr_assert_eq(flags[i], want[i], "bid b%zu", i + 1);
	free(flags);
	gv_bidset_free(&bs);
}

/* A file that is no allocation is an error naming the file and the field. */
Test(warmstart, a_malformed_file_names_the_field)
{
	static const struct {
		const char *doc, *msg;
	} cases[] = {
		{ "[]", "not an object" },
		{ "{\"format\": \"gavel.bidset.v1\", \"winners\": []}",
		    "format" },
		{ "{\"format\": \"gavel.allocation.v1\"}", "winners: expected "
		    "an array" },
		{ "{\"format\": \"gavel.allocation.v1\", \"winners\": "
		    "[{\"bidder\": \"00\", \"bundle\": [\"a\"]}]}",
		    "winners[0].bidder" },
		{ "{\"format\": \"gavel.allocation.v1\", \"winners\": "
		    "[{\"bidder\": \"0000000000000000000000000000000000000000"
		    "000000000000000000000000\", \"bundle\": []}]}",
		    "winners[0].bundle: expected an array of 1 to 64" },
		{ "{\"format\": \"gavel.allocation.v1\", \"winners\": "
		    "[{\"bidder\": \"0000000000000000000000000000000000000000"
		    "000000000000000000000000\", \"bundle\": [\"A\"]}]}",
		    "winners[0].bundle[0]" },
		{ "{\"format\": \"gavel.allocation.v1\", \"winners\": "
		    "[{\"bidder\": \"0000000000000000000000000000000000000000"
		    "000000000000000000000000\", \"bundle\": [\"a\"], "
		    "\"extra\": 1}]}", "winners[0]" },
	};
	struct gv_bidset bs;
	struct gv_err e = { 0, "" };
	struct gv_warm_info info;
	unsigned char *flags;
	const char *file = gvt_tmp("warm-bad.json");
	size_t i;

	cr_assert_eq(gv_bidset_load(gvt_path("corpus/valid/hand-epoch.json"),
	    &bs, &e), GV_OK, "%s", e.msg);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(gvt_write_file(file, cases[i].doc,
		    strlen(cases[i].doc)), 0);
		e.msg[0] = '\0';
		cr_assert_eq(gv_warm_start(&bs, file, &flags, &info, &e),
		    GV_MALFORMED, "case %zu", i);
		cr_assert_null(flags, "case %zu", i);
		cr_assert_not_null(strstr(e.msg, "warm-bad.json"), "case %zu: "
		    "%s", i, e.msg);
		cr_assert_not_null(strstr(e.msg, cases[i].msg), "case %zu: %s",
		    i, e.msg);
	}
	gv_bidset_free(&bs);
}

/*
 * Through the components (one start per part) and on any thread count,
 * a warm start from the exhaustive optimum, from a weaker allocation or
 * from none ends at the exhaustive optimum: only the time depends on it.
 */
Test(warmstart, any_start_ends_at_the_exhaustive_optimum, .timeout = 120)
{
	struct gv_bidset bs;
	struct gv_solve_info info;
	struct gv_err e = { 0, "" };
	struct gv_alloc a;
	struct gv_budget b;
	struct gvt_rand p;
	size_t k, nwin, nodes, w[64], j;
	unsigned char *flags;
	int variant;
	mpz_t best;

	mpz_init(best);
	for (k = 0; k < 120; k++) {
		memset(&p, 0, sizeof(p));
		p.seed = 91000 + k;
		p.nrollups = 3 + (unsigned)(k % 12);
		p.nbids = 5 + (unsigned)((k * 7) % 34);
		p.maxb = k % 3 == 0 ? 2 : 1 + p.nrollups / 3;
		p.xor_pct = (unsigned)(k % 3) * 20;
		gvt_load(gvt_random(&p), &bs);
		gvt_brute_force_w(&bs, best, &nwin, &nodes, w);
		flags = calloc(bs.nbids + 1, 1);
		cr_assert_not_null(flags);
		for (variant = 0; variant < 3; variant++) {
			struct gv_solve_opts o = { .time_limit_ms = 60000,
				.threads = (unsigned)(1 + variant), .start = flags };

			memset(flags, 0, bs.nbids + 1);
			/* 0: the optimum, 1: without its first winner, 2: none */
			for (j = variant == 1 ? 1 : 0; variant < 2 && j < nwin; j++)
				flags[w[j]] = 1;
			gv_alloc_init(&a);
			gv_budget_start(&b, o.time_limit_ms, NULL);
			cr_assert_eq(gv_solve_parts(&bs, &o, &b, &a, &info, &e),
			    GV_OK, "%s", e.msg);
			cr_assert_eq(a.status, GV_ST_OPTIMAL, "instance %zu", k);
			cr_assert(mpz_cmp(a.value, best) == 0, "instance %zu "
			    "variant %d: value differs from exhaustive", k,
			    variant);
			cr_assert_eq(a.nwinners, nwin, "instance %zu", k);
			gv_alloc_free(&a);
		}
		free(flags);
		gv_bidset_free(&bs);
	}
	mpz_clear(best);
}

/*
 * gavel-solve --warm-start: the next epoch started from the last one's
 * allocation says how many winners it took and, the search complete,
 * writes the cold start's bytes (this epoch has no tie in value and
 * winner count); a bad file is exit 2 with nothing written.
 */
Test(warmstart, gavel_solve_next_epoch_from_the_last, .timeout = 120)
{
	char *e1 = strdup(gvt_tmp("warm-e1.json"));
	char *e2 = strdup(gvt_tmp("warm-e2.json"));
	char *a1 = strdup(gvt_tmp("warm-a1.json"));
	char *a2 = strdup(gvt_tmp("warm-a2.json"));
	char *cold = NULL;
	struct gvt_run r;
	int ep;

	for (ep = 1; ep <= 2; ep++) {
		const char *gen[] = { gvt_bin("gavel-gen"), "--rollups", "40",
			"--bids", "400", "--seed", "11", "--epoch",
			ep == 1 ? "1" : "2", NULL };

		cr_assert_eq(gvt_run(&r, gen), 0);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert_eq(gvt_write_file(ep == 1 ? e1 : e2, r.out,
		    strlen(r.out)), 0);
		gvt_run_free(&r);
	}
	{
		const char *s1[] = { gvt_bin("gavel-solve"), "-o", a1, e1,
			NULL };
		const char *s2[] = { gvt_bin("gavel-solve"), e2, NULL };

		cr_assert_eq(gvt_run(&r, s1), 0);
		cr_assert_eq(r.status, 0, "%s", r.err);
		gvt_run_free(&r);
		cr_assert_eq(gvt_run(&r, s2), 0);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert_not_null(strstr(r.out, "\"status\": \"optimal\""));
		cold = strdup(r.out);
		gvt_run_free(&r);
	}
	{
		const char *s[] = { gvt_bin("gavel-solve"), "--warm-start", a1,
			e2, NULL };
		char *prev = gvt_read_file(a1, NULL), want[64];
		json_t *d;
		size_t n;

		cr_assert_not_null(prev);
		d = json_loads(prev, 0, NULL);
		cr_assert_not_null(d);
		n = json_array_size(json_object_get(d, "winners"));
		cr_assert_gt(n, 0);
		json_decref(d);
		free(prev);
		snprintf(want, sizeof(want), "; warm start: %zu of %zu earlier "
		    "winners;", n, n);
		cr_assert_eq(gvt_run(&r, s), 0);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert_not_null(strstr(r.err, want), "%s", r.err);
		cr_assert_str_eq(r.out, cold);
		gvt_run_free(&r);
	}
	{
		const char *s[] = { gvt_bin("gavel-solve"), "--warm-start", e1,
			"-o", a2, e2, NULL };

		cr_assert_eq(gvt_run(&r, s), 0);
		cr_assert_eq(r.status, 2, "%s", r.err);
		cr_assert_not_null(strstr(r.err, "gavel-solve: "), "%s", r.err);
		cr_assert_not_null(strstr(r.err, "warm-e1.json: format"), "%s",
		    r.err);
		cr_assert_null(gvt_read_file(a2, NULL));
		gvt_run_free(&r);
	}
	free(cold);
	free(e1);
	free(e2);
	free(a1);
	free(a2);
}
