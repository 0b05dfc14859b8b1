/* fuzz_verify_allocation.c: libFuzzer target for gavel-verify allocation's full check path (formats/allocation.md, "Checks") */
#include <stdint.h>
#include <string.h>

#include "harness.h"
#include "verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Input: BIDSET NUL ALLOCATION, or just ALLOCATION against the fixed bid
 * set gvf_fixture. Both go through files, as gavel-verify reads them.
 */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *fixed;
	struct gv_err e = { 0, "" };
	const uint8_t *nul;
	char out[4096], *argv[3];

	gvf_start();
	/* slot 0 holds the fixed bid set for the whole run */
	if (fixed == NULL)
		fixed = gvf_put(0, gvf_fixture, strlen(gvf_fixture));
	if ((nul = memchr(data, '\0', size)) != NULL) {
		argv[0] = (char *)gvf_put(1, data, (size_t)(nul - data));
		argv[1] = (char *)gvf_put(2, nul + 1,
		    size - (size_t)(nul - data) - 1);
	} else {
		argv[0] = (char *)fixed;
		argv[1] = (char *)gvf_put(2, data, size);
	}
	argv[2] = NULL;
	out[0] = '\0';
	gvf_check(gv_verify_allocation(2, argv, out, sizeof(out), &e), &e,
	    out);
	return 0;
}
