/* key.h: signing key files (formats/key.md) */
#ifndef GV_KEY_H
#define GV_KEY_H

#include <stddef.h>

#include "err.h"
#include "sig.h"

#define GV_KEY_FORMAT "gavel.key.v1"
#define GV_SEED_LEN 32
/* A key file is tiny; anything larger is not one. */
#define GV_KEY_MAX_BYTES 4096

/*
 * Load the Ed25519 key in FILE (formats/key.md) into pk and sk. Like ssh,
 * refuses a file that its group or others may read or write (any of the
 * mode bits 077): "FILE: permissions 0644 are too open: ...". Errors:
 * GV_MALFORMED (unreadable, too open, not a key file), GV_INTERNAL. The
 * caller should wipe sk (gv_key_wipe) when done.
 */
int gv_key_load(const char *file, unsigned char pk[GV_PK_LEN],
    unsigned char sk[GV_SK_LEN], struct gv_err *e);

/*
 * Write a fresh random key to FILE with mode 0600, refusing to overwrite
 * anything (O_EXCL): "FILE: already exists". Fills pk with its public key.
 * Errors: GV_MALFORMED (cannot create), GV_INTERNAL.
 */
int gv_key_generate(const char *file, unsigned char pk[GV_PK_LEN],
    struct gv_err *e);

/* Overwrite n bytes of secret material so no copy lingers. */
void gv_key_wipe(void *p, size_t n);

#endif
