/* lottery.c: gavel-verify allocation for a lottery bid set (formats/allocation.md "Version 2") */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "epoch.h"
#include "json.h"
#include "lottery_bidset.h"
#include "stake.h"
#include "verify.h"

int
gv_verify_lottery_allocation(json_t *root, const char *bsfile,
    const char *allocfile, struct gv_verify_trust *tr, char *out,
    size_t outlen, struct gv_err *e)
{
	static const struct gv_json_bound bound = { "an allocation",
		GV_ALLOC2_MAX_VALUES, GV_ALLOC2_MAX_CONTAINERS };
	struct gv_lottery_bidset lb;
	struct gv_lottery_summary sum;
	json_t *doc = NULL;
	char hex[2 * GV_DIGEST_LEN + 1], bhex[2 * GV_DIGEST_LEN + 1];
	char *ss = NULL, *ts = NULL, *np = NULL;
	int rc;

	char q[96], q2[96];

	gv_lottery_summary_init(&sum);
	rc = gv_lottery_bidset_from_json(root, bsfile, &lb, e);
	if (rc != GV_OK || (rc = gv_lottery_verify_sigs(&lb, e)) != GV_OK)
		goto cleanup;
	/* the trusted table of the bid set's epoch: its beacon's certifiers */
	if (!tr->have_t && tr->chain == NULL) {
		rc = gv_err_set(e, GV_MALFORMED, NULL, NULL, "--stake-table: a "
		    "lottery allocation needs the trusted stake table of the "
		    "bid set's epoch, which certifies its beacon (--stake-table, "
		    "or --trust-root with --chain)");
		goto cleanup;
	}
	if (!tr->have_t && (rc = gv_verify_trust_load(tr, lb.epoch, 0, e)) !=
	    GV_OK)
		goto cleanup;
	if (strcmp(tr->t.marketplace, lb.marketplace) != 0 ||
	    tr->t.epoch != lb.epoch) {
		rc = gv_err_set(e, GV_INVALID, bsfile, NULL, "the bid set is for "
		    "epoch %ju of marketplace %s, the trusted stake table for "
		    "epoch %ju of %s", (uintmax_t)lb.epoch, gv_quote(q,
		    sizeof(q), lb.marketplace), (uintmax_t)tr->t.epoch,
		    gv_quote(q2, sizeof(q2), tr->t.marketplace));
		goto cleanup;
	}
	if ((rc = gv_json_load_bounded(allocfile, GV_ALLOC2_MAX_BYTES, &bound,
	    &doc, e)) != GV_OK ||
	    (rc = gv_lottery_alloc_check(&lb, &tr->t, doc, allocfile, &sum,
	    e)) != GV_OK)
		goto cleanup;
	ss = gv_amount_str(sum.signed_stake);
	ts = gv_amount_str(sum.total);
	np = gv_amount_str(sum.next_price);
	gv_hex(hex, lb.digest, GV_DIGEST_LEN);
	gv_hex(bhex, sum.beacon, GV_DIGEST_LEN);
	snprintf(out, outlen, "valid: lottery allocation for epoch %ju of "
	    "marketplace %s, bid set %s; %zu purchases, signatures verified; "
	    "beacon %s certified (%s of %s stake); feasibility, value, "
	    "payments, refunds, receipts, bound, draws of %ju slots and the "
	    "next price %s checked; optimality not checked; %s\n",
	    (uintmax_t)lb.epoch, lb.marketplace, hex, lb.npurchases, bhex,
	    ss ? ss : "?", ts ? ts : "?", (uintmax_t)lb.slot_count,
	    np ? np : "?", tr->what);
cleanup:
	free(ss);
	free(ts);
	free(np);
	json_decref(doc);
	gv_lottery_bidset_free(&lb);
	gv_lottery_summary_free(&sum);
	return rc;
}
