/* canon.c: canonical bytes and domain-separated digests (formats/README.md, "Canonical encoding") */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "canon.h"

int
gv_buf_put(struct gv_buf *b, const void *p, size_t n)
{
	unsigned char *np;
	size_t nc;

	if (n == 0)
		return 0;
	if (b->len + n > b->cap) {
		nc = b->cap ? b->cap : 256;
		while (nc < b->len + n)
			nc *= 2;
		if ((np = realloc(b->p, nc)) == NULL)
			return -1;
		b->p = np;
		b->cap = nc;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	return 0;
}

void
gv_buf_free(struct gv_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

static int
put_str(struct gv_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char esc[6];
	size_t i, run;

	if (gv_buf_put(b, "\"", 1) != 0)
		return -1;
	/* runs of bytes that need no escape go in one copy */
	for (i = 0; i < n; i += run) {
		unsigned char c;

		for (run = 0; i + run < n; run++) {
			c = (unsigned char)s[i + run];
			if (c == '"' || c == '\\' || c < 0x20)
				break;
		}
		if (run > 0) {
			if (gv_buf_put(b, &s[i], run) != 0)
				return -1;
			continue;
		}
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			if (gv_buf_put(b, esc, 2) != 0)
				return -1;
		} else {
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			if (gv_buf_put(b, esc, 6) != 0)
				return -1;
		}
		run = 1;
	}
	return gv_buf_put(b, "\"", 1);
}

static int
keycmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Objects of up to this many keys sort them on the stack. */
#define CANON_STACK_KEYS 16

/*
 * gv_canon, leaving out the member named skip of a top-level object (NULL:
 * none): the signing bytes of a signed object without copying it.
 */
static int
canon(struct gv_buf *b, const json_t *v, const char *skip)
{
	const char *stack[CANON_STACK_KEYS], **keys = stack;
	const char *key;
	char num[32];
	json_t *x;
	size_t i, n, k;
	int rc = -1;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		n = json_object_size(v);
		if (n > CANON_STACK_KEYS &&
		    (keys = malloc(n * sizeof(*keys))) == NULL)
			return -1;
		i = 0;
		json_object_foreach((json_t *)v, key, x)
			if (skip == NULL || strcmp(key, skip) != 0)
				keys[i++] = key;
		n = i;
		if (n > 1)	/* qsort(NULL, 0, ...) is undefined */
			qsort(keys, n, sizeof(*keys), keycmp);
		if (gv_buf_put(b, "{", 1) != 0)
			goto cleanup;
		for (k = 0; k < n; k++) {
			if (k > 0 && gv_buf_put(b, ",", 1) != 0)
				goto cleanup;
			if (put_str(b, keys[k], strlen(keys[k])) != 0 ||
			    gv_buf_put(b, ":", 1) != 0 ||
			    canon(b, json_object_get(v, keys[k]), NULL) != 0)
				goto cleanup;
		}
		rc = gv_buf_put(b, "}", 1);
		goto cleanup;
	case JSON_ARRAY:
		if (gv_buf_put(b, "[", 1) != 0)
			return -1;
		for (i = 0; i < json_array_size(v); i++) {
			if (i > 0 && gv_buf_put(b, ",", 1) != 0)
				return -1;
			if (canon(b, json_array_get(v, i), NULL) != 0)
				return -1;
		}
		return gv_buf_put(b, "]", 1);
	case JSON_STRING:
		return put_str(b, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return gv_buf_put(b, num, strlen(num));
	case JSON_TRUE:
		return gv_buf_put(b, "true", 4);
	case JSON_FALSE:
		return gv_buf_put(b, "false", 5);
	case JSON_NULL:
		return gv_buf_put(b, "null", 4);
	default:
		return -1;
	}
cleanup:
	if (keys != stack)
		free(keys);
	return rc;
}

int
gv_canon(struct gv_buf *b, const json_t *v)
{
	return canon(b, v, NULL);
}

int
gv_domain(struct gv_buf *b, const char *kind, const char *marketplace,
    uint64_t epoch)
{
	unsigned char be[8];
	int i;

	for (i = 0; i < 8; i++)
		be[i] = (unsigned char)(epoch >> (56 - 8 * i));
	if (gv_buf_put(b, "gavel.v1", 9) != 0 ||
	    gv_buf_put(b, kind, strlen(kind) + 1) != 0 ||
	    gv_buf_put(b, marketplace, strlen(marketplace) + 1) != 0 ||
	    gv_buf_put(b, be, 8) != 0)
		return -1;
	return 0;
}

void
gv_sha256(unsigned char out[GV_DIGEST_LEN], const void *p, size_t n)
{
	crypto_hash_sha256(out, p, n);
}

static int
digest(unsigned char out[GV_DIGEST_LEN], const char *kind,
    const char *marketplace, uint64_t epoch, const json_t *v,
    const char *skip)
{
	struct gv_buf b = { 0 };
	int rc = GV_INTERNAL;

	if (gv_domain(&b, kind, marketplace, epoch) != 0 ||
	    canon(&b, v, skip) != 0)
		goto cleanup;
	gv_sha256(out, b.p, b.len);
	rc = GV_OK;
cleanup:
	gv_buf_free(&b);
	return rc;
}

int
gv_digest(unsigned char out[GV_DIGEST_LEN], const char *kind,
    const char *marketplace, uint64_t epoch, const json_t *v)
{
	return digest(out, kind, marketplace, epoch, v, NULL);
}

int
gv_digest_unsigned(unsigned char out[GV_DIGEST_LEN], const char *kind,
    const char *marketplace, uint64_t epoch, const json_t *v)
{
	return digest(out, kind, marketplace, epoch, v,
	    json_is_object(v) ? "sig" : NULL);
}
