/* certificate.c: gavel-verify certificate (formats/certificate.md, "Checks") */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "canon.h"
#include "cert.h"
#include "json.h"
#include "stake.h"
#include "verify.h"
#include "vprogress.h"

/* Largest subject document read with the third argument. */
#define DOC_MAX_BYTES (64u << 20)

#define SYNOPSIS "gavel-verify certificate [--threads N] [--progress=MODE] " \
	"(STAKE_TABLE.json | --stake-table TABLE.json | --trust-root DIGEST " \
	"--chain CHAIN.json) CERT.json [DOCUMENT.json]"

/*
 * Positional arguments into pos: STAKE_TABLE.json CERT.json [DOCUMENT.json],
 * or without STAKE_TABLE.json when the table is given by an option (then
 * pos[0] is NULL and the certificate is pos[1]).
 */
static int
parse_args(int argc, char **argv, char **pos, int *npos, int *threads,
    int *progress, struct gv_verify_trust *tr, struct gv_err *e)
{
	char *end;
	long v;
	int i, rc, taken, n = 0;

	for (i = 0; i < argc; i++) {
		if ((rc = gv_verify_trust_opt(tr, argc, argv, &i, SYNOPSIS,
		    &taken, e)) != GV_OK)
			return rc;
		if (taken)
			continue;
		if (strncmp(argv[i], "--progress=", 11) == 0) {
			if ((*progress = gv_progress_parse(argv[i] + 11)) < 0)
				return gv_err_set(e, GV_MALFORMED, NULL, NULL,
				    "--progress: expected auto, always, never "
				    "or json");
		} else if (strcmp(argv[i], "--threads") == 0 ||
		    strncmp(argv[i], "--threads=", 10) == 0) {
			const char *t = argv[i] + 9;

			if (*t == '=')
				t++;
			else if (i + 1 >= argc)
				return gv_err_set(e, GV_MALFORMED, NULL, NULL,
				    "--threads: missing number");
			else
				t = argv[++i];
			v = strtol(t, &end, 10);
			if (*t < '0' || *t > '9' || *end != '\0' ||
			    v < 0 || v > 256)
				return gv_err_set(e, GV_MALFORMED, NULL, NULL,
				    "--threads: must be 0 (all cores) to 256");
			*threads = (int)v;
		} else if (n < 3)
			pos[n++] = argv[i];
		else
			return gv_err_set(e, GV_MALFORMED, NULL, NULL,
			    "usage: " SYNOPSIS);
	}
	if (tr->table != NULL || tr->root != NULL || tr->chain != NULL) {
		/* the table by option: CERT.json [DOCUMENT.json] */
		if (n < 1 || n > 2)
			return gv_err_set(e, GV_MALFORMED, NULL, NULL,
			    "usage: " SYNOPSIS);
		pos[2] = n == 2 ? pos[1] : NULL;
		pos[1] = pos[0];
		pos[0] = NULL;
		*npos = n + 1;
		return gv_verify_trust_given(tr, pos[1], NULL,
		    "the certificate's", e);
	}
	if (n < 2)
		return gv_err_set(e, GV_MALFORMED, NULL, NULL,
		    "usage: " SYNOPSIS);
	tr->table = pos[0];
	*npos = n;
	return GV_OK;
}

/* digest(KIND, its marketplace, its epoch, document) of the subject. */
static int
doc_digest(const char *file, const json_t *cert, const char **kind,
    unsigned char out[GV_DIGEST_LEN], struct gv_err *e)
{
	json_t *doc = NULL;
	const char *mp;
	uint64_t epoch;
	int rc;

	*kind = json_string_value(json_object_get(json_object_get(cert,
	    "subject"), "kind"));
	if (*kind == NULL)
		return GV_OK;	/* gv_cert_check reports the bad cert */
	if ((rc = gv_json_load(file, DOC_MAX_BYTES, &doc, e)) != GV_OK)
		return rc;
	if (!json_is_object(doc))
		rc = gv_err_set(e, GV_MALFORMED, file, NULL,
		    "must be an object");
	else if ((rc = gv_get_id(doc, "marketplace", &mp, file, NULL, e)) ==
	    GV_OK &&
	    (rc = gv_get_uint(doc, "epoch", GV_INT_MAX, &epoch, file, NULL,
	    e)) == GV_OK &&
	    (rc = gv_json_no_reals(doc, file, NULL, e)) == GV_OK &&
	    gv_digest(out, *kind, mp, epoch, doc) != GV_OK)
		rc = gv_err_set(e, GV_INTERNAL, file, NULL,
		    "cannot compute the digest");
	json_decref(doc);
	return rc;
}


