/* assemble.c: slashing evidence put together from its pieces (formats/evidence.md, "Built from pieces") */
#include "evtool.h"
#include "verdict.h"

/* o[key] = v (a new reference to v); 0, or -1 when out of memory. */
static int
put(json_t *o, const char *key, json_t *v)
{
	return v == NULL ? -1 : json_object_set(o, key, v);
}

static int
put_new(json_t *o, const char *key, json_t *v)
{
	return v == NULL ? -1 : json_object_set_new(o, key, v);
}

json_t *
ev_assemble(const struct ev_pieces *p, json_t *table)
{
	json_t *ev = json_object(), *ctx = json_object(), *rs = json_array();
	size_t i;
	int bad = ev == NULL || ctx == NULL || rs == NULL;

	/* keys in the order of formats/evidence.md, the order gavel-world
	 * writes: the same pieces give the same bytes */
	bad = bad || put_new(ev, "format", json_string(GV_EVIDENCE_FORMAT)) ||
	    put_new(ev, "marketplace", json_string(p->r[0].marketplace)) ||
	    put_new(ev, "epoch", json_integer((json_int_t)p->r[0].epoch)) ||
	    put_new(ev, "kind", json_string(gv_fault_name(p->kind))) ||
	    put(ctx, "stake_table", table) ||
	    put(ctx, "allocation", p->allocation) ||
	    put(ctx, "allocation_certificate", p->cert[EV_CERT_ALLOCATION]) ||
	    put(ctx, "params", p->params) ||
	    put(ctx, "params_certificate", p->cert[EV_CERT_PARAMS]) ||
	    put(ev, "context", ctx);
	for (i = 0; !bad && i < p->nreceipts; i++)
		bad = json_array_append(rs, p->receipt[i]) != 0;
	bad = bad || put(ev, "receipts", rs) ||
	    (p->has_leg && put_new(ev, "leg", json_integer((json_int_t)
	    p->leg))) ||
	    (p->delegation != NULL && put(ev, "delegation", p->delegation));
	if (!bad && (p->kind == GV_FAULT_INCLUSION ||
	    p->kind == GV_FAULT_STATE))
		bad = put(ev, "block", p->block) ||
		    put(ev, "block_certificate", p->cert[EV_CERT_BLOCK]) ||
		    (p->proof != NULL && put(ev, "proof", p->proof));
	if (!bad && p->kind == GV_FAULT_LIVENESS)
		bad = put(ev, "slot_record", p->slot_record) ||
		    put(ev, "slot_record_certificate",
		    p->cert[EV_CERT_SLOT_RECORD]);
	json_decref(ctx);
	json_decref(rs);
	if (bad) {
		json_decref(ev);
		return NULL;
	}
	return ev;
}
