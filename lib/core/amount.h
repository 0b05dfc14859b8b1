/* amount.h: amounts as decimal strings (formats/README.md, "Amounts") */
#ifndef GV_AMOUNT_H
#define GV_AMOUNT_H

#include <gmp.h>

#include "err.h"

/* Longest accepted amount string: 2^256-1 has 78 digits. */
#define GV_AMOUNT_MAX_DIGITS 78

/*
 * Parse an amount string into out (already initialised by the caller).
 * Accepts "0" or a non-empty run of ASCII digits with no leading zero,
 * at most GV_AMOUNT_MAX_DIGITS long and below 2^256. On failure sets e
 * with GV_MALFORMED naming doc and path.
 */
int gv_amount_parse(mpz_t out, const char *s, const char *doc,
    const char *path, struct gv_err *e);

/* Canonical decimal string of a non-negative mpz; caller frees with free(). */
char *gv_amount_str(const mpz_t v);

#endif
