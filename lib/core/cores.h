/* cores.h: how many threads "all cores" means (formats/allocation.md, "gavel-solve", --threads) */
#ifndef GV_CORES_H
#define GV_CORES_H

/* The most threads any gavel tool starts (a bound, not a default). */
#define GV_MAX_THREADS 256

/*
 * The cores this process may run on (sched_getaffinity, else the online
 * processors), at least 1 and at most GV_MAX_THREADS.
 */
unsigned gv_cores(void);

/* n itself when 1..GV_MAX_THREADS, gv_cores() when n is 0, else the bound. */
unsigned gv_threads(unsigned n);

/*
 * A --threads argument: decimal digits, 0 (all cores) to GV_MAX_THREADS.
 * Returns 0 and sets *n, or -1.
 */
int gv_parse_threads(const char *s, unsigned *n);

#endif
