/* lpexport.h: the reduced integer program of an epoch as LP and MPS text (formats/lp-export.md) */
#ifndef GV_LPEXPORT_H
#define GV_LPEXPORT_H

#include "bidset.h"
#include "err.h"

/*
 * Reduce bs (reduce.h) and write its winner determination as an integer
 * program with exact integer coefficients (the gcd-divided net values,
 * in decimal) to lp_path in CPLEX LP format and/or to mps_path in free
 * MPS format (either may be NULL), atomically. Comments map columns to
 * bid ids and rows to rollups and XOR groups and give the reserves and
 * the gcd that map an objective back to a value (formats/lp-export.md).
 * GV_MALFORMED when a file cannot be written, GV_INTERNAL when out of
 * memory.
 */
int gv_lp_export(const struct gv_bidset *bs, const char *lp_path,
    const char *mps_path, struct gv_err *e);

#endif
