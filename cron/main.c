/* main.c: gavel-cron, the operator's job that solves every new epoch (formats/cron.md) */
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "cli.h"
#include "err.h"
#include "json.h"
#include "seconds.h"
#include "version.h"

/* Exit statuses (formats/cron.md, "Exit status"). */
enum {
	CRON_OK = 0,		/* every pending epoch published, or none pending */
	CRON_REJECTED = 1,	/* some bid set was invalid and moved aside */
	CRON_USAGE = 2,		/* usage error, unusable inbox or outbox */
	CRON_FAILED = 3,	/* a solve or its check failed: left pending */
	CRON_LOCKED = 75	/* another run holds the lock (EX_TEMPFAIL) */
};

static const char usage[] =
"usage: gavel-cron [options] INBOX OUTBOX\n"
"\n"
"Solve every published bid set of INBOX (*.json) that has no allocation in\n"
"OUTBOX yet, oldest epoch first: gavel-solve under a time limit, then\n"
"gavel-verify allocation on the result, then an atomic publish as\n"
"OUTBOX/NAME.allocation.json. Meant for cron and systemd timers\n"
"(formats/cron.md).\n"
"\n"
"options:\n"
"  -t, --time-limit SECS  time limit of each solve (default 60; 0.001 to\n"
"                         1000000, at most 3 decimals)\n"
"      --solver PATH      gavel-solve to run (default: the one beside\n"
"                         gavel-cron, else gavel-solve from PATH)\n"
"      --verifier PATH    gavel-verify to run (same default)\n"
"      --no-warm-start    solve every auction epoch cold (default: an epoch\n"
"                         right after the last one this OUTBOX published\n"
"                         starts from that allocation, gavel-solve\n"
"                         --warm-start; OUTBOX/.gavel-cron.last names it)\n"
"      --stake-table FILE the trusted stake table of the lottery epoch, in\n"
"                         which the beacon certificate of a lottery bid set\n"
"                         (gavel.bidset.v4) of that epoch is counted; such a\n"
"                         bid set is solved with INBOX/NAME.beacon-block.json\n"
"                         and INBOX/NAME.beacon-cert.json and stays pending\n"
"                         until they exist (default: none, lottery bid sets\n"
"                         stay pending)\n"
"  -q, --quiet            no line for published epochs (problems are\n"
"                         still reported on stderr; default: a line each)\n"
"  -h, --help             print this help and exit\n"
"      --version          print the versions of gavel, GMP, jansson and\n"
"                         libsodium and exit\n"
"      --list-options     print the options this tool parses, one a line\n"
"\n"
"One line per epoch: published ones on stdout, rejected and failed ones on\n"
"stderr. A bid set that gavel-solve rejects is moved to INBOX/rejected/\n"
"with its error log beside it. Work in progress lives in OUTBOX/.gavel-cron/\n"
"and is removed by the next run after a crash: OUTBOX only ever holds\n"
"complete, verified allocations. OUTBOX/.gavel-cron.lock keeps runs apart.\n"
"\n"
"exit status:\n"
"  0    every pending epoch published (or none pending)\n"
"  1    a bid set was rejected and moved aside\n"
"  2    usage error, or INBOX or OUTBOX unusable\n"
"  3    a solve, its check or the publish failed (the epoch stays pending\n"
"       for the next run)\n"
"  75   another run holds the lock\n"
"  128+N  stopped by signal N (the epoch in progress stays pending)\n"
"\n"
"examples:\n"
"  gavel-cron -t 30 /srv/gavel/inbox /srv/gavel/outbox\n"
"  gavel-cron --solver bin/gavel-solve --verifier bin/gavel-verify \\\n"
"      corpus/valid /tmp/outbox\n"
"  gavel-cron --stake-table /srv/gavel/stake-table.json /srv/gavel/inbox \\\n"
"      /srv/gavel/outbox\n";

