/* fuzz_verify_certificate.c: libFuzzer target for gavel-verify certificate's full check path (formats/certificate.md) */
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Input: 2 to 3 documents separated by NUL bytes, as gavel-verify certificate's arguments. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return gvf_verify("certificate", 2, 3, data, size);
}
