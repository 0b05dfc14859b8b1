/* gavel-key.c: create a signing key and print its public half (formats/key.md) */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "cli.h"
#include "key.h"
#include "version.h"

static const char usage[] =
"usage: gavel-key generate -o KEY\n"
"       gavel-key public KEY\n"
"\n"
"Signing keys for challengers (formats/key.md).\n"
"  generate -o KEY   write a fresh random Ed25519 key to KEY with mode\n"
"                    0600; never overwrites an existing file; prints the\n"
"                    public key (64 hex digits) on stdout, never the secret\n"
"  public KEY        print KEY's public key; refuses a key file that group\n"
"                    or others may access (chmod 600), as ssh does\n"
"\n"
"options (-o is required for generate; no option has a default):\n"
"  -o KEY              the key file generate writes\n"
"  -h, --help          print this help and exit\n"
"      --version       print the versions of gavel, GMP, jansson and\n"
"                      libsodium and exit\n"
"      --list-options  print the options this tool parses, one a line\n"
"\n"
"exit status:\n"
"  0  done\n"
"  2  usage error, KEY exists (generate), KEY unreadable, too open or not\n"
"     a key file (public)\n"
"  3  internal failure\n"
"\n"
"examples:\n"
"  gavel-key generate -o challenger.key\n"
"  gavel-key public challenger.key\n"
"  gavel-solve --against corpus/valid/challenge-epoch.weak.json \\\n"
"      --key challenger.key --commit -o draft.json corpus/valid/challenge-epoch.json\n";

int
main(int argc, char **argv)
{
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];
	char hex[2 * GV_PK_LEN + 1];
	struct gv_err e = { 0, "" };
	int rc;

	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		fputs(usage, stdout);
		return GV_OK;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		gv_cli_version("gavel-key", NULL);
		return GV_OK;
	}
	if (argc >= 2 && strcmp(argv[1], "--list-options") == 0) {
		static const struct option lo[] = {
			{ "help", no_argument, NULL, 'h' },
			{ "version", no_argument, NULL, 'V' },
			{ "list-options", no_argument, NULL, 'L' },
			{ NULL, 0, NULL, 0 }
		};

		gv_cli_list_options(lo, "ho:");
		return GV_OK;
	}
	if (argc >= 2 && argv[1][0] == '-')
		return gv_cli_usage("gavel-key", "gavel-key generate -o KEY | "
		    "gavel-key public KEY", "unknown option \"%.64s\"", argv[1]);
	if (gv_sig_init() != 0) {
		fprintf(stderr, "gavel-key: libsodium failed to start\n");
		return GV_INTERNAL;
	}
	if (argc == 4 && strcmp(argv[1], "generate") == 0 &&
	    strcmp(argv[2], "-o") == 0)
		rc = gv_key_generate(argv[3], pk, &e);
	else if (argc == 3 && strcmp(argv[1], "public") == 0) {
		rc = gv_key_load(argv[2], pk, sk, &e);
		gv_key_wipe(sk, sizeof(sk));
	} else {
		if (argc >= 2 && strcmp(argv[1], "generate") != 0 &&
		    strcmp(argv[1], "public") != 0)
			fprintf(stderr, "gavel-key: unknown command \"%s\"\n",
			    argv[1][0] ? argv[1] : "");
		fputs("usage: gavel-key generate -o KEY | gavel-key public KEY "
		    "(gavel-key --help)\n", stderr);
		return GV_MALFORMED;
	}
	if (rc != GV_OK) {
		gv_err_print("gavel-key", &e);
		return rc;
	}
	gv_hex(hex, pk, GV_PK_LEN);
	printf("%s\n", hex);
	return GV_OK;
}
