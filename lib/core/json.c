/* json.c: strict document loading and typed fields (formats/README.md, "JSON") */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amount.h"
#include "json.h"

const struct gv_json_bound gv_json_any = {
	"a document of any kind", GV_JSON_ANY_VALUES, GV_JSON_ANY_CONTAINERS
};

/* Bytes that end a bare literal (number, true, false, null). */
static int
ends_literal(char c)
{
	return c == ',' || c == ':' || c == '[' || c == ']' || c == '{' ||
	    c == '}' || c == '"' || c == ' ' || c == '\t' || c == '\n' ||
	    c == '\r';
}

int
gv_json_prescan(const char *buf, size_t len, const char *doc,
    const struct gv_json_bound *bound, struct gv_err *e)
{
	size_t i = 0, values = 0, containers = 0, depth = 0;
	char c;

	while (i < len) {
		c = buf[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == ',' || c == ':') {
			i++;
			continue;
		}
		if (c == '}' || c == ']') {
			if (depth == 0)
				return GV_OK;	/* the parser reports it */
			depth--;
			i++;
			continue;
		}
		if (++values > bound->values)
			return gv_err_set(e, GV_MALFORMED, doc, NULL,
			    "more than %zu JSON values, the most %s can hold",
			    bound->values, bound->kind);
		if (c == '{' || c == '[') {
			if (++containers > bound->containers)
				return gv_err_set(e, GV_MALFORMED, doc, NULL,
				    "more than %zu objects and arrays, the most "
				    "%s can hold", bound->containers,
				    bound->kind);
			if (++depth > GV_JSON_MAX_DEPTH)
				return gv_err_set(e, GV_MALFORMED, doc, NULL,
				    "nested deeper than %d levels",
				    GV_JSON_MAX_DEPTH);
			i++;
		} else if (c == '"') {
			/* to the closing quote; a backslash escapes one byte */
			for (i++; i < len && buf[i] != '"'; i++)
				if (buf[i] == '\\')
					i++;
			i++;
		} else
			while (i < len && !ends_literal(buf[i]))
				i++;
	}
	return GV_OK;
}

int
gv_json_parse(const char *buf, size_t len, const char *doc, json_t **out,
    struct gv_err *e)
{
	return gv_json_parse_bounded(buf, len, doc, &gv_json_any, out, e);
}

int
gv_json_parse_bounded(const char *buf, size_t len, const char *doc,
    const struct gv_json_bound *bound, json_t **out, struct gv_err *e)
{
	json_error_t je;
	json_t *root;
	int rc;

	if (memchr(buf, '\0', len) != NULL)
		return gv_err_set(e, GV_MALFORMED, doc, NULL,
		    "contains a NUL byte");
	if ((rc = gv_json_prescan(buf, len, doc, bound, e)) != GV_OK)
		return rc;
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return gv_err_set(e, GV_MALFORMED, doc, NULL,
		    "line %d, column %d: %s", je.line, je.column, je.text);
	if (!json_is_object(root)) {
		json_decref(root);
		return gv_err_set(e, GV_MALFORMED, doc, NULL,
		    "top level is not an object");
	}
	*out = root;
	return GV_OK;
}

int
gv_json_load(const char *file, size_t max_bytes, json_t **out,
    struct gv_err *e)
{
	return gv_json_load_bounded(file, max_bytes, &gv_json_any, out, e);
}

int
gv_json_load_bounded(const char *file, size_t max_bytes,
    const struct gv_json_bound *bound, json_t **out, struct gv_err *e)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0, cap;
	ssize_t n;
	int fd, rc;

	fd = open(file, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd == -1)
		return gv_err_set(e, GV_MALFORMED, file, NULL,
		    "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) == -1) {
		rc = gv_err_set(e, GV_MALFORMED, file, NULL,
		    "cannot stat: %s", strerror(errno));
		goto cleanup;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = gv_err_set(e, GV_MALFORMED, file, NULL,
		    "is a directory");
		goto cleanup;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = gv_err_set(e, GV_MALFORMED, file, NULL,
		    "not a regular file");
		goto cleanup;
	}
	if ((uint64_t)st.st_size > max_bytes) {
		rc = gv_err_set(e, GV_MALFORMED, file, NULL,
		    "%jd bytes, the limit is %zu", (intmax_t)st.st_size,
		    max_bytes);
		goto cleanup;
	}
	/* The file may grow while we read: never read past the limit. */
	cap = (size_t)st.st_size + 1;
	if ((buf = malloc(cap)) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, file, NULL, "out of memory");
		goto cleanup;
	}
	for (;;) {
		n = read(fd, buf + len, cap - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			rc = gv_err_set(e, GV_MALFORMED, file, NULL,
			    "cannot read: %s", strerror(errno));
			goto cleanup;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len == cap) {
			rc = gv_err_set(e, GV_MALFORMED, file, NULL,
			    "changed size while being read, or exceeds "
			    "the limit of %zu bytes", max_bytes);
			goto cleanup;
		}
	}
	rc = gv_json_parse_bounded(buf, len, file, bound, out, e);
