/* epoch.c: the lottery allocation gavel.allocation.v2 and its beacon (formats/allocation.md "Version 2", formats/bidset-lottery.md) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "block.h"
#include "epoch.h"
#include "json.h"
#include "lottery.h"

static const char *const top_req[] = { "format", "marketplace", "epoch",
	"bidset", "slots", "price", "winners", "unsold", "rollups", "value",
	"search", "refunds", "beacon", "schedule", "sold", "next_price", NULL };
static const char *const win_req[] = { "bundle", "tickets", "pays",
	"holders", NULL };
static const char *const beacon_req[] = { "rollup", "slot", "value",
	"block", "certificate", NULL };
static const char *const sched_req[] = { "slot", "draws", NULL };

void
gv_lottery_summary_init(struct gv_lottery_summary *s)
{
	memset(s, 0, sizeof(*s));
	mpz_inits(s->signed_stake, s->total, s->next_price, NULL);
}

void
gv_lottery_summary_free(struct gv_lottery_summary *s)
{
	mpz_clears(s->signed_stake, s->total, s->next_price, NULL);
}

/* The header is the named block of this marketplace; value = its digest. */
static int
beacon_block(const struct gv_lottery_bidset *lb, const json_t *block,
    const char *blockdoc, const char *blockpath,
    unsigned char value[GV_DIGEST_LEN], struct gv_err *e)
{
	struct gv_block b;
	char q[96], q2[96];
	int rc;

	if ((rc = gv_block_parse(block, blockdoc, blockpath, &b, e)) != GV_OK)
		return rc;
	if (strcmp(b.marketplace, lb->marketplace) != 0)
		return gv_err_set(e, GV_INVALID, blockdoc, blockpath,
		    "is the block of marketplace %s, not \"%s\"",
		    gv_quote(q, sizeof(q), b.marketplace), lb->marketplace);
	if (strcmp(b.rollup, lb->beacon_rollup) != 0 ||
	    b.slot != lb->beacon_slot)
		return gv_err_set(e, GV_INVALID, blockdoc, blockpath,
		    "is the block of rollup %s slot %ju, the bid set names "
		    "rollup %s slot %ju", gv_quote(q, sizeof(q), b.rollup),
		    (uintmax_t)b.slot, gv_quote(q2, sizeof(q2),
		    lb->beacon_rollup), (uintmax_t)lb->beacon_slot);
	memcpy(value, b.digest, GV_DIGEST_LEN);
	return GV_OK;
}

int
gv_beacon_check(const struct gv_lottery_bidset *lb,
    const struct gv_stake_table *t, const json_t *block, const char *blockdoc,
    const char *blockpath, const json_t *cert, const char *certdoc,
    unsigned char value[GV_DIGEST_LEN], struct gv_cert_result *r,
    struct gv_err *e)
{
	int rc;

	if ((rc = beacon_block(lb, block, blockdoc, blockpath, value, e)))
		return rc;
	return gv_cert_check(t, cert, certdoc, "block", value, 0, r, e);
}

/* The winning ticket and its purchase for one slot of bundle k. */
static int
draw_one(const struct gv_lottery_bidset *lb, const unsigned char B[32],
    uint64_t slot, size_t k, uint64_t *ticket, size_t *purchase,
    struct gv_err *e)
{
	const struct gv_lottery_bundle *bu = &lb->bundles[k];
	const char *ids[GV_MAX_BUNDLE];
	uint64_t below = 0;
	size_t i;
	int rc;

	for (i = 0; i < bu->nrollups; i++)
		ids[i] = lb->rollups[bu->rollups[i]].id;
	if ((rc = gv_lottery_draw(B, lb->marketplace, lb->epoch, slot, ids,
	    bu->nrollups, bu->tickets, ticket, NULL, e)) != GV_OK)
		return rc;
	/* the holder: purchases hold consecutive ranges, in the bid set's order */
	for (i = 0; i < bu->npurchases; i++) {
		uint64_t t = lb->purchases[bu->purchases[i]].tickets;

		if (*ticket < below + t) {
			*purchase = bu->purchases[i];
			return GV_OK;
		}
		below += t;
	}
	return gv_err_set(e, GV_INTERNAL, lb->doc, NULL,
	    "a drawn ticket beyond the bundle's tickets");
}

