/* bidset.c: the bid set document (formats/bidset.md) */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "bidset.h"
#include "cores.h"
#include "json.h"

static const char *const top_req[] = { "format", "marketplace", "epoch",
	"slots", "mode", "finder_fee", "rollups", "bids", NULL };
static const char *const slots_req[] = { "first", "count", NULL };
static const char *const fee_req[] = { "bps", "min_improvement", NULL };
static const char *const fee_req_v2[] = { "bps", "min_improvement", "cap",
	"window", NULL };
static const char *const rollup_req[] = { "id", "reserve", NULL };
static const char *const bid_req[] = { "id", "bidder", "bundle", "amount",
	"sig", NULL };
static const char *const bid_opt[] = { "xor", NULL };

/* Both gv_rollup and gv_bid start with their id, so one comparison serves. */
static int
idcmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

size_t
gv_bidset_max_rollups(unsigned v)
{
	return v >= 3 ? GV_MAX_ROLLUPS_V3 : GV_MAX_ROLLUPS;
}

size_t
gv_bidset_max_bids(unsigned v)
{
	return v >= 3 ? GV_MAX_BIDS_V3 : GV_MAX_BIDS;
}

long
gv_bidset_rollup(const struct gv_bidset *bs, const char *id)
{
	const struct gv_rollup *r;

	if (bs->nrollups == 0)
		return -1;
	r = bsearch(id, bs->rollups, bs->nrollups, sizeof(*r), idcmp);
	return r ? (long)(r - bs->rollups) : -1;
}

long
gv_bidset_bid(const struct gv_bidset *bs, const char *id)
{
	const struct gv_bid *b;

	if (bs->nbids == 0)
		return -1;
	b = bsearch(id, bs->bids, bs->nbids, sizeof(*b), idcmp);
	return b ? (long)(b - bs->bids) : -1;
}

