/* main.c: gavel-solve, the epoch solver's command line (formats/allocation.md) */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glpk.h>

#include "alloc.h"
#include "amount.h"
#include "atomic.h"
#include "bidset.h"
#include "budget.h"
#include "challenger.h"
#include "certify.h"
#include "cli.h"
#include "components.h"
#include "cores.h"
#include "json.h"
#include "lottery_solve.h"
#include "lpexport.h"
#include "progress.h"
#include "seconds.h"
#include "solve.h"
#include "unsold.h"
#include "version.h"
#include "warmstart.h"

static const char synopsis[] = "gavel-solve [options] BIDSET.json";

static const char usage[] =
"usage: gavel-solve [options] BIDSET.json\n"
"\n"
"Solve one epoch's winner determination and write the allocation\n"
"(formats/allocation.md) to stdout or to -o FILE, atomically.\n"
"\n"
"options:\n"
"  -o, --output FILE       write the allocation to FILE (default: stdout;\n"
"                          - is stdout); an existing FILE must be a regular\n"
"                          file (or a link to one) and not the bid set\n"
"  -t, --time-limit SECS   the whole run (reading, signature checks, model,\n"
"                          search, output) stops after SECS seconds (default\n"
"                          60; 0.001 to 1000000); the best allocation found\n"
"                          is written with status \"feasible\", its bound and\n"
"                          gap; if reading the bid set alone takes longer,\n"
"                          the one that sells nothing, and stderr says so\n"
"  -j, --threads N         threads for the signature checks, the\n"
"                          independent parts of the search, the\n"
"                          branching measurements and a second search\n"
"                          (default 0: all cores; 1 to 256); a search\n"
"                          that completes writes the same bytes on any N\n"
"      --no-verify-sigs    skip the bid signature check, for trusted input\n"
"                          only (default: every signature is checked)\n"
"      --certify FILE      also write a bound certificate of the allocation\n"
"                          to FILE (formats/bound-certificate.md; default:\n"
"                          none); gavel-verify allocation checks it\n"
"  -q, --quiet             no summary line on stderr (default: one line)\n"
"  -v, --verbose           each phase and GLPK's log on stderr (default: off)\n"
"      --progress=MODE     auto (default: a status line, once a second, when\n"
"                          stderr is a terminal), always, never, or json (one\n"
"                          JSON object per line; formats/progress.md)\n"
"      --trace FILE        write incumbent and bound over time (CSV,\n"
"                          formats/progress.md) to FILE (default: none)\n"
"      --write-lp FILE     write the reduced integer program, exact, in CPLEX\n"
"                          LP format to FILE before solving (default: none)\n"
"      --write-mps FILE    the same in free MPS format (default: none)\n"
"      --warm-start FILE   start the search from an earlier allocation (the\n"
"                          previous epoch's, or this one's from a shorter\n"
"                          run): each of its winners maps to this bid set's\n"
"                          bid by the same bidder on the same rollups\n"
"                          (formats/allocation.md, \"Warm starts\"); a\n"
"                          search that completes is optimal either way\n"
"                          (default: none)\n"
"      --beacon-block FILE, --beacon-certificate FILE, --stake-table FILE\n"
"                          a lottery bid set (gavel.bidset.v4) needs all\n"
"                          three: the header of the block its beacon names,\n"
"                          that block's quorum certificate and the stake\n"
"                          table of the bid set's epoch it is counted in;\n"
"                          the output is then a\n"
"                          lottery allocation (formats/allocation.md,\n"
"                          \"Version 2\"; -o, -t, -q, -v and --no-verify-sigs\n"
"                          apply; default: none, auction bid sets only)\n"
"      --against FILE      challenge a published allocation (a challenger's\n"
"                          search; formats/challenge.md): see\n"
"                          gavel-solve --against x --help (exit 4: no\n"
"                          improvement found; default: none)\n"
"  -h, --help              print this help and exit\n"
"      --version           print the versions of gavel, GLPK, GMP, jansson\n"
"                          and libsodium and exit\n"
"      --list-options      print the options this tool parses, one a line\n"
"\n"
"SIGINT or SIGTERM stops any phase within about a second and writes the\n"
"best allocation found (from the bids whose signatures were checked),\n"
"marked \"stop\": \"signal\"; while the bid set is still being read there is\n"
"none yet: it exits at once with status 128+signal, writing nothing. A\n"
"second signal exits at once with status 128+signal, leaving FILE as it\n"
"was (its temporary file removed).\n"
"\n"
"exit status:\n"
"  0  allocation written\n"
"  1  the bid set is invalid (a signature does not verify)\n"
"  2  usage error, unreadable or malformed bid set, or the output cannot\n"
"     be written\n"
"  3  internal or GLPK failure (nothing written)\n"
"  4  --against: no improvement of at least the minimum found\n"
"\n"
"examples:\n"
"  gavel-solve corpus/valid/example-epoch.json\n"
"  gavel-solve -q -t 5 -o /tmp/epoch-1.json corpus/valid/example-epoch.json\n"
"  gavel-solve -t 0.5 corpus/valid/wei-epoch.json\n"
"  gavel-solve --beacon-block corpus/valid/lottery-large.beacon-block.json \\\n"
"      --beacon-certificate corpus/valid/lottery-large.beacon-cert.json \\\n"
"      --stake-table corpus/valid/lottery-large.stake-table.json \\\n"
"      corpus/valid/lottery-large.json\n"
"  gavel-solve --certify /tmp/hand.bound.json -o /tmp/hand.alloc.json \\\n"
"      corpus/valid/hand-epoch.json\n";

