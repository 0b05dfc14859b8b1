/* verdict.h: slashing verdicts and fault identities (formats/verdict.md, formats/evidence.md) */
#ifndef GV_VERDICT_H
#define GV_VERDICT_H

#include <stdint.h>

#include <gmp.h>
#include <jansson.h>

#include "canon.h"
#include "json.h"
#include "sig.h"

/*
 * v2 names the trusted stake table (trust_root, stake_table); v1 verdicts,
 * which rested on the evidence's own table, are no longer written.
 */
#define GV_VERDICT_FORMAT "gavel.verdict.v2"
/*
 * v3 (issue 15): written when the evidence holds a v2 receipt, v2
 * slashing parameters or a delegation; adds the attributed signer, the
 * delegation, the leg, the cap and the recipients.
 */
#define GV_VERDICT_FORMAT_V3 "gavel.verdict.v3"
/* the holder, then at most GV_PARAMS_MAX_OTHERS (slashctx.h) others */
#define GV_VERDICT_MAX_RECIPIENTS 17

enum gv_fault_kind { GV_FAULT_INCLUSION, GV_FAULT_STATE,
	GV_FAULT_EQUIVOCATION, GV_FAULT_LIVENESS, GV_FAULT_NKINDS };

/*
 * The outcome of checking one evidence document. Owned by the struct:
 * gv_verdict_init before use, gv_verdict_free after. "known" says whether
 * the alleged fault could be identified (the evidence is well-formed); only
 * then do the fault fields, the evidence digest and fault_id mean anything.
 */
struct gv_verdict {
	int known;
	int slashable;
	int kind;			/* enum gv_fault_kind */
	char marketplace[GV_ID_MAX + 1];
	uint64_t epoch;
	unsigned char sequencer[GV_PK_LEN];
	char rollup[GV_ID_MAX + 1];
	uint64_t slot;
	int has_position;		/* 0 for liveness */
	uint64_t position;
	mpz_t penalty;			/* 0 unless slashable */
	unsigned char evidence[GV_DIGEST_LEN];
	unsigned char fault_id[GV_DIGEST_LEN];
	/* what the caller trusted, and the table the certificates met */
	unsigned char trust_root[GV_DIGEST_LEN];
	unsigned char stake_table[GV_DIGEST_LEN];
	char reason[1024];		/* "" when slashable */
	/* version 3 only (v3 set): see formats/verdict.md, "Version 3" */
	int v3;
	unsigned char attributed_to[GV_PK_LEN];	/* the signer */
	int has_delegation;
	unsigned char delegation[GV_DIGEST_LEN];
	int has_leg;
	uint64_t leg;
	mpz_t cap;			/* 0 unless slashable */
	int has_holder;			/* recipient 0's key (v2 receipt) */
	unsigned char holder[GV_PK_LEN];
	size_t nrecipients;		/* 0 unless slashable; 0 is the holder */
	char recipient_to[GV_VERDICT_MAX_RECIPIENTS][GV_ID_MAX + 1];
	mpz_t recipient_amount[GV_VERDICT_MAX_RECIPIENTS];
};

void gv_verdict_init(struct gv_verdict *v);
void gv_verdict_free(struct gv_verdict *v);

/*
 * Set v->fault_id from the fault fields: digest("fault", marketplace,
 * epoch, {kind, position (not for liveness), rollup, sequencer, slot}).
 * GV_OK or GV_INTERNAL.
 */
int gv_fault_id(struct gv_verdict *v);

/*
 * The verdict document of formats/verdict.md (a new reference, keys in
 * the spec's order): gavel.verdict.v3 when v->v3, else v2. NULL when out
 * of memory or when !v->known.
 */
json_t *gv_verdict_json(const struct gv_verdict *v);

/* "inclusion", "state", "equivocation", "liveness". */
const char *gv_fault_name(int kind);

#endif
