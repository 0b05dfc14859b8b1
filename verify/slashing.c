/* slashing.c: gavel-verify slashing (formats/evidence.md, formats/verdict.md) */
#include <stdio.h>
#include <stdlib.h>

#include "evidence.h"
#include "verify.h"

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
