/* evidence.c: slashing evidence and its check (formats/evidence.md) */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "cert.h"
#include "delegation.h"
#include "evidence.h"
#include "merkle.h"
#include "receipt.h"
#include "slashctx.h"
#include "stake.h"

static const char *const inc_req[] = { "format", "marketplace", "epoch",
	"kind", "context", "receipts", "block", "block_certificate", NULL };
static const char *const inc_opt[] = { "proof", "leg", "delegation", NULL };
static const char *const eqv_opt[] = { "delegation", NULL };
static const char *const live_opt[] = { "leg", "delegation", NULL };
static const char *const eqv_req[] = { "format", "marketplace", "epoch",
	"kind", "context", "receipts", NULL };
static const char *const live_req[] = { "format", "marketplace", "epoch",
	"kind", "context", "receipts", "slot_record",
	"slot_record_certificate", NULL };
static const char *const ctx_req[] = { "stake_table", "allocation",
	"allocation_certificate", "params", "params_certificate", NULL };
static const char *const proof_req[] = { "index", "leaf", "path", NULL };

struct proof {
	int present;
	uint64_t index;
	unsigned char leaf[GV_DIGEST_LEN];
	unsigned char (*path)[GV_HASH_LEN];
	size_t pathlen;
};

/* Everything parsed from one evidence document. */
struct ev {
	const json_t *root;
	const char *doc;
	const struct gv_trust *trust;
	const char *marketplace;
	uint64_t epoch;
	int kind;
	struct gv_stake_table st;
	int have_st;
	struct gv_schedule al;
	struct gv_slash_params pa;
	struct gv_receipt rc[2];
	size_t nrc;
	/* the promise judged: receipts[0], or its leg (v2), at path rpath */
	struct gv_receipt lr;
	int has_leg;
	uint64_t leg;
	char rpath[GV_PATH_MAX];
	struct gv_delegation dl;
	int has_dl;
	struct gv_block blk;
	struct proof pf;
	struct gv_slot_record rec;
	char sub[4][GV_PATH_MAX + 256];	/* document names for certificates */
};

static int
parse_proof(struct ev *x, const json_t *v, struct gv_err *e)
{
	char p[GV_PATH_MAX];
	const json_t *arr, *h;
	size_t i, n;
	int rc;

	if ((rc = gv_obj_keys(v, proof_req, NULL, x->doc, "proof", e)) ||
	    (rc = gv_get_uint(v, "index", GV_INT_MAX, &x->pf.index, x->doc,
	    "proof", e)) ||
	    (rc = gv_get_hex(v, "leaf", x->pf.leaf, GV_DIGEST_LEN, x->doc,
	    "proof", e)))
		return rc;
	arr = json_object_get(v, "path");
	if (!json_is_array(arr))
		return gv_err_set(e, GV_MALFORMED, x->doc, "proof.path",
		    "must be an array");
	n = json_array_size(arr);
	if (n > GV_PROOF_MAX_PATH)
		return gv_err_set(e, GV_MALFORMED, x->doc, "proof.path",
		    "%zu hashes, the limit is %d", n, GV_PROOF_MAX_PATH);
	if ((x->pf.path = calloc(n ? n : 1, sizeof(*x->pf.path))) == NULL)
		return gv_err_set(e, GV_INTERNAL, x->doc, NULL,
		    "out of memory");
	x->pf.pathlen = n;
	for (i = 0; i < n; i++) {
		h = json_array_get(arr, i);
		gv_path_idx(p, "proof.path", i);
		if (!json_is_string(h) || gv_unhex(x->pf.path[i], GV_HASH_LEN,
		    json_string_value(h)) != 0)
			return gv_err_set(e, GV_MALFORMED, x->doc, p,
			    "must be 64 lowercase hex digits (32 bytes)");
	}
	x->pf.present = 1;
	return GV_OK;
}

