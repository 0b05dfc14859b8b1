/* verify.h: the table of gavel-verify's subcommands (formats/README.md) */
#ifndef GV_VERIFY_H
#define GV_VERIFY_H

#include <stddef.h>

#include "err.h"

/*
 * One subcommand. run() checks its documents and, only when everything is
 * valid, writes the success report into out (the CLI prints it last).
 * It returns GV_OK or the failure's code with e set; it never exits.
 */
struct gv_verify_cmd {
	const char *name;
	const char *args;
	int min_args, max_args;
	int (*run)(int argc, char **argv, char *out, size_t outlen,
	    struct gv_err *e);
};

/* The subcommand called name, or NULL. */
const struct gv_verify_cmd *gv_verify_find(const char *name);

/* Subcommands, one file each. */
int gv_verify_allocation(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e);
int gv_verify_slashing(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e);
int gv_verify_inclusion(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e);
int gv_verify_certificate(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e);
int gv_verify_chain(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e);
int gv_verify_receipt(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e);
/* Finder's-fee challenges (verify/challenge.c, verify/settle.c). */
int gv_verify_challenge(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e);
int gv_verify_settle(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e);
/*
 * Shared argument parsing: --stake-table FILE (required), -o/--output
 * FILE when output is non-NULL, and up to maxpos positional arguments
 * (0: no limit) into pos.
 */
int gv_verify_challenge_args(int argc, char **argv, const char **table,
    const char **output, char **pos, int maxpos, int *npos,
    struct gv_err *e);

#endif