int
gv_bundle_cmp(const size_t *a, size_t na, const size_t *b, size_t nb)
{
	size_t i;

	for (i = 0; i < na && i < nb; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return na < nb ? -1 : na > nb;
}

void
gv_bid_net(const struct gv_bidset *bs, const struct gv_bid *b, mpz_t out)
{
	size_t j;

	mpz_set(out, b->amount);
	for (j = 0; j < b->nbundle; j++)
		mpz_sub(out, out, bs->rollups[b->bundle[j]].reserve);
}

int
gv_check_order(const char *prev, const char *cur, const char *what,
    const char *doc, const char *path, struct gv_err *e)
{
	char q[96];
	int c;

	if (prev == NULL)
		return GV_OK;
	c = strcmp(prev, cur);
	if (c == 0)
		return gv_err_set(e, GV_MALFORMED, doc, path, "duplicate %s %s",
		    what, gv_quote(q, sizeof(q), cur));
	if (c > 0)
		return gv_err_set(e, GV_MALFORMED, doc, path,
		    "%s %s is out of order: %ss must be sorted by id in "
		    "ascending byte order", what, gv_quote(q, sizeof(q), cur),
		    what);
	return GV_OK;
}

static int
parse_rollups(struct gv_bidset *bs, const json_t *arr, struct gv_err *e)
{
	char p[GV_PATH_MAX];
	size_t i, n;
	int rc;

	if (!json_is_array(arr))
		return gv_err_set(e, GV_MALFORMED, bs->doc, "rollups",
		    "must be an array");
	n = json_array_size(arr);
	if (n == 0)
		return gv_err_set(e, GV_MALFORMED, bs->doc, "rollups",
		    "must not be empty");
	if (n > gv_bidset_max_rollups(bs->version))
		return gv_err_set(e, GV_MALFORMED, bs->doc, "rollups",
		    "%zu rollups, the limit is %zu", n,
		    gv_bidset_max_rollups(bs->version));
	if ((bs->rollups = calloc(n, sizeof(*bs->rollups))) == NULL)
		return gv_err_set(e, GV_INTERNAL, bs->doc, NULL,
		    "out of memory");
	for (i = 0; i < n; i++) {
		const json_t *r = json_array_get(arr, i);
		struct gv_rollup *ro = &bs->rollups[i];

		mpz_init(ro->reserve);
		bs->nrollups = i + 1;
		gv_path_idx(p, "rollups", i);
		if ((rc = gv_obj_keys(r, rollup_req, NULL, bs->doc, p, e)) ||
		    (rc = gv_get_id(r, "id", &ro->id, bs->doc, p, e)) ||
		    (rc = gv_get_amount(r, "reserve", ro->reserve, bs->doc, p,
		    e)))
			return rc;
		if ((rc = gv_check_order(i ? bs->rollups[i - 1].id : NULL, ro->id,
		    "rollup", bs->doc, p, e)))
			return rc;
	}
	return GV_OK;
}

int
gv_bundle_parse(const json_t *arr, const struct gv_rollup *rollups,
    size_t nrollups, const char *doc, const char *p, size_t **bundle,
    size_t *nbundle, struct gv_err *e)
{
	char q[96];
	const char *id, *prev = NULL;
	const struct gv_rollup *r;
	size_t i, n;
	int rc;

	if (!json_is_array(arr))
		return gv_err_set(e, GV_MALFORMED, doc, p, "must be an array");
	n = json_array_size(arr);
	if (n == 0)
		return gv_err_set(e, GV_MALFORMED, doc, p, "empty bundle");
	if (n > GV_MAX_BUNDLE)
		return gv_err_set(e, GV_MALFORMED, doc, p,
		    "%zu rollups in one bundle, the limit is %d", n,
		    GV_MAX_BUNDLE);
	if ((*bundle = calloc(n, sizeof(**bundle))) == NULL)
		return gv_err_set(e, GV_INTERNAL, doc, NULL, "out of memory");
	for (i = 0; i < n; i++) {
		char ep[GV_PATH_MAX];

		gv_path_idx(ep, p, i);
		if ((rc = gv_check_id(json_array_get(arr, i), &id, doc, ep,
		    e)))
			return rc;
		r = nrollups == 0 ? NULL : bsearch(id, rollups, nrollups,
		    sizeof(*r), idcmp);
		if (r == NULL)
			return gv_err_set(e, GV_MALFORMED, doc, ep,
			    "unknown rollup %s", gv_quote(q, sizeof(q), id));
		if (prev != NULL && strcmp(prev, id) == 0)
			return gv_err_set(e, GV_MALFORMED, doc, ep,
			    "rollup %s repeated in the bundle",
			    gv_quote(q, sizeof(q), id));
		if (prev != NULL && strcmp(prev, id) > 0)
			return gv_err_set(e, GV_MALFORMED, doc, ep,
			    "rollup %s is out of order: a bundle must be "
			    "sorted in ascending byte order",
			    gv_quote(q, sizeof(q), id));
		(*bundle)[i] = (size_t)(r - rollups);
		*nbundle = i + 1;
		prev = id;
	}
	return GV_OK;
}

static int
parse_bundle(struct gv_bidset *bs, struct gv_bid *b, const json_t *arr,
    const char *bpath, struct gv_err *e)
{
	char p[GV_PATH_MAX];

	gv_path_key(p, bpath, "bundle");
	return gv_bundle_parse(arr, bs->rollups, bs->nrollups, bs->doc, p,
	    &b->bundle, &b->nbundle, e);
}

struct xref {
	const char *name;
	size_t bid;
};

static int
xrefcmp(const void *a, const void *b)
{
	const struct xref *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return x->bid < y->bid ? -1 : x->bid > y->bid;
}

static int
number_xor_groups(struct gv_bidset *bs, struct gv_err *e)
{
	struct xref *x;
	size_t i, n = 0;

	if ((x = calloc(bs->nbids ? bs->nbids : 1, sizeof(*x))) == NULL)
		return gv_err_set(e, GV_INTERNAL, bs->doc, NULL,
		    "out of memory");
	for (i = 0; i < bs->nbids; i++) {
		bs->bids[i].xor_group = -1;
		if (bs->bids[i].xor != NULL) {
			x[n].name = bs->bids[i].xor;
			x[n].bid = i;
			n++;
		}
	}
	qsort(x, n, sizeof(*x), xrefcmp);
	bs->nxor = 0;
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(x[i - 1].name, x[i].name) != 0)
			bs->nxor++;
		bs->bids[x[i].bid].xor_group = (long)bs->nxor;
	}
	if (n > 0)
		bs->nxor++;
	free(x);
	return GV_OK;
}

