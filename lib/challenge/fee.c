/* fee.c: the finder's-fee rule (formats/challenge.md, "The fee rule") */
#include <stdlib.h>

#include "fee.h"

void
gv_fee(const struct gv_bidset *bs, const mpz_t improvement, mpz_t out)
{
	/* floor: the rollups bear the fee, so rounding favours them */
	mpz_mul_ui(out, improvement, bs->finder_bps);
	mpz_fdiv_q_ui(out, out, 10000);
	if (mpz_cmp(out, bs->finder_cap) > 0)
		mpz_set(out, bs->finder_cap);
}

void
gv_fee_min(const struct gv_bidset *bs, mpz_t out)
{
	mpz_set(out, bs->finder_min);
	if (mpz_sgn(out) == 0)
		mpz_set_ui(out, 1);
}

struct part {
	size_t rollup;
	mpz_t frac;
};

/* Largest fractional part first, then rollup id (= index) ascending. */
static int
partcmp(const void *x, const void *y)
{
	const struct part *a = x, *b = y;
	int c = mpz_cmp(b->frac, a->frac);

	if (c != 0)
		return c;
	return a->rollup < b->rollup ? -1 : a->rollup > b->rollup;
}

int
gv_fee_charge(const struct gv_bidset *bs, const struct gv_alloc *a,
    const mpz_t fees, mpz_t *out, struct gv_err *e)
{
	struct part *pt = NULL;
	mpz_t S, s, d, rem;
	size_t i, n = a->nrollups, k = 0;
	int rc = GV_OK;

	mpz_inits(S, s, d, rem, NULL);
	for (i = 0; i < n; i++) {
		mpz_set(out[i], a->receives[i]);
		if (a->owner[i] >= 0) {
			mpz_sub(s, a->receives[i], bs->rollups[i].reserve);
			mpz_add(S, S, s);
		}
	}
	if (mpz_cmp(fees, S) > 0) {
		rc = gv_err_set(e, GV_INVALID, NULL, NULL,
		    "fees exceed the surplus of the allocation");
		goto cleanup;
	}
	if (mpz_sgn(fees) == 0)
		goto cleanup;
	if ((pt = calloc(n, sizeof(*pt))) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, NULL, NULL, "out of memory");
		goto cleanup;
	}
	mpz_set(rem, fees);
	for (i = 0; i < n; i++) {
		if (a->owner[i] < 0)
			continue;
		/* d = floor(F * s / S) <= s since F <= S */
		mpz_sub(s, a->receives[i], bs->rollups[i].reserve);
		mpz_mul(d, fees, s);
		pt[k].rollup = i;
		mpz_init(pt[k].frac);
		mpz_fdiv_qr(d, pt[k].frac, d, S);
		k++;
		mpz_sub(out[i], out[i], d);
		mpz_sub(rem, rem, d);
	}
	qsort(pt, k, sizeof(*pt), partcmp);
	/*
	 * rem < k; a rollup gets one more unit only when its fraction is
	 * nonzero, i.e. F*s/S is not whole, so floor + 1 <= s still holds.
	 */
	for (i = 0; i < k && mpz_sgn(rem) > 0; i++) {
		mpz_sub_ui(out[pt[i].rollup], out[pt[i].rollup], 1);
		mpz_sub_ui(rem, rem, 1);
	}
	for (i = 0; i < k; i++)
		mpz_clear(pt[i].frac);
cleanup:
	free(pt);
	mpz_clears(S, s, d, rem, NULL);
	return rc;
}
