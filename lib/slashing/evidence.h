/* evidence.h: slashing evidence and its check (formats/evidence.md) */
#ifndef GV_EVIDENCE_H
#define GV_EVIDENCE_H

#include <jansson.h>

#include "canon.h"
#include "err.h"
#include "stake.h"
#include "verdict.h"

#define GV_EVIDENCE_FORMAT "gavel.evidence.v1"
#define GV_EVIDENCE_MAX_BYTES (16u << 20)
/* Longest Merkle audit path accepted in a proof. */
#define GV_PROOF_MAX_PATH 64

/*
 * What the caller trusts (formats/evidence.md, "Trust"): the epoch's stake
 * table, which every certificate of the evidence must be checked against
 * and which the evidence's own context.stake_table must equal by digest,
 * and root, the digest the caller vouched for. With --stake-table the
 * table is the root (root = table->digest); a stake-table chain from a
 * trust root (issue 15) will end in the table and keep its own root.
 * Borrowed: the caller keeps the table alive for the check.
 */
struct gv_trust {
	const struct gv_stake_table *table;
	unsigned char root[GV_DIGEST_LEN];
};

/*
 * Check an evidence document (borrowed) from scratch, in the order of
 * formats/evidence.md ("Checks"), against trust (never the evidence's own
 * stake table); v must be initialised (gv_verdict_init).
 * GV_OK: the fault is proven and v says so. GV_INVALID: well-formed
 * evidence that proves no slashable fault under trust; v->known is set and
 * v->reason holds the reason that e holds too. GV_MALFORMED (also when
 * trust or trust->table is NULL: no verdict without a trusted table) or
 * GV_INTERNAL: e holds the problem and v->known is 0.
 */
int gv_evidence_check(const json_t *root, const char *doc,
    const struct gv_trust *trust, struct gv_verdict *v, struct gv_err *e);

/* Load FILE (at most GV_EVIDENCE_MAX_BYTES) and check it against trust. */
int gv_evidence_load_check(const char *file, const struct gv_trust *trust,
    struct gv_verdict *v, struct gv_err *e);

#endif
