/* fuzz_verify_inclusion.c: libFuzzer target for gavel-verify inclusion's full check path (formats/inclusion-proof.md) */
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Input: 1 to 1 documents separated by NUL bytes, as gavel-verify inclusion's arguments. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return gvf_verify("inclusion", 1, 1, data, size);
}
