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
#include "cli.h"
#include "json.h"
#include "solve.h"

static const char synopsis[] = "gavel-solve [options] BIDSET.json";

static const char usage[] =
"usage: gavel-solve [options] BIDSET.json\n"
"\n"
"Solve one epoch's winner determination and write the allocation\n"
"(formats/allocation.md) to stdout or to -o FILE, atomically.\n"
"\n"
"options:\n"
"  -o, --output FILE       write the allocation to FILE (default: stdout)\n"
"  -t, --time-limit SECS   stop the search after SECS seconds (default 60;\n"
"                          0.001 to 1000000); the best allocation found is\n"
"                          written with status \"feasible\", its bound and gap\n"
"      --no-verify-sigs    skip the bid signature check, for trusted input\n"
"                          only (default: every signature is checked)\n"
"  -q, --quiet             no summary line on stderr (default: one line)\n"
"  -v, --verbose           GLPK's log on stderr (default: off)\n"
"  -h, --help              print this help and exit\n"
"      --version           print the versions of gavel, GLPK, GMP, jansson\n"
"                          and libsodium and exit\n"
"      --list-options      print the options this tool parses, one a line\n"
"\n"
"SIGINT or SIGTERM stops the search and writes the best allocation found,\n"
"marked \"stop\": \"signal\"; a second signal exits at once with status\n"
"128+signal, leaving FILE as it was (its temporary file removed).\n"
"\n"
"exit status:\n"
"  0  allocation written\n"
"  1  the bid set is invalid (a signature does not verify)\n"
"  2  usage error, unreadable or malformed bid set, or the output cannot\n"
"     be written\n"
"  3  internal or GLPK failure (nothing written)\n"
"\n"
"examples:\n"
"  gavel-solve corpus/valid/example-epoch.json\n"
"  gavel-solve -q -t 5 -o /tmp/epoch-1.json corpus/valid/example-epoch.json\n"
"  gavel-solve -t 0.5 corpus/valid/wei-epoch.json\n";

static volatile sig_atomic_t interrupted;

/*
 * The first SIGINT/SIGTERM asks the search to stop (solve.c polls the
 * flag); the output is then written as usual. A second one exits at once
 * with 128+sig, removing the temporary output file if the write is under
 * way (best effort): the old output, if any, stays as it was. Only once
 * the rename is done is the new output in place.
 */
static void
on_signal(int sig)
{
	if (interrupted) {
		gv_write_atomic_abort();
		_exit(128 + sig);
	}
	interrupted = 1;
}

/* Seconds as a decimal with at most 3 fraction digits, to milliseconds. */
static int
parse_seconds(const char *s, uint64_t *ms)
{
	uint64_t whole = 0, frac = 0;
	int digits = 0, fd = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		whole = whole * 10 + (uint64_t)(*p - '0');
		if (whole > 1000000)
			return -1;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, fd++) {
			if (fd >= 3)
				return -1;
			frac = frac * 10 + (uint64_t)(*p - '0');
		}
		if (fd == 0)
			return -1;
	}
	if (*p != '\0' || digits == 0)
		return -1;
	while (fd++ < 3)
		frac *= 10;
	*ms = whole * 1000 + frac;
	return (*ms == 0 || *ms > 1000000000ULL) ? -1 : 0;
}

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
		{ "list-options", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	struct gv_solve_opts opts = { 60000, &interrupted, 0 };
	struct gv_solve_info info;
	struct gv_bidset bs;
	struct gv_alloc a;
	struct gv_err e = { 0, "" };
	struct sigaction sa;
	sigset_t set;
	const char *out = "-";
	char *text = NULL, *vs = NULL, *bd = NULL, gap[16];
	json_t *doc = NULL, *back = NULL;
	int c, verify_sigs = 1, quiet = 0, rc, have_bs = 0;

	static const char shortopts[] = ":o:t:qvh";

	opterr = 0;	/* gv_cli_bad_option says what was wrong */
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 't':
			if (parse_seconds(optarg, &opts.time_limit_ms) != 0) {
				fprintf(stderr, "gavel-solve: --time-limit: "
				    "expected seconds from 0.001 to 1000000 "
				    "(at most 3 decimals)\n");
				return GV_MALFORMED;
			}
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
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* A mask inherited from the parent must not hold them back. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_UNBLOCK, &set, NULL);

	if ((rc = gv_bidset_load(argv[optind], &bs, &e)) != GV_OK)
		goto fail;
	have_bs = 1;
	if (verify_sigs && (rc = gv_bidset_verify_sigs(&bs, &e)) != GV_OK)
		goto fail;
	if ((rc = gv_solve(&bs, &opts, &a, &info, &e)) != GV_OK)
		goto fail;
	if ((doc = gv_alloc_json(&bs, &a)) == NULL ||
	    (text = json_dumps(doc, JSON_INDENT(2))) == NULL) {
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
	{
		size_t n = strlen(text);
		char *t2 = realloc(text, n + 2);

		if (t2 == NULL) {
			rc = gv_err_set(&e, GV_INTERNAL, NULL, NULL,
			    "out of memory");
			goto fail;
		}
		text = t2;
		text[n] = '\n';
		text[n + 1] = '\0';
		if ((rc = gv_write_atomic(out, text, n + 1, &e)) != GV_OK)
			goto fail;
	}
	if (!quiet) {
		vs = gv_amount_str(a.value);
		bd = gv_amount_str(a.bound);
		gv_gap_str(gap, a.value, a.bound);
		fprintf(stderr, "gavel-solve: epoch %ju: %s%s: value %s, bound "
		    "%s, gap %s; %zu winners, %zu of %zu bids searched "
		    "(%zu below reserves, %zu dominated)%s; %ju ms\n",
		    (uintmax_t)bs.epoch, status_word[a.status],
		    stop_word[a.stop], vs ? vs : "?", bd ? bd : "?", gap,
		    a.nwinners, info.kept, bs.nbids, info.dropped_reserve,
		    info.dropped_dominated,
		    info.exact || a.status == GV_ST_OPTIMAL ? "" :
		    "; amounts too large for an exact model and the band "
		    "search did not finish, see formats/allocation.md",
		    (uintmax_t)info.time_used_ms);
	}
	rc = GV_OK;
	goto cleanup;
fail:
	gv_err_print("gavel-solve", &e);
cleanup:
	free(vs);
	free(bd);
	free(text);
	json_decref(doc);
	json_decref(back);
	gv_alloc_free(&a);
	if (have_bs)
		gv_bidset_free(&bs);
	return rc;
}
