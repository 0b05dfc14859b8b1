/* sift.h: the model's LP relaxation by sifting (formats/allocation.md, "Winner determination") */
#ifndef GV_SIFT_H
#define GV_SIFT_H

#include <stddef.h>

#include <glpk.h>

/* What one sifting solve did; for the verbose log. */
struct gv_sift_stats {
	size_t first;		/* columns in the first working set */
	size_t added;		/* columns priced in by later rounds */
	int rounds;		/* LP solves on a working set */
	int plain;		/* out of memory: one plain glp_simplex instead */
};

/*
 * gv_sift's buffers, owned by the caller so that they survive a longjmp
 * out of GLPK (solve.c's term_hook): zero it before the first call and
 * release it with gv_sift_free, which leaves it zeroed.
 */
struct gv_sift_ws {
	void *buf[8];
};
void gv_sift_free(struct gv_sift_ws *ws);

/*
 * Solve the LP relaxation of the packing model P (maximise; every column
 * in [0, 1], every row <= 1 with coefficients 1) with parm, as
 * glp_simplex does, but on a working set of columns: start's columns
 * (1-based values, or NULL) and each row's best by coefficient per row,
 * the rest fixed at 0; after each solve the columns outside whose reduced
 * cost under the row duals is positive join, the most positive first,
 * until none is. Then every column is back in [0, 1] and a last
 * glp_simplex from that basis confirms it optimal for the whole model.
 * Returns glp_simplex's code (0: read glp_get_status); P keeps its
 * columns and bounds whatever the outcome (but a longjmp out of GLPK,
 * after which P is dropped anyway). ws holds the buffers. Deterministic: the same P
 * and start give the same solves.
 */
int gv_sift(glp_prob *P, const double *start, const glp_smcp *parm,
    struct gv_sift_ws *ws, struct gv_sift_stats *st);

#endif
