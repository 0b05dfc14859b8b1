/* slashctx.c: the certified context of slashing evidence: schedule and penalties (formats/evidence.md, formats/slashing-params.md) */
#include <stdlib.h>
#include <inttypes.h>
#include <string.h>

#include "alloc.h"
#include "json.h"
#include "slashctx.h"

static const char *const alloc_req[] = { "format", "marketplace", "epoch",
	"bidset", "slots", "winners", "unsold", "rollups", "value", "search",
	NULL };
static const char *const slots_req[] = { "first", "count", NULL };
static const char *const win_req[] = { "bid", "bidder", "bundle", "pays",
	NULL };
static const char *const alloc2_req[] = { "format", "marketplace",
	"epoch", "bidset", "slots", "price", "winners", "unsold", "rollups",
	"value", "search", "refunds", "beacon", "schedule", "sold",
	"next_price", NULL };
static const char *const win2_req[] = { "bundle", "tickets", "pays",
	"holders", NULL };
static const char *const holder_req[] = { "purchase", "bidder", "tickets",
	"pays", NULL };
static const char *const sched_req[] = { "slot", "draws", NULL };
static const char *const params_req[] = { "format", "marketplace", "epoch",
	"collateral", "penalties", NULL };
static const char *const params2_req[] = { "format", "marketplace",
	"epoch", "collateral", "penalties", "recipients", NULL };
static const char *const recip_req[] = { "holder_bps", "others", NULL };
static const char *const other_req[] = { "to", "bps", NULL };
/* in enum gv_fault_kind order */
static const char *const pen_keys[GV_FAULT_NKINDS] = { "inclusion", "state",
	"equivocation", "liveness" };
/* in the order the keys are checked */
static const char *const pen_req[] = { "equivocation", "inclusion",
	"liveness", "state", NULL };

/* A winner's bundle: an array of rollup ids (their order is the bid set's). */
static int
check_bundle(const json_t *w, const char *doc, const char *wp,
    struct gv_err *e)
{
	char bp[GV_PATH_MAX], ep[GV_PATH_MAX];
	const json_t *bun = json_object_get(w, "bundle");
	const char *s;
	size_t j;
	int rc;

	gv_path_key(bp, wp, "bundle");
	if (!json_is_array(bun))
		return gv_err_set(e, GV_MALFORMED, doc, bp, "must be an array");
	for (j = 0; j < json_array_size(bun); j++) {
		gv_path_idx(ep, bp, j);
		if ((rc = gv_check_id(json_array_get(bun, j), &s, doc, ep, e)))
			return rc;
	}
	return GV_OK;
}

static int
check_winner(const json_t *w, const char *doc, const char *wp,
    struct gv_err *e)
{
	unsigned char key[GV_PK_LEN];
	const char *s;
	int rc;

	if ((rc = gv_obj_keys(w, win_req, NULL, doc, wp, e)) ||
	    (rc = gv_get_id(w, "bid", &s, doc, wp, e)) ||
	    (rc = gv_get_hex(w, "bidder", key, GV_PK_LEN, doc, wp, e)))
		return rc;
	return check_bundle(w, doc, wp, e);
}

static int
strpcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The schedule is read from the certified allocation, not re-derived from
 * its bid set: an allocation that gives a rollup to two winners schedules
 * nobody unambiguously, so it is refused rather than read first-come.
 */
static int
check_disjoint(const json_t *winners, const char *doc, const char *path,
    struct gv_err *e)
{
	const char **ids = NULL;
	char q[96];
	size_t i, j, n = 0, cap = 0;
	int rc = GV_OK;

	for (i = 0; i < json_array_size(winners); i++)
		cap += json_array_size(json_object_get(json_array_get(winners,
		    i), "bundle"));
	if (cap == 0)
		return GV_OK;
	if ((ids = calloc(cap, sizeof(*ids))) == NULL)
		return gv_err_set(e, GV_INTERNAL, doc, NULL, "out of memory");
	for (i = 0; i < json_array_size(winners); i++) {
		const json_t *bun = json_object_get(json_array_get(winners, i),
		    "bundle");

		for (j = 0; j < json_array_size(bun); j++)
			ids[n++] = json_string_value(json_array_get(bun, j));
	}
	qsort(ids, n, sizeof(*ids), strpcmp);
	for (i = 1; i < n; i++)
		if (strcmp(ids[i - 1], ids[i]) == 0) {
			rc = gv_err_set(e, GV_MALFORMED, doc, path,
			    "the certified allocation gives rollup %s to two "
			    "winners", gv_quote(q, sizeof(q), ids[i]));
			break;
		}
	free(ids);
	return rc;
}

