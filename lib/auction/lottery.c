/* lottery.c: the lottery's draw and ticket-price update (formats/lottery.md) */
#include <string.h>

#include <jansson.h>

#include "json.h"
#include "lottery.h"

/*
 * The draw's input object for one round. Rounds after the first exist
 * only for rejected samples; they are part of the object so that every
 * round hashes different bytes.
 */
static json_t *
draw_input(const unsigned char beacon[GV_DIGEST_LEN],
    const char *const *bundle, size_t nbundle, uint64_t slot, unsigned round)
{
	char hex[2 * GV_DIGEST_LEN + 1];
	json_t *o = json_object(), *b = json_array();
	size_t i;

	if (o == NULL || b == NULL)
		goto fail;
	for (i = 0; i < nbundle; i++)
		if (json_array_append_new(b, json_string(bundle[i])) != 0)
			goto fail;
	gv_hex(hex, beacon, GV_DIGEST_LEN);
	if (json_object_set_new(o, "beacon", json_string(hex)) != 0 ||
	    json_object_set(o, "bundle", b) != 0 ||
	    json_object_set_new(o, "round", json_integer(round)) != 0 ||
	    json_object_set_new(o, "slot", json_integer((json_int_t)slot)) != 0)
		goto fail;
	json_decref(b);
	return o;
fail:
	json_decref(b);
	json_decref(o);
	return NULL;
}

int
gv_lottery_draw(const unsigned char beacon[GV_DIGEST_LEN],
    const char *marketplace, uint64_t epoch, uint64_t slot,
    const char *const *bundle, size_t nbundle, uint64_t total,
    uint64_t *index, unsigned *rounds, struct gv_err *e)
{
	unsigned char d[GV_DIGEST_LEN];
	uint64_t x, limit;
	unsigned round;
	json_t *in;
	int i, rc;

	if (total == 0 || total > GV_LOTTERY_MAX_TICKETS)
		return gv_err_set(e, GV_MALFORMED, NULL, NULL, "draw: %ju "
		    "tickets, expected 1 to 9007199254740991",
		    (uintmax_t)total);
	/*
	 * The largest multiple of total that fits in 64 bits: samples at or
	 * above it would favour the low indices, so they are drawn again.
	 * 2^64 mod total is computed as (2^64 - total) mod total.
	 */
	limit = UINT64_MAX - (((UINT64_MAX - total) + 1) % total) + 1;
	for (round = 0;; round++) {
		if ((in = draw_input(beacon, bundle, nbundle, slot, round)) ==
		    NULL)
			return gv_err_set(e, GV_INTERNAL, NULL, NULL,
			    "out of memory");
		rc = gv_digest(d, "draw", marketplace, epoch, in);
		json_decref(in);
		if (rc != GV_OK)
			return gv_err_set(e, GV_INTERNAL, NULL, NULL,
			    "out of memory");
		for (x = 0, i = 0; i < 8; i++)
			x = (x << 8) | d[i];
		/* limit == 0 stands for 2^64: total divides it, keep all */
		if (limit == 0 || x < limit)
			break;
	}
	*index = x % total;
	if (rounds != NULL)
		*rounds = round + 1;
	return GV_OK;
}

size_t
gv_lottery_holder(const uint64_t *tickets, size_t n, uint64_t index)
{
	uint64_t below = 0;
	size_t k;

	for (k = 0; k < n; k++) {
		if (index - below < tickets[k])
			return k;
		below += tickets[k];
	}
	return n;
}

int
gv_lottery_next_price(mpz_t next, const mpz_t price, uint64_t sold,
    uint64_t target, unsigned max_change_bps, const mpz_t floor,
    struct gv_err *e)
{
	mpz_t delta, den, cap;
	uint64_t off;

	if (target == 0 || max_change_bps == 0 ||
	    max_change_bps > GV_LOTTERY_MAX_CHANGE_BPS)
		return gv_err_set(e, GV_MALFORMED, NULL, NULL, "next price: "
		    "target must be at least 1 and max_change_bps 1 to 10000");
	mpz_inits(delta, den, cap, NULL);
	/* At most one target's worth of distance counts: the step is capped. */
	off = sold > target ? sold - target : target - sold;
	if (off > target)
		off = target;
	mpz_mul_ui(delta, price, off);
	mpz_mul_ui(delta, delta, max_change_bps);
	mpz_set_ui(den, target);
	mpz_mul_ui(den, den, GV_LOTTERY_MAX_CHANGE_BPS);
	mpz_fdiv_q(delta, delta, den);
	mpz_set(next, price);
	if (sold > target) {
		/* at least one unit up, or a price of 0 could never move */
		if (mpz_sgn(delta) == 0)
			mpz_set_ui(delta, 1);
		mpz_add(next, next, delta);
	} else if (sold < target)
		mpz_sub(next, next, delta);
	if (mpz_cmp(next, floor) < 0)
		mpz_set(next, floor);
	mpz_ui_pow_ui(cap, 2, 256);
	mpz_sub_ui(cap, cap, 1);
	if (mpz_cmp(next, cap) > 0)
		mpz_set(next, cap);
	mpz_clears(delta, den, cap, NULL);
	return GV_OK;
}
