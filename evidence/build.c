/* build.c: gavel-evidence build, slashing evidence from its pieces, judged before it is written (formats/evidence.md, "Built from pieces") */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "evtool.h"
#include "verdict.h"

/* s + "\n" into *out (new), or NULL. */
static char *
dump(const json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2)), *t;

	if (s == NULL)
		return NULL;
	if ((t = realloc(s, strlen(s) + 2)) == NULL) {
		free(s);
		return NULL;
	}
	strcat(t, "\n");
	return t;
}

/* Every file a names (at most 2 + 4 + 8), for gv_output_check; returns how many. */
static size_t
inputs(const struct ev_args *a, const char *in[16])
{
	const char *one[] = { a->block, a->proof, a->slot_record,
		a->allocation, a->params, a->table, a->chain, a->delegation };
	size_t i, n = 0;

	for (i = 0; i < a->nreceipts; i++)
		in[n++] = a->receipt[i];
	for (i = 0; i < a->ncerts; i++)
		in[n++] = a->cert[i];
	for (i = 0; i < sizeof(one) / sizeof(one[0]); i++)
		if (one[i] != NULL)
			in[n++] = one[i];
	return n;
}

int
ev_build(const struct ev_args *a, struct gv_err *e)
{
	struct gv_stake_table t;
	struct gv_trust trust;
	struct gv_verdict v;
	struct ev_pieces p;
	const char *in[16];
	const char *doc = strcmp(a->out, "-") == 0 ? "evidence" : a->out;
	json_t *ev = NULL, *vj = NULL;
	char *s = NULL, *vs = NULL;
	int rc;

	memset(&t, 0, sizeof(t));
	memset(&p, 0, sizeof(p));
	gv_verdict_init(&v);
	if ((rc = gv_output_check(a->out, in, inputs(a, in), e)) != GV_OK ||
	    (rc = ev_pieces_load(a, &p, e)) != GV_OK ||
	    (rc = ev_trust(a, p.r[0].epoch, &t, &trust, e)) != GV_OK)
		goto cleanup;
	if ((ev = ev_assemble(&p, t.root)) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, doc, NULL, "out of memory");
		goto cleanup;
	}
	/* the judge of gavel-verify slashing, word for word */
	rc = gv_evidence_check(ev, doc, &trust, &v, e);
	if (rc == GV_MALFORMED)
		ev_blame_piece(e, doc, a, &p);
	if (rc != GV_OK && rc != GV_INVALID)
		goto cleanup;
	if ((vj = gv_verdict_json(&v)) == NULL || (vs = dump(vj)) == NULL ||
	    (rc == GV_OK && (s = dump(ev)) == NULL)) {
		rc = gv_err_set(e, GV_INTERNAL, doc, NULL, "out of memory");
		goto cleanup;
	}
	if (rc == GV_OK && gv_write_atomic(a->out, s, strlen(s), e) != GV_OK) {
		rc = e->code;
		goto cleanup;
	}
	/* the verdict gavel-verify slashing gives the evidence (exit 1: the
	 * one it would give, had it been written) */
	if (strcmp(a->out, "-") != 0) {
		fputs(vs, stdout);
		fflush(stdout);
	}
cleanup:
	free(s);
	free(vs);
	json_decref(vj);
	json_decref(ev);
	gv_verdict_free(&v);
	ev_pieces_free(&p);
	gv_stake_free(&t);
	return rc;
}
