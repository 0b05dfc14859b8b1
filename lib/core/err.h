/* err.h: error reports shared by every gavel module (formats/README.md, "Errors") */
#ifndef GV_ERR_H
#define GV_ERR_H

#include <stddef.h>

/*
 * Exit codes of every gavel tool; library functions return them too so that
 * main() can pass them straight to exit().
 */
enum {
	GV_OK = 0,		/* valid / solved / slashable */
	GV_INVALID = 1,		/* well-formed input that fails a check */
	GV_MALFORMED = 2,	/* usage error, unreadable or malformed input */
	GV_INTERNAL = 3		/* solver or system failure: no verdict */
};

/*
 * One error report. The message is built as "DOC: PATH: problem"; library
 * code fills it, only the CLI prints it (escaped, see gv_err_print).
 */
struct gv_err {
	int code;
	char msg[1024];
};

/* Set code and message; doc and path may be NULL or "". Returns code. */
int gv_err_set(struct gv_err *e, int code, const char *doc, const char *path,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * Quote untrusted text for a message: at most 64 bytes of s, then "...",
 * wrapped in double quotes. Escaping happens at print time.
 */
const char *gv_quote(char *buf, size_t len, const char *s);

/*
 * Print "PROG: MSG\n" to stderr with every byte outside printable ASCII
 * (and the backslash) written as \xNN, so input can never reach the
 * terminal as a control sequence.
 */
void gv_err_print(const char *prog, const struct gv_err *e);

/* The same escaping into a caller buffer (always NUL-terminated). */
void gv_escape(char *out, size_t outlen, const char *in);

#endif
