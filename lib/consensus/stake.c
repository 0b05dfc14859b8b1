/* stake.c: stake tables (formats/stake-table.md) */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "stake.h"

static const char *const top_req[] = { "format", "marketplace", "epoch",
	"entries", NULL };
static const char *const entry_req[] = { "key", "stake", NULL };

struct keyref {
	const unsigned char *key;
	size_t i;
};

static int
keycmp(const void *a, const void *b)
{
	const struct keyref *x = a, *y = b;
	int c = memcmp(x->key, y->key, GV_PK_LEN);

	if (c != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Duplicate keys: report the first duplicate in document order (the
 * smallest index that repeats an earlier entry) and that earlier entry.
 */
static int
check_dups(struct gv_stake_table *t, struct gv_err *e)
{
	struct keyref *r;
	char p[GV_PATH_MAX];
	size_t i, best = (size_t)-1, first = 0;

	if (t->n < 2)
		return GV_OK;
	if ((r = calloc(t->n, sizeof(*r))) == NULL)
		return gv_err_set(e, GV_INTERNAL, t->doc, NULL,
		    "out of memory");
	for (i = 0; i < t->n; i++) {
		r[i].key = t->entries[i].key;
		r[i].i = i;
	}
	qsort(r, t->n, sizeof(*r), keycmp);
	for (i = 1; i < t->n; i++)
		if (memcmp(r[i - 1].key, r[i].key, GV_PK_LEN) == 0 &&
		    r[i].i < best) {
			size_t j = i - 1;

			while (j > 0 && memcmp(r[j - 1].key, r[i].key,
			    GV_PK_LEN) == 0)
				j--;
			best = r[i].i;
			first = r[j].i;
		}
	free(r);
	if (best == (size_t)-1)
		return GV_OK;
	gv_path_idx(p, "entries", best);
	strncat(p, ".key", GV_PATH_MAX - strlen(p) - 1);
	return gv_err_set(e, GV_INVALID, t->doc, p,
	    "duplicate key: entries %zu and %zu have the same key", first,
	    best);
}

static int
parse(struct gv_stake_table *t, struct gv_err *e)
{
	const json_t *root = t->root, *arr;
	char p[GV_PATH_MAX];
	size_t i, n;
	int rc;

	if ((rc = gv_obj_keys(root, top_req, NULL, t->doc, NULL, e)) ||
	    (rc = gv_get_format(root, GV_STAKE_FORMAT, t->doc, NULL, e)) ||
	    (rc = gv_get_id(root, "marketplace", &t->marketplace, t->doc,
	    NULL, e)) ||
	    (rc = gv_get_uint(root, "epoch", GV_INT_MAX, &t->epoch, t->doc,
	    NULL, e)))
		return rc;
	arr = json_object_get(root, "entries");
	if (!json_is_array(arr))
		return gv_err_set(e, GV_MALFORMED, t->doc, "entries",
		    "must be an array");
	n = json_array_size(arr);
	if (n > GV_STAKE_MAX_ENTRIES)
		return gv_err_set(e, GV_MALFORMED, t->doc, "entries",
		    "%zu entries, the limit is %d", n, GV_STAKE_MAX_ENTRIES);
	if (n > 0 && (t->entries = calloc(n, sizeof(*t->entries))) == NULL)
		return gv_err_set(e, GV_INTERNAL, t->doc, NULL,
		    "out of memory");
	for (i = 0; i < n; i++) {
		const json_t *en = json_array_get(arr, i);
		struct gv_stake_entry *se = &t->entries[i];

		mpz_init(se->stake);
		t->n = i + 1;
		gv_path_idx(p, "entries", i);
		if ((rc = gv_obj_keys(en, entry_req, NULL, t->doc, p, e)) ||
		    (rc = gv_get_hex(en, "key", se->key, GV_PK_LEN, t->doc, p,
		    e)) ||
		    (rc = gv_get_amount(en, "stake", se->stake, t->doc, p, e)))
			return rc;
		mpz_add(t->total, t->total, se->stake);
	}
	if (gv_digest(t->digest, "stake-table", t->marketplace, t->epoch,
	    root) != GV_OK)
		return gv_err_set(e, GV_INTERNAL, t->doc, NULL,
		    "cannot compute the digest");
	return check_dups(t, e);
}

int
gv_stake_from_json(json_t *root, const char *doc, struct gv_stake_table *t,
    struct gv_err *e)
{
	int rc;

	memset(t, 0, sizeof(*t));
	if (root == NULL)
		return gv_err_set(e, GV_INTERNAL, doc, NULL, "no document");
	t->root = root;
	t->doc = doc;
	mpz_init(t->total);
	if ((rc = parse(t, e)) != GV_OK)
		gv_stake_free(t);
	return rc;
}

int
gv_stake_load(const char *file, struct gv_stake_table *t, struct gv_err *e)
{
	static const struct gv_json_bound bound = { "a stake table",
		GV_STAKE_MAX_VALUES, GV_STAKE_MAX_CONTAINERS };
	json_t *root;
	int rc;

	memset(t, 0, sizeof(*t));
	if ((rc = gv_json_load_bounded(file, GV_STAKE_MAX_BYTES, &bound,
	    &root, e)) != GV_OK)
		return rc;
	return gv_stake_from_json(root, file, t, e);
}

void
gv_stake_free(struct gv_stake_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		mpz_clear(t->entries[i].stake);
	free(t->entries);
	if (t->root != NULL)
		mpz_clear(t->total);
	json_decref(t->root);
	memset(t, 0, sizeof(*t));
}
