/* lottery_solve.c: gavel-solve for a lottery bid set (formats/allocation.md "Version 2", formats/bidset-lottery.md) */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "amount.h"
#include "atomic.h"
#include "budget.h"
#include "cert.h"
#include "cli.h"
#include "epoch.h"
#include "json.h"
#include "lottery_bidset.h"
#include "lottery_solve.h"
#include "seconds.h"
#include "solve.h"
#include "stake.h"

static const char synopsis[] = "gavel-solve --beacon-block FILE "
    "--beacon-certificate FILE --stake-table FILE [options] BIDSET.json";

/* Set by the first SIGINT/SIGTERM (budget.c). */
static volatile sig_atomic_t interrupted;

enum { OPT_BLOCK = 0x1900, OPT_CERT, OPT_TABLE, OPT_NOSIG };

int
gv_lottery_solve_wanted(int argc, char **argv)
{
	/* --stake-table alone is the challenger's too (solver/challenger.c) */
	static const char *const opts[] = { "--beacon-block",
		"--beacon-certificate", NULL };
	int i, k;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") ==
		    0 || strcmp(argv[i], "--version") == 0 ||
		    strcmp(argv[i], "--list-options") == 0)
			return 0;	/* main.c answers those */
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		for (k = 0; opts[k] != NULL; k++)
			if (strncmp(argv[i], opts[k], strlen(opts[k])) == 0 &&
			    (argv[i][strlen(opts[k])] == '\0' ||
			    argv[i][strlen(opts[k])] == '='))
				return 1;
	}
	return 0;
}

static const char *const status_word[] = { "optimal", "feasible" };

