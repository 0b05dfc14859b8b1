/* fuzz_verify_chain.c: libFuzzer target for gavel-verify chain's full check path (formats/stake-chain.md) */
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Input: one chain document, as gavel-verify chain's argument. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return gvf_verify("chain", 1, 1, data, size);
}
