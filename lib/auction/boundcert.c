/* boundcert.c: the bound certificate document and its exact check (formats/bound-certificate.md) */
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "boundcert.h"
#include "canon.h"
#include "json.h"

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

int
gv_rational_parse(mpq_t out, const char *s, const char *doc,
    const char *path, struct gv_err *e)
{
	const char *num = s, *slash, *den = NULL;
	size_t nlen, dlen = 0;
	char q[96], *buf = NULL;
	int neg = 0, rc;

	if (*num == '-') {
		neg = 1;
		num++;
	}
	slash = strchr(num, '/');
	nlen = slash ? (size_t)(slash - num) : strlen(num);
	if (slash) {
		den = slash + 1;
		dlen = strlen(den);
	}
	if (!all_digits(num, nlen) || (slash && !all_digits(den, dlen)))
		return gv_err_set(e, GV_MALFORMED, doc, path,
		    "bad rational %s: expected N or N/D in decimal digits, "
		    "with an optional leading \"-\"", gv_quote(q, sizeof(q), s));
	if (nlen > GV_RATIONAL_MAX_DIGITS || dlen > GV_RATIONAL_MAX_DIGITS)
		return gv_err_set(e, GV_MALFORMED, doc, path,
		    "rational has %zu digits in one part, the limit is %d",
		    nlen > dlen ? nlen : dlen, GV_RATIONAL_MAX_DIGITS);
	if ((nlen > 1 && num[0] == '0') || (slash && den[0] == '0' &&
	    dlen > 1))
		return gv_err_set(e, GV_MALFORMED, doc, path,
		    "rational has a leading zero");
	if (neg && nlen == 1 && num[0] == '0')
		return gv_err_set(e, GV_MALFORMED, doc, path,
		    "rational zero must be written \"0\"");
	if (slash && dlen == 1 && (den[0] == '0' || den[0] == '1'))
		return gv_err_set(e, GV_MALFORMED, doc, path,
		    "rational denominator must be greater than 1");
	/* s is NUL-terminated and all digits: the parts parse as they are */
	if ((buf = strdup(s)) == NULL)
		return gv_err_set(e, GV_INTERNAL, doc, NULL, "out of memory");
	if (slash)
		buf[slash - s] = '\0';
	mpz_set_str(mpq_numref(out), buf + neg, 10);
	if (neg)
		mpz_neg(mpq_numref(out), mpq_numref(out));
	mpz_set_ui(mpq_denref(out), 1);
	if (slash)
		mpz_set_str(mpq_denref(out), buf + (slash - s) + 1, 10);
	free(buf);
	rc = GV_OK;
	if (slash) {
		mpz_t g;

		mpz_init(g);
		mpz_gcd(g, mpq_numref(out), mpq_denref(out));
		if (mpz_cmp_ui(g, 1) != 0)
			rc = gv_err_set(e, GV_MALFORMED, doc, path,
			    "rational is not in lowest terms");
		mpz_clear(g);
	}
	return rc;
}

char *
gv_rational_str(const mpq_t v)
{
	return mpq_get_str(NULL, 10, v);
}

int
gv_bids_conflict(const struct gv_bidset *bs, size_t a, size_t b)
{
	const struct gv_bid *x = &bs->bids[a], *y = &bs->bids[b];
	size_t i = 0, j = 0;

	if (x->xor_group >= 0 && x->xor_group == y->xor_group)
		return 1;
	/* both bundles are ascending: one merge finds a shared rollup */
	while (i < x->nbundle && j < y->nbundle) {
		if (x->bundle[i] == y->bundle[j])
			return 1;
		if (x->bundle[i] < y->bundle[j])
			i++;
		else
			j++;
	}
	return 0;
}

/* ---- the check ---- */

static const char *const top_req[] = { "format", "marketplace", "epoch",
	"bidset", "allocation", "bound", "rollups", "xor", "cliques", "cycles",
	NULL };
static const char *const rollup_req[] = { "id", "price", NULL };
static const char *const xor_req[] = { "group", "price", NULL };
static const char *const clique_req[] = { "bids", "price", NULL };
static const char *const cycle_req[] = { "bids", "price", NULL };

