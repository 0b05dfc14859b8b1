/* main.c: gavel-evidence, slashing evidence built from real pieces (formats/evidence.md, "Built from pieces") */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "evtool.h"
#include "sig.h"
#include "verdict.h"

static const char synopsis[] = "gavel-evidence build [KIND] --receipt R "
    "... (--stake-table T | --trust-root D --chain C) -o OUT";

static const char usage[] =
"usage: gavel-evidence build [KIND] --receipt RECEIPT.json [--receipt ...]\n"
"           [--block BLOCK.json] [--proof PROOF.json [--leaf HEX]]\n"
"           [--slot-record RECORD.json] [--leg N] [--delegation D.json]\n"
"           --allocation ALLOCATION.json\n"
"           --params PARAMS.json --certificate CERT.json ...\n"
"           (--stake-table TABLE.json | --trust-root DIGEST --chain CHAIN.json)\n"
"           -o EVIDENCE.json\n"
"\n"
"Assemble slashing evidence (formats/evidence.md) from the pieces its\n"
"holder has: the receipt(s), the certified block and the Merkle proof of\n"
"the promised position (inclusion, state), or the certified slot record\n"
"(liveness), and the certified allocation and slashing parameters. The\n"
"evidence is judged exactly as gavel-verify slashing judges it, against\n"
"the caller's trusted stake table, and written only when it proves a\n"
"fault; otherwise nothing is written and the reason is the one gavel-verify\n"
"would give. The verdict goes to stdout either way.\n"
"\n"
"KIND is inclusion, state, equivocation or liveness; without it the\n"
"pieces tell: two receipts are an equivocation, a slot record a liveness\n"
"fault, a block an inclusion (\"tx\" promise) or state (\"state\" promise)\n"
"fault. Each certificate is matched to the piece it certifies by its\n"
"subject kind (allocation, slashing-params, block, slot-record). The\n"
"receipts of an equivocation are sorted by receipt digest: one pair, one\n"
"evidence. The evidence's keys follow formats/evidence.md and each piece\n"
"is embedded as its file has it: the same pieces give the same bytes.\n"
"\n"
"options:\n"
"  -r, --receipt FILE      a receipt: once, or twice for an equivocation\n"
"      --block FILE        the certified block (inclusion, state)\n"
"      --proof FILE        the audit path of the promised position in the\n"
"                          block (inclusion, state; none when the position is\n"
"                          past the block's end): {\"index\", \"leaf\", \"path\"},\n"
"                          or a gavel.inclusion-proof.v1 document with\n"
"      --leaf HEX          the raw item its leaf_hash hashes (the transaction\n"
"                          hash or state root found at that position)\n"
"      --slot-record FILE  the certified slot record (liveness)\n"
"      --leg N             the broken leg of an atomic receipt\n"
"                          (gavel.receipt.v2; default: the one leg on the\n"
"                          rollup of the block or slot record)\n"
"      --delegation FILE   the scheduled sequencer's delegation to the\n"
"                          gateway that signed the receipt(s)\n"
"      --allocation FILE   the certified allocation of the epoch\n"
"      --params FILE       the certified slashing parameters of the epoch\n"
"  -c, --certificate FILE  a certificate of one of these pieces (repeat)\n"
"      --stake-table FILE  the trusted stake table of the epoch, or\n"
"      --trust-root DIGEST the genesis table's digest (64 hex digits), with\n"
"      --chain FILE        the stake-table chain to the receipt's epoch\n"
"  -o, --output FILE       where the evidence goes, atomically (- : stdout,\n"
"                          and then no verdict)\n"
"  -h, --help              print this help and exit\n"
"      --version           print the versions of gavel, GMP, jansson and\n"
"                          libsodium and exit\n"
"      --list-options      print the options this tool parses, one a line\n"
"\n"
"exit status:\n"
"  0  the evidence proves a fault: written, its verdict on stdout\n"
"  1  the pieces prove no fault: nothing written, the not-slashable verdict\n"
"     on stdout and its reason on stderr (\"gavel-evidence: OUT: REASON\",\n"
"     the line gavel-verify slashing would print for OUT)\n"
"  2  usage error, or a piece unreadable or malformed (named, with the\n"
"     field), or a trust root that does not hold: nothing written\n"
"  3  internal failure, or the output cannot be written\n"
"\n"
"examples:\n"
"  gavel-evidence build --receipt corpus/slashing-world/pieces/slashing-inclusion/receipt.json \\\n"
"      --block corpus/slashing-world/block-r-arb-7003.json \\\n"
"      --certificate corpus/slashing-world/pieces/slashing-inclusion/block-certificate.json \\\n"
"      --proof corpus/slashing-world/pieces/slashing-inclusion/proof.json \\\n"
"      --allocation corpus/slashing-world/allocation.json \\\n"
"      --certificate corpus/slashing-world/allocation-certificate.json \\\n"
"      --params corpus/slashing-world/params.json \\\n"
"      --certificate corpus/slashing-world/params-certificate.json \\\n"
"      --stake-table corpus/slashing-world/stake-table.json -o /tmp/evidence.json\n"
"  gavel-evidence build equivocation \\\n"
"      -r corpus/slashing-world/pieces/slashing-equivocation/receipt-1.json \\\n"
"      -r corpus/slashing-world/pieces/slashing-equivocation/receipt-2.json \\\n"
"      --allocation corpus/slashing-world/allocation.json \\\n"
"      -c corpus/slashing-world/allocation-certificate.json \\\n"
"      --params corpus/slashing-world/params.json \\\n"
"      -c corpus/slashing-world/params-certificate.json \\\n"
"      --trust-root $(cat corpus/slashing-world/chain.root) \\\n"
"      --chain corpus/slashing-world/chain.json -o /tmp/equivocation.json\n";

