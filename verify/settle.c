/* settle.c: gavel-verify settle (formats/settlement.md) */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "challenge.h"
#include "json.h"
#include "settle.h"
#include "verify.h"

#define SYNOPSIS "gavel-verify settle (--stake-table TABLE.json | " \
	"--trust-root DIGEST --chain CHAIN.json) [-o FILE] BIDSET.json " \
	"PUBLISHED.json CHALLENGE.json..."

const char gv_verify_settle_help[] =
"usage: gavel-verify settle --stake-table TABLE.json [-o FILE] BIDSET.json\n"
"           PUBLISHED.json CHALLENGE.json...\n"
"       gavel-verify settle --trust-root DIGEST --chain CHAIN.json [-o FILE]\n"
"           BIDSET.json PUBLISHED.json CHALLENGE.json...\n"
"\n"
"Settle the finder's-fee challenges of one epoch (formats/settlement.md):\n"
"check each challenge as gavel-verify challenge does, order the valid ones\n"
"by their certified commitments, accept each only for its own improvement\n"
"(at least the minimum) over the best allocation before it, pay each fee\n"
"by the rule out of the final allocation's surplus, and write the\n"
"settlement: the final allocation's digest, every fee and payee, every\n"
"rejected challenge with its reason, and each rollup's final receipt.\n"
"Every rejected challenge is also listed on stderr. The same set of\n"
"challenges in any order gives the same bytes. The stake table is TABLE,\n"
"taken on trust, or the table of the bid set's epoch proven by a\n"
"stake-table chain (formats/stake-chain.md) from the one digest the\n"
"caller trusts; what was trusted ends the \"settled: ...\" line with -o,\n"
"or is the last line on stderr (\"gavel-verify: settle: ...\") when the\n"
"settlement goes to stdout.\n"
"\n"
"options:\n"
"      --stake-table FILE  the stake table you trust for the epoch, or\n"
"      --trust-root DIGEST the genesis table's digest (64 hex digits), with\n"
"      --chain FILE        the chain from it to the bid set's epoch\n"
"                      (one of the two ways required, no default)\n"
"  -o, --output FILE   write the settlement to FILE atomically (default:\n"
"                      stdout)\n"
"  -h, --help          print this help and exit\n"
"      --list-options  print the options this command parses, one a line\n"
"\n"
"A malformed or invalid challenge is not a failure of the command: it is\n"
"rejected, with its reason.\n"
"\n"
"exit status:\n"
"  0  settlement written (rejected challenges included)\n"
"  1  the bid set, the stake table or the published allocation fails a\n"
"     check\n"
"  2  usage error, an unreadable or malformed bid set, table or published\n"
"     allocation, an unreadable challenge file, an output that cannot be\n"
"     written, or a chain that does not hold from --trust-root or does not\n"
"     reach the bid set's epoch: nothing settled\n"
"  3  internal failure\n"
"\n"
"examples:\n"
"  gavel-verify settle --stake-table corpus/valid/challenge-epoch.table.json \\\n"
"      corpus/valid/challenge-epoch.json corpus/valid/challenge-epoch.weak.json \\\n"
"      corpus/valid/challenge-epoch.challenge.json \\\n"
"      corpus/adversarial/challenge-fee-off-by-one.json\n"
"  gavel-verify settle --stake-table corpus/valid/challenge-epoch.table.json \\\n"
"      -o settlement.json corpus/valid/challenge-epoch.json \\\n"
"      corpus/valid/challenge-epoch.weak.json corpus/valid/challenge-epoch.challenge.json\n"
"  gavel-verify settle \\\n"
"      --trust-root $(cat corpus/trust/challenge-epoch.root) \\\n"
"      --chain corpus/trust/challenge-epoch.chain.json \\\n"
"      -o settlement.json corpus/valid/challenge-epoch.json \\\n"
"      corpus/valid/challenge-epoch.weak.json corpus/valid/challenge-epoch.challenge.json\n";

const char gv_verify_settle_summary[] =
"settle an epoch's finder's-fee challenges: fees, final allocation and\n"
"receipts (formats/settlement.md)";

const struct option gv_verify_settle_opts[] = {
	GV_VERIFY_TRUST_OPTS,
	{ "output", required_argument, NULL, 'o' },
	{ NULL, 0, NULL, 0 }
};