/*
 * What both allocation versions share, in check order: keys, format,
 * marketplace, epoch, bid set digest, slots, and winners an array (p gets
 * the path of winners). s is cleared first and gets version.
 */
static int
parse_head(const json_t *v, const char *const *req, const char *format,
    int version, const char *doc, const char *path, struct gv_schedule *s,
    char p[GV_PATH_MAX], struct gv_err *e)
{
	unsigned char d[GV_DIGEST_LEN];
	const json_t *slots;
	int rc;

	memset(s, 0, sizeof(*s));
	s->version = version;
	if ((rc = gv_obj_keys(v, req, NULL, doc, path, e)) ||
	    (rc = gv_get_format(v, format, doc, path, e)) ||
	    (rc = gv_get_id(v, "marketplace", &s->marketplace, doc, path,
	    e)) ||
	    (rc = gv_get_uint(v, "epoch", GV_INT_MAX, &s->epoch, doc, path,
	    e)) ||
	    (rc = gv_get_hex(v, "bidset", d, GV_DIGEST_LEN, doc, path, e)))
		return rc;
	gv_path_key(p, path, "slots");
	slots = json_object_get(v, "slots");
	if ((rc = gv_obj_keys(slots, slots_req, NULL, doc, p, e)) ||
	    (rc = gv_get_uint(slots, "first", GV_INT_MAX, &s->first, doc, p,
	    e)) ||
	    (rc = gv_get_uint(slots, "count", GV_INT_MAX, &s->count, doc, p,
	    e)))
		return rc;
	gv_path_key(p, path, "winners");
	s->winners = json_object_get(v, "winners");
	if (!json_is_array(s->winners))
		return gv_err_set(e, GV_MALFORMED, doc, p, "must be an array");
	return GV_OK;
}

int
gv_schedule_parse(const json_t *v, const char *doc, const char *path,
    struct gv_schedule *s, struct gv_err *e)
{
	char p[GV_PATH_MAX], wp[GV_PATH_MAX];
	size_t i;
	int rc;

	if ((rc = parse_head(v, alloc_req, GV_ALLOC_FORMAT, 1, doc, path, s, p,
	    e)))
		return rc;
	for (i = 0; i < json_array_size(s->winners); i++) {
		gv_path_idx(wp, p, i);
		if ((rc = check_winner(json_array_get(s->winners, i), doc, wp,
		    e)))
			return rc;
	}
	if ((rc = check_disjoint(s->winners, doc, p, e)))
		return rc;
	/* the fields not read here are digested too (the certificate vouches
	 * for them): a real among them is malformed, not an internal error */
	if ((rc = gv_json_no_reals(v, doc, path, e)))
		return rc;
	if (gv_digest(s->digest, "allocation", s->marketplace, s->epoch, v) !=
	    GV_OK)
		return gv_err_set(e, GV_INTERNAL, doc, path,
		    "cannot compute the digest");
	return GV_OK;
}

/* the holder of winner w whose purchase is id, or NULL */
static const json_t *
find_holder(const json_t *w, const char *id)
{
	const json_t *hs = json_object_get(w, "holders"), *h;
	size_t i;

	for (i = 0; i < json_array_size(hs); i++) {
		h = json_array_get(hs, i);
		if (strcmp(json_string_value(json_object_get(h, "purchase")),
		    id) == 0)
			return h;
	}
	return NULL;
}

static int
check_winner2(const json_t *w, const char *doc, const char *wp,
    struct gv_err *e)
{
	unsigned char key[GV_PK_LEN];
	char bp[GV_PATH_MAX], ep[GV_PATH_MAX];
	const json_t *arr;
	const char *s;
	size_t j;
	int rc;

	if ((rc = gv_obj_keys(w, win2_req, NULL, doc, wp, e)) ||
	    (rc = check_bundle(w, doc, wp, e)))
		return rc;
	arr = json_object_get(w, "holders");
	gv_path_key(bp, wp, "holders");
	if (!json_is_array(arr))
		return gv_err_set(e, GV_MALFORMED, doc, bp, "must be an array");
	for (j = 0; j < json_array_size(arr); j++) {
		gv_path_idx(ep, bp, j);
		if ((rc = gv_obj_keys(json_array_get(arr, j), holder_req, NULL,
		    doc, ep, e)) ||
		    (rc = gv_get_id(json_array_get(arr, j), "purchase", &s, doc,
		    ep, e)) ||
		    (rc = gv_get_hex(json_array_get(arr, j), "bidder", key,
		    GV_PK_LEN, doc, ep, e)))
			return rc;
	}
	return GV_OK;
}

