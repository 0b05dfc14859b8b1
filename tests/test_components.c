/* test_components.c: independent components solved apart and on threads, against exhaustive search (formats/allocation.md, "Components") */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <gmp.h>

#include "alloc.h"
#include "amount.h"
#include "brute.h"
#include "components.h"
#include "json.h"
#include "solve.h"
#include "testgen.h"
#include "util.h"

/* The allocation document's bytes, checked as an auditor would. */
static char *
bytes(const struct gv_bidset *bs, const struct gv_alloc *a)
{
	struct gv_err e = { 0, "" };
	json_t *doc, *back;
	char *text;

	cr_assert_not_null(doc = gv_alloc_json(bs, a));
	cr_assert_not_null(text = json_dumps(doc, JSON_INDENT(2)));
	cr_assert_eq(gv_json_parse(text, strlen(text), "alloc", &back, &e),
	    GV_OK, "%s", e.msg);
	cr_assert_eq(gv_alloc_check(bs, back, "alloc", &e), GV_OK, "%s",
	    e.msg);
	json_decref(back);
	json_decref(doc);
	return text;
}

static char *
solve_parts(const struct gv_bidset *bs, unsigned threads, size_t *parts)
{
	struct gv_solve_opts o = { .time_limit_ms = 60000, .threads = threads };
	struct gv_solve_info info;
	struct gv_budget b;
	struct gv_alloc a;
	struct gv_err e = { 0, "" };
	char *text;

	gv_budget_start(&b, o.time_limit_ms, NULL);
	gv_alloc_init(&a);
	cr_assert_eq(gv_solve_parts(bs, &o, &b, &a, &info, &e), GV_OK, "%s",
	    e.msg);
	cr_assert_eq(a.status, GV_ST_OPTIMAL);
	cr_assert_eq(a.stop, GV_STOP_COMPLETE);
	cr_assert(mpz_cmp(a.bound, a.value) == 0);
	text = bytes(bs, &a);
	*parts = info.parts;
	gv_alloc_free(&a);
	return text;
}

/*
 * Small bundles and few XOR groups: most epochs split. Each is solved
 * whole (gv_solve), in parts on 1 thread and in parts on 3 threads: the
 * parts give the exhaustive optimum and fewest winners, the same bytes
 * on 1 and 3 threads, and the whole search's value and winner count.
 */
Test(components, parts_give_the_exhaustive_optimum_on_any_threads,
    .timeout = 120)
{
	struct gvt_rand p;
	struct gv_bidset bs;
	struct gv_alloc w;
	struct gv_solve_info info;
	struct gv_err e = { 0, "" };
	struct gv_solve_opts o = { .time_limit_ms = 60000 };
	size_t k, nwin, nodes, parts, parts3, split = 0, same_as_whole = 0;
	char *t1, *t3, *tw;
	mpz_t best;

	mpz_init(best);
	for (k = 0; k < 300; k++) {
		memset(&p, 0, sizeof(p));
		p.seed = 31000 + k;
		p.nrollups = 2 + (unsigned)(k % 20);
		p.nbids = 1 + (unsigned)((k * 7) % 36);
		p.maxb = 1 + (unsigned)(k % 3);
		p.xor_pct = (unsigned)(k % 3) * 10;
		p.zero_pct = (unsigned)(k % 5) * 20;
		p.dup_pct = (unsigned)(k % 4) * 15;
		p.scale = k % 7 == 6 ? 29 : 0;
		gvt_load(gvt_random(&p), &bs);
		gvt_brute_force(&bs, best, &nwin, &nodes);
		t1 = solve_parts(&bs, 1, &parts);
		t3 = solve_parts(&bs, 3, &parts3);
		cr_assert_str_eq(t1, t3, "instance %zu: 1 and 3 threads differ",
		    k);
		cr_assert_eq(parts, parts3);
		split += parts > 1;
		gv_alloc_init(&w);
		cr_assert_eq(gv_solve(&bs, &o, &w, &info, &e), GV_OK, "%s",
		    e.msg);
		tw = bytes(&bs, &w);
		/* not promised by the spec (key 3 is among allocations met), observed on every one */
		cr_assert_str_eq(t1, tw, "instance %zu: parts and whole differ",
		    k);
		same_as_whole++;
		{
			json_t *d;
			struct gv_err pe = { 0, "" };
			mpz_t v;

			/* the parts' value and winner count, from their bytes */
			cr_assert_eq(gv_json_parse(t1, strlen(t1), "a", &d,
			    &pe), GV_OK);
			mpz_init(v);
			cr_assert_eq(gv_amount_parse(v, json_string_value(
			    json_object_get(d, "value")), "a", "value", &pe),
			    GV_OK);
			cr_assert(mpz_cmp(v, best) == 0, "instance %zu: value "
			    "differs from brute force", k);
			cr_assert(mpz_cmp(v, w.value) == 0, "instance %zu", k);
			cr_assert_eq(json_array_size(json_object_get(d,
			    "winners")), nwin, "instance %zu", k);
			cr_assert_eq(w.nwinners, nwin, "instance %zu", k);
			mpz_clear(v);
			json_decref(d);
		}
		free(t1);
		free(t3);
		free(tw);
		gv_alloc_free(&w);
		gv_bidset_free(&bs);
	}
	mpz_clear(best);
	cr_log_info("components: %zu of 300 epochs split; %zu give the same "
	    "bytes as the whole search", split, same_as_whole);
	cr_assert_gt(split, 150, "the batch must exercise the split");
}