static json_t *
times_json(const struct gv_lottery_bidset *lb, uint64_t tickets)
{
	json_t *j;
	mpz_t v;

	mpz_init(v);
	gv_lottery_times_price(v, lb->price, tickets);
	j = gv_amount_json(v);
	mpz_clear(v);
	return j;
}

static json_t *
bundle_json(const struct gv_lottery_bidset *lb, size_t k)
{
	const struct gv_lottery_bundle *bu = &lb->bundles[k];
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < bu->nrollups; i++)
		if (json_array_append_new(a, json_string(
		    lb->rollups[bu->rollups[i]].id)) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

/* {purchase, bidder, tickets, pays} of a winning bundle's purchase i */
static json_t *
holder_json(const struct gv_lottery_bidset *lb, size_t i)
{
	const struct gv_purchase *p = &lb->purchases[i];

	return json_pack("{s:s, s:o, s:I, s:o}", "purchase", p->id, "bidder",
	    gv_hex_json(p->bidder, GV_PK_LEN), "tickets", (json_int_t)p->tickets,
	    "pays", times_json(lb, p->tickets));
}

static json_t *
refund_json(const struct gv_lottery_bidset *lb, size_t i)
{
	const struct gv_purchase *p = &lb->purchases[i];

	return json_pack("{s:s, s:o, s:o}", "purchase", p->id, "bidder",
	    gv_hex_json(p->bidder, GV_PK_LEN), "amount", times_json(lb,
	    p->tickets));
}

static json_t *
winner_json(const struct gv_lottery_bidset *lb, size_t k)
{
	const struct gv_lottery_bundle *bu = &lb->bundles[k];
	json_t *h = json_array();
	size_t i;

	for (i = 0; h != NULL && i < bu->npurchases; i++)
		if (json_array_append_new(h, holder_json(lb,
		    bu->purchases[i])) != 0) {
			json_decref(h);
			return NULL;
		}
	if (h == NULL)
		return NULL;
	return json_pack("{s:o, s:I, s:o, s:o}", "bundle", bundle_json(lb, k),
	    "tickets", (json_int_t)bu->tickets, "pays", times_json(lb,
	    bu->tickets), "holders", h);
}

/* The refunds, winners marked in win (per bundle). */
static json_t *
refunds_json(const struct gv_lottery_bidset *lb, const unsigned char *win)
{
	json_t *r = json_array();
	size_t i;

	for (i = 0; r != NULL && i < lb->npurchases; i++)
		if (!win[lb->purchases[i].bundle_ix] &&
		    json_array_append_new(r, refund_json(lb, i)) != 0) {
			json_decref(r);
			return NULL;
		}
	return r;
}

static json_t *
schedule_json(const struct gv_lottery_bidset *lb, const struct gv_alloc *a,
    const unsigned char B[32], struct gv_err *e)
{
	json_t *s = json_array(), *d = NULL;
	uint64_t i, ticket;
	size_t k, pu;

	if (s == NULL)
		goto oom;
	for (i = 0; i < lb->slot_count; i++) {
		if ((d = json_array()) == NULL)
			goto oom;
		for (k = 0; k < a->nwinners; k++) {
			if (draw_one(lb, B, lb->slot_first + i, a->winners[k],
			    &ticket, &pu, e) != GV_OK)
				goto fail;
			if (json_array_append_new(d, json_string(
			    lb->purchases[pu].id)) != 0)
				goto oom;
		}
		if (json_array_append_new(s, json_pack("{s:I, s:o}", "slot",
		    (json_int_t)(lb->slot_first + i), "draws", d)) != 0) {
			d = NULL;
			goto oom;
		}
		d = NULL;
	}
	return s;
oom:
	gv_err_set(e, GV_INTERNAL, NULL, NULL, "out of memory");
fail:
	json_decref(d);
	json_decref(s);
	return NULL;
}

static int
next_price(const struct gv_lottery_bidset *lb, mpz_t out, struct gv_err *e)
{
	return gv_lottery_next_price(out, lb->price, lb->sold, lb->target,
	    lb->max_change_bps, lb->floor, e);
}

json_t *
gv_lottery_alloc_json(const struct gv_lottery_bidset *lb,
    const struct gv_alloc *a, const unsigned char value[GV_DIGEST_LEN],
    const json_t *block, const json_t *cert, struct gv_err *e)
{
	struct gv_alloc ap;
	json_t *v1 = NULL, *root = NULL, *w = NULL, *sched = NULL;
	unsigned char *win = NULL;
	mpz_t np;
	size_t k;
	int bad = 0;

	gv_alloc_init(&ap);
	mpz_init(np);
	if (gv_alloc_compute(&lb->plain, a->winners, a->nwinners, &ap,
	    "allocation", e) != GV_OK)
		goto fail;
	ap.status = a->status;
	ap.stop = a->stop;
	mpz_set(ap.bound, a->bound);
	ap.time_limit_ms = a->time_limit_ms;
	ap.time_used_ms = a->time_used_ms;
	if ((win = calloc(lb->nbundles ? lb->nbundles : 1, 1)) == NULL ||
	    (v1 = gv_alloc_json(&lb->plain, &ap)) == NULL ||
	    (w = json_array()) == NULL || (root = json_object()) == NULL)
		goto oom;
	for (k = 0; k < a->nwinners; k++) {
		win[a->winners[k]] = 1;
		bad |= json_array_append_new(w, winner_json(lb, a->winners[k]));
	}
	if (next_price(lb, np, e) != GV_OK ||
	    (sched = schedule_json(lb, a, value, e)) == NULL)
		goto fail;
	bad |= json_object_set_new(root, "format",
	    json_string(GV_ALLOC_FORMAT_V2));
	bad |= json_object_set(root, "marketplace",
	    json_object_get(v1, "marketplace"));
	bad |= json_object_set(root, "epoch", json_object_get(v1, "epoch"));
	bad |= json_object_set(root, "bidset", json_object_get(v1, "bidset"));
	bad |= json_object_set(root, "slots", json_object_get(v1, "slots"));
	bad |= json_object_set_new(root, "price", gv_amount_json(lb->price));
	bad |= json_object_set_new(root, "winners", w);
	w = NULL;
	bad |= json_object_set(root, "unsold", json_object_get(v1, "unsold"));
	bad |= json_object_set(root, "rollups", json_object_get(v1,
	    "rollups"));
	bad |= json_object_set(root, "value", json_object_get(v1, "value"));
	bad |= json_object_set(root, "search", json_object_get(v1, "search"));
	bad |= json_object_set_new(root, "refunds", refunds_json(lb, win));
	bad |= json_object_set_new(root, "beacon", json_pack("{s:s, s:I, s:o, "
	    "s:O, s:O}", "rollup", lb->beacon_rollup, "slot",
	    (json_int_t)lb->beacon_slot, "value", gv_hex_json(value,
	    GV_DIGEST_LEN), "block", block, "certificate", cert));
	bad |= json_object_set_new(root, "schedule", sched);
	sched = NULL;
	bad |= json_object_set_new(root, "sold", json_integer(
	    (json_int_t)lb->sold));
	bad |= json_object_set_new(root, "next_price", gv_amount_json(np));
	if (bad)
		goto oom;
	goto done;
oom:
	gv_err_set(e, GV_INTERNAL, NULL, NULL,
	    "out of memory writing the allocation");
fail:
	json_decref(root);
	root = NULL;
done:
	json_decref(w);
	json_decref(sched);
	json_decref(v1);
	free(win);
	mpz_clear(np);
	gv_alloc_free(&ap);
	return root;
}

/* ---- the check ---- */

/* Bundle index of a rollup id list, or -1 (bsearch over the bundle order). */
static long
find_bundle(const struct gv_lottery_bidset *lb, const json_t *arr)
{
	size_t lo = 0, hi = lb->nbundles, n = json_array_size(arr);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2, i;
		const struct gv_lottery_bundle *bu = &lb->bundles[mid];
		int c = 0;

		for (i = 0; c == 0 && i < bu->nrollups && i < n; i++)
			c = strcmp(json_string_value(json_array_get(arr, i)),
			    lb->rollups[bu->rollups[i]].id);
		if (c == 0)
			c = n < bu->nrollups ? -1 : n > bu->nrollups;
		if (c == 0)
			return (long)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

static int
check_winners(const struct gv_lottery_bidset *lb, const json_t *arr,
    size_t **out, size_t *nout, const char *doc, struct gv_err *e)
{
	char p[GV_PATH_MAX], pp[GV_PATH_MAX], hp[GV_PATH_MAX], q[96], *s;
	const char *id;
	size_t i, j, n, *w;
	uint64_t t;
	long k;
	mpz_t v, want;
	int rc = GV_OK;

	if (!json_is_array(arr))
		return gv_err_set(e, GV_MALFORMED, doc, "winners",
		    "must be an array");
	n = json_array_size(arr);
	if ((w = calloc(n ? n : 1, sizeof(*w))) == NULL)
		return gv_err_set(e, GV_INTERNAL, doc, NULL, "out of memory");
	*out = w;
	*nout = 0;
	mpz_inits(v, want, NULL);
	for (i = 0; i < n; i++) {
		const json_t *x = json_array_get(arr, i), *bun, *h;
		const struct gv_lottery_bundle *bu;

		gv_path_idx(p, "winners", i);
		gv_path_key(pp, p, "bundle");
		if ((rc = gv_obj_keys(x, win_req, NULL, doc, p, e)))
			goto cleanup;
		bun = json_object_get(x, "bundle");
		if (!json_is_array(bun)) {
			rc = gv_err_set(e, GV_MALFORMED, doc, pp,
			    "must be an array");
			goto cleanup;
		}
		for (j = 0; j < json_array_size(bun); j++) {
			char ep[GV_PATH_MAX];

			gv_path_idx(ep, pp, j);
			if ((rc = gv_check_id(json_array_get(bun, j), &id, doc,
			    ep, e)))
				goto cleanup;
		}
		if ((k = find_bundle(lb, bun)) < 0) {
			rc = gv_err_set(e, GV_INVALID, doc, pp,
			    "no purchase is on this bundle");
			goto cleanup;
		}
		bu = &lb->bundles[k];
		if (i > 0 && (size_t)k == w[i - 1]) {
			rc = gv_err_set(e, GV_INVALID, doc, p,
			    "bundle %s wins twice", gv_quote(q, sizeof(q),
			    bu->name));
			goto cleanup;
		}
		if (i > 0 && (size_t)k < w[i - 1]) {
			rc = gv_err_set(e, GV_INVALID, doc, p,
			    "bundle %s is out of order: winners must be sorted "
			    "by bundle", gv_quote(q, sizeof(q), bu->name));
			goto cleanup;
		}
		w[i] = (size_t)k;
		*nout = i + 1;
		if ((rc = gv_get_uint(x, "tickets", GV_INT_MAX, &t, doc, p,
		    e)) || (rc = gv_get_amount(x, "pays", v, doc, p, e)))
			goto cleanup;
		if (t != bu->tickets) {
			gv_path_key(hp, p, "tickets");
			rc = gv_err_set(e, GV_INVALID, doc, hp, "bundle %s "
			    "holds %ju tickets", gv_quote(q, sizeof(q),
			    bu->name), (uintmax_t)bu->tickets);
			goto cleanup;
		}
		gv_lottery_times_price(want, lb->price, bu->tickets);
		if (mpz_cmp(v, want) != 0) {
			gv_path_key(hp, p, "pays");
			s = gv_amount_str(want);
			rc = gv_err_set(e, GV_INVALID, doc, hp, "bundle %s pays "
			    "%s (its tickets times the price)",
			    gv_quote(q, sizeof(q), bu->name), s ? s : "?");
			free(s);
			goto cleanup;
		}
		h = json_object_get(x, "holders");
		gv_path_key(hp, p, "holders");
		if (!json_is_array(h)) {
			rc = gv_err_set(e, GV_MALFORMED, doc, hp,
			    "must be an array");
			goto cleanup;
		}
		if (json_array_size(h) != bu->npurchases) {
			rc = gv_err_set(e, GV_INVALID, doc, hp, "%zu entries, "
			    "bundle %s has %zu purchases", json_array_size(h),
			    gv_quote(q, sizeof(q), bu->name), bu->npurchases);
			goto cleanup;
		}
		for (j = 0; j < bu->npurchases; j++) {
			const struct gv_purchase *pu =
			    &lb->purchases[bu->purchases[j]];
			json_t *ex = holder_json(lb, bu->purchases[j]);
			char ep[GV_PATH_MAX], hx[2 * GV_PK_LEN + 1];
			int same = ex != NULL && json_equal(ex,
			    json_array_get(h, j));

			json_decref(ex);
			if (ex == NULL) {
				rc = gv_err_set(e, GV_INTERNAL, doc, NULL,
				    "out of memory");
				goto cleanup;
			}
			if (same)
				continue;
			gv_path_idx(ep, hp, j);
			gv_hex(hx, pu->bidder, GV_PK_LEN);
			gv_lottery_times_price(want, lb->price, pu->tickets);
			s = gv_amount_str(want);
			rc = gv_err_set(e, GV_INVALID, doc, ep, "expected "
			    "purchase %s (bidder %s, %ju tickets, paying %s)",
			    gv_quote(q, sizeof(q), pu->id), hx,
			    (uintmax_t)pu->tickets, s ? s : "?");
			free(s);
			goto cleanup;
		}
	}
cleanup:
	mpz_clears(v, want, NULL);
	return rc;
}

/* Check 5: overlaps, shared XOR groups, reserves (winners in order). */
static int
check_feasible(const struct gv_lottery_bidset *lb, const size_t *w, size_t n,
    const char *doc, struct gv_err *e)
{
	long *owner = NULL, *gowner = NULL;
	char p[GV_PATH_MAX], q[96], q2[96], q3[96], hx[2 * GV_PK_LEN + 1];
	size_t i, j;
	mpz_t res, amt;
	int rc = GV_OK;

	if ((owner = malloc(lb->nrollups * sizeof(long))) == NULL ||
	    (gowner = malloc((lb->ngroups ? lb->ngroups : 1) *
	    sizeof(long))) == NULL) {
		free(owner);
		return gv_err_set(e, GV_INTERNAL, doc, NULL, "out of memory");
	}
	for (i = 0; i < lb->nrollups; i++)
		owner[i] = -1;
	for (i = 0; i < lb->ngroups; i++)
		gowner[i] = -1;
	mpz_inits(res, amt, NULL);
	for (i = 0; i < n && rc == GV_OK; i++) {
		const struct gv_lottery_bundle *bu = &lb->bundles[w[i]];

		gv_path_idx(p, "winners", i);
		for (j = 0; j < bu->nrollups; j++) {
			size_t r = bu->rollups[j];

			if (owner[r] >= 0) {
				rc = gv_err_set(e, GV_INVALID, doc, p, "bundle "
				    "%s overlaps bundle %s on rollup %s",
				    gv_quote(q, sizeof(q), bu->name),
				    gv_quote(q2, sizeof(q2),
				    lb->bundles[owner[r]].name),
				    gv_quote(q3, sizeof(q3), lb->rollups[r].id));
				break;
			}
			owner[r] = (long)w[i];
		}
		for (j = 0; rc == GV_OK && j < bu->ngroups; j++) {
			size_t g = bu->groups[j], k;

			if (gowner[g] < 0) {
				gowner[g] = (long)w[i];
				continue;
			}
			/* name the group by a purchase of it on this bundle */
			for (k = 0; k < bu->npurchases; k++)
				if (lb->purchases[bu->purchases[k]].group ==
				    (long)g)
					break;
			gv_hex(hx, lb->purchases[bu->purchases[k]].bidder,
			    GV_PK_LEN);
			rc = gv_err_set(e, GV_INVALID, doc, p, "bundle %s and "
			    "bundle %s both hold XOR group %s of bidder %s",
			    gv_quote(q, sizeof(q), lb->bundles[gowner[g]].name),
			    gv_quote(q2, sizeof(q2), bu->name),
			    gv_quote(q3, sizeof(q3),
			    lb->purchases[bu->purchases[k]].xor), hx);
		}
		if (rc != GV_OK)
			break;
		mpz_set_ui(res, 0);
		for (j = 0; j < bu->nrollups; j++)
			mpz_add(res, res, lb->rollups[bu->rollups[j]].reserve);
		gv_lottery_times_price(amt, lb->price, bu->tickets);
		if (mpz_cmp(amt, res) < 0)
			rc = gv_err_set(e, GV_INVALID, doc, p, "bundle %s is "
			    "below the sum of the reserves of its bundle",
			    gv_quote(q, sizeof(q), bu->name));
	}
	mpz_clears(res, amt, NULL);
	free(owner);
	free(gowner);
	return rc;
}

static int
check_refunds(const struct gv_lottery_bidset *lb, const unsigned char *win,
    const json_t *arr, const char *doc, struct gv_err *e)
{
	char p[GV_PATH_MAX], q[96], hx[2 * GV_PK_LEN + 1], *s;
	size_t i, k = 0;
	mpz_t v;
	int rc = GV_OK;

	if (!json_is_array(arr))
		return gv_err_set(e, GV_MALFORMED, doc, "refunds",
		    "must be an array");
	mpz_init(v);
	for (i = 0; i < lb->npurchases && rc == GV_OK; i++) {
		const struct gv_purchase *pu = &lb->purchases[i];
		json_t *ex;
		int same;

		if (win[pu->bundle_ix])
			continue;
		if (k >= json_array_size(arr)) {
			rc = gv_err_set(e, GV_INVALID, doc, "refunds",
			    "purchase %s is refunded but not listed",
			    gv_quote(q, sizeof(q), pu->id));
			break;
		}
		if ((ex = refund_json(lb, i)) == NULL) {
			rc = gv_err_set(e, GV_INTERNAL, doc, NULL,
			    "out of memory");
			break;
		}
		same = json_equal(ex, json_array_get(arr, k));
		json_decref(ex);
		if (!same) {
			gv_path_idx(p, "refunds", k);
			gv_hex(hx, pu->bidder, GV_PK_LEN);
			gv_lottery_times_price(v, lb->price, pu->tickets);
			s = gv_amount_str(v);
			rc = gv_err_set(e, GV_INVALID, doc, p, "expected the "
			    "refund of purchase %s (bidder %s, amount %s)",
			    gv_quote(q, sizeof(q), pu->id), hx, s ? s : "?");
			free(s);
		}
		k++;
	}
	if (rc == GV_OK && k < json_array_size(arr)) {
		gv_path_idx(p, "refunds", k);
		rc = gv_err_set(e, GV_INVALID, doc, p,
		    "lists a purchase that is not refunded");
	}
	mpz_clear(v);
	return rc;
}

static int
check_beacon(const struct gv_lottery_bidset *lb,
    const struct gv_stake_table *t, const json_t *b, const char *doc,
    struct gv_lottery_summary *sum, struct gv_err *e)
{
	unsigned char claimed[GV_DIGEST_LEN];
	char q[96], q2[96], hx[2 * GV_DIGEST_LEN + 1], certdoc[640];
	struct gv_cert_result r;
	const char *rollup;
	uint64_t slot;
	int rc;

	if ((rc = gv_obj_keys(b, beacon_req, NULL, doc, "beacon", e)) ||
	    (rc = gv_get_id(b, "rollup", &rollup, doc, "beacon", e)) ||
	    (rc = gv_get_uint(b, "slot", GV_INT_MAX, &slot, doc, "beacon", e)))
		return rc;
	if (strcmp(rollup, lb->beacon_rollup) != 0 || slot != lb->beacon_slot)
		return gv_err_set(e, GV_INVALID, doc, "beacon", "names rollup "
		    "%s slot %ju, the bid set names rollup %s slot %ju",
		    gv_quote(q, sizeof(q), rollup), (uintmax_t)slot,
		    gv_quote(q2, sizeof(q2), lb->beacon_rollup),
		    (uintmax_t)lb->beacon_slot);
	if ((rc = gv_get_hex(b, "value", claimed, GV_DIGEST_LEN, doc, "beacon",
	    e)))
		return rc;
	snprintf(certdoc, sizeof(certdoc), "%s: beacon.certificate", doc);
	if ((rc = beacon_block(lb, json_object_get(b, "block"), doc,
	    "beacon.block", sum->beacon, e)))
		return rc;
	if (memcmp(claimed, sum->beacon, GV_DIGEST_LEN) != 0) {
		gv_hex(hx, sum->beacon, GV_DIGEST_LEN);
		return gv_err_set(e, GV_INVALID, doc, "beacon.value",
		    "is not the digest of the beacon block (%s)", hx);
	}
	gv_cert_result_init(&r);
	rc = gv_cert_check(t, json_object_get(b, "certificate"), certdoc,
	    "block", sum->beacon, 0, &r, e);
	if (rc == GV_OK) {
		mpz_set(sum->signed_stake, r.signed_stake);
		mpz_set(sum->total, r.total);
	}
	gv_cert_result_free(&r);
	return rc;
}

static int
check_schedule(const struct gv_lottery_bidset *lb, const size_t *w, size_t n,
    const json_t *arr, const unsigned char B[32], const char *doc,
    struct gv_err *e)
{
	char p[GV_PATH_MAX], dp[GV_PATH_MAX], ep[GV_PATH_MAX], q[96], q2[96];
	char q3[96];
	const char *id;
	uint64_t i, s, ticket;
	size_t k, pu;
	int rc;

	if (!json_is_array(arr))
		return gv_err_set(e, GV_MALFORMED, doc, "schedule",
		    "must be an array");
	if (json_array_size(arr) != lb->slot_count)
		return gv_err_set(e, GV_INVALID, doc, "schedule", "%zu entries, "
		    "the epoch has %ju slots", json_array_size(arr),
		    (uintmax_t)lb->slot_count);
	for (i = 0; i < lb->slot_count; i++) {
		const json_t *x = json_array_get(arr, i), *d;

		gv_path_idx(p, "schedule", i);
		gv_path_key(dp, p, "draws");
		if ((rc = gv_obj_keys(x, sched_req, NULL, doc, p, e)) ||
		    (rc = gv_get_uint(x, "slot", GV_INT_MAX, &s, doc, p, e)))
			return rc;
		d = json_object_get(x, "draws");
		if (!json_is_array(d))
			return gv_err_set(e, GV_MALFORMED, doc, dp,
			    "must be an array");
		for (k = 0; k < json_array_size(d); k++) {
			gv_path_idx(ep, dp, k);
			if ((rc = gv_check_id(json_array_get(d, k), &id, doc,
			    ep, e)))
				return rc;
		}
		if (s != lb->slot_first + i) {
			gv_path_key(ep, p, "slot");
			return gv_err_set(e, GV_INVALID, doc, ep,
			    "expected slot %ju", (uintmax_t)(lb->slot_first +
			    i));
		}
		if (json_array_size(d) != n)
			return gv_err_set(e, GV_INVALID, doc, dp, "%zu draws, "
			    "there are %zu winners", json_array_size(d), n);
		for (k = 0; k < n; k++) {
			if ((rc = draw_one(lb, B, s, w[k], &ticket, &pu, e)))
				return rc;
			id = json_string_value(json_array_get(d, k));
			if (strcmp(id, lb->purchases[pu].id) == 0)
				continue;
			gv_path_idx(ep, dp, k);
			return gv_err_set(e, GV_INVALID, doc, ep, "slot %ju of "
			    "bundle %s is drawn by purchase %s (ticket %ju of "
			    "%ju), not %s", (uintmax_t)s, gv_quote(q, sizeof(q),
			    lb->bundles[w[k]].name), gv_quote(q2, sizeof(q2),
			    lb->purchases[pu].id), (uintmax_t)ticket,
			    (uintmax_t)lb->bundles[w[k]].tickets,
			    gv_quote(q3, sizeof(q3), id));
		}
	}
	return GV_OK;
}

int
gv_lottery_alloc_check(const struct gv_lottery_bidset *lb,
    const struct gv_stake_table *t, const json_t *doc, const char *docname,
    struct gv_lottery_summary *sum, struct gv_err *e)
{
	unsigned char *win = NULL;
	char *want = NULL;
	struct gv_alloc as, ap;
	size_t *w = NULL, nw = 0, k;
	uint64_t sold;
	mpz_t v;
	int rc;

	gv_alloc_init(&as);
	gv_alloc_init(&ap);
	mpz_init(v);
	if ((rc = gv_alloc_check_head(doc, top_req, GV_ALLOC_FORMAT_V2,
	    lb->marketplace, lb->epoch, lb->digest, lb->slot_first,
	    lb->slot_count, docname, e)))
		goto cleanup;
	if ((rc = gv_get_amount(doc, "price", v, docname, NULL, e)))
		goto cleanup;
	if (mpz_cmp(v, lb->price) != 0) {
		want = gv_amount_str(lb->price);
		rc = gv_err_set(e, GV_INVALID, docname, "price", "differs from "
		    "the ticket price of the bid set (%s)", want ? want : "?");
		goto cleanup;
	}
	if ((rc = check_winners(lb, json_object_get(doc, "winners"), &w, &nw,
	    docname, e)) ||
	    (rc = check_feasible(lb, w, nw, docname, e)))
		goto cleanup;
	if ((rc = gv_alloc_compute(&lb->solve, w, nw, &as, docname, e)) ||
	    (rc = gv_alloc_compute(&lb->plain, w, nw, &ap, docname, e))) {
		/* check_feasible has passed: these cannot fail but for memory */
		goto cleanup;
	}
	if ((rc = gv_alloc_check_rollups(&lb->plain, &ap,
	    json_object_get(doc, "unsold"), json_object_get(doc, "rollups"),
	    docname, e)) ||
	    (rc = gv_get_amount(doc, "value", v, docname, NULL, e)))
		goto cleanup;
	if (mpz_cmp(v, ap.value) != 0) {
		want = gv_amount_str(ap.value);
		rc = gv_err_set(e, GV_INVALID, docname, "value",
		    "is not the value of the allocation, which is %s",
		    want ? want : "?");
		goto cleanup;
	}
	if ((rc = gv_alloc_check_search(&lb->solve, &as,
	    json_object_get(doc, "search"), docname, e)))
		goto cleanup;
	if ((win = calloc(lb->nbundles ? lb->nbundles : 1, 1)) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, docname, NULL, "out of memory");
		goto cleanup;
	}
	for (k = 0; k < nw; k++)
		win[w[k]] = 1;
	if ((rc = check_refunds(lb, win, json_object_get(doc, "refunds"),
	    docname, e)) ||
	    (rc = check_beacon(lb, t, json_object_get(doc, "beacon"), docname,
	    sum, e)) ||
	    (rc = check_schedule(lb, w, nw, json_object_get(doc, "schedule"),
	    sum->beacon, docname, e)) ||
	    (rc = gv_get_uint(doc, "sold", GV_INT_MAX, &sold, docname, NULL,
	    e)))
		goto cleanup;
	if (sold != lb->sold) {
		rc = gv_err_set(e, GV_INVALID, docname, "sold", "is %ju, the "
		    "purchases hold %ju tickets", (uintmax_t)sold,
		    (uintmax_t)lb->sold);
		goto cleanup;
	}
	if ((rc = gv_get_amount(doc, "next_price", v, docname, NULL, e)) ||
	    (rc = next_price(lb, sum->next_price, e)))
		goto cleanup;
	if (mpz_cmp(v, sum->next_price) != 0) {
		char *have = gv_amount_str(v);

		want = gv_amount_str(sum->next_price);
		rc = gv_err_set(e, GV_INVALID, docname, "next_price", "is %s, "
		    "the next price is %s", have ? have : "?",
		    want ? want : "?");
		free(have);
		goto cleanup;
	}
	sum->nwinners = nw;
cleanup:
	free(want);
	free(win);
	free(w);
	mpz_clear(v);
	gv_alloc_free(&as);
	gv_alloc_free(&ap);
	return rc;
}
