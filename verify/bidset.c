/* bidset.c: gavel-verify bidset, a certified bid set and the acknowledged bids it must hold (formats/acceptance.md, "Omission") */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acceptance.h"
#include "amount.h"
#include "bidset.h"
#include "cert.h"
#include "json.h"
#include "operator.h"
#include "stake.h"
#include "verify.h"

#define SYNOPSIS "gavel-verify bidset (--stake-table TABLE.json | " \
	"--trust-root DIGEST --chain CHAIN.json) --certificate CERT.json [--operator OPERATOR.json " \
	"--operator-certificate CERT.json [--operator-stake-table TABLE.json]] " \
	"[--receipt ACCEPTANCE.json]... BIDSET.json"

const char gv_verify_bidset_summary[] =
"a bid set certified by a quorum, and omission: an acknowledged bid\n"
"(acceptance receipt) missing from it is an operator fault";

const char gv_verify_bidset_help[] =
"usage: gavel-verify bidset (--stake-table TABLE.json |\n"
"           --trust-root DIGEST --chain CHAIN.json) --certificate CERT.json\n"
"           [--operator OPERATOR.json --operator-certificate CERT.json\n"
"            [--operator-stake-table TABLE.json]]\n"
"           [--receipt ACCEPTANCE.json]... BIDSET.json\n"
"\n"
"Check a published bid set (formats/bidset.md: format and every bid\n"
"signature), that it is certified by more than 2/3 of the stake of TABLE\n"
"(a quorum certificate of kind \"bidset\", formats/certificate.md), and\n"
"that every bid the marketplace acknowledged is in it (formats/\n"
"acceptance.md, \"Omission\"): an acceptance receipt signed by a certified\n"
"operator key (formats/operator.md), for this marketplace and epoch, for a\n"
"bid accepted by its deadline, whose bid is not in the certified bid set\n"
"proves an operator fault.\n"
"\n"
"options:\n"
"      --stake-table FILE  the stake table of the bid set's epoch, taken on\n"
"                      trust; or\n"
"      --trust-root DIGEST the genesis table's digest (64 hex digits), with\n"
"      --chain FILE    the chain from it to the bid set's epoch; the\n"
"                      operator's table is then the chain's table of the\n"
"                      operator document's epoch (one of the two ways is\n"
"                      required)\n"
"      --certificate FILE  the bid set's quorum certificate (required)\n"
"      --operator FILE     the marketplace's operator keys (gavel.operator.v1;\n"
"                      required with --receipt)\n"
"      --operator-certificate FILE  its quorum certificate, kind \"operator\"\n"
"                      (required with --operator)\n"
"      --operator-stake-table FILE  the trusted table that certified the\n"
"                      operator document, taken on trust (default: the\n"
"                      bid set's table, or the chain's); from an epoch no\n"
"                      later than the bid set's; not with --trust-root\n"
"      --receipt FILE  an acceptance receipt (gavel.acceptance.v1); repeat\n"
"                      for several, judged in the order given (default: none)\n"
"  -h, --help          print this help and exit\n"
"      --list-options  print the options this command parses, one a line\n"
"\n"
"Every receipt given must be a valid acknowledgment for this bid set: the\n"
"first that is not (another marketplace or epoch, a key the operator\n"
"document does not list, a bad signature, a bid accepted after its\n"
"deadline) ends the check with its reason; it proves nothing either way.\n"
"Then each receipt whose bid is missing gets a line \"omission: ...\" on\n"
"stdout, followed by one line \"invalid: ...\", and the first omission's\n"
"reason is on stderr.\n"
"\n"
"exit status:\n"
"  0  valid: the bid set is certified and holds every acknowledged bid\n"
"  1  omission proven (operator fault), or a check fails: a bad bid\n"
"     signature, a certificate without quorum or for another document, an\n"
"     uncertified operator, a receipt that proves nothing (reason on\n"
"     stderr)\n"
"  2  usage error, unreadable or malformed input\n"
"  3  internal failure\n"
"\n"
"examples:\n"
"  gavel-verify bidset --stake-table corpus/bidcert/stake-table.json \\\n"
"      --certificate corpus/bidcert/bidset.cert.json \\\n"
"      --operator corpus/bidcert/operator.json \\\n"
"      --operator-certificate corpus/bidcert/operator.cert.json \\\n"
"      --receipt corpus/bidcert/accept-included.json \\\n"
"      corpus/bidcert/bidset.json\n"
"  gavel-verify bidset --stake-table corpus/bidcert/stake-table.json \\\n"
"      --certificate corpus/bidcert/bidset.cert.json \\\n"
"      --operator corpus/bidcert/operator.json \\\n"
"      --operator-certificate corpus/bidcert/operator.cert.json \\\n"
"      --receipt corpus/bidcert/accept-omitted.json \\\n"
"      corpus/bidcert/bidset.json\n";

