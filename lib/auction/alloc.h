/* alloc.h: the allocation document and its exact check (formats/allocation.md) */
#ifndef GV_ALLOC_H
#define GV_ALLOC_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>
#include <jansson.h>

#include "bidset.h"
#include "err.h"

#define GV_ALLOC_FORMAT "gavel.allocation.v1"
/* the lottery allocation (lib/lottery/epoch.h; read by lib/slashing too) */
#define GV_ALLOC_FORMAT_V2 "gavel.allocation.v2"
#define GV_ALLOC_MAX_BYTES (64u << 20)
/*
 * The most values an allocation can hold (json.h), for a bid set of up to
 * 2048 rollups (gavel.bidset.v3): the top object, 10 names, 5 scalars;
 * slots 5; winners 1 + at most 2048 x (object, 4 names, 3 scalars, bundle
 * array) + 2048 bundle ids in all (winners share no rollup); unsold 1 +
 * 2048; rollups 1 + 2048 x 5; search 1 + 6 x 2 = 32805 values, of which
 * 6150 objects and arrays.
 */
#define GV_ALLOC_MAX_VALUES 32805
#define GV_ALLOC_MAX_CONTAINERS 6150

enum gv_status { GV_ST_OPTIMAL, GV_ST_FEASIBLE };
enum gv_stop { GV_STOP_COMPLETE, GV_STOP_TIME_LIMIT, GV_STOP_SIGNAL };

/*
 * An allocation of one bid set. All fields are owned by the struct:
 * gv_alloc_init before use, gv_alloc_free after.
 */
struct gv_alloc {
	size_t *winners;	/* bid indices, ascending (= bid id order) */
	size_t nwinners;
	long *owner;		/* per rollup: winning bid index or -1 */
	mpz_t *receives;	/* per rollup */
	size_t nrollups;
	mpz_t value;		/* winning amounts + reserves of unsold */
	int status;		/* enum gv_status */
	int stop;		/* enum gv_stop */
	mpz_t bound;		/* proven upper bound on the best value */
	uint64_t time_limit_ms, time_used_ms;	/* only when stop != complete */
};

void gv_alloc_init(struct gv_alloc *a);
void gv_alloc_free(struct gv_alloc *a);

/*
 * Make a hold winners (any order; copied and sorted) and compute the value
 * and every rollup's receipt by formats/allocation.md. GV_INVALID when the
 * winners are not a feasible allocation (shared rollup, two bids of one
 * XOR group, a bid below its reserves, a bid twice); messages name
 * doc and "winners[i]" with i the position in the given array.
 */
int gv_alloc_compute(const struct gv_bidset *bs, const size_t *winners,
    size_t n, struct gv_alloc *a, const char *doc, struct gv_err *e);

/*
 * The total order of formats/allocation.md ("Ties"): <0 when a is better
 * than b: higher value; then fewer winners; then the smaller list of
 * winning bid ids (compared element by element in byte order). 0 only
 * for the same winners.
 */
int gv_alloc_order(const struct gv_alloc *a, const struct gv_alloc *b);

/* The relative gap (bound-value)/bound rounded up to 9 decimals: "0.000000000". */
void gv_gap_str(char out[16], const mpz_t value, const mpz_t bound);

/* The allocation document (a new reference), or NULL when out of memory. */
json_t *gv_alloc_json(const struct gv_bidset *bs, const struct gv_alloc *a);

/*
 * Check an allocation document against its bid set from scratch, in the
 * fixed order of formats/allocation.md ("Checks"). GV_MALFORMED for a
 * document that does not follow the format, GV_INVALID for one that does
 * but is wrong. Optimality is not checked: nothing short of a solve can.
 */
int gv_alloc_check(const struct gv_bidset *bs, const json_t *doc,
    const char *docname, struct gv_err *e);

/*
 * Checks 3 to 5 of gv_alloc_check, shared with the lottery allocation: doc
 * has exactly the keys of keys (NULL-terminated), format format, and the
 * marketplace, epoch, bid set digest and slots of the bid set they are
 * given from. Same codes and messages.
 */
int gv_alloc_check_head(const json_t *doc, const char *const *keys,
    const char *format, const char *marketplace, uint64_t epoch,
    const unsigned char digest[GV_DIGEST_LEN], uint64_t slot_first,
    uint64_t slot_count, const char *docname, struct gv_err *e);

/*
 * Checks 8 and 9 of gv_alloc_check (unsold, rollups) and 11 and 12
 * (search, addable bids) for an allocation a already computed from the
 * winners, for documents that share them (the lottery allocation,
 * formats/allocation.md "Version 2"). Same codes and messages.
 */
int gv_alloc_check_rollups(const struct gv_bidset *bs, const struct gv_alloc *a,
    const json_t *unsold, const json_t *rollups, const char *doc,
    struct gv_err *e);
int gv_alloc_check_search(const struct gv_bidset *bs, const struct gv_alloc *a,
    const json_t *s, const char *doc, struct gv_err *e);

#endif
