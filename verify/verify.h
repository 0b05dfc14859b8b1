/* verify.h: the table of gavel-verify's subcommands (formats/README.md) */
#ifndef GV_VERIFY_H
#define GV_VERIFY_H

#include <getopt.h>
#include <stddef.h>

#include "chain.h"
#include "err.h"
#include "stake.h"

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
 * under the trusted stake table t (of bs's marketplace and epoch); on
 * success write "; bid set certified by ..." into out. GV_OK, or the
 * failure's code with e set (verify/bidset.c).
 */
struct gv_bidset;
struct gv_stake_table;
int gv_verify_bidset_cert(const struct gv_bidset *bs,
    const struct gv_stake_table *t,
    const char *certfile, char *out, size_t outlen, struct gv_err *e);
/*
 * Shared argument parsing of challenge and settle: the trusted table
 * (into tr, required; usage in its messages), -o/--output FILE when
 * output is non-NULL, and up to maxpos positional arguments (0: no
 * limit) into pos.
 */
struct gv_verify_trust;
struct gv_challenge_ctx;
int gv_verify_challenge_args(int argc, char **argv, struct gv_verify_trust *tr,
    const char *usage, const char **output, char **pos, int maxpos, int *npos,
    struct gv_err *e);
/*
 * Their context (lib/challenge/challenge.h): the trusted table (a file
 * first; a chain walked to the bid set's epoch after the bid set), the
 * bid set, the published allocation. x takes the table over from tr;
 * tr->what still says what was trusted. Free x whatever happened.
 */
int gv_verify_challenge_ctx(struct gv_verify_trust *tr, const char *bidset,
    const char *published, struct gv_challenge_ctx *x, struct gv_err *e);

/*
 * The stake table a command trusts (verify/trust.c), given one of two
 * ways: --stake-table FILE, taken on trust, or --trust-root DIGEST (the
 * genesis table's digest, the one thing trusted) with --chain FILE, a
 * stake-table chain (formats/stake-chain.md) walked from it to the epoch
 * the command's document needs. Initialise with gv_verify_trust_init,
 * feed every option word to gv_verify_trust_opt, check the combination
 * with gv_verify_trust_given, load with gv_verify_trust_load, release
 * with gv_verify_trust_free.
 */
struct gv_verify_trust {
	const char *table, *root, *chain;	/* the options; NULL: absent */
	unsigned char root_digest[GV_DIGEST_LEN];	/* --trust-root, or
						 * the given table's digest */
	struct gv_stake_table t;	/* the trusted table, when have_t */
	int have_t, rooted;	/* rooted: proven from --trust-root */
	struct gv_chain_info info;	/* the chain walked, when rooted */
	const char *source;	/* the table's or the chain's file */
	char what[512];	/* what was trusted, for the summary line */
};

/* The three options, for a command's option table. */
#define GV_VERIFY_TRUST_OPTS \
	{ "stake-table", required_argument, NULL, 'T' }, \
	{ "trust-root", required_argument, NULL, 'R' }, \
	{ "chain", required_argument, NULL, 'C' }

void gv_verify_trust_init(struct gv_verify_trust *tr);
/*
 * When argv[*i] is --stake-table, --trust-root or --chain: take its value
 * (advancing *i) and set *taken; otherwise leave *taken 0. GV_MALFORMED,
 * with usage in the message, when the value is missing or the option was
 * given before.
 */
int gv_verify_trust_opt(struct gv_verify_trust *tr, int argc, char **argv,
    int *i, const char *usage, int *taken, struct gv_err *e);
/*
 * After parsing: one way given, whole, and a well-formed digest; else
 * GV_MALFORMED naming doc (the document the table is for; NULL: none)
 * and the option. When none was given: GV_MALFORMED with the message
 * missing, or GV_OK when missing is NULL (a table is optional). whose
 * ("the evidence's") names the epoch the chain must reach.
 */
int gv_verify_trust_given(struct gv_verify_trust *tr, const char *doc,
    const char *missing, const char *whose, struct gv_err *e);
/*
 * Load the trusted table: --stake-table's file (its own checks, codes as
 * gv_stake_load gives them), or the chain's table of epoch (GV_CHAIN_LAST:
 * the last) proven from the trust root, signatures on threads cores (0:
 * all). A chain that does not hold, does not start at the trust root or
 * does not reach epoch is GV_MALFORMED: nothing is checked against it.
 * Neither given (optional): GV_OK with have_t 0. On GV_OK, what says
 * what was trusted.
 */
int gv_verify_trust_load(struct gv_verify_trust *tr, uint64_t epoch,
    int threads, struct gv_err *e);
void gv_verify_trust_free(struct gv_verify_trust *tr);

#endif
