/* lottery_bidset.c: the lottery bid set, gavel.bidset.v4 (formats/bidset-lottery.md) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "lottery.h"
#include "lottery_bidset.h"

static const char *const top_req[] = { "format", "marketplace", "epoch",
	"slots", "mode", "lottery", "rollups", "purchases", NULL };
static const char *const slots_req[] = { "first", "count", NULL };
static const char *const lot_req[] = { "price", "target", "max_change_bps",
	"floor", "beacon", NULL };
static const char *const beacon_req[] = { "kind", "rollup", "slot", NULL };
static const char *const rollup_req[] = { "id", "reserve", NULL };
static const char *const pur_req[] = { "id", "bidder", "bundle", "tickets",
	"sig", NULL };
static const char *const pur_opt[] = { "xor", NULL };

int
gv_bidset_is_lottery(const json_t *root)
{
	const char *f = json_string_value(json_object_get(root, "format"));

	return f != NULL && strcmp(f, GV_BIDSET_FORMAT_V4) == 0;
}

static int
parse_lottery(struct gv_lottery_bidset *lb, const json_t *l,
    struct gv_err *e)
{
	const json_t *b;
	const char *kind;
	char q[96];
	uint64_t v;
	int rc;

	if ((rc = gv_obj_keys(l, lot_req, NULL, lb->doc, "lottery", e)) ||
	    (rc = gv_get_amount(l, "price", lb->price, lb->doc, "lottery",
	    e)) ||
	    (rc = gv_get_uint(l, "target", GV_INT_MAX, &lb->target, lb->doc,
	    "lottery", e)))
		return rc;
	if (lb->target == 0)
		return gv_err_set(e, GV_MALFORMED, lb->doc, "lottery.target",
		    "must be at least 1");
	if ((rc = gv_get_uint(l, "max_change_bps", GV_INT_MAX, &v, lb->doc,
	    "lottery", e)))
		return rc;
	if (v < 1 || v > GV_LOTTERY_MAX_CHANGE_BPS)
		return gv_err_set(e, GV_MALFORMED, lb->doc,
		    "lottery.max_change_bps", "must be between 1 and 10000");
	lb->max_change_bps = (unsigned)v;
	if ((rc = gv_get_amount(l, "floor", lb->floor, lb->doc, "lottery",
	    e)))
		return rc;
	b = json_object_get(l, "beacon");
	if ((rc = gv_obj_keys(b, beacon_req, NULL, lb->doc, "lottery.beacon",
	    e)) ||
	    (rc = gv_get_str(b, "kind", &kind, lb->doc, "lottery.beacon", e)))
		return rc;
	if (strcmp(kind, "certified-block") != 0)
		return gv_err_set(e, GV_MALFORMED, lb->doc,
		    "lottery.beacon.kind", "unknown beacon kind %s, expected "
		    "\"certified-block\"", gv_quote(q, sizeof(q), kind));
	if ((rc = gv_get_id(b, "rollup", &lb->beacon_rollup, lb->doc,
	    "lottery.beacon", e)) ||
	    (rc = gv_get_uint(b, "slot", GV_INT_MAX, &lb->beacon_slot,
	    lb->doc, "lottery.beacon", e)))
		return rc;
	if (lb->beacon_slot >= lb->slot_first)
		return gv_err_set(e, GV_MALFORMED, lb->doc,
		    "lottery.beacon.slot", "must be below slots.first (%ju): "
		    "the beacon must come after the purchases",
		    (uintmax_t)lb->slot_first);
	return GV_OK;
}

static int
parse_rollups(struct gv_lottery_bidset *lb, const json_t *arr,
    struct gv_err *e)
{
	char p[GV_PATH_MAX];
	size_t i, n;
	int rc;

	if (!json_is_array(arr))
		return gv_err_set(e, GV_MALFORMED, lb->doc, "rollups",
		    "must be an array");
	if ((n = json_array_size(arr)) == 0)
		return gv_err_set(e, GV_MALFORMED, lb->doc, "rollups",
		    "must not be empty");
	if (n > GV_LOTTERY_MAX_ROLLUPS)
		return gv_err_set(e, GV_MALFORMED, lb->doc, "rollups",
		    "%zu rollups, the limit is %d", n, GV_LOTTERY_MAX_ROLLUPS);
	if ((lb->rollups = calloc(n, sizeof(*lb->rollups))) == NULL)
		return gv_err_set(e, GV_INTERNAL, lb->doc, NULL,
		    "out of memory");
	for (i = 0; i < n; i++) {
		const json_t *r = json_array_get(arr, i);
		struct gv_rollup *ro = &lb->rollups[i];

		mpz_init(ro->reserve);
		lb->nrollups = i + 1;
		gv_path_idx(p, "rollups", i);
		if ((rc = gv_obj_keys(r, rollup_req, NULL, lb->doc, p, e)) ||
		    (rc = gv_get_id(r, "id", &ro->id, lb->doc, p, e)) ||
		    (rc = gv_get_amount(r, "reserve", ro->reserve, lb->doc, p,
		    e)) ||
		    (rc = gv_check_order(i ? lb->rollups[i - 1].id : NULL, ro->id,
		    "rollup", lb->doc, p, e)))
			return rc;
	}
	return GV_OK;
}

static int
parse_bundle(struct gv_lottery_bidset *lb, struct gv_purchase *pu,
    const json_t *arr, const char *ppath, struct gv_err *e)
{
	char p[GV_PATH_MAX];

	gv_path_key(p, ppath, "bundle");
	return gv_bundle_parse(arr, lb->rollups, lb->nrollups, lb->doc, p,
	    &pu->bundle, &pu->nbundle, e);
}

static int
parse_purchases(struct gv_lottery_bidset *lb, const json_t *arr,
    struct gv_err *e)
{
	char p[GV_PATH_MAX], tp[GV_PATH_MAX];
	size_t i, n;
	int rc;

	if (!json_is_array(arr))
		return gv_err_set(e, GV_MALFORMED, lb->doc, "purchases",
		    "must be an array");
	if ((n = json_array_size(arr)) > GV_LOTTERY_MAX_PURCHASES)
		return gv_err_set(e, GV_MALFORMED, lb->doc, "purchases",
		    "%zu purchases, the limit is %d", n,
		    GV_LOTTERY_MAX_PURCHASES);
	if (n > 0 && (lb->purchases = calloc(n, sizeof(*lb->purchases))) ==
	    NULL)
		return gv_err_set(e, GV_INTERNAL, lb->doc, NULL,
		    "out of memory");
	for (i = 0; i < n; i++) {
		const json_t *b = json_array_get(arr, i);
		struct gv_purchase *pu = &lb->purchases[i];

		lb->npurchases = i + 1;
		pu->group = -1;
		gv_path_idx(p, "purchases", i);
		if ((rc = gv_obj_keys(b, pur_req, pur_opt, lb->doc, p, e)) ||
		    (rc = gv_get_id(b, "id", &pu->id, lb->doc, p, e)) ||
		    (rc = gv_check_order(i ? lb->purchases[i - 1].id : NULL,
		    pu->id, "purchase", lb->doc, p, e)) ||
		    (rc = gv_get_hex(b, "bidder", pu->bidder, GV_PK_LEN,
		    lb->doc, p, e)) ||
		    (rc = parse_bundle(lb, pu, json_object_get(b, "bundle"), p,
		    e)) ||
		    (rc = gv_get_uint(b, "tickets", GV_INT_MAX, &pu->tickets,
		    lb->doc, p, e)))
			return rc;
		if (pu->tickets == 0) {
			gv_path_key(tp, p, "tickets");
			return gv_err_set(e, GV_MALFORMED, lb->doc, tp,
			    "must be at least 1");
		}
		if (json_object_get(b, "xor") != NULL &&
		    (rc = gv_get_id(b, "xor", &pu->xor, lb->doc, p, e)))
			return rc;
		if ((rc = gv_get_hex(b, "sig", pu->sig, GV_SIG_LEN, lb->doc, p,
		    e)))
			return rc;
	}
	return GV_OK;
}

/*
 * Purchases are sorted through pointers into one array, so that a
 * comparison needs no context (reentrant) and ties fall to the index.
 */
