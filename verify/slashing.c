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
	{ "stake-table", required_argument, NULL, 'T' },
	{ "trust-root", required_argument, NULL, 'R' },
	{ "chain", required_argument, NULL, 'C' },
	{ NULL, 0, NULL, 0 }
};

struct args {
	const char *table, *chain, *root, *evidence;
};

/* Take the value of option argv[*i] into *slot: once, and present. */
static int
option_value(int argc, char **argv, int *i, const char **slot,
    struct gv_err *e)
{
	if (*i + 1 >= argc)
		return gv_err_set(e, GV_MALFORMED, argv[*i], NULL, "missing %s "
		    "(usage: " SYNOPSIS ")", strcmp(argv[*i], "--trust-root") ==
		    0 ? "digest" : "file name");
	if (*slot != NULL)
		return gv_err_set(e, GV_MALFORMED, argv[*i], NULL, "given "
		    "twice: one trusted table per verdict");
	*slot = argv[++*i];
	return GV_OK;
}

/* GV_OK with a filled (fields may be NULL), or a usage error. */
static int
parse_args(int argc, char **argv, struct args *a, struct gv_err *e)
{
	char q[96];
	int i, rc;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--stake-table") == 0) {
			if ((rc = option_value(argc, argv, &i, &a->table, e)))
				return rc;
		} else if (strcmp(argv[i], "--chain") == 0) {
			if ((rc = option_value(argc, argv, &i, &a->chain, e)))
				return rc;
		} else if (strcmp(argv[i], "--trust-root") == 0) {
			if ((rc = option_value(argc, argv, &i, &a->root, e)))
				return rc;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0')
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

/*
 * The trusted table, one of two ways, into *t and trust (exit 2 on any
 * failure: no verdict rests on a broken trust root). ev is the evidence,
 * already parsed as JSON: its epoch picks the chain's table.
 */
static int
trusted_table(const struct args *a, const json_t *ev, struct gv_stake_table *t,
    struct gv_trust *trust, struct gv_err *e)
{
	struct gv_chain_info info;
	const json_t *ep;
	uint64_t epoch = GV_CHAIN_LAST;
	int rc;

	if (a->table != NULL && (a->chain != NULL || a->root != NULL))
		return gv_err_set(e, GV_MALFORMED, a->evidence, "--stake-table",
		    "give the trusted table one way: --stake-table, or "
		    "--trust-root with --chain");
	if (a->table == NULL && a->chain == NULL && a->root == NULL)
		return gv_err_set(e, GV_MALFORMED, a->evidence, "--stake-table",
		    "missing: no verdict without a stake table given by the "
		    "caller (the evidence's own context.stake_table is the "
		    "accuser's word)");
	if (a->table != NULL) {
		rc = gv_stake_load(a->table, t, e);
		if (rc == GV_INVALID)
			rc = e->code = GV_MALFORMED;
		if (rc != GV_OK)
			return rc;
		trust->table = t;
		memcpy(trust->root, t->digest, GV_DIGEST_LEN);
		return GV_OK;
	}
	if (a->root == NULL || a->chain == NULL)
		return gv_err_set(e, GV_MALFORMED, a->evidence,
		    a->root == NULL ? "--trust-root" : "--chain", "missing: "
		    "--trust-root and --chain come together (the digest trusted "
		    "and the chain from it to the evidence's epoch)");
	if (strlen(a->root) != 2 * GV_DIGEST_LEN ||
	    gv_unhex(trust->root, GV_DIGEST_LEN, a->root) != 0)
		return gv_err_set(e, GV_MALFORMED, "--trust-root", NULL, "must "
		    "be 64 lowercase hex digits");
	/* an unreadable epoch: any proven table; the evidence check then
	 * reports what is wrong with the evidence itself */
	ep = json_object_get(ev, "epoch");
	if (json_is_integer(ep) && json_integer_value(ep) >= 0)
		epoch = (uint64_t)json_integer_value(ep);
	rc = gv_chain_load_check(a->chain, trust->root, epoch, 0, t, &info, e);
	if (rc == GV_INVALID)
		rc = e->code = GV_MALFORMED;
	if (rc != GV_OK)
		return rc;
	trust->table = t;
	return GV_OK;
}

int
gv_verify_slashing(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e)
{
	struct gv_stake_table t;
	struct gv_trust trust;
	struct gv_verdict v;
	struct args a;
	json_t *ev = NULL, *j = NULL;
	char *s = NULL;
	int rc;

	gv_verdict_init(&v);
	memset(&t, 0, sizeof(t));
	if ((rc = parse_args(argc, argv, &a, e)) != GV_OK)
		goto cleanup;
	if (a.evidence == NULL) {
		rc = gv_err_set(e, GV_MALFORMED, NULL, NULL, "slashing: missing "
		    "EVIDENCE.json (usage: " SYNOPSIS ")");
		goto cleanup;
	}
	/* exit 2, no verdict: "not slashable" would acquit on a usage slip */
	if (a.table == NULL && a.chain == NULL && a.root == NULL) {
		rc = trusted_table(&a, NULL, &t, &trust, e);
		goto cleanup;
	}
	if ((rc = gv_json_load(a.evidence, GV_EVIDENCE_MAX_BYTES, &ev, e)) ||
	    (rc = trusted_table(&a, ev, &t, &trust, e)))
		goto cleanup;
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
	gv_stake_free(&t);
	return rc;
}
