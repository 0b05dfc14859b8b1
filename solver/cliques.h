/* cliques.h: the packing rows of the model extended to larger cliques of the bid conflict graph (formats/allocation.md, "Numeric strategy") */
#ifndef GV_CLIQUES_H
#define GV_CLIQUES_H

#include <stddef.h>

#include <glpk.h>

#include "cliquecut.h"

/*
 * P is the model of solve.c over the kept bids of h = cc->h (column
 * i + 1 is kept bid i; cc's bit sets answer the conflict tests): one row "sum x <= 1" per resource (rollup, then XOR group, in
 * h's order) that two kept bids or more hold, in that order. Each such
 * row is extended, in place, by kept bids that conflict with every bid of
 * the row and with each other (a larger clique of the conflict graph: two
 * bids conflict when they share a rollup or an XOR group), so that the LP
 * relaxation is tighter while the 0/1 solutions stay exactly the same.
 * Work is bounded by an operation count, never by the clock: the result
 * is the same on every run. Returns the number of entries added: 0 when
 * cc is off or too big for this, -1 out of memory (P then unchanged).
 */
long gv_cliques_extend(glp_prob *P, const struct gv_cliquecut *cc);

#endif
