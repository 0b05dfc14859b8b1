/* evtool.h: gavel-evidence's parts: pieces, assembly, judgement (formats/evidence.md, "Built from pieces") */
#ifndef GV_EVIDENCE_TOOL_H
#define GV_EVIDENCE_TOOL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "err.h"
#include "evidence.h"
#include "receipt.h"
#include "stake.h"

/* The certificates a piece of evidence may embed, by subject kind. */
enum ev_cert { EV_CERT_ALLOCATION, EV_CERT_PARAMS, EV_CERT_BLOCK,
	EV_CERT_SLOT_RECORD, EV_NCERTS };

#define EV_MAX_RECEIPTS 2
/* kind for "tell it from the pieces" */
#define EV_KIND_AUTO (-1)

/* The command line of gavel-evidence build: file names, borrowed from argv. */
struct ev_args {
	int kind;			/* enum gv_fault_kind or EV_KIND_AUTO */
	const char *receipt[EV_MAX_RECEIPTS];
	size_t nreceipts;
	const char *cert[EV_NCERTS];
	size_t ncerts;
	const char *block, *proof, *slot_record, *allocation, *params;
	const char *table, *root, *chain, *out;
	const char *leaf;		/* --leaf, hex */
	const char *delegation;
	int has_leg;
	uint64_t leg;			/* --leg, when has_leg */
};

/*
 * The pieces, read and sorted: receipts in evidence order (by receipt
 * digest for equivocation), certificates by the piece they certify.
 * Owned: ev_pieces_free.
 */
struct ev_pieces {
	int kind;			/* enum gv_fault_kind, once known */
	json_t *receipt[EV_MAX_RECEIPTS];
	/*
	 * v1 receipts are parsed whole; of an atomic receipt
	 * (gavel.receipt.v2, formats/receipt.md) only marketplace and epoch
	 * are read here (atomic[i] set), the evidence check does the rest.
	 */
	struct gv_receipt r[EV_MAX_RECEIPTS];
	int atomic[EV_MAX_RECEIPTS];
	const char *receipt_file[EV_MAX_RECEIPTS];
	size_t nreceipts;
	/* the broken leg of an atomic receipt: --leg, or the block's rollup */
	int has_leg;
	uint64_t leg;
	json_t *delegation;
	json_t *cert[EV_NCERTS];
	const char *cert_file[EV_NCERTS];
	json_t *block, *proof, *slot_record, *allocation, *params;
};

/*
 * Read every piece a names (JSON, each receipt checked as a receipt),
 * match each certificate to the piece it certifies by its subject kind,
 * settle the fault kind (a->kind, or told from the pieces) and check that
 * the pieces are exactly those of that kind. GV_OK, or GV_MALFORMED
 * naming the option or the file and field (p is then safe to free), or
 * GV_INTERNAL.
 */
int ev_pieces_load(const struct ev_args *a, struct ev_pieces *p,
    struct gv_err *e);
void ev_pieces_free(struct ev_pieces *p);

/*
 * The proof piece *proof (from file) in the evidence's {"index", "leaf",
 * "path"} form: left as it is when it has no "format" (leaf must then be
 * NULL); a gavel.inclusion-proof.v1 document is replaced by that form,
 * with leaf (64 hex digits, the raw item whose leaf hash the document
 * carries) and the document's leaf_index and path. GV_OK, GV_MALFORMED
 * naming --leaf or the file and field, or GV_INTERNAL.
 */
int ev_proof_piece(json_t **proof, const char *file, const char *leaf,
    struct gv_err *e);

/*
 * The evidence document of p's kind (formats/evidence.md, keys in the
 * spec's order) embedding table (the trusted stake table's document): a
 * new reference, or NULL when out of memory.
 */
json_t *ev_assemble(const struct ev_pieces *p, json_t *table);

/*
 * The trusted table of a (--stake-table, or --trust-root with --chain,
 * walked to epoch) into *t (zero-initialised by the caller, freed with
 * gv_stake_free) and trust. GV_OK, or GV_MALFORMED naming the option or
 * the file (a broken trust root builds nothing), or GV_INTERNAL.
 */
int ev_trust(const struct ev_args *a, uint64_t epoch,
    struct gv_stake_table *t, struct gv_trust *trust, struct gv_err *e);

/*
 * Rewrite a malformed-evidence message "DOC: PATH: problem" about the
 * assembled evidence into one about the piece PATH lies in: "FILE:
 * SUBPATH: problem" (receipts[0] is the first receipt's file, block the
 * block's, context.allocation the allocation's ...). Messages about no
 * piece are left as they are.
 */
void ev_blame_piece(struct gv_err *e, const char *doc,
    const struct ev_args *a, const struct ev_pieces *p);

/*
 * gavel-evidence build: read the pieces, assemble, judge with
 * gv_evidence_check and write the evidence (atomically) only when it
 * proves a fault; the verdict goes to stdout unless the evidence does.
 * Returns the exit status (GV_OK, GV_INVALID: refused, the reason in e,
 * GV_MALFORMED, GV_INTERNAL); e holds the message unless GV_OK.
 */
int ev_build(const struct ev_args *a, struct gv_err *e);

#endif
