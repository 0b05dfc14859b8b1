/* harness.h: what the gavel-verify fuzz targets share (formats/README.md, "Errors and exit codes") */
#ifndef GVF_HARNESS_H
#define GVF_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define GVF_MAXPARTS 4

/* A small valid signed bid set (3 rollups, 5 bids) the allocation targets check against. */
extern const char gvf_fixture[];

/* gvf_fixture parsed into *bs (libsodium started first); aborts on failure. */
struct gv_bidset;
void gvf_fixture_bidset(struct gv_bidset *bs);

/*
 * Once per process: libsodium, a private directory for the documents,
 * stdout to /dev/null (verdicts are printed there), removal at exit.
 */
void gvf_start(void);

/* Write n bytes to document slot i (0..GVF_MAXPARTS-1); its path. */
const char *gvf_put(int i, const void *p, size_t n);

/*
 * The invariants every run must keep, whatever the input: a documented
 * exit code; success reported in out; a failure with its message set.
 * Aborts (a finding) otherwise.
 */
void gvf_check(int rc, const struct gv_err *e, const char *out);

/*
 * The whole check path of gavel-verify NAME: data split at NUL bytes into
 * minparts to maxparts documents, each a file, passed as its arguments.
 */
int gvf_verify(const char *name, int minparts, int maxparts,
    const uint8_t *data, size_t size);

#endif
