/* allocation.c: gavel-verify allocation (formats/allocation.md, "Checks"; formats/bound-certificate.md) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "amount.h"
#include "bidset.h"
#include "boundcert.h"
#include "cert.h"
#include "stake.h"
#include "json.h"
#include "verify.h"

#define SYNOPSIS "gavel-verify allocation BIDSET.json ALLOCATION.json " \
	"[--bound-certificate CERT.json] [--stake-table TABLE.json | " \
	"--trust-root DIGEST --chain CHAIN.json] [--bidset-certificate CERT.json]"
#define USAGE "usage: " SYNOPSIS

const char gv_verify_allocation_summary[] =
"the bid set (signatures included) and the allocation: digest link,\n"
"feasibility, value, payments, every rollup's receipt, the bound;\n"
"optimality only with a bound certificate (--bound-certificate)";

const char gv_verify_allocation_help[] =
"usage: gavel-verify allocation BIDSET.json ALLOCATION.json\n"
"           [--bound-certificate CERT.json]\n"
"           [--stake-table TABLE.json | --trust-root DIGEST --chain CHAIN.json]\n"
"           [--bidset-certificate CERT.json]\n"
"\n"
"Re-check an allocation against its bid set from scratch, without GLPK\n"
"(formats/allocation.md, \"Checks\"): every bid signature, the bid set\n"
"digest the allocation names, feasibility (no rollup sold twice, one bid\n"
"per XOR group, reserves met), the value, the first-price payments, every\n"
"rollup's revenue share and the claimed bound (one addable bid refutes a\n"
"claim of optimal). Optimality itself is checked only with a bound\n"
"certificate (formats/bound-certificate.md), in exact arithmetic.\n"
"On success one line \"valid: ...\" on stdout; otherwise the first failed\n"
"check as \"gavel-verify: FILE: JSON.PATH: problem\" on stderr.\n"
"\n"
"options:\n"
"      --bound-certificate FILE  check FILE, a bound certificate of the\n"
"                      allocation, and say \"optimal (proven: ...)\" or the\n"
"                      proven bound and gap (default: none, \"optimality not\n"
"                      checked\")\n"
"      --stake-table FILE  the stake table of the bid set's epoch, taken on\n"
"                      trust, for the checks that rest on one; or\n"
"      --trust-root DIGEST the genesis table's digest (64 hex digits), with\n"
"      --chain FILE    the chain from it to the bid set's epoch\n"
"                      (default: none: a table given must be the bid set's\n"
"                      marketplace and epoch, and the line ends with what\n"
"                      was trusted)\n"
"      --bidset-certificate FILE  check FILE, a quorum certificate of kind\n"
"                      \"bidset\" over the bid set's digest, against the\n"
"                      trusted table, and say \"bid set certified\"\n"
"                      (formats/acceptance.md; default: none, and nothing\n"
"                      is said about certification)\n"
"  -h, --help          print this help and exit\n"
"      --list-options  print the options this command parses, one a line\n"
"\n"
"exit status:\n"
"  0  valid\n"
"  1  well-formed but invalid: a bad signature, an infeasible allocation,\n"
"     a wrong value, payment, receipt or bound, a bid set certificate\n"
"     without quorum or for another bid set\n"
"  2  usage error, unreadable or malformed document, or a chain that does\n"
"     not hold from --trust-root or does not reach the bid set's epoch\n"
"  3  internal failure\n"
"\n"
"examples:\n"
"  gavel-verify allocation corpus/valid/example-epoch.json \\\n"
"      corpus/valid/example-epoch.allocation.json\n"
"  gavel-verify allocation corpus/valid/hand-epoch.json \\\n"
"      corpus/invalid/allocation-wrong-payment.json\n"
"  gavel-verify allocation corpus/valid/hand-epoch.json \\\n"
"      corpus/valid/hand-epoch.allocation.json \\\n"
"      --bound-certificate corpus/valid/hand-epoch.bound-certificate.json\n";

const struct option gv_verify_allocation_opts[] = {
	GV_VERIFY_TRUST_OPTS,
	{ "bound-certificate", required_argument, NULL, 'B' },
	{ "bidset-certificate", required_argument, NULL, 'S' },
	{ NULL, 0, NULL, 0 }
};

/* A trusted table must be the bid set's marketplace's, for its epoch. */
static int
trusted_for(const struct gv_verify_trust *tr, const struct gv_bidset *bs,
    const char *bsfile, struct gv_err *e)
{
	char q[96], q2[96];

	if (strcmp(tr->t.marketplace, bs->marketplace) == 0 &&
	    tr->t.epoch == bs->epoch)
		return GV_OK;
	return gv_err_set(e, GV_INVALID, bsfile, NULL, "the bid set is for "
	    "epoch %ju of marketplace %s, the trusted stake table for epoch "
	    "%ju of %s", (uintmax_t)bs->epoch, gv_quote(q, sizeof(q),
	    bs->marketplace), (uintmax_t)tr->t.epoch, gv_quote(q2, sizeof(q2),
	    tr->t.marketplace));
}

