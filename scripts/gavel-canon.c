/* gavel-canon.c: print the canonical bytes and digest of a document (formats/README.md, "Canonical encoding") */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "cli.h"
#include "json.h"

static const char synopsis[] =
    "gavel-canon [--strip KEY] [--marketplace ID --epoch N] KIND FILE";

static const char usage[] =
"usage: gavel-canon [--strip KEY] [--marketplace ID --epoch N] KIND FILE\n"
"\n"
"Print the domain prefix (hex), the canonical JSON and the digest of the\n"
"JSON object in FILE as a document of KIND (formats/README.md, \"Canonical\n"
"encoding\"), for outsiders' implementations to compare with. No\n"
"validation is done.\n"
"\n"
"options:\n"
"  --strip KEY         remove the top-level KEY first (\"sig\" for a signed\n"
"                      object; default: nothing removed)\n"
"  --marketplace ID    the marketplace of the domain (default: FILE's own\n"
"                      \"marketplace\" field)\n"
"  --epoch N           the epoch of the domain (default: FILE's own\n"
"                      \"epoch\" field, else 0)\n"
"  -h, --help          print this help and exit\n"
"  --version           print the versions of gavel, GMP, jansson and\n"
"                      libsodium and exit\n"
"  --list-options      print the options this tool parses, one a line\n"
"\n"
"exit status:\n"
"  0  printed\n"
"  2  usage error, unreadable or malformed FILE, no marketplace, or a\n"
"     number with no canonical encoding\n"
"  3  internal failure\n"
"\n"
"examples:\n"
"  gavel-canon bidset corpus/valid/hand-epoch.json\n"
"  gavel-canon allocation corpus/valid/hand-epoch.allocation.json\n"
"  gavel-canon block corpus/slashing-world/block-r-arb-7003.json\n";

int
main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "strip", required_argument, NULL, 's' },
		{ "marketplace", required_argument, NULL, 'm' },
		{ "epoch", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "list-options", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	static const char shortopts[] = ":h";
	const char *strip = NULL, *mkt = NULL;
	unsigned char d[GV_DIGEST_LEN];
	char hex[2 * GV_DIGEST_LEN + 1];
	struct gv_buf pre = { 0 }, can = { 0 };
	struct gv_err e = { 0, "" };
	uint64_t epoch = 0;
	int c, have_epoch = 0, rc = 3;
	json_t *doc = NULL;
	size_t i;

	opterr = 0;	/* gv_cli_bad_option says what was wrong */
	while ((c = getopt_long(argc, argv, shortopts, lo, NULL)) != -1) {
		switch (c) {
		case 's': strip = optarg; break;
		case 'm': mkt = optarg; break;
		case 'e': epoch = strtoull(optarg, NULL, 10); have_epoch = 1; break;
		case 'h': fputs(usage, stdout); return 0;
		case 'V': gv_cli_version("gavel-canon", NULL); return 0;
		case 'L': gv_cli_list_options(lo, shortopts); return 0;
		default:
			return gv_cli_bad_option("gavel-canon", synopsis, c, argv);
		}
	}
	if (argc - optind != 2)
		return gv_cli_usage("gavel-canon", synopsis, "expected KIND and "
		    "FILE, got %d arguments", argc - optind);
	if (gv_json_load(argv[optind + 1], 64u << 20, &doc, &e) != GV_OK) {
		gv_err_print("gavel-canon", &e);
		return 2;
	}
	if (mkt == NULL)
		mkt = json_string_value(json_object_get(doc, "marketplace"));
	if (!have_epoch && json_is_integer(json_object_get(doc, "epoch")))
		epoch = (uint64_t)json_integer_value(json_object_get(doc,
		    "epoch"));
	if (mkt == NULL) {
		fputs("gavel-canon: no marketplace: give --marketplace\n",
		    stderr);
		rc = 2;
		goto cleanup;
	}
	if (strip != NULL)
		json_object_del(doc, strip);
	if (gv_domain(&pre, argv[optind], mkt, epoch) != 0 ||
	    gv_canon(&can, doc) != 0 ||
	    gv_digest(d, argv[optind], mkt, epoch, doc) != GV_OK) {
		/* gv_canon refuses only reals (and lack of memory) */
		fprintf(stderr, "gavel-canon: %s: a number with a fraction or "
		    "exponent has no canonical encoding\n", argv[optind + 1]);
		rc = 2;
		goto cleanup;
	}
	printf("prefix: ");
	for (i = 0; i < pre.len; i++)
		printf("%02x", pre.p[i]);
	printf("\ncanonical: %.*s\n", (int)can.len, (const char *)can.p);
	gv_hex(hex, d, GV_DIGEST_LEN);
	printf("digest: %s\n", hex);
	rc = 0;
cleanup:
	gv_buf_free(&pre);
	gv_buf_free(&can);
	json_decref(doc);
	return rc;
}