/* schedule: one entry a slot, in order, one draw a winner, each a holder */
static int
check_draws(const struct gv_schedule *s, const char *doc, const char *path,
    struct gv_err *e)
{
	char p[GV_PATH_MAX], sp[GV_PATH_MAX], dp[GV_PATH_MAX], q[96];
	const json_t *en, *dr;
	const char *id;
	uint64_t slot;
	size_t i, k, nw = json_array_size(s->winners);
	int rc;

	gv_path_key(p, path, "schedule");
	if (!json_is_array(s->schedule))
		return gv_err_set(e, GV_MALFORMED, doc, p, "must be an array");
	if ((uint64_t)json_array_size(s->schedule) != s->count)
		return gv_err_set(e, GV_MALFORMED, doc, p, "%zu entries, the "
		    "epoch has %" PRIu64 " slots", json_array_size(s->schedule),
		    s->count);
	for (i = 0; i < json_array_size(s->schedule); i++) {
		en = json_array_get(s->schedule, i);
		gv_path_idx(sp, p, i);
		if ((rc = gv_obj_keys(en, sched_req, NULL, doc, sp, e)) ||
		    (rc = gv_get_uint(en, "slot", GV_INT_MAX, &slot, doc, sp,
		    e)))
			return rc;
		if (slot != s->first + i) {
			gv_path_key(dp, sp, "slot");
			return gv_err_set(e, GV_MALFORMED, doc, dp, "expected "
			    "slot %" PRIu64, s->first + i);
		}
		dr = json_object_get(en, "draws");
		gv_path_key(dp, sp, "draws");
		if (!json_is_array(dr))
			return gv_err_set(e, GV_MALFORMED, doc, dp,
			    "must be an array");
		if (json_array_size(dr) != nw)
			return gv_err_set(e, GV_MALFORMED, doc, dp, "%zu draws, "
			    "there are %zu winners", json_array_size(dr), nw);
		for (k = 0; k < nw; k++) {
			char kp[GV_PATH_MAX];

			gv_path_idx(kp, dp, k);
			if ((rc = gv_check_id(json_array_get(dr, k), &id, doc, kp,
			    e)))
				return rc;
			if (find_holder(json_array_get(s->winners, k), id) ==
			    NULL)
				return gv_err_set(e, GV_MALFORMED, doc, kp,
				    "purchase %s is not a holder of winners[%zu]",
				    gv_quote(q, sizeof(q), id), k);
		}
	}
	return GV_OK;
}

static int
parse_v2(const json_t *v, const char *doc, const char *path,
    struct gv_schedule *s, struct gv_err *e)
{
	char p[GV_PATH_MAX], wp[GV_PATH_MAX];
	size_t i;
	int rc;

	if ((rc = parse_head(v, alloc2_req, GV_ALLOC_FORMAT_V2, 2, doc, path,
	    s, p, e)))
		return rc;
	for (i = 0; i < json_array_size(s->winners); i++) {
		gv_path_idx(wp, p, i);
		if ((rc = check_winner2(json_array_get(s->winners, i), doc, wp,
		    e)))
			return rc;
	}
	if ((rc = check_disjoint(s->winners, doc, p, e)))
		return rc;
	s->schedule = json_object_get(v, "schedule");
	if ((rc = check_draws(s, doc, path, e)) ||
	    (rc = gv_json_no_reals(v, doc, path, e)))
		return rc;
	if (gv_digest(s->digest, "allocation", s->marketplace, s->epoch, v) !=
	    GV_OK)
		return gv_err_set(e, GV_INTERNAL, doc, path,
		    "cannot compute the digest");
	return GV_OK;
}

int
gv_schedule_parse_any(const json_t *v, const char *doc, const char *path,
    struct gv_schedule *s, struct gv_err *e)
{
	int k = gv_format_version(v, GV_ALLOC_FORMAT, GV_ALLOC_FORMAT_V2, doc,
	    path, e);

