/* test_amount.c: amounts as decimal strings (formats/README.md, "Amounts") */
#include <string.h>

#include <criterion/criterion.h>
#include <gmp.h>

#include "amount.h"
#include "json.h"

#define TWO256 "1157920892373161954235709850086879078532699846656405640394" \
    "57584007913129639936"
#define TWO256M1 "115792089237316195423570985008687907853269984665640564039" \
    "457584007913129639935"
#define NOT_DIGITS "d: p: amount is not a decimal integer (digits only: " \
    "no sign, point, exponent or space)"

static void
rejects(const char *s, const char *msg)
{
	struct gv_err e = { 0, "" };
	mpz_t v;

	mpz_init(v);
	cr_assert_eq(gv_amount_parse(v, s, "d", "p", &e), GV_MALFORMED,
	    "accepted \"%s\"", s);
	cr_assert_eq(e.code, GV_MALFORMED);
	cr_assert_str_eq(e.msg, msg, "for \"%s\"", s);
	mpz_clear(v);
}

static void
accepts(const char *s)
{
	struct gv_err e = { 0, "" };
	char *back;
	mpz_t v;

	mpz_init(v);
	cr_assert_eq(gv_amount_parse(v, s, "d", "p", &e), GV_OK, "%s", e.msg);
	back = gv_amount_str(v);
	cr_assert_str_eq(back, s, "amounts round-trip exactly");
	free(back);
	mpz_clear(v);
}

Test(amount, accepts_zero)
{
	accepts("0");
}

Test(amount, accepts_ten_to_the_thirty)
{
	accepts("1000000000000000000000000000000");
}

Test(amount, accepts_two_to_the_256_minus_one)
{
	cr_assert_eq(strlen(TWO256M1), GV_AMOUNT_MAX_DIGITS);
	accepts(TWO256M1);
}

Test(amount, rejects_two_to_the_256)
{
	rejects(TWO256, "d: p: amount is 2^256 or more");
}

Test(amount, rejects_78_nines)
{
	rejects("999999999999999999999999999999999999999999999999999999999999"
	    "999999999999999999", "d: p: amount is 2^256 or more");
}

Test(amount, rejects_79_digits)
{
	rejects("1000000000000000000000000000000000000000000000000000000000000"
	    "000000000000000000", "d: p: amount has 79 digits, the limit is 78");
}

Test(amount, rejects_the_empty_string)
{
	rejects("", "d: p: empty amount");
}

Test(amount, rejects_a_sign)
{
	rejects("-1", NOT_DIGITS);
	rejects("+1", NOT_DIGITS);
	rejects("-0", NOT_DIGITS);
}

Test(amount, rejects_a_fraction)
{
	rejects("1.5", NOT_DIGITS);
	rejects("1.0", NOT_DIGITS);
	rejects(".5", NOT_DIGITS);
}

Test(amount, rejects_an_exponent)
{
	rejects("1e3", NOT_DIGITS);
	rejects("1E3", NOT_DIGITS);
}

Test(amount, rejects_spaces)
{
	rejects(" 1", NOT_DIGITS);
	rejects("1 ", NOT_DIGITS);
	rejects("1 000", NOT_DIGITS);
	rejects("1\t", NOT_DIGITS);
}

Test(amount, rejects_hex_and_separators)
{
	rejects("0x10", NOT_DIGITS);
	rejects("1_000", NOT_DIGITS);
	rejects("1,000", NOT_DIGITS);
}

Test(amount, rejects_leading_zeros)
{
	rejects("01", "d: p: amount has a leading zero");
	rejects("00", "d: p: amount has a leading zero");
	rejects("0000000000000000000000000000000000000000000000000000000000"
	    "00000000000000000001", "d: p: amount has a leading zero");
}

static void
field_rejects(const char *json, const char *msg)
{
	struct gv_err e = { 0, "" };
	json_t *o;
	mpz_t v;

	cr_assert_eq(gv_json_parse(json, strlen(json), "d", &o, &e), GV_OK,
	    "%s", e.msg);
	mpz_init(v);
	cr_assert_eq(gv_get_amount(o, "amount", v, "d", "bids[0]", &e),
	    GV_MALFORMED);
	cr_assert_str_eq(e.msg, msg);
	mpz_clear(v);
	json_decref(o);
}

Test(amount, a_json_number_is_not_an_amount)
{
	field_rejects("{\"amount\": 5}", "d: bids[0].amount: amount must be a "
	    "decimal string, not a JSON number");
	field_rejects("{\"amount\": 5.0}", "d: bids[0].amount: amount must be a "
	    "decimal string, not a JSON number");
}

Test(amount, other_json_types_are_not_amounts)
{
	field_rejects("{\"amount\": null}", "d: bids[0].amount: amount must be "
	    "a decimal string, not a JSON value of another type");
	field_rejects("{\"amount\": [\"5\"]}", "d: bids[0].amount: amount must "
	    "be a decimal string, not a JSON value of another type");
}

Test(amount, the_field_path_names_the_key)
{
	field_rejects("{\"amount\": \"-5\"}", "d: bids[0].amount: amount is not "
	    "a decimal integer (digits only: no sign, point, exponent or "
	    "space)");
	field_rejects("{}", "d: bids[0].amount: missing");
}
