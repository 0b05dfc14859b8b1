/* receipt.c: gavel-verify receipt, a pre-confirmation checked on arrival (formats/receipt.md, "On arrival") */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert.h"
#include "delegation.h"
#include "json.h"
#include "receipt.h"
#include "slashctx.h"
#include "stake.h"
#include "verify.h"

#define SYNOPSIS "gavel-verify receipt (--stake-table TABLE.json | " \
	"--trust-root DIGEST --chain CHAIN.json) --allocation ALLOCATION.json " \
	"--allocation-certificate CERT.json [--delegation DELEGATION.json] " \
	"RECEIPT.json"

const char gv_verify_receipt_summary[] =
"a pre-confirmation on arrival: its signature, and that its signer is the\n"
"scheduled sequencer (or its gateway) under the certified allocation";

const char gv_verify_receipt_help[] =
"usage: gavel-verify receipt --stake-table TABLE.json\n"
"           --allocation ALLOCATION.json --allocation-certificate CERT.json\n"
"           [--delegation DELEGATION.json] RECEIPT.json\n"
"       gavel-verify receipt --trust-root DIGEST --chain CHAIN.json\n"
"           --allocation ALLOCATION.json --allocation-certificate CERT.json\n"
"           [--delegation DELEGATION.json] RECEIPT.json\n"
"\n"
"Check a pre-confirmation receipt the moment it arrives (formats/receipt.md,\n"
"\"On arrival\"): its signature, and that its signer holds the sequencing\n"
"right of the receipt's rollup and slot under the allocation, which must be\n"
"certified by more than 2/3 of the stake of the stake table the caller\n"
"trusts: TABLE, taken on trust, or the table of the allocation's epoch\n"
"proven by a stake-table chain (formats/stake-chain.md) from the one\n"
"digest the caller trusts. A binding receipt is one whose broken promise is\n"
"slashable. The \"valid: ...\" line ends with what was trusted.\n"
"An atomic receipt (gavel.receipt.v2) binds when one key holds every leg's\n"
"rollup: each leg is checked, and a failure names it (legs[i]).\n"
"Under a lottery allocation (gavel.allocation.v2) the key holding a rollup\n"
"is the bidder of the purchase drawn for that slot of its bundle; the\n"
"certificate vouches for the draw (gavel-verify allocation re-derives it).\n"
"\n"
"options (the table one of two ways, and the next two, are required; no\n"
"defaults):\n"
"      --stake-table FILE  the trusted stake table of the epoch, or\n"
"      --trust-root DIGEST the genesis table's digest (64 hex digits), with\n"
"      --chain FILE        the chain from it to the allocation's epoch\n"
"      --allocation FILE   the epoch's allocation\n"
"      --allocation-certificate FILE  its quorum certificate\n"
"      --delegation FILE   for a receipt signed by a gateway: the scheduled\n"
"                      sequencer's delegation to it (formats/delegation.md;\n"
"                      default: none, the signer must be the sequencer)\n"
"  -h, --help          print this help and exit\n"
"      --list-options  print the options this command parses, one a line\n"
"\n"
"exit status:\n"
"  0  binding\n"
"  1  not binding: a bad signature, a signer that is not the scheduled\n"
"     sequencer or its gateway, an unsold rollup, a slot outside the\n"
"     epoch, an allocation the table did not certify (the reason on stderr)\n"
"  2  usage error, unreadable or malformed input, or a chain that does not\n"
"     hold from --trust-root or does not reach the allocation's epoch:\n"
"     nothing checked\n"
"  3  internal failure\n"
"\n"
"examples:\n"
"  gavel-verify receipt --stake-table corpus/receipts/stake-table.json \\\n"
"      --allocation corpus/receipts/allocation.json \\\n"
"      --allocation-certificate corpus/receipts/allocation.cert.json \\\n"
"      corpus/receipts/receipt-scheduled.json\n"
"  gavel-verify receipt \\\n"
"      --trust-root $(cat corpus/slashing-world/chain.root) \\\n"
"      --chain corpus/slashing-world/chain.json \\\n"
"      --allocation corpus/receipts/allocation.json \\\n"
"      --allocation-certificate corpus/receipts/allocation.cert.json \\\n"
"      corpus/receipts/receipt-scheduled.json\n"
"  gavel-verify receipt --stake-table corpus/receipts/stake-table.json \\\n"
"      --allocation corpus/receipts/allocation.json \\\n"
"      --allocation-certificate corpus/receipts/allocation.cert.json \\\n"
"      --delegation corpus/receipts/via-gateway.delegation.json \\\n"
"      corpus/receipts/via-gateway.receipt.json\n";