/* One pending bid set: its file name and, for the order, its epoch. */
struct pending {
	char *name;		/* "NAME.json" inside INBOX */
	uint64_t epoch;		/* UINT64_MAX when unreadable: last, then rejected */
	int lottery;		/* a gavel.bidset.v4: solved with its beacon */
};

struct job {
	const char *inbox, *outbox, *solver, *verifier;
	const char *stake_table;	/* for lottery bid sets' beacons, or NULL */
	char time_limit[32];
	int quiet;
	int cold;		/* --no-warm-start */
	sigset_t wait_set;	/* SIGINT, SIGTERM, SIGCHLD: taken by sigwaitinfo */
	sigset_t old_mask;	/* restored in children before exec */
};

/* "DIR/NAME" into a new string, or NULL. */
static char *
join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *s = malloc(n);

	if (s != NULL)
		snprintf(s, n, "%s/%s", dir, name);
	return s;
}

/* The tool called name beside this executable, or name alone (for PATH). */
static const char *
sibling(const char *name, char *buf, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;
	int w;

	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			w = snprintf(buf, len, "%s/%s", self, name);
			if (w > 0 && (size_t)w < len && access(buf, X_OK) == 0)
				return buf;
		}
	}
	return name;
}

/* Make dir if missing; 0, or -1 with errno. */
static int
ensure_dir(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0755) == 0)
		return 0;
	if (errno != EEXIST)
		return -1;
	if (stat(dir, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

/* fsync a directory so that a rename in it survives a crash; best effort. */
static void
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd != -1) {
		(void)fsync(fd);
		close(fd);
	}
}

/*
 * Remove what an interrupted run left in the staging directory: its
 * allocations were never verified, so none may be published.
 */
static int
clear_staging(const char *staging)
{
	struct dirent *d;
	DIR *dir = opendir(staging);
	int n = 0;
	char *p;

	if (dir == NULL)
		return -1;
	while ((d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if ((p = join(staging, d->d_name)) != NULL) {
			if (unlink(p) == 0)
				n++;
			free(p);
		}
	}
	closedir(dir);
	return n;
}

static int
by_epoch(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	if (x->epoch != y->epoch)
		return x->epoch < y->epoch ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* NAME.json -> NAME (a new string). */
static char *
stem(const char *name)
{
	size_t n = strlen(name) - 5;
	char *s = malloc(n + 1);

	if (s != NULL) {
		memcpy(s, name, n);
		s[n] = '\0';
	}
	return s;
}

/*
 * The epoch of a bid set, only to order the work; every check is left to
 * gavel-solve so that its message is the one the operator reads.
 */
static uint64_t
epoch_of(const char *path, int *lottery)
{
	struct gv_err e = { 0, "" };
	json_t *doc = NULL, *ep, *f;
	uint64_t v = UINT64_MAX;

	*lottery = 0;
	if (gv_json_load(path, 64u << 20, &doc, &e) != GV_OK)
		return v;
	ep = json_object_get(doc, "epoch");
	if (json_is_integer(ep) && json_integer_value(ep) >= 0)
		v = (uint64_t)json_integer_value(ep);
	f = json_object_get(doc, "format");
	*lottery = json_is_string(f) && strcmp(json_string_value(f),
	    "gavel.bidset.v4") == 0;
	json_decref(doc);
	return v;
}

/* A lottery bid set's beacon pieces, NAME.beacon-block.json and NAME.beacon-cert.json: not bid sets. */
static int
beacon_piece(const char *name, size_t len)
{
	static const char *const sfx[] = { ".beacon-block.json",
		".beacon-cert.json", NULL };
	size_t k, n;

	for (k = 0; sfx[k] != NULL; k++)
		if (len > (n = strlen(sfx[k])) &&
		    strcmp(name + len - n, sfx[k]) == 0)
			return 1;
	return 0;
}

/*
 * The pending bid sets of INBOX: regular *.json files (not hidden) whose
 * allocation is not in OUTBOX yet, ordered by epoch, then name.
 */
static int
scan(const struct job *j, struct pending **out, size_t *nout)
{
	struct pending *v = NULL, *nv;
	struct dirent *d;
	struct stat st;
	size_t n = 0, cap = 0, len;
	char *path = NULL, *alloc = NULL, *base = NULL, *an = NULL;
	DIR *dir;
	int rc = -1;

	if ((dir = opendir(j->inbox)) == NULL)
		return -1;
	while ((d = readdir(dir)) != NULL) {
		free(path);
		free(alloc);
		free(base);
		free(an);
		path = alloc = base = an = NULL;
		len = strlen(d->d_name);
		if (d->d_name[0] == '.' || len <= 5 ||
		    strcmp(d->d_name + len - 5, ".json") != 0 ||
		    beacon_piece(d->d_name, len))
			continue;
		if ((path = join(j->inbox, d->d_name)) == NULL)
			goto cleanup;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if ((base = stem(d->d_name)) == NULL ||
		    (an = malloc(strlen(base) + 17)) == NULL)
			goto cleanup;
		snprintf(an, strlen(base) + 17, "%s.allocation.json", base);
		if ((alloc = join(j->outbox, an)) == NULL)
			goto cleanup;
		if (access(alloc, F_OK) == 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL)
				goto cleanup;
			v = nv;
		}
		if ((v[n].name = strdup(d->d_name)) == NULL)
			goto cleanup;
		v[n].epoch = epoch_of(path, &v[n].lottery);
		n++;
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), by_epoch);
	*out = v;
	*nout = n;
	v = NULL;
	n = 0;
	rc = 0;
cleanup:
	while (n > 0)
		free(v[--n].name);
	free(v);
	free(path);
	free(alloc);
	free(base);
	free(an);
	closedir(dir);
	return rc;
}

