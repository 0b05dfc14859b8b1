/* lottery.h: the lottery's draw and ticket-price update (formats/lottery.md) */
#ifndef GV_LOTTERY_H
#define GV_LOTTERY_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>

#include "canon.h"
#include "err.h"

/* Most tickets one bundle may hold in one epoch: an exact JSON integer. */
#define GV_LOTTERY_MAX_TICKETS 9007199254740991ULL
/* The price update's largest step, in basis points of the price. */
#define GV_LOTTERY_MAX_CHANGE_BPS 10000u

/*
 * Draw the winning ticket of one slot of one winning bundle: an index in
 * [0, total) that is a function of (beacon, marketplace, epoch, slot,
 * bundle) alone, uniform without modulo bias (rejection sampling over
 * SHA-256, formats/lottery.md "The draw"). bundle holds the bundle's
 * rollup ids in ascending byte order. *rounds, if not NULL, receives the
 * number of digests computed (1 unless a sample was rejected).
 * total must be 1 to GV_LOTTERY_MAX_TICKETS. Returns GV_OK, GV_MALFORMED
 * for a total out of range, GV_INTERNAL when out of memory.
 */
int gv_lottery_draw(const unsigned char beacon[GV_DIGEST_LEN],
    const char *marketplace, uint64_t epoch, uint64_t slot,
    const char *const *bundle, size_t nbundle, uint64_t total,
    uint64_t *index, unsigned *rounds, struct gv_err *e);

/*
 * The holder of ticket index among purchases holding tickets[0..n) tickets
 * each, in the bid set's order: the k with tickets[0] + ... + tickets[k-1]
 * <= index < tickets[0] + ... + tickets[k]. Purchases of zero tickets
 * hold none. index must be below the sum; returns n if it is not.
 */
size_t gv_lottery_holder(const uint64_t *tickets, size_t n, uint64_t index);

/*
 * The next epoch's ticket price from this epoch's price, the tickets sold
 * and the update parameters (formats/lottery.md "The next price"): exact
 * integers, a step of at most max_change_bps of the price, never below
 * floor, never 2^256 or more. next must be initialised by the caller and
 * may not alias price or floor. target must be at least 1 and
 * max_change_bps 1 to GV_LOTTERY_MAX_CHANGE_BPS; GV_MALFORMED otherwise.
 */
int gv_lottery_next_price(mpz_t next, const mpz_t price, uint64_t sold,
    uint64_t target, unsigned max_change_bps, const mpz_t floor,
    struct gv_err *e);

#endif