static int
parse_bids(struct gv_bidset *bs, const json_t *arr, struct gv_err *e)
{
	char p[GV_PATH_MAX];
	size_t i, n;
	int rc;

	if (!json_is_array(arr))
		return gv_err_set(e, GV_MALFORMED, bs->doc, "bids",
		    "must be an array");
	n = json_array_size(arr);
	if (n > gv_bidset_max_bids(bs->version))
		return gv_err_set(e, GV_MALFORMED, bs->doc, "bids",
		    "%zu bids, the limit is %zu", n,
		    gv_bidset_max_bids(bs->version));
	if (n > 0 && (bs->bids = calloc(n, sizeof(*bs->bids))) == NULL)
		return gv_err_set(e, GV_INTERNAL, bs->doc, NULL,
		    "out of memory");
	for (i = 0; i < n; i++) {
		const json_t *b = json_array_get(arr, i);
		struct gv_bid *bi = &bs->bids[i];

		mpz_init(bi->amount);
		bs->nbids = i + 1;
		gv_path_idx(p, "bids", i);
		if ((rc = gv_obj_keys(b, bid_req, bid_opt, bs->doc, p, e)) ||
		    (rc = gv_get_id(b, "id", &bi->id, bs->doc, p, e)) ||
		    (rc = gv_check_order(i ? bs->bids[i - 1].id : NULL, bi->id,
		    "bid", bs->doc, p, e)) ||
		    (rc = gv_get_hex(b, "bidder", bi->bidder, GV_PK_LEN,
		    bs->doc, p, e)) ||
		    (rc = parse_bundle(bs, bi, json_object_get(b, "bundle"), p,
		    e)) ||
		    (rc = gv_get_amount(b, "amount", bi->amount, bs->doc, p,
		    e)))
			return rc;
		if (json_object_get(b, "xor") != NULL &&
		    (rc = gv_get_id(b, "xor", &bi->xor, bs->doc, p, e)))
			return rc;
		if ((rc = gv_get_hex(b, "sig", bi->sig, GV_SIG_LEN, bs->doc,
		    p, e)))
			return rc;
	}
	return number_xor_groups(bs, e);
}

/*
 * Every value and bound an allocation can state is at most the sum of all
 * reserves and all bid amounts; keeping that sum below 2^256 keeps them
 * amounts, writable in a document.
 */
static int
check_totals(const struct gv_bidset *bs, struct gv_err *e)
{
	mpz_t sum, lim;
	size_t i;
	int over;

	mpz_inits(sum, lim, NULL);
	for (i = 0; i < bs->nrollups; i++)
		mpz_add(sum, sum, bs->rollups[i].reserve);
	for (i = 0; i < bs->nbids; i++)
		mpz_add(sum, sum, bs->bids[i].amount);
	mpz_ui_pow_ui(lim, 2, 256);
	over = mpz_cmp(sum, lim) >= 0;
	mpz_clears(sum, lim, NULL);
	if (over)
		return gv_err_set(e, GV_MALFORMED, bs->doc, NULL,
		    "all reserves and bid amounts add up to 2^256 or more");
	return GV_OK;
}

/*
 * The format tag picks the version; each version's extra fields are parsed
 * where they sit (finder_fee) and its limits in gv_bidset_max_*, so a later
 * version (a lottery mode) adds a case here and its fields there, and v1
 * keeps its meaning.
 */
static int
parse_version(struct gv_bidset *bs, struct gv_err *e)
{
	const char *f;
	char q[96];
	int rc;

	if ((rc = gv_get_str(bs->root, "format", &f, bs->doc, NULL, e)))
		return rc;
	if (strcmp(f, GV_BIDSET_FORMAT) == 0)
		bs->version = 1;
	else if (strcmp(f, GV_BIDSET_FORMAT_V2) == 0)
		bs->version = 2;
	else if (strcmp(f, GV_BIDSET_FORMAT_V3) == 0)
		bs->version = 3;
	else
		return gv_err_set(e, GV_MALFORMED, bs->doc, "format",
		    "unsupported format %s, expected \"%s\", \"%s\" or "
		    "\"%s\"", gv_quote(q, sizeof(q), f), GV_BIDSET_FORMAT,
		    GV_BIDSET_FORMAT_V2, GV_BIDSET_FORMAT_V3);
	return GV_OK;
}

