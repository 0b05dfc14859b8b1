/* certify.h: bound certificates from the LP relaxation with clique rows (formats/bound-certificate.md) */
#ifndef GV_CERTIFY_H
#define GV_CERTIFY_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "bidset.h"
#include "err.h"

/* What a certification did; for the summary line and the benchmark. */
struct gv_certify_info {
	size_t columns;		/* bids above their reserves */
	size_t rows;		/* rollup and XOR rows of the LP */
	size_t cliques;		/* clique and odd cycle rows added by separation */
	size_t cycles;		/* of which odd cycles */
	size_t rounds;		/* LP solves */
	size_t priced;		/* rows with a non-zero price in the certificate */
	int integral;		/* the last LP solution was integral */
	int exact_duals;	/* the refined duals solved the basis exactly */
	uint64_t time_ms;
	char bound[80];		/* the certified bound, decimal */
};

/*
 * Build the bound certificate of bs for the allocation document alloc
 * (already checked): solve the LP relaxation with GLPK, add violated
 * clique rows of the bid conflict graph, turn the float duals into exact
 * rationals, repair them so every covering inequality holds exactly, and
 * check the result with gv_boundcert_check from its own bytes. On success
 * *text (malloc'd, ending in a newline) holds the document. Never fails
 * for numerical reasons: the repair alone yields a valid (if weak)
 * certificate. GV_INTERNAL when out of memory or GLPK breaks down.
 */
int gv_certify(const struct gv_bidset *bs, const json_t *alloc,
    uint64_t time_limit_ms, char **text, struct gv_certify_info *info,
    struct gv_err *e);

#endif
