/* progress.h: gavel-solve's progress line, JSON progress lines and trace (formats/progress.md) */
#ifndef GV_PROGRESS_H
#define GV_PROGRESS_H

#include <stdint.h>

#include <glpk.h>
#include <gmp.h>

#include "alloc.h"
#include "bidset.h"
#include "cli.h"
#include "err.h"
#include "reduce.h"

/*
 * The solver's exact bound on the value from a bound beta on the model
 * objective (solve.c's exact_bound, formats/allocation.md "Bound").
 */
typedef void gv_bound_fn(const struct gv_bidset *bs,
    const struct gv_reduced *red, const mpz_t g, unsigned shift, int exact,
    double beta, const mpz_t value, mpz_t out);

/*
 * A monitor watches one solve: it shows progress (a status line on a
 * terminal, or JSON lines) from a thread of its own that only reads a
 * snapshot, and records the trace when asked. It never changes what the
 * solver does, so the allocation does not depend on it. Every function
 * accepts NULL and then does nothing.
 */
struct gv_monitor;

/*
 * A new monitor for tool, started now (elapsed time counts from here).
 * verbose: GLPK writes its log to stderr, so auto mode shows no line.
 * trace: record the trace for gv_monitor_write_trace. NULL when there is
 * nothing to show or record, or when out of memory (progress is optional;
 * a trace that was asked for then fails at gv_monitor_write_trace).
 * Owned by the caller: gv_monitor_free.
 */
struct gv_monitor *gv_monitor_new(const char *tool, int mode, int verbose,
    int trace);

/* What the tool is doing now ("load", "signatures", ...): a static string. */
void gv_monitor_phase(struct gv_monitor *m, const char *phase);

/*
 * Hook (gv_solve, once the model's coefficients are known): the reduced
 * problem, its scaling and the exact incumbent. The monitor keeps pointers
 * to bs and red until the solve returns (gv_monitor_stop).
 */
void gv_monitor_model(struct gv_monitor *m, const struct gv_bidset *bs,
    const struct gv_reduced *red, const mpz_t g, unsigned shift, int exact,
    const mpz_t incumbent, gv_bound_fn *bound);

/*
 * Hook (the GLPK callback): nodes, a better integer solution (evaluated
 * exactly) and the best node's bound (converted to an exact bound at most
 * every 20 ms; not during a band search, whose tree bounds are not global).
 */
void gv_monitor_tree(struct gv_monitor *m, glp_tree *tree, int band_search);

/*
 * The solve is over: a (NULL when it failed) is the final word. Stops the
 * display thread, erases the status line, writes the final JSON line.
 * Idempotent; the model pointers are dropped.
 */
void gv_monitor_stop(struct gv_monitor *m, const struct gv_alloc *a);

/*
 * Write the trace (formats/progress.md, "Trace") to path atomically.
 * GV_INTERNAL when a monitor was not made or ran out of memory,
 * GV_MALFORMED when path cannot be written.
 */
int gv_monitor_write_trace(struct gv_monitor *m, const char *path,
    struct gv_err *e);

void gv_monitor_free(struct gv_monitor *m);

#endif