const struct option gv_verify_receipt_opts[] = {
	GV_VERIFY_TRUST_OPTS,
	{ "allocation", required_argument, NULL, 'A' },
	{ "allocation-certificate", required_argument, NULL, 'C' },
	{ "delegation", required_argument, NULL, 'D' },
	{ NULL, 0, NULL, 0 }
};

struct args {
	struct gv_verify_trust tr;
	const char *alloc, *cert, *deleg, *receipt;
};

static int
usage_err(struct gv_err *e, const char *what)
{
	return gv_err_set(e, GV_MALFORMED, NULL, NULL, "receipt: %s (usage: "
	    SYNOPSIS ")", what);
}

static int
parse_args(int argc, char **argv, struct args *a, struct gv_err *e)
{
	static const char *const opt[] = { "--allocation",
		"--allocation-certificate", "--delegation" };
	const char **slot[3];
	char q[96], msg[160];
	int i, k, rc, taken;

	a->alloc = a->cert = a->deleg = a->receipt = NULL;
	slot[0] = &a->alloc;
	slot[1] = &a->cert;
	slot[2] = &a->deleg;
	for (i = 0; i < argc; i++) {
		if ((rc = gv_verify_trust_opt(&a->tr, argc, argv, &i, SYNOPSIS,
		    &taken, e)) != GV_OK)
			return rc;
		if (taken)
			continue;
		for (k = 0; k < 3 && strcmp(argv[i], opt[k]) != 0; k++)
			;
		if (k < 3) {
			if (i + 1 >= argc) {
				snprintf(msg, sizeof(msg), "%s: missing file "
				    "name", opt[k]);
				return usage_err(e, msg);
			}
			if (*slot[k] != NULL) {
				snprintf(msg, sizeof(msg), "%s given twice",
				    opt[k]);
				return usage_err(e, msg);
			}
			*slot[k] = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			snprintf(msg, sizeof(msg), "unknown option %s",
			    gv_quote(q, sizeof(q), argv[i]));
			return usage_err(e, msg);
		} else if (a->receipt == NULL)
			a->receipt = argv[i];
		else
			return usage_err(e, "one receipt at a time");
	}
	if ((rc = gv_verify_trust_given(&a->tr, NULL, "required: a receipt "
	    "binds only under an allocation certified by the stake table you "
	    "trust (or --trust-root with --chain)", "the allocation's", e)))
		return rc;
	for (k = 0; k < 2; k++)
		if (*slot[k] == NULL) {
			snprintf(msg, sizeof(msg), "%s is required: a receipt "
			    "binds only under a certified allocation",
			    opt[k]);
			return usage_err(e, msg);
		}
	if (a->receipt == NULL)
		return usage_err(e, "missing RECEIPT.json");
	return GV_OK;
}

/*
 * A receipt signed by a gateway binds when the delegation is the sequencer's
 * own (its signature), for this epoch, to this signer, and covers the
 * receipt's rollup and slot; whether that sequencer is the scheduled one is
 * checked next, as for a receipt the sequencer signed itself.
 */
static int
delegation_key(const struct gv_delegation *d, const struct gv_receipt *r,
    const struct gv_schedule *s, const char *dfile, const char *rfile,
    struct gv_err *e)
{
	char q[96], q2[96], g[2 * GV_PK_LEN + 1], k[2 * GV_PK_LEN + 1];

