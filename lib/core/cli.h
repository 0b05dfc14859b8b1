/* cli.h: what every gavel tool's command line shares: --version, --list-options, usage errors (README.md, "Commands") */
#ifndef GV_CLI_H
#define GV_CLI_H

#include <getopt.h>

/*
 * Print "TOOL VERSION" then one line per linked library ("GMP 6.2.1",
 * "jansson 2.14", "libsodium 1.0.18") to stdout. glpk is GLPK's
 * glp_version() in a tool that links GLPK, NULL in the others: the
 * library never links GLPK itself.
 */
void gv_cli_version(const char *tool, const char *glpk);

/*
 * Print every option in longopts (NULL-terminated, may be NULL) as
 * "--NAME" and every letter of shortopts (may be NULL; ':', '+', '-'
 * skipped) as
 * "-C", one a line, to stdout. The option table a tool parses with is the
 * one it lists, so tests and shell completion see exactly what it accepts.
 */
void gv_cli_list_options(const struct option *longopts, const char *shortopts);

/*
 * Report what getopt_long rejected (called with opterr = 0 and shortopts
 * starting with ':', after it returned c == '?' or ':' for argv):
 * "TOOL: unknown option "X"" or "TOOL: option "X" needs an argument" on
 * stderr, escaped, then the hint "usage: SYNOPSIS". Returns GV_MALFORMED.
 */
int gv_cli_bad_option(const char *tool, const char *synopsis, int c,
    char *const argv[]);

/*
 * A usage error: "TOOL: PROBLEM" (escaped; PROBLEM may be NULL for none)
 * then "usage: SYNOPSIS" on stderr. Returns GV_MALFORMED.
 */
int gv_cli_usage(const char *tool, const char *synopsis, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * --progress=MODE of every tool that reports progress (formats/progress.md):
 * the status line when stderr is a terminal, never, always, or one JSON
 * object per line for logs.
 */
enum gv_progress_mode {
	GV_PROGRESS_AUTO,
	GV_PROGRESS_NEVER,
	GV_PROGRESS_ALWAYS,
	GV_PROGRESS_JSON
};

/* Parse "auto", "never", "always" or "json"; -1 for anything else. */
int gv_progress_parse(const char *s);

#endif
