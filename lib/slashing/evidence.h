/* evidence.h: slashing evidence and its check (formats/evidence.md) */
#ifndef GV_EVIDENCE_H
#define GV_EVIDENCE_H

#include <jansson.h>

#include "err.h"
#include "verdict.h"

#define GV_EVIDENCE_FORMAT "gavel.evidence.v1"
#define GV_EVIDENCE_MAX_BYTES (16u << 20)
/* Longest Merkle audit path accepted in a proof. */
#define GV_PROOF_MAX_PATH 64

/*
 * Check an evidence document (borrowed) from scratch, in the order of
 * formats/evidence.md ("Checks"); v must be initialised (gv_verdict_init).
 * GV_OK: the fault is proven and v says so. GV_INVALID: well-formed
 * evidence that proves no slashable fault; v->known is set and v->reason
 * holds the reason that e holds too. GV_MALFORMED or GV_INTERNAL: e holds
 * the problem and v->known is 0.
 */
int gv_evidence_check(const json_t *root, const char *doc,
    struct gv_verdict *v, struct gv_err *e);

/* Load FILE (at most GV_EVIDENCE_MAX_BYTES) and check it. */
int gv_evidence_load_check(const char *file, struct gv_verdict *v,
    struct gv_err *e);

#endif
