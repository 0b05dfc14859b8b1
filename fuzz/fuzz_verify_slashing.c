/* fuzz_verify_slashing.c: libFuzzer target for gavel-verify slashing's full check path (formats/evidence.md, formats/verdict.md) */
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Input: 1 to 1 documents separated by NUL bytes, as gavel-verify slashing's arguments. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return gvf_verify("slashing", 1, 1, data, size);
}
