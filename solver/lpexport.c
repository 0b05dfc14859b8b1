/* lpexport.c: the reduced integer program of an epoch as LP and MPS text (formats/lp-export.md) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "atomic.h"
#include "json.h"
#include "lpexport.h"
#include "reduce.h"

/* LP terms per line: short lines for every reader (CPLEX caps them). */
#define TERMS_PER_LINE 8

/*
 * The program: a column per kept bid; a row per rollup that a kept bid
 * covers and per XOR group that two kept bids share, each "sum <= 1".
 * Rows are listed with their columns (CSR), for the row-wise LP format.
 */
struct program {
	const struct gv_bidset *bs;
	struct gv_reduced red;
	mpz_t g, reserves;
	int have_red;
	mpz_t *obj;		/* net / g per column */
	size_t nobj;		/* initialised entries of obj */
	long *row_r, *row_x;	/* row number per rollup / XOR group, or -1 */
	const char **xor_name;	/* per XOR group */
	size_t nrows;
	size_t *row_idx;	/* per row: its rollup or XOR group index */
	unsigned char *row_xor;	/* per row: 1 for an XOR group */
	size_t *start, *cols;	/* row k's columns: cols[start[k] .. start[k+1]) */
};

/* Row k's name: "R<rollup index>" or "X<XOR group index>". */
static void
row_name(const struct program *p, size_t k, char out[32])
{
	snprintf(out, 32, "%c%zu", p->row_xor[k] ? 'X' : 'R', p->row_idx[k]);
}

static int
build(struct program *p, struct gv_err *e)
{
	const struct gv_bidset *bs = p->bs;
	size_t i, j, *cnt_r = NULL, *cnt_x = NULL, *fill = NULL, nz = 0;
	int rc;

	if ((rc = gv_reduce(bs, &p->red, e)) != GV_OK)
		return rc;
	p->have_red = 1;
	rc = gv_err_set(e, GV_INTERNAL, bs->doc, NULL,
	    "out of memory exporting the integer program");
	p->obj = calloc(p->red.n + 1, sizeof(mpz_t));
	p->row_r = malloc((bs->nrollups + 1) * sizeof(long));
	p->row_x = malloc((bs->nxor + 1) * sizeof(long));
	p->xor_name = calloc(bs->nxor + 1, sizeof(char *));
	cnt_r = calloc(bs->nrollups + 1, sizeof(size_t));
	cnt_x = calloc(bs->nxor + 1, sizeof(size_t));
	if (!p->obj || !p->row_r || !p->row_x || !p->xor_name || !cnt_r ||
	    !cnt_x)
		goto cleanup;
	for (i = 0; i < bs->nrollups; i++)
		mpz_add(p->reserves, p->reserves, bs->rollups[i].reserve);
	for (i = 0; i < bs->nbids; i++)
		if (bs->bids[i].xor_group >= 0)
			p->xor_name[bs->bids[i].xor_group] = bs->bids[i].xor;
	mpz_set_ui(p->g, 0);
	for (i = 0; i < p->red.n; i++)
		mpz_gcd(p->g, p->g, p->red.net[i]);
	if (mpz_sgn(p->g) == 0)
		mpz_set_ui(p->g, 1);
	for (i = 0; i < p->red.n; i++) {
		const struct gv_bid *b = &bs->bids[p->red.bid[i]];

		mpz_init(p->obj[i]);
		p->nobj++;
		mpz_divexact(p->obj[i], p->red.net[i], p->g);
		for (j = 0; j < b->nbundle; j++)
			cnt_r[b->bundle[j]]++;
		if (b->xor_group >= 0)
			cnt_x[b->xor_group]++;
	}
	p->nrows = 0;
	for (i = 0; i < bs->nrollups; i++) {
		p->row_r[i] = cnt_r[i] > 0 ? (long)p->nrows++ : -1;
		nz += cnt_r[i];
	}
	for (i = 0; i < bs->nxor; i++) {
		p->row_x[i] = cnt_x[i] > 1 ? (long)p->nrows++ : -1;
		nz += cnt_x[i] > 1 ? cnt_x[i] : 0;
	}
	p->start = calloc(p->nrows + 2, sizeof(size_t));
	p->cols = calloc(nz + 1, sizeof(size_t));
	p->row_idx = calloc(p->nrows + 1, sizeof(size_t));
	p->row_xor = calloc(p->nrows + 1, 1);
	fill = calloc(p->nrows + 1, sizeof(size_t));
	if (!p->start || !p->cols || !p->row_idx || !p->row_xor || !fill)
		goto cleanup;
	for (i = 0; i < bs->nrollups; i++)
		if (p->row_r[i] >= 0)
			p->row_idx[p->row_r[i]] = i;
	for (i = 0; i < bs->nxor; i++)
		if (p->row_x[i] >= 0) {
			p->row_idx[p->row_x[i]] = i;
			p->row_xor[p->row_x[i]] = 1;
		}
	for (i = 0; i < bs->nrollups; i++)
		if (p->row_r[i] >= 0)
			p->start[p->row_r[i] + 1] = cnt_r[i];
	for (i = 0; i < bs->nxor; i++)
		if (p->row_x[i] >= 0)
			p->start[p->row_x[i] + 1] = cnt_x[i];
	for (i = 0; i < p->nrows; i++)
		p->start[i + 1] += p->start[i];
	for (i = 0; i < p->red.n; i++) {
		const struct gv_bid *b = &bs->bids[p->red.bid[i]];
		long k;

		for (j = 0; j < b->nbundle; j++) {
			k = p->row_r[b->bundle[j]];
			p->cols[p->start[k] + fill[k]++] = i;
		}
		if (b->xor_group >= 0 && (k = p->row_x[b->xor_group]) >= 0)
			p->cols[p->start[k] + fill[k]++] = i;
	}
	rc = GV_OK;
cleanup:
	free(cnt_r);
	free(cnt_x);
	free(fill);
	return rc;
}

