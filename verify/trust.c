/* trust.c: the stake table a gavel-verify command trusts, given or proven from one digest (formats/stake-chain.md, "Trust") */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "chain.h"
#include "json.h"
#include "verify.h"

void
gv_verify_trust_init(struct gv_verify_trust *tr)
{
	memset(tr, 0, sizeof(*tr));
}

int
gv_verify_trust_opt(struct gv_verify_trust *tr, int argc, char **argv,
    int *i, const char *usage, int *taken, struct gv_err *e)
{
	const char *o = argv[*i], **slot;

	*taken = 0;
	if (strcmp(o, "--stake-table") == 0)
		slot = &tr->table;
	else if (strcmp(o, "--trust-root") == 0)
		slot = &tr->root;
	else if (strcmp(o, "--chain") == 0)
		slot = &tr->chain;
	else
		return GV_OK;
	*taken = 1;
	if (*i + 1 >= argc)
		return gv_err_set(e, GV_MALFORMED, o, NULL, "missing %s "
		    "(usage: %s)", slot == &tr->root ? "digest" : "file name",
		    usage);
	if (*slot != NULL)
		return gv_err_set(e, GV_MALFORMED, o, NULL, "given twice: one "
		    "trusted table per verdict");
	*slot = argv[++*i];
	return GV_OK;
}

int
gv_verify_trust_given(struct gv_verify_trust *tr, const char *doc,
    const char *missing, const char *whose, struct gv_err *e)
{
	const char *d = doc != NULL ? doc : "--stake-table";
	const char *p = doc != NULL ? "--stake-table" : NULL;

	if (tr->table != NULL && (tr->chain != NULL || tr->root != NULL))
		return gv_err_set(e, GV_MALFORMED, d, p, "give the trusted "
		    "table one way: --stake-table, or --trust-root with "
		    "--chain");
	if (tr->table == NULL && tr->chain == NULL && tr->root == NULL) {
		if (missing == NULL)
			return GV_OK;
		return gv_err_set(e, GV_MALFORMED, d, p, "%s", missing);
	}
	if (tr->table != NULL)
		return GV_OK;
	if (tr->root == NULL || tr->chain == NULL) {
		p = tr->root == NULL ? "--trust-root" : "--chain";
		return gv_err_set(e, GV_MALFORMED, doc != NULL ? doc : p,
		    doc != NULL ? p : NULL, "missing: --trust-root and --chain "
		    "come together (the digest trusted and the chain from it "
		    "to %s epoch)", whose);
	}
	if (strlen(tr->root) != 2 * GV_DIGEST_LEN ||
	    gv_unhex(tr->root_digest, GV_DIGEST_LEN, tr->root) != 0)
		return gv_err_set(e, GV_MALFORMED, "--trust-root", NULL, "must "
		    "be 64 lowercase hex digits");
	return GV_OK;
}

int
gv_verify_trust_load(struct gv_verify_trust *tr, uint64_t epoch, int threads,
    struct gv_err *e)
{
	char g[2 * GV_DIGEST_LEN + 1], d[2 * GV_DIGEST_LEN + 1];
	int rc;

	memset(&tr->t, 0, sizeof(tr->t));
	if (tr->table != NULL) {
		if ((rc = gv_stake_load(tr->table, &tr->t, e)) != GV_OK)
			return rc;
		tr->have_t = 1;
		tr->rooted = 0;
		tr->source = tr->table;
		memcpy(tr->root_digest, tr->t.digest, GV_DIGEST_LEN);
		snprintf(tr->what, sizeof(tr->what), "stake table taken on "
		    "trust (no --trust-root)");
		return GV_OK;
	}
	if (tr->chain == NULL)
		return GV_OK;	/* optional and not given */
	rc = gv_chain_load_check(tr->chain, tr->root_digest, epoch, threads,
	    &tr->t, &tr->info, e);
	/* no check rests on a chain that does not hold: nothing to judge */
	if (rc == GV_INVALID)
		rc = e->code = GV_MALFORMED;
	if (rc != GV_OK)
		return rc;
	tr->have_t = 1;
	tr->rooted = 1;
	tr->source = tr->chain;
	gv_hex(g, tr->info.genesis, GV_DIGEST_LEN);
	gv_hex(d, tr->t.digest, GV_DIGEST_LEN);
	snprintf(tr->what, sizeof(tr->what), "stake table %s of epoch %" PRIu64
	    " proven from trust root %s by chain %s (genesis epoch %" PRIu64
	    ", %zu hand-off%s to epoch %" PRIu64 ")", d, tr->t.epoch, g,
	    tr->chain, tr->info.first_epoch, tr->info.nhandoffs,
	    tr->info.nhandoffs == 1 ? "" : "s", tr->info.last_epoch);
	return GV_OK;
}

void
gv_verify_trust_free(struct gv_verify_trust *tr)
{
	if (tr->have_t)
		gv_stake_free(&tr->t);
	tr->have_t = 0;
}