static int
parse_top(struct gv_bidset *bs, struct gv_err *e)
{
	const json_t *root = bs->root, *slots, *fee;
	char q[96];
	const char *mode;
	uint64_t bps;
	int rc;

	/* a lottery bid set has other keys: say what it is first */
	if (json_is_string(json_object_get(root, "format")) &&
	    strcmp(json_string_value(json_object_get(root, "format")),
	    "gavel.bidset.v4") == 0)
		return gv_err_set(e, GV_MALFORMED, bs->doc, "format",
		    "\"gavel.bidset.v4\" is a lottery bid set: read it with "
		    "the lottery's options (gavel-solve --beacon-block, "
		    "--beacon-certificate and --stake-table; gavel-verify "
		    "allocation --stake-table)");
	if ((rc = gv_obj_keys(root, top_req, NULL, bs->doc, NULL, e)) ||
	    (rc = parse_version(bs, e)) ||
	    (rc = gv_get_id(root, "marketplace", &bs->marketplace, bs->doc,
	    NULL, e)) ||
	    (rc = gv_get_uint(root, "epoch", GV_INT_MAX, &bs->epoch, bs->doc,
	    NULL, e)))
		return rc;
	slots = json_object_get(root, "slots");
	if ((rc = gv_obj_keys(slots, slots_req, NULL, bs->doc, "slots", e)) ||
	    (rc = gv_get_uint(slots, "first", GV_INT_MAX, &bs->slot_first,
	    bs->doc, "slots", e)) ||
	    (rc = gv_get_uint(slots, "count", GV_INT_MAX, &bs->slot_count,
	    bs->doc, "slots", e)))
		return rc;
	if (bs->slot_count == 0 || bs->slot_count > GV_MAX_SLOTS)
		return gv_err_set(e, GV_MALFORMED, bs->doc, "slots.count",
		    "must be between 1 and %llu", GV_MAX_SLOTS);
	if (bs->slot_first + bs->slot_count - 1 > GV_INT_MAX)
		return gv_err_set(e, GV_MALFORMED, bs->doc, "slots",
		    "last slot (first + count - 1) exceeds 2^53-1");
	if ((rc = gv_get_str(root, "mode", &mode, bs->doc, NULL, e)))
		return rc;
	if (strcmp(mode, "lottery") == 0)
		return gv_err_set(e, GV_MALFORMED, bs->doc, "mode",
		    "mode \"lottery\" is reserved for a later version of "
		    "this format");
	if (strcmp(mode, "auction") != 0)
		return gv_err_set(e, GV_MALFORMED, bs->doc, "mode",
		    "unknown mode %s, expected \"auction\"",
		    gv_quote(q, sizeof(q), mode));
	fee = json_object_get(root, "finder_fee");
	if ((rc = gv_obj_keys(fee, bs->version >= 2 ? fee_req_v2 : fee_req,
	    NULL, bs->doc, "finder_fee", e)) ||
	    (rc = gv_get_uint(fee, "bps", 10000, &bps, bs->doc, "finder_fee",
	    e)) ||
	    (rc = gv_get_amount(fee, "min_improvement", bs->finder_min,
	    bs->doc, "finder_fee", e)))
		return rc;
	if (bs->version >= 2 &&
	    ((rc = gv_get_amount(fee, "cap", bs->finder_cap, bs->doc,
	    "finder_fee", e)) ||
	    (rc = gv_get_uint(fee, "window", GV_INT_MAX, &bs->finder_window,
	    bs->doc, "finder_fee", e))))
		return rc;
	if (bs->version >= 2 && (bs->finder_window == 0 ||
	    bs->finder_window > bs->slot_count))
		return gv_err_set(e, GV_MALFORMED, bs->doc, "finder_fee.window",
		    "must be between 1 and slots.count (%ju)",
		    (uintmax_t)bs->slot_count);
	bs->finder_bps = (unsigned)bps;
	if ((rc = parse_rollups(bs, json_object_get(root, "rollups"), e)) ||
	    (rc = parse_bids(bs, json_object_get(root, "bids"), e)) ||
	    (rc = check_totals(bs, e)))
		return rc;
	if (gv_digest(bs->digest, "bidset", bs->marketplace, bs->epoch,
	    root) != GV_OK)
		return gv_err_set(e, GV_INTERNAL, bs->doc, NULL,
		    "cannot compute the digest");
	return GV_OK;
}

