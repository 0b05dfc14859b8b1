/* solve.h: winner determination with GLPK, exact in GMP (formats/allocation.md, "Winner determination") */
#ifndef GV_SOLVE_H
#define GV_SOLVE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "budget.h"
#include "bidset.h"
#include "err.h"
#include "progress.h"

struct gv_solve_opts {
	uint64_t time_limit_ms;
	/* Polled during the search; nonzero stops it (a signal handler sets it). */
	volatile sig_atomic_t *interrupt;
	int verbose;		/* GLPK's log on stderr */
	struct gv_monitor *monitor;	/* progress and trace (progress.h), or NULL */
	unsigned threads;	/* --threads: 0 all cores (cores.h) */
	/*
	 * The LP relaxation by sifting (sift.h): 0 when the model has at
	 * least SIFT_AUTO_COLS columns and SIFT_AUTO_RATIO per row (solve.c),
	 * 1 always, -1 never. Only the time to the answer depends on it.
	 */
	int sift;
	/*
	 * The exact search over packings (packsearch.h) before GLPK: 0 when
	 * the model is exact, the kept bids at most GV_PACK_MAX_BIDS and the
	 * heuristic start has at most PACK_FEW_WINNERS winners (solve.c), 1
	 * whenever the model is exact and the bids few enough, -1 never.
	 */
	int pack;
	/*
	 * Branching: 0 (or 1) pseudocost branching by the product of the
	 * two estimated losses (branch.h) while its set-up fits the time
	 * left, -1 GLPK's own pseudocost rule (the larger of the two) in its
	 * place. Only the time to the answer depends on it.
	 */
	int branch;
	/*
	 * Odd-cycle cuts down to this depth of the tree (oddcycle.h): 0 the
	 * default, 4 under product-score branching and 12 under GLPK's rule
	 * (solve.c). Only the time to the answer depends on it.
	 */
	int odd_level;
	/*
	 * Clique cuts (cliquecut.h): 0 (or 1) on, -1 off. Only the time to
	 * the answer depends on it.
	 */
	int clique_cuts;
	/*
	 * The last 1/ils_part of the time left when the branch and bound
	 * begins goes to an iterated local search (ils.h) from its
	 * incumbent, when the branch and bound has not completed by then:
	 * 0 none (the default). race.c's second search uses it, and
	 * gavel-solve's searches with no second search beside them (main.c,
	 * with ils_min_gap). It only ever replaces a branch and bound that
	 * would end by the time limit, so a search that completes gives the
	 * same bytes with it or without.
	 */
	unsigned ils_part;
	/*
	 * With ils_part: the local search begins only when GLPK's relative
	 * gap on the model is at least this at that moment; below it the
	 * branch and bound goes on to the end. 0: it begins regardless
	 * (race.c's second search, which leaves proving to the first).
	 */
	double ils_min_gap;
	/*
	 * Set to 1 when the branch and bound begins (after reading, checks,
	 * reductions, heuristic start and LP relaxation), or NULL: race.c
	 * starts its second search only then, so as not to slow the first's
	 * set-up.
	 */
	volatile sig_atomic_t *searching;
	/*
	 * A warm start (warmstart.h), or NULL: one flag per bid of the bid
	 * set solved, a feasible allocation, borrowed. It joins the
	 * candidates and is GLPK's start when it is the best of them.
	 */
	const unsigned char *start;
};

/* What the summary line reports; not part of any document. */
struct gv_solve_info {
	size_t kept, dropped_reserve, dropped_dominated;
	int exact;		/* the double model is exact (see the spec) */
	unsigned shift;		/* bits dropped from each coefficient when not exact */
	uint64_t time_used_ms;
	size_t parts;		/* independent components (components.h), or 0 */
};

/*
 * Solve the winner determination problem of bs and fill a (initialised by
 * the caller) with the best allocation found, its status, stop reason and
 * exact bound. The search never fails for lack of time: the allocation
 * that sells nothing is always at hand. GV_INTERNAL if GLPK fails.
 */
int gv_solve(const struct gv_bidset *bs, const struct gv_solve_opts *o,
    struct gv_alloc *a, struct gv_solve_info *info, struct gv_err *e);

/*
 * The same within the whole run's budget b (budget.h: started with the
 * run, so that the time limit covers reading and checking the input too),
 * which replaces o->time_limit_ms and o->interrupt. gv_solve is this with
 * a budget started on entry.
 */
int gv_solve_within(const struct gv_bidset *bs, const struct gv_solve_opts *o,
    const struct gv_budget *b, struct gv_alloc *a,
    struct gv_solve_info *info, struct gv_err *e);

/*
 * The same, warm-started (a challenger's search): start, n bid indices
 * ascending, is a feasible allocation that joins the candidates as an
 * incumbent and is handed to GLPK in place of the greedy start when it is
 * better.
 */
int gv_solve_from(const struct gv_bidset *bs, const struct gv_solve_opts *o,
    const size_t *start, size_t n, struct gv_alloc *a,
    struct gv_solve_info *info, struct gv_err *e);

#endif
