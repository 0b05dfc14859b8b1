/* allocation.c: gavel-verify allocation (formats/allocation.md, "Checks") */
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "amount.h"
#include "bidset.h"
#include "json.h"
#include "verify.h"

int
gv_verify_allocation(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e)
{
	struct gv_bidset bs;
	json_t *doc = NULL;
	char hex[2 * GV_DIGEST_LEN + 1];
	int rc, have_bs = 0;
	static const struct gv_json_bound alloc_bound = { "an allocation",
		GV_ALLOC_MAX_VALUES, GV_ALLOC_MAX_CONTAINERS };

	(void)argc;
	if ((rc = gv_bidset_load(argv[0], &bs, e)) != GV_OK)
		goto cleanup;
	have_bs = 1;
	if ((rc = gv_bidset_verify_sigs(&bs, e)) != GV_OK ||
	    (rc = gv_json_load_bounded(argv[1], GV_ALLOC_MAX_BYTES,
	    &alloc_bound, &doc, e)) != GV_OK ||
	    (rc = gv_alloc_check(&bs, doc, argv[1], e)) != GV_OK)
		goto cleanup;
	gv_hex(hex, bs.digest, GV_DIGEST_LEN);
	snprintf(out, outlen, "valid: allocation for epoch %ju of "
	    "marketplace %s, bid set %s; %zu bids, signatures verified; "
	    "feasibility, value, payments, receipts and bound checked; "
	    "optimality not checked\n", (uintmax_t)bs.epoch, bs.marketplace,
	    hex, bs.nbids);
cleanup:
	json_decref(doc);
	if (have_bs)
		gv_bidset_free(&bs);
	return rc;
}
