/* vprogress.h: gavel-verify's progress line for long checks (formats/progress.md, "gavel-verify") */
#ifndef GV_VPROGRESS_H
#define GV_VPROGRESS_H

#include <stddef.h>

#include "cli.h"

/* --progress=MODE: enum gv_progress_mode and gv_progress_parse (cli.h). */
/*
 * A display of "DONE of TOTAL UNIT checked", refreshed about once a second
 * from a thread of its own, that reads *done and *total with atomic loads
 * (the check updates them from its own threads). command names the
 * subcommand, unit the things counted ("signatures"). NULL when there is
 * nothing to show (mode, or stderr not a terminal in auto mode) or on
 * failure: progress is optional. Free with gv_vprogress_stop.
 */
struct gv_vprogress *gv_vprogress_start(const char *command, const char *unit,
    int mode, const size_t *done, const size_t *total);

/*
 * Stop the thread, erase the status line, or write the final JSON line
 * ("done", or "failed" when ok is 0), then free p. NULL is ignored.
 */
void gv_vprogress_stop(struct gv_vprogress *p, int ok);

#endif