/*
 * The command line: gavel-gen epochs that split, solved by gavel-solve on
 * 1, 2 and 5 threads and whole (main's behaviour is the same search with
 * --threads 1 on a connected epoch): the same bytes, the summary names
 * the components, and gavel-verify accepts the allocation.
 */
Test(components, gavel_solve_gives_the_same_bytes_on_any_threads,
    .timeout = 120)
{
	static const char *const shapes[][4] = {
		{ "64", "300", "2", "5" }, { "128", "400", "2", "10" },
		{ "200", "600", "3", "0" },
	};
	static const char *const threads[] = { "1", "2", "5" };
	/* copies: gvt_tmp and gvt_bin share a ring of buffers */
	char *bs = strdup(gvt_tmp("comp-epoch.json"));
	char *out = strdup(gvt_tmp("comp-alloc.json"));
	struct gvt_run r;
	size_t k, t;

	for (k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
		const char *gen[] = { gvt_bin("gavel-gen"), "--rollups",
			shapes[k][0], "--bids", shapes[k][1], "--max-bundle",
			shapes[k][2], "--xor", shapes[k][3], "--seed", "5",
			NULL };
		char *first = NULL;

		cr_assert_eq(gvt_run(&r, gen), 0);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert_eq(gvt_write_file(bs, r.out, strlen(r.out)), 0);
		gvt_run_free(&r);
		for (t = 0; t < sizeof(threads) / sizeof(threads[0]); t++) {
			const char *argv[] = { gvt_bin("gavel-solve"),
				"--threads", threads[t], bs, NULL };

			cr_assert_eq(gvt_run(&r, argv), 0);
			cr_assert_eq(r.status, 0, "%s", r.err);
			cr_assert_not_null(strstr(r.err, " components ("),
			    "shape %zu: %s", k, r.err);
			cr_assert_not_null(strstr(r.out,
			    "\"status\": \"optimal\""));
			if (first == NULL)
				first = strdup(r.out);
			else
				cr_assert_str_eq(r.out, first, "shape %zu: %s "
				    "threads differ from 1", k, threads[t]);
			gvt_run_free(&r);
		}
		cr_assert_eq(gvt_write_file(out, first, strlen(first)), 0);
		{
			const char *ver[] = { gvt_bin("gavel-verify"),
				"allocation", bs, out, NULL };

			cr_assert_eq(gvt_run(&r, ver), 0);
			cr_assert_eq(r.status, 0, "%s", r.err);
			gvt_run_free(&r);
		}
		free(first);
	}
	free(bs);
	free(out);
}

