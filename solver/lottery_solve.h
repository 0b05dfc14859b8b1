/* lottery_solve.h: gavel-solve for a lottery bid set (formats/allocation.md "Version 2") */
#ifndef GV_LOTTERY_SOLVE_H
#define GV_LOTTERY_SOLVE_H

/* Whether the command line names a beacon (--beacon-block or --beacon-certificate). */
int gv_lottery_solve_wanted(int argc, char **argv);

/*
 * gavel-solve for a gavel.bidset.v4 bid set: check the bid set and the
 * beacon, solve, draw, self-check and write the gavel.allocation.v2.
 * Returns the exit status (formats/allocation.md).
 */
int gv_lottery_solve_main(int argc, char **argv);

#endif