static int
parse_receipts(struct ev *x, const json_t *arr, struct gv_err *e)
{
	char p[GV_PATH_MAX];
	size_t i, want = x->kind == GV_FAULT_EQUIVOCATION ? 2 : 1;
	int rc;

	if (!json_is_array(arr))
		return gv_err_set(e, GV_MALFORMED, x->doc, "receipts",
		    "must be an array");
	if (json_array_size(arr) != want)
		return gv_err_set(e, GV_MALFORMED, x->doc, "receipts",
		    "%s evidence carries exactly %zu receipt%s, found %zu",
		    gv_fault_name(x->kind), want, want == 1 ? "" : "s",
		    json_array_size(arr));
	for (i = 0; i < want; i++) {
		gv_path_idx(p, "receipts", i);
		if ((rc = gv_receipt_parse_any(json_array_get(arr, i), x->doc,
		    p, &x->rc[i], e)))
			return rc;
		if (want == 2 && x->rc[i].version != 1)
			return gv_err_set(e, GV_MALFORMED, x->doc, p,
			    "equivocation evidence compares gavel.receipt.v1 "
			    "receipts (conflicting atomic receipts are not "
			    "specified yet)");
		x->nrc = i + 1;
	}
	if (want == 2 && memcmp(x->rc[0].digest, x->rc[1].digest,
	    GV_DIGEST_LEN) > 0)
		return gv_err_set(e, GV_MALFORMED, x->doc, "receipts",
		    "out of order: the receipts of an equivocation must be "
		    "sorted by receipt digest, ascending");
	return GV_OK;
}

/* The leg of an atomic receipt (formats/evidence.md), and the delegation. */
static int
parse_leg_delegation(struct ev *x, struct gv_err *e)
{
	const json_t *lv = json_object_get(x->root, "leg");
	const json_t *dv = json_object_get(x->root, "delegation");
	int rc;

	if (x->rc[0].version == 2 && x->kind != GV_FAULT_EQUIVOCATION) {
		if (lv == NULL)
			return gv_err_set(e, GV_MALFORMED, x->doc, "leg",
			    "missing: receipts[0] is an atomic receipt "
			    "(gavel.receipt.v2), name the broken leg");
		if ((rc = gv_get_uint(x->root, "leg", GV_INT_MAX, &x->leg,
		    x->doc, NULL, e)))
			return rc;
		if (x->leg >= x->rc[0].nlegs)
			return gv_err_set(e, GV_MALFORMED, x->doc, "leg",
			    "receipts[0] has %zu leg%s, no leg %" PRIu64,
			    x->rc[0].nlegs, x->rc[0].nlegs == 1 ? "" : "s",
			    x->leg);
		x->has_leg = 1;
	} else if (lv != NULL)
		return gv_err_set(e, GV_MALFORMED, x->doc, "leg",
		    "only an atomic receipt (gavel.receipt.v2) has legs");
	if (gv_receipt_leg(&x->rc[0], (size_t)x->leg, &x->lr) != GV_OK)
		return gv_err_set(e, GV_INTERNAL, x->doc, "leg",
		    "cannot read the leg");
	if (x->has_leg)
		snprintf(x->rpath, sizeof(x->rpath), "receipts[0].legs[%"
		    PRIu64 "]", x->leg);
	else
		snprintf(x->rpath, sizeof(x->rpath), "receipts[0]");
	if (dv != NULL) {
		if ((rc = gv_delegation_parse(dv, x->doc, "delegation", &x->dl,
		    e)))
			return rc;
		x->has_dl = 1;
	}
	return GV_OK;
}

