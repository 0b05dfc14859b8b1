/* unsold.c: the allocation of a run stopped before its search (formats/allocation.md, "gavel-solve") */
#include "unsold.h"

int
gv_solve_unsold(const struct gv_bidset *bs, int stop, uint64_t limit_ms,
    uint64_t used_ms, struct gv_alloc *a, struct gv_err *e)
{
	mpz_t net;
	size_t i, j;
	int rc;

	if ((rc = gv_alloc_compute(bs, NULL, 0, a, "solver", e)) != GV_OK)
		return rc;
	mpz_init(net);
	mpz_set(a->bound, a->value);
	for (i = 0; i < bs->nbids; i++) {
		mpz_set(net, bs->bids[i].amount);
		for (j = 0; j < bs->bids[i].nbundle; j++)
			mpz_sub(net, net, bs->rollups[bs->bids[i].bundle[j]].reserve);
		if (mpz_sgn(net) > 0)
			mpz_add(a->bound, a->bound, net);
	}
	mpz_clear(net);
	a->status = GV_ST_FEASIBLE;
	a->stop = stop;
	a->time_limit_ms = limit_ms;
	a->time_used_ms = used_ms;
	return GV_OK;
}