static void
program_free(struct program *p)
{
	size_t i;

	for (i = 0; i < p->nobj; i++)
		mpz_clear(p->obj[i]);
	free(p->obj);
	free(p->row_idx);
	free(p->row_xor);
	free(p->row_r);
	free(p->row_x);
	free(p->xor_name);
	free(p->start);
	free(p->cols);
	if (p->have_red)
		gv_reduced_free(&p->red);
	mpz_clears(p->g, p->reserves, NULL);
}

/* The comment block both formats share; c is the comment marker. */
static void
header(FILE *f, const struct program *p, const char *c, int mps)
{
	const struct gv_bidset *bs = p->bs;
	char hex[2 * GV_DIGEST_LEN + 1];
	size_t i;

	gv_hex(hex, bs->digest, GV_DIGEST_LEN);
	fprintf(f, "%s gavel-solve --write-%s: winner determination of one "
	    "epoch after reductions (formats/lp-export.md)\n", c,
	    mps ? "mps" : "lp");
	fprintf(f, "%s marketplace %s\n%s epoch %ju\n%s bidset %s\n", c,
	    bs->marketplace, c, (uintmax_t)bs->epoch, c, hex);
	fprintf(f, "%s bids %zu kept %zu below-reserves %zu dominated %zu "
	    "rollups %zu\n", c, bs->nbids, p->red.n, p->red.dropped_reserve,
	    p->red.dropped_dominated, bs->nrollups);
	if (mps)
		fprintf(f, "%s minimise; value = reserves - gcd * objective\n",
		    c);
	else
		fprintf(f, "%s maximise; value = reserves + gcd * objective\n",
		    c);
	gmp_fprintf(f, "%s reserves %Zd\n%s gcd %Zd\n", c, p->reserves, c,
	    p->g);
	if (p->red.n == 0)
		fprintf(f, "%s no bid survives the reductions: x0 is a "
		    "placeholder fixed at 0\n", c);
	for (i = 0; i < p->red.n; i++)
		fprintf(f, "%s column x%zu bid %s\n", c, i + 1,
		    bs->bids[p->red.bid[i]].id);
	for (i = 0; i < bs->nrollups; i++)
		if (p->row_r[i] >= 0)
			fprintf(f, "%s row R%zu rollup %s\n", c, i,
			    bs->rollups[i].id);
	for (i = 0; i < bs->nxor; i++)
		if (p->row_x[i] >= 0)
			fprintf(f, "%s row X%zu xor %s\n", c, i,
			    p->xor_name[i]);
}