/* Steps 1-5 of "Checks": everything that exits 2. */
static int
parse_all(struct ev *x, struct gv_err *e)
{
	const json_t *root = x->root, *ctx, *kv;
	const char *kind;
	const char *const *req = eqv_req, *const *opt = NULL;
	char q[96];
	int rc;

	if (!json_is_object(root))
		return gv_err_set(e, GV_MALFORMED, x->doc, NULL,
		    "must be an object");
	if ((rc = gv_get_format(root, GV_EVIDENCE_FORMAT, x->doc, NULL, e)) ||
	    (rc = gv_get_str(root, "kind", &kind, x->doc, NULL, e)))
		return rc;
	for (x->kind = 0; x->kind < 4; x->kind++)
		if (strcmp(kind, gv_fault_name(x->kind)) == 0)
			break;
	if (x->kind == 4)
		return gv_err_set(e, GV_MALFORMED, x->doc, "kind",
		    "unknown fault kind %s, expected \"inclusion\", "
		    "\"state\", \"equivocation\" or \"liveness\"",
		    gv_quote(q, sizeof(q), kind));
	if (x->kind == GV_FAULT_INCLUSION || x->kind == GV_FAULT_STATE) {
		req = inc_req;
		opt = inc_opt;
	} else if (x->kind == GV_FAULT_LIVENESS) {
		req = live_req;
		opt = live_opt;
	} else
		opt = eqv_opt;
	if ((rc = gv_obj_keys(root, req, opt, x->doc, NULL, e)) ||
	    (rc = gv_get_id(root, "marketplace", &x->marketplace, x->doc,
	    NULL, e)) ||
	    (rc = gv_get_uint(root, "epoch", GV_INT_MAX, &x->epoch, x->doc,
	    NULL, e)))
		return rc;
	ctx = json_object_get(root, "context");
	if ((rc = gv_obj_keys(ctx, ctx_req, NULL, x->doc, "context", e)))
		return rc;
	kv = json_object_get(ctx, "stake_table");
	json_incref((json_t *)kv);
	/* every failure before the evidence digest is a malformed document */
	if ((rc = gv_stake_from_json((json_t *)kv, x->sub[0], &x->st, e)))
		return rc == GV_INVALID ? (e->code = GV_MALFORMED) : rc;
	x->have_st = 1;
	if ((rc = gv_schedule_parse(json_object_get(ctx, "allocation"), x->doc,
	    "context.allocation", &x->al, e)) ||
	    (rc = gv_slash_params_parse(json_object_get(ctx, "params"), x->doc,
	    "context.params", &x->pa, e)) ||
	    (rc = parse_receipts(x, json_object_get(root, "receipts"), e)) ||
	    (rc = parse_leg_delegation(x, e)))
		return rc;
	if (req == inc_req) {
		if ((rc = gv_block_parse(json_object_get(root, "block"), x->doc,
		    "block", &x->blk, e)))
			return rc;
		if (json_object_get(root, "proof") != NULL &&
		    (rc = parse_proof(x, json_object_get(root, "proof"), e)))
			return rc;
	}
	if (req == live_req && (rc = gv_slot_record_parse(
	    json_object_get(root, "slot_record"), x->doc, "slot_record",
	    &x->rec, e)))
		return rc;
	return GV_OK;
}

static int
check_cert(struct ev *x, const char *key, int sub, const char *kind,
    const unsigned char *digest, struct gv_err *e)
{
	const json_t *ctx = json_object_get(x->root, "context");
	const json_t *c = json_object_get(ctx, key);
	struct gv_cert_result r;
	int rc;

	if (c == NULL)
		c = json_object_get(x->root, key);
	gv_cert_result_init(&r);
	/* the caller's table, never the evidence's own (the accuser's word) */
	rc = gv_cert_check(x->trust->table, c, x->sub[sub], kind, digest, 1,
	    &r, e);
	gv_cert_result_free(&r);
	return rc;
}

static int
same_context(struct ev *x, const char *path, const char *what,
    const char *mp, uint64_t epoch, struct gv_err *e)
{
	char q[96], q2[96];

	if (strcmp(mp, x->marketplace) != 0)
		return gv_err_set(e, GV_INVALID, x->doc, path,
		    "%s is for marketplace %s, the evidence for %s", what,
		    gv_quote(q, sizeof(q), mp),
		    gv_quote(q2, sizeof(q2), x->marketplace));
	if (epoch != x->epoch)
		return gv_err_set(e, GV_INVALID, x->doc, path,
		    "%s is for epoch %" PRIu64 ", the evidence for epoch %"
		    PRIu64, what, epoch, x->epoch);
	return GV_OK;
}

/* The scheduled sequencer of rollup at slot, by the certified allocation. */
static int
check_schedule(struct ev *x, const struct gv_receipt *r, struct gv_err *e)
{
	return gv_schedule_check_signer(&x->al, r->rollup, r->slot,
	    x->has_dl ? x->dl.sequencer : r->sequencer, x->doc, x->rpath,
	    "not slashable", e);
}

