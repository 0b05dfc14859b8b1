/* ils.h: iterated local search over packings (formats/allocation.md, "Winner determination") */
#ifndef GV_ILS_H
#define GV_ILS_H

#include <stddef.h>
#include <stdint.h>

#include "heuristic.h"

struct gv_budget;
struct gv_ils_opts {
	uint64_t seed;		/* 0: a fixed default */
	size_t iterations;	/* perturbations at most */
	uint64_t work;		/* resource visits at most, all together */
	/* resource visits per local search: the first, and each after a perturbation */
	uint64_t ls_work;
	size_t patience;	/* worse results rejected in a row before one is taken */
	const struct gv_budget *budget;	/* stop when it says so; NULL: never */
	uint64_t deadline_ms;	/* gv_now_ms() clock; 0: none */
};

/*
 * Iterated local search from the packing x (1-based 0/1, feasible): local
 * search (insert a bid, dropping the winners it conflicts with; drop a
 * winner for the bids that conflict with it alone), then, each
 * iteration, force one to four random bids in and search locally again,
 * keeping the result when it is no worse (or after patience worse ones
 * in a row). x receives the best packing seen; returns its objective,
 * or -1 when out of memory or h has no bids (x untouched).
 * Deterministic for a seed, iterations and work when neither the budget
 * nor the deadline (looked at every iteration) stops it. h is
 * borrowed.
 */
double gv_ils(const struct gv_heur *h, double *x, const struct gv_ils_opts *o);

#endif
