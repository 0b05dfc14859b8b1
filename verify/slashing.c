/* slashing.c: gavel-verify slashing (formats/evidence.md, formats/verdict.md) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "evidence.h"
#include "json.h"
#include "stake.h"
#include "verify.h"

#define SYNOPSIS "gavel-verify slashing (--stake-table TABLE.json | " \
	"--trust-root DIGEST --chain CHAIN.json) EVIDENCE.json"

const char gv_verify_slashing_summary[] =
"slashing evidence against the caller's trusted stake table (or a\n"
"chain from one trusted digest): prints the verdict (formats/verdict.md)";

const char gv_verify_slashing_help[] =
"usage: gavel-verify slashing --stake-table TABLE.json EVIDENCE.json\n"
"       gavel-verify slashing --trust-root DIGEST --chain CHAIN.json\n"
"                             EVIDENCE.json\n"
"\n"
"Check slashing evidence (formats/evidence.md) against the stake table the\n"
"caller trusts and print the verdict (formats/verdict.md) on stdout.\n"
"Every certificate in the evidence is checked against that table, and the\n"
"evidence's own context.stake_table must be that same table (same digest):\n"
"the accuser never chooses the validator set. The caller gives the table\n"
"itself, or the one digest it trusts and a stake-table chain\n"
"(formats/stake-chain.md) that proves the table of the evidence's epoch.\n"
"Evidence with an atomic receipt (gavel.receipt.v2, its broken leg named),\n"
"a gateway's delegation or v2 slashing parameters gets a gavel.verdict.v3:\n"
"the penalty's cap and recipients in exact amounts, and the key the fault\n"
"is attributed to; any other evidence a gavel.verdict.v2, as before.\n"
"\n"
"options (one of the two ways is required: no default, no verdict without):\n"
"      --stake-table FILE  the trusted stake table of the evidence's epoch\n"
"      --trust-root DIGEST the genesis table's digest (64 hex digits), with\n"
"      --chain FILE        the chain from it to the evidence's epoch\n"
"  -h, --help              print this help and exit\n"
"      --list-options      print the options this command parses, one a line\n"
"\n"
"exit status:\n"
"  0  slashable (the verdict on stdout)\n"
"  1  not slashable (the verdict on stdout, the reason on stderr)\n"
"  2  usage error (no trusted table given), unreadable or malformed\n"
"     evidence, table or chain, or a chain that does not hold or does not\n"
"     reach the evidence's epoch: no verdict\n"
"  3  internal failure\n"
"\n"
"examples:\n"
"  gavel-verify slashing --stake-table corpus/slashing-world/stake-table.json \\\n"
"      corpus/valid/slashing-inclusion.json\n"
"  gavel-verify slashing --trust-root $(cat corpus/slashing-world/chain.root) \\\n"
"      --chain corpus/slashing-world/chain.json \\\n"
"      corpus/valid/slashing-inclusion.json\n"
"  gavel-verify slashing --stake-table corpus/slashing-world/stake-table.json \\\n"
"      corpus/adversarial/slashing-forged-stake-table.json\n";

const struct option gv_verify_slashing_opts[] = {
	GV_VERIFY_TRUST_OPTS,
	{ NULL, 0, NULL, 0 }
};

struct args {
	struct gv_verify_trust tr;
	const char *evidence;
};

/* GV_OK with a filled (fields may be NULL), or a usage error. */
static int
parse_args(int argc, char **argv, struct args *a, struct gv_err *e)
{
	char q[96];
	int i, rc, taken;

	a->evidence = NULL;
	for (i = 0; i < argc; i++) {
		if ((rc = gv_verify_trust_opt(&a->tr, argc, argv, &i, SYNOPSIS,
		    &taken, e)) != GV_OK)
			return rc;
		if (taken)
			continue;
		if (argv[i][0] == '-' && argv[i][1] != '\0')
			return gv_err_set(e, GV_MALFORMED, NULL, NULL,
			    "slashing: unknown option %s (usage: " SYNOPSIS
			    ")", gv_quote(q, sizeof(q), argv[i]));
		else if (a->evidence == NULL)
			a->evidence = argv[i];
		else
			return gv_err_set(e, GV_MALFORMED, NULL, NULL,
			    "slashing: one evidence file at a time (usage: "
			    SYNOPSIS ")");
	}
	return GV_OK;
}

int
gv_verify_slashing(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e)
{
	struct gv_trust trust;
	struct gv_verdict v;
	struct args a;
	json_t *ev = NULL, *j = NULL;
	const json_t *ep;
	uint64_t epoch = GV_CHAIN_LAST;
	char *s = NULL;
	int rc;

	gv_verdict_init(&v);
	gv_verify_trust_init(&a.tr);
	if ((rc = parse_args(argc, argv, &a, e)) != GV_OK)
		goto cleanup;
	if (a.evidence == NULL) {
		rc = gv_err_set(e, GV_MALFORMED, NULL, NULL, "slashing: missing "
		    "EVIDENCE.json (usage: " SYNOPSIS ")");
		goto cleanup;
	}
	/* exit 2, no verdict: "not slashable" would acquit on a usage slip */
	if ((rc = gv_verify_trust_given(&a.tr, a.evidence, "missing: no "
	    "verdict without a stake table given by the caller (the "
	    "evidence's own context.stake_table is the accuser's word)",
	    "the evidence's", e)) != GV_OK ||
	    (rc = gv_json_load(a.evidence, GV_EVIDENCE_MAX_BYTES, &ev, e)))
		goto cleanup;
	/* an unreadable epoch: any proven table; the evidence check then
	 * reports what is wrong with the evidence itself */
	ep = json_object_get(ev, "epoch");
	if (json_is_integer(ep) && json_integer_value(ep) >= 0)
		epoch = (uint64_t)json_integer_value(ep);
	rc = gv_verify_trust_load(&a.tr, epoch, 0, e);
	/* a trusted table that fails its own checks: no verdict either */
	if (rc == GV_INVALID)
		rc = e->code = GV_MALFORMED;
	if (rc != GV_OK)
		goto cleanup;
	trust.table = &a.tr.t;
	memcpy(trust.root, a.tr.root_digest, GV_DIGEST_LEN);
	rc = gv_evidence_check(ev, a.evidence, &trust, &v, e);
	if ((rc != GV_OK && rc != GV_INVALID) || !v.known)
		goto cleanup;
	if ((j = gv_verdict_json(&v)) == NULL ||
	    (s = json_dumps(j, JSON_INDENT(2))) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, a.evidence, NULL,
		    "cannot write the verdict");
		goto cleanup;
	}
	if (rc == GV_OK)
		snprintf(out, outlen, "%s\n", s);
	else {
		/* not slashable: the verdict still goes to stdout */
		fputs(s, stdout);
		fputc('\n', stdout);
		fflush(stdout);
	}
cleanup:
	free(s);
	json_decref(j);
	json_decref(ev);
	gv_verdict_free(&v);
	gv_verify_trust_free(&a.tr);
	return rc;
}
