/* alloc.c: the allocation document and its exact check (formats/allocation.md) */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "amount.h"
#include "json.h"

void
gv_alloc_init(struct gv_alloc *a)
{
	memset(a, 0, sizeof(*a));
	mpz_init(a->value);
	mpz_init(a->bound);
}

static void
clear_rollups(struct gv_alloc *a)
{
	size_t i;

	for (i = 0; i < a->nrollups; i++)
		mpz_clear(a->receives[i]);
	free(a->receives);
	free(a->owner);
	free(a->winners);
	a->receives = NULL;
	a->owner = NULL;
	a->winners = NULL;
	a->nrollups = a->nwinners = 0;
}

void
gv_alloc_free(struct gv_alloc *a)
{
	clear_rollups(a);
	mpz_clear(a->value);
	mpz_clear(a->bound);
}

static int
sizecmp(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return a < b ? -1 : a > b;
}

struct share {
	size_t rollup;
	mpz_t frac;
};

/* Largest fractional part first; the bundle is in id order, so ties go by id. */
static int
sharecmp(const void *x, const void *y)
{
	const struct share *a = x, *b = y;
	int c = mpz_cmp(b->frac, a->frac);

	if (c != 0)
		return c;
	return a->rollup < b->rollup ? -1 : a->rollup > b->rollup;
}

/* Split amount(b) over its bundle: reserve plus a pro-rata share of the surplus. */
static int
split(const struct gv_bidset *bs, const struct gv_bid *b, struct gv_alloc *a)
{
	struct share *sh;
	mpz_t R, S, t, rem;
	size_t i, k = b->nbundle;

	if ((sh = calloc(k, sizeof(*sh))) == NULL)
		return -1;
	mpz_inits(R, S, t, rem, NULL);
	for (i = 0; i < k; i++)
		mpz_add(R, R, bs->rollups[b->bundle[i]].reserve);
	mpz_sub(S, b->amount, R);
	mpz_set(rem, S);
	for (i = 0; i < k; i++) {
		size_t r = b->bundle[i];

		sh[i].rollup = r;
		mpz_init(sh[i].frac);
		if (mpz_sgn(R) > 0) {
			mpz_mul(t, S, bs->rollups[r].reserve);
			mpz_fdiv_qr(t, sh[i].frac, t, R);
		} else
			mpz_fdiv_qr_ui(t, sh[i].frac, S, (unsigned long)k);
		mpz_add(a->receives[r], bs->rollups[r].reserve, t);
		mpz_sub(rem, rem, t);
	}
	qsort(sh, k, sizeof(*sh), sharecmp);
	/* rem < k: the fractional parts sum to less than k whole units. */
	for (i = 0; i < k && mpz_sgn(rem) > 0; i++) {
		mpz_add_ui(a->receives[sh[i].rollup],
		    a->receives[sh[i].rollup], 1);
		mpz_sub_ui(rem, rem, 1);
	}
	for (i = 0; i < k; i++)
		mpz_clear(sh[i].frac);
	free(sh);
	mpz_clears(R, S, t, rem, NULL);
	return 0;
}

int
gv_alloc_compute(const struct gv_bidset *bs, const size_t *winners, size_t n,
    struct gv_alloc *a, const char *doc, struct gv_err *e)
{
	char p[GV_PATH_MAX], q1[96], q2[96], q3[96];
	long *xor_owner = NULL;
	size_t i, j;
	mpz_t R;
	int rc = GV_INTERNAL;