/* The whole file, at most GV_CHALLENGE_MAX_BYTES; it need not be JSON. */
static int
slurp(const char *file, unsigned char **out, size_t *len, struct gv_err *e)
{
	struct stat st;
	unsigned char *buf = NULL;
	size_t n = 0;
	ssize_t r;
	int fd, rc = GV_OK;

	if ((fd = open(file, O_RDONLY | O_NOCTTY | O_NONBLOCK)) == -1)
		return gv_err_set(e, GV_MALFORMED, file, NULL,
		    "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		rc = gv_err_set(e, GV_MALFORMED, file, NULL,
		    "not a regular file");
		goto cleanup;
	}
	if ((uint64_t)st.st_size > GV_CHALLENGE_MAX_BYTES) {
		rc = gv_err_set(e, GV_MALFORMED, file, NULL,
		    "%jd bytes, the limit is %u", (intmax_t)st.st_size,
		    GV_CHALLENGE_MAX_BYTES);
		goto cleanup;
	}
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, file, NULL, "out of memory");
		goto cleanup;
	}
	while (n < (size_t)st.st_size) {
		r = read(fd, buf + n, (size_t)st.st_size - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	*out = buf;
	*len = n;
	buf = NULL;
cleanup:
	free(buf);
	close(fd);
	return rc;
}

int
gv_verify_settle(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e)
{
	struct gv_challenge_ctx x;
	struct gv_verify_trust tr;
	struct gv_settle_item *items = NULL;
	const char *output = "-";
	char **pos = NULL, *text = NULL;
	json_t *doc = NULL;
	size_t i, n = 0, nacc = 0, nrej = 0;
	int rc, npos;

	memset(&x, 0, sizeof(x));
	gv_verify_trust_init(&tr);
	if ((pos = calloc((size_t)argc + 1, sizeof(*pos))) == NULL)
		return gv_err_set(e, GV_INTERNAL, NULL, NULL, "out of memory");
	if ((rc = gv_verify_challenge_args(argc, argv, &tr, SYNOPSIS, &output,
	    pos, 0, &npos, e)))
		goto cleanup;
	if (npos < 3) {
		rc = gv_err_set(e, GV_MALFORMED, NULL, NULL, "usage: "
		    SYNOPSIS);
		goto cleanup;
	}
	n = (size_t)npos - 2;
	if ((items = calloc(n, sizeof(*items))) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, NULL, NULL, "out of memory");
		goto cleanup;
	}
	if ((rc = gv_verify_challenge_ctx(&tr, pos[0], pos[1], &x, e)))
		goto cleanup;
	for (i = 0; i < n; i++) {
		unsigned char *d = NULL;

		if ((rc = slurp(pos[2 + i], &d, &items[i].len, e)))
			goto cleanup;
		items[i].data = d;
	}
	if ((rc = gv_settle(&x, items, n, &doc, e)))
		goto cleanup;
	if ((text = json_dumps(doc, JSON_INDENT(2))) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, NULL, NULL, "out of memory");
		goto cleanup;
	}
	{
		size_t len = strlen(text);
		char *t2 = realloc(text, len + 2);

		if (t2 == NULL) {
			rc = gv_err_set(e, GV_INTERNAL, NULL, NULL,
			    "out of memory");
			goto cleanup;
		}
		text = t2;
		text[len] = '\n';
		text[len + 1] = '\0';
	}
	for (i = 0; i < n; i++) {
		struct gv_err r = { 1, "" };
		size_t k;

		if (items[i].accepted) {
			nacc++;
			continue;
		}
		nrej++;
		/* the reason may be long: cut it, never the file name */
		k = (size_t)snprintf(r.msg, sizeof(r.msg), "rejected %s: ",
		    pos[2 + i]);
		if (k < sizeof(r.msg))
			strncat(r.msg, items[i].reason, sizeof(r.msg) - k - 1);
		gv_err_print("gavel-verify", &r);
	}
	fflush(stdout);
	if ((rc = gv_write_atomic(output, text, strlen(text), e)))
		goto cleanup;
	/* what the settlement rests on: in the summary line, or on stderr
	 * when stdout is the settlement itself */
	if (strcmp(output, "-") != 0)
		snprintf(out, outlen, "settled: %zu challenges accepted, %zu "
		    "rejected; settlement written to %s; %s\n", nacc, nrej,
		    output, tr.what);
	else
		fprintf(stderr, "gavel-verify: settle: %s\n", tr.what);
cleanup:
	if (items != NULL)
		for (i = 0; i < n; i++)
			free((void *)items[i].data);
	free(items);
	free(pos);
	free(text);
	json_decref(doc);
	gv_challenge_ctx_free(&x);
	gv_verify_trust_free(&tr);
	return rc;
}