static int
bundle_cmp(const struct gv_purchase *a, const struct gv_purchase *b)
{
	return gv_bundle_cmp(a->bundle, a->nbundle, b->bundle, b->nbundle);
}

/* Bundle order, then the bid set's order. */
static int
by_bundle(const void *x, const void *y)
{
	const struct gv_purchase *a = *(const struct gv_purchase *const *)x;
	const struct gv_purchase *b = *(const struct gv_purchase *const *)y;
	int c = bundle_cmp(a, b);

	if (c != 0)
		return c;
	return a < b ? -1 : a > b;
}

/* XOR group (bidder key, then name in byte order), then the bid set's order. */
static int
by_group(const void *x, const void *y)
{
	const struct gv_purchase *a = *(const struct gv_purchase *const *)x;
	const struct gv_purchase *b = *(const struct gv_purchase *const *)y;
	int c = memcmp(a->bidder, b->bidder, GV_PK_LEN);

	if (c != 0)
		return c;
	if ((c = strcmp(a->xor, b->xor)) != 0)
		return c;
	return a < b ? -1 : a > b;
}

/* Whether two purchases with an xor are in one XOR group. */
static int
same_group(const struct gv_purchase *a, const struct gv_purchase *b)
{
	return memcmp(a->bidder, b->bidder, GV_PK_LEN) == 0 &&
	    strcmp(a->xor, b->xor) == 0;
}

