/* util.h: helpers shared by the Criterion tests (running the tools, temp files) */
#ifndef GVT_UTIL_H
#define GVT_UTIL_H

#include <sys/types.h>

#include <stddef.h>

/* The result of running a tool: exit status (128+N when killed by signal N). */
struct gvt_run {
	int status;
	char *out;	/* all of stdout, NUL-terminated */
	char *err;	/* all of stderr, NUL-terminated */
};

/*
 * Run argv (argv[0] a path) with stdin from /dev/null, wait, capture both
 * streams. Returns 0, or -1 if it could not be started. Free with gvt_run_free.
 */
int gvt_run(struct gvt_run *r, const char *const argv[]);
void gvt_run_free(struct gvt_run *r);
/*
 * Start argv without waiting: stdin from /dev/null, stdout to out and
 * stderr to err (NULL: /dev/null), signals unblocked and at their default.
 * The child's pid, or -1.
 */
pid_t gvt_spawn(const char *const argv[], const char *out, const char *err);

/* $GAVEL_BIN/NAME (the build under test); a static buffer per call site ring. */
const char *gvt_bin(const char *name);
/* $GAVEL_ROOT/REL: files of the repository (corpus/, formats/ ...). */
const char *gvt_path(const char *rel);
/* A fresh private directory for this test process, created on first use. */
const char *gvt_tmpdir(void);
/* gvt_tmpdir()/NAME */
const char *gvt_tmp(const char *name);

/* Whole file into a new NUL-terminated buffer (NULL on error); *len if non-NULL. */
char *gvt_read_file(const char *path, size_t *len);
/* Write data to path; 0 or -1. */
int gvt_write_file(const char *path, const char *data, size_t len);

#endif
