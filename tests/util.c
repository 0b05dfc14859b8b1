/* util.c: helpers shared by the Criterion tests (running the tools, temp files) */
/* nftw(3) is an X/Open interface */
#define _XOPEN_SOURCE 700
#include <sys/wait.h>

#include <ftw.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define RING 16

static char ring[RING][4096];
static unsigned ring_next;

static char *
slot(void)
{
	return ring[ring_next++ % RING];
}

const char *
gvt_bin(const char *name)
{
	const char *b = getenv("GAVEL_BIN");
	char *s = slot();

	snprintf(s, 4096, "%s/%s", b ? b : "bin", name);
	return s;
}

const char *
gvt_path(const char *rel)
{
	const char *r = getenv("GAVEL_ROOT");
	char *s = slot();

	/* Every test input lives in the repository: a clone stands alone. */
	if (rel[0] == '/' || strncmp(rel, "../", 3) == 0 ||
	    strstr(rel, "/../") != NULL) {
		fprintf(stderr, "gvt_path: %s leaves the repository\n", rel);
		abort();
	}
	snprintf(s, 4096, "%s/%s", r ? r : ".", rel);
	return s;
}

static char tmpdir[256];
static pid_t tmpdir_owner;

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

/* Only the process that made the directory removes it (workers fork). */
static void
rm_tmpdir(void)
{
	if (tmpdir[0] != '\0' && getpid() == tmpdir_owner)
		nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *
gvt_tmpdir(void)
{
	if (tmpdir[0] == '\0' || tmpdir_owner != getpid()) {
		const char *t = getenv("TMPDIR");

		snprintf(tmpdir, sizeof(tmpdir), "%s/gavel-test.XXXXXX",
		    t ? t : "/tmp");
		if (mkdtemp(tmpdir) == NULL)
			abort();
		if (tmpdir_owner == 0)
			atexit(rm_tmpdir);
		tmpdir_owner = getpid();
	}
	return tmpdir;
}

const char *
gvt_tmp(const char *name)
{
	char *s = slot();

	snprintf(s, 4096, "%s/%s", gvt_tmpdir(), name);
	return s;
}

char *
gvt_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			char *nb;

			cap = cap ? cap * 2 : 8192;
			if ((nb = realloc(buf, cap)) == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, 4096, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

int
gvt_write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return -1;
	if (fwrite(data, 1, len, f) != len) {
		fclose(f);
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;
}

pid_t
gvt_spawn(const char *const argv[], const char *out, const char *err)
{
	sigset_t none;
	pid_t pid;
	int fi, fo, fe;

	if ((pid = fork()) != 0)
		return pid;
	/* a clean slate: the test runner's mask and handlers are not the tool's */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	fi = open("/dev/null", O_RDONLY);
	fo = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	fe = open(err ? err : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fi < 0 || fo < 0 || fe < 0)
		_exit(127);
	dup2(fi, 0);
	dup2(fo, 1);
	dup2(fe, 2);
	execv(argv[0], (char *const *)argv);
	_exit(127);
}

int
gvt_run(struct gvt_run *r, const char *const argv[])
{
	char o[512], e[512];
	static unsigned seq;
	pid_t pid;
	int st;

	memset(r, 0, sizeof(*r));
	snprintf(o, sizeof(o), "%s/run-%d-%u.out", gvt_tmpdir(), (int)getpid(), seq);
	snprintf(e, sizeof(e), "%s/run-%d-%u.err", gvt_tmpdir(), (int)getpid(), seq++);
	if ((pid = gvt_spawn(argv, o, e)) == -1)
		return -1;
	if (waitpid(pid, &st, 0) == -1)
		return -1;
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	r->out = gvt_read_file(o, NULL);
	r->err = gvt_read_file(e, NULL);
	unlink(o);
	unlink(e);
	if (r->out == NULL)
		r->out = strdup("");
	if (r->err == NULL)
		r->err = strdup("");
	return 0;
}

void
gvt_run_free(struct gvt_run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/*
 * LeakSanitizer, in this test binary only (not in the tools it runs): a leak
 * does not change the runner's exit status; scripts/san-scan reads the log
 * instead, so that Criterion's own runner leak (all its frames in
 * libcriterion) is told apart from gavel's.
 */
const char *__lsan_default_options(void);

const char *
__lsan_default_options(void)
{
	return "exitcode=0";
}
