/* atomic.h: all-or-nothing output files (formats/README.md, "Output files") */
#ifndef GV_ATOMIC_H
#define GV_ATOMIC_H

#include <stddef.h>

#include "err.h"

/*
 * Write data to path so that readers see either the old file or the whole
 * new one, never a part: a temporary file "PATH.tmp.XXXXXX" in the same
 * directory, fsync, rename, fsync of the directory. path "-" writes to
 * stdout instead (no such guarantee there). SIGINT and SIGTERM are held
 * back only while the temporary file is created and while it is renamed,
 * so that gv_write_atomic_abort always knows whether one exists.
 */
int gv_write_atomic(const char *path, const void *data, size_t len,
    struct gv_err *e);

/*
 * For a signal handler about to _exit(): remove the temporary file of a
 * gv_write_atomic in progress, if any, leaving the old output in place.
 * Async-signal-safe (unlink(2) only); best effort.
 */
void gv_write_atomic_abort(void);

#endif
