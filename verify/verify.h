/* verify.h: the table of gavel-verify's subcommands (formats/README.md) */
#ifndef GV_VERIFY_H
#define GV_VERIFY_H

#include <getopt.h>
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
	/*
	 * What `gavel-verify NAME --help` prints (usage, every option with
	 * its default, exit status, examples on corpus/ files) and the
	 * one-line summary in `gavel-verify --help`; both in verify/NAME.c.
	 */
	const char *help;
	const char *summary;
	/*
	 * The options run() parses, NULL-terminated (NULL: none). main.c
	 * rejects any other word starting with '-' before run() is called,
	 * and lists these with --list-options: the one table of options.
	 */
	const struct option *opts;
};

/* The subcommand called name, or NULL. */
const struct gv_verify_cmd *gv_verify_find(const char *name);
/* The i-th subcommand (from 0), or NULL past the last: for --help. */
const struct gv_verify_cmd *gv_verify_nth(size_t i);

/* Each subcommand's help, summary and options, in verify/NAME.c. */
extern const char gv_verify_allocation_help[], gv_verify_allocation_summary[];
extern const struct option gv_verify_allocation_opts[];
extern const char gv_verify_slashing_help[], gv_verify_slashing_summary[];
extern const struct option gv_verify_slashing_opts[];
extern const char gv_verify_inclusion_help[], gv_verify_inclusion_summary[];
extern const char gv_verify_certificate_help[],
    gv_verify_certificate_summary[];
extern const struct option gv_verify_certificate_opts[];
extern const char gv_verify_chain_help[], gv_verify_chain_summary[];
extern const struct option gv_verify_chain_opts[];
extern const char gv_verify_receipt_help[], gv_verify_receipt_summary[];
extern const struct option gv_verify_receipt_opts[];
extern const char gv_verify_challenge_help[], gv_verify_challenge_summary[];
extern const struct option gv_verify_challenge_opts[];
extern const char gv_verify_settle_help[], gv_verify_settle_summary[];
extern const struct option gv_verify_settle_opts[];
extern const char gv_verify_bidset_help[], gv_verify_bidset_summary[];
extern const struct option gv_verify_bidset_opts[];

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
/* A certified bid set and its acknowledged bids (verify/bidset.c). */
int gv_verify_bidset(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e);
/*
 * Check certfile, a quorum certificate of kind "bidset", over bs's digest
 * under the stake table in tablefile (of bs's marketplace and epoch); on
 * success write "; bid set certified by ..." into out. GV_OK, or the
 * failure's code with e set (verify/bidset.c).
 */
struct gv_bidset;
int gv_verify_bidset_cert(const struct gv_bidset *bs, const char *tablefile,
    const char *certfile, char *out, size_t outlen, struct gv_err *e);
/*
 * Shared argument parsing: --stake-table FILE (required), -o/--output
 * FILE when output is non-NULL, and up to maxpos positional arguments
 * (0: no limit) into pos.
 */
int gv_verify_challenge_args(int argc, char **argv, const char **table,
    const char **output, char **pos, int maxpos, int *npos,
    struct gv_err *e);

#endif