int
gv_bidset_from_json(json_t *root, const char *doc, struct gv_bidset *bs,
    struct gv_err *e)
{
	int rc;

	memset(bs, 0, sizeof(*bs));
	bs->root = root;
	bs->doc = doc;
	mpz_init(bs->finder_min);
	mpz_init(bs->finder_cap);
	if ((rc = parse_top(bs, e)) != GV_OK)
		gv_bidset_free(bs);
	return rc;
}

int
gv_bidset_load(const char *file, struct gv_bidset *bs, struct gv_err *e)
{
	static const struct gv_json_bound bound = { "a bid set",
		GV_BIDSET_MAX_VALUES, GV_BIDSET_MAX_CONTAINERS };
	json_t *root;
	int rc;

	memset(bs, 0, sizeof(*bs));
	if ((rc = gv_json_load_bounded(file, GV_BIDSET_MAX_BYTES, &bound,
	    &root, e)) != GV_OK)
		return rc;
	return gv_bidset_from_json(root, file, bs, e);
}

int
gv_bid_digest(const struct gv_bidset *bs, size_t i,
    unsigned char out[GV_DIGEST_LEN])
{
	const json_t *b = json_array_get(json_object_get(bs->root, "bids"), i);

	return gv_digest_unsigned(out, "bid", bs->marketplace, bs->epoch, b);
}

int
gv_bid_sign(json_t *bid, const char *marketplace, uint64_t epoch,
    const unsigned char sk[GV_SK_LEN])
{
	unsigned char d[GV_DIGEST_LEN], sig[GV_SIG_LEN];
	char hex[2 * GV_SIG_LEN + 1];

	json_object_del(bid, "sig");
	if (gv_digest(d, "bid", marketplace, epoch, bid) != GV_OK)
		return GV_INTERNAL;
	gv_sig_sign(sk, d, sizeof(d), sig);
	gv_hex(hex, sig, GV_SIG_LEN);
	return json_object_set_new(bid, "sig", json_string(hex)) == 0 ?
	    GV_OK : GV_INTERNAL;
}

int
gv_bidset_verify_sigs(const struct gv_bidset *bs, struct gv_err *e)
{
	size_t checked;

	return gv_bidset_verify_sigs_until(bs, NULL, NULL, &checked, e);
}

int
gv_bidset_verify_sigs_until(const struct gv_bidset *bs,
    int (*stop)(void *ctx), void *ctx, size_t *checked, struct gv_err *e)
{
	return gv_bidset_verify_sigs_mt(bs, 0, stop, ctx, checked, e);
}

/* Bids a thread claims at a time; each claim asks stop() once a bid. */
#define SIG_CHUNK 64

/*
 * The parallel check's shared state. Chunks are claimed in id order;
 * bad is the lowest index found failing so far, and no chunk starting
 * past it is claimed, so every bid before the final bad one is checked.
 */
struct sigjob {
	const struct gv_bidset *bs;
	int (*stop)(void *ctx);
	void *ctx;
	atomic_size_t next;	/* first bid of the next chunk to claim */
	atomic_size_t bad;	/* lowest failing bid, or nbids */
	atomic_int stopped;	/* stop() said so */
	atomic_int failed;	/* a digest could not be computed */
	size_t *done;		/* per chunk: bids that verified from its start */
};

static void
lower_to(atomic_size_t *x, size_t v)
{
	size_t cur = atomic_load(x);

	while (v < cur && !atomic_compare_exchange_weak(x, &cur, v))
		;
}