	clear_rollups(a);
	mpz_init(R);
	mpz_set_ui(a->value, 0);
	a->nrollups = bs->nrollups;
	if ((a->receives = calloc(bs->nrollups, sizeof(*a->receives))) ==
	    NULL || (a->owner = calloc(bs->nrollups, sizeof(long))) == NULL ||
	    (a->winners = calloc(n ? n : 1, sizeof(size_t))) == NULL ||
	    (xor_owner = calloc(bs->nxor ? bs->nxor : 1, sizeof(long))) ==
	    NULL) {
		if (a->receives == NULL)
			a->nrollups = 0;
		else
			for (i = 0; i < bs->nrollups; i++)
				mpz_init(a->receives[i]);
		rc = gv_err_set(e, GV_INTERNAL, doc, NULL, "out of memory");
		goto cleanup;
	}
	for (i = 0; i < bs->nrollups; i++) {
		mpz_init(a->receives[i]);
		a->owner[i] = -1;
	}
	for (i = 0; i < bs->nxor; i++)
		xor_owner[i] = -1;
	/* winners may be NULL when n is 0 (sell nothing): memcpy needs non-NULL */
	if (n > 0)
		memcpy(a->winners, winners, n * sizeof(size_t));
	a->nwinners = n;
	qsort(a->winners, n, sizeof(size_t), sizecmp);
	/* Before the overlap check, which would call a repeat an overlap. */
	for (i = 1; i < n; i++)
		if (a->winners[i] == a->winners[i - 1]) {
			rc = gv_err_set(e, GV_INVALID, doc, NULL,
			    "bid %s wins twice", gv_quote(q1, sizeof(q1),
			    bs->bids[a->winners[i]].id));
			goto cleanup;
		}
	/* Report conflicts in the caller's order, so messages match its document. */
	for (i = 0; i < n; i++) {
		const struct gv_bid *b = &bs->bids[winners[i]];

		gv_path_idx(p, "winners", i);
		for (j = 0; j < b->nbundle; j++) {
			long o = a->owner[b->bundle[j]];

			if (o >= 0) {
				rc = gv_err_set(e, GV_INVALID, doc, p,
				    "bid %s overlaps bid %s on rollup %s",
				    gv_quote(q1, sizeof(q1), b->id),
				    gv_quote(q2, sizeof(q2), bs->bids[o].id),
				    gv_quote(q3, sizeof(q3),
				    bs->rollups[b->bundle[j]].id));
				goto cleanup;
			}
			a->owner[b->bundle[j]] = (long)winners[i];
		}
		if (b->xor_group >= 0) {
			long o = xor_owner[b->xor_group];

			if (o >= 0) {
				rc = gv_err_set(e, GV_INVALID, doc, p,
				    "bid %s and bid %s are both in XOR group %s",
				    gv_quote(q1, sizeof(q1), b->id),
				    gv_quote(q2, sizeof(q2), bs->bids[o].id),
				    gv_quote(q3, sizeof(q3), b->xor));
				goto cleanup;
			}
			xor_owner[b->xor_group] = (long)winners[i];
		}
		mpz_set_ui(R, 0);
		for (j = 0; j < b->nbundle; j++)
			mpz_add(R, R, bs->rollups[b->bundle[j]].reserve);
		if (mpz_cmp(b->amount, R) < 0) {
			rc = gv_err_set(e, GV_INVALID, doc, p,
			    "bid %s is below the sum of the reserves of its "
			    "bundle", gv_quote(q1, sizeof(q1), b->id));
			goto cleanup;
		}
	}
	for (i = 0; i < n; i++) {
		const struct gv_bid *b = &bs->bids[a->winners[i]];

		if (split(bs, b, a) != 0) {
			rc = gv_err_set(e, GV_INTERNAL, doc, NULL,
			    "out of memory");
			goto cleanup;
		}
		mpz_add(a->value, a->value, b->amount);
	}
	for (i = 0; i < bs->nrollups; i++)
		if (a->owner[i] < 0)
			mpz_add(a->value, a->value, bs->rollups[i].reserve);
	rc = GV_OK;
cleanup:
	free(xor_owner);
	mpz_clear(R);
	return rc;
}

int
gv_alloc_order(const struct gv_alloc *a, const struct gv_alloc *b)
{
	size_t i;
	int c;

	if ((c = mpz_cmp(b->value, a->value)) != 0)
		return c;
	if (a->nwinners != b->nwinners)
		return a->nwinners < b->nwinners ? -1 : 1;
	/* bids are stored in id order, so indices compare as ids do */
	for (i = 0; i < a->nwinners; i++)
		if (a->winners[i] != b->winners[i])
			return a->winners[i] < b->winners[i] ? -1 : 1;
	return 0;
}

void
gv_gap_str(char out[16], const mpz_t value, const mpz_t bound)
{
	mpz_t num;
	unsigned g;

	if (mpz_sgn(bound) <= 0 || mpz_cmp(bound, value) <= 0) {
		strcpy(out, "0.000000000");
		return;
	}
	mpz_init(num);
	mpz_sub(num, bound, value);
	mpz_mul_ui(num, num, 1000000000UL);
	mpz_cdiv_q(num, num, bound);
	/* value >= 0, so the gap is at most 1: g <= 10^9 */
	g = (unsigned)mpz_get_ui(num);
	snprintf(out, 16, "%u.%09u", g / 1000000000U % 10, g % 1000000000U);
	mpz_clear(num);
}

