/* sift.c: the model's LP relaxation by sifting (formats/allocation.md, "Winner determination") */
#include <stdlib.h>
#include <string.h>

#include "sift.h"

/* Columns each row brings into the first working set, best density first. */
#define SIFT_PER_ROW 2
/* Most columns one round adds: at least this many, or the number of rows. */
#define SIFT_ADD_MIN 1000
/*
 * A column outside the working set prices in when its reduced cost is
 * above this (relative to 1 + |coefficient|): GLPK's own optimality
 * tolerance is 1e-7, so below it the last solve would not move anyway.
 */
#define SIFT_TOL 1e-9

struct cand {
	double d;		/* reduced cost, or density for the first set */
	int col;
};

/* Highest first; ties by column so that every run picks the same set. */
static int
candcmp(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;

	if (a->d != b->d)
		return a->d > b->d ? -1 : 1;
	return (a->col > b->col) - (a->col < b->col);
}

/* Column j leaves its bounds [0, 1] for 0 (outside the working set) or back. */
static void
fix_col(glp_prob *P, int j, int out)
{
	if (out) {
		glp_set_col_bnds(P, j, GLP_FX, 0.0, 0.0);
		glp_set_col_stat(P, j, GLP_NS);
	} else {
		glp_set_col_bnds(P, j, GLP_DB, 0.0, 1.0);
		glp_set_col_stat(P, j, GLP_NL);
	}
}

/*
 * The first working set: the start's columns, then each row's
 * SIFT_PER_ROW columns of highest coefficient per row they use.
 */
static void
first_set(glp_prob *P, const double *start, unsigned char *in,
    struct cand *tmp, const int *cs, const int *ci, int m, int n)
{
	int i, j, p, k, *cnt;

	for (j = 1; j <= n; j++)
		in[j] = start != NULL && start[j] > 0.5;
	if ((cnt = calloc((size_t)m + 1, sizeof(int))) == NULL) {
		/* no room to choose: every column is in, a plain solve */
		for (j = 1; j <= n; j++)
			in[j] = 1;
		return;
	}
	for (j = 1, k = 0; j <= n; j++) {
		int len = cs[j + 1] - cs[j];

		tmp[k].d = glp_get_obj_coef(P, j) / (len > 0 ? len : 1);
		tmp[k++].col = j;
	}
	qsort(tmp, (size_t)k, sizeof(*tmp), candcmp);
	for (k = 0; k < n; k++) {
		int take = 0;

		j = tmp[k].col;
		for (p = cs[j]; p < cs[j + 1]; p++) {
			i = ci[p];
			if (cnt[i] < SIFT_PER_ROW) {
				cnt[i]++;
				take = 1;
			}
		}
		/* a column in no row is a free gain: always in */
		if (take || cs[j] == cs[j + 1])
			in[j] = 1;
	}
	free(cnt);
}

void
gv_sift_free(struct gv_sift_ws *ws)
{
	size_t k;

	for (k = 0; k < sizeof(ws->buf) / sizeof(ws->buf[0]); k++) {
		free(ws->buf[k]);
		ws->buf[k] = NULL;
	}
}

int
gv_sift(glp_prob *P, const double *start, const glp_smcp *parm,
    struct gv_sift_ws *ws, struct gv_sift_stats *st)
{
	int m = glp_get_num_rows(P), n = glp_get_num_cols(P);
	int *cs = NULL, *ci = NULL, *ind = NULL, ret = 0, i, j, p, k, len;
	int round, nadd, limit;
	double *val = NULL, *y = NULL, *c = NULL;
	unsigned char *in = NULL;
	struct cand *tmp = NULL;

	memset(st, 0, sizeof(*st));
	gv_sift_free(ws);
	ws->buf[0] = cs = calloc((size_t)n + 2, sizeof(int));
	ws->buf[1] = ci = calloc((size_t)glp_get_num_nz(P) + 1, sizeof(int));
	ws->buf[2] = ind = calloc((size_t)m + 1, sizeof(int));
	ws->buf[3] = val = calloc((size_t)m + 1, sizeof(double));
	ws->buf[4] = y = calloc((size_t)m + 1, sizeof(double));
	ws->buf[5] = c = calloc((size_t)n + 1, sizeof(double));
	ws->buf[6] = in = calloc((size_t)n + 1, 1);
	ws->buf[7] = tmp = calloc((size_t)n + 1, sizeof(*tmp));
	if (!cs || !ci || !ind || !val || !y || !c || !in || !tmp) {
		/* no room for sifting: the plain solve needs none of it */
		st->plain = 1;
		ret = glp_simplex(P, parm);
		goto cleanup;
	}
	/* the matrix by columns, read once (packing rows: every entry is 1) */
	for (j = 1; j <= n; j++) {
		len = glp_get_mat_col(P, j, ind, val);
		cs[j + 1] = cs[j] + len;
		for (p = 0; p < len; p++)
			ci[cs[j] + p] = ind[p + 1];
		c[j] = glp_get_obj_coef(P, j);
	}
	first_set(P, start, in, tmp, cs, ci, m, n);
	/*
	 * From x = 0, every slack basic: starting with the start's columns at
	 * 1 was measured no faster (the packing's vertex is degenerate).
	 */
	for (j = 1; j <= n; j++)
		if (!in[j])
			fix_col(P, j, 1);
		else
			st->first++;
	limit = m > SIFT_ADD_MIN ? m : SIFT_ADD_MIN;
	for (round = 1;; round++) {
		st->rounds = round;
		if ((ret = glp_simplex(P, parm)) != 0)
			break;
		if (glp_get_status(P) != GLP_OPT)
			break;	/* the caller reads the status */
		for (i = 1; i <= m; i++)
			y[i] = glp_get_row_dual(P, i);
		for (j = 1, k = 0; j <= n; j++) {
			double d;

			if (in[j])
				continue;
			for (d = c[j], p = cs[j]; p < cs[j + 1]; p++)
				d -= y[ci[p]];
			if (d > SIFT_TOL * (1.0 + (c[j] > 0 ? c[j] : -c[j]))) {
				tmp[k].d = d;
				tmp[k++].col = j;
			}
		}
		if (k == 0)
			break;
		qsort(tmp, (size_t)k, sizeof(*tmp), candcmp);
		nadd = k < limit ? k : limit;
		for (p = 0; p < nadd; p++) {
			in[tmp[p].col] = 1;
			fix_col(P, tmp[p].col, 0);
		}
		st->added += (size_t)nadd;
	}
	/* every column back in [0, 1], at 0 with a reduced cost the basis prices out */
	for (j = 1; j <= n; j++)
		if (!in[j])
			fix_col(P, j, 0);
	if (ret == 0 && glp_get_status(P) == GLP_OPT)
		ret = glp_simplex(P, parm);
cleanup:
	gv_sift_free(ws);
	return ret;
}