const struct option gv_verify_bidset_opts[] = {
	GV_VERIFY_TRUST_OPTS,
	{ "certificate", required_argument, NULL, 'C' },
	{ "operator", required_argument, NULL, 'O' },
	{ "operator-certificate", required_argument, NULL, 'P' },
	{ "operator-stake-table", required_argument, NULL, 'S' },
	{ "receipt", required_argument, NULL, 'R' },
	{ NULL, 0, NULL, 0 }
};

#define NOPT 4

struct args {
	struct gv_verify_trust tr;	/* the bid set's table */
	const char *opt[NOPT];	/* cert, operator, opcert, optable */
	const char *bidset;
	char **receipts;	/* pointers into argv */
	size_t nreceipts;
};

static int
usage_err(struct gv_err *e, const char *what)
{
	return gv_err_set(e, GV_MALFORMED, NULL, NULL, "bidset: %s (usage: "
	    SYNOPSIS ")", what);
}

static int
parse_args(int argc, char **argv, struct args *a, struct gv_err *e)
{
	static const char *const opt[NOPT] = { "--certificate", "--operator", "--operator-certificate",
		"--operator-stake-table" };
	char q[96], msg[160];
	int i, k, taken, rc;

	for (i = 0; i < argc; i++) {
		if ((rc = gv_verify_trust_opt(&a->tr, argc, argv, &i, SYNOPSIS,
		    &taken, e)))
			return rc;
		if (taken)
			continue;
		for (k = 0; k < NOPT && strcmp(argv[i], opt[k]) != 0; k++)
			;
		if (k < NOPT || strcmp(argv[i], "--receipt") == 0) {
			if (i + 1 >= argc) {
				snprintf(msg, sizeof(msg), "%s: missing file "
				    "name", argv[i]);
				return usage_err(e, msg);
			}
			if (k == NOPT) {
				a->receipts[a->nreceipts++] = argv[++i];
				continue;
			}
			if (a->opt[k] != NULL) {
				snprintf(msg, sizeof(msg), "%s given twice",
				    opt[k]);
				return usage_err(e, msg);
			}
			a->opt[k] = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			snprintf(msg, sizeof(msg), "unknown option %s",
			    gv_quote(q, sizeof(q), argv[i]));
			return usage_err(e, msg);
		} else if (a->bidset == NULL)
			a->bidset = argv[i];
		else
			return usage_err(e, "one bid set at a time");
	}
	if ((rc = gv_verify_trust_given(&a->tr, NULL, "bidset: a trusted "
	    "table is required, a certificate counts stake only in one: "
	    "--stake-table, or --trust-root with --chain (usage: " SYNOPSIS ")",
	    "the bid set's", e)))
		return rc;
	if (a->tr.root != NULL && a->opt[3] != NULL)
		return usage_err(e, "--operator-stake-table is a table taken on "
		    "trust: with --trust-root the operator's table comes from "
		    "the chain");
	if (a->opt[0] == NULL)
		return usage_err(e, "--certificate is required: only a "
		    "certified bid set is the published one");
	if (a->nreceipts > 0 && a->opt[1] == NULL)
		return usage_err(e, "--receipt needs --operator: a receipt "
		    "binds only under a certified operator key");
	if (a->opt[1] != NULL && a->opt[2] == NULL)
		return usage_err(e, "--operator needs --operator-certificate");
	if (a->opt[1] == NULL && (a->opt[2] != NULL || a->opt[3] != NULL))
		return usage_err(e, "--operator-certificate and "
		    "--operator-stake-table need --operator");
	if (a->bidset == NULL)
		return usage_err(e, "missing BIDSET.json");
	return GV_OK;
}