int
gv_lottery_solve_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "time-limit", required_argument, NULL, 't' },
		{ "no-verify-sigs", no_argument, NULL, OPT_NOSIG },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "beacon-block", required_argument, NULL, OPT_BLOCK },
		{ "beacon-certificate", required_argument, NULL, OPT_CERT },
		{ "stake-table", required_argument, NULL, OPT_TABLE },
		{ NULL, 0, NULL, 0 }
	};
	static const struct gv_json_bound cert_bound = { "a certificate",
		GV_CERT_MAX_VALUES, GV_CERT_MAX_CONTAINERS };
	static const struct gv_json_bound bs_bound = { "a bid set",
		GV_BIDSET_MAX_VALUES, GV_BIDSET_MAX_CONTAINERS };
	struct gv_solve_opts opts = { .time_limit_ms = 60000,
		.interrupt = &interrupted };
	struct gv_lottery_bidset lb;
	struct gv_stake_table t;
	struct gv_cert_result cr;
	struct gv_lottery_summary sum;
	struct gv_solve_info info;
	struct gv_budget budget;
	struct gv_alloc a;
	struct gv_err e = { 0, "" };
	const char *out = "-", *bfile = NULL, *cfile = NULL, *tfile = NULL;
	json_t *root = NULL, *block = NULL, *cert = NULL, *doc = NULL;
	json_t *back = NULL;
	unsigned char beacon[GV_DIGEST_LEN];
	char *text = NULL, *vs = NULL, *np = NULL, hex[2 * GV_DIGEST_LEN + 1];
	int c, quiet = 0, verify_sigs = 1, rc;

	memset(&lb, 0, sizeof(lb));
	memset(&t, 0, sizeof(t));
	gv_cert_result_init(&cr);
	gv_lottery_summary_init(&sum);
	gv_alloc_init(&a);
	gv_budget_start(&budget, opts.time_limit_ms, &interrupted);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:t:qv", longopts, NULL)) !=
	    -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 't':
			if (gv_parse_seconds(optarg, &opts.time_limit_ms)) {
				fprintf(stderr, "gavel-solve: --time-limit: "
				    "expected seconds from 0.001 to 1000000 "
				    "(at most 3 decimals)\n");
				rc = GV_MALFORMED;
				goto cleanup;
			}
			break;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			opts.verbose = 1;
			break;
		case OPT_NOSIG:
			verify_sigs = 0;
			break;
		case OPT_BLOCK:
			bfile = optarg;
			break;
		case OPT_CERT:
			cfile = optarg;
			break;
		case OPT_TABLE:
			tfile = optarg;
			break;
		default:
			rc = gv_cli_bad_option("gavel-solve", synopsis, c, argv);
			goto cleanup;
		}
	}
	if (argc - optind != 1) {
		rc = gv_cli_usage("gavel-solve", synopsis, NULL);
		goto cleanup;
	}
	if (bfile == NULL || cfile == NULL || tfile == NULL) {
		rc = gv_err_set(&e, GV_MALFORMED, NULL, NULL, "--beacon-block, "
		    "--beacon-certificate and --stake-table: a lottery bid set "
		    "needs all three (the beacon's block header, its quorum "
		    "certificate and the stake table it is counted in)");
		goto fail;
	}
	if (gv_sig_init() != 0) {
		rc = gv_err_set(&e, GV_INTERNAL, NULL, NULL,
		    "libsodium failed to start");
		goto fail;
	}
	budget.limit_ms = opts.time_limit_ms;
	if ((rc = gv_output_check(out, (const char *const *)&argv[optind], 1,
	    &e)) != GV_OK)
		goto fail;
	gv_signals_install(&interrupted);
	gv_signals_nothing_to_write(1);
	if ((rc = gv_json_load_bounded(argv[optind], GV_BIDSET_MAX_BYTES,
	    &bs_bound, &root, &e)) != GV_OK)
		goto fail;
	if (!gv_bidset_is_lottery(root)) {
		json_decref(root);
		root = NULL;
		rc = gv_err_set(&e, GV_MALFORMED, NULL, NULL, "--beacon-block: "
		    "only a lottery bid set (gavel.bidset.v4) names a beacon");
		goto fail;
	}
	rc = gv_lottery_bidset_from_json(root, argv[optind], &lb, &e);
	root = NULL;
	if (rc != GV_OK || (verify_sigs &&
	    (rc = gv_lottery_verify_sigs(&lb, &e)) != GV_OK))
		goto fail;
	gv_phase(opts.verbose, "checking the beacon");
	if ((rc = gv_stake_load(tfile, &t, &e)) != GV_OK)
		goto fail;
	/* the trusted table is the bid set's epoch's (its validators certify the beacon) */
	if (strcmp(t.marketplace, lb.marketplace) != 0 ||
	    t.epoch != lb.epoch) {
		char q[96], q2[96];

		rc = gv_err_set(&e, GV_INVALID, tfile, NULL, "is the stake "
		    "table of epoch %ju of %s, the bid set is for epoch %ju of "
		    "marketplace %s", (uintmax_t)t.epoch, gv_quote(q2,
		    sizeof(q2), t.marketplace), (uintmax_t)lb.epoch,
		    gv_quote(q, sizeof(q), lb.marketplace));
		goto fail;
	}
	if ((rc = gv_json_load(bfile, 1u << 20, &block, &e)) != GV_OK ||
	    (rc = gv_json_load_bounded(cfile, GV_CERT_MAX_BYTES, &cert_bound,
	    &cert, &e)) != GV_OK ||
	    (rc = gv_beacon_check(&lb, &t, block, bfile, NULL, cert, cfile,
	    beacon, &cr, &e)) != GV_OK)
		goto fail;
	gv_signals_nothing_to_write(0);
	gv_phase(opts.verbose, "solving %zu bundles", lb.nbundles);
	if ((rc = gv_solve_within(&lb.solve, &opts, &budget, &a, &info,
	    &e)) != GV_OK)
		goto fail;
	gv_phase(opts.verbose, "drawing %ju slots",
	    (uintmax_t)lb.slot_count);
	if ((doc = gv_lottery_alloc_json(&lb, &a, beacon, block, cert,
	    &e)) == NULL) {
		rc = e.code ? e.code : GV_INTERNAL;
		goto fail;
	}
	if ((text = gv_json_text(doc, JSON_INDENT(2))) == NULL) {
		rc = gv_err_set(&e, GV_INTERNAL, NULL, NULL, "out of memory");
		goto fail;
	}
	/* Check our own output as an auditor would, from its bytes. */
	if ((rc = gv_json_parse(text, strlen(text), "allocation", &back,
	    &e)) != GV_OK || (rc = gv_lottery_alloc_check(&lb, &t, back,
	    "allocation", &sum, &e)) != GV_OK) {
		char msg[sizeof(e.msg)];

		snprintf(msg, sizeof(msg), "%s", e.msg);
		rc = gv_err_set(&e, GV_INTERNAL, NULL, NULL,
		    "internal error: own allocation fails its check: %s", msg);
		goto fail;
	}
	if ((rc = gv_write_atomic(out, text, strlen(text), &e)) != GV_OK)
		goto fail;
	if (!quiet) {
		vs = gv_amount_str(a.value);
		np = gv_amount_str(sum.next_price);
		gv_hex(hex, beacon, GV_DIGEST_LEN);
		fprintf(stderr, "gavel-solve: lottery epoch %ju: %s%s: value "
		    "%s; %zu winning bundles of %zu, %ju tickets sold, next "
		    "price %s; beacon %s; %ju slots drawn; %ju ms\n",
		    (uintmax_t)lb.epoch, status_word[a.status],
		    a.stop == GV_STOP_COMPLETE ? "" : " (stopped early)",
		    vs ? vs : "?", a.nwinners, lb.nbundles,
		    (uintmax_t)lb.sold, np ? np : "?", hex,
		    (uintmax_t)lb.slot_count, (uintmax_t)info.time_used_ms);
	}
	rc = GV_OK;
	goto cleanup;
fail:
	gv_err_print("gavel-solve", &e);
cleanup:
	free(vs);
	free(np);
	free(text);
	json_decref(root);
	json_decref(block);
	json_decref(cert);
	json_decref(doc);
	json_decref(back);
	gv_alloc_free(&a);
	gv_lottery_summary_free(&sum);
	gv_cert_result_free(&cr);
	gv_stake_free(&t);
	gv_lottery_bidset_free(&lb);
	return rc;
}
