/* boundcert.h: the bound certificate document and its exact check (formats/bound-certificate.md) */
#ifndef GV_BOUNDCERT_H
#define GV_BOUNDCERT_H

#include <stddef.h>

#include <gmp.h>
#include <jansson.h>

#include "bidset.h"
#include "err.h"

#define GV_BOUNDCERT_FORMAT "gavel.bound-certificate.v1"
#define GV_BOUNDCERT_MAX_BYTES (64u << 20)
/* Digits in the numerator or in the denominator of one rational. */
#define GV_RATIONAL_MAX_DIGITS 200
#define GV_BOUNDCERT_MAX_CLIQUES 65536
#define GV_BOUNDCERT_MAX_CLIQUE 1024
/* Members of all cliques together: keeps the pair checks near a second. */
#define GV_BOUNDCERT_MAX_MEMBERS 65536

/*
 * Parse a rational "N", "-N", "N/D" or "-N/D" (formats/bound-certificate.md,
 * "Rationals") into out (initialised by the caller). Syntax problems are
 * GV_MALFORMED naming doc and path; a negative value is accepted here (the
 * caller decides whether it may be negative).
 */
int gv_rational_parse(mpq_t out, const char *s, const char *doc,
    const char *path, struct gv_err *e);

/* The canonical string of a canonical mpq ("N" or "N/D"); free() it. NULL when out of memory. */
char *gv_rational_str(const mpq_t q);

/* Is bids a and b in conflict: a shared rollup or a shared XOR group. */
int gv_bids_conflict(const struct gv_bidset *bs, size_t a, size_t b);

/*
 * Check the bound certificate cert (docname in messages) against the bid
 * set bs and the allocation document alloc, which the caller has already
 * checked with gv_alloc_check, in the fixed order of
 * formats/bound-certificate.md ("Checks"). On success bound (initialised
 * by the caller) holds the proven bound: no feasible allocation of bs is
 * worth more. GV_MALFORMED for a document that does not follow the format,
 * GV_INVALID for one that does but proves nothing (the first violated
 * inequality named), GV_INTERNAL when out of memory.
 */
int gv_boundcert_check(const struct gv_bidset *bs, const json_t *alloc,
    const json_t *cert, const char *docname, mpz_t bound, struct gv_err *e);

#endif