static const char *const stop_names[] = { "complete", "time-limit", "signal" };
static const char *const status_names[] = { "optimal", "feasible" };

json_t *
gv_alloc_json(const struct gv_bidset *bs, const struct gv_alloc *a)
{
	json_t *root, *w, *u, *r, *s, *x, *bun;
	char hex[2 * GV_DIGEST_LEN + 1], pk[2 * GV_PK_LEN + 1], gap[16];
	size_t i, j;
	int bad = 0;

	root = json_object();
	w = json_array();
	u = json_array();
	r = json_array();
	s = json_object();
	if (!root || !w || !u || !r || !s)
		goto fail;
	gv_hex(hex, bs->digest, GV_DIGEST_LEN);
	bad |= json_object_set_new(root, "format", json_string(GV_ALLOC_FORMAT));
	bad |= json_object_set_new(root, "marketplace",
	    json_string(bs->marketplace));
	bad |= json_object_set_new(root, "epoch",
	    json_integer((json_int_t)bs->epoch));
	bad |= json_object_set_new(root, "bidset", json_string(hex));
	x = json_object();
	if (!x)
		goto fail;
	bad |= json_object_set_new(x, "first",
	    json_integer((json_int_t)bs->slot_first));
	bad |= json_object_set_new(x, "count",
	    json_integer((json_int_t)bs->slot_count));
	bad |= json_object_set_new(root, "slots", x);
	for (i = 0; i < a->nwinners; i++) {
		const struct gv_bid *b = &bs->bids[a->winners[i]];

		x = json_object();
		bun = json_array();
		if (!x || !bun) {
			json_decref(x);
			json_decref(bun);
			goto fail;
		}
		for (j = 0; j < b->nbundle; j++)
			bad |= json_array_append_new(bun,
			    json_string(bs->rollups[b->bundle[j]].id));
		gv_hex(pk, b->bidder, GV_PK_LEN);
		bad |= json_object_set_new(x, "bid", json_string(b->id));
		bad |= json_object_set_new(x, "bidder", json_string(pk));
		bad |= json_object_set_new(x, "bundle", bun);
		bad |= json_object_set_new(x, "pays", gv_amount_json(b->amount));
		bad |= json_array_append_new(w, x);
	}
	for (i = 0; i < bs->nrollups; i++) {
		if (a->owner[i] < 0)
			bad |= json_array_append_new(u,
			    json_string(bs->rollups[i].id));
		x = json_object();
		if (!x)
			goto fail;
		bad |= json_object_set_new(x, "id",
		    json_string(bs->rollups[i].id));
		bad |= json_object_set_new(x, "receives",
		    gv_amount_json(a->receives[i]));
		bad |= json_array_append_new(r, x);
	}
	bad |= json_object_set_new(root, "winners", w);
	bad |= json_object_set_new(root, "unsold", u);
	bad |= json_object_set_new(root, "rollups", r);
	bad |= json_object_set_new(root, "value", gv_amount_json(a->value));
	gv_gap_str(gap, a->value, a->bound);
	bad |= json_object_set_new(s, "status",
	    json_string(status_names[a->status]));
	bad |= json_object_set_new(s, "stop", json_string(stop_names[a->stop]));
	bad |= json_object_set_new(s, "bound", gv_amount_json(a->bound));
	bad |= json_object_set_new(s, "gap", json_string(gap));
	if (a->stop != GV_STOP_COMPLETE) {
		bad |= json_object_set_new(s, "time_limit_ms",
		    json_integer((json_int_t)a->time_limit_ms));
		bad |= json_object_set_new(s, "time_used_ms",
		    json_integer((json_int_t)a->time_used_ms));
	}
	bad |= json_object_set_new(root, "search", s);
	if (bad) {
		json_decref(root);
		return NULL;
	}
	return root;
fail:
	json_decref(root);
	json_decref(w);
	json_decref(u);
	json_decref(r);
	json_decref(s);
	return NULL;
}

/* ---- the auditor's check ---- */

static const char *const top_req[] = { "format", "marketplace", "epoch",
	"bidset", "slots", "winners", "unsold", "rollups", "value", "search", NULL };
