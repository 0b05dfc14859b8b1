/* atomic.h: all-or-nothing output files (formats/README.md, "Output files") */
#ifndef GV_ATOMIC_H
#define GV_ATOMIC_H

#include <stddef.h>

#include "err.h"

/*
 * Write data to path so that readers see either the old file or the whole
 * new one, never a part: a temporary file in the same directory, fsync,
 * rename, fsync of the directory. path "-" writes to stdout instead.
 */
int gv_write_atomic(const char *path, const void *data, size_t len,
    struct gv_err *e);

#endif
