/* commands.c: the table of gavel-verify's subcommands (formats/README.md) */
#include <string.h>

#include "verify.h"

static const struct gv_verify_cmd cmds[] = {
	{ "allocation", "BIDSET.json ALLOCATION.json", 2, 2,
	    gv_verify_allocation, gv_verify_allocation_help,
	    gv_verify_allocation_summary, NULL },
	{ "slashing", "EVIDENCE.json", 1, 1, gv_verify_slashing,
	    gv_verify_slashing_help, gv_verify_slashing_summary, NULL },
	{ "inclusion", "PROOF.json", 1, 1, gv_verify_inclusion,
	    gv_verify_inclusion_help, gv_verify_inclusion_summary, NULL },
	{ "certificate",
	    "[--threads N] STAKE_TABLE.json CERT.json [DOCUMENT.json]", 2, 5,
	    gv_verify_certificate, gv_verify_certificate_help,
	    gv_verify_certificate_summary, gv_verify_certificate_opts },
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