/* A bad signature: the same message and exit status on 1 and 4 threads. */
Test(components, a_bad_signature_is_reported_the_same_on_any_threads)
{
	const char *bs = gvt_path("corpus/invalid/bidset-sig-swapped.json");
	char *first = NULL;
	struct gvt_run r;
	const char *threads[] = { "1", "4", "0" };
	size_t t;

	for (t = 0; t < 3; t++) {
		const char *argv[] = { gvt_bin("gavel-solve"), "-j",
			threads[t], bs, NULL };

		cr_assert_eq(gvt_run(&r, argv), 0);
		cr_assert_eq(r.status, 1, "%s", r.err);
		cr_assert_str_eq(r.out, "");
		if (first == NULL)
			first = strdup(r.err);
		else
			cr_assert_str_eq(r.err, first);
		gvt_run_free(&r);
	}
	cr_assert_not_null(strstr(first, "does not verify"), "%s", first);
	free(first);
}

Test(components, threads_out_of_range_is_a_usage_error)
{
	static const char *const bad[] = { "257", "-1", "x", "", "1.5" };
	struct gvt_run r;
	size_t k;

	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		const char *argv[] = { gvt_bin("gavel-solve"), "--threads",
			bad[k], gvt_path("corpus/valid/small-epoch.json"),
			NULL };

		cr_assert_eq(gvt_run(&r, argv), 0);
		cr_assert_eq(r.status, 2, "--threads %s", bad[k]);
		cr_assert_str_eq(r.err, "gavel-solve: --threads: expected 0 "
		    "(all cores) to 256\n");
		gvt_run_free(&r);
	}
}

/*
 * A budget already spent: every component stops at once (its greedy
 * start, its dual-price bound). The combination stays honest: stop
 * "time_limit", value at most the exhaustive optimum, bound at least it
 * (the parts' bounds plus the reserves of rollups in no part), and the
 * document passes the auditor's checks.
 */
Test(components, a_spent_budget_combines_into_an_honest_bound, .timeout = 60)
{
	struct gvt_rand p;
	struct gv_bidset bs;
	struct gv_solve_opts o = { .time_limit_ms = 1, .threads = 2 };
	struct gv_solve_info info;
	struct gv_budget b;
	struct gv_alloc a;
	struct gv_err e = { 0, "" };
	size_t k, nwin, nodes, split = 0, below = 0;
	mpz_t best;
	char *t;

	mpz_init(best);
	for (k = 0; k < 200; k++) {
		memset(&p, 0, sizeof(p));
		p.seed = 52000 + k;
		p.nrollups = 4 + (unsigned)(k % 18);
		p.nbids = 6 + (unsigned)((k * 7) % 34);
		p.maxb = 1 + (unsigned)(k % 2);
		p.xor_pct = (unsigned)(k % 3) * 10;
		p.zero_pct = (unsigned)(k % 5) * 20;
		gvt_load(gvt_random(&p), &bs);
		gvt_brute_force(&bs, best, &nwin, &nodes);
		/* started 1 ms ago with a 1 ms limit: spent */
		gv_budget_start(&b, 1, NULL);
		b.t0_ms -= 2;
		gv_alloc_init(&a);
		cr_assert_eq(gv_solve_parts(&bs, &o, &b, &a, &info, &e), GV_OK,
		    "%s", e.msg);
		if (info.parts > 1) {
			split++;
			cr_assert_eq(a.stop, GV_STOP_TIME_LIMIT, "instance %zu",
			    k);
			cr_assert_eq(a.time_limit_ms, 1);
		}
		cr_assert(mpz_cmp(a.value, best) <= 0, "instance %zu", k);
		cr_assert(mpz_cmp(a.bound, best) >= 0, "instance %zu: bound "
		    "below the optimum", k);
		if (a.status == GV_ST_OPTIMAL)
			cr_assert(mpz_cmp(a.value, best) == 0, "instance %zu", k);
		below += mpz_cmp(a.value, best) < 0;
		t = bytes(&bs, &a);
		free(t);
		gv_alloc_free(&a);
		gv_bidset_free(&bs);
	}
	mpz_clear(best);
	cr_log_info("components: %zu of 200 spent-budget epochs split, %zu "
	    "below the optimum", split, below);
	cr_assert_gt(split, 100);
}
