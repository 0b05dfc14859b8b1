/* json.h: strict document loading and typed fields (formats/README.md, "JSON") */
#ifndef GV_JSON_H
#define GV_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>
#include <jansson.h>

#include "err.h"

/* Largest JSON integer a document may hold: 2^53-1, exact in every JSON library. */
#define GV_INT_MAX 9007199254740991ULL
/* Longest identifier (marketplace, rollup, bid, XOR group). */
#define GV_ID_MAX 64
/* Longest JSON path we build; deeper paths are cut, never overflow. */
#define GV_PATH_MAX 160

/*
 * The most a document kind can hold (formats/README.md, "Limits"), so
 * that memory stays bounded by the input limit: checked by a cheap
 * pre-scan before the parser builds a tree (which costs up to ~250 bytes
 * per value). Values are counted as the parser would meet them: every
 * object, array, string (member names included), number, true, false and
 * null is one; containers are the objects and arrays among them.
 */
struct gv_json_bound {
	const char *kind;	/* "a bid set", for messages */
	size_t values;
	size_t containers;
};

/* No document of any kind nests deeper than this (objects and arrays). */
#define GV_JSON_MAX_DEPTH 16
/*
 * The bound of a document of no particular kind (gv_json_load): the
 * largest of every kind's, a bid set's values and evidence's containers.
 */
#define GV_JSON_ANY_VALUES 10102809
#define GV_JSON_ANY_CONTAINERS 406225
extern const struct gv_json_bound gv_json_any;

/*
 * Count buf's values, containers and depth without building anything;
 * GV_MALFORMED naming doc when one exceeds bound (or GV_JSON_MAX_DEPTH):
 * "more than N JSON values, the most KIND can hold",
 * "more than N objects and arrays, the most KIND can hold",
 * "nested deeper than 16 levels". Syntax is left to the parser: the scan
 * only needs to be right for documents that parse.
 */
int gv_json_prescan(const char *buf, size_t len, const char *doc,
    const struct gv_json_bound *bound, struct gv_err *e);

/* gv_json_load and gv_json_parse with a kind's bound (they use gv_json_any). */
int gv_json_load_bounded(const char *file, size_t max_bytes,
    const struct gv_json_bound *bound, json_t **out, struct gv_err *e);
int gv_json_parse_bounded(const char *buf, size_t len, const char *doc,
    const struct gv_json_bound *bound, json_t **out, struct gv_err *e);

/*
 * Read and parse the JSON document FILE. Only regular files of at most
 * max_bytes are read; duplicate keys, trailing data and NUL bytes are
 * errors, and so is a document beyond gv_json_any (gv_json_prescan). On success *out holds a new reference the caller must decref.
 * Errors are GV_MALFORMED and name the file (and line/column for syntax).
 */
int gv_json_load(const char *file, size_t max_bytes, json_t **out,
    struct gv_err *e);

/* The same, from a buffer; doc names it in messages. */
int gv_json_parse(const char *buf, size_t len, const char *doc, json_t **out,
    struct gv_err *e);

/* path buffers: "parent.key" and "parent[i]" (just "key" at the top). */
void gv_path_key(char out[GV_PATH_MAX], const char *parent, const char *key);
void gv_path_idx(char out[GV_PATH_MAX], const char *parent, size_t i);

/*
 * Check that obj is an object whose keys are all in required[] or
 * optional[] (NULL-terminated lists) and that every required key is
 * present. The first problem found, in key order of the lists, is reported.
 */
int gv_obj_keys(const json_t *obj, const char *const *required,
    const char *const *optional, const char *doc, const char *path,
    struct gv_err *e);

/*
 * Typed getters. Each looks up key in obj (present: callers check keys
 * first), checks the type and range, and reports "DOC: PATH.KEY: problem".
 */
int gv_get_str(const json_t *obj, const char *key, const char **out,
    const char *doc, const char *path, struct gv_err *e);
int gv_get_uint(const json_t *obj, const char *key, uint64_t max,
    uint64_t *out, const char *doc, const char *path, struct gv_err *e);
int gv_get_amount(const json_t *obj, const char *key, mpz_t out,
    const char *doc, const char *path, struct gv_err *e);
/* Exactly n bytes as 2n lowercase hex digits. */
int gv_get_hex(const json_t *obj, const char *key, unsigned char *out,
    size_t n, const char *doc, const char *path, struct gv_err *e);
/* An identifier: 1..GV_ID_MAX bytes of [a-z0-9._-], starting with [a-z0-9]. */
int gv_get_id(const json_t *obj, const char *key, const char **out,
    const char *doc, const char *path, struct gv_err *e);
/* Check an identifier value already in hand (an array element, say). */
int gv_check_id(const json_t *v, const char **out, const char *doc,
    const char *path, struct gv_err *e);
/*
 * The "format" key of obj must equal want exactly; path locates obj
 * (NULL or "" at the top level, or an embedded document's path).
 */
int gv_get_format(const json_t *obj, const char *want, const char *doc,
    const char *path, struct gv_err *e);

/*
 * Which of two versions obj claims: 2 when its "format" is v2; 1 when it
 * is v1, or missing or not a string (v1's parser then says what is wrong);
 * otherwise GV_MALFORMED naming path.format, "unsupported format X,
 * expected "V1" or "V2"", returned negated (-GV_MALFORMED).
 */
int gv_format_version(const json_t *obj, const char *v1, const char *v2,
    const char *doc, const char *path, struct gv_err *e);

/*
 * No JSON number with a fraction or exponent anywhere in v (formats/
 * README.md, "JSON subset"): GV_OK, or GV_MALFORMED naming the first one,
 * depth first in document order, as "DOC: PATH: must be an integer (no
 * fraction or exponent)". For documents that are digested whole before
 * every part of them has been type-checked (the canonical encoding has no
 * reals, so a digest over one would otherwise fail as an internal error).
 */
int gv_json_no_reals(const json_t *v, const char *doc, const char *path,
    struct gv_err *e);

/* Lowercase hex of n bytes into out (2n+1 bytes). */
void gv_hex(char *out, const unsigned char *in, size_t n);

/* New JSON strings (NULL out of memory): v's canonical amount (amount.h); n <= 64 bytes as hex. */
json_t *gv_amount_json(const mpz_t v);
json_t *gv_hex_json(const unsigned char *p, size_t n);

/*
 * doc as a file's text: json_dumps(doc, flags) and a final newline, a new
 * string the caller frees; NULL out of memory.
 */
char *gv_json_text(const json_t *doc, size_t flags);
/* Decode exactly 2n lowercase hex digits; -1 on any other input. */
int gv_unhex(unsigned char *out, size_t n, const char *in);

#endif