/*
 * Run argv with stdout to /dev/null and stderr to log. Waits with every
 * signal of wait_set held back, so that a stop request can never slip in
 * between a check and the wait. Returns the exit status (128+N if killed
 * by signal N), or -1 if it could not start; *stop_sig is set when a
 * SIGINT or SIGTERM arrived, the child having been killed.
 */
static int
run(const struct job *j, const char *const argv[], const char *log,
    int *stop_sig)
{
	siginfo_t si;
	pid_t pid, parent = getpid();
	int st, fo, fe, sig;

	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		/* A child outliving a killed gavel-cron would write into the
		 * staging directory behind the next run's back. */
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		sigprocmask(SIG_SETMASK, &j->old_mask, NULL);
		fo = open("/dev/null", O_WRONLY);
		fe = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fo < 0 || fe < 0)
			_exit(127);
		dup2(fo, STDOUT_FILENO);
		dup2(fe, STDERR_FILENO);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "gavel-cron: %s: cannot run: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	for (;;) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			break;
		sig = sigwaitinfo(&j->wait_set, &si);
		if (sig == SIGINT || sig == SIGTERM) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
				;
			*stop_sig = sig;
			return 128 + SIGKILL;
		}
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The first line of a log file, without its newline (a new string). */
static char *
first_line(const char *log)
{
	char buf[4096];
	FILE *f = fopen(log, "r");
	size_t n;

	buf[0] = '\0';
	if (f != NULL) {
		if (fgets(buf, sizeof(buf), f) == NULL)
			buf[0] = '\0';
		fclose(f);
	}
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return strdup(buf);
}

/* A log line of a tool with its "TOOL: " prefix taken off. */
static const char *
unprefixed(const char *line, const char *tool)
{
	size_t n = strlen(tool);

	if (strncmp(line, tool, n) == 0 && strncmp(line + n, ": ", 2) == 0)
		return line + n + 2;
	return line;
}

/* Copy a small file (an error log) to dst; best effort. */
static void
copy_file(const char *src, const char *dst)
{
	char buf[8192];
	FILE *in = fopen(src, "rb"), *out = NULL;
	size_t n;

	if (in == NULL)
		return;
	if ((out = fopen(dst, "wb")) != NULL) {
		while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
			if (fwrite(buf, 1, n, out) != n)
				break;
		fclose(out);
	}
	fclose(in);
}