/* The delegation is the scheduled sequencer's own, to the signer, here. */
static int
check_delegation(struct ev *x, struct gv_err *e)
{
	const struct gv_delegation *d = &x->dl;
	char p[GV_PATH_MAX], q[96], g[2 * GV_PK_LEN + 1], k[2 * GV_PK_LEN + 1];
	size_t i;
	int rc;

	if ((rc = same_context(x, "delegation", "delegation", d->marketplace,
	    d->epoch, e)))
		return rc;
	if (!gv_delegation_sig_ok(d))
		return gv_err_set(e, GV_INVALID, x->doc, "delegation.sig",
		    "signature does not verify under the delegation's "
		    "sequencer key");
	for (i = 0; i < x->nrc; i++)
		if (memcmp(d->gateway, x->rc[i].sequencer, GV_PK_LEN) != 0) {
			gv_path_idx(p, "receipts", i);
			strncat(p, ".sequencer", GV_PATH_MAX - strlen(p) - 1);
			gv_hex(g, d->gateway, GV_PK_LEN);
			gv_hex(k, x->rc[i].sequencer, GV_PK_LEN);
			return gv_err_set(e, GV_INVALID, x->doc, p, "signed by "
			    "%s, not by the delegation's gateway %s: not "
			    "slashable", k, g);
		}
	if (!gv_delegation_covers(d, x->lr.rollup, x->lr.slot))
		return gv_err_set(e, GV_INVALID, x->doc, "delegation", "does "
		    "not cover rollup %s at slot %" PRIu64 " (it covers slots %"
		    PRIu64 "..%" PRIu64 " of %zu rollup%s): not slashable",
		    gv_quote(q, sizeof(q), x->lr.rollup), x->lr.slot, d->first,
		    d->first + d->count - 1, json_array_size(d->rollups),
		    json_array_size(d->rollups) == 1 ? "" : "s");
	return GV_OK;
}

/* key is the signer, or (with a delegation) the delegating sequencer */
static int
answers(const struct ev *x, const unsigned char key[GV_PK_LEN])
{
	return memcmp(key, x->lr.sequencer, GV_PK_LEN) == 0 ||
	    (x->has_dl && memcmp(key, x->dl.sequencer, GV_PK_LEN) == 0);
}

static int
check_equivocation(struct ev *x, struct gv_err *e)
{
	const struct gv_receipt *a = &x->rc[0], *b = &x->rc[1];

	if (memcmp(a->sequencer, b->sequencer, GV_PK_LEN) != 0)
		return gv_err_set(e, GV_INVALID, x->doc, "receipts[1].sequencer",
		    "signed by another sequencer than receipts[0]: not "
		    "equivocation");
	if (strcmp(a->rollup, b->rollup) != 0)
		return gv_err_set(e, GV_INVALID, x->doc, "receipts[1].rollup",
		    "differs from receipts[0]: not equivocation");
	if (a->slot != b->slot)
		return gv_err_set(e, GV_INVALID, x->doc, "receipts[1].slot",
		    "differs from receipts[0]: not equivocation");
	if (a->position != b->position)
		return gv_err_set(e, GV_INVALID, x->doc,
		    "receipts[1].promise.position",
		    "differs from receipts[0]: not equivocation");
	if (a->kind != b->kind)
		return gv_err_set(e, GV_INVALID, x->doc,
		    "receipts[1].promise.kind",
		    "differs from receipts[0]: a transaction and a state "
		    "promise do not conflict, not equivocation");
	if (gv_receipt_same_promise(a, b))
		return gv_err_set(e, GV_INVALID, x->doc, "receipts[1].promise",
		    "same promise as receipts[0] (signature bytes are not "
		    "compared): not equivocation");
	return GV_OK;
}