static const struct option longopts[] = {
	{ "receipt", required_argument, NULL, 'r' },
	{ "block", required_argument, NULL, 'B' },
	{ "proof", required_argument, NULL, 'P' },
	{ "leaf", required_argument, NULL, 'F' },
	{ "leg", required_argument, NULL, 'G' },
	{ "delegation", required_argument, NULL, 'D' },
	{ "slot-record", required_argument, NULL, 'S' },
	{ "allocation", required_argument, NULL, 'A' },
	{ "params", required_argument, NULL, 'M' },
	{ "certificate", required_argument, NULL, 'c' },
	{ "stake-table", required_argument, NULL, 'T' },
	{ "trust-root", required_argument, NULL, 'R' },
	{ "chain", required_argument, NULL, 'C' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "list-options", no_argument, NULL, 'L' },
	{ NULL, 0, NULL, 0 }
};
static const char shortopts[] = ":r:c:o:h";

/* An option given once: its value into *slot, or a usage error. */
static int
once(const char **slot, const char *name)
{
	if (*slot != NULL)
		return gv_cli_usage("gavel-evidence", synopsis, "%s: given "
		    "twice", name);
	*slot = optarg;
	return GV_OK;
}

/* --leg N: a leg index, given once. */
static int
leg_option(struct ev_args *a)
{
	const char *s = optarg;
	uint64_t n = 0;

	if (a->has_leg)
		return gv_cli_usage("gavel-evidence", synopsis, "--leg: given "
		    "twice");
	if (*s == '\0' || strspn(s, "0123456789") != strlen(s) ||
	    strlen(s) > 15)
		return gv_cli_usage("gavel-evidence", synopsis, "--leg: "
		    "expected a leg index (0, 1, ...)");
	for (; *s != '\0'; s++)
		n = n * 10 + (uint64_t)(*s - '0');
	a->has_leg = 1;
	a->leg = n;
	return GV_OK;
}