const char gv_verify_certificate_summary[] =
"a quorum certificate: every signature, no duplicate signer, and\n"
"3 x signed stake > 2 x total stake; with DOCUMENT, that it is the\n"
"certified subject. Signatures are checked on every core";

const char gv_verify_certificate_help[] =
"usage: gavel-verify certificate [--threads N] [--progress=MODE]\n"
"           STAKE_TABLE.json CERT.json [DOCUMENT.json]\n"
"       gavel-verify certificate [--threads N] [--progress=MODE]\n"
"           --trust-root DIGEST --chain CHAIN.json CERT.json [DOCUMENT.json]\n"
"\n"
"Check a quorum certificate against a stake table (formats/certificate.md,\n"
"formats/stake-table.md): the table and certificate name the same\n"
"marketplace, epoch and table digest, every signer index is in range and\n"
"appears once, every signature verifies, and the signers hold more than\n"
"two thirds of the stake (3 x signed > 2 x total). With DOCUMENT, also\n"
"that DOCUMENT's digest is the certified subject. When signatures were\n"
"checked and some fail, the verdict with every bad signer is on stdout.\n"
"The table is the caller's: given (STAKE_TABLE.json or --stake-table),\n"
"taken on trust, or proven for the certificate's epoch by a stake-table\n"
"chain (formats/stake-chain.md) from the one digest the caller trusts.\n"
"The \"valid: ...\" line ends with what was trusted: \"stake table taken\n"
"on trust (no --trust-root)\", or the table, the trust root and the chain.\n"
"\n"
"options:\n"
"      --stake-table FILE  the stake table, instead of STAKE_TABLE.json\n"
"      --trust-root DIGEST the genesis table's digest (64 hex digits), with\n"
"      --chain FILE        the chain from it to the certificate's epoch\n"
"                      (default: none; the table is taken on trust)\n"
"      --threads N     verify signatures on N threads, 1 to 256; 0 means\n"
"                      one per core (default 0). The verdict is the same\n"
"      --progress=MODE auto (default: a status line when stderr is a\n"
"                      terminal), always, never or json (one JSON object\n"
"                      per line; formats/progress.md)\n"
"  -h, --help          print this help and exit\n"
"      --list-options  print the options this command parses, one a line\n"
"\n"
"exit status:\n"
"  0  valid: a quorum certified this subject\n"
"  1  well-formed but invalid: a bad or duplicate signature, no quorum,\n"
"     another subject, table or epoch\n"
"  2  usage error, unreadable or malformed document, or a chain that does\n"
"     not hold from --trust-root or does not reach the certificate's\n"
"     epoch: nothing checked\n"
"  3  internal failure\n"
"\n"
"examples:\n"
"  gavel-verify certificate corpus/valid/cert-block.table.json \\\n"
"      corpus/valid/cert-block.cert.json\n"
"  gavel-verify certificate --threads 2 \\\n"
"      corpus/valid/cert-allocation.table.json \\\n"
"      corpus/valid/cert-allocation.cert.json \\\n"
"      corpus/valid/cert-allocation.doc.json\n"
"  gavel-verify certificate --trust-root $(cat corpus/trust/cert-block.root) \\\n"
"      --chain corpus/trust/cert-block.chain.json \\\n"
"      corpus/valid/cert-block.cert.json\n"
"  gavel-verify certificate corpus/adversarial/cert-malleated.table.json \\\n"
"      corpus/adversarial/cert-malleated.cert.json\n";

const struct option gv_verify_certificate_opts[] = {
	GV_VERIFY_TRUST_OPTS,
	{ "threads", required_argument, NULL, 't' },
	{ "progress", required_argument, NULL, 'P' },
	{ NULL, 0, NULL, 0 }
};