/* Number the XOR groups and the bundles. */
static int
index_bundles(struct gv_lottery_bidset *lb, struct gv_err *e)
{
	const struct gv_purchase **ord;
	size_t i, k, n = lb->npurchases, ng = 0;
	int rc = GV_OK;

	if ((ord = calloc(n ? n : 1, sizeof(*ord))) == NULL)
		return gv_err_set(e, GV_INTERNAL, lb->doc, NULL,
		    "out of memory");
	/* groups: pairs (bidder, xor) */
	for (i = 0; i < n; i++)
		if (lb->purchases[i].xor != NULL)
			ord[ng++] = &lb->purchases[i];
	qsort(ord, ng, sizeof(*ord), by_group);
	lb->ngroups = 0;
	for (i = 0; i < ng; i++) {
		if (i > 0 && !same_group(ord[i - 1], ord[i]))
			lb->ngroups++;
		lb->purchases[ord[i] - lb->purchases].group =
		    (long)lb->ngroups;
	}
	if (ng > 0)
		lb->ngroups++;
	/* bundles */
	for (i = 0; i < n; i++)
		ord[i] = &lb->purchases[i];
	qsort(ord, n, sizeof(*ord), by_bundle);
	if (n > 0 && (lb->bundles = calloc(n, sizeof(*lb->bundles))) ==
	    NULL) {
		rc = gv_err_set(e, GV_INTERNAL, lb->doc, NULL, "out of memory");
		goto cleanup;
	}
	for (i = 0; i < n; i = k) {
		struct gv_lottery_bundle *bu = &lb->bundles[lb->nbundles++];
		const struct gv_purchase *f = ord[i];

		for (k = i + 1; k < n && bundle_cmp(f, ord[k]) == 0; k++)
			;
		bu->rollups = f->bundle;
		bu->nrollups = f->nbundle;
		if ((bu->purchases = calloc(k - i, sizeof(size_t))) == NULL ||
		    (bu->groups = calloc(k - i, sizeof(size_t))) == NULL) {
			rc = gv_err_set(e, GV_INTERNAL, lb->doc, NULL,
			    "out of memory");
			goto cleanup;
		}
		for (; i < k; i++) {
			size_t pi = (size_t)(ord[i] - lb->purchases);

			bu->purchases[bu->npurchases++] = pi;
			lb->purchases[pi].bundle_ix = lb->nbundles - 1;
		}
	}
cleanup:
	free(ord);
	return rc;
}

static int
in_list(const size_t *l, size_t n, size_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (l[i] == v)
			return 1;
	return 0;
}

static int
sizecmp(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return a < b ? -1 : a > b;
}

/*
 * Check 9 in purchase order: all tickets together stay an exact JSON
 * integer (so does every bundle's), and a bundle's rollups and distinct
 * XOR groups fit one bid of the solved auction (64).
 */
static int
check_limits(struct gv_lottery_bidset *lb, struct gv_err *e)
{
	char p[GV_PATH_MAX], q[96];
	size_t i;

	lb->sold = 0;
	for (i = 0; i < lb->npurchases; i++) {
		const struct gv_purchase *pu = &lb->purchases[i];
		struct gv_lottery_bundle *bu = &lb->bundles[pu->bundle_ix];

		gv_path_idx(p, "purchases", i);
		if (pu->tickets > GV_INT_MAX - lb->sold) {
			strncat(p, ".tickets", GV_PATH_MAX - strlen(p) - 1);
			return gv_err_set(e, GV_MALFORMED, lb->doc, p,
			    "the purchases hold more than 2^53-1 tickets");
		}
		lb->sold += pu->tickets;
		bu->tickets += pu->tickets;
		if (pu->group < 0 || in_list(bu->groups, bu->ngroups,
		    (size_t)pu->group))
			continue;
		if (bu->nrollups + bu->ngroups + 1 > GV_MAX_BUNDLE) {
			strncat(p, ".xor", GV_PATH_MAX - strlen(p) - 1);
			return gv_err_set(e, GV_MALFORMED, lb->doc, p,
			    "bundle %s has %zu rollups and %zu XOR groups, "
			    "the limit is %d in all", gv_quote(q, sizeof(q),
			    bu->name), bu->nrollups, bu->ngroups + 1,
			    GV_MAX_BUNDLE);
		}
		bu->groups[bu->ngroups++] = (size_t)pu->group;
	}
	for (i = 0; i < lb->nbundles; i++)
		qsort(lb->bundles[i].groups, lb->bundles[i].ngroups,
		    sizeof(size_t), sizecmp);
	return GV_OK;
}

