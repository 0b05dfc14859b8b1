/* main.c: gavel-verify, the auditor's command line (formats/README.md) */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "sig.h"
#include "verify.h"
#include "version.h"

static const char usage[] =
"usage: gavel-verify COMMAND ARGS...\n"
"\n"
"Re-check gavel documents from scratch (formats/). Commands:\n"
"  allocation BIDSET.json ALLOCATION.json\n"
"        the bid set (signatures included) and the allocation: digest link,\n"
"        feasibility, value, payments, every rollup's receipt, the bound;\n"
"        optimality is not checked, unless --bound-certificate CERT.json\n"
"        (formats/bound-certificate.md) proves a bound in exact arithmetic\n"
"  inclusion PROOF.json\n"
"        one RFC 6962 Merkle inclusion proof\n"
"  certificate [--threads N] STAKE_TABLE.json CERT.json [DOCUMENT.json]\n"
"        a quorum certificate: every signature, no duplicate signer, and\n"
"        3 x signed stake > 2 x total stake; with DOCUMENT, that it is the\n"
"        certified subject. Signatures are checked on every core;\n"
"        --progress=MODE: auto (default: a status line when stderr is a\n"
"        terminal), always, never, json (formats/progress.md)\n"
"  slashing --stake-table TABLE.json EVIDENCE.json\n"
"        slashing evidence, its certificates checked against the trusted\n"
"        TABLE: prints the verdict (formats/verdict.md)\n"
"  chain [--trust-root DIGEST] [--epoch N] [--threads N] CHAIN.json\n"
"        a stake-table chain from its genesis: every hand-off certified by\n"
"        the table before it (formats/stake-chain.md)\n"
"  receipt --stake-table T --allocation A --allocation-certificate C R\n"
"        a pre-confirmation on arrival: its signature, and that its signer\n"
"        is the scheduled sequencer under the certified allocation\n"
"  challenge --stake-table TABLE BIDSET PUBLISHED CHALLENGE\n"
"        one finder's-fee challenge (formats/challenge.md); --help for more\n"
"  settle --stake-table TABLE [-o FILE] BIDSET PUBLISHED CHALLENGE...\n"
"        settle an epoch's challenges (formats/settlement.md)\n"
"\n"
"options: -h, --help; --version\n"
"\n"
"exit status: 0 valid (slashing: slashable); 1 invalid or not slashable\n"
"(the reason on stderr); 2 usage error or unreadable or malformed input;\n"
"3 internal failure.\n";

int
main(int argc, char **argv)
{
	const struct gv_verify_cmd *cmd;
	struct gv_err e = { 0, "" };
	char out[4096];
	int rc;

	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		fputs(usage, stdout);
		return GV_OK;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("gavel-verify %s\n", GV_VERSION);
		return GV_OK;
	}
	if (argc < 2 || (cmd = gv_verify_find(argv[1])) == NULL) {
		fputs(usage, stderr);
		return GV_MALFORMED;
	}
	if (argc - 2 < cmd->min_args || argc - 2 > cmd->max_args) {
		fprintf(stderr, "usage: gavel-verify %s %s\n", cmd->name,
		    cmd->args);
		return GV_MALFORMED;
	}
	if (gv_sig_init() != 0) {
		fprintf(stderr, "gavel-verify: libsodium failed to start\n");
		return GV_INTERNAL;
	}
	out[0] = '\0';
	rc = cmd->run(argc - 2, argv + 2, out, sizeof(out), &e);
	if (rc != GV_OK) {
		gv_err_print("gavel-verify", &e);
		return rc;
	}
	fputs(out, stdout);
	return GV_OK;
}