/* The operator document's certificate, under a table of this marketplace
   from an epoch no later than the bid set's, covering the bid set's epoch. */
static int
check_operator(const struct gv_operator *o, const char *ofile,
    const struct gv_stake_table *ot, const json_t *ocert,
    const char *ocfile, const struct gv_bidset *bs, struct gv_err *e)
{
	struct gv_cert_result cr;
	char q[96], q2[96];
	int rc;

	if (strcmp(o->marketplace, bs->marketplace) != 0)
		return gv_err_set(e, GV_INVALID, ofile, "marketplace", "the "
		    "operator document is for marketplace %s, the bid set for "
		    "%s", gv_quote(q, sizeof(q), o->marketplace), gv_quote(q2,
		    sizeof(q2), bs->marketplace));
	if (!gv_operator_covers(o, bs->epoch))
		return gv_err_set(e, GV_INVALID, ofile, NULL, "the operator "
		    "document covers epochs %ju..%ju, not the bid set's epoch "
		    "%ju", (uintmax_t)o->epoch, (uintmax_t)o->last_epoch,
		    (uintmax_t)bs->epoch);
	if (strcmp(ot->marketplace, bs->marketplace) != 0 ||
	    ot->epoch > bs->epoch)
		return gv_err_set(e, GV_INVALID, ot->doc, NULL, "the operator's "
		    "stake table is for epoch %ju of marketplace %s: it must be "
		    "of %s and no later than the bid set's epoch %ju",
		    (uintmax_t)ot->epoch, gv_quote(q, sizeof(q),
		    ot->marketplace), gv_quote(q2, sizeof(q2),
		    bs->marketplace), (uintmax_t)bs->epoch);
	gv_cert_result_init(&cr);
	rc = gv_cert_check(ot, ocert, ocfile, "operator", o->digest, 0, &cr,
	    e);
	gv_cert_result_free(&cr);
	return rc;
}