	if (k < 0) {
		memset(s, 0, sizeof(*s));
		return -k;
	}
	return k == 2 ? parse_v2(v, doc, path, s, e) :
	    gv_schedule_parse(v, doc, path, s, e);
}

/* the index of the winner whose bundle holds rollup, or -1 */
static long
winner_of(const struct gv_schedule *s, const char *rollup)
{
	const json_t *bun;
	size_t i, j;

	for (i = 0; i < json_array_size(s->winners); i++) {
		bun = json_object_get(json_array_get(s->winners, i), "bundle");
		for (j = 0; j < json_array_size(bun); j++)
			if (strcmp(json_string_value(json_array_get(bun, j)),
			    rollup) == 0)
				return (long)i;
	}
	return -1;
}

int
gv_schedule_lookup_slot(const struct gv_schedule *s, const char *rollup,
    uint64_t slot, unsigned char key[GV_PK_LEN], const char **purchase)
{
	const json_t *w, *h;
	const char *id;
	long k;

	if (purchase != NULL)
		*purchase = NULL;
	if (slot < s->first || slot - s->first >= s->count)
		return 0;
	if (s->version != 2)
		return gv_schedule_lookup(s, rollup, key);
	if ((k = winner_of(s, rollup)) < 0)
		return 0;
	w = json_array_get(s->winners, (size_t)k);
	id = json_string_value(json_array_get(json_object_get(json_array_get(
	    s->schedule, (size_t)(slot - s->first)), "draws"), (size_t)k));
	if (id == NULL || (h = find_holder(w, id)) == NULL)
		return 0;
	if (purchase != NULL)
		*purchase = id;
	return gv_unhex(key, GV_PK_LEN, json_string_value(json_object_get(h,
	    "bidder"))) == 0;
}

/* v2's last check: the drawn holder, or why the signer is not it */
static int
check_drawn(const struct gv_schedule *s, const char *rollup, uint64_t slot,
    const unsigned char signer[GV_PK_LEN], const char *doc, const char *path,
    const char *verdict, struct gv_err *e)
{
	unsigned char key[GV_PK_LEN], hk[GV_PK_LEN];
	char p[GV_PATH_MAX], q[96], qp[96], qq[96], hex[2 * GV_PK_LEN + 1];
	char bundle[GV_PATH_MAX], qb[GV_PATH_MAX + 16];
	const json_t *w, *hs, *bun, *h = NULL;
	const char *drawn;
	size_t i, n = 0;

	if (!gv_schedule_lookup_slot(s, rollup, slot, key, &drawn))
		return gv_err_set(e, GV_INTERNAL, doc, path,
		    "cannot read the draw");
	if (memcmp(key, signer, GV_PK_LEN) == 0)
		return GV_OK;
	gv_hex(hex, key, GV_PK_LEN);
	gv_path_key(p, path, "sequencer");
	w = json_array_get(s->winners, (size_t)winner_of(s, rollup));
	hs = json_object_get(w, "holders");
	for (i = 0; i < json_array_size(hs); i++) {
		h = json_array_get(hs, i);
		if (gv_unhex(hk, GV_PK_LEN, json_string_value(json_object_get(h,
		    "bidder"))) == 0 && memcmp(hk, signer, GV_PK_LEN) == 0)
			break;
	}
	if (i == json_array_size(hs))
		return gv_err_set(e, GV_INVALID, doc, p, "signer is not the "
		    "scheduled sequencer of rollup %s at slot %" PRIu64 " (the "
		    "allocation draws purchase %s of %s): %s", gv_quote(q,
		    sizeof(q), rollup), slot, gv_quote(qp, sizeof(qp), drawn),
		    hex, verdict);
	bun = json_object_get(w, "bundle");
	bundle[0] = '\0';
	for (i = 0; i < json_array_size(bun) && n < sizeof(bundle); i++)
		n += (size_t)snprintf(bundle + n, sizeof(bundle) - n, "%s%s",
		    i ? "+" : "", json_string_value(json_array_get(bun, i)));
	return gv_err_set(e, GV_INVALID, doc, p, "signer is not the scheduled "
	    "sequencer of rollup %s at slot %" PRIu64 ": it holds tickets of "
	    "bundle %s (purchase %s), but slot %" PRIu64 " drew purchase %s of "
	    "%s: %s", gv_quote(q, sizeof(q), rollup), slot, gv_quote(qb,
	    sizeof(qb), bundle), gv_quote(qq, sizeof(qq), json_string_value(
	    json_object_get(h, "purchase"))), slot, gv_quote(qp, sizeof(qp),
	    drawn), hex, verdict);
}

