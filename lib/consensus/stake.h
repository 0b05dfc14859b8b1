/* stake.h: stake tables (formats/stake-table.md) */
#ifndef GV_STAKE_H
#define GV_STAKE_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>
#include <jansson.h>

#include "canon.h"
#include "err.h"
#include "sig.h"

#define GV_STAKE_FORMAT "gavel.stake-table.v1"
/* Most entries a stake table may hold. */
#define GV_STAKE_MAX_ENTRIES 100000
#define GV_STAKE_MAX_BYTES (32u << 20)
/*
 * The most values a stake table can hold (json.h): the top object, 4
 * names, 3 scalars, entries 1 + 100000 x 5 = 500009 values, of which
 * 100002 objects and arrays.
 */
#define GV_STAKE_MAX_VALUES 500009
#define GV_STAKE_MAX_CONTAINERS 100002

struct gv_stake_entry {
	unsigned char key[GV_PK_LEN];
	mpz_t stake;
};

/*
 * A parsed stake table. Strings point into root, which the table owns;
 * everything is released by gv_stake_free. digest is
 * digest("stake-table", marketplace, epoch, document).
 */
struct gv_stake_table {
	json_t *root;
	const char *doc;	/* file name for messages */
	const char *marketplace;
	uint64_t epoch;
	struct gv_stake_entry *entries;	/* document order */
	size_t n;
	mpz_t total;
	unsigned char digest[GV_DIGEST_LEN];
};

/*
 * Load FILE and check it against formats/stake-table.md. On success t
 * must be released with gv_stake_free; on failure t is left empty (and
 * safe to free). Errors: GV_MALFORMED, GV_INVALID (duplicate keys),
 * GV_INTERNAL.
 */
int gv_stake_load(const char *file, struct gv_stake_table *t,
    struct gv_err *e);

/* The same for a parsed document; takes over the reference to root. */
int gv_stake_from_json(json_t *root, const char *doc,
    struct gv_stake_table *t, struct gv_err *e);

/* Release everything t holds; t is left empty. */
void gv_stake_free(struct gv_stake_table *t);

#endif
