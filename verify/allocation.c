/* allocation.c: gavel-verify allocation (formats/allocation.md, "Checks") */
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "amount.h"
#include "bidset.h"
#include "json.h"
#include "verify.h"


const char gv_verify_allocation_summary[] =
"the bid set (signatures included) and the allocation: digest link,\n"
"feasibility, value, payments, every rollup's receipt, the bound;\n"
"optimality cannot be checked and is not claimed";

const char gv_verify_allocation_help[] =
"usage: gavel-verify allocation BIDSET.json ALLOCATION.json\n"
"\n"
"Re-check an allocation against its bid set from scratch, without GLPK\n"
"(formats/allocation.md, \"Checks\"): every bid signature, the bid set\n"
"digest the allocation names, feasibility (no rollup sold twice, one bid\n"
"per XOR group, reserves met), the value, the first-price payments, every\n"
"rollup's revenue share and the claimed bound. Optimality is not checked.\n"
"On success one line \"valid: ...\" on stdout; otherwise the first failed\n"
"check as \"gavel-verify: FILE: JSON.PATH: problem\" on stderr.\n"
"\n"
"options:\n"
"  -h, --help          print this help and exit\n"
"      --list-options  print the options this command parses, one a line\n"
"\n"
"exit status:\n"
"  0  valid\n"
"  1  well-formed but invalid: a bad signature, an infeasible allocation,\n"
"     a wrong value, payment, receipt or bound\n"
"  2  usage error, unreadable or malformed document\n"
"  3  internal failure\n"
"\n"
"examples:\n"
"  gavel-verify allocation corpus/valid/example-epoch.json \\\n"
"      corpus/valid/example-epoch.allocation.json\n"
"  gavel-verify allocation corpus/valid/hand-epoch.json \\\n"
"      corpus/invalid/allocation-wrong-payment.json\n";

int
gv_verify_allocation(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e)
{
	struct gv_bidset bs;
	json_t *doc = NULL;
	char hex[2 * GV_DIGEST_LEN + 1];
	int rc, have_bs = 0;

	(void)argc;
	if ((rc = gv_bidset_load(argv[0], &bs, e)) != GV_OK)
		goto cleanup;
	have_bs = 1;
	if ((rc = gv_bidset_verify_sigs(&bs, e)) != GV_OK ||
	    (rc = gv_json_load(argv[1], GV_ALLOC_MAX_BYTES, &doc, e)) !=
	    GV_OK ||
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