static int
name_bundles(struct gv_lottery_bidset *lb, struct gv_err *e)
{
	size_t i, j, len;

	for (i = 0; i < lb->nbundles; i++) {
		struct gv_lottery_bundle *bu = &lb->bundles[i];

		for (len = 1, j = 0; j < bu->nrollups; j++)
			len += strlen(lb->rollups[bu->rollups[j]].id) + 1;
		if ((bu->name = malloc(len)) == NULL)
			return gv_err_set(e, GV_INTERNAL, lb->doc, NULL,
			    "out of memory");
		bu->name[0] = '\0';
		for (j = 0; j < bu->nrollups; j++) {
			if (j > 0)
				strcat(bu->name, "+");
			strcat(bu->name, lb->rollups[bu->rollups[j]].id);
		}
	}
	return GV_OK;
}

static int
check_totals(const struct gv_lottery_bidset *lb, struct gv_err *e)
{
	mpz_t sum, lim;
	size_t i;
	int over;

	mpz_inits(sum, lim, NULL);
	gv_lottery_times_price(sum, lb->price, lb->sold);
	for (i = 0; i < lb->nrollups; i++)
		mpz_add(sum, sum, lb->rollups[i].reserve);
	mpz_ui_pow_ui(lim, 2, 256);
	over = mpz_cmp(sum, lim) >= 0;
	mpz_clears(sum, lim, NULL);
	if (over)
		return gv_err_set(e, GV_MALFORMED, lb->doc, NULL,
		    "all reserves and ticket amounts add up to 2^256 or more");
	return GV_OK;
}

void
gv_lottery_times_price(mpz_t out, const mpz_t price, uint64_t tickets)
{
	mpz_set_ui(out, (unsigned long)(tickets >> 32));
	mpz_mul_2exp(out, out, 32);
	mpz_add_ui(out, out, (unsigned long)(tickets & 0xffffffffu));
	mpz_mul(out, out, price);
}

/* One auction over the bundles; with_groups adds the XOR groups as rollups. */
static int
make_auction(struct gv_lottery_bidset *lb, struct gv_bidset *bs,
    int with_groups, struct gv_err *e)
{
	size_t nr = lb->nrollups + (with_groups ? lb->ngroups : 0), i, j;

	memset(bs, 0, sizeof(*bs));
	bs->doc = lb->doc;
	bs->marketplace = lb->marketplace;
	bs->epoch = lb->epoch;
	bs->slot_first = lb->slot_first;
	bs->slot_count = lb->slot_count;
	bs->version = 3;
	memcpy(bs->digest, lb->digest, GV_DIGEST_LEN);
	if ((bs->rollups = calloc(nr, sizeof(*bs->rollups))) == NULL ||
	    (lb->nbundles > 0 && (bs->bids = calloc(lb->nbundles,
	    sizeof(*bs->bids))) == NULL))
		return gv_err_set(e, GV_INTERNAL, lb->doc, NULL,
		    "out of memory");
	for (i = 0; i < nr; i++) {
		mpz_init(bs->rollups[i].reserve);
		bs->nrollups = i + 1;
		if (i < lb->nrollups) {
			bs->rollups[i].id = lb->rollups[i].id;
			mpz_set(bs->rollups[i].reserve,
			    lb->rollups[i].reserve);
		} else
			bs->rollups[i].id = lb->group_ids +
			    (i - lb->nrollups) * 24;
	}
	for (i = 0; i < lb->nbundles; i++) {
		const struct gv_lottery_bundle *bu = &lb->bundles[i];
		struct gv_bid *b = &bs->bids[i];
		size_t n = bu->nrollups + (with_groups ? bu->ngroups : 0);

		mpz_init(b->amount);
		bs->nbids = i + 1;
		b->id = bu->name;
		b->xor = NULL;
		b->xor_group = -1;
		gv_lottery_times_price(b->amount, lb->price, bu->tickets);
		if ((b->bundle = calloc(n, sizeof(size_t))) == NULL)
			return gv_err_set(e, GV_INTERNAL, lb->doc, NULL,
			    "out of memory");
		for (j = 0; j < bu->nrollups; j++)
			b->bundle[j] = bu->rollups[j];
		for (j = bu->nrollups; j < n; j++)
			b->bundle[j] = lb->nrollups + bu->groups[j -
			    bu->nrollups];
		b->nbundle = n;
	}
	return GV_OK;
}