	if (strcmp(d->marketplace, s->marketplace) != 0 || d->epoch != s->epoch)
		return gv_err_set(e, GV_INVALID, dfile, NULL, "the delegation "
		    "is for epoch %" PRIu64 " of marketplace %s, the allocation "
		    "for epoch %" PRIu64 " of %s", d->epoch, gv_quote(q,
		    sizeof(q), d->marketplace), s->epoch, gv_quote(q2,
		    sizeof(q2), s->marketplace));
	if (!gv_delegation_sig_ok(d))
		return gv_err_set(e, GV_INVALID, dfile, "sig", "signature does "
		    "not verify under the delegation's sequencer key: the "
		    "promise does not bind");
	if (memcmp(d->gateway, r->sequencer, GV_PK_LEN) != 0) {
		gv_hex(g, d->gateway, GV_PK_LEN);
		gv_hex(k, r->sequencer, GV_PK_LEN);
		return gv_err_set(e, GV_INVALID, rfile, "sequencer", "signed by "
		    "%s, not by the delegation's gateway %s: the promise does "
		    "not bind", k, g);
	}
	return GV_OK;
}

/* ... and covers the rollup and slot of r (path: NULL, or the leg's). */
static int
delegation_covers(const struct gv_delegation *d, const struct gv_receipt *r,
    const char *rfile, const char *path, struct gv_err *e)
{
	char q[96];

	if (!gv_delegation_covers(d, r->rollup, r->slot))
		return gv_err_set(e, GV_INVALID, rfile, path, "the delegation "
		    "does not cover rollup %s at slot %" PRIu64 " (it covers "
		    "slots %" PRIu64 "..%" PRIu64 " of %zu rollup%s): the "
		    "promise does not bind", gv_quote(q, sizeof(q), r->rollup),
		    r->slot, d->first, d->first + d->count - 1,
		    json_array_size(d->rollups),
		    json_array_size(d->rollups) == 1 ? "" : "s");
	return GV_OK;
}

static int
check_delegation(const struct gv_delegation *d, const struct gv_receipt *r,
    const struct gv_schedule *s, const char *dfile, const char *rfile,
    struct gv_err *e)
{
	int rc;

	if ((rc = delegation_key(d, r, s, dfile, rfile, e)))
		return rc;
	return delegation_covers(d, r, rfile, NULL, e);
}

/*
 * An atomic receipt (formats/receipt.md, "Version 2"): the delegation (if
 * any) and the schedule for every leg, in order; one key answers for all.
 * A failure names the leg: "RECEIPT: legs[i].rollup: ...".
 */
static int
check_legs(const struct gv_receipt *r, const struct gv_delegation *d,
    const struct gv_schedule *s, const char *dfile, const char *rfile,
    struct gv_err *e)
{
	struct gv_receipt l;
	char p[GV_PATH_MAX];
	size_t i;
	int rc;

	if (d != NULL && (rc = delegation_key(d, r, s, dfile, rfile, e)))
		return rc;
	/* the slot is the receipt's, not a leg's: reported as in v1 */
	if ((r->slot < s->first || r->slot - s->first >= s->count) &&
	    (rc = gv_schedule_check_signer(s, r->rollup, r->slot, d ?
	    d->sequencer : r->sequencer, d ? dfile : rfile, NULL,
	    "the promise does not bind", e)))
		return rc;
	for (i = 0; i < r->nlegs; i++) {
		if (gv_receipt_leg(r, i, &l) != GV_OK)
			return gv_err_set(e, GV_INTERNAL, rfile, NULL,
			    "cannot read leg %zu", i);
		gv_path_idx(p, "legs", i);
		if (d != NULL && (rc = delegation_covers(d, &l, rfile, p, e)))
			return rc;
		if ((rc = gv_schedule_check_signer(s, l.rollup, l.slot, d ?
		    d->sequencer : r->sequencer, d ? dfile : rfile, p,
		    "the promise does not bind", e)))
			return rc;
	}
	return GV_OK;
}