/*
 * Move a rejected bid set into INBOX/rejected/ without replacing an earlier
 * one of the same name (NAME.json, then NAME.1.json, ...), its log beside
 * it as NAME.log. The chosen path goes into dst.
 */
static int
move_aside(const struct job *j, const char *name, const char *log, char *dst,
    size_t dstlen)
{
	char *rej = join(j->inbox, "rejected"), *src = join(j->inbox, name);
	char *base = stem(name), logdst[PATH_MAX + 64];
	int rc = -1, k;

	if (rej == NULL || src == NULL || base == NULL || ensure_dir(rej) != 0)
		goto cleanup;
	for (k = 0; k < 1000; k++) {
		if (k == 0)
			snprintf(dst, dstlen, "%s/%s.json", rej, base);
		else
			snprintf(dst, dstlen, "%s/%s.%d.json", rej, base, k);
		if (access(dst, F_OK) != 0)
			break;
	}
	if (k == 1000 || rename(src, dst) != 0)
		goto cleanup;
	snprintf(logdst, sizeof(logdst), "%.*s.log", (int)(strlen(dst) - 5),
	    dst);
	copy_file(log, logdst);
	sync_dir(rej);
	sync_dir(j->inbox);
	rc = 0;
cleanup:
	free(rej);
	free(src);
	free(base);
	return rc;
}

/*
 * gavel-solve's exit st and first line blame the bid set itself: exit 1
 * or 2 with a message that names it (an output that cannot be written is
 * exit 2 too, and the operator's problem, not the marketplace's).
 */
static int
names_bidset(const char *line, const char *bidset, int st)
{
	const char *msg = unprefixed(line ? line : "", "gavel-solve");
	size_t bl = strlen(bidset);

	return (st == 1 || st == 2) && strncmp(msg, bidset, bl) == 0 &&
	    msg[bl] == ':';
}

/* The last published auction epoch (formats/cron.md): OUTBOX/.gavel-cron.last. */
#define LAST_FILE ".gavel-cron.last"

/*
 * The warm start of an auction epoch: the allocation OUTBOX/.gavel-cron.last
 * names when it is of the epoch just before and still in OUTBOX; NULL
 * otherwise (or out of memory: a cold start is always right).
 */
static char *
warm_for(const struct job *j, uint64_t epoch)
{
	char buf[512], *path, *name, *nl, *end, *warm = NULL;
	unsigned long long ep;
	size_t n;
	FILE *f;

	if (j->cold || epoch == 0 || epoch == UINT64_MAX ||
	    (path = join(j->outbox, LAST_FILE)) == NULL)
		return NULL;
	f = fopen(path, "r");
	free(path);
	if (f == NULL)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* "EPOCH NAME.allocation.json\n", NAME a plain file name */
	errno = 0;
	ep = strtoull(buf, &end, 10);
	if (errno != 0 || end == buf || *end != ' ' || ep != epoch - 1)
		return NULL;
	name = end + 1;
	if ((nl = strchr(name, '\n')) == NULL || nl[1] != '\0')
		return NULL;
	*nl = '\0';
	n = strlen(name);
	if (n <= 16 || name[0] == '.' || strchr(name, '/') != NULL ||
	    strcmp(name + n - 16, ".allocation.json") != 0)
		return NULL;
	if ((warm = join(j->outbox, name)) != NULL && access(warm, R_OK) != 0) {
		free(warm);
		warm = NULL;
	}
	return warm;
}

/* After a publish: OUTBOX/.gavel-cron.last names it; a failure only costs the next warm start. */
static void
note_last(const struct job *j, uint64_t epoch, const char *an)
{
	struct gv_err e = { 0, "" };
	char line[PATH_MAX + 32], *path;

	if (epoch == UINT64_MAX || (path = join(j->outbox, LAST_FILE)) == NULL)
		return;
	snprintf(line, sizeof(line), "%llu %s\n", (unsigned long long)epoch, an);
	if (gv_write_atomic(path, line, strlen(line), &e) != GV_OK)
		fprintf(stderr, "gavel-cron: %s: cannot write (%s); the next "
		    "epoch starts cold\n", path, e.msg);
	free(path);
}

