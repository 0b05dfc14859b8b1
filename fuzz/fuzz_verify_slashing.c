/* fuzz_verify_slashing.c: libFuzzer target for gavel-verify slashing's full check path (formats/evidence.md, formats/verdict.md) */
#include <stddef.h>
#include <stdint.h>

#include "harness.h"
#include "verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * corpus/slashing-world/stake-table.json, compacted: the table the corpus
 * evidence (the seeds) is certified by, so inputs reach every check.
 */
static const char table[] =
	"{\"format\":\"gavel.stake-table.v1\",\"marketplace\":\"demo\",\"epoch\":7,"
	"\"entries\":[{\"key\":\"0674869a9c9942801b2c920d46c30ceb5a6463d011066f"
	"81ce1f0a0c963bae49\",\"stake\":\"300\"},{\"key\":\"975fc22bab4aab1b6e52"
	"46663311088c524f3babb6b1bf24e509298f0c9c6e44\",\"stake\":\"100\"},{\"ke"
	"y\":\"b686198da65ce37c3b27c684f302d3e65b991fae9a8899004eb7a622ededee49\""
	",\"stake\":\"400\"},{\"key\":\"e856157d32f14dabb5bb6fd30545c7742e1966bc"
	"edff913777faf56e824726aa\",\"stake\":\"200\"}]}";

/* Input: one evidence document, checked with --stake-table the table above. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct gv_verify_cmd *cmd = gv_verify_find("slashing");
	struct gv_err e = { 0, "" };
	char out[4096], *argv[4];

	gvf_start();
	argv[0] = "--stake-table";
	argv[1] = (char *)gvf_put(1, table, sizeof(table) - 1);
	argv[2] = (char *)gvf_put(0, data, size);
	argv[3] = NULL;
	out[0] = '\0';
	gvf_check(cmd->run(3, argv, out, sizeof(out), &e), &e, out);
	return 0;
}
