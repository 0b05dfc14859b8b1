/* commands.c: the table of gavel-verify's subcommands (formats/README.md) */
#include <string.h>

#include "verify.h"

static const struct gv_verify_cmd cmds[] = {
	{ "allocation",
	    "BIDSET.json ALLOCATION.json [--bound-certificate CERT.json]", 2, 4,
	    gv_verify_allocation },
	{ "slashing", "EVIDENCE.json", 1, 1, gv_verify_slashing },
	{ "inclusion", "PROOF.json", 1, 1, gv_verify_inclusion },
	{ "certificate",
	    "[--threads N] STAKE_TABLE.json CERT.json [DOCUMENT.json]", 2, 5,
	    gv_verify_certificate },
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