static int
parse_top(struct gv_lottery_bidset *lb, struct gv_err *e)
{
	const json_t *root = lb->root, *slots;
	const char *mode;
	char q[96];
	size_t i;
	int rc;

	if ((rc = gv_obj_keys(root, top_req, NULL, lb->doc, NULL, e)) ||
	    (rc = gv_get_format(root, GV_BIDSET_FORMAT_V4, lb->doc, NULL, e)) ||
	    (rc = gv_get_id(root, "marketplace", &lb->marketplace, lb->doc,
	    NULL, e)) ||
	    (rc = gv_get_uint(root, "epoch", GV_INT_MAX, &lb->epoch, lb->doc,
	    NULL, e)))
		return rc;
	slots = json_object_get(root, "slots");
	if ((rc = gv_obj_keys(slots, slots_req, NULL, lb->doc, "slots", e)) ||
	    (rc = gv_get_uint(slots, "first", GV_INT_MAX, &lb->slot_first,
	    lb->doc, "slots", e)) ||
	    (rc = gv_get_uint(slots, "count", GV_INT_MAX, &lb->slot_count,
	    lb->doc, "slots", e)))
		return rc;
	if (lb->slot_count == 0 || lb->slot_count > GV_LOTTERY_MAX_SLOTS)
		return gv_err_set(e, GV_MALFORMED, lb->doc, "slots.count",
		    "must be between 1 and %d", GV_LOTTERY_MAX_SLOTS);
	if (lb->slot_first + lb->slot_count - 1 > GV_INT_MAX)
		return gv_err_set(e, GV_MALFORMED, lb->doc, "slots",
		    "last slot (first + count - 1) exceeds 2^53-1");
	if ((rc = gv_get_str(root, "mode", &mode, lb->doc, NULL, e)))
		return rc;
	if (strcmp(mode, "lottery") != 0)
		return gv_err_set(e, GV_MALFORMED, lb->doc, "mode",
		    "unknown mode %s, expected \"lottery\"",
		    gv_quote(q, sizeof(q), mode));
	if ((rc = parse_lottery(lb, json_object_get(root, "lottery"), e)) ||
	    (rc = parse_rollups(lb, json_object_get(root, "rollups"), e)) ||
	    (rc = parse_purchases(lb, json_object_get(root, "purchases"),
	    e)) ||
	    (rc = index_bundles(lb, e)) ||
	    (rc = name_bundles(lb, e)) ||
	    (rc = check_limits(lb, e)) ||
	    (rc = check_totals(lb, e)))
		return rc;
	if (gv_digest(lb->digest, "bidset", lb->marketplace, lb->epoch,
	    root) != GV_OK)
		return gv_err_set(e, GV_INTERNAL, lb->doc, NULL,
		    "cannot compute the digest");
	/* the XOR groups' rollups: ids above every identifier ("~") */
	if ((lb->group_ids = calloc(lb->ngroups ? lb->ngroups : 1, 24)) ==
	    NULL)
		return gv_err_set(e, GV_INTERNAL, lb->doc, NULL,
		    "out of memory");
	for (i = 0; i < lb->ngroups; i++)
		snprintf(lb->group_ids + i * 24, 24, "~g%06zu", i);
	if ((rc = make_auction(lb, &lb->solve, 1, e)) ||
	    (rc = make_auction(lb, &lb->plain, 0, e)))
		return rc;
	return GV_OK;
}

int
gv_lottery_bidset_from_json(json_t *root, const char *doc,
    struct gv_lottery_bidset *lb, struct gv_err *e)
{
	int rc;

	memset(lb, 0, sizeof(*lb));
	lb->root = root;
	lb->doc = doc;
	mpz_inits(lb->price, lb->floor, NULL);
	if ((rc = parse_top(lb, e)) != GV_OK)
		return rc;
	return GV_OK;
}