/* The positional arguments: "build" and an optional KIND. */
static int
command(int argc, char **argv, struct ev_args *a)
{
	int k;

	if (argc - optind < 1)
		return gv_cli_usage("gavel-evidence", synopsis, "missing the "
		    "command (build)");
	if (strcmp(argv[optind], "build") != 0)
		return gv_cli_usage("gavel-evidence", synopsis, "unknown "
		    "command \"%s\" (commands: build)", argv[optind]);
	if (argc - optind > 2)
		return gv_cli_usage("gavel-evidence", synopsis, "build: one "
		    "KIND at most, got %d arguments", argc - optind - 1);
	a->kind = EV_KIND_AUTO;
	if (argc - optind == 2) {
		for (k = 0; k < GV_FAULT_NKINDS; k++)
			if (strcmp(argv[optind + 1], gv_fault_name(k)) == 0)
				a->kind = k;
		if (a->kind == EV_KIND_AUTO)
			return gv_cli_usage("gavel-evidence", synopsis,
			    "build: unknown fault kind \"%s\", expected "
			    "inclusion, state, equivocation or liveness",
			    argv[optind + 1]);
	}
	if (a->out == NULL)
		return gv_cli_usage("gavel-evidence", synopsis, "build: missing "
		    "-o OUT (- for stdout)");
	if (a->table != NULL && (a->root != NULL || a->chain != NULL))
		return gv_cli_usage("gavel-evidence", synopsis, "--stake-table: "
		    "give the trusted table one way: --stake-table, or "
		    "--trust-root with --chain");
	if (a->table == NULL && a->root == NULL && a->chain == NULL)
		return gv_cli_usage("gavel-evidence", synopsis, "--stake-table: "
		    "missing: no evidence without a stake table given by the "
		    "caller (every certificate is checked against it)");
	if (a->table == NULL && (a->root == NULL || a->chain == NULL))
		return gv_cli_usage("gavel-evidence", synopsis, "%s: missing: "
		    "--trust-root and --chain come together",
		    a->root == NULL ? "--trust-root" : "--chain");
	return GV_OK;
}

int
main(int argc, char **argv)
{
	struct gv_err e = { 0, "" };
	struct ev_args a;
	int c, rc;

	memset(&a, 0, sizeof(a));
	opterr = 0;	/* gv_cli_bad_option says what was wrong */
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		rc = GV_OK;
		switch (c) {
		case 'r':
			if (a.nreceipts == EV_MAX_RECEIPTS)
				return gv_cli_usage("gavel-evidence", synopsis,
				    "--receipt: at most %d (an equivocation)",
				    EV_MAX_RECEIPTS);
			a.receipt[a.nreceipts++] = optarg;
			break;
		case 'c':
			if (a.ncerts == EV_NCERTS)
				return gv_cli_usage("gavel-evidence", synopsis,
				    "--certificate: at most %d (allocation, "
				    "parameters, block or slot record)",
				    EV_NCERTS);
			a.cert[a.ncerts++] = optarg;
			break;
		case 'B': rc = once(&a.block, "--block"); break;
		case 'P': rc = once(&a.proof, "--proof"); break;
		case 'F': rc = once(&a.leaf, "--leaf"); break;
		case 'G': rc = leg_option(&a); break;
		case 'D': rc = once(&a.delegation, "--delegation"); break;
		case 'S': rc = once(&a.slot_record, "--slot-record"); break;
		case 'A': rc = once(&a.allocation, "--allocation"); break;
		case 'M': rc = once(&a.params, "--params"); break;
		case 'T': rc = once(&a.table, "--stake-table"); break;
		case 'R': rc = once(&a.root, "--trust-root"); break;
		case 'C': rc = once(&a.chain, "--chain"); break;
		case 'o': rc = once(&a.out, "-o"); break;
		case 'h': fputs(usage, stdout); return GV_OK;
		case 'V': gv_cli_version("gavel-evidence", NULL); return GV_OK;
		case 'L': gv_cli_list_options(longopts, shortopts); return GV_OK;
		default:
			return gv_cli_bad_option("gavel-evidence", synopsis, c,
			    argv);
		}
		if (rc != GV_OK)
			return rc;
	}
	if ((rc = command(argc, argv, &a)) != GV_OK)
		return rc;
	if (gv_sig_init() != 0) {
		fprintf(stderr, "gavel-evidence: libsodium failed to start\n");
		return GV_INTERNAL;
	}
	if ((rc = ev_build(&a, &e)) != GV_OK)
		gv_err_print("gavel-evidence", &e);
	return rc;
}
