/* testgen.c: bid sets built in memory for the tests (formats/bidset.md) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <gmp.h>

#include "json.h"
#include "sig.h"
#include "testgen.h"

static const char dummy_pk[] =
    "1111111111111111111111111111111111111111111111111111111111111111";
static const char dummy_sig[] =
    "0000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000";

json_t *
gvt_doc(const char *marketplace, uint64_t epoch)
{
	json_t *d;

	d = json_pack("{s:s, s:s, s:I, s:{s:I, s:i}, s:s, s:{s:i, s:s}, "
	    "s:[], s:[]}", "format", GV_BIDSET_FORMAT, "marketplace",
	    marketplace, "epoch", (json_int_t)epoch, "slots", "first",
	    (json_int_t)epoch * 100, "count", 100, "mode", "auction",
	    "finder_fee", "bps", 500, "min_improvement", "1", "rollups",
	    "bids");
	cr_assert_not_null(d);
	return d;
}

void
gvt_rollup(json_t *doc, const char *id, const char *reserve)
{
	json_array_append_new(json_object_get(doc, "rollups"),
	    json_pack("{s:s, s:s}", "id", id, "reserve", reserve));
}

void
gvt_bid(json_t *doc, const char *id, const char *bundle, const char *amount,
    const char *xor)
{
	json_t *b, *arr = json_array();
	char *copy = strdup(bundle), *tok, *save = NULL;

	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save))
		json_array_append_new(arr, json_string(tok));
	free(copy);
	b = json_pack("{s:s, s:s, s:o, s:s, s:s}", "id", id, "bidder",
	    dummy_pk, "bundle", arr, "amount", amount, "sig", dummy_sig);
	if (xor != NULL)
		json_object_set_new(b, "xor", json_string(xor));
	json_array_append_new(json_object_get(doc, "bids"), b);
}

void
gvt_sign(json_t *doc)
{
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];
	char hex[2 * GV_PK_LEN + 1];
	const char *mkt = json_string_value(json_object_get(doc,
	    "marketplace"));
	uint64_t epoch = (uint64_t)json_integer_value(json_object_get(doc,
	    "epoch"));
	json_t *bids = json_object_get(doc, "bids");
	size_t i;

	cr_assert_eq(gv_sig_init(), 0);
	for (i = 0; i < json_array_size(bids); i++) {
		json_t *b = json_array_get(bids, i);

		gv_sig_test_keypair("gavel-test", i, pk, sk);
		gv_hex(hex, pk, GV_PK_LEN);
		json_object_set_new(b, "bidder", json_string(hex));
		cr_assert_eq(gv_bid_sign(b, mkt, epoch, sk), GV_OK);
	}
}

/* splitmix64, as gavel-gen uses */
static unsigned long long
next(unsigned long long *s)
{
	unsigned long long z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned
below(unsigned long long *s, unsigned n)
{
	return n ? (unsigned)(next(s) % n) : 0;
}

/* v * 10^scale plus scale random low digits */
static void
scaled(mpz_t out, unsigned long v, unsigned scale, unsigned long long *s)
{
	unsigned i;

	mpz_set_ui(out, v);
	for (i = 0; i < scale; i++) {
		mpz_mul_ui(out, out, 10);
		mpz_add_ui(out, out, below(s, 10));
	}
}

static int
cmpu(const void *a, const void *b)
{
	return (int)*(const unsigned *)a - (int)*(const unsigned *)b;
}

json_t *
gvt_random(const struct gvt_rand *p)
{
	unsigned long long s = p->seed;
	unsigned (*bundles)[32], *size, i, j, k, n;
	char id[16], xid[16], list[32 * 4], *str;
	mpz_t *res, amt, t;
	json_t *doc = gvt_doc("test", 1);

	cr_assert(p->nrollups >= 1 && p->nrollups <= 26 && p->nbids < 1000);
	res = calloc(p->nrollups, sizeof(*res));
	bundles = calloc(p->nbids + 1, sizeof(*bundles));
	size = calloc(p->nbids + 1, sizeof(*size));
	cr_assert(res && bundles && size);
	mpz_inits(amt, t, NULL);
	for (i = 0; i < p->nrollups; i++) {
		mpz_init(res[i]);
		if (below(&s, 100) >= p->zero_pct)
			scaled(res[i], 1 + below(&s, 20), p->scale, &s);
		snprintf(id, sizeof(id), "r%c", 'a' + i);
		str = mpz_get_str(NULL, 10, res[i]);
		gvt_rollup(doc, id, str);
		free(str);
	}
	for (i = 0; i < p->nbids; i++) {
		if (i > 0 && below(&s, 100) < p->dup_pct) {
			k = below(&s, i);
			size[i] = size[k];
			memcpy(bundles[i], bundles[k], sizeof(bundles[i]));
		} else {
			n = 1 + below(&s, p->maxb < p->nrollups ? p->maxb :
			    p->nrollups);
			size[i] = 0;
			while (size[i] < n) {
				unsigned r = below(&s, p->nrollups);

				for (j = 0; j < size[i] && bundles[i][j] != r;
				    j++)
					;
				if (j == size[i])
					bundles[i][size[i]++] = r;
			}
			qsort(bundles[i], size[i], sizeof(unsigned), cmpu);
		}
		list[0] = '\0';
		mpz_set_ui(amt, 0);
		for (j = 0; j < size[i]; j++) {
			snprintf(id, sizeof(id), "%sr%c", j ? " " : "",
			    'a' + bundles[i][j]);
			strcat(list, id);
			mpz_add(amt, amt, res[bundles[i][j]]);
		}
		/* 50% to 200% of the reserves, plus up to 30 units */
		mpz_mul_ui(amt, amt, 50 + below(&s, 151));
		mpz_fdiv_q_ui(amt, amt, 100);
		scaled(t, below(&s, 31), p->scale, &s);
		mpz_add(amt, amt, t);
		snprintf(id, sizeof(id), "b%03u", i);
		snprintf(xid, sizeof(xid), "x%u", below(&s, 4));
		str = mpz_get_str(NULL, 10, amt);
		gvt_bid(doc, id, list, str, below(&s, 100) < p->xor_pct ? xid :
		    NULL);
		free(str);
	}
	for (i = 0; i < p->nrollups; i++)
		mpz_clear(res[i]);
	mpz_clears(amt, t, NULL);
	free(res);
	free(bundles);
	free(size);
	return doc;
}

void
gvt_load(json_t *doc, struct gv_bidset *bs)
{
	struct gv_err e = { 0, "" };
	int rc;

	rc = gv_bidset_from_json(doc, "test", bs, &e);
	cr_assert_eq(rc, GV_OK, "bid set rejected: %s", e.msg);
}

void
gvt_load_ties(struct gv_bidset *bs)
{
	json_t *d = gvt_doc("test", 1);

	gvt_rollup(d, "ra", "0");
	gvt_rollup(d, "rb", "0");
	gvt_rollup(d, "rc", "0");
	gvt_rollup(d, "rd", "3");
	gvt_bid(d, "a", "ra rb", "10", NULL);
	gvt_bid(d, "b", "ra", "5", NULL);
	gvt_bid(d, "c", "rb", "5", NULL);
	gvt_bid(d, "d", "rc", "1", NULL);
	gvt_bid(d, "e", "rc", "1", "x");
	gvt_bid(d, "f", "rd", "4", NULL);
	gvt_load(d, bs);
}
