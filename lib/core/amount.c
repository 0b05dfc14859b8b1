/* amount.c: amounts as decimal strings (formats/README.md, "Amounts") */
#include <stdlib.h>
#include <string.h>

#include "amount.h"

int
gv_amount_parse(mpz_t out, const char *s, const char *doc, const char *path,
    struct gv_err *e)
{
	size_t i, n = strlen(s);
	mpz_t lim;
	int over;

	if (n == 0)
		return gv_err_set(e, GV_MALFORMED, doc, path,
		    "empty amount");
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return gv_err_set(e, GV_MALFORMED, doc, path,
			    "amount is not a decimal integer (digits only: "
			    "no sign, point, exponent or space)");
	if (n > GV_AMOUNT_MAX_DIGITS)
		return gv_err_set(e, GV_MALFORMED, doc, path,
		    "amount has %zu digits, the limit is %d", n,
		    GV_AMOUNT_MAX_DIGITS);
	if (n > 1 && s[0] == '0')
		return gv_err_set(e, GV_MALFORMED, doc, path,
		    "amount has a leading zero");
	if (mpz_set_str(out, s, 10) != 0)
		return gv_err_set(e, GV_MALFORMED, doc, path,
		    "amount is not a decimal integer");
	mpz_init(lim);
	mpz_ui_pow_ui(lim, 2, 256);
	over = mpz_cmp(out, lim) >= 0;
	mpz_clear(lim);
	if (over)
		return gv_err_set(e, GV_MALFORMED, doc, path,
		    "amount is 2^256 or more");
	return GV_OK;
}

char *
gv_amount_str(const mpz_t v)
{
	return mpz_get_str(NULL, 10, v);
}
