/* chain.c: gavel-verify chain (formats/stake-chain.md, "Checks") */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "json.h"
#include "verify.h"

const char gv_verify_chain_summary[] =
"a stake-table chain from its genesis: every hand-off certified by the\n"
"table before it (formats/stake-chain.md)";

const char gv_verify_chain_help[] =
"usage: gavel-verify chain [--trust-root DIGEST] [--epoch N] [--threads N]\n"
"           CHAIN.json\n"
"\n"
"Walk a stake-table chain (formats/stake-chain.md) from its genesis table:\n"
"every hand-off's table must be for the next epoch and certified, by more\n"
"than 2/3 of the stake, by the table before it. Prints the digest of the\n"
"table the chain proves for one epoch.\n"
"\n"
"options:\n"
"      --trust-root DIGEST the genesis table's digest (64 hex digits), the\n"
"                      one thing trusted (default: none; the report then\n"
"                      says the genesis was taken on trust)\n"
"      --epoch N       the epoch whose table to name (default: the last)\n"
"      --threads N     signature checks on N threads, 0 for all cores\n"
"                      (default 0)\n"
"  -h, --help          print this help and exit\n"
"      --list-options  print the options this command parses, one a line\n"
"\n"
"exit status:\n"
"  0  valid\n"
"  1  a link does not hold (gap, fork, no quorum, wrong predecessor,\n"
"     another marketplace), the genesis is not the trust root, or the\n"
"     chain does not reach --epoch\n"
"  2  usage error, unreadable or malformed chain\n"
"  3  internal failure\n"
"\n"
"examples:\n"
"  gavel-verify chain corpus/valid/chain-3.json\n"
"  gavel-verify chain --trust-root $(cat corpus/valid/chain-50.root) \\\n"
"      --epoch 20 corpus/valid/chain-50.json\n"
"  gavel-verify chain corpus/adversarial/chain-fork.json\n";

const struct option gv_verify_chain_opts[] = {
	{ "trust-root", required_argument, NULL, 'R' },
	{ "epoch", required_argument, NULL, 'e' },
	{ "threads", required_argument, NULL, 't' },
	{ NULL, 0, NULL, 0 }
};

struct args {
	const char *file;
	unsigned char root[GV_DIGEST_LEN];
	int have_root, threads;
	uint64_t epoch;
};

static int
usage_err(struct gv_err *e, const char *what)
{
	return gv_err_set(e, GV_MALFORMED, NULL, NULL, "%s (usage: gavel-verify "
	    "chain [--trust-root DIGEST] [--epoch N] [--threads N] CHAIN.json)",
	    what);
}

static int
parse_args(int argc, char **argv, struct args *a, struct gv_err *e)
{
	char *end, q[96];
	unsigned long long v;
	int i;

	memset(a, 0, sizeof(*a));
	a->epoch = GV_CHAIN_LAST;
	for (i = 0; i < argc; i++) {
		const char *o = argv[i];

		if (strcmp(o, "--trust-root") == 0 || strcmp(o, "--epoch") == 0 ||
		    strcmp(o, "--threads") == 0) {
			if (i + 1 >= argc)
				return usage_err(e, "missing value after an "
				    "option");
			i++;
		}
		if (strcmp(o, "--trust-root") == 0) {
			if (gv_unhex(a->root, GV_DIGEST_LEN, argv[i]) != 0 ||
			    strlen(argv[i]) != 2 * GV_DIGEST_LEN)
				return usage_err(e, "--trust-root: must be 64 "
				    "lowercase hex digits");
			a->have_root = 1;
		} else if (strcmp(o, "--epoch") == 0 ||
		    strcmp(o, "--threads") == 0) {
			v = strtoull(argv[i], &end, 10);
			if (*argv[i] < '0' || *argv[i] > '9' || *end != '\0' ||
			    v > (*o == '-' && o[2] == 'e' ? GV_INT_MAX : 256))
				return usage_err(e, o[2] == 'e' ?
				    "--epoch: must be an integer from 0 to "
				    "2^53-1" : "--threads: must be 0 (all "
				    "cores) to 256");
			if (o[2] == 'e')
				a->epoch = v;
			else
				a->threads = (int)v;
		} else if (o[0] == '-' && o[1] != '\0') {
			char msg[160];

			snprintf(msg, sizeof(msg), "unknown option %s",
			    gv_quote(q, sizeof(q), o));
			return usage_err(e, msg);
		} else if (a->file == NULL)
			a->file = o;
		else
			return usage_err(e, "one chain at a time");
	}
	if (a->file == NULL)
		return usage_err(e, "missing CHAIN.json");
	return GV_OK;
}

int
gv_verify_chain(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e)
{
	struct gv_stake_table t;
	struct gv_chain_info info;
	struct args a;
	char g[2 * GV_DIGEST_LEN + 1], d[2 * GV_DIGEST_LEN + 1];
	int rc;

	memset(&t, 0, sizeof(t));
	if ((rc = parse_args(argc, argv, &a, e)) != GV_OK)
		return rc;
	rc = gv_chain_load_check(a.file, a.have_root ? a.root : NULL, a.epoch,
	    a.threads, &t, &info, e);
	if (rc != GV_OK)
		return rc;
	gv_hex(g, info.genesis, GV_DIGEST_LEN);
	gv_hex(d, t.digest, GV_DIGEST_LEN);
	snprintf(out, outlen, "valid: stake-table chain of marketplace %s from "
	    "genesis %s (epoch %" PRIu64 ", %s) to epoch %" PRIu64 ": %zu "
	    "hand-off%s, each certified by more than 2/3 of the previous "
	    "table's stake; table of epoch %" PRIu64 ": %s\n", info.marketplace,
	    g, info.first_epoch, info.rooted ? "the trust root" :
	    "taken on trust: no --trust-root", info.last_epoch, info.nhandoffs,
	    info.nhandoffs == 1 ? "" : "s", t.epoch, d);
	gv_stake_free(&t);
	return GV_OK;
}