cleanup:
	free(buf);
	close(fd);
	return rc;
}

void
gv_path_key(char out[GV_PATH_MAX], const char *parent, const char *key)
{
	if (parent == NULL || *parent == '\0')
		snprintf(out, GV_PATH_MAX, "%s", key);
	else
		snprintf(out, GV_PATH_MAX, "%s.%s", parent, key);
}

void
gv_path_idx(char out[GV_PATH_MAX], const char *parent, size_t i)
{
	snprintf(out, GV_PATH_MAX, "%s[%zu]", parent ? parent : "", i);
}

static int
in_list(const char *key, const char *const *list)
{
	for (; list != NULL && *list != NULL; list++)
		if (strcmp(key, *list) == 0)
			return 1;
	return 0;
}

int
gv_obj_keys(const json_t *obj, const char *const *required,
    const char *const *optional, const char *doc, const char *path,
    struct gv_err *e)
{
	char p[GV_PATH_MAX], q[96];
	const char *const *r;
	const char *key;
	json_t *v;

	if (!json_is_object(obj))
		return gv_err_set(e, GV_MALFORMED, doc, path,
		    "must be an object");
	for (r = required; r != NULL && *r != NULL; r++)
		if (json_object_get(obj, *r) == NULL) {
			gv_path_key(p, path, *r);
			return gv_err_set(e, GV_MALFORMED, doc, p,
			    "missing");
		}
	json_object_foreach((json_t *)obj, key, v) {
		(void)v;
		if (!in_list(key, required) && !in_list(key, optional)) {
			return gv_err_set(e, GV_MALFORMED, doc,
			    path && *path ? path : NULL, "unknown key %s",
			    gv_quote(q, sizeof(q), key));
		}
	}
	return GV_OK;
}

int
gv_get_str(const json_t *obj, const char *key, const char **out,
    const char *doc, const char *path, struct gv_err *e)
{
	char p[GV_PATH_MAX];
	json_t *v = json_object_get(obj, key);

	if (!json_is_string(v)) {
		gv_path_key(p, path, key);
		return gv_err_set(e, GV_MALFORMED, doc, p,
		    v ? "must be a string" : "missing");
	}
	*out = json_string_value(v);
	return GV_OK;
}

int
gv_get_uint(const json_t *obj, const char *key, uint64_t max, uint64_t *out,
    const char *doc, const char *path, struct gv_err *e)
{
	char p[GV_PATH_MAX];
	json_t *v = json_object_get(obj, key);
	json_int_t i;

	gv_path_key(p, path, key);
	if (v == NULL)
		return gv_err_set(e, GV_MALFORMED, doc, p, "missing");
	if (!json_is_integer(v))
		return gv_err_set(e, GV_MALFORMED, doc, p,
		    "must be an integer (no fraction or exponent)");
	i = json_integer_value(v);
	if (i < 0 || (uint64_t)i > max)
		return gv_err_set(e, GV_MALFORMED, doc, p,
		    "must be between 0 and %" PRIu64, max);
	*out = (uint64_t)i;
	return GV_OK;
}

int
gv_get_amount(const json_t *obj, const char *key, mpz_t out, const char *doc,
    const char *path, struct gv_err *e)
{
	char p[GV_PATH_MAX];
	json_t *v = json_object_get(obj, key);

	gv_path_key(p, path, key);
	if (v == NULL)
		return gv_err_set(e, GV_MALFORMED, doc, p, "missing");
	if (!json_is_string(v))
		return gv_err_set(e, GV_MALFORMED, doc, p,
		    "amount must be a decimal string, not a JSON %s",
		    json_is_number(v) ? "number" : "value of another type");
	return gv_amount_parse(out, json_string_value(v), doc, p, e);
}

void
gv_hex(char *out, const unsigned char *in, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 15];
	}
	out[2 * n] = '\0';
}

json_t *
gv_amount_json(const mpz_t v)
{
	char *s = gv_amount_str(v);
	json_t *j = s ? json_string(s) : NULL;

	free(s);
	return j;
}

char *
gv_json_text(const json_t *doc, size_t flags)
{
	char *t = json_dumps(doc, flags), *t2;
	size_t n;

	if (t == NULL)
		return NULL;
	n = strlen(t);
	if ((t2 = realloc(t, n + 2)) == NULL) {
		free(t);
		return NULL;
	}
	t2[n] = '\n';
	t2[n + 1] = '\0';
	return t2;
}