/* The success line of an atomic receipt into out. */
static int
atomic_line(const struct gv_receipt *r, const unsigned char *signer,
    const struct gv_schedule *s, const struct gv_stake_table *t, int deleg,
    const char *trusted, char *out, size_t outlen, struct gv_err *e)
{
	char kh[2 * GV_PK_LEN + 1], gh[2 * GV_PK_LEN + 1];
	char hh[2 * GV_PK_LEN + 1], ah[2 * GV_DIGEST_LEN + 1];
	char th[2 * GV_DIGEST_LEN + 1], vh[2 * GV_DIGEST_LEN + 1];
	struct gv_receipt l;
	size_t i, n;

	gv_hex(kh, signer, GV_PK_LEN);
	gv_hex(gh, r->sequencer, GV_PK_LEN);
	gv_hex(hh, r->holder, GV_PK_LEN);
	gv_hex(ah, s->digest, GV_DIGEST_LEN);
	gv_hex(th, t->digest, GV_DIGEST_LEN);
	n = (size_t)snprintf(out, outlen, "valid: binding atomic "
	    "pre-confirmation: %s%s%s is the scheduled sequencer of rollup%s ",
	    deleg ? gh : "", deleg ? ", gateway by delegation of " : "", kh,
	    r->nlegs == 1 ? "" : "s");
	for (i = 0; i < r->nlegs && n < outlen; i++) {
		if (gv_receipt_leg(r, i, &l) != GV_OK)
			return gv_err_set(e, GV_INTERNAL, NULL, NULL,
			    "cannot read leg %zu", i);
		n += (size_t)snprintf(out + n, outlen - n, "%s%s",
		    i ? ", " : "", l.rollup);
	}
	if (n < outlen)
		n += (size_t)snprintf(out + n, outlen - n, " in slot %" PRIu64
		    " of epoch %" PRIu64 " of marketplace %s, under allocation "
		    "%s certified by more than 2/3 of stake table %s; it "
		    "promises %zu leg%s to holder %s with collateral %s: ",
		    r->slot, r->epoch, r->marketplace, ah, th, r->nlegs,
		    r->nlegs == 1 ? "" : "s", hh, r->collateral);
	for (i = 0; i < r->nlegs && n < outlen; i++) {
		(void)gv_receipt_leg(r, i, &l);
		gv_hex(vh, l.value, GV_DIGEST_LEN);
		n += (size_t)snprintf(out + n, outlen - n, "%s%s %s at position "
		    "%" PRIu64 " on %s", i ? ", " : "", l.kind == GV_PROMISE_TX ?
		    "transaction" : "state root", vh, l.position, l.rollup);
	}
	if (n < outlen)
		n += (size_t)snprintf(out + n, outlen - n, "; %s\n", trusted);
	if (n >= outlen)
		return gv_err_set(e, GV_INTERNAL, NULL, NULL,
		    "the answer does not fit");
	return GV_OK;
}

