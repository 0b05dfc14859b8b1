/* slashing.c: gavel-verify slashing (formats/evidence.md, formats/verdict.md) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "stake.h"
#include "verify.h"

#define SYNOPSIS "gavel-verify slashing --stake-table TABLE.json EVIDENCE.json"

static const char help[] =
"usage: " SYNOPSIS "\n"
"\n"
"Check slashing evidence (formats/evidence.md) against the stake table the\n"
"caller trusts and print the verdict (formats/verdict.md) on stdout.\n"
"Every certificate in the evidence is checked against TABLE, and the\n"
"evidence's own context.stake_table must be that same table (same digest):\n"
"the accuser never chooses the validator set.\n"
"\n"
"options:\n"
"  --stake-table FILE  the trusted stake table of the evidence's epoch\n"
"                      (required: no default; without it there is no verdict)\n"
"  -h, --help          this text\n"
"\n"
"exit status: 0 slashable (verdict on stdout); 1 not slashable (verdict on\n"
"stdout, the reason on stderr); 2 usage error (--stake-table missing),\n"
"unreadable or malformed evidence or table, no verdict; 3 internal failure.\n"
"\n"
"examples:\n"
"  gavel-verify slashing --stake-table corpus/slashing-world/stake-table.json \\\n"
"      corpus/valid/slashing-inclusion.json\n"
"  gavel-verify slashing --stake-table corpus/slashing-world/stake-table.json \\\n"
"      corpus/adversarial/slashing-forged-stake-table.json\n"
"  gavel-verify slashing --stake-table corpus/slashing-world/stake-table.json \\\n"
"      corpus/adversarial/slashing-inclusion-honest.json\n";

/* GV_OK with *table and *evidence set (either may be NULL), or usage. */
static int
parse_args(int argc, char **argv, const char **table, const char **evidence,
    int *want_help, struct gv_err *e)
{
	char q[96];
	int i;

	*table = *evidence = NULL;
	*want_help = 0;
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") ==
		    0)
			*want_help = 1;
		else if (strcmp(argv[i], "--stake-table") == 0) {
			if (i + 1 >= argc)
				return gv_err_set(e, GV_MALFORMED,
				    "--stake-table", NULL, "missing file name "
				    "(usage: " SYNOPSIS ")");
			if (*table != NULL)
				return gv_err_set(e, GV_MALFORMED,
				    "--stake-table", NULL, "given twice: one trusted "
				    "table per verdict");
			*table = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return gv_err_set(e, GV_MALFORMED, NULL, NULL,
			    "slashing: unknown option %s (usage: " SYNOPSIS
			    ")", gv_quote(q, sizeof(q), argv[i]));
		else if (*evidence == NULL)
			*evidence = argv[i];
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
	struct gv_stake_table t;
	struct gv_trust trust;
	struct gv_verdict v;
	const char *table, *evidence;
	json_t *j = NULL;
	char *s = NULL;
	int rc, want_help, have_t = 0;

	gv_verdict_init(&v);
	memset(&t, 0, sizeof(t));
	if ((rc = parse_args(argc, argv, &table, &evidence, &want_help, e)) !=
	    GV_OK)
		goto cleanup;
	if (want_help) {
		snprintf(out, outlen, "%s", help);
		goto cleanup;
	}
	if (evidence == NULL) {
		rc = gv_err_set(e, GV_MALFORMED, NULL, NULL, "slashing: missing "
		    "EVIDENCE.json (usage: " SYNOPSIS ")");
		goto cleanup;
	}
	/* exit 2, no verdict: "not slashable" would acquit on a usage slip */
	if (table == NULL) {
		rc = gv_err_set(e, GV_MALFORMED, evidence, "--stake-table",
		    "missing: no verdict without a stake table given by the "
		    "caller (the evidence's own context.stake_table is the "
		    "accuser's word)");
		goto cleanup;
	}
	rc = gv_stake_load(table, &t, e);
	have_t = 1;
	if (rc == GV_INVALID)
		rc = e->code = GV_MALFORMED;	/* no verdict on a broken root */
	if (rc != GV_OK)
		goto cleanup;
	trust.table = &t;
	memcpy(trust.root, t.digest, GV_DIGEST_LEN);
	rc = gv_evidence_load_check(evidence, &trust, &v, e);
	if ((rc != GV_OK && rc != GV_INVALID) || !v.known)
		goto cleanup;
	if ((j = gv_verdict_json(&v)) == NULL ||
	    (s = json_dumps(j, JSON_INDENT(2))) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, evidence, NULL,
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
	gv_verdict_free(&v);
	if (have_t)
		gv_stake_free(&t);
	return rc;
}
