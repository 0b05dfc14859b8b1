/* slashing.c: gavel-verify slashing (formats/evidence.md, formats/verdict.md) */
#include <stdio.h>
#include <stdlib.h>

#include "evidence.h"
#include "verify.h"


const char gv_verify_slashing_summary[] =
"slashing evidence: prints the verdict (formats/verdict.md)";

const char gv_verify_slashing_help[] =
"usage: gavel-verify slashing EVIDENCE.json\n"
"\n"
"Check slashing evidence against the certified context it carries\n"
"(formats/evidence.md) and print the verdict document\n"
"(formats/verdict.md) on stdout: slashable or not, who, for what, and\n"
"why. Malformed evidence gets no verdict, only the error on stderr.\n"
"\n"
"options:\n"
"  -h, --help          print this help and exit\n"
"      --list-options  print the options this command parses, one a line\n"
"\n"
"exit status:\n"
"  0  slashable (the verdict on stdout)\n"
"  1  not slashable (the verdict on stdout, the reason on stderr)\n"
"  2  usage error, unreadable or malformed evidence (no verdict)\n"
"  3  internal failure\n"
"\n"
"examples:\n"
"  gavel-verify slashing corpus/valid/slashing-equivocation.json\n"
"  gavel-verify slashing corpus/adversarial/slashing-inclusion-honest.json\n";

int
gv_verify_slashing(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e)
{
	struct gv_verdict v;
	json_t *j = NULL;
	char *s = NULL;
	int rc;

	(void)argc;
	gv_verdict_init(&v);
	rc = gv_evidence_load_check(argv[0], &v, e);
	if ((rc != GV_OK && rc != GV_INVALID) || !v.known)
		goto cleanup;
	if ((j = gv_verdict_json(&v)) == NULL ||
	    (s = json_dumps(j, JSON_INDENT(2))) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, argv[0], NULL,
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
	return rc;
}