int
gv_verify_bidset(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e)
{
	struct gv_stake_table ot;
	struct gv_verify_trust otr;
	const struct gv_stake_table *t;
	struct gv_bidset bs;
	struct gv_operator o;
	struct gv_acceptance *acc = NULL;
	struct gv_cert_result cr;
	struct gv_err first, *why_err = NULL;
	struct args a;
	json_t *cdoc = NULL, *odoc = NULL, *ocdoc = NULL, **rdoc = NULL;
	char bh[2 * GV_DIGEST_LEN + 1], th[2 * GV_DIGEST_LEN + 1];
	char oh[2 * GV_DIGEST_LEN + 1], *ss = NULL, *ts = NULL, tail[256];
	const char *why;
	size_t i, nomit = 0;
	int rc, have_bs = 0, verdict, *omitted = NULL;
	static const struct gv_json_bound cert_bound = { "a certificate",
		GV_CERT_MAX_VALUES, GV_CERT_MAX_CONTAINERS };

	memset(&ot, 0, sizeof(ot));
	memset(&a, 0, sizeof(a));
	gv_verify_trust_init(&a.tr);
	gv_verify_trust_init(&otr);
	t = &a.tr.t;
	memset(&o, 0, sizeof(o));
	memset(&first, 0, sizeof(first));
	gv_cert_result_init(&cr);
	if ((a.receipts = calloc((size_t)argc + 1, sizeof(*a.receipts))) ==
	    NULL || (rdoc = calloc((size_t)argc + 1, sizeof(*rdoc))) == NULL ||
	    (acc = calloc((size_t)argc + 1, sizeof(*acc))) == NULL ||
	    (why_err = calloc((size_t)argc + 1, sizeof(*why_err))) == NULL ||
	    (omitted = calloc((size_t)argc + 1, sizeof(*omitted))) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, NULL, NULL, "out of memory");
		goto cleanup;
	}
	if ((rc = parse_args(argc, argv, &a, e)))
		goto cleanup;
	/* Every document's own checks first (exit 2), then what links them. */
	if ((a.tr.table != NULL &&
	    (rc = gv_verify_trust_load(&a.tr, 0, 0, e))) ||
	    (rc = gv_bidset_load(a.bidset, &bs, e)))
		goto cleanup;
	have_bs = 1;
	if (a.tr.chain != NULL &&
	    (rc = gv_verify_trust_load(&a.tr, bs.epoch, 0, e)))
		goto cleanup;
	if ((rc = gv_json_load_bounded(a.opt[0], GV_CERT_MAX_BYTES,
	    &cert_bound, &cdoc, e)))
		goto cleanup;
	if (a.opt[1] != NULL &&
	    ((rc = gv_json_load(a.opt[1], GV_OPERATOR_MAX_BYTES, &odoc, e)) ||
	    (rc = gv_operator_parse(odoc, a.opt[1], NULL, &o, e)) ||
	    (rc = gv_json_load_bounded(a.opt[2], GV_CERT_MAX_BYTES,
	    &cert_bound, &ocdoc, e)) ||
	    (a.opt[3] != NULL && (rc = gv_stake_load(a.opt[3], &ot, e)))))
		goto cleanup;
	/* from the trust root, the operator's table is the chain's too */
	if (a.opt[1] != NULL && a.tr.chain != NULL && o.epoch != bs.epoch) {
		otr.root = a.tr.root;
		otr.chain = a.tr.chain;
		memcpy(otr.root_digest, a.tr.root_digest, GV_DIGEST_LEN);
		if ((rc = gv_verify_trust_load(&otr, o.epoch, 0, e)))
			goto cleanup;
	}
	for (i = 0; i < a.nreceipts; i++)
		if ((rc = gv_json_load(a.receipts[i], GV_ACCEPTANCE_MAX_BYTES,
		    &rdoc[i], e)) ||
		    (rc = gv_acceptance_parse(rdoc[i], a.receipts[i], NULL,
		    &acc[i], e)))
			goto cleanup;
	if (strcmp(bs.marketplace, t->marketplace) != 0 ||
	    bs.epoch != t->epoch) {
		char q[96], q2[96];

		rc = gv_err_set(e, GV_INVALID, a.bidset, NULL, "the bid set is "
		    "for epoch %ju of marketplace %s, the trusted stake table "
		    "for epoch %ju of %s", (uintmax_t)bs.epoch, gv_quote(q,
		    sizeof(q), bs.marketplace), (uintmax_t)t->epoch,
		    gv_quote(q2, sizeof(q2), t->marketplace));
		goto cleanup;
	}
	if ((rc = gv_bidset_verify_sigs(&bs, e)) ||
	    (rc = gv_cert_check(t, cdoc, a.opt[0], "bidset", bs.digest, 0,
	    &cr, e)))
		goto cleanup;
	if (a.opt[1] != NULL && (rc = check_operator(&o, a.opt[1],
	    a.opt[3] != NULL ? &ot : otr.have_t ? &otr.t : t, ocdoc,
	    a.opt[2], &bs, e)))
		goto cleanup;
	/*
	 * A receipt that proves nothing ends the check before anything is
	 * printed; then the omissions are listed, in the order given.
	 */
	for (i = 0; i < a.nreceipts; i++) {
		if ((rc = gv_acceptance_judge(&acc[i], a.receipts[i], &bs, &o,
		    &verdict, &why_err[i])))
			goto cleanup_judge;
		omitted[i] = verdict == GV_ACCEPT_OMITTED;
	}
	for (i = 0; i < a.nreceipts; i++) {
		if (!omitted[i])
			continue;
		if (nomit++ == 0)
			first = why_err[i];
		why = strstr(why_err[i].msg, "omission proven: ");
		printf("omission: %s: %s\n", a.receipts[i], why != NULL ?
		    why + strlen("omission proven: ") : why_err[i].msg);
	}
	gv_hex(bh, bs.digest, GV_DIGEST_LEN);
	gv_hex(th, t->digest, GV_DIGEST_LEN);
	if (nomit > 0) {
		printf("invalid: certified bid set %s of epoch %ju of marketplace "
		    "%s omits %zu of %zu acknowledged bid%s: operator fault\n",
		    bh, (uintmax_t)bs.epoch, bs.marketplace, nomit,
		    a.nreceipts, a.nreceipts == 1 ? "" : "s");
		*e = first;
		rc = GV_INVALID;
		goto cleanup;
	}
	if ((ss = gv_amount_str(cr.signed_stake)) == NULL ||
	    (ts = gv_amount_str(cr.total)) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, NULL, NULL, "out of memory");
		goto cleanup;
	}
	if (a.opt[1] != NULL) {
		gv_hex(oh, o.digest, GV_DIGEST_LEN);
		snprintf(tail, sizeof(tail), "%zu acknowledged bid%s, all "
		    "included, under certified operator document %s",
		    a.nreceipts, a.nreceipts == 1 ? "" : "s", oh);
	} else
		snprintf(tail, sizeof(tail), "no acknowledged bid checked");
	snprintf(out, outlen, "valid: bid set %s of epoch %ju of marketplace "
	    "%s: %zu bids, signatures verified; certified by more than 2/3 of "
	    "stake table %s (signed stake %s of total %s); %s; %s\n", bh,
	    (uintmax_t)bs.epoch, bs.marketplace, bs.nbids, th, ss, ts, tail,
	    a.tr.what);
	rc = GV_OK;
	goto cleanup;
