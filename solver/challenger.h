/* challenger.h: gavel-solve --against, the challenger's side (formats/challenge.md, "gavel-solve --against") */
#ifndef GV_SOLVER_CHALLENGER_H
#define GV_SOLVER_CHALLENGER_H

/* Exit status when the search found no improvement of at least the minimum. */
#define GV_NO_IMPROVEMENT 4

/* 1 when argv asks for the challenger's flow (it has --against). */
int gv_challenge_wanted(int argc, char **argv);

/*
 * The whole challenger's command line: gavel-solve --against PUBLISHED
 * --key KEY (--commit | --reveal DRAFT --order ORDER --stake-table T)
 * BIDSET. Returns the exit status (0, 1, 2, 3 or GV_NO_IMPROVEMENT).
 */
int gv_challenge_main(int argc, char **argv);

#endif
