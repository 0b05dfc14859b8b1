/* verify-allocation.c: check an allocation with the installed libgavel, as gavel-verify allocation does (docs/API.md, formats/allocation.md) */
/*
 * Build against an installed gavel:
 *   cc -o verify-allocation verify-allocation.c $(pkg-config --cflags --libs gavel)
 * Run:
 *   ./verify-allocation corpus/valid/hand-epoch.json \
 *       corpus/valid/hand-epoch.allocation.json
 * Exit status as gavel-verify's: 0 valid, 1 invalid, 2 malformed, 3 internal.
 */
#include <stdio.h>

#include <gavel/alloc.h>
#include <gavel/bidset.h>
#include <gavel/err.h>
#include <gavel/json.h>
#include <gavel/sig.h>

int
main(int argc, char **argv)
{
	struct gv_err e = { 0, "" };
	struct gv_bidset bs;
	json_t *doc = NULL;
	int rc, have_bs = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: verify-allocation BIDSET.json "
		    "ALLOCATION.json\n");
		return GV_MALFORMED;
	}
	/* once per process, before any signature is checked */
	if (gv_sig_init() != 0) {
		fprintf(stderr, "verify-allocation: libsodium failed to start\n");
		return GV_INTERNAL;
	}
	if ((rc = gv_bidset_load(argv[1], &bs, &e)) != GV_OK)
		goto cleanup;
	have_bs = 1;	/* from here bs owns memory: gv_bidset_free */
	if ((rc = gv_bidset_verify_sigs(&bs, &e)) != GV_OK ||
	    (rc = gv_json_load(argv[2], GV_ALLOC_MAX_BYTES, &doc, &e)) !=
	    GV_OK ||
	    (rc = gv_alloc_check(&bs, doc, argv[2], &e)) != GV_OK)
		goto cleanup;
	printf("valid: epoch %llu of %s, %zu bids\n",
	    (unsigned long long)bs.epoch, bs.marketplace, bs.nbids);
cleanup:
	if (rc != GV_OK)
		gv_err_print("verify-allocation", &e);	/* escaped */
	json_decref(doc);
	if (have_bs)
		gv_bidset_free(&bs);
	return rc;
}
