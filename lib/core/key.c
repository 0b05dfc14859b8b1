/* key.c: signing key files (formats/key.md) */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "json.h"
#include "key.h"

static const char *const key_req[] = { "format", "seed", NULL };

void
gv_key_wipe(void *p, size_t n)
{
	sodium_memzero(p, n);
}

int
gv_key_load(const char *file, unsigned char pk[GV_PK_LEN],
    unsigned char sk[GV_SK_LEN], struct gv_err *e)
{
	unsigned char seed[GV_SEED_LEN];
	struct stat st;
	json_t *doc = NULL;
	int rc;

	/*
	 * The permission check comes first, as in ssh: a secret others could
	 * read is already compromised, whatever it holds.
	 */
	if (stat(file, &st) == -1)
		return gv_err_set(e, GV_MALFORMED, file, NULL,
		    "cannot open: %s", strerror(errno));
	if (S_ISREG(st.st_mode) && (st.st_mode & 077) != 0)
		return gv_err_set(e, GV_MALFORMED, file, NULL,
		    "permissions %04o are too open: a key file must not be "
		    "accessible by group or others (chmod 600)",
		    (unsigned)(st.st_mode & 07777));
	if ((rc = gv_json_load(file, GV_KEY_MAX_BYTES, &doc, e)) != GV_OK)
		return rc;
	if ((rc = gv_obj_keys(doc, key_req, NULL, file, NULL, e)) ||
	    (rc = gv_get_format(doc, GV_KEY_FORMAT, file, NULL, e)) ||
	    (rc = gv_get_hex(doc, "seed", seed, GV_SEED_LEN, file, NULL, e)))
		goto cleanup;
	if (crypto_sign_seed_keypair(pk, sk, seed) != 0)
		rc = gv_err_set(e, GV_INTERNAL, file, NULL,
		    "cannot derive the key pair");
cleanup:
	gv_key_wipe(seed, sizeof(seed));
	/* the parsed document holds the seed's hex too */
	if (doc != NULL) {
		json_t *s = json_object_get(doc, "seed");

		if (json_is_string(s))
			gv_key_wipe((char *)json_string_value(s),
			    json_string_length(s));
	}
	json_decref(doc);
	return rc;
}

int
gv_key_generate(const char *file, unsigned char pk[GV_PK_LEN],
    struct gv_err *e)
{
	unsigned char seed[GV_SEED_LEN], sk[GV_SK_LEN];
	char hex[2 * GV_SEED_LEN + 1], text[128];
	size_t len, off = 0;
	ssize_t n;
	int fd, rc = GV_OK;

	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1)
		return gv_err_set(e, GV_MALFORMED, file, NULL, "%s",
		    errno == EEXIST ? "already exists: a key is never "
		    "overwritten" : strerror(errno));
	randombytes_buf(seed, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	gv_hex(hex, seed, GV_SEED_LEN);
	len = (size_t)snprintf(text, sizeof(text),
	    "{\n  \"format\": \"%s\",\n  \"seed\": \"%s\"\n}\n", GV_KEY_FORMAT,
	    hex);
	/* umask may have narrowed 0600 further; never widened it. */
	if (fchmod(fd, 0600) != 0)
		goto fail;
	while (off < len) {
		n = write(fd, text + off, len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		off += (size_t)n;
	}
	if (fsync(fd) != 0)
		goto fail;
	goto cleanup;
fail:
	rc = gv_err_set(e, GV_MALFORMED, file, NULL, "cannot write: %s",
	    strerror(errno));
	(void)unlink(file);
cleanup:
	close(fd);
	gv_key_wipe(seed, sizeof(seed));
	gv_key_wipe(sk, sizeof(sk));
	gv_key_wipe(hex, sizeof(hex));
	gv_key_wipe(text, sizeof(text));
	return rc;
}