/*
 * Solve, check and publish one epoch. Returns a CRON_* status for this
 * epoch; *stop_sig is set if a signal asked the run to stop.
 */
static int
one_epoch(const struct job *j, const char *staging, const char *name,
    int lottery, uint64_t epoch, int *stop_sig)
{
	char *bidset = join(j->inbox, name), *base = stem(name);
	char *staged = NULL, *final = NULL, *slog = NULL, *vlog = NULL;
	char *bblock = NULL, *bcert = NULL, *warm = NULL;
	char *line = NULL, *an = NULL, dst[PATH_MAX + 64];
	int rc = CRON_FAILED, st;

	if (bidset == NULL || base == NULL ||
	    (an = malloc(strlen(base) + 17)) == NULL)
		goto oom;
	snprintf(an, strlen(base) + 17, "%s.allocation.json", base);
	if ((staged = join(staging, an)) == NULL ||
	    (final = join(j->outbox, an)) == NULL ||
	    (slog = join(staging, "solve.log")) == NULL ||
	    (vlog = join(staging, "verify.log")) == NULL)
		goto oom;
	if (lottery && j->stake_table == NULL) {
		fprintf(stderr, "gavel-cron: %s: a lottery bid set: its beacon "
		    "needs --stake-table; left pending\n", name);
		goto cleanup;
	}
	if (lottery) {
		size_t n = strlen(bidset) + 32;

		if ((bblock = malloc(n)) == NULL || (bcert = malloc(n)) == NULL)
			goto oom;
		snprintf(bblock, n, "%.*s.beacon-block.json",
		    (int)(strlen(bidset) - 5), bidset);
		snprintf(bcert, n, "%.*s.beacon-cert.json",
		    (int)(strlen(bidset) - 5), bidset);
	}
	if (!lottery)
		warm = warm_for(j, epoch);
	{
		const char *argv[] = { j->solver, "-t", j->time_limit, "-o",
			staged, bidset, NULL };
		const char *wargv[] = { j->solver, "-t", j->time_limit, "-o",
			staged, "--warm-start", warm, bidset, NULL };
		const char *largv[] = { j->solver, "-t", j->time_limit, "-o",
			staged, "--beacon-block", bblock,
			"--beacon-certificate", bcert, "--stake-table",
			j->stake_table, bidset, NULL };

		st = run(j, lottery ? largv : warm ? wargv : argv, slog,
		    stop_sig);
		/*
		 * A start that gavel-solve cannot use must not hold the epoch
		 * back: any failure but the bid set's own (read and checked
		 * before the start, so the same cold) is tried again cold.
		 */
		if (warm != NULL && st != 0 && !*stop_sig) {
			line = first_line(slog);
			if (!names_bidset(line, bidset, st)) {
				fprintf(stderr, "gavel-cron: %s: the warm start "
				    "from %s failed (exit %d%s%s); solving cold\n",
				    name, warm, st, line && *line ? ": " : "",
				    line ? line : "");
				st = run(j, argv, slog, stop_sig);
			}
			free(line);
			line = NULL;
		}
	}
	if (*stop_sig)
		goto cleanup;
	line = first_line(slog);
	if (names_bidset(line, bidset, st)) {
		const char *msg = unprefixed(line ? line : "", "gavel-solve");

		if (move_aside(j, name, slog, dst, sizeof(dst)) != 0) {
			fprintf(stderr, "gavel-cron: %s: rejected (%s), but "
			    "cannot move it aside: %s\n", name, msg,
			    strerror(errno));
			goto cleanup;
		}
		fprintf(stderr, "gavel-cron: %s: rejected, moved to %s: %s\n",
		    name, dst, msg);
		rc = CRON_REJECTED;
		goto cleanup;
	}
	if (st != 0) {
		fprintf(stderr, "gavel-cron: %s: gavel-solve failed (exit %d)"
		    "%s%s; left pending\n", name, st, line && *line ? ": " : "",
		    line ? line : "");
		goto cleanup;
	}
	{
		const char *argv[] = { j->verifier, "allocation", bidset,
			staged, NULL };
		const char *largv[] = { j->verifier, "allocation",
			"--stake-table", j->stake_table, bidset, staged, NULL };

		st = run(j, lottery ? largv : argv, vlog, stop_sig);
	}
	if (*stop_sig)
		goto cleanup;
	if (st != 0) {
		char *vl = first_line(vlog);

		fprintf(stderr, "gavel-cron: %s: not published: gavel-verify "
		    "rejects the allocation (exit %d)%s%s; left pending\n", name,
		    st, vl && *vl ? ": " : "", vl ? vl : "");
		free(vl);
		goto cleanup;
	}
	if (rename(staged, final) != 0) {
		fprintf(stderr, "gavel-cron: %s: cannot publish %s: %s; left "
		    "pending\n", name, final, strerror(errno));
		goto cleanup;
	}
	sync_dir(j->outbox);
	if (!lottery)
		note_last(j, epoch, an);
	if (!j->quiet)
		printf("gavel-cron: %s: published %s: %s\n", name, final,
		    unprefixed(line ? line : "", "gavel-solve"));
	fflush(stdout);
	rc = CRON_OK;
	goto cleanup;
oom:
	fprintf(stderr, "gavel-cron: out of memory\n");
cleanup:
	if (staged != NULL)
		(void)unlink(staged);
	if (slog != NULL)
		(void)unlink(slog);
	if (vlog != NULL)
		(void)unlink(vlog);
	free(bidset);
	free(base);
	free(an);
	free(bblock);
	free(bcert);
	free(warm);
	free(staged);
	free(final);
	free(slog);
	free(vlog);
	free(line);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "time-limit", required_argument, NULL, 't' },
		{ "solver", required_argument, NULL, 'S' },
		{ "verifier", required_argument, NULL, 'V' },
		{ "stake-table", required_argument, NULL, 'T' },
		{ "no-warm-start", no_argument, NULL, 'W' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ "list-options", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	struct job j;
	struct pending *p = NULL;
	struct stat st;
	char sbuf[PATH_MAX], vbuf[PATH_MAX], *lock = NULL, *staging = NULL;
	size_t np = 0, i;
	uint64_t ms;
	int c, lfd = -1, rc = CRON_USAGE, r = CRON_OK, stop_sig = 0, left;

	memset(&j, 0, sizeof(j));
	snprintf(j.time_limit, sizeof(j.time_limit), "60");
	opterr = 0;
	while ((c = getopt_long(argc, argv, "t:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (gv_parse_seconds(optarg, &ms) != 0) {
				fprintf(stderr, "gavel-cron: --time-limit: "
				    "expected seconds from 0.001 to 1000000 "
				    "(at most 3 decimals)\n");
				return CRON_USAGE;
			}
			snprintf(j.time_limit, sizeof(j.time_limit), "%s",
			    optarg);
			break;
		case 'S':
			j.solver = optarg;
			break;
		case 'V':
			j.verifier = optarg;
			break;
		case 'T':
			j.stake_table = optarg;
			break;
		case 'W':
			j.cold = 1;
			break;
		case 'q':
			j.quiet = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return CRON_OK;
		case 'v':
			gv_cli_version("gavel-cron", NULL);
			return CRON_OK;
		case 'L':
			gv_cli_list_options(longopts, "t:qh");
			return CRON_OK;
		default:
			if (optopt != 0)
				fprintf(stderr, "gavel-cron: unknown option "
				    "\"-%c\"\n", optopt);
			else
				fprintf(stderr, "gavel-cron: unknown option "
				    "\"%s\"\n", argv[optind - 1]);
			fprintf(stderr, "usage: gavel-cron [options] INBOX "
			    "OUTBOX (see gavel-cron --help)\n");
			return CRON_USAGE;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: gavel-cron [options] INBOX OUTBOX "
		    "(see gavel-cron --help)\n");
		return CRON_USAGE;
	}
	j.inbox = argv[optind];
	j.outbox = argv[optind + 1];
	if (j.solver == NULL)
		j.solver = sibling("gavel-solve", sbuf, sizeof(sbuf));
	if (j.verifier == NULL)
		j.verifier = sibling("gavel-verify", vbuf, sizeof(vbuf));
	if (stat(j.inbox, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "gavel-cron: %s: %s\n", j.inbox,
		    stat(j.inbox, &st) != 0 ? strerror(errno) :
		    "not a directory");
		return CRON_USAGE;
	}
	if (stat(j.outbox, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "gavel-cron: %s: %s\n", j.outbox,
		    stat(j.outbox, &st) != 0 ? strerror(errno) :
		    "not a directory");
		return CRON_USAGE;
	}
	if ((lock = join(j.outbox, ".gavel-cron.lock")) == NULL ||
	    (staging = join(j.outbox, ".gavel-cron")) == NULL) {
		fprintf(stderr, "gavel-cron: out of memory\n");
		rc = CRON_FAILED;
		goto cleanup;
	}
	/* The lock dies with the process, however it ends: no stale locks. */
	if ((lfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) == -1) {
		fprintf(stderr, "gavel-cron: %s: cannot open: %s\n", lock,
		    strerror(errno));
		goto cleanup;
	}
	if (flock(lfd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK) {
			fprintf(stderr, "gavel-cron: %s: another run holds the "
			    "lock; nothing done\n", lock);
			rc = CRON_LOCKED;
		} else
			fprintf(stderr, "gavel-cron: %s: cannot lock: %s\n",
			    lock, strerror(errno));
		goto cleanup;
	}
	if (ensure_dir(staging) != 0) {
		fprintf(stderr, "gavel-cron: %s: cannot create: %s\n", staging,
		    strerror(errno));
		goto cleanup;
	}
	if ((left = clear_staging(staging)) > 0)
		fprintf(stderr, "gavel-cron: %s: removed %d file%s of an "
		    "interrupted run\n", staging, left, left == 1 ? "" : "s");
	/* Signals are taken synchronously while a child runs (see run()). */
	sigemptyset(&j.wait_set);
	sigaddset(&j.wait_set, SIGINT);
	sigaddset(&j.wait_set, SIGTERM);
	sigaddset(&j.wait_set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &j.wait_set, &j.old_mask);
	if (scan(&j, &p, &np) != 0) {
		fprintf(stderr, "gavel-cron: %s: cannot read: %s\n", j.inbox,
		    strerror(errno));
		goto cleanup;
	}
	rc = CRON_OK;
	for (i = 0; i < np; i++) {
		struct timespec zero = { 0, 0 };
		siginfo_t si;
		int s;

		/* A stop request between two epochs ends the run here. */
		while ((s = sigtimedwait(&j.wait_set, &si, &zero)) == SIGCHLD)
			;
		if (s == SIGINT || s == SIGTERM)
			stop_sig = s;
		else
			r = one_epoch(&j, staging, p[i].name, p[i].lottery,
			    p[i].epoch, &stop_sig);
		if (stop_sig) {
			fprintf(stderr, "gavel-cron: stopped by signal %d; %s "
			    "and later epochs left pending\n", stop_sig,
			    p[i].name);
			rc = 128 + stop_sig;
			break;
		}
		if (r > rc)
			rc = r;
	}
cleanup:
	for (i = 0; i < np; i++)
		free(p[i].name);
	free(p);
	free(lock);
	free(staging);
	if (lfd != -1)
		close(lfd);
	return rc;
}
