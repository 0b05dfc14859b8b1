/* challenge.c: gavel-verify challenge (formats/challenge.md, "Checks") */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "challenge.h"
#include "json.h"
#include "verify.h"

#define SYNOPSIS "gavel-verify challenge (--stake-table TABLE.json | " \
	"--trust-root DIGEST --chain CHAIN.json) BIDSET.json PUBLISHED.json " \
	"CHALLENGE.json"

const char gv_verify_challenge_help[] =
"usage: gavel-verify challenge --stake-table TABLE.json BIDSET.json\n"
"           PUBLISHED.json CHALLENGE.json\n"
"       gavel-verify challenge --trust-root DIGEST --chain CHAIN.json\n"
"           BIDSET.json PUBLISHED.json CHALLENGE.json\n"
"\n"
"Check one finder's-fee challenge (formats/challenge.md) from scratch:\n"
"the bid set (a gavel.bidset.v2, signatures included), the published\n"
"allocation it beats, then the challenge: its links to both, the\n"
"challenger's signature, the improved allocation (every check of\n"
"gavel-verify allocation), a strict improvement of at least the minimum,\n"
"the fee exactly by the rule, the reveal against its commitment, and the\n"
"commitment's position in a block certified by a quorum of the stake table\n"
"the caller trusts: TABLE, taken on trust, or the table of the bid set's\n"
"epoch proven by a stake-table chain (formats/stake-chain.md) from the one\n"
"digest the caller trusts. The \"valid: ...\" line ends with what was\n"
"trusted.\n"
"\n"
"options (the table one of two ways, required, no default: a table inside\n"
"a document proves nothing):\n"
"      --stake-table FILE  the stake table you trust for the epoch, or\n"
"      --trust-root DIGEST the genesis table's digest (64 hex digits), with\n"
"      --chain FILE        the chain from it to the bid set's epoch\n"
"  -h, --help          print this help and exit\n"
"      --list-options  print the options this command parses, one a line\n"
"\n"
"exit status:\n"
"  0  valid\n"
"  1  a check fails (the reason on stderr)\n"
"  2  usage error, unreadable or malformed input, or a chain that does not\n"
"     hold from --trust-root or does not reach the bid set's epoch:\n"
"     nothing checked\n"
"  3  internal failure\n"
"\n"
"examples:\n"
"  gavel-verify challenge --stake-table corpus/valid/challenge-epoch.table.json \\\n"
"      corpus/valid/challenge-epoch.json corpus/valid/challenge-epoch.weak.json \\\n"
"      corpus/valid/challenge-epoch.challenge.json\n"
"  gavel-verify challenge \\\n"
"      --trust-root $(cat corpus/trust/challenge-epoch.root) \\\n"
"      --chain corpus/trust/challenge-epoch.chain.json \\\n"
"      corpus/valid/challenge-epoch.json corpus/valid/challenge-epoch.weak.json \\\n"
"      corpus/valid/challenge-epoch.challenge.json\n"
"  gavel-verify challenge --stake-table corpus/valid/challenge-epoch.table.json \\\n"
"      corpus/valid/challenge-epoch.json corpus/valid/challenge-epoch.weak.json \\\n"
"      corpus/adversarial/challenge-fee-off-by-one.json\n";

const char gv_verify_challenge_summary[] =
"one finder's-fee challenge against the published allocation it beats\n"
"(formats/challenge.md)";

const struct option gv_verify_challenge_opts[] = {
	GV_VERIFY_TRUST_OPTS,
	{ NULL, 0, NULL, 0 }
};

int
gv_verify_challenge_args(int argc, char **argv, struct gv_verify_trust *tr,
    const char *usage, const char **output, char **pos, int maxpos, int *npos,
    struct gv_err *e)
{
	int i, rc, taken;

	*npos = 0;
	for (i = 0; i < argc; i++) {
		if ((rc = gv_verify_trust_opt(tr, argc, argv, &i, usage, &taken,
		    e)) != GV_OK)
			return rc;
		if (taken)
			continue;
		if (output != NULL && (strcmp(argv[i], "-o") == 0 ||
		    strcmp(argv[i], "--output") == 0)) {
			if (i + 1 >= argc)
				return gv_err_set(e, GV_MALFORMED, NULL, NULL,
				    "%s: missing file", argv[i]);
			*output = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return gv_err_set(e, GV_MALFORMED, NULL, NULL,
			    "unknown option \"%s\"", argv[i]);
		else if (maxpos > 0 && *npos >= maxpos)
			return gv_err_set(e, GV_MALFORMED, NULL, NULL,
			    "too many arguments");
		else
			pos[(*npos)++] = argv[i];
	}
	return gv_verify_trust_given(tr, NULL, "required: the commitment's "
	    "block is certified against the stake table you trust",
	    "the bid set's", e);
}

int
gv_verify_challenge_ctx(struct gv_verify_trust *tr, const char *bidset,
    const char *published, struct gv_challenge_ctx *x, struct gv_err *e)
{
	int rc;

	memset(x, 0, sizeof(*x));
	/* a table file first, as formats/challenge.md step 0 reads it; a
	 * chain once the bid set has named the epoch */
	if ((tr->chain == NULL && (rc = gv_verify_trust_load(tr, 0, 0, e))) ||
	    (rc = gv_challenge_ctx_load_bidset(x, bidset, e)) ||
	    (tr->chain != NULL && (rc = gv_verify_trust_load(tr, x->bs.epoch,
	    0, e))))
		return rc;
	/* the context takes the table over; what and source stay */
	tr->have_t = 0;
	if ((rc = gv_challenge_ctx_set_table(x, &tr->t, tr->source, e)))
		return rc;
	return gv_challenge_ctx_load_published(x, published, e);
}

int
gv_verify_challenge(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e)
{
	struct gv_challenge_ctx x;
	struct gv_challenge c;
	struct gv_verify_trust tr;
	char *pos[3], pk[2 * GV_PK_LEN + 1], *imp = NULL, *fee = NULL;
	json_t *doc = NULL;
	int rc, npos;

	memset(&x, 0, sizeof(x));
	gv_challenge_init(&c);
	gv_verify_trust_init(&tr);
	if ((rc = gv_verify_challenge_args(argc, argv, &tr, SYNOPSIS, NULL, pos,
	    3, &npos, e)))
		goto cleanup;
	if (npos != 3) {
		rc = gv_err_set(e, GV_MALFORMED, NULL, NULL, "usage: "
		    SYNOPSIS);
		goto cleanup;
	}
	if ((rc = gv_verify_challenge_ctx(&tr, pos[0], pos[1], &x, e)) ||
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
	    "%s at slot %ju; %s\n", pk, (uintmax_t)x.bs.epoch, x.bs.marketplace,
	    imp ? imp : "?", fee ? fee : "?", (uintmax_t)c.leaf_index,
	    c.rollup, (uintmax_t)c.slot, tr.what);
cleanup:
	free(imp);
	free(fee);
	json_decref(doc);
	gv_challenge_free(&c);
	gv_challenge_ctx_free(&x);
	gv_verify_trust_free(&tr);
	return rc;
}
