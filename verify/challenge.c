/* challenge.c: gavel-verify challenge (formats/challenge.md, "Checks") */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "challenge.h"
#include "json.h"
#include "verify.h"

const char gv_verify_challenge_help[] =
"usage: gavel-verify challenge --stake-table TABLE.json BIDSET.json\n"
"           PUBLISHED.json CHALLENGE.json\n"
"\n"
"Check one finder's-fee challenge (formats/challenge.md) from scratch:\n"
"the bid set (a gavel.bidset.v2, signatures included), the published\n"
"allocation it beats, then the challenge: its links to both, the\n"
"challenger's signature, the improved allocation (every check of\n"
"gavel-verify allocation), a strict improvement of at least the minimum,\n"
"the fee exactly by the rule, the reveal against its commitment, and the\n"
"commitment's position in a block certified by a quorum of TABLE.\n"
"\n"
"options:\n"
"      --stake-table FILE  the stake table you trust for the epoch\n"
"                      (required, no default: a table inside a document\n"
"                      proves nothing)\n"
"  -h, --help          print this help and exit\n"
"      --list-options  print the options this command parses, one a line\n"
"\n"
"exit status:\n"
"  0  valid\n"
"  1  a check fails (the reason on stderr)\n"
"  2  usage error, unreadable or malformed input\n"
"  3  internal failure\n"
"\n"
"examples:\n"
"  gavel-verify challenge --stake-table corpus/valid/challenge-epoch.table.json \\\n"
"      corpus/valid/challenge-epoch.json corpus/valid/challenge-epoch.weak.json \\\n"
"      corpus/valid/challenge-epoch.challenge.json\n"
"  gavel-verify challenge --stake-table corpus/valid/challenge-epoch.table.json \\\n"
"      corpus/valid/challenge-epoch.json corpus/valid/challenge-epoch.weak.json \\\n"
"      corpus/adversarial/challenge-fee-off-by-one.json\n";

const char gv_verify_challenge_summary[] =
"one finder's-fee challenge against the published allocation it beats\n"
"(formats/challenge.md)";

const struct option gv_verify_challenge_opts[] = {
	{ "stake-table", required_argument, NULL, 'T' },
	{ NULL, 0, NULL, 0 }
};

int
gv_verify_challenge_args(int argc, char **argv, const char **table,
    const char **output, char **pos, int maxpos, int *npos, struct gv_err *e)
{
	int i;

	*npos = 0;
	*table = NULL;
	for (i = 0; i < argc; i++) {
		if (output != NULL && (strcmp(argv[i], "-o") == 0 ||
		    strcmp(argv[i], "--output") == 0)) {
			if (i + 1 >= argc)
				return gv_err_set(e, GV_MALFORMED, NULL, NULL,
				    "%s: missing file", argv[i]);
			*output = argv[++i];
		} else if (strcmp(argv[i], "--stake-table") == 0) {
			if (i + 1 >= argc)
				return gv_err_set(e, GV_MALFORMED, NULL, NULL,
				    "--stake-table: missing file");
			*table = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return gv_err_set(e, GV_MALFORMED, NULL, NULL,
			    "unknown option \"%s\"", argv[i]);
		else if (maxpos > 0 && *npos >= maxpos)
			return gv_err_set(e, GV_MALFORMED, NULL, NULL,
			    "too many arguments");
		else
			pos[(*npos)++] = argv[i];
	}
	if (*table == NULL)
		return gv_err_set(e, GV_MALFORMED, NULL, NULL,
		    "--stake-table: required: the commitment's block is "
		    "certified against the stake table you trust");
	return GV_OK;
}

int
gv_verify_challenge(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e)
{
	struct gv_challenge_ctx x;
	struct gv_challenge c;
	const char *table;
	char *pos[3], pk[2 * GV_PK_LEN + 1], *imp = NULL, *fee = NULL;
	json_t *doc = NULL;
	int rc, npos;

	memset(&x, 0, sizeof(x));
	gv_challenge_init(&c);
	if ((rc = gv_verify_challenge_args(argc, argv, &table, NULL, pos, 3,
	    &npos, e)))
		goto cleanup;
	if (npos != 3) {
		rc = gv_err_set(e, GV_MALFORMED, NULL, NULL, "usage: "
		    "gavel-verify challenge --stake-table TABLE.json "
		    "BIDSET.json PUBLISHED.json CHALLENGE.json");
		goto cleanup;
	}
	if ((rc = gv_challenge_ctx_load(table, pos[0], pos[1], &x, e)) ||
	    (rc = gv_json_load(pos[2], GV_CHALLENGE_MAX_BYTES, &doc, e)) ||
	    (rc = gv_challenge_check(&x.table, &x.bs, &x.pub, doc, pos[2], &c,
	    e)))
		goto cleanup;
	gv_hex(pk, c.challenger, GV_PK_LEN);
	imp = gv_amount_str(c.improvement);
	fee = gv_amount_str(c.fee);
	snprintf(out, outlen, "valid: challenge by %s for epoch %ju of "
	    "marketplace %s: improvement %s, fee %s; allocation checked, "
	    "commitment is transaction %ju of the certified block of rollup "
	    "%s at slot %ju\n", pk, (uintmax_t)x.bs.epoch, x.bs.marketplace,
	    imp ? imp : "?", fee ? fee : "?", (uintmax_t)c.leaf_index,
	    c.rollup, (uintmax_t)c.slot);
cleanup:
	free(imp);
	free(fee);
	json_decref(doc);
	gv_challenge_free(&c);
	gv_challenge_ctx_free(&x);
	return rc;
}
