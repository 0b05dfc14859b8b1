/* verdict.c: slashing verdicts and fault identities (formats/verdict.md, formats/evidence.md) */
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "verdict.h"

static const char *const fault_names[GV_FAULT_NKINDS] = { "inclusion",
	"state", "equivocation", "liveness" };

const char *
gv_fault_name(int kind)
{
	return kind >= 0 && kind < GV_FAULT_NKINDS ? fault_names[kind] :
	    "unknown";
}

void
gv_verdict_init(struct gv_verdict *v)
{
	size_t i;

	memset(v, 0, sizeof(*v));
	mpz_init(v->penalty);
	mpz_init(v->cap);
	for (i = 0; i < GV_VERDICT_MAX_RECIPIENTS; i++)
		mpz_init(v->recipient_amount[i]);
}

void
gv_verdict_free(struct gv_verdict *v)
{
	size_t i;

	mpz_clear(v->penalty);
	mpz_clear(v->cap);
	for (i = 0; i < GV_VERDICT_MAX_RECIPIENTS; i++)
		mpz_clear(v->recipient_amount[i]);
	memset(v, 0, sizeof(*v));
}

int
gv_fault_id(struct gv_verdict *v)
{
	char hex[2 * GV_PK_LEN + 1];
	json_t *f;
	int rc, bad = 0;

	if ((f = json_object()) == NULL)
		return GV_INTERNAL;
	gv_hex(hex, v->sequencer, GV_PK_LEN);
	bad |= json_object_set_new(f, "kind",
	    json_string(gv_fault_name(v->kind)));
	bad |= json_object_set_new(f, "sequencer", json_string(hex));
	bad |= json_object_set_new(f, "rollup", json_string(v->rollup));
	bad |= json_object_set_new(f, "slot",
	    json_integer((json_int_t)v->slot));
	if (v->has_position)
		bad |= json_object_set_new(f, "position",
		    json_integer((json_int_t)v->position));
	rc = bad ? GV_INTERNAL : gv_digest(v->fault_id, "fault",
	    v->marketplace, v->epoch, f);
	json_decref(f);
	return rc;
}

static json_t *
recipients_json(const struct gv_verdict *v)
{
	char hex[2 * GV_PK_LEN + 1];
	json_t *arr = json_array(), *r;
	size_t i;
	int bad = 0;

	if (arr == NULL)
		return NULL;
	for (i = 0; i < v->nrecipients && !bad; i++) {
		if ((r = json_object()) == NULL) {
			bad = 1;
			break;
		}
		bad |= json_object_set_new(r, "to", json_string(i == 0 ?
		    "holder" : v->recipient_to[i]));
		if (i == 0 && v->has_holder) {
			gv_hex(hex, v->holder, GV_PK_LEN);
			bad |= json_object_set_new(r, "key", json_string(hex));
		} else
			bad |= json_object_set_new(r, "key", json_null());
		bad |= json_object_set_new(r, "amount",
		    gv_amount_json(v->recipient_amount[i]));
		bad |= json_array_append_new(arr, r);
	}
	if (bad) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/*
 * Version 2's keys are version 3's without attributed_to, delegation,
 * leg, cap and recipients, in the same order: one encoder for both.
 */
json_t *
gv_verdict_json(const struct gv_verdict *v)
{
	json_t *o;
	int bad = 0;

	if (!v->known || (o = json_object()) == NULL)
		return NULL;
	bad |= json_object_set_new(o, "format", json_string(v->v3 ?
	    GV_VERDICT_FORMAT_V3 : GV_VERDICT_FORMAT));
	bad |= json_object_set_new(o, "slashable", json_boolean(v->slashable));
	bad |= json_object_set_new(o, "kind",
	    json_string(gv_fault_name(v->kind)));
	bad |= json_object_set_new(o, "marketplace", json_string(v->marketplace));
	bad |= json_object_set_new(o, "epoch", json_integer((json_int_t)v->epoch));
	bad |= json_object_set_new(o, "sequencer",
	    gv_hex_json(v->sequencer, GV_PK_LEN));
	if (v->v3) {
		bad |= json_object_set_new(o, "attributed_to",
		    gv_hex_json(v->attributed_to, GV_PK_LEN));
		bad |= json_object_set_new(o, "delegation", v->has_delegation ?
		    gv_hex_json(v->delegation, GV_DIGEST_LEN) : json_null());
	}
	bad |= json_object_set_new(o, "rollup", json_string(v->rollup));
	bad |= json_object_set_new(o, "slot", json_integer((json_int_t)v->slot));
	if (v->v3)
		bad |= json_object_set_new(o, "leg", v->has_leg ?
		    json_integer((json_int_t)v->leg) : json_null());
	bad |= json_object_set_new(o, "position", v->has_position ?
	    json_integer((json_int_t)v->position) : json_null());
	bad |= json_object_set_new(o, "penalty", gv_amount_json(v->penalty));
	if (v->v3) {
		bad |= json_object_set_new(o, "cap", gv_amount_json(v->cap));
		bad |= json_object_set_new(o, "recipients", recipients_json(v));
	}
	bad |= json_object_set_new(o, "evidence",
	    gv_hex_json(v->evidence, GV_DIGEST_LEN));
	bad |= json_object_set_new(o, "fault_id",
	    gv_hex_json(v->fault_id, GV_DIGEST_LEN));
	bad |= json_object_set_new(o, "trust_root",
	    gv_hex_json(v->trust_root, GV_DIGEST_LEN));
	bad |= json_object_set_new(o, "stake_table",
	    gv_hex_json(v->stake_table, GV_DIGEST_LEN));
	bad |= json_object_set_new(o, "reason", v->slashable ? json_null() :
	    json_string(v->reason));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}
