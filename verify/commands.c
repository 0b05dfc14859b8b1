/* commands.c: the table of gavel-verify's subcommands (formats/README.md) */
#include <string.h>

#include "verify.h"

static const struct gv_verify_cmd cmds[] = {
	{ "allocation", "BIDSET.json ALLOCATION.json "
	    "[--bound-certificate CERT.json] [--stake-table TABLE.json | "
	    "--trust-root DIGEST --chain CHAIN.json] "
	    "[--bidset-certificate CERT.json]", 2, 16,
	    gv_verify_allocation, gv_verify_allocation_help,
	    gv_verify_allocation_summary, gv_verify_allocation_opts },
	{ "slashing", "(--stake-table TABLE.json | --trust-root DIGEST "
	    "--chain CHAIN.json) EVIDENCE.json", 1, 16, gv_verify_slashing,
	    gv_verify_slashing_help, gv_verify_slashing_summary,
	    gv_verify_slashing_opts },
	{ "inclusion", "PROOF.json", 1, 1, gv_verify_inclusion,
	    gv_verify_inclusion_help, gv_verify_inclusion_summary, NULL },
	{ "certificate",
	    "[--threads N] [--progress=MODE] (STAKE_TABLE.json | --stake-table "
	    "TABLE.json | --trust-root DIGEST --chain CHAIN.json) CERT.json "
	    "[DOCUMENT.json]", 2, 16,
	    gv_verify_certificate, gv_verify_certificate_help,
	    gv_verify_certificate_summary, gv_verify_certificate_opts },
	{ "chain", "[--trust-root DIGEST] [--epoch N] [--threads N] CHAIN.json",
	    1, 16, gv_verify_chain, gv_verify_chain_help,
	    gv_verify_chain_summary, gv_verify_chain_opts },
	{ "receipt", "(--stake-table TABLE.json | --trust-root DIGEST --chain "
	    "CHAIN.json) --allocation ALLOCATION.json "
	    "--allocation-certificate CERT.json [--delegation DELEGATION.json] "
	    "RECEIPT.json", 1, 16, gv_verify_receipt, gv_verify_receipt_help,
	    gv_verify_receipt_summary, gv_verify_receipt_opts },
	{ "challenge", "(--stake-table TABLE.json | --trust-root DIGEST --chain "
	    "CHAIN.json) BIDSET.json PUBLISHED.json CHALLENGE.json", 1, 16,
	    gv_verify_challenge,
	    gv_verify_challenge_help, gv_verify_challenge_summary,
	    gv_verify_challenge_opts },
	{ "settle", "(--stake-table TABLE.json | --trust-root DIGEST --chain "
	    "CHAIN.json) [-o FILE] BIDSET.json PUBLISHED.json CHALLENGE.json...", 1, 1 << 20, gv_verify_settle,
	    gv_verify_settle_help, gv_verify_settle_summary,
	    gv_verify_settle_opts },
	{ "bidset", "--stake-table TABLE.json --certificate CERT.json "
	    "[--operator OPERATOR.json --operator-certificate CERT.json] "
	    "[--receipt ACCEPTANCE.json]... BIDSET.json", 1, 1 << 20,
	    gv_verify_bidset, gv_verify_bidset_help, gv_verify_bidset_summary,
	    gv_verify_bidset_opts },
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

const struct gv_verify_cmd *
gv_verify_nth(size_t i)
{
	return i < sizeof(cmds) / sizeof(cmds[0]) ? &cmds[i] : NULL;
}
