/* chain.c: stake-table chains from a trusted genesis (formats/stake-chain.md) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert.h"
#include "chain.h"

static const char *const top_req[] = { "format", "marketplace", "genesis",
	"handoffs", NULL };
static const char *const link_req[] = { "table", "certificate", NULL };

/*
 * A table being checked and the name it reports under. A stake table
 * points at its name for as long as it lives, so the two travel together.
 */
struct named {
	struct gv_stake_table t;
	char name[GV_PATH_MAX + 4200];
};

static void
named_free(struct named *n)
{
	gv_stake_free(&n->t);
	n->name[0] = '\0';
}

/* Load the embedded table v as n, named "DOC: PATH". */
static int
named_table(struct named *n, const json_t *v, const char *doc,
    const char *path, struct gv_err *e)
{
	snprintf(n->name, sizeof(n->name), "%s: %s", doc, path);
	return gv_stake_from_json(json_incref((json_t *)v), n->name, &n->t, e);
}

static int
same_marketplace(const struct gv_stake_table *t, const char *mp,
    const char *doc, const char *path, struct gv_err *e)
{
	char q1[96], q2[96];

	if (strcmp(t->marketplace, mp) == 0)
		return GV_OK;
	return gv_err_set(e, GV_INVALID, doc, path, "marketplace mismatch: "
	    "the chain is for %s, the table for %s", gv_quote(q1, sizeof(q1),
	    mp), gv_quote(q2, sizeof(q2), t->marketplace));
}

/* The next table must be for the epoch right after the previous one. */
static int
next_epoch(uint64_t prev, uint64_t got, const char *doc, const char *path,
    struct gv_err *e)
{
	if (got == prev + 1)
		return GV_OK;
	if (got <= prev)
		return gv_err_set(e, GV_INVALID, doc, path, "fork: a second "
		    "table for epoch %ju, the chain is already at epoch %ju",
		    (uintmax_t)got, (uintmax_t)prev);
	if (got == prev + 2)
		return gv_err_set(e, GV_INVALID, doc, path, "gap: epoch %ju "
		    "follows epoch %ju, the table of epoch %ju is missing",
		    (uintmax_t)got, (uintmax_t)prev, (uintmax_t)(prev + 1));
	return gv_err_set(e, GV_INVALID, doc, path, "gap: epoch %ju follows "
	    "epoch %ju, the tables of epochs %ju to %ju are missing",
	    (uintmax_t)got, (uintmax_t)prev, (uintmax_t)(prev + 1),
	    (uintmax_t)(got - 1));
}

int
gv_chain_check(const json_t *root, const char *doc,
    const unsigned char *trust_root, uint64_t want_epoch, int threads,
    struct gv_stake_table *table, struct gv_chain_info *info,
    struct gv_err *e)
{
	struct named *prev = NULL, *cur = NULL, *tmp;
	struct gv_cert_result r;
	const json_t *links, *link;
	const char *mp;
	char path[GV_PATH_MAX], sub[GV_PATH_MAX], cdoc[GV_PATH_MAX + 4200];
	char h1[2 * GV_DIGEST_LEN + 1], h2[2 * GV_DIGEST_LEN + 1];
	/* the wanted table, proven once the walk gets past it */
	const json_t *want = NULL;
	size_t i, n;
	int rc;

