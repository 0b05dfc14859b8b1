/* commands.c: the table of gavel-verify's subcommands (formats/README.md) */
#include <string.h>

#include "verify.h"

static const struct gv_verify_cmd cmds[] = {
	{ "allocation",
	    "BIDSET.json ALLOCATION.json [--bound-certificate CERT.json]", 2, 4,
	    gv_verify_allocation },
	{ "slashing", "(--stake-table TABLE.json | --trust-root DIGEST --chain CHAIN.json) EVIDENCE.json", 1, 16,
	    gv_verify_slashing },
	{ "inclusion", "PROOF.json", 1, 1, gv_verify_inclusion },
	{ "certificate",
	    "[--threads N] [--progress=MODE] STAKE_TABLE.json CERT.json "
	    "[DOCUMENT.json]", 2, 6,
	    gv_verify_certificate },
	{ "chain", "[--trust-root DIGEST] [--epoch N] [--threads N] CHAIN.json",
	    1, 16, gv_verify_chain },
	{ "receipt", "--stake-table TABLE.json --allocation ALLOCATION.json "
	    "--allocation-certificate CERT.json RECEIPT.json", 1, 16,
	    gv_verify_receipt },
	{ "challenge", "--stake-table TABLE.json BIDSET.json PUBLISHED.json "
	    "CHALLENGE.json", 1, 5, gv_verify_challenge },
	{ "settle", "--stake-table TABLE.json [-o FILE] BIDSET.json "
	    "PUBLISHED.json CHALLENGE.json...", 1, 1 << 20, gv_verify_settle },
};

const struct gv_verify_cmd *
gv_verify_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}