int
gv_schedule_lookup(const struct gv_schedule *s, const char *rollup,
    unsigned char key[GV_PK_LEN])
{
	const json_t *w, *bun;
	size_t i, j;

	if (s->version == 2)
		return 0;
	for (i = 0; i < json_array_size(s->winners); i++) {
		w = json_array_get(s->winners, i);
		bun = json_object_get(w, "bundle");
		for (j = 0; j < json_array_size(bun); j++)
			if (strcmp(json_string_value(json_array_get(bun, j)),
			    rollup) == 0)
				return gv_unhex(key, GV_PK_LEN, json_string_value(
				    json_object_get(w, "bidder"))) == 0;
	}
	return 0;
}

int
gv_schedule_check_signer(const struct gv_schedule *s, const char *rollup,
    uint64_t slot, const unsigned char signer[GV_PK_LEN], const char *doc,
    const char *path, const char *verdict, struct gv_err *e)
{
	unsigned char key[GV_PK_LEN];
	char p[GV_PATH_MAX], q[96], hex[2 * GV_PK_LEN + 1];

	if (slot < s->first || slot - s->first >= s->count) {
		gv_path_key(p, path, "slot");
		return gv_err_set(e, GV_INVALID, doc, p, "slot %" PRIu64 " is "
		    "outside the allocation's slots %" PRIu64 "..%" PRIu64
		    ": no scheduled sequencer, %s", slot, s->first,
		    s->first + s->count - 1, verdict);
	}
	if (s->version == 2 ? winner_of(s, rollup) < 0 :
	    !gv_schedule_lookup(s, rollup, key)) {
		gv_path_key(p, path, "rollup");
		return gv_err_set(e, GV_INVALID, doc, p, "rollup %s has no "
		    "scheduled sequencer in the allocation (unsold or "
		    "unknown): %s", gv_quote(q, sizeof(q), rollup), verdict);
	}
	if (s->version == 2)
		return check_drawn(s, rollup, slot, signer, doc, path, verdict,
		    e);
	if (memcmp(key, signer, GV_PK_LEN) != 0) {
		gv_hex(hex, key, GV_PK_LEN);
		gv_path_key(p, path, "sequencer");
		return gv_err_set(e, GV_INVALID, doc, p, "signer is not the "
		    "scheduled sequencer of rollup %s at slot %" PRIu64 " (the "
		    "allocation schedules %s): %s", gv_quote(q, sizeof(q), rollup),
		    slot, hex, verdict);
	}
	return GV_OK;
}

void
gv_slash_params_init(struct gv_slash_params *p)
{
	int k;

	memset(p, 0, sizeof(*p));
	mpz_init(p->collateral);
	for (k = 0; k < GV_FAULT_NKINDS; k++)
		mpz_init(p->penalty[k]);
}

void
gv_slash_params_free(struct gv_slash_params *p)
{
	int k;

	mpz_clear(p->collateral);
	for (k = 0; k < GV_FAULT_NKINDS; k++)
		mpz_clear(p->penalty[k]);
	memset(p, 0, sizeof(*p));
}

/* recipients of a v2 document: keys, shares, order, sum (exit 2) */
static int
parse_recipients(const json_t *v, const char *doc, const char *path,
    struct gv_slash_params *p, struct gv_err *e)
{
	char rp[GV_PATH_MAX], op[GV_PATH_MAX], ep[GV_PATH_MAX], tp[GV_PATH_MAX];
	char q[96];
	const json_t *arr, *o;
	uint64_t bps, sum;
	size_t i, n;
	int rc;