int
gv_verify_receipt(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e)
{
	struct gv_cert_result cr;
	struct gv_schedule s;
	struct gv_receipt r;
	struct gv_delegation d;
	struct args a;
	const struct gv_stake_table *t = &a.tr.t;
	json_t *rdoc = NULL, *adoc = NULL, *cdoc = NULL, *ddoc = NULL;
	const unsigned char *signer;
	char kh[2 * GV_PK_LEN + 1], ah[2 * GV_DIGEST_LEN + 1];
	char th[2 * GV_DIGEST_LEN + 1], vh[2 * GV_DIGEST_LEN + 1], q[96], q2[96];
	char gh[2 * GV_PK_LEN + 1], drawn[128];
	int rc;

	gv_verify_trust_init(&a.tr);
	gv_cert_result_init(&cr);
	if ((rc = parse_args(argc, argv, &a, e)) != GV_OK)
		goto cleanup;
	/*
	 * Every document's own checks first (exit 2), then what links them;
	 * a chain is walked to the allocation's epoch once that is known.
	 */
	if ((a.tr.chain == NULL && (rc = gv_verify_trust_load(&a.tr, 0, 0,
	    e))) ||
	    (rc = gv_json_load(a.receipt, 1u << 20, &rdoc, e)) ||
	    (rc = gv_receipt_parse_any(rdoc, a.receipt, NULL, &r, e)) ||
	    (rc = gv_json_load(a.alloc, 64u << 20, &adoc, e)) ||
	    (rc = gv_schedule_parse_any(adoc, a.alloc, NULL, &s, e)) ||
	    (rc = gv_json_load(a.cert, GV_CERT_MAX_BYTES, &cdoc, e)))
		goto cleanup;
	if (a.deleg != NULL &&
	    ((rc = gv_json_load(a.deleg, GV_DELEGATION_MAX_BYTES, &ddoc, e)) ||
	    (rc = gv_delegation_parse(ddoc, a.deleg, NULL, &d, e))))
		goto cleanup;
	if (a.tr.chain != NULL &&
	    (rc = gv_verify_trust_load(&a.tr, s.epoch, 0, e)))
		goto cleanup;
	if (strcmp(s.marketplace, t->marketplace) != 0 || s.epoch != t->epoch) {
		rc = gv_err_set(e, GV_INVALID, a.alloc, NULL, "the allocation "
		    "is for epoch %" PRIu64 " of marketplace %s, the trusted "
		    "stake table for epoch %" PRIu64 " of %s", s.epoch,
		    gv_quote(q, sizeof(q), s.marketplace), t->epoch,
		    gv_quote(q2, sizeof(q2), t->marketplace));
		goto cleanup;
	}
	if ((rc = gv_cert_check(t, cdoc, a.cert, "allocation", s.digest, 0,
	    &cr, e)))
		goto cleanup;
	if (strcmp(r.marketplace, s.marketplace) != 0 || r.epoch != s.epoch) {
		rc = gv_err_set(e, GV_INVALID, a.receipt, NULL, "the receipt is "
		    "for epoch %" PRIu64 " of marketplace %s, the allocation "
		    "for epoch %" PRIu64 " of %s", r.epoch, gv_quote(q,
		    sizeof(q), r.marketplace), s.epoch, gv_quote(q2, sizeof(q2),
		    s.marketplace));
		goto cleanup;
	}
	if (!gv_receipt_sig_ok(&r)) {
		rc = gv_err_set(e, GV_INVALID, a.receipt, "sig", "signature does "
		    "not verify under the receipt's sequencer key: the promise "
		    "does not bind");
		goto cleanup;
	}
	signer = r.sequencer;
	if (r.version == 2) {
		if ((rc = check_legs(&r, a.deleg ? &d : NULL, &s, a.deleg,
		    a.receipt, e)))
			goto cleanup;
		if (a.deleg != NULL)
			signer = d.sequencer;
		rc = atomic_line(&r, signer, &s, t, a.deleg != NULL, a.tr.what,
		    out, outlen, e);
		goto cleanup;
	}
	if (a.deleg != NULL) {
		if ((rc = check_delegation(&d, &r, &s, a.deleg, a.receipt, e)))
			goto cleanup;
		signer = d.sequencer;
	}
	if ((rc = gv_schedule_check_signer(&s, r.rollup, r.slot, signer,
	    a.deleg ? a.deleg : a.receipt, NULL, "the promise does not bind",
	    e)))
		goto cleanup;
	gv_hex(kh, signer, GV_PK_LEN);
	gv_hex(ah, s.digest, GV_DIGEST_LEN);
	gv_hex(th, t->digest, GV_DIGEST_LEN);
	gv_hex(vh, r.value, GV_DIGEST_LEN);
	if (a.deleg != NULL)
		gv_hex(gh, r.sequencer, GV_PK_LEN);
	/* a lottery allocation: the line names the drawn purchase */
	drawn[0] = '\0';
	if (s.version == 2) {
		unsigned char key[GV_PK_LEN];
		const char *pid = NULL;

		(void)gv_schedule_lookup_slot(&s, r.rollup, r.slot, key, &pid);
		snprintf(drawn, sizeof(drawn), " (purchase %s drawn)",
		    gv_quote(q, sizeof(q), pid ? pid : ""));
	}
	snprintf(out, outlen, "valid: binding pre-confirmation: %s%s%s is the "
	    "scheduled sequencer of rollup %s in slot %" PRIu64 " of epoch %"
	    PRIu64 " of marketplace %s, under %sallocation %s%s certified by "
	    "more than 2/3 of stake table %s; it promises %s %s at position %"
	    PRIu64 "; %s\n", a.deleg ? gh : "", a.deleg ? ", gateway by delegation "
	    "of " : "", kh, r.rollup, r.slot, r.epoch, r.marketplace,
	    s.version == 2 ? "lottery " : "", ah, drawn, th,
	    r.kind == GV_PROMISE_TX ? "transaction" : "state root", vh,
	    r.position, a.tr.what);
	rc = GV_OK;
cleanup:
	gv_cert_result_free(&cr);
	json_decref(rdoc);
	json_decref(adoc);
	json_decref(cdoc);
	json_decref(ddoc);
	gv_verify_trust_free(&a.tr);
	return rc;
}