json_t *
gv_hex_json(const unsigned char *p, size_t n)
{
	char h[2 * 64 + 1];

	if (n > 64)
		return NULL;
	gv_hex(h, p, n);
	return json_string(h);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
gv_unhex(unsigned char *out, size_t n, const char *in)
{
	size_t i;
	int hi, lo;

	if (strlen(in) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		hi = hexval(in[2 * i]);
		lo = hexval(in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

int
gv_get_hex(const json_t *obj, const char *key, unsigned char *out, size_t n,
    const char *doc, const char *path, struct gv_err *e)
{
	char p[GV_PATH_MAX];
	const char *s;
	size_t len;
	int rc;

	if ((rc = gv_get_str(obj, key, &s, doc, path, e)) != GV_OK)
		return rc;
	gv_path_key(p, path, key);
	len = strlen(s);
	if (len != 2 * n)
		return gv_err_set(e, GV_MALFORMED, doc, p,
		    "must be %zu hex digits (%zu bytes), got %zu characters",
		    2 * n, n, len);
	if (gv_unhex(out, n, s) != 0)
		return gv_err_set(e, GV_MALFORMED, doc, p,
		    "bad hex: only the digits 0-9 and a-f (lowercase) are "
		    "allowed");
	return GV_OK;
}

int
gv_check_id(const json_t *v, const char **out, const char *doc,
    const char *path, struct gv_err *e)
{
	char q[96];
	const char *s;
	size_t i, n;

	if (!json_is_string(v))
		return gv_err_set(e, GV_MALFORMED, doc, path,
		    "identifier must be a string");
	s = json_string_value(v);
	n = strlen(s);
	if (n == 0 || n > GV_ID_MAX)
		return gv_err_set(e, GV_MALFORMED, doc, path,
		    "identifier must be 1 to %d bytes, got %zu", GV_ID_MAX, n);
	for (i = 0; i < n; i++) {
		char c = s[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (i > 0 && (c == '.' || c == '_' || c == '-'));
		if (!ok)
			return gv_err_set(e, GV_MALFORMED, doc, path,
			    "bad identifier %s: only [a-z0-9] then "
			    "[a-z0-9._-] are allowed", gv_quote(q, sizeof(q), s));
	}
	*out = s;
	return GV_OK;
}

int
gv_get_id(const json_t *obj, const char *key, const char **out,
    const char *doc, const char *path, struct gv_err *e)
{
	char p[GV_PATH_MAX];
	json_t *v = json_object_get(obj, key);

	gv_path_key(p, path, key);
	if (v == NULL)
		return gv_err_set(e, GV_MALFORMED, doc, p, "missing");
	return gv_check_id(v, out, doc, p, e);
}

int
gv_get_format(const json_t *obj, const char *want, const char *doc,
    const char *path, struct gv_err *e)
{
	char p[GV_PATH_MAX], q[96];
	const char *s;
	int rc;

	if ((rc = gv_get_str(obj, "format", &s, doc, path, e)) != GV_OK)
		return rc;
	if (strcmp(s, want) != 0) {
		gv_path_key(p, path, "format");
		return gv_err_set(e, GV_MALFORMED, doc, p,
		    "unsupported format %s, expected \"%s\"",
		    gv_quote(q, sizeof(q), s), want);
	}
	return GV_OK;
}

int
gv_format_version(const json_t *obj, const char *v1, const char *v2,
    const char *doc, const char *path, struct gv_err *e)
{
	const json_t *f = json_is_object(obj) ? json_object_get(obj, "format") :
	    NULL;
	char p[GV_PATH_MAX], q[96];

	if (!json_is_string(f) || strcmp(json_string_value(f), v1) == 0)
		return 1;
	if (strcmp(json_string_value(f), v2) == 0)
		return 2;
	gv_path_key(p, path, "format");
	return -gv_err_set(e, GV_MALFORMED, doc, p, "unsupported format %s, "
	    "expected \"%s\" or \"%s\"", gv_quote(q, sizeof(q),
	    json_string_value(f)), v1, v2);
}

int
gv_json_no_reals(const json_t *v, const char *doc, const char *path,
    struct gv_err *e)
{
	char p[GV_PATH_MAX];
	const char *key;
	json_t *x;
	size_t i;
	int rc;

	if (json_is_real(v))
		return gv_err_set(e, GV_MALFORMED, doc, path, "must be an "
		    "integer (no fraction or exponent)");
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, x) {
			gv_path_key(p, path, key);
			if ((rc = gv_json_no_reals(x, doc, p, e)) != GV_OK)
				return rc;
		}
	} else if (json_is_array(v)) {
		json_array_foreach((json_t *)v, i, x) {
			gv_path_idx(p, path, i);
			if ((rc = gv_json_no_reals(x, doc, p, e)) != GV_OK)
				return rc;
		}
	}
	return GV_OK;
}
