/* fuzz_acceptance.c: libFuzzer target for operator documents, acceptance receipts and the omission judge (formats/operator.md, formats/acceptance.md) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acceptance.h"
#include "bidset.h"
#include "err.h"
#include "harness.h"
#include "json.h"
#include "operator.h"
#include "sig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct gv_bidset bs;
static int loaded;

/*
 * Input: an operator document, a NUL byte, an acceptance receipt. Each is
 * parsed; when both are well-formed the receipt is judged against the
 * harness's bid set. Whatever the input: a documented code, a message on
 * failure, a verdict on success.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gv_err e = { 0, "" };
	struct gv_operator o;
	struct gv_acceptance a;
	const uint8_t *nul = memchr(data, '\0', size);
	json_t *ov = NULL, *av = NULL;
	int rc, verdict = -1;

	if (!loaded) {
		json_t *root;

		if (gv_sig_init() != 0 || gv_json_parse(gvf_fixture,
		    strlen(gvf_fixture), "bidset", &root, &e) != GV_OK ||
		    gv_bidset_from_json(root, "bidset", &bs, &e) != GV_OK)
			abort();
		loaded = 1;
	}
	if (nul == NULL)
		return 0;
	rc = gv_json_parse((const char *)data, (size_t)(nul - data), "op", &ov,
	    &e);
	if (rc == GV_OK)
		rc = gv_operator_parse(ov, "op", NULL, &o, &e);
	if (rc == GV_OK && (rc = gv_json_parse((const char *)nul + 1,
	    size - (size_t)(nul - data) - 1, "acc", &av, &e)) == GV_OK)
		rc = gv_acceptance_parse(av, "acc", NULL, &a, &e);
	if (rc == GV_OK) {
		rc = gv_acceptance_judge(&a, "acc", &bs, &o, &verdict, &e);
		if (rc == GV_OK && verdict != GV_ACCEPT_INCLUDED &&
		    verdict != GV_ACCEPT_OMITTED)
			abort();
	}
	if (rc != GV_OK && (e.msg[0] == '\0' || (rc != GV_MALFORMED &&
	    rc != GV_INVALID)))
		abort();
	json_decref(ov);
	json_decref(av);
	return 0;
}
