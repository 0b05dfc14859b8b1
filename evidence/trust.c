/* trust.c: the stake table gavel-evidence builds against (formats/evidence.md, "Trust") */
#include <string.h>

#include "chain.h"
#include "json.h"
#include "evtool.h"

int
ev_trust(const struct ev_args *a, uint64_t epoch, struct gv_stake_table *t,
    struct gv_trust *trust, struct gv_err *e)
{
	struct gv_chain_info info;
	int rc;

	if (a->table != NULL) {
		rc = gv_stake_load(a->table, t, e);
		if (rc == GV_INVALID)
			rc = e->code = GV_MALFORMED;
		if (rc != GV_OK)
			return rc;
		trust->table = t;
		memcpy(trust->root, t->digest, GV_DIGEST_LEN);
		return GV_OK;
	}
	if (strlen(a->root) != 2 * GV_DIGEST_LEN ||
	    gv_unhex(trust->root, GV_DIGEST_LEN, a->root) != 0)
		return gv_err_set(e, GV_MALFORMED, "--trust-root", NULL,
		    "must be 64 lowercase hex digits");
	rc = gv_chain_load_check(a->chain, trust->root, epoch, 0, t, &info, e);
	if (rc == GV_INVALID)
		rc = e->code = GV_MALFORMED;
	if (rc != GV_OK)
		return rc;
	trust->table = t;
	return GV_OK;
}
