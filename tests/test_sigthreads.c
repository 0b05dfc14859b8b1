/* test_sigthreads.c: signature checks on many threads report as on one (formats/bidset.md, "Signatures") */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "bidset.h"
#include "testgen.h"
#include "util.h"

/* A signed random bid set of n bids; the bids in bad get a wrong signature. */
static void
signed_with_bad(unsigned n, const size_t *bad, size_t nbad,
    struct gv_bidset *bs)
{
	struct gvt_rand p;
	json_t *doc, *bids;
	size_t k;

	memset(&p, 0, sizeof(p));
	p.seed = 77;
	p.nrollups = 10;
	p.nbids = n;
	p.maxb = 3;
	doc = gvt_random(&p);
	gvt_sign(doc);
	bids = json_object_get(doc, "bids");
	for (k = 0; k < nbad; k++)
		/* bid 0's signature: valid hex, valid for another message */
		json_object_set(json_array_get(bids, bad[k]), "sig",
		    json_object_get(json_array_get(bids, bad[k] ? 0 : 1),
		    "sig"));
	gvt_load(doc, bs);
}

/*
 * Bad bids in several chunks of the parallel check (64 bids each): the
 * first in id order is named whatever the threads, even when a later
 * chunk's bad bid is met first.
 */
Test(sigthreads, the_first_bad_bid_is_reported_whatever_the_threads)
{
	static const size_t bad[] = { 700, 130, 63, 64, 500 };
	static const unsigned threads[] = { 1, 2, 3, 8, 64, 0 };
	struct gv_err e = { 0, "" };
	struct gv_bidset bs;
	size_t k, nb, checked;

	for (nb = 1; nb <= 5; nb++) {
		char want[200];
		size_t first = 1000;

		signed_with_bad(900, bad, nb, &bs);
		for (k = 0; k < nb; k++)
			first = bad[k] < first ? bad[k] : first;
		snprintf(want, sizeof(want), "test: bids[%zu].sig: signature "
		    "of bid \"b%03zu\" does not verify", first, first);
		for (k = 0; k < sizeof(threads) / sizeof(threads[0]); k++) {
			e.msg[0] = '\0';
			cr_assert_eq(gv_bidset_verify_sigs_mt(&bs, threads[k],
			    NULL, NULL, &checked, &e), GV_INVALID);
			cr_assert_str_eq(e.msg, want, "%u threads, %zu bad",
			    threads[k], nb);
			cr_assert_eq(checked, first, "%u threads", threads[k]);
		}
		cr_assert_eq(gv_bidset_verify_sigs(&bs, &e), GV_INVALID);
		cr_assert_str_eq(e.msg, want);
		gv_bidset_free(&bs);
	}
}

Test(sigthreads, a_clean_bid_set_verifies_on_any_threads)
{
	static const unsigned threads[] = { 1, 2, 7, 0 };
	struct gv_err e = { 0, "" };
	struct gv_bidset bs;
	size_t k, checked;

	signed_with_bad(300, NULL, 0, &bs);
	for (k = 0; k < sizeof(threads) / sizeof(threads[0]); k++) {
		cr_assert_eq(gv_bidset_verify_sigs_mt(&bs, threads[k], NULL,
		    NULL, &checked, &e), GV_OK, "%s", e.msg);
		cr_assert_eq(checked, 300);
	}
	gv_bidset_free(&bs);
}

static int
stop_now(void *ctx)
{
	(void)ctx;
	return 1;
}

Test(sigthreads, a_stop_at_once_checks_nothing_and_reports_no_bad_bid)
{
	static const size_t bad[] = { 0 };
	struct gv_err e = { 0, "" };
	struct gv_bidset bs;
	size_t checked = 99;

	signed_with_bad(200, bad, 1, &bs);
	cr_assert_eq(gv_bidset_verify_sigs_mt(&bs, 4, stop_now, NULL,
	    &checked, &e), GV_OK);
	cr_assert_eq(checked, 0);
	gv_bidset_free(&bs);
}
