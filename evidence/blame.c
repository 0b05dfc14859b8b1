/* blame.c: a problem in the assembled evidence, told about the piece it is in (formats/evidence.md, "Built from pieces") */
#include <stdio.h>
#include <string.h>

#include "evtool.h"

void
ev_blame_piece(struct gv_err *e, const char *doc, const struct ev_args *a,
    const struct ev_pieces *p)
{
	const char *map[][2] = {
		{ "receipts[0]", p->receipt_file[0] },
		{ "receipts[1]", p->receipt_file[1] },
		{ "delegation", a->delegation },
		{ "block_certificate", p->cert_file[EV_CERT_BLOCK] },
		{ "block", a->block },
		{ "proof", a->proof },
		{ "slot_record_certificate", p->cert_file[EV_CERT_SLOT_RECORD] },
		{ "slot_record", a->slot_record },
		{ "context.allocation_certificate",
		    p->cert_file[EV_CERT_ALLOCATION] },
		{ "context.allocation", a->allocation },
		{ "context.params_certificate", p->cert_file[EV_CERT_PARAMS] },
		{ "context.params", a->params },
		{ "context.stake_table", a->table ? a->table : a->chain },
	};
	char msg[sizeof(e->msg)];
	const char *rest;
	size_t i, n, dl = strlen(doc);

	if (strncmp(e->msg, doc, dl) != 0 || strncmp(e->msg + dl, ": ", 2))
		return;
	rest = e->msg + dl + 2;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		n = strlen(map[i][0]);
		if (map[i][1] == NULL || strncmp(rest, map[i][0], n) != 0)
			continue;
		if (rest[n] == '.')		/* PIECE.SUB: problem */
			snprintf(msg, sizeof(msg), "%s: %s", map[i][1],
			    rest + n + 1);
		else if (rest[n] == ':')
			snprintf(msg, sizeof(msg), "%s%s", map[i][1], rest + n);
		else
			continue;
		memcpy(e->msg, msg, sizeof(msg));
		return;
	}
}