int
gv_verify_allocation(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e)
{
	struct gv_bidset bs;
	json_t *doc = NULL, *cert = NULL;
	char hex[2 * GV_DIGEST_LEN + 1], gap[16], *pos[2], *bstr = NULL;
	const char *certfile = NULL, *verdict = "optimality not checked";
	const char *bcfile = NULL;
	char certified[256] = "";
	char proven[256];
	struct gv_verify_trust tr;
	mpz_t bound, value;
	int rc, have_bs = 0, i, npos = 0, taken;
	static const struct gv_json_bound alloc_bound = { "an allocation",
		GV_ALLOC_MAX_VALUES, GV_ALLOC_MAX_CONTAINERS };

	mpz_inits(bound, value, NULL);
	gv_verify_trust_init(&tr);
	for (i = 0; i < argc; i++) {
		char q[96];

		if ((rc = gv_verify_trust_opt(&tr, argc, argv, &i, SYNOPSIS,
		    &taken, e)) != GV_OK)
			goto cleanup_args;
		if (taken)
			continue;
		if (strcmp(argv[i], "--bound-certificate") == 0) {
			if (i + 1 >= argc || certfile != NULL) {
				rc = gv_err_set(e, GV_MALFORMED, NULL, NULL,
				    "--bound-certificate: expected one file (%s)",
				    USAGE);
				goto cleanup_args;
			}
			certfile = argv[++i];
		} else if (strcmp(argv[i], "--bidset-certificate") == 0) {
			if (i + 1 >= argc || bcfile != NULL) {
				rc = gv_err_set(e, GV_MALFORMED, NULL, NULL,
				    "--bidset-certificate: expected one file "
				    "(%s)", USAGE);
				goto cleanup_args;
			}
			bcfile = argv[++i];
		} else if (strncmp(argv[i], "--", 2) == 0) {
			rc = gv_err_set(e, GV_MALFORMED, NULL, NULL,
			    "unknown option %s (%s)", gv_quote(q, sizeof(q),
			    argv[i]), USAGE);
			goto cleanup_args;
		} else if (npos < 2)
			pos[npos++] = argv[i];
		else {
			rc = gv_err_set(e, GV_MALFORMED, NULL, NULL, USAGE);
			goto cleanup_args;
		}
	}
	if (npos != 2) {
		rc = gv_err_set(e, GV_MALFORMED, NULL, NULL, USAGE);
		goto cleanup_args;
	}
	/* the trusted table, optional: a file now, a chain after the bid set */
	if ((rc = gv_verify_trust_given(&tr, NULL, bcfile != NULL ?
	    "--bidset-certificate needs the trusted table: --stake-table, or "
	    "--trust-root with --chain" : NULL, "the bid set's", e)) ||
	    (tr.chain == NULL && (rc = gv_verify_trust_load(&tr, 0, 0, e))))
		goto cleanup_args;
	if ((rc = gv_bidset_load(pos[0], &bs, e)) != GV_OK)
		goto cleanup;
	have_bs = 1;
	if ((tr.chain != NULL &&
	    (rc = gv_verify_trust_load(&tr, bs.epoch, 0, e)) != GV_OK) ||
	    (tr.have_t && (rc = trusted_for(&tr, &bs, pos[0], e)) != GV_OK))
		goto cleanup;
	if ((rc = gv_bidset_verify_sigs(&bs, e)) != GV_OK ||
	    (rc = gv_json_load_bounded(pos[1], GV_ALLOC_MAX_BYTES,
	    &alloc_bound, &doc, e)) != GV_OK ||
	    (rc = gv_alloc_check(&bs, doc, pos[1], e)) != GV_OK)
		goto cleanup;
	if (certfile != NULL) {
		if ((rc = gv_json_load(certfile, GV_BOUNDCERT_MAX_BYTES, &cert,
		    e)) != GV_OK ||
		    (rc = gv_boundcert_check(&bs, doc, cert, certfile, bound,
		    e)) != GV_OK ||
		    (rc = gv_get_amount(doc, "value", value, pos[1], NULL, e)))
			goto cleanup;
		if (mpz_cmp(bound, value) <= 0)
			verdict = "optimal (proven: bound - value < 1)";
		else {
			bstr = gv_amount_str(bound);
			gv_gap_str(gap, value, bound);
			snprintf(proven, sizeof(proven), "bound %.80s proven, "
			    "gap %s", bstr ? bstr : "?", gap);
			verdict = proven;
		}
	}
	if (bcfile != NULL && (rc = gv_verify_bidset_cert(&bs, &tr.t,
	    bcfile, certified, sizeof(certified), e)) != GV_OK)
		goto cleanup;
	gv_hex(hex, bs.digest, GV_DIGEST_LEN);
	snprintf(out, outlen, "valid: allocation for epoch %ju of "
	    "marketplace %s, bid set %s; %zu bids, signatures verified; "
	    "feasibility, value, payments, receipts and bound checked; "
	    "%s%s%s%s\n", (uintmax_t)bs.epoch, bs.marketplace, hex, bs.nbids,
	    verdict, certified, tr.have_t ? "; " : "", tr.have_t ? tr.what : "");
cleanup:
	json_decref(doc);
	json_decref(cert);
	if (have_bs)
		gv_bidset_free(&bs);
cleanup_args:
	gv_verify_trust_free(&tr);
	free(bstr);
	mpz_clears(bound, value, NULL);
	return rc;
}
