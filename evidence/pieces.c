/* pieces.c: the pieces gavel-evidence build reads, and which fault they make (formats/evidence.md, "Built from pieces") */
#include <string.h>

#include "json.h"
#include "receipt.h"
#include "evtool.h"
#include "verdict.h"

/* Atomic receipts (formats/receipt.md, "Version 2"). */
#define EV_RECEIPT_V2 "gavel.receipt.v2"

/* Subject kinds of the certificates, in enum ev_cert order. */
static const char *const cert_subject[EV_NCERTS] = { "allocation",
	"slashing-params", "block", "slot-record" };
/* ... and what they certify, in words */
static const char *const cert_what[EV_NCERTS] = { "allocation",
	"slashing parameters", "block", "slot record" };

static int
load(const char *file, json_t **out, struct gv_err *e)
{
	return gv_json_load(file, GV_EVIDENCE_MAX_BYTES, out, e);
}

/* A certificate file: read it and file it under the piece it certifies. */
static int
load_cert(const char *file, struct ev_pieces *p, struct gv_err *e)
{
	const json_t *sub, *k;
	json_t *c = NULL;
	char q[96];
	int rc, i;

	if ((rc = load(file, &c, e)) != GV_OK)
		return rc;
	sub = json_object_get(c, "subject");
	k = json_object_get(sub, "kind");
	if (!json_is_object(c) || !json_is_string(k)) {
		json_decref(c);
		return gv_err_set(e, GV_MALFORMED, file, "subject.kind",
		    "missing: cannot tell which piece the certificate "
		    "certifies");
	}
	for (i = 0; i < EV_NCERTS; i++)
		if (strcmp(json_string_value(k), cert_subject[i]) == 0)
			break;
	if (i == EV_NCERTS) {
		rc = gv_err_set(e, GV_MALFORMED, file, "subject.kind", "%s "
		    "certifies no piece of slashing evidence (allocation, "
		    "slashing-params, block, slot-record)", gv_quote(q,
		    sizeof(q), json_string_value(k)));
		json_decref(c);
		return rc;
	}
	if (p->cert[i] != NULL) {
		json_decref(c);
		return gv_err_set(e, GV_MALFORMED, file, "subject.kind",
		    "a second certificate of the %s (the first is %s): give "
		    "one", cert_what[i], p->cert_file[i]);
	}
	p->cert[i] = c;
	p->cert_file[i] = file;
	return GV_OK;
}

/*
 * A receipt: v1 parsed whole into *r; of an atomic one (v2) marketplace
 * and epoch only, the evidence check does the rest (*atomic = 1).
 */
static int
load_receipt(const char *file, json_t **v, struct gv_receipt *r, int *atomic,
    struct gv_err *e)
{
	const json_t *f;
	int rc;

	if ((rc = load(file, v, e)) != GV_OK)
		return rc;
	f = json_object_get(*v, "format");
	if (!json_is_string(f) || strcmp(json_string_value(f),
	    EV_RECEIPT_V2) != 0)
		return gv_receipt_parse(*v, file, NULL, r, e);
	*atomic = 1;
	if ((rc = gv_get_id(*v, "marketplace", &r->marketplace, file, NULL,
	    e)) ||
	    (rc = gv_get_uint(*v, "epoch", (UINT64_C(1) << 53) - 1, &r->epoch,
	    file, NULL, e)))
		return rc;
	if (!json_is_array(json_object_get(*v, "legs")))
		return gv_err_set(e, GV_MALFORMED, file, "legs", "must be an "
		    "array");
	return GV_OK;
}

/*
 * The broken leg of an atomic receipts[0]: --leg, or the one leg on the
 * rollup of the block (slot record) given; legs have distinct rollups.
 */