int
gv_lottery_bidset_load(const char *file, struct gv_lottery_bidset *lb,
    struct gv_err *e)
{
	static const struct gv_json_bound bound = { "a bid set",
		GV_BIDSET_MAX_VALUES, GV_BIDSET_MAX_CONTAINERS };
	json_t *root;
	int rc;

	memset(lb, 0, sizeof(*lb));
	if ((rc = gv_json_load_bounded(file, GV_BIDSET_MAX_BYTES, &bound,
	    &root, e)) != GV_OK)
		return rc;
	return gv_lottery_bidset_from_json(root, file, lb, e);
}

/* The signed object: the purchase without "sig", plus the bid set's "lottery". */
static int
purchase_digest(const json_t *purchase, const json_t *lottery,
    const char *marketplace, uint64_t epoch, unsigned char out[GV_DIGEST_LEN])
{
	json_t *copy;
	int rc;

	if ((copy = json_copy((json_t *)purchase)) == NULL)
		return GV_INTERNAL;
	json_object_del(copy, "sig");
	if (json_object_set(copy, "lottery", (json_t *)lottery) != 0) {
		json_decref(copy);
		return GV_INTERNAL;
	}
	rc = gv_digest(out, "purchase", marketplace, epoch, copy);
	json_decref(copy);
	return rc;
}

int
gv_purchase_digest(const struct gv_lottery_bidset *lb, size_t i,
    unsigned char out[GV_DIGEST_LEN])
{
	return purchase_digest(json_array_get(json_object_get(lb->root,
	    "purchases"), i), json_object_get(lb->root, "lottery"),
	    lb->marketplace, lb->epoch, out);
}

int
gv_purchase_sign(json_t *purchase, const json_t *lottery,
    const char *marketplace, uint64_t epoch, const unsigned char sk[GV_SK_LEN])
{
	unsigned char d[GV_DIGEST_LEN], sig[GV_SIG_LEN];
	char hex[2 * GV_SIG_LEN + 1];

	json_object_del(purchase, "sig");
	if (purchase_digest(purchase, lottery, marketplace, epoch, d) != GV_OK)
		return GV_INTERNAL;
	gv_sig_sign(sk, d, sizeof(d), sig);
	gv_hex(hex, sig, GV_SIG_LEN);
	return json_object_set_new(purchase, "sig", json_string(hex)) == 0 ?
	    GV_OK : GV_INTERNAL;
}

int
gv_lottery_verify_sigs(const struct gv_lottery_bidset *lb, struct gv_err *e)
{
	unsigned char d[GV_DIGEST_LEN];
	char p[GV_PATH_MAX], q[96];
	size_t i;

	for (i = 0; i < lb->npurchases; i++) {
		if (gv_purchase_digest(lb, i, d) != GV_OK)
			return gv_err_set(e, GV_INTERNAL, lb->doc, NULL,
			    "cannot compute a purchase digest");
		if (!gv_sig_verify(lb->purchases[i].bidder, d, sizeof(d),
		    lb->purchases[i].sig)) {
			gv_path_idx(p, "purchases", i);
			strncat(p, ".sig", GV_PATH_MAX - strlen(p) - 1);
			return gv_err_set(e, GV_INVALID, lb->doc, p,
			    "signature of purchase %s does not verify",
			    gv_quote(q, sizeof(q), lb->purchases[i].id));
		}
	}
	return GV_OK;
}

void
gv_lottery_bidset_free(struct gv_lottery_bidset *lb)
{
	size_t i;

	if (lb->root == NULL && lb->rollups == NULL) {
		memset(lb, 0, sizeof(*lb));
		return;
	}
	gv_bidset_free(&lb->solve);
	gv_bidset_free(&lb->plain);
	for (i = 0; i < lb->nrollups; i++)
		mpz_clear(lb->rollups[i].reserve);
	for (i = 0; i < lb->npurchases; i++)
		free(lb->purchases[i].bundle);
	for (i = 0; i < lb->nbundles; i++) {
		free(lb->bundles[i].name);
		free(lb->bundles[i].purchases);
		free(lb->bundles[i].groups);
	}
	free(lb->bundles);
	free(lb->rollups);
	free(lb->purchases);
	free(lb->group_ids);
	mpz_clears(lb->price, lb->floor, NULL);
	json_decref(lb->root);
	memset(lb, 0, sizeof(*lb));
}
