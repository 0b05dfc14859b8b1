/* operator.h: the marketplace's certified operator keys (formats/operator.md) */
#ifndef GV_OPERATOR_H
#define GV_OPERATOR_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "canon.h"
#include "err.h"
#include "sig.h"

#define GV_OPERATOR_FORMAT "gavel.operator.v1"
#define GV_OPERATOR_MAX_KEYS 16
#define GV_OPERATOR_MAX_BYTES (1u << 20)

/*
 * A parsed operator document. Strings point into the JSON value it was
 * parsed from, which the caller keeps alive; nothing here needs freeing.
 */
struct gv_operator {
	const char *marketplace;
	uint64_t epoch, last_epoch;	/* the epochs [epoch, last_epoch] */
	const json_t *keys;		/* ascending lowercase hex keys */
	/* digest("operator", marketplace, epoch, document): what a quorum
	   certificate of kind "operator" certifies */
	unsigned char digest[GV_DIGEST_LEN];
};

/*
 * Check v against formats/operator.md and fill o, digest included. doc
 * and path name v in messages (path NULL at the top level).
 * GV_MALFORMED or GV_INTERNAL.
 */
int gv_operator_parse(const json_t *v, const char *doc, const char *path,
    struct gv_operator *o, struct gv_err *e);

/* 1 if key is one of o's keys, else 0. */
int gv_operator_has_key(const struct gv_operator *o,
    const unsigned char key[GV_PK_LEN]);

/* 1 if o covers epoch (epoch <= it <= last_epoch), else 0. */
int gv_operator_covers(const struct gv_operator *o, uint64_t epoch);

#endif