static const char *const win_req[] = { "bid", "bidder", "bundle", "pays",
	NULL };
static const char *const rollup_req[] = { "id", "receives", NULL };
static const char *const search_req[] = { "status", "stop", "bound", "gap",
	NULL };
static const char *const search_opt[] = { "time_limit_ms", "time_used_ms",
	NULL };

static int
name_index(const char *s, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

/* The winners array: well-formed, in id order, each entry true to its bid. */
static int
check_winners(const struct gv_bidset *bs, const json_t *arr, size_t **out,
    size_t *nout, const char *doc, struct gv_err *e)
{
	char p[GV_PATH_MAX], bp[GV_PATH_MAX], q[96];
	unsigned char pk[GV_PK_LEN];
	const char *id, *prev = NULL;
	size_t i, j, n, *w;
	json_t *bun;
	mpz_t pays;
	long bi;
	int rc = GV_OK;

	if (!json_is_array(arr))
		return gv_err_set(e, GV_MALFORMED, doc, "winners",
		    "must be an array");
	n = json_array_size(arr);
	if (n > bs->nrollups)
		return gv_err_set(e, GV_INVALID, doc, "winners",
		    "%zu winners but only %zu rollups", n, bs->nrollups);
	if ((w = calloc(n ? n : 1, sizeof(*w))) == NULL)
		return gv_err_set(e, GV_INTERNAL, doc, NULL, "out of memory");
	mpz_init(pays);
	for (i = 0; i < n; i++) {
		const json_t *x = json_array_get(arr, i);

		gv_path_idx(p, "winners", i);
		if ((rc = gv_obj_keys(x, win_req, NULL, doc, p, e)) ||
		    (rc = gv_get_id(x, "bid", &id, doc, p, e)) ||
		    (rc = gv_get_hex(x, "bidder", pk, GV_PK_LEN, doc, p, e)) ||
		    (rc = gv_get_amount(x, "pays", pays, doc, p, e)))
			goto cleanup;
		if (prev != NULL && strcmp(prev, id) == 0) {
			rc = gv_err_set(e, GV_INVALID, doc, p,
			    "bid %s wins twice", gv_quote(q, sizeof(q), id));
			goto cleanup;
		}
		if (prev != NULL && strcmp(prev, id) > 0) {
			rc = gv_err_set(e, GV_MALFORMED, doc, p,
			    "winner %s is out of order: winners must be "
			    "sorted by bid id", gv_quote(q, sizeof(q), id));
			goto cleanup;
		}
		prev = id;
		if ((bi = gv_bidset_bid(bs, id)) < 0) {
			rc = gv_err_set(e, GV_INVALID, doc, p,
			    "unknown bid %s", gv_quote(q, sizeof(q), id));
			goto cleanup;
		}
		w[i] = (size_t)bi;
		if (memcmp(pk, bs->bids[bi].bidder, GV_PK_LEN) != 0) {
			gv_path_key(bp, p, "bidder");
			rc = gv_err_set(e, GV_INVALID, doc, bp,
			    "is not the bidder of bid %s",
			    gv_quote(q, sizeof(q), id));
			goto cleanup;
		}
		bun = json_object_get(x, "bundle");
		gv_path_key(bp, p, "bundle");
		if (!json_is_array(bun)) {
			rc = gv_err_set(e, GV_MALFORMED, doc, bp,
			    "must be an array");
			goto cleanup;
		}
		if (json_array_size(bun) != bs->bids[bi].nbundle)
			goto bundle_differs;
		for (j = 0; j < json_array_size(bun); j++) {
			json_t *r = json_array_get(bun, j);

			if (!json_is_string(r) || strcmp(json_string_value(r),
			    bs->rollups[bs->bids[bi].bundle[j]].id) != 0)
				goto bundle_differs;
		}
		if (mpz_cmp(pays, bs->bids[bi].amount) != 0) {
			gv_path_key(bp, p, "pays");
			rc = gv_err_set(e, GV_INVALID, doc, bp,
			    "payment differs from the amount of bid %s "
			    "(first price: a winner pays its bid)",
			    gv_quote(q, sizeof(q), id));
			goto cleanup;
		}
		continue;
bundle_differs:
		rc = gv_err_set(e, GV_INVALID, doc, bp,
		    "differs from the bundle of bid %s",
		    gv_quote(q, sizeof(q), id));
		goto cleanup;
	}
cleanup:
	mpz_clear(pays);
	if (rc != GV_OK) {
		free(w);
		return rc;
	}
	*out = w;
	*nout = n;
	return GV_OK;
}

int
gv_alloc_check_rollups(const struct gv_bidset *bs, const struct gv_alloc *a,
    const json_t *unsold, const json_t *rollups, const char *doc,
    struct gv_err *e)
{
	char p[GV_PATH_MAX], rp[GV_PATH_MAX], q[96], q2[96], *want;
	const char *id;
	size_t i, k = 0;
	mpz_t v;
	int rc = GV_OK;

	if (!json_is_array(unsold))
		return gv_err_set(e, GV_MALFORMED, doc, "unsold",
		    "must be an array");
	for (i = 0; i < bs->nrollups; i++) {
		if (a->owner[i] >= 0)
			continue;
		gv_path_idx(p, "unsold", k);
		if (k >= json_array_size(unsold))
			return gv_err_set(e, GV_INVALID, doc, "unsold",
			    "rollup %s is unsold but not listed",
			    gv_quote(q, sizeof(q), bs->rollups[i].id));
		if ((rc = gv_check_id(json_array_get(unsold, k), &id, doc, p,
		    e)))
			return rc;
		if (strcmp(id, bs->rollups[i].id) != 0)
			return gv_err_set(e, GV_INVALID, doc, p,
			    "expected unsold rollup %s, found %s",
			    gv_quote(q, sizeof(q), bs->rollups[i].id),
			    gv_quote(q2, sizeof(q2), id));
		k++;
	}
	if (k != json_array_size(unsold)) {
		gv_path_idx(p, "unsold", k);
		return gv_err_set(e, GV_INVALID, doc, p,
		    "lists a rollup that is sold or unknown");
	}
	if (!json_is_array(rollups))
		return gv_err_set(e, GV_MALFORMED, doc, "rollups",
		    "must be an array");
	if (json_array_size(rollups) != bs->nrollups)
		return gv_err_set(e, GV_INVALID, doc, "rollups",
		    "%zu entries, the bid set has %zu rollups",
		    json_array_size(rollups), bs->nrollups);
	mpz_init(v);
	for (i = 0; i < bs->nrollups; i++) {
		const json_t *x = json_array_get(rollups, i);

		gv_path_idx(p, "rollups", i);
		if ((rc = gv_obj_keys(x, rollup_req, NULL, doc, p, e)) ||
		    (rc = gv_get_id(x, "id", &id, doc, p, e)) ||
		    (rc = gv_get_amount(x, "receives", v, doc, p, e)))
			goto cleanup;
		if (strcmp(id, bs->rollups[i].id) != 0) {
			rc = gv_err_set(e, GV_INVALID, doc, p,
			    "expected rollup %s (the bid set's order)",
			    gv_quote(q, sizeof(q), bs->rollups[i].id));
			goto cleanup;
		}
		if (mpz_cmp(v, a->receives[i]) != 0) {
			want = gv_amount_str(a->receives[i]);
			gv_path_key(rp, p, "receives");
			rc = gv_err_set(e, GV_INVALID, doc, rp,
			    "rollup %s should receive %s", bs->rollups[i].id,
			    want ? want : "?");
			free(want);
			goto cleanup;
		}
	}
cleanup:
	mpz_clear(v);
	return rc;
}

/*
 * Check 12 of formats/allocation.md: one bid that could be added as it is
 * (net > 0, every rollup of its bundle unsold, its XOR group unused by the
 * winners) makes an allocation worth value + net, so the optimum is at
 * least that: "optimal" is false, and so is any bound below it. The first
 * such bid in the bid set's order with value + net > bound is reported.
 */
static int
check_addable(const struct gv_bidset *bs, const struct gv_alloc *a, int st,
    const mpz_t bound, const char *doc, struct gv_err *e)
{
	const struct gv_bid *b;
	unsigned char *xor_used = NULL;
	char q[96], *s = NULL;
	mpz_t with;
	size_t i, j;
	int rc = GV_OK;

	if (bs->nxor > 0 && (xor_used = calloc(bs->nxor, 1)) == NULL)
		return gv_err_set(e, GV_INTERNAL, doc, NULL, "out of memory");
	for (i = 0; i < a->nwinners; i++)
		if (bs->bids[a->winners[i]].xor_group >= 0)
			xor_used[bs->bids[a->winners[i]].xor_group] = 1;
	mpz_init(with);
	for (i = 0; i < bs->nbids; i++) {
		b = &bs->bids[i];
		if (b->xor_group >= 0 && xor_used[b->xor_group])
			continue;
		for (j = 0; j < b->nbundle && a->owner[b->bundle[j]] < 0; j++)
			;
		if (j < b->nbundle)
			continue;
		/* with = value + net(b) = value + amount - its reserves */
		mpz_add(with, a->value, b->amount);
		for (j = 0; j < b->nbundle; j++)
			mpz_sub(with, with, bs->rollups[b->bundle[j]].reserve);
		if (mpz_cmp(with, bound) <= 0)
			continue;
		if ((s = gv_amount_str(with)) == NULL) {
			rc = gv_err_set(e, GV_INTERNAL, doc, NULL,
			    "out of memory");
			break;
		}
		if (st == GV_ST_OPTIMAL)
			rc = gv_err_set(e, GV_INVALID, doc, "search.status",
			    "status is optimal but bid %s can be added as it "
			    "is (its rollups unsold, its XOR group unused), "
			    "which makes the value %s",
			    gv_quote(q, sizeof(q), b->id), s);
		else
			rc = gv_err_set(e, GV_INVALID, doc, "search.bound",
			    "is below %s, the value with bid %s added as it "
			    "is (its rollups unsold, its XOR group unused)", s,
			    gv_quote(q, sizeof(q), b->id));
		break;
	}
	free(s);
	mpz_clear(with);
	free(xor_used);
	return rc;
}

int
gv_alloc_check_search(const struct gv_bidset *bs, const struct gv_alloc *a,
    const json_t *s, const char *doc, struct gv_err *e)
{
	const char *status, *stop, *gap;
	char want[16], q[96];
	uint64_t t;
	mpz_t bound;
	int st, sp, rc, timed;

	if ((rc = gv_obj_keys(s, search_req, search_opt, doc, "search", e)) ||
	    (rc = gv_get_str(s, "status", &status, doc, "search", e)) ||
	    (rc = gv_get_str(s, "stop", &stop, doc, "search", e)) ||
	    (rc = gv_get_str(s, "gap", &gap, doc, "search", e)))
		return rc;
	if ((st = name_index(status, status_names, 2)) < 0)
		return gv_err_set(e, GV_MALFORMED, doc, "search.status",
		    "unknown status %s", gv_quote(q, sizeof(q), status));
	if ((sp = name_index(stop, stop_names, 3)) < 0)
		return gv_err_set(e, GV_MALFORMED, doc, "search.stop",
		    "unknown stop %s", gv_quote(q, sizeof(q), stop));
	timed = sp != GV_STOP_COMPLETE;
	if (timed != (json_object_get(s, "time_limit_ms") != NULL) ||
	    timed != (json_object_get(s, "time_used_ms") != NULL))
		return gv_err_set(e, GV_MALFORMED, doc, "search",
		    "time_limit_ms and time_used_ms are present exactly "
		    "when stop is not \"complete\"");
	if (timed && ((rc = gv_get_uint(s, "time_limit_ms", GV_INT_MAX, &t,
	    doc, "search", e)) || (rc = gv_get_uint(s, "time_used_ms",
	    GV_INT_MAX, &t, doc, "search", e))))
		return rc;
	mpz_init(bound);
	if ((rc = gv_get_amount(s, "bound", bound, doc, "search", e)))
		goto cleanup;
	if (mpz_cmp(bound, a->value) < 0) {
		rc = gv_err_set(e, GV_INVALID, doc, "search.bound",
		    "is below the value of the allocation");
		goto cleanup;
	}
	if (st == GV_ST_OPTIMAL && mpz_cmp(bound, a->value) != 0) {
		rc = gv_err_set(e, GV_INVALID, doc, "search.bound",
		    "status is optimal but the bound is above the value");
		goto cleanup;
	}
	if (st == GV_ST_OPTIMAL && sp != GV_STOP_COMPLETE) {
		rc = gv_err_set(e, GV_INVALID, doc, "search.status",
		    "status is optimal but the search did not complete");
		goto cleanup;
	}
	gv_gap_str(want, a->value, bound);
	if (strcmp(gap, want) != 0) {
		rc = gv_err_set(e, GV_INVALID, doc, "search.gap",
		    "is %s, (bound - value) / bound rounded up is \"%s\"",
		    gv_quote(q, sizeof(q), gap), want);
		goto cleanup;
	}
	rc = check_addable(bs, a, st, bound, doc, e);
cleanup:
	mpz_clear(bound);
	return rc;
}

int
gv_alloc_check_head(const json_t *doc, const char *const *keys,
    const char *format, const char *marketplace, uint64_t epoch,
    const unsigned char digest[GV_DIGEST_LEN], uint64_t slot_first,
    uint64_t slot_count, const char *docname, struct gv_err *e)
{
	static const char *const slots_keys[] = { "first", "count", NULL };
	unsigned char dg[GV_DIGEST_LEN];
	const char *mkt;
	uint64_t ep, first, count;
	char q[96];
	int rc;

	if ((rc = gv_obj_keys(doc, keys, NULL, docname, NULL, e)) ||
	    (rc = gv_get_format(doc, format, docname, NULL, e)) ||
	    (rc = gv_get_id(doc, "marketplace", &mkt, docname, NULL, e)) ||
	    (rc = gv_get_uint(doc, "epoch", GV_INT_MAX, &ep, docname, NULL,
	    e)) ||
	    (rc = gv_get_hex(doc, "bidset", dg, GV_DIGEST_LEN, docname, NULL,
	    e)))
		return rc;
	if (strcmp(mkt, marketplace) != 0)
		return gv_err_set(e, GV_INVALID, docname, "marketplace",
		    "allocation is for marketplace %s, the bid set for \"%s\"",
		    gv_quote(q, sizeof(q), mkt), marketplace);
	if (ep != epoch)
		return gv_err_set(e, GV_INVALID, docname, "epoch",
		    "allocation is for epoch %ju, the bid set for epoch %ju",
		    (uintmax_t)ep, (uintmax_t)epoch);
	if (memcmp(dg, digest, GV_DIGEST_LEN) != 0)
		return gv_err_set(e, GV_INVALID, docname, "bidset",
		    "digest does not match the bid set");
	if ((rc = gv_obj_keys(json_object_get(doc, "slots"), slots_keys, NULL,
	    docname, "slots", e)) ||
	    (rc = gv_get_uint(json_object_get(doc, "slots"), "first",
	    GV_INT_MAX, &first, docname, "slots", e)) ||
	    (rc = gv_get_uint(json_object_get(doc, "slots"), "count",
	    GV_INT_MAX, &count, docname, "slots", e)))
		return rc;
	if (first != slot_first || count != slot_count)
		return gv_err_set(e, GV_INVALID, docname, "slots",
		    "differ from the slots of the bid set");
	return GV_OK;
}

int
gv_alloc_check(const struct gv_bidset *bs, const json_t *doc,
    const char *docname, struct gv_err *e)
{
	char *want;
	struct gv_alloc a;
	size_t *w = NULL, nw = 0;
	mpz_t v;
	int rc;

	gv_alloc_init(&a);
	mpz_init(v);
	if ((rc = gv_alloc_check_head(doc, top_req, GV_ALLOC_FORMAT,
	    bs->marketplace, bs->epoch, bs->digest, bs->slot_first,
	    bs->slot_count, docname, e)))
		goto cleanup;
	if ((rc = check_winners(bs, json_object_get(doc, "winners"), &w, &nw,
	    docname, e)) ||
	    (rc = gv_alloc_compute(bs, w, nw, &a, docname, e)) ||
	    (rc = gv_alloc_check_rollups(bs, &a, json_object_get(doc, "unsold"),
	    json_object_get(doc, "rollups"), docname, e)) ||
	    (rc = gv_get_amount(doc, "value", v, docname, NULL, e)))
		goto cleanup;
	if (mpz_cmp(v, a.value) != 0) {
		want = gv_amount_str(a.value);
		rc = gv_err_set(e, GV_INVALID, docname, "value",
		    "is not the value of the allocation, which is %s",
		    want ? want : "?");
		free(want);
		goto cleanup;
	}
	rc = gv_alloc_check_search(bs, &a, json_object_get(doc, "search"), docname,
	    e);
cleanup:
	free(w);
	mpz_clear(v);
	gv_alloc_free(&a);
	return rc;
}