static int
check_block(struct ev *x, struct gv_err *e)
{
	const struct gv_receipt *r = &x->lr;
	const struct gv_block *b = &x->blk;
	unsigned char lh[GV_HASH_LEN];
	const unsigned char *root;
	const char *rootname;
	char q[96], q2[96], kp[GV_PATH_MAX + 16];
	int want = x->kind == GV_FAULT_INCLUSION ? GV_PROMISE_TX :
	    GV_PROMISE_STATE;
	int rc;

	snprintf(kp, sizeof(kp), "%s.promise.kind", x->rpath);
	if (r->kind != want)
		return gv_err_set(e, GV_INVALID, x->doc,
		    kp, "is \"%s\", %s evidence needs "
		    "a \"%s\" promise", gv_promise_name(r->kind),
		    gv_fault_name(x->kind), gv_promise_name(want));
	if ((rc = same_context(x, "block", "block", b->marketplace, b->epoch,
	    e)))
		return rc;
	if (strcmp(b->rollup, r->rollup) != 0)
		return gv_err_set(e, GV_INVALID, x->doc, "block.rollup",
		    "block is for rollup %s, the receipt for %s",
		    gv_quote(q, sizeof(q), b->rollup),
		    gv_quote(q2, sizeof(q2), r->rollup));
	if (b->slot != r->slot)
		return gv_err_set(e, GV_INVALID, x->doc, "block.slot",
		    "block is for slot %" PRIu64 ", the receipt for slot %"
		    PRIu64, b->slot, r->slot);
	if (!answers(x, b->sequencer))
		return gv_err_set(e, GV_INVALID, x->doc, "block.sequencer",
		    x->has_dl ? "block was sequenced by neither the receipt's "
		    "signer nor the delegating sequencer" : "block was "
		    "sequenced by another key than the receipt's signer");
	if ((rc = check_cert(x, "block_certificate", 3, "block", b->digest,
	    e)))
		return rc;
	if (r->position >= b->tx_count) {
		if (x->pf.present)
			return gv_err_set(e, GV_INVALID, x->doc, "proof",
			    "the block has %" PRIu64 " transactions, so "
			    "position %" PRIu64 " has no proof; omit it",
			    b->tx_count, r->position);
		return GV_OK;
	}
	if (!x->pf.present)
		return gv_err_set(e, GV_INVALID, x->doc, "proof",
		    "missing: the block has %" PRIu64 " transactions, so "
		    "position %" PRIu64 " needs a Merkle proof", b->tx_count,
		    r->position);
	if (x->pf.index != r->position)
		return gv_err_set(e, GV_INVALID, x->doc, "proof.index",
		    "proves position %" PRIu64 ", the receipt promises "
		    "position %" PRIu64, x->pf.index, r->position);
	root = want == GV_PROMISE_TX ? b->tx_root : b->state_root;
	rootname = want == GV_PROMISE_TX ? "tx_root" : "state_root";
	gv_merkle_leaf(x->pf.leaf, GV_DIGEST_LEN, lh);
	if (gv_merkle_verify(x->pf.index, b->tx_count, lh,
	    (const unsigned char (*)[GV_HASH_LEN])x->pf.path, x->pf.pathlen,
	    root) != 1)
		return gv_err_set(e, GV_INVALID, x->doc, "proof",
		    "does not verify against the block's %s at position %"
		    PRIu64 " of %" PRIu64, rootname, x->pf.index,
		    b->tx_count);
	if (memcmp(x->pf.leaf, r->value, GV_DIGEST_LEN) == 0)
		return gv_err_set(e, GV_INVALID, x->doc, "proof.leaf",
		    "the block holds the promised %s at position %" PRIu64
		    ": the promise was kept, not slashable",
		    want == GV_PROMISE_TX ? "transaction" : "state root",
		    r->position);
	return GV_OK;
}

static int
check_liveness(struct ev *x, struct gv_err *e)
{
	const struct gv_receipt *r = &x->lr;
	const struct gv_slot_record *s = &x->rec;
	char q[96], q2[96];
	int rc;

	if ((rc = same_context(x, "slot_record", "slot record",
	    s->marketplace, s->epoch, e)))
		return rc;
	if (strcmp(s->rollup, r->rollup) != 0)
		return gv_err_set(e, GV_INVALID, x->doc, "slot_record.rollup",
		    "slot record is for rollup %s, the receipt for %s",
		    gv_quote(q, sizeof(q), s->rollup),
		    gv_quote(q2, sizeof(q2), r->rollup));
	if (s->slot != r->slot)
		return gv_err_set(e, GV_INVALID, x->doc, "slot_record.slot",
		    "slot record is for slot %" PRIu64 ", the receipt for "
		    "slot %" PRIu64, s->slot, r->slot);
	if (!answers(x, s->sequencer))
		return gv_err_set(e, GV_INVALID, x->doc,
		    "slot_record.sequencer", x->has_dl ? "names neither the "
		    "receipt's signer nor the delegating sequencer" : "names "
		    "another sequencer than the receipt's signer");
	return check_cert(x, "slot_record_certificate", 3, "slot-record",
	    s->digest, e);
}

/*
 * The embedded table is the accuser's word: it must be the trusted table
 * itself (same digest, hence the same document), or nothing it certifies
 * counts.
 */