/* State of one check: prices summed, covers per bid. */
struct ck {
	const struct gv_bidset *bs;
	const char *doc;
	struct gv_err *e;
	mpq_t *cover;		/* per bid: prices of the rows it is in */
	mpq_t *rprice;		/* per rollup */
	mpq_t sum;		/* all prices */
	const char **xname;	/* per XOR group index: its name */
	size_t *xsorted;	/* XOR group indices by name */
};

static const struct ck *sort_ck;

static int
xcmp(const void *a, const void *b)
{
	return strcmp(sort_ck->xname[*(const size_t *)a],
	    sort_ck->xname[*(const size_t *)b]);
}

static long
xor_find(const struct ck *c, const char *name)
{
	size_t lo = 0, hi = c->bs->nxor;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int k = strcmp(name, c->xname[c->xsorted[mid]]);

		if (k == 0)
			return (long)c->xsorted[mid];
		if (k < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* A price: a rational string, then not negative. */
static int
get_price(struct ck *c, const json_t *obj, const char *path, mpq_t out,
    int *negative)
{
	char p[GV_PATH_MAX];
	json_t *v = json_object_get(obj, "price");

	gv_path_key(p, path, "price");
	if (!json_is_string(v))
		return gv_err_set(c->e, GV_MALFORMED, c->doc, p,
		    "must be a string");
	*negative = 0;
	if (gv_rational_parse(out, json_string_value(v), c->doc, p, c->e))
		return c->e->code;
	*negative = mpq_sgn(out) < 0;
	return GV_OK;
}

static int
negative_price(struct ck *c, const char *path)
{
	char p[GV_PATH_MAX];

	gv_path_key(p, path, "price");
	return gv_err_set(c->e, GV_INVALID, c->doc, p, "is negative");
}

static int
check_rollups(struct ck *c, const json_t *arr)
{
	char p[GV_PATH_MAX], q[96];
	const char *id, *prev = NULL;
	size_t i;
	mpq_t v;
	long r;
	int rc = GV_OK, neg;

	if (!json_is_array(arr))
		return gv_err_set(c->e, GV_MALFORMED, c->doc, "rollups",
		    "must be an array");
	mpq_init(v);
	for (i = 0; i < json_array_size(arr); i++) {
		const json_t *x = json_array_get(arr, i);

		gv_path_idx(p, "rollups", i);
		if ((rc = gv_obj_keys(x, rollup_req, NULL, c->doc, p, c->e)) ||
		    (rc = gv_get_id(x, "id", &id, c->doc, p, c->e)) ||
		    (rc = get_price(c, x, p, v, &neg)))
			goto cleanup;
		if (prev != NULL && strcmp(prev, id) >= 0) {
			rc = gv_err_set(c->e, GV_MALFORMED, c->doc, p,
			    "rollup %s is out of order: entries must be sorted "
			    "by id, without repeats", gv_quote(q, sizeof(q), id));
			goto cleanup;
		}
		prev = id;
		if ((r = gv_bidset_rollup(c->bs, id)) < 0) {
			rc = gv_err_set(c->e, GV_INVALID, c->doc, p,
			    "unknown rollup %s", gv_quote(q, sizeof(q), id));
			goto cleanup;
		}
		if (neg) {
			rc = negative_price(c, p);
			goto cleanup;
		}
		mpq_set(c->rprice[r], v);
		mpq_add(c->sum, c->sum, v);
	}
cleanup:
	mpq_clear(v);
	return rc;
}

static int
check_xor(struct ck *c, const json_t *arr, mpq_t *xprice)
{
	char p[GV_PATH_MAX], q[96];
	const char *id, *prev = NULL;
	size_t i;
	mpq_t v;
	long g;
	int rc = GV_OK, neg;

	if (!json_is_array(arr))
		return gv_err_set(c->e, GV_MALFORMED, c->doc, "xor",
		    "must be an array");
	mpq_init(v);
	for (i = 0; i < json_array_size(arr); i++) {
		const json_t *x = json_array_get(arr, i);

		gv_path_idx(p, "xor", i);
		if ((rc = gv_obj_keys(x, xor_req, NULL, c->doc, p, c->e)) ||
		    (rc = gv_get_id(x, "group", &id, c->doc, p, c->e)) ||
		    (rc = get_price(c, x, p, v, &neg)))
			goto cleanup;
		if (prev != NULL && strcmp(prev, id) >= 0) {
			rc = gv_err_set(c->e, GV_MALFORMED, c->doc, p,
			    "XOR group %s is out of order: entries must be "
			    "sorted by group, without repeats",
			    gv_quote(q, sizeof(q), id));
			goto cleanup;
		}
		prev = id;
		if ((g = xor_find(c, id)) < 0) {
			rc = gv_err_set(c->e, GV_INVALID, c->doc, p,
			    "unknown XOR group %s", gv_quote(q, sizeof(q), id));
			goto cleanup;
		}
		if (neg) {
			rc = negative_price(c, p);
			goto cleanup;
		}
		mpq_set(xprice[g], v);
		mpq_add(c->sum, c->sum, v);
	}
cleanup:
	mpq_clear(v);
	return rc;
}

/* Bid lists element by element in byte order, a proper prefix first. */
static int
listcmp(const json_t *a, const json_t *b)
{
	size_t i, na = json_array_size(a), nb = json_array_size(b);
	int k;

	for (i = 0; i < na && i < nb; i++)
		if ((k = strcmp(json_string_value(json_array_get(a, i)),
		    json_string_value(json_array_get(b, i)))) != 0)
			return k;
	return na < nb ? -1 : na > nb;
}

/* One clique: members known, pairwise in conflict; its price added to their covers. */
static int
check_clique(struct ck *c, const json_t *x, const char *p, size_t *members,
    size_t *total, const json_t *prevbids, mpq_t v)
{
	char bp[GV_PATH_MAX], ep[GV_PATH_MAX], q[96], q2[96];
	const json_t *bids;
	const char *id, *prev = NULL;
	size_t j, k, n;
	long b;
	int rc, neg;

	if ((rc = gv_obj_keys(x, clique_req, NULL, c->doc, p, c->e)))
		return rc;
	bids = json_object_get(x, "bids");
	gv_path_key(bp, p, "bids");
	if (!json_is_array(bids))
		return gv_err_set(c->e, GV_MALFORMED, c->doc, bp,
		    "must be an array");
	n = json_array_size(bids);
	if (n == 0)
		return gv_err_set(c->e, GV_MALFORMED, c->doc, bp,
		    "must not be empty");
	if (n > GV_BOUNDCERT_MAX_CLIQUE)
		return gv_err_set(c->e, GV_MALFORMED, c->doc, bp,
		    "%zu bids in one clique, the limit is %d", n,
		    GV_BOUNDCERT_MAX_CLIQUE);
	*total += n;
	if (*total > GV_BOUNDCERT_MAX_MEMBERS)
		return gv_err_set(c->e, GV_MALFORMED, c->doc, bp,
		    "the cliques list more than %d bids in all",
		    GV_BOUNDCERT_MAX_MEMBERS);
	for (j = 0; j < n; j++) {
		gv_path_idx(ep, bp, j);
		if ((rc = gv_check_id(json_array_get(bids, j), &id, c->doc, ep,
		    c->e)))
			return rc;
		if (prev != NULL && strcmp(prev, id) >= 0)
			return gv_err_set(c->e, GV_MALFORMED, c->doc, ep,
			    "bid %s is out of order: a clique must be sorted "
			    "by bid id, without repeats",
			    gv_quote(q, sizeof(q), id));
		prev = id;
	}
	if (prevbids != NULL && listcmp(prevbids, bids) >= 0)
		return gv_err_set(c->e, GV_MALFORMED, c->doc, p,
		    "out of order: cliques must be sorted by their bid lists, "
		    "without repeats");
	if ((rc = get_price(c, x, p, v, &neg)))
		return rc;
	for (j = 0; j < n; j++) {
		id = json_string_value(json_array_get(bids, j));
		if ((b = gv_bidset_bid(c->bs, id)) < 0) {
			gv_path_idx(ep, bp, j);
			return gv_err_set(c->e, GV_INVALID, c->doc, ep,
			    "unknown bid %s", gv_quote(q, sizeof(q), id));
		}
		members[j] = (size_t)b;
	}
	if (neg)
		return negative_price(c, p);
	for (j = 0; j < n; j++)
		for (k = j + 1; k < n; k++)
			if (!gv_bids_conflict(c->bs, members[j], members[k]))
				return gv_err_set(c->e, GV_INVALID, c->doc, p,
				    "bids %s and %s share no rollup and no "
				    "XOR group", gv_quote(q, sizeof(q),
				    c->bs->bids[members[j]].id),
				    gv_quote(q2, sizeof(q2),
				    c->bs->bids[members[k]].id));
	for (j = 0; j < n; j++)
		mpq_add(c->cover[members[j]], c->cover[members[j]], v);
	mpq_add(c->sum, c->sum, v);
	return GV_OK;
}

static int
check_cliques(struct ck *c, const json_t *arr)
{
	char p[GV_PATH_MAX];
	size_t i, total = 0, *members;
	mpq_t v;
	int rc = GV_OK;

	if (!json_is_array(arr))
		return gv_err_set(c->e, GV_MALFORMED, c->doc, "cliques",
		    "must be an array");
	if (json_array_size(arr) > GV_BOUNDCERT_MAX_CLIQUES)
		return gv_err_set(c->e, GV_MALFORMED, c->doc, "cliques",
		    "%zu cliques, the limit is %d", json_array_size(arr),
		    GV_BOUNDCERT_MAX_CLIQUES);
	if ((members = calloc(GV_BOUNDCERT_MAX_CLIQUE, sizeof(size_t))) ==
	    NULL)
		return gv_err_set(c->e, GV_INTERNAL, c->doc, NULL,
		    "out of memory");
	mpq_init(v);
	for (i = 0; i < json_array_size(arr) && rc == GV_OK; i++) {
		gv_path_idx(p, "cliques", i);
		rc = check_clique(c, json_array_get(arr, i), p, members,
		    &total, i > 0 ? json_object_get(json_array_get(arr, i - 1),
		    "bids") : NULL, v);
	}
	mpq_clear(v);
	free(members);
	return rc;
}

/*
 * One odd cycle: 3 or more bids, an odd number, each in conflict with the
 * next and the last with the first; at most (k - 1) / 2 of them win. One
 * spelling: it starts at its smallest id and goes on to its smaller
 * neighbour.
 */
static int
check_cycle(struct ck *c, const json_t *x, const char *p, size_t *members,
    size_t *total, const json_t *prevbids, mpq_t v)
{
	char bp[GV_PATH_MAX], ep[GV_PATH_MAX], q[96], q2[96];
	const json_t *bids;
	const char *id, *first;
	size_t j, k, n;
	long b;
	int rc, neg;

	if ((rc = gv_obj_keys(x, cycle_req, NULL, c->doc, p, c->e)))
		return rc;
	bids = json_object_get(x, "bids");
	gv_path_key(bp, p, "bids");
	if (!json_is_array(bids))
		return gv_err_set(c->e, GV_MALFORMED, c->doc, bp,
		    "must be an array");
	n = json_array_size(bids);
	if (n < 3 || n % 2 == 0 || n > GV_BOUNDCERT_MAX_CLIQUE)
		return gv_err_set(c->e, GV_MALFORMED, c->doc, bp,
		    "%zu bids: a cycle has an odd number of bids, 3 to %d", n,
		    GV_BOUNDCERT_MAX_CLIQUE - 1);
	*total += n;
	if (*total > GV_BOUNDCERT_MAX_MEMBERS)
		return gv_err_set(c->e, GV_MALFORMED, c->doc, bp,
		    "the cycles list more than %d bids in all",
		    GV_BOUNDCERT_MAX_MEMBERS);
	for (j = 0; j < n; j++) {
		gv_path_idx(ep, bp, j);
		if ((rc = gv_check_id(json_array_get(bids, j), &id, c->doc, ep,
		    c->e)))
			return rc;
		for (k = 0; k < j; k++)
			if (strcmp(json_string_value(json_array_get(bids, k)),
			    id) == 0)
				return gv_err_set(c->e, GV_MALFORMED, c->doc,
				    ep, "bid %s repeated in the cycle",
				    gv_quote(q, sizeof(q), id));
	}
	first = json_string_value(json_array_get(bids, 0));
	for (j = 1; j < n; j++)
		if (strcmp(json_string_value(json_array_get(bids, j)),
		    first) < 0)
			break;
	if (j < n || strcmp(json_string_value(json_array_get(bids, 1)),
	    json_string_value(json_array_get(bids, n - 1))) > 0)
		return gv_err_set(c->e, GV_MALFORMED, c->doc, bp,
		    "a cycle starts at its smallest bid id and goes on to the "
		    "smaller of its two neighbours");
	if (prevbids != NULL && listcmp(prevbids, bids) >= 0)
		return gv_err_set(c->e, GV_MALFORMED, c->doc, p,
		    "out of order: cycles must be sorted by their bid lists, "
		    "without repeats");
	if ((rc = get_price(c, x, p, v, &neg)))
		return rc;
	for (j = 0; j < n; j++) {
		id = json_string_value(json_array_get(bids, j));
		if ((b = gv_bidset_bid(c->bs, id)) < 0) {
			gv_path_idx(ep, bp, j);
			return gv_err_set(c->e, GV_INVALID, c->doc, ep,
			    "unknown bid %s", gv_quote(q, sizeof(q), id));
		}
		members[j] = (size_t)b;
	}
	if (neg)
		return negative_price(c, p);
	for (j = 0; j < n; j++)
		if (!gv_bids_conflict(c->bs, members[j], members[(j + 1) % n]))
			return gv_err_set(c->e, GV_INVALID, c->doc, p,
			    "bids %s and %s share no rollup and no XOR group",
			    gv_quote(q, sizeof(q), c->bs->bids[members[j]].id),
			    gv_quote(q2, sizeof(q2),
			    c->bs->bids[members[(j + 1) % n]].id));
	for (j = 0; j < n; j++)
		mpq_add(c->cover[members[j]], c->cover[members[j]], v);
	/* the cycle's bound is (n - 1) / 2: its price counts that often */
	for (j = 0; j < (n - 1) / 2; j++)
		mpq_add(c->sum, c->sum, v);
	return GV_OK;
}

static int
check_cycles(struct ck *c, const json_t *arr)
{
	char p[GV_PATH_MAX];
	size_t i, total = 0, *members;
	mpq_t v;
	int rc = GV_OK;

	if (!json_is_array(arr))
		return gv_err_set(c->e, GV_MALFORMED, c->doc, "cycles",
		    "must be an array");
	if (json_array_size(arr) > GV_BOUNDCERT_MAX_CLIQUES)
		return gv_err_set(c->e, GV_MALFORMED, c->doc, "cycles",
		    "%zu cycles, the limit is %d", json_array_size(arr),
		    GV_BOUNDCERT_MAX_CLIQUES);
	if ((members = calloc(GV_BOUNDCERT_MAX_CLIQUE, sizeof(size_t))) ==
	    NULL)
		return gv_err_set(c->e, GV_INTERNAL, c->doc, NULL,
		    "out of memory");
	mpq_init(v);
	for (i = 0; i < json_array_size(arr) && rc == GV_OK; i++) {
		gv_path_idx(p, "cycles", i);
		rc = check_cycle(c, json_array_get(arr, i), p, members,
		    &total, i > 0 ? json_object_get(json_array_get(arr, i - 1),
		    "bids") : NULL, v);
	}
	mpq_clear(v);
	free(members);
	return rc;
}

/* Every bid above its reserves is covered by the prices of its rows. */
static int
check_covers(struct ck *c, mpq_t *xprice)
{
	const struct gv_bidset *bs = c->bs;
	char q[96], *ns = NULL, *ps = NULL;
	mpq_t net;
	size_t i, j;
	int rc = GV_OK;

	mpq_init(net);
	for (i = 0; i < bs->nbids && rc == GV_OK; i++) {
		const struct gv_bid *b = &bs->bids[i];

		mpq_set_z(net, b->amount);
		for (j = 0; j < b->nbundle; j++) {
			mpz_sub(mpq_numref(net), mpq_numref(net),
			    bs->rollups[b->bundle[j]].reserve);
			mpq_add(c->cover[i], c->cover[i],
			    c->rprice[b->bundle[j]]);
		}
		if (b->xor_group >= 0)
			mpq_add(c->cover[i], c->cover[i], xprice[b->xor_group]);
		if (mpq_sgn(net) <= 0 || mpq_cmp(c->cover[i], net) >= 0)
			continue;
		ns = gv_rational_str(net);
		ps = gv_rational_str(c->cover[i]);
		rc = gv_err_set(c->e, GV_INVALID, c->doc, NULL,
		    "bid %s is not covered: its net value %s exceeds %s, the "
		    "sum of the prices of its rollups, XOR group, cliques and "
		    "cycles",
		    gv_quote(q, sizeof(q), b->id), ns ? ns : "?",
		    ps ? ps : "?");
	}
	free(ns);
	free(ps);
	mpq_clear(net);
	return rc;
}

static int
check_links(struct ck *c, const json_t *alloc, const json_t *cert)
{
	const struct gv_bidset *bs = c->bs;
	unsigned char dg[GV_DIGEST_LEN], ad[GV_DIGEST_LEN];
	const char *mkt;
	char q[96];
	uint64_t epoch;
	int rc;

	if ((rc = gv_obj_keys(cert, top_req, NULL, c->doc, NULL, c->e)) ||
	    (rc = gv_get_format(cert, GV_BOUNDCERT_FORMAT, c->doc, NULL,
	    c->e)) ||
	    (rc = gv_get_id(cert, "marketplace", &mkt, c->doc, NULL, c->e)) ||
	    (rc = gv_get_uint(cert, "epoch", GV_INT_MAX, &epoch, c->doc, NULL,
	    c->e)) ||
	    (rc = gv_get_hex(cert, "bidset", dg, GV_DIGEST_LEN, c->doc, NULL,
	    c->e)) ||
	    (rc = gv_get_hex(cert, "allocation", ad, GV_DIGEST_LEN, c->doc,
	    NULL, c->e)))
		return rc;
	if (strcmp(mkt, bs->marketplace) != 0)
		return gv_err_set(c->e, GV_INVALID, c->doc, "marketplace",
		    "certificate is for marketplace %s, the bid set for \"%s\"",
		    gv_quote(q, sizeof(q), mkt), bs->marketplace);
	if (epoch != bs->epoch)
		return gv_err_set(c->e, GV_INVALID, c->doc, "epoch",
		    "certificate is for epoch %ju, the bid set for epoch %ju",
		    (uintmax_t)epoch, (uintmax_t)bs->epoch);
	if (memcmp(dg, bs->digest, GV_DIGEST_LEN) != 0)
		return gv_err_set(c->e, GV_INVALID, c->doc, "bidset",
		    "digest does not match the bid set");
	if (gv_digest(dg, "allocation", bs->marketplace, bs->epoch, alloc) !=
	    GV_OK)
		return gv_err_set(c->e, GV_INTERNAL, c->doc, NULL,
		    "cannot compute the allocation's digest");
	if (memcmp(dg, ad, GV_DIGEST_LEN) != 0)
		return gv_err_set(c->e, GV_INVALID, c->doc, "allocation",
		    "digest does not match the allocation");
	return GV_OK;
}

int
gv_boundcert_check(const struct gv_bidset *bs, const json_t *alloc,
    const json_t *cert, const char *docname, mpz_t bound, struct gv_err *e)
{
	struct ck c;
	mpq_t *xprice = NULL;
	mpz_t claimed, fl;
	size_t i;
	char *ss = NULL, *fs = NULL, *cs = NULL;
	int rc;

	memset(&c, 0, sizeof(c));
	c.bs = bs;
	c.doc = docname;
	c.e = e;
	mpq_init(c.sum);
	mpz_inits(claimed, fl, NULL);
	c.cover = calloc(bs->nbids ? bs->nbids : 1, sizeof(mpq_t));
	c.rprice = calloc(bs->nrollups, sizeof(mpq_t));
	xprice = calloc(bs->nxor ? bs->nxor : 1, sizeof(mpq_t));
	c.xname = calloc(bs->nxor ? bs->nxor : 1, sizeof(char *));
	c.xsorted = calloc(bs->nxor ? bs->nxor : 1, sizeof(size_t));
	if (!c.cover || !c.rprice || !xprice || !c.xname || !c.xsorted) {
		free(c.cover);
		free(c.rprice);
		free(xprice);
		c.cover = c.rprice = xprice = NULL;
		rc = gv_err_set(e, GV_INTERNAL, docname, NULL, "out of memory");
		goto cleanup;
	}
	for (i = 0; i < bs->nbids; i++) {
		mpq_init(c.cover[i]);
		if (bs->bids[i].xor_group >= 0)
			c.xname[bs->bids[i].xor_group] = bs->bids[i].xor;
	}
	for (i = 0; i < bs->nrollups; i++)
		mpq_init(c.rprice[i]);
	for (i = 0; i < bs->nxor; i++) {
		mpq_init(xprice[i]);
		c.xsorted[i] = i;
	}
	/* qsort has no context argument; checks run one at a time */
	sort_ck = &c;
	qsort(c.xsorted, bs->nxor, sizeof(size_t), xcmp);
	sort_ck = NULL;
	if ((rc = check_links(&c, alloc, cert)) ||
	    (rc = gv_get_amount(cert, "bound", claimed, docname, NULL, e)) ||
	    (rc = check_rollups(&c, json_object_get(cert, "rollups"))) ||
	    (rc = check_xor(&c, json_object_get(cert, "xor"), xprice)) ||
	    (rc = check_cliques(&c, json_object_get(cert, "cliques"))) ||
	    (rc = check_cycles(&c, json_object_get(cert, "cycles"))) ||
	    (rc = check_covers(&c, xprice)))
		goto cleanup;
	/* sum = reserves + prices; the bound is its floor */
	mpz_set_ui(fl, 0);
	for (i = 0; i < bs->nrollups; i++)
		mpz_add(fl, fl, bs->rollups[i].reserve);
	{
		mpq_t r;

		mpq_init(r);
		mpq_set_z(r, fl);
		mpq_add(c.sum, c.sum, r);
		mpq_clear(r);
	}
	mpz_fdiv_q(fl, mpq_numref(c.sum), mpq_denref(c.sum));
	if (mpz_cmp(fl, claimed) != 0) {
		cs = gv_amount_str(claimed);
		ss = gv_rational_str(c.sum);
		fs = gv_amount_str(fl);
		rc = gv_err_set(e, GV_INVALID, docname, "bound",
		    "is %s, but the reserves and prices add up to %s, whose "
		    "floor is %s", cs ? cs : "?", ss ? ss : "?", fs ? fs : "?");
		goto cleanup;
	}
	mpz_set(bound, fl);
cleanup:
	free(cs);
	free(ss);
	free(fs);
	if (c.cover != NULL) {
		for (i = 0; i < bs->nbids; i++)
			mpq_clear(c.cover[i]);
		for (i = 0; i < bs->nrollups; i++)
			mpq_clear(c.rprice[i]);
		for (i = 0; i < bs->nxor; i++)
			mpq_clear(xprice[i]);
	}
	free(c.cover);
	free(c.rprice);
	free(xprice);
	free(c.xname);
	free(c.xsorted);
	mpq_clear(c.sum);
	mpz_clears(claimed, fl, NULL);
	return rc;
}