	gv_cert_result_init(&r);
	if ((prev = calloc(1, sizeof(*prev))) == NULL ||
	    (cur = calloc(1, sizeof(*cur))) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, doc, NULL, "out of memory");
		goto cleanup;
	}
	if ((rc = gv_obj_keys(root, top_req, NULL, doc, NULL, e)) ||
	    (rc = gv_get_format(root, GV_CHAIN_FORMAT, doc, NULL, e)) ||
	    (rc = gv_get_id(root, "marketplace", &mp, doc, NULL, e)))
		goto cleanup;
	if ((rc = named_table(prev, json_object_get(root, "genesis"), doc,
	    "genesis", e)) ||
	    (rc = same_marketplace(&prev->t, mp, doc, "genesis.marketplace",
	    e)))
		goto cleanup;
	if (trust_root != NULL &&
	    memcmp(prev->t.digest, trust_root, GV_DIGEST_LEN) != 0) {
		gv_hex(h1, prev->t.digest, GV_DIGEST_LEN);
		gv_hex(h2, trust_root, GV_DIGEST_LEN);
		rc = gv_err_set(e, GV_INVALID, doc, "genesis", "not the trusted "
		    "genesis: its digest is %s, the trust root is %s", h1, h2);
		goto cleanup;
	}
	memset(info, 0, sizeof(*info));
	snprintf(info->marketplace, sizeof(info->marketplace), "%s", mp);
	memcpy(info->genesis, prev->t.digest, GV_DIGEST_LEN);
	info->first_epoch = prev->t.epoch;
	info->rooted = trust_root != NULL;
	links = json_object_get(root, "handoffs");
	if (!json_is_array(links)) {
		rc = gv_err_set(e, GV_MALFORMED, doc, "handoffs",
		    "must be an array");
		goto cleanup;
	}
	if ((n = json_array_size(links)) > GV_CHAIN_MAX_HANDOFFS) {
		rc = gv_err_set(e, GV_MALFORMED, doc, "handoffs", "%zu "
		    "hand-offs, the limit is %d", n, GV_CHAIN_MAX_HANDOFFS);
		goto cleanup;
	}
	if (prev->t.epoch == want_epoch)
		want = json_object_get(root, "genesis");
	for (i = 0; i < n; i++) {
		link = json_array_get(links, i);
		gv_path_idx(path, "handoffs", i);
		if ((rc = gv_obj_keys(link, link_req, NULL, doc, path, e)))
			goto cleanup;
		gv_path_key(sub, path, "table");
		if ((rc = named_table(cur, json_object_get(link, "table"), doc,
		    sub, e)))
			goto cleanup;
		gv_path_key(sub, path, "table.marketplace");
		if ((rc = same_marketplace(&cur->t, mp, doc, sub, e)))
			goto cleanup;
		gv_path_key(sub, path, "table.epoch");
		if ((rc = next_epoch(prev->t.epoch, cur->t.epoch, doc, sub, e)))
			goto cleanup;
		snprintf(cdoc, sizeof(cdoc), "%s: %s.certificate", doc, path);
		gv_cert_result_free(&r);
		gv_cert_result_init(&r);
		if ((rc = gv_cert_check(&prev->t, json_object_get(link,
		    "certificate"), cdoc, "stake-table", cur->t.digest, threads,
		    &r, e)))
			goto cleanup;
		/* the new table is proven: it signs the next hand-off */
		named_free(prev);
		tmp = prev;
		prev = cur;
		cur = tmp;
		if (prev->t.epoch == want_epoch)
			want = json_object_get(link, "table");
	}
	info->last_epoch = prev->t.epoch;
	info->nhandoffs = n;
	if (want_epoch == GV_CHAIN_LAST) {
		*table = prev->t;
		memset(&prev->t, 0, sizeof(prev->t));
	} else if (want != NULL) {
		/* checked once already: it cannot fail but for memory */
		if ((rc = gv_stake_from_json(json_incref((json_t *)want), doc,
		    table, e)))
			goto cleanup;
	} else {
		rc = gv_err_set(e, GV_INVALID, doc, NULL, "epoch %ju is not in "
		    "the chain: it covers epochs %ju to %ju",
		    (uintmax_t)want_epoch, (uintmax_t)info->first_epoch,
		    (uintmax_t)info->last_epoch);
		goto cleanup;
	}
	/* the table outlives this call: give it a name that does too */
	table->doc = doc;
	rc = GV_OK;
cleanup:
	gv_cert_result_free(&r);
	if (prev != NULL)
		named_free(prev);
	if (cur != NULL)
		named_free(cur);
	free(prev);
	free(cur);
	return rc;
}

int
gv_chain_load_check(const char *file, const unsigned char *trust_root,
    uint64_t want_epoch, int threads, struct gv_stake_table *table,
    struct gv_chain_info *info, struct gv_err *e)
{
	json_t *root = NULL;
	int rc;

	if ((rc = gv_json_load(file, GV_CHAIN_MAX_BYTES, &root, e)) != GV_OK)
		return rc;
	rc = gv_chain_check(root, file, trust_root, want_epoch, threads, table,
	    info, e);
	json_decref(root);
	return rc;
}