static int
check_trusted_table(struct ev *x, struct gv_err *e)
{
	char have[2 * GV_DIGEST_LEN + 1], want[2 * GV_DIGEST_LEN + 1];

	if (memcmp(x->st.digest, x->trust->table->digest, GV_DIGEST_LEN) == 0)
		return GV_OK;
	gv_hex(have, x->st.digest, GV_DIGEST_LEN);
	gv_hex(want, x->trust->table->digest, GV_DIGEST_LEN);
	return gv_err_set(e, GV_INVALID, x->doc, "context.stake_table",
	    "is not the trusted stake table: the evidence embeds table %s, "
	    "the caller trusts table %s: not slashable", have, want);
}

/* Steps 6-13 of "Checks": everything that exits 1. */
static int
check_all(struct ev *x, struct gv_err *e)
{
	char p[GV_PATH_MAX];
	size_t i;
	int rc;

	if ((rc = check_trusted_table(x, e)) ||
	    (rc = same_context(x, "context.stake_table", "stake table",
	    x->st.marketplace, x->st.epoch, e)) ||
	    (rc = same_context(x, "context.allocation", "allocation",
	    x->al.marketplace, x->al.epoch, e)) ||
	    (rc = check_cert(x, "allocation_certificate", 1, "allocation",
	    x->al.digest, e)) ||
	    (rc = same_context(x, "context.params", "slashing parameters",
	    x->pa.marketplace, x->pa.epoch, e)) ||
	    (rc = check_cert(x, "params_certificate", 2, "slashing-params",
	    x->pa.digest, e)))
		return rc;
	for (i = 0; i < x->nrc; i++) {
		gv_path_idx(p, "receipts", i);
		if ((rc = same_context(x, p, "receipt", x->rc[i].marketplace,
		    x->rc[i].epoch, e)))
			return rc;
		if (!gv_receipt_sig_ok(&x->rc[i])) {
			strncat(p, ".sig", GV_PATH_MAX - strlen(p) - 1);
			return gv_err_set(e, GV_INVALID, x->doc, p,
			    "signature does not verify under the receipt's "
			    "sequencer key");
		}
	}
	if (x->has_dl && (rc = check_delegation(x, e)))
		return rc;
	if (x->kind == GV_FAULT_EQUIVOCATION &&
	    (rc = check_equivocation(x, e)))
		return rc;
	if ((rc = check_schedule(x, &x->lr, e)))
		return rc;
	switch (x->kind) {
	case GV_FAULT_INCLUSION:
	case GV_FAULT_STATE:
		return check_block(x, e);
	case GV_FAULT_LIVENESS:
		return check_liveness(x, e);
	default:
		return GV_OK;
	}
}


/*
 * Verdict v3 (formats/verdict.md, "Version 3") when the evidence holds a
 * v2 receipt, v2 parameters or a delegation: who answers (the delegating
 * sequencer) and who signed (the fault identity's key, already digested).
 */
static void
v3_fields(const struct ev *x, struct gv_verdict *v)
{
	v->v3 = x->has_dl || x->rc[0].version == 2 || x->pa.version == 2;
	if (!v->v3)
		return;
	memcpy(v->attributed_to, x->lr.sequencer, GV_PK_LEN);
	if (x->has_dl) {
		memcpy(v->sequencer, x->dl.sequencer, GV_PK_LEN);
		memcpy(v->delegation, x->dl.digest, GV_DIGEST_LEN);
		v->has_delegation = 1;
	}
	v->has_leg = x->has_leg;
	v->leg = x->leg;
	v->has_holder = x->rc[0].version == 2;
	if (v->has_holder)
		memcpy(v->holder, x->rc[0].holder, GV_PK_LEN);
}

/* A slashable v3 verdict's cap and recipients, exactly. */
static void
v3_amounts(const struct ev *x, struct gv_verdict *v)
{
	size_t i;

	mpz_set(v->cap, x->pa.collateral);
	/* the signed collateral was checked as an amount when parsed */
	if (x->rc[0].version == 2 && x->rc[0].collateral != NULL) {
		mpz_t c;

		mpz_init_set_str(c, x->rc[0].collateral, 10);
		if (mpz_cmp(c, v->cap) > 0)
			mpz_set(v->cap, c);
		mpz_clear(c);
	}
	gv_slash_split(&x->pa, v->penalty, v->recipient_amount[0],
	    v->recipient_amount + 1);
	for (i = 0; i < x->pa.nothers; i++)
		snprintf(v->recipient_to[i + 1], sizeof(v->recipient_to[i + 1]),
		    "%s", x->pa.other_to[i]);
	v->nrecipients = x->pa.nothers + 1;
}

