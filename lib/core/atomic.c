/* atomic.c: all-or-nothing output files (formats/README.md, "Output files") */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"

/* The temporary file being written, for gv_write_atomic_abort. */
static char pending[PATH_MAX];
static volatile sig_atomic_t have_pending;

static int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Hold back SIGINT and SIGTERM (on), or restore the old mask. */
static void
hold(sigset_t *old, int on)
{
	sigset_t set;

	if (on) {
		sigemptyset(&set);
		sigaddset(&set, SIGINT);
		sigaddset(&set, SIGTERM);
		sigprocmask(SIG_BLOCK, &set, old);
	} else
		sigprocmask(SIG_SETMASK, old, NULL);
}

void
gv_write_atomic_abort(void)
{
	if (have_pending)
		(void)unlink(pending);
}

/*
 * An empty name has no file to name: quote it, so the message keeps the
 * "TOOL: FILE: problem" form. A target that exists must be a regular file:
 * renaming over /dev/null would replace the device node, over a FIFO
 * would starve its reader.
 */
static int
check_target(const char *path, struct gv_err *e)
{
	struct stat st;

	if (*path == '\0')
		return gv_err_set(e, GV_MALFORMED, "\"\"", NULL,
		    "empty output file name");
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return gv_err_set(e, GV_MALFORMED, path, NULL,
		    S_ISDIR(st.st_mode) ? "is a directory" :
		    "not a regular file");
	return GV_OK;
}

int
gv_output_check(const char *path, const char *const *inputs, size_t ninputs,
    struct gv_err *e)
{
	struct stat out, in;
	size_t i;
	int rc;

	if (strcmp(path, "-") == 0)
		return GV_OK;
	if ((rc = check_target(path, e)) != GV_OK)
		return rc;
	if (stat(path, &out) != 0)
		return GV_OK;	/* not there yet: it cannot be an input */
	for (i = 0; i < ninputs; i++)
		if (stat(inputs[i], &in) == 0 && in.st_dev == out.st_dev &&
		    in.st_ino == out.st_ino)
			return gv_err_set(e, GV_MALFORMED, path, NULL,
			    "is the input file %s: refusing to overwrite it",
			    inputs[i]);
	return GV_OK;
}

int
gv_write_atomic(const char *path, const void *data, size_t len,
    struct gv_err *e)
{
	char *tmp = NULL, *dcopy = NULL;
	const char *dir;
	sigset_t old;
	int fd = -1, dfd, rc = GV_MALFORMED, err;
	size_t n;

	if (strcmp(path, "-") == 0) {
		if (write_all(STDOUT_FILENO, data, len) != 0)
			return gv_err_set(e, GV_MALFORMED, "stdout", NULL,
			    "cannot write: %s", strerror(errno));
		return GV_OK;
	}
	if (check_target(path, e) != GV_OK)
		return GV_MALFORMED;
	n = strlen(path) + 16;
	if (n > sizeof(pending))
		return gv_err_set(e, GV_MALFORMED, path, NULL,
		    "path too long");
	if ((tmp = malloc(n)) == NULL || (dcopy = strdup(path)) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, path, NULL, "out of memory");
		goto cleanup;
	}
	snprintf(tmp, n, "%s.tmp.XXXXXX", path);
	hold(&old, 1);
	if ((fd = mkstemp(tmp)) != -1) {
		memcpy(pending, tmp, n);
		have_pending = 1;
	}
	err = errno;
	hold(&old, 0);
	if (fd == -1) {
		gv_err_set(e, GV_MALFORMED, path, NULL,
		    "cannot create a temporary file beside it: %s",
		    strerror(err));
		free(tmp);
		tmp = NULL;
		goto cleanup;
	}
	if (fchmod(fd, 0644) != 0 || write_all(fd, data, len) != 0 ||
	    fsync(fd) != 0) {
		gv_err_set(e, GV_MALFORMED, path, NULL, "cannot write: %s",
		    strerror(errno));
		goto cleanup;
	}
	if (close(fd) != 0) {
		fd = -1;
		gv_err_set(e, GV_MALFORMED, path, NULL, "cannot write: %s",
		    strerror(errno));
		goto cleanup;
	}
	fd = -1;
	hold(&old, 1);
	if (rename(tmp, path) != 0) {
		err = errno;
		hold(&old, 0);
		gv_err_set(e, GV_MALFORMED, path, NULL, "cannot replace: %s",
		    strerror(err));
		goto cleanup;
	}
	have_pending = 0;
	hold(&old, 0);
	free(tmp);
	tmp = NULL;
	dir = dirname(dcopy);
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY)) != -1) {
		(void)fsync(dfd);
		close(dfd);
	}
	rc = GV_OK;
cleanup:
	if (fd != -1)
		close(fd);
	if (tmp != NULL) {
		hold(&old, 1);
		unlink(tmp);
		have_pending = 0;
		hold(&old, 0);
	}
	free(tmp);
	free(dcopy);
	return rc;
}
