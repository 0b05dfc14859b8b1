/* gavel-key.c: create a signing key and print its public half (formats/key.md) */
#include <stdio.h>
#include <string.h>

#include "json.h"
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
"options: -h, --help (this text); --version. No option has a default:\n"
"-o is required for generate.\n"
"\n"
"exit status: 0 done; 2 usage error, KEY exists (generate), KEY unreadable,\n"
"too open or not a key file (public); 3 internal failure.\n"
"\n"
"examples:\n"
"  bin/gavel-key generate -o challenger.key\n"
"  bin/gavel-key public challenger.key\n"
"  bin/gavel-solve --against corpus/valid/challenge-epoch.weak.json \\\n"
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
		printf("gavel-key %s\n", GV_VERSION);
		return GV_OK;
	}
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