static void *
sig_worker(void *arg)
{
	struct sigjob *j = arg;
	unsigned char d[GV_DIGEST_LEN];
	size_t i, start, end;

	for (;;) {
		start = atomic_fetch_add(&j->next, SIG_CHUNK);
		if (start >= j->bs->nbids || start > atomic_load(&j->bad) ||
		    atomic_load(&j->stopped) || atomic_load(&j->failed))
			return NULL;
		end = start + SIG_CHUNK < j->bs->nbids ? start + SIG_CHUNK :
		    j->bs->nbids;
		for (i = start; i < end; i++) {
			if (j->stop != NULL && j->stop(j->ctx)) {
				atomic_store(&j->stopped, 1);
				return NULL;
			}
			if (gv_bid_digest(j->bs, i, d) != GV_OK) {
				atomic_store(&j->failed, 1);
				return NULL;
			}
			if (!gv_sig_verify(j->bs->bids[i].bidder, d, sizeof(d),
			    j->bs->bids[i].sig)) {
				lower_to(&j->bad, i);
				break;
			}
			j->done[start / SIG_CHUNK] = i + 1 - start;
		}
	}
}

int
gv_bidset_verify_sigs_mt(const struct gv_bidset *bs, unsigned threads,
    int (*stop)(void *ctx), void *ctx, size_t *checked, struct gv_err *e)
{
	struct sigjob j;
	pthread_t tid[GV_MAX_THREADS];
	char p[GV_PATH_MAX], q[96];
	size_t i, nchunks = (bs->nbids + SIG_CHUNK - 1) / SIG_CHUNK, bad;
	unsigned t, started = 0;
	int rc = GV_OK;

	*checked = 0;
	threads = gv_threads(threads);
	if (threads > nchunks)
		threads = nchunks ? (unsigned)nchunks : 1;
	memset(&j, 0, sizeof(j));
	j.bs = bs;
	j.stop = stop;
	j.ctx = ctx;
	atomic_init(&j.next, 0);
	atomic_init(&j.bad, bs->nbids);
	atomic_init(&j.stopped, 0);
	atomic_init(&j.failed, 0);
	if ((j.done = calloc(nchunks ? nchunks : 1, sizeof(size_t))) == NULL)
		return gv_err_set(e, GV_INTERNAL, bs->doc, NULL,
		    "out of memory checking signatures");
	/* the calling thread is one of the workers */
	for (t = 1; t < threads; t++) {
		if (pthread_create(&tid[t], NULL, sig_worker, &j) != 0)
			break;
		started++;
	}
	sig_worker(&j);
	for (t = 1; t <= started; t++)
		pthread_join(tid[t], NULL);
	if (atomic_load(&j.failed)) {
		rc = gv_err_set(e, GV_INTERNAL, bs->doc, NULL,
		    "cannot compute a bid digest");
		goto cleanup;
	}
	/* the verified prefix, in id order */
	for (i = 0; i < nchunks; i++) {
		size_t len = i * SIG_CHUNK + SIG_CHUNK < bs->nbids ?
		    SIG_CHUNK : bs->nbids - i * SIG_CHUNK;

		*checked += j.done[i];
		if (j.done[i] < len)
			break;
	}
	bad = atomic_load(&j.bad);
	/* the first bad bid, when every bid before it verified */
	if (bad < bs->nbids && *checked == bad) {
		gv_path_idx(p, "bids", bad);
		strncat(p, ".sig", GV_PATH_MAX - strlen(p) - 1);
		rc = gv_err_set(e, GV_INVALID, bs->doc, p,
		    "signature of bid %s does not verify",
		    gv_quote(q, sizeof(q), bs->bids[bad].id));
	}
cleanup:
	free(j.done);
	return rc;
}

void
gv_bidset_free(struct gv_bidset *bs)
{
	size_t i;

	for (i = 0; i < bs->nrollups; i++)
		mpz_clear(bs->rollups[i].reserve);
	for (i = 0; i < bs->nbids; i++) {
		mpz_clear(bs->bids[i].amount);
		free(bs->bids[i].bundle);
	}
	free(bs->rollups);
	free(bs->bids);
	if (bs->root != NULL) {
		mpz_clear(bs->finder_min);
		mpz_clear(bs->finder_cap);
	}
	json_decref(bs->root);
	memset(bs, 0, sizeof(*bs));
}
