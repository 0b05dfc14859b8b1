/* fuzz_verify_slashing.c: libFuzzer target for gavel-verify slashing's full check path (formats/evidence.md, formats/verdict.md) */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "sig.h"
#include "verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Input: up to 1 documents separated by NUL bytes (at least 1),
 * each written to a file and passed as gavel-verify passes its arguments.
 */
#define MAXPARTS 1
#define MINPARTS 1

static char dir[] = "/tmp/gavel-fuzz.XXXXXX";
static char files[MAXPARTS][64];

static void
put(const char *path, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;
	int fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		abort();
	while (n > 0) {
		if ((w = write(fd, c, n)) == -1) {
			if (errno == EINTR)
				continue;
			abort();
		}
		c += w;
		n -= (size_t)w;
	}
	close(fd);
}

static void
cleanup(void)
{
	int i;

	for (i = 0; i < MAXPARTS; i++)
		unlink(files[i]);
	rmdir(dir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int started;
	struct gv_err e = { 0, "" };
	const uint8_t *p = data, *end = data + size, *nul;
	char out[4096], *argv[MAXPARTS + 3];
	int i, n = 0, argc = 0, rc, devnull;

	if (!started) {
		if (gv_sig_init() != 0 || mkdtemp(dir) == NULL)
			abort();
		for (i = 0; i < MAXPARTS; i++)
			snprintf(files[i], sizeof(files[i]), "%s/doc%d.json",
			    dir, i);
		/* Verdicts of "not slashable" go to stdout: keep it quiet. */
		if ((devnull = open("/dev/null", O_WRONLY)) != -1) {
			dup2(devnull, STDOUT_FILENO);
			close(devnull);
		}
		atexit(cleanup);
		started = 1;
	}

	while (n < MAXPARTS) {
		nul = n + 1 < MAXPARTS ? memchr(p, '\0', (size_t)(end - p)) :
		    NULL;
		put(files[n], p, nul ? (size_t)(nul - p) : (size_t)(end - p));
		argv[argc++] = files[n++];
		if (nul == NULL)
			break;
		p = nul + 1;
	}
	if (n < MINPARTS)
		return 0;
	argv[argc] = NULL;
	out[0] = '\0';
	rc = gv_verify_slashing(argc, argv, out, sizeof(out), &e);
	if (rc != GV_OK && rc != GV_INVALID && rc != GV_MALFORMED)
		abort();
	if (rc == GV_OK && strncmp(out, "valid", 5) != 0 && out[0] != '{')
		abort();
	if (rc != GV_OK && (e.code != rc || e.msg[0] == '\0'))
		abort();
	return 0;
}