static int
pick_leg(const struct ev_args *a, struct ev_pieces *p, struct gv_err *e)
{
	const json_t *legs = json_object_get(p->receipt[0], "legs"), *on;
	const char *rollup;
	size_t i, n = 0;
	char q[96];

	if (!p->atomic[0]) {
		if (a->has_leg)
			return gv_err_set(e, GV_MALFORMED, "--leg", NULL, "only "
			    "an atomic receipt (%s) has legs", EV_RECEIPT_V2);
		return GV_OK;
	}
	p->has_leg = 1;
	if (a->has_leg) {
		p->leg = a->leg;
		return GV_OK;
	}
	on = json_object_get(p->block ? p->block : p->slot_record, "rollup");
	if (!json_is_string(on))
		return gv_err_set(e, GV_MALFORMED, "--leg", NULL, "missing: %s "
		    "is an atomic receipt: name the broken leg", a->receipt[0]);
	rollup = json_string_value(on);
	for (i = 0; i < json_array_size(legs); i++)
		if (json_equal(json_object_get(json_array_get(legs, i),
		    "rollup"), on)) {
			p->leg = i;
			n++;
		}
	if (n != 1)
		return gv_err_set(e, GV_MALFORMED, "--leg", NULL, "missing: %s "
		    "has %s leg on rollup %s, the %s's: name the broken leg",
		    a->receipt[0], n == 0 ? "no" : "more than one", gv_quote(q,
		    sizeof(q), rollup), p->block ? "block" : "slot record");
	return GV_OK;
}

/* The promise kind ("tx" or "state") of receipts[0], or of its leg. */
static int
promise_kind(const struct ev_pieces *p)
{
	const json_t *leg, *k;

	if (!p->atomic[0])
		return p->r[0].kind;
	leg = json_array_get(json_object_get(p->receipt[0], "legs"),
	    (size_t)p->leg);
	k = json_object_get(json_object_get(leg, "promise"), "kind");
	return json_is_string(k) && strcmp(json_string_value(k), "state") ==
	    0 ? GV_PROMISE_STATE : GV_PROMISE_TX;
}

/* The kind the pieces make, when the caller did not say. */
static int
tell_kind(const struct ev_args *a, const struct ev_pieces *p, struct gv_err *e)
{
	if (p->nreceipts == 2)
		return GV_FAULT_EQUIVOCATION;
	if (p->nreceipts == 1 && a->slot_record != NULL)
		return GV_FAULT_LIVENESS;
	if (p->nreceipts == 1 && a->block != NULL)
		return promise_kind(p) == GV_PROMISE_TX ? GV_FAULT_INCLUSION :
		    GV_FAULT_STATE;
	gv_err_set(e, GV_MALFORMED, "build", NULL, "cannot tell the fault "
	    "from the pieces: give KIND, or a --receipt with --block "
	    "(inclusion, state) or --slot-record (liveness), or two --receipt "
	    "(equivocation)");
	return -1;
}

/* The pieces of kind k, all there and none other. */
static int
check_set(const struct ev_args *a, const struct ev_pieces *p, int k,
    struct gv_err *e)
{
	const char *name = gv_fault_name(k);
	size_t want = k == GV_FAULT_EQUIVOCATION ? 2 : 1;
	int blockish = k == GV_FAULT_INCLUSION || k == GV_FAULT_STATE;
	int i, need;

	if (p->nreceipts != want)
		return gv_err_set(e, GV_MALFORMED, "--receipt", NULL, "%s "
		    "evidence is built from exactly %zu receipt%s, got %zu",
		    name, want, want == 1 ? "" : "s", p->nreceipts);
	if (a->allocation == NULL)
		return gv_err_set(e, GV_MALFORMED, "--allocation", NULL,
		    "missing: the certified allocation of the receipt's epoch");
	if (a->params == NULL)
		return gv_err_set(e, GV_MALFORMED, "--params", NULL, "missing: "
		    "the certified slashing parameters of the receipt's epoch");
	if (blockish && a->block == NULL)
		return gv_err_set(e, GV_MALFORMED, "--block", NULL, "missing: "
		    "%s evidence needs the certified block of the receipt's "
		    "rollup and slot", name);
	if (!blockish && a->block != NULL)
		return gv_err_set(e, GV_MALFORMED, "--block", NULL, "not a "
		    "piece of %s evidence", name);
	if (!blockish && a->proof != NULL)
		return gv_err_set(e, GV_MALFORMED, "--proof", NULL, "not a "
		    "piece of %s evidence", name);
	if (k == GV_FAULT_LIVENESS && a->slot_record == NULL)
		return gv_err_set(e, GV_MALFORMED, "--slot-record", NULL,
		    "missing: liveness evidence needs the certified slot record "
		    "of the receipt's rollup and slot");
	if (k != GV_FAULT_LIVENESS && a->slot_record != NULL)
		return gv_err_set(e, GV_MALFORMED, "--slot-record", NULL, "not "
		    "a piece of %s evidence", name);
	for (i = 0; i < EV_NCERTS; i++) {
		need = i == EV_CERT_ALLOCATION || i == EV_CERT_PARAMS ||
		    (i == EV_CERT_BLOCK && blockish) ||
		    (i == EV_CERT_SLOT_RECORD && k == GV_FAULT_LIVENESS);
		if (need && p->cert[i] == NULL)
			return gv_err_set(e, GV_MALFORMED, "--certificate",
			    NULL, "missing: no certificate of the %s (subject "
			    "kind \"%s\")", cert_what[i],
			    cert_subject[i]);
		if (!need && p->cert[i] != NULL)
			return gv_err_set(e, GV_MALFORMED, p->cert_file[i],
			    "subject.kind", "a certificate of the %s is not a "
			    "piece of %s evidence", cert_what[i], name);
	}
	return GV_OK;
}