static void
write_lp(FILE *f, const struct program *p)
{
	size_t i, k;
	char name[32];

	header(f, p, "\\", 0);
	fprintf(f, "Maximize\n value:");
	if (p->red.n == 0)
		fprintf(f, " 0 x0");
	for (i = 0; i < p->red.n; i++)
		gmp_fprintf(f, "%s + %Zd x%zu",
		    i > 0 && i % TERMS_PER_LINE == 0 ? "\n   " : "", p->obj[i],
		    i + 1);
	fprintf(f, "\nSubject To\n");
	if (p->red.n == 0)
		fprintf(f, " none: x0 <= 0\n");
	for (k = 0; k < p->nrows; k++) {
		row_name(p, k, name);
		fprintf(f, " %s:", name);
		for (i = p->start[k]; i < p->start[k + 1]; i++)
			fprintf(f, "%s + x%zu", i > p->start[k] &&
			    (i - p->start[k]) % TERMS_PER_LINE == 0 ? "\n   " :
			    "", p->cols[i] + 1);
		fprintf(f, " <= 1\n");
	}
	fprintf(f, "Binary\n");
	if (p->red.n == 0)
		fprintf(f, " x0\n");
	for (i = 0; i < p->red.n; i++)
		fprintf(f, " x%zu%s", i + 1,
		    (i + 1) % TERMS_PER_LINE == 0 || i + 1 == p->red.n ? "\n" :
		    "");
	fprintf(f, "End\n");
}

static void
write_mps(FILE *f, const struct program *p)
{
	const struct gv_bidset *bs = p->bs;
	size_t i, j, k;
	char name[32];

	header(f, p, "*", 1);
	fprintf(f, "NAME gavel\nROWS\n N value\n");
	if (p->red.n == 0)
		fprintf(f, " L none\n");
	for (k = 0; k < p->nrows; k++) {
		row_name(p, k, name);
		fprintf(f, " L %s\n", name);
	}
	fprintf(f, "COLUMNS\n");
	if (p->red.n == 0)
		fprintf(f, " x0 value 0 none 1\n");
	for (i = 0; i < p->red.n; i++) {
		const struct gv_bid *b = &bs->bids[p->red.bid[i]];

		/* MPS minimises (GLPK reads no OBJSENSE): the objective is negated. */
		gmp_fprintf(f, " x%zu value -%Zd\n", i + 1, p->obj[i]);
		for (j = 0; j < b->nbundle; j++)
			fprintf(f, " x%zu R%zu 1\n", i + 1, b->bundle[j]);
		if (b->xor_group >= 0 && p->row_x[b->xor_group] >= 0)
			fprintf(f, " x%zu X%ld 1\n", i + 1, b->xor_group);
	}
	fprintf(f, "RHS\n");
	if (p->red.n == 0)
		fprintf(f, " rhs none 0\n");
	for (k = 0; k < p->nrows; k++) {
		row_name(p, k, name);
		fprintf(f, " rhs %s 1\n", name);
	}
	fprintf(f, "BOUNDS\n");
	if (p->red.n == 0)
		fprintf(f, " BV bnd x0\n");
	for (i = 0; i < p->red.n; i++)
		fprintf(f, " BV bnd x%zu\n", i + 1);
	fprintf(f, "ENDATA\n");
}

/* Render one format into memory, then write it atomically. */
static int
emit(const struct program *p, const char *path, int mps, struct gv_err *e)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return gv_err_set(e, GV_INTERNAL, path, NULL, "out of memory");
	if (mps)
		write_mps(f, p);
	else
		write_lp(f, p);
	if (fclose(f) != 0 || buf == NULL) {
		free(buf);
		return gv_err_set(e, GV_INTERNAL, path, NULL, "out of memory");
	}
	rc = gv_write_atomic(path, buf, len, e);
	free(buf);
	return rc;
}

int
gv_lp_export(const struct gv_bidset *bs, const char *lp_path,
    const char *mps_path, struct gv_err *e)
{
	struct program p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.bs = bs;
	mpz_inits(p.g, p.reserves, NULL);
	if ((rc = build(&p, e)) != GV_OK)
		goto cleanup;
	if (lp_path != NULL && (rc = emit(&p, lp_path, 0, e)) != GV_OK)
		goto cleanup;
	if (mps_path != NULL && (rc = emit(&p, mps_path, 1, e)) != GV_OK)
		goto cleanup;
	rc = GV_OK;
cleanup:
	program_free(&p);
	return rc;
}