/* Set by the first SIGINT/SIGTERM (budget.c); every phase polls it. */
static volatile sig_atomic_t interrupted;

/* gv_budget_stop() for gv_bidset_verify_sigs_until. */
static int
budget_stop(void *ctx)
{
	return gv_budget_stop(ctx) != GV_STOP_COMPLETE;
}

/* Long options without a short form (progress, trace, exports). */
enum { OPT_PROGRESS = 0x1800, OPT_TRACE, OPT_WRITE_LP, OPT_WRITE_MPS,
	OPT_LOTTERY, OPT_WARM };

static const char *const status_word[] = { "optimal", "feasible" };
static const char *const stop_word[] = { "", ", stopped by the time limit",
	", stopped by a signal" };

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "time-limit", required_argument, NULL, 't' },
		{ "no-verify-sigs", no_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "progress", required_argument, NULL, OPT_PROGRESS },
		{ "trace", required_argument, NULL, OPT_TRACE },
		{ "write-lp", required_argument, NULL, OPT_WRITE_LP },
		{ "write-mps", required_argument, NULL, OPT_WRITE_MPS },
		{ "certify", required_argument, NULL, 'C' },
		{ "list-options", no_argument, NULL, 'L' },
		{ "threads", required_argument, NULL, 'j' },
		{ "warm-start", required_argument, NULL, OPT_WARM },
		/* parsed by solver/lottery_solve.c, listed here */
		{ "beacon-block", required_argument, NULL, OPT_LOTTERY },
		{ "beacon-certificate", required_argument, NULL, OPT_LOTTERY },
		{ "stake-table", required_argument, NULL, OPT_LOTTERY },
		{ NULL, 0, NULL, 0 }
	};
	/*
	 * A search alone (no second search: race.c) gives its last quarter
	 * to the local search when its gap is still 5% or more then. At
	 * -j 1 -t 60, CATS L2 300/5000: 195,835 -> 198,276 (a half: the same,
	 * an eighth 198,033); L3 256/1000 (gap about 1%) is left to its
	 * branch and bound, as is every epoch close to proven.
	 */
	struct gv_solve_opts opts = { .time_limit_ms = 60000,
		.interrupt = &interrupted, .ils_part = 4, .ils_min_gap = 0.05 };
	struct gv_solve_info info;
	struct gv_budget budget;
	struct gv_bidset bs;
	struct gv_alloc a;
	struct gv_err e = { 0, "" };
	const char *out = "-";
	char *text = NULL, *vs = NULL, *bd = NULL, gap[16], note[160] = "";
	char parts[48] = "";
	const char *certify = NULL;
	char *ctext = NULL;
	struct gv_certify_info cinfo;
	json_t *doc = NULL, *back = NULL;
	int c, verify_sigs = 1, quiet = 0, rc, have_bs = 0, stop;
	int progress = GV_PROGRESS_AUTO;
	const char *trace = NULL, *write_lp = NULL, *write_mps = NULL;
	const char *warm = NULL;
	unsigned char *start = NULL;
	struct gv_warm_info winfo;
	char wnote[96] = "";
	size_t checked;

	static const char shortopts[] = ":o:t:j:qvh";

	/* the challenger's flow has its own options (solver/challenge.c) */
	if (gv_challenge_wanted(argc, argv))
		return gv_challenge_main(argc, argv);
	/* a lottery bid set's flow has its own (solver/lottery_solve.c) */
	if (gv_lottery_solve_wanted(argc, argv))
		return gv_lottery_solve_main(argc, argv);
	/* The time limit covers the whole run: the clock starts here. */
	gv_budget_start(&budget, opts.time_limit_ms, &interrupted);
	opterr = 0;	/* gv_cli_bad_option says what was wrong */
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 't':
			if (gv_parse_seconds(optarg, &opts.time_limit_ms) != 0) {
				fprintf(stderr, "gavel-solve: --time-limit: "
				    "expected seconds from 0.001 to 1000000 "
				    "(at most 3 decimals)\n");
				return GV_MALFORMED;
			}
			break;
		case 'j':
			if (gv_parse_threads(optarg, &opts.threads) != 0) {
				fprintf(stderr, "gavel-solve: --threads: "
				    "expected 0 (all cores) to %d\n",
				    GV_MAX_THREADS);
				return GV_MALFORMED;
			}
			break;
		case 'C':
			certify = optarg;
			break;
		case 'S':
			verify_sigs = 0;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			opts.verbose = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return GV_OK;
		case 'V':
			gv_cli_version("gavel-solve", glp_version());
			return GV_OK;
		case 'L':
			gv_cli_list_options(longopts, shortopts);
			return GV_OK;
		case OPT_PROGRESS:
			if ((progress = gv_progress_parse(optarg)) < 0) {
				fprintf(stderr, "gavel-solve: --progress: "
				    "expected auto, always, never or json\n");
				return GV_MALFORMED;
			}
			break;
		case OPT_TRACE:
			trace = optarg;
			break;
		case OPT_WRITE_LP:
			write_lp = optarg;
			break;
		case OPT_WRITE_MPS:
			write_mps = optarg;
			break;
		case OPT_WARM:
			warm = optarg;
			break;
		case OPT_LOTTERY:
			/* --beacon-* went to solver/lottery_solve.c */
			fprintf(stderr, "gavel-solve: --stake-table: only with "
			    "--beacon-block and --beacon-certificate (a lottery "
			    "bid set) or --against\n");
			return GV_MALFORMED;
		default:
			return gv_cli_bad_option("gavel-solve", synopsis, c, argv);
		}
	}
	if (argc - optind > 1)
		return gv_cli_usage("gavel-solve", synopsis,
		    "unexpected argument \"%.64s\"", argv[optind + 1]);
	if (argc - optind != 1)
		return gv_cli_usage("gavel-solve", synopsis, NULL);
	if (gv_sig_init() != 0) {
		fprintf(stderr, "gavel-solve: libsodium failed to start\n");
		return GV_INTERNAL;
	}
	gv_alloc_init(&a);
	budget.limit_ms = opts.time_limit_ms;
	/* every file this run writes, checked before any work (issue 19) */
	{
		const char *const outs[] = { out, certify, trace, write_lp,
			write_mps };
		size_t k;

		for (k = 0; k < sizeof(outs) / sizeof(outs[0]); k++)
			if (outs[k] != NULL && (rc = gv_output_check(outs[k],
			    (const char *const *)&argv[optind], 1, &e)) !=
			    GV_OK)
				goto fail;
	}
	/*
	 * No allocation can exist before the whole bid set is read (it names
	 * the bid set's digest): a signal meanwhile exits at once.
	 */
	gv_signals_install(&interrupted);
	gv_signals_nothing_to_write(1);
	opts.monitor = gv_monitor_new("gavel-solve", progress, opts.verbose,
	    trace != NULL);
	gv_monitor_phase(opts.monitor, "load");
	gv_phase(opts.verbose, "reading the bid set");
	rc = gv_bidset_load(argv[optind], &bs, &e);
	gv_signals_nothing_to_write(0);
	if (rc != GV_OK)
		goto fail;
	have_bs = 1;
	/* The time limit may pass while reading: it cannot be cut short. */
	checked = verify_sigs ? 0 : bs.nbids;
	if ((stop = gv_budget_stop(&budget)) != GV_STOP_COMPLETE)
		snprintf(note, sizeof(note), "; stopped after reading the bid "
		    "set (%ju ms)%s", (uintmax_t)gv_budget_used_ms(&budget),
		    verify_sigs ? ": no signature checked, nothing sold" : "");
	else if (verify_sigs) {
		gv_monitor_phase(opts.monitor, "signatures");
		gv_phase(opts.verbose, "checking %zu signatures", bs.nbids);
		if ((rc = gv_bidset_verify_sigs_mt(&bs, opts.threads,
		    budget_stop, &budget, &checked, &e)) != GV_OK)
			goto fail;
		if (checked < bs.nbids) {
			stop = gv_budget_stop(&budget);
			snprintf(note, sizeof(note), "; stopped while checking "
			    "signatures (%zu of %zu checked): only those bids "
			    "considered", checked, bs.nbids);
		}
	}
	if ((write_lp != NULL || write_mps != NULL) &&
	    (rc = gv_lp_export(&bs, write_lp, write_mps, &e)) != GV_OK)
		goto fail;
	if (warm != NULL && stop == GV_STOP_COMPLETE) {
		gv_phase(opts.verbose, "reading the warm start");
		if ((rc = gv_warm_start(&bs, warm, &start, &winfo, &e)) !=
		    GV_OK)
			goto fail;
		opts.start = start;
		snprintf(wnote, sizeof(wnote), "; warm start: %zu of %zu "
		    "earlier winners", winfo.started, winfo.winners);
	}
	if (stop != GV_STOP_COMPLETE) {
		/* Stopped before every bid could be trusted: the greedy start over those that are. */
		if ((rc = gv_solve_trusted(&bs, checked, &opts, &budget, &a,
		    &info, &e)) != GV_OK)
			goto fail;
	} else if ((rc = gv_solve_parts(&bs, &opts, &budget, &a, &info,
	    &e)) != GV_OK)	/* components.h: whole when connected */
		goto fail;
	gv_monitor_stop(opts.monitor, &a);
	if (trace != NULL && (rc = gv_monitor_write_trace(opts.monitor, trace,
	    &e)) != GV_OK)
		goto fail;
	gv_phase(opts.verbose, "writing the allocation");
	if ((doc = gv_alloc_json(&bs, &a)) == NULL ||
	    (text = gv_json_text(doc, JSON_INDENT(2))) == NULL) {
		rc = gv_err_set(&e, GV_INTERNAL, NULL, NULL,
		    "out of memory writing the allocation");
		goto fail;
	}
	/* Check our own output as an auditor would, from its bytes. */
	if ((rc = gv_json_parse(text, strlen(text), "allocation", &back,
	    &e)) != GV_OK || (rc = gv_alloc_check(&bs, back, "allocation",
	    &e)) != GV_OK) {
		char msg[sizeof(e.msg)];

		snprintf(msg, sizeof(msg), "%s", e.msg);
		rc = gv_err_set(&e, GV_INTERNAL, NULL, NULL,
		    "internal error: own allocation fails its check: %s", msg);
		goto fail;
	}
	if (certify != NULL && (rc = gv_certify(&bs, back, opts.time_limit_ms,
	    &ctext, &cinfo, &e)) != GV_OK)
		goto fail;
	if ((rc = gv_write_atomic(out, text, strlen(text), &e)) != GV_OK)
		goto fail;
	if (certify != NULL && (rc = gv_write_atomic(certify, ctext,
	    strlen(ctext), &e)) != GV_OK)
		goto fail;
	if (!quiet) {
		if (info.parts > 1)
			snprintf(parts, sizeof(parts), " in %zu components",
			    info.parts);
		vs = gv_amount_str(a.value);
		bd = gv_amount_str(a.bound);
		gv_gap_str(gap, a.value, a.bound);
		fprintf(stderr, "gavel-solve: epoch %ju: %s%s: value %s, bound "
		    "%s, gap %s; %zu winners, %zu of %zu bids searched%s "
		    "(%zu below reserves, %zu dominated)%s%s%s; %ju ms\n",
		    (uintmax_t)bs.epoch, status_word[a.status],
		    stop_word[a.stop], vs ? vs : "?", bd ? bd : "?", gap,
		    a.nwinners, info.kept, bs.nbids, parts,
		    info.dropped_reserve,
		    info.dropped_dominated,
		    info.exact || a.status == GV_ST_OPTIMAL ? "" :
		    "; amounts too large for an exact model and the band "
		    "search did not finish, see formats/allocation.md", note,
		    wnote, (uintmax_t)info.time_used_ms);
		if (certify != NULL)
			fprintf(stderr, "gavel-solve: bound certificate: bound "
			    "%s, %s; %zu priced rows, %zu cliques, %zu LP "
			    "solves; %ju ms\n", cinfo.bound, strcmp(cinfo.bound,
			    vs ? vs : "") == 0 ? "proves optimality" :
			    "proves the gap", cinfo.priced, cinfo.cliques,
			    cinfo.rounds, (uintmax_t)cinfo.time_ms);
	}
	rc = GV_OK;
	goto cleanup;
fail:
	gv_monitor_stop(opts.monitor, NULL);
	gv_err_print("gavel-solve", &e);
cleanup:
	gv_monitor_free(opts.monitor);
	free(vs);
	free(bd);
	free(text);
	free(ctext);
	free(start);
	json_decref(doc);
	json_decref(back);
	gv_alloc_free(&a);
	if (have_bs)
		gv_bidset_free(&bs);
	return rc;
}
