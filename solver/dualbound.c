/* dualbound.c: a bound on the model from dual prices, without GLPK (formats/allocation.md, "Bounds") */
#include <math.h>
#include <stdlib.h>

#include "alloc.h"
#include "dualbound.h"

/* Rounds of coordinate descent: each is one pass over the matrix. */
#ifndef DUAL_ROUNDS
#define DUAL_ROUNDS 200
#endif
/* A round that improves the bound by less than this (relative) is the last. */
#ifndef DUAL_STALL
#define DUAL_STALL 1e-9
#endif

/* The bound for prices y: sum(y) + sum of positive reduced costs, widened. */
static double
evaluate(const double *y, size_t nrows, const size_t *cs, const size_t *ci,
    const double *coef, size_t n)
{
	long double sum = 0, mag = 0;
	size_t i, k, p;

	for (i = 0; i < nrows; i++) {
		sum += y[i];
		mag += y[i];
	}
	for (k = 0; k < n; k++) {
		long double r = coef[k];

		for (p = cs[k]; p < cs[k + 1]; p++)
			r -= y[ci[p]];
		if (r > 0)
			sum += r;
		mag += fabs(coef[k]);
		for (p = cs[k]; p < cs[k + 1]; p++)
			mag += y[ci[p]];
	}
	/* every term was rounded at most a few times: 1e-12 of the magnitudes covers it */
	return (double)(sum + mag * 1e-12L + 1.0L);
}

double
gv_dual_bound(const struct gv_bidset *bs, const struct gv_reduced *red,
    const double *coef, const struct gv_budget *b)
{
	size_t n = red->n, nrows = bs->nrollups + bs->nxor, nnz = 0;
	size_t *cs = NULL, *ci = NULL, *rs = NULL, *ri = NULL, *fill = NULL;
	double *y = NULL, *s = NULL, out = HUGE_VAL, best, cur, prev = HUGE_VAL;
	size_t i, j, k, p;
	int round;

	cs = calloc(n + 1, sizeof(size_t));
	rs = calloc(nrows + 1, sizeof(size_t));
	fill = calloc(nrows + 1, sizeof(size_t));
	y = calloc(nrows + 1, sizeof(double));
	s = calloc(n + 1, sizeof(double));
	if (!cs || !rs || !fill || !y || !s)
		goto cleanup;
	/* column k's rows: its bundle's rollups, then its XOR group */
	for (k = 0; k < n; k++) {
		const struct gv_bid *bid = &bs->bids[red->bid[k]];

		cs[k + 1] = cs[k] + bid->nbundle + (bid->xor_group >= 0);
		for (j = 0; j < bid->nbundle; j++)
			rs[bid->bundle[j] + 1]++;
		if (bid->xor_group >= 0)
			rs[bs->nrollups + (size_t)bid->xor_group + 1]++;
	}
	nnz = cs[n];
	for (i = 0; i < nrows; i++)
		rs[i + 1] += rs[i];
	ci = calloc(nnz + 1, sizeof(size_t));
	ri = calloc(nnz + 1, sizeof(size_t));
	if (!ci || !ri)
		goto cleanup;
	for (k = 0; k < n; k++) {
		const struct gv_bid *bid = &bs->bids[red->bid[k]];
		size_t q = cs[k];

		for (j = 0; j < bid->nbundle; j++)
			ci[q++] = bid->bundle[j];
		if (bid->xor_group >= 0)
			ci[q++] = bs->nrollups + (size_t)bid->xor_group;
		for (p = cs[k]; p < cs[k + 1]; p++)
			ri[rs[ci[p]] + fill[ci[p]]++] = k;
	}
	/* start: each row prices its best bid's share, so no reduced cost is positive */
	for (k = 0; k < n; k++) {
		double share = coef[k] > 0 ? coef[k] /
		    (double)(cs[k + 1] - cs[k]) : 0;

		for (p = cs[k]; p < cs[k + 1]; p++)
			if (share > y[ci[p]])
				y[ci[p]] = share;
	}
	for (k = 0; k < n; k++)
		for (p = cs[k], s[k] = 0; p < cs[k + 1]; p++)
			s[k] += y[ci[p]];
	best = evaluate(y, nrows, cs, ci, coef, n);
	/*
	 * Each row in turn takes a price that minimises the bound with the
	 * others fixed: between the second largest and the largest reduced
	 * cost of its bids without its own price (r2 and r1, 0 when missing),
	 * where the bound's slope is 0; the midpoint.
	 */
	for (round = 0; round < DUAL_ROUNDS; round++) {
		if (gv_budget_stop(b) != GV_STOP_COMPLETE)
			break;
		for (i = 0; i < nrows; i++) {
			double r1 = 0, r2 = 0, v, d;

			for (p = rs[i]; p < rs[i + 1]; p++) {
				k = ri[p];
				v = coef[k] - (s[k] - y[i]);
				if (v > r1) {
					r2 = r1;
					r1 = v;
				} else if (v > r2)
					r2 = v;
			}
			/* any price in [r2, r1] is as good for this row; the middle leaves the others room */
			v = r2 + 0.5 * (r1 - r2);
			if ((d = v - y[i]) == 0)
				continue;
			y[i] = v;
			for (p = rs[i]; p < rs[i + 1]; p++)
				s[ri[p]] += d;
		}
		cur = evaluate(y, nrows, cs, ci, coef, n);
		if (cur < best)
			best = cur;
		if (cur >= best * (1 + 1e-6))
			break;
		if (round > 0 && cur > prev * (1 - DUAL_STALL))
			break;	/* no longer improving */
		prev = cur;
	}
	out = best;
cleanup:
	free(cs);
	free(ci);
	free(rs);
	free(ri);
	free(fill);
	free(y);
	free(s);
	return out;
}
