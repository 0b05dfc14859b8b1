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
 * so that gv_write_atomic_abort always knows whether one exists. An
 * empty path, or an existing target that is not a regular file (a device,
 * a FIFO, a directory), is refused before anything is created.
 */
int gv_write_atomic(const char *path, const void *data, size_t len,
    struct gv_err *e);

/*
 * Check an output target before any work is done: path "-" (stdout) is
 * always fine; otherwise path must not be empty, and if it exists it must
 * be a regular file (or a symlink to one), and it must not be the same
 * file (device and inode, whatever the name) as any of the ninputs files
 * in inputs. GV_MALFORMED naming path otherwise. gv_write_atomic repeats
 * the first two checks itself.
 */
int gv_output_check(const char *path, const char *const *inputs,
    size_t ninputs, struct gv_err *e);

/*
 * For a signal handler about to _exit(): remove the temporary file of a
 * gv_write_atomic in progress, if any, leaving the old output in place.
 * Async-signal-safe (unlink(2) only); best effort.
 */
void gv_write_atomic_abort(void);

#endif