cleanup_judge:
	*e = why_err[i];
cleanup:
	free(ss);
	free(ts);
	gv_cert_result_free(&cr);
	json_decref(cdoc);
	json_decref(odoc);
	json_decref(ocdoc);
	for (i = 0; rdoc != NULL && i < (size_t)argc; i++)
		json_decref(rdoc[i]);
	free(rdoc);
	free(why_err);
	free(omitted);
	free(acc);
	free(a.receipts);
	if (have_bs)
		gv_bidset_free(&bs);
	gv_verify_trust_free(&a.tr);
	gv_verify_trust_free(&otr);
	gv_stake_free(&ot);
	return rc;
}

int
gv_verify_bidset_cert(const struct gv_bidset *bs,
    const struct gv_stake_table *t,
    const char *certfile, char *out, size_t outlen, struct gv_err *e)
{
	struct gv_cert_result cr;
	json_t *cdoc = NULL;
	char th[2 * GV_DIGEST_LEN + 1], *ss = NULL, *ts = NULL, q[96], q2[96];
	int rc;
	static const struct gv_json_bound cert_bound = { "a certificate",
		GV_CERT_MAX_VALUES, GV_CERT_MAX_CONTAINERS };

	gv_cert_result_init(&cr);
	if ((rc = gv_json_load_bounded(certfile, GV_CERT_MAX_BYTES,
	    &cert_bound, &cdoc, e)))
		goto cleanup;
	if (strcmp(bs->marketplace, t->marketplace) != 0 ||
	    bs->epoch != t->epoch) {
		rc = gv_err_set(e, GV_INVALID, bs->doc, NULL, "the bid set is "
		    "for epoch %ju of marketplace %s, the trusted stake table "
		    "for epoch %ju of %s", (uintmax_t)bs->epoch, gv_quote(q,
		    sizeof(q), bs->marketplace), (uintmax_t)t->epoch,
		    gv_quote(q2, sizeof(q2), t->marketplace));
		goto cleanup;
	}
	if ((rc = gv_cert_check(t, cdoc, certfile, "bidset", bs->digest, 0,
	    &cr, e)))
		goto cleanup;
	if ((ss = gv_amount_str(cr.signed_stake)) == NULL ||
	    (ts = gv_amount_str(cr.total)) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, NULL, NULL, "out of memory");
		goto cleanup;
	}
	gv_hex(th, t->digest, GV_DIGEST_LEN);
	snprintf(out, outlen, "; bid set certified by more than 2/3 of stake "
	    "table %s (signed stake %.40s of total %.40s)", th, ss, ts);
cleanup:
	free(ss);
	free(ts);
	gv_cert_result_free(&cr);
	json_decref(cdoc);
	return rc;
}