int
ev_pieces_load(const struct ev_args *a, struct ev_pieces *p,
    struct gv_err *e)
{
	struct gv_receipt tr;
	const char *tf;
	json_t *tj;
	size_t i;
	int rc = GV_OK;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < a->nreceipts; i++) {
		p->receipt_file[i] = a->receipt[i];
		if ((rc = load_receipt(a->receipt[i], &p->receipt[i], &p->r[i],
		    &p->atomic[i], e)) != GV_OK)
			return rc;
		p->nreceipts++;
	}
	for (i = 0; i < a->ncerts; i++)
		if ((rc = load_cert(a->cert[i], p, e)) != GV_OK)
			return rc;
	if ((a->block && (rc = load(a->block, &p->block, e))) ||
	    (a->proof && (rc = load(a->proof, &p->proof, e))) ||
	    (a->slot_record && (rc = load(a->slot_record, &p->slot_record,
	    e))) ||
	    (a->allocation && (rc = load(a->allocation, &p->allocation, e))) ||
	    (a->params && (rc = load(a->params, &p->params, e))) ||
	    (a->delegation && (rc = load(a->delegation, &p->delegation, e))))
		return rc;
	if (a->leaf != NULL && a->proof == NULL)
		return gv_err_set(e, GV_MALFORMED, "--leaf", NULL, "only with "
		    "--proof (the leaf of a gavel.inclusion-proof.v1 proof)");
	if (p->proof != NULL &&
	    (rc = ev_proof_piece(&p->proof, a->proof, a->leaf, e)) != GV_OK)
		return rc;
	if (p->nreceipts > 0 && (rc = pick_leg(a, p, e)) != GV_OK)
		return rc;
	p->kind = a->kind;
	if (p->kind == EV_KIND_AUTO && (p->kind = tell_kind(a, p, e)) < 0)
		return GV_MALFORMED;
	if ((rc = check_set(a, p, p->kind, e)) != GV_OK)
		return rc;
	/* one pair of receipts, one evidence: sorted by receipt digest */
	if (p->nreceipts == 2 &&
	    memcmp(p->r[1].digest, p->r[0].digest, GV_DIGEST_LEN) < 0) {
		tj = p->receipt[0];
		p->receipt[0] = p->receipt[1];
		p->receipt[1] = tj;
		tr = p->r[0];
		p->r[0] = p->r[1];
		p->r[1] = tr;
		tf = p->receipt_file[0];
		p->receipt_file[0] = p->receipt_file[1];
		p->receipt_file[1] = tf;
	}
	return GV_OK;
}

void
ev_pieces_free(struct ev_pieces *p)
{
	size_t i;

	for (i = 0; i < EV_MAX_RECEIPTS; i++)
		json_decref(p->receipt[i]);
	for (i = 0; i < EV_NCERTS; i++)
		json_decref(p->cert[i]);
	json_decref(p->block);
	json_decref(p->proof);
	json_decref(p->slot_record);
	json_decref(p->allocation);
	json_decref(p->params);
	json_decref(p->delegation);
	memset(p, 0, sizeof(*p));
}