int
gv_verify_certificate(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e)
{
	struct gv_verify_trust tr;
	struct gv_cert_result r;
	unsigned char want[GV_DIGEST_LEN];
	char *pos[3], *ss = NULL, *ts = NULL, *th = NULL;
	const char *kind = NULL;
	json_t *cert = NULL;
	mpz_t need;
	size_t i;
	const json_t *ep;
	uint64_t epoch = GV_CHAIN_LAST;
	int rc, npos = 0, threads = 0, progress = GV_PROGRESS_AUTO;
	struct gv_vprogress *pr;
	static const struct gv_json_bound cert_bound = { "a certificate",
		GV_CERT_MAX_VALUES, GV_CERT_MAX_CONTAINERS };

	gv_cert_result_init(&r);
	gv_verify_trust_init(&tr);
	mpz_init(need);
	/* a table given by file is read first, as it always was; a chain
	 * after the certificate, whose epoch picks the chain's table */
	if ((rc = parse_args(argc, argv, pos, &npos, &threads, &progress, &tr,
	    e)) != GV_OK ||
	    (tr.chain == NULL && (rc = gv_verify_trust_load(&tr, 0, threads,
	    e)) != GV_OK) ||
	    (rc = gv_json_load_bounded(pos[1], GV_CERT_MAX_BYTES, &cert_bound,
	    &cert, e)) != GV_OK)
		goto cleanup;
	if (tr.chain != NULL) {
		/* an unreadable epoch: the last table; the certificate's own
		 * check then says what is wrong with it */
		ep = json_object_get(cert, "epoch");
		if (json_is_integer(ep) && json_integer_value(ep) >= 0)
			epoch = (uint64_t)json_integer_value(ep);
		if ((rc = gv_verify_trust_load(&tr, epoch, threads, e)) != GV_OK)
			goto cleanup;
	}
	if (npos == 3 && (rc = doc_digest(pos[2], cert, &kind, want, e)) !=
	    GV_OK)
		goto cleanup;
	/* 100,000 signatures take seconds: show how many are checked. */
	pr = gv_vprogress_start("certificate", "signatures", progress,
	    &r.sig_done, &r.sig_total);
	rc = gv_cert_check(&tr.t, cert, pos[1], NULL, kind ? want : NULL,
	    threads, &r, e);
	gv_vprogress_stop(pr, rc == GV_OK || rc == GV_INVALID);
	mpz_mul_ui(need, r.total, 2);
	mpz_fdiv_q_ui(need, need, 3);
	mpz_add_ui(need, need, 1);
	ss = gv_amount_str(r.signed_stake);
	ts = gv_amount_str(r.total);
	th = gv_amount_str(need);
	if (ss == NULL || ts == NULL || th == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, NULL, NULL, "out of memory");
		goto cleanup;
	}
	if (rc == GV_INVALID && r.bad != NULL) {
		/* Signatures were checked: the whole verdict on stdout. */
		printf("invalid: %zu signatures, signed stake %s of total %s, "
		    "threshold %s; bad signers:", r.nsigners, ss, ts, th);
		for (i = 0; i < r.nbad; i++)
			printf(" %zu", r.bad[i]);
		if (r.nbad == 0)
			printf(" none");
		printf("\n");
	}
	if (rc != GV_OK)
		goto cleanup;
	snprintf(out, outlen, "valid: certificate of %s %s in epoch %" PRIu64
	    " of marketplace %s%s: %zu signatures verified, signed stake %s "
	    "of total %s, threshold %s (more than 2/3); %s\n",
	    json_string_value(json_object_get(json_object_get(cert,
	    "subject"), "kind")),
	    json_string_value(json_object_get(json_object_get(cert,
	    "subject"), "digest")), tr.t.epoch, tr.t.marketplace,
	    kind ? ", the digest of the document" : "", r.nsigners, ss, ts, th,
	    tr.what);
cleanup:
	free(ss);
	free(ts);
	free(th);
	mpz_clear(need);
	gv_cert_result_free(&r);
	json_decref(cert);
	gv_verify_trust_free(&tr);
	return rc;
}