int
gv_evidence_check(const json_t *root, const char *doc,
    const struct gv_trust *trust, struct gv_verdict *v, struct gv_err *e)
{
	struct ev x;
	const char *msg;
	int rc;

	memset(&x, 0, sizeof(x));
	x.root = root;
	x.doc = doc;
	x.trust = trust;
	gv_slash_params_init(&x.pa);
	snprintf(x.sub[0], sizeof(x.sub[0]), "%s: context.stake_table", doc);
	snprintf(x.sub[1], sizeof(x.sub[1]), "%s: context.allocation_"
	    "certificate", doc);
	snprintf(x.sub[2], sizeof(x.sub[2]), "%s: context.params_certificate",
	    doc);
	v->known = 0;
	v->slashable = 0;
	v->reason[0] = '\0';
	mpz_set_ui(v->penalty, 0);
	v->v3 = v->has_delegation = v->has_leg = v->has_holder = 0;
	v->nrecipients = 0;
	mpz_set_ui(v->cap, 0);
	if (trust == NULL || trust->table == NULL) {
		rc = gv_err_set(e, GV_MALFORMED, doc, NULL, "no trusted stake "
		    "table: a verdict never rests on the evidence's own");
		goto cleanup;
	}
	memcpy(v->trust_root, trust->root, GV_DIGEST_LEN);
	memcpy(v->stake_table, trust->table->digest, GV_DIGEST_LEN);
	if ((rc = parse_all(&x, e)) != GV_OK)
		goto cleanup;
	snprintf(x.sub[3], sizeof(x.sub[3]), "%s: %s", doc,
	    x.kind == GV_FAULT_LIVENESS ? "slot_record_certificate" :
	    "block_certificate");
	/* the evidence is digested whole, embedded certificates included,
	 * before they are checked: a real anywhere is malformed (step 5) */
	if ((rc = gv_json_no_reals(root, doc, NULL, e)) != GV_OK)
		goto cleanup;
	if (gv_digest(v->evidence, "evidence", x.marketplace, x.epoch, root) !=
	    GV_OK) {
		rc = gv_err_set(e, GV_INTERNAL, doc, NULL,
		    "cannot compute the digest");
		goto cleanup;
	}
	v->kind = x.kind;
	snprintf(v->marketplace, sizeof(v->marketplace), "%s", x.marketplace);
	v->epoch = x.epoch;
	memcpy(v->sequencer, x.lr.sequencer, GV_PK_LEN);
	snprintf(v->rollup, sizeof(v->rollup), "%s", x.lr.rollup);
	v->slot = x.lr.slot;
	v->has_position = x.kind != GV_FAULT_LIVENESS;
	v->position = v->has_position ? x.lr.position : 0;
	if (gv_fault_id(v) != GV_OK) {
		rc = gv_err_set(e, GV_INTERNAL, doc, NULL,
		    "cannot compute the fault identity");
		goto cleanup;
	}
	v3_fields(&x, v);
	rc = check_all(&x, e);
	if (rc == GV_MALFORMED || rc == GV_INTERNAL)
		goto cleanup;
	v->known = 1;
	if (rc == GV_INVALID) {
		/* the reason without "DOC: ": the same for any file name */
		msg = e->msg;
		if (strncmp(msg, doc, strlen(doc)) == 0 &&
		    strncmp(msg + strlen(doc), ": ", 2) == 0)
			msg += strlen(doc) + 2;
		gv_escape(v->reason, sizeof(v->reason), msg);
		goto cleanup;
	}
	v->slashable = 1;
	mpz_set(v->penalty, x.pa.penalty[x.kind]);
	if (v->v3)
		v3_amounts(&x, v);
cleanup:
	if (x.have_st)
		gv_stake_free(&x.st);
	free(x.pf.path);
	gv_slash_params_free(&x.pa);
	return rc;
}

int
gv_evidence_load_check(const char *file, const struct gv_trust *trust,
    struct gv_verdict *v, struct gv_err *e)
{
	json_t *root;
	int rc;

	if ((rc = gv_json_load(file, GV_EVIDENCE_MAX_BYTES, &root, e)) !=
	    GV_OK)
		return rc;
	rc = gv_evidence_check(root, file, trust, v, e);
	json_decref(root);
	return rc;
}