	gv_path_key(rp, path, "recipients");
	if ((rc = gv_obj_keys(v, recip_req, NULL, doc, rp, e)) ||
	    (rc = gv_get_uint(v, "holder_bps", GV_BPS_ONE, &bps, doc, rp, e)))
		return rc;
	p->holder_bps = (unsigned)bps;
	sum = bps;
	gv_path_key(op, rp, "others");
	arr = json_object_get(v, "others");
	if (!json_is_array(arr))
		return gv_err_set(e, GV_MALFORMED, doc, op, "must be an array");
	n = json_array_size(arr);
	if (n > GV_PARAMS_MAX_OTHERS)
		return gv_err_set(e, GV_MALFORMED, doc, op,
		    "%zu recipients, the limit is %d", n, GV_PARAMS_MAX_OTHERS);
	for (i = 0; i < n; i++) {
		o = json_array_get(arr, i);
		gv_path_idx(ep, op, i);
		gv_path_key(tp, ep, "to");
		if ((rc = gv_obj_keys(o, other_req, NULL, doc, ep, e)) ||
		    (rc = gv_get_id(o, "to", &p->other_to[i], doc, ep, e)))
			return rc;
		if (strcmp(p->other_to[i], "holder") == 0)
			return gv_err_set(e, GV_MALFORMED, doc, tp, "\"holder\" "
			    "is the receipt holder's name, not another "
			    "recipient's");
		if (i > 0 && strcmp(p->other_to[i - 1], p->other_to[i]) >= 0)
			return gv_err_set(e, GV_MALFORMED, doc, tp, "recipient %s "
			    "is out of order or repeated: others must be sorted "
			    "by \"to\" in ascending byte order",
			    gv_quote(q, sizeof(q), p->other_to[i]));
		if ((rc = gv_get_uint(o, "bps", GV_BPS_ONE, &bps, doc, ep, e)))
			return rc;
		p->other_bps[i] = (unsigned)bps;
		sum += bps;
	}
	p->nothers = n;
	if (sum != GV_BPS_ONE)
		return gv_err_set(e, GV_MALFORMED, doc, rp, "shares add up to %"
		    PRIu64 " bps, must be 10000", sum);
	return GV_OK;
}

void
gv_slash_split(const struct gv_slash_params *p, const mpz_t penalty,
    mpz_t holder, mpz_t *others)
{
	size_t i;

	mpz_set(holder, penalty);
	for (i = 0; i < p->nothers; i++) {
		mpz_mul_ui(others[i], penalty, p->other_bps[i]);
		mpz_fdiv_q_ui(others[i], others[i], GV_BPS_ONE);
		mpz_sub(holder, holder, others[i]);
	}
}

int
gv_slash_params_parse(const json_t *v, const char *doc, const char *path,
    struct gv_slash_params *p, struct gv_err *e)
{
	char pp[GV_PATH_MAX], q[GV_PATH_MAX];
	const json_t *pen;
	int rc, k;
	const json_t *fmt = json_is_object(v) ? json_object_get(v, "format") :
	    NULL;

	p->version = json_is_string(fmt) && strcmp(json_string_value(fmt),
	    GV_PARAMS_FORMAT_V2) == 0 ? 2 : 1;
	p->holder_bps = GV_BPS_ONE;
	p->nothers = 0;
	if ((rc = gv_obj_keys(v, p->version == 2 ? params2_req : params_req,
	    NULL, doc, path, e)) ||
	    (rc = gv_get_format(v, p->version == 2 ? GV_PARAMS_FORMAT_V2 :
	    GV_PARAMS_FORMAT, doc, path, e)) ||
	    (rc = gv_get_id(v, "marketplace", &p->marketplace, doc, path,
	    e)) ||
	    (rc = gv_get_uint(v, "epoch", GV_INT_MAX, &p->epoch, doc, path,
	    e)) ||
	    (rc = gv_get_amount(v, "collateral", p->collateral, doc, path, e)))
		return rc;
	gv_path_key(pp, path, "penalties");
	pen = json_object_get(v, "penalties");
	if ((rc = gv_obj_keys(pen, pen_req, NULL, doc, pp, e)))
		return rc;
	/* checked in key order: equivocation inclusion liveness state */
	for (k = 0; pen_req[k] != NULL; k++) {
		int f;

		for (f = 0; strcmp(pen_keys[f], pen_req[k]) != 0; f++)
			;
		if ((rc = gv_get_amount(pen, pen_req[k], p->penalty[f], doc,
		    pp, e)))
			return rc;
		if (mpz_cmp(p->penalty[f], p->collateral) > 0) {
			gv_path_key(q, pp, pen_req[k]);
			return gv_err_set(e, GV_MALFORMED, doc, q,
			    "penalty exceeds the collateral");
		}
	}
	if (p->version == 2 && (rc = parse_recipients(json_object_get(v,
	    "recipients"), doc, path, p, e)))
		return rc;
	if (gv_digest(p->digest, "slashing-params", p->marketplace, p->epoch,
	    v) != GV_OK)
		return gv_err_set(e, GV_INTERNAL, doc, path,
		    "cannot compute the digest");
	return GV_OK;
}
