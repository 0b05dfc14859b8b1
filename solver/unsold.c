/* unsold.c: the allocation of a run stopped before its search (formats/allocation.md, "gavel-solve") */
#include <string.h>

#include "unsold.h"

int
gv_solve_trusted(const struct gv_bidset *bs, size_t ntrusted,
    const struct gv_solve_opts *o, const struct gv_budget *b,
    struct gv_alloc *a, struct gv_solve_info *info, struct gv_err *e)
{
	struct gv_bidset prefix;
	struct gv_alloc g;
	mpz_t net;
	size_t i;
	int rc, stop = gv_budget_stop(b);

	memset(info, 0, sizeof(*info));
	info->exact = 1;
	gv_alloc_init(&g);
	if ((rc = gv_alloc_compute(bs, NULL, 0, a, "solver", e)) != GV_OK)
		goto cleanup;
	if (ntrusted > 0) {
		/*
		 * The trusted bids are a prefix of bs->bids, so their indices
		 * mean the same in both; the budget has run out, so this is
		 * the reductions and the greedy start, without GLPK.
		 */
		prefix = *bs;
		prefix.nbids = ntrusted;
		if ((rc = gv_solve_within(&prefix, o, b, &g, info, e)) != GV_OK)
			goto cleanup;
		if (gv_alloc_order(&g, a) < 0 && (rc = gv_alloc_compute(bs,
		    g.winners, g.nwinners, a, "solver", e)) != GV_OK)
			goto cleanup;
	}
	mpz_init(net);
	mpz_set_ui(a->bound, 0);
	for (i = 0; i < bs->nrollups; i++)
		mpz_add(a->bound, a->bound, bs->rollups[i].reserve);
	for (i = 0; i < bs->nbids; i++) {
		gv_bid_net(bs, &bs->bids[i], net);
		if (mpz_sgn(net) > 0)
			mpz_add(a->bound, a->bound, net);
	}
	mpz_clear(net);
	a->status = GV_ST_FEASIBLE;
	a->stop = stop == GV_STOP_COMPLETE ? GV_STOP_TIME_LIMIT : stop;
	a->time_limit_ms = b->limit_ms;
	a->time_used_ms = info->time_used_ms = gv_budget_used_ms(b);
	rc = GV_OK;
cleanup:
	gv_alloc_free(&g);
	return rc;
}
