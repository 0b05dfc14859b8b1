/* cert.c: quorum certificates over stake tables (formats/certificate.md) */
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amount.h"
#include "cert.h"
#include "json.h"

static const char *const cert_req[] = { "format", "marketplace", "epoch",
	"subject", "stake_table", "signatures", NULL };
static const char *const subject_req[] = { "kind", "digest", NULL };
static const char *const sig_req[] = { "signer", "sig", NULL };

/* Most threads gv_cert_check starts, whatever it is asked for. */
#define MAX_THREADS 256

struct sigent {
	uint64_t signer;
	unsigned char sig[GV_SIG_LEN];
};

struct job {
	const struct gv_stake_table *t;
	const struct sigent *s;
	const unsigned char *msg;
	unsigned char *ok;
	size_t lo, hi;
	size_t *done;		/* shared progress counter (atomic) */
};

/* Signatures a thread checks between two updates of the progress counter. */
#define PROGRESS_STEP 256

void
gv_cert_result_init(struct gv_cert_result *r)
{
	memset(r, 0, sizeof(*r));
	mpz_init(r->signed_stake);
	mpz_init(r->total);
}

void
gv_cert_result_free(struct gv_cert_result *r)
{
	mpz_clear(r->signed_stake);
	mpz_clear(r->total);
	free(r->bad);
	memset(r, 0, sizeof(*r));
}

int
gv_cert_vote_digest(const char *marketplace, uint64_t epoch,
    const char *kind, const unsigned char subject[GV_DIGEST_LEN],
    const unsigned char table[GV_DIGEST_LEN],
    unsigned char out[GV_DIGEST_LEN])
{
	char dh[2 * GV_DIGEST_LEN + 1], th[2 * GV_DIGEST_LEN + 1];
	json_t *v;
	int rc;

	gv_hex(dh, subject, GV_DIGEST_LEN);
	gv_hex(th, table, GV_DIGEST_LEN);
	if ((v = json_pack("{s:s,s:s,s:s}", "kind", kind, "digest", dh,
	    "stake_table", th)) == NULL)
		return GV_INTERNAL;
	rc = gv_digest(out, "vote", marketplace, epoch, v);
	json_decref(v);
	return rc;
}

static void *
verify_chunk(void *arg)
{
	struct job *j = arg;
	size_t i;

	for (i = j->lo; i < j->hi; i++) {
		j->ok[i] = (unsigned char)gv_sig_verify(
		    j->t->entries[j->s[i].signer].key, j->msg, GV_DIGEST_LEN,
		    j->s[i].sig);
		if ((i - j->lo + 1) % PROGRESS_STEP == 0 || i + 1 == j->hi)
			__atomic_fetch_add(j->done, (i - j->lo) %
			    PROGRESS_STEP + 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

/* Verify every signature into ok[], contiguous chunks, one per thread. */
static int
verify_all(const struct gv_stake_table *t, const struct sigent *s, size_t n,
    const unsigned char *msg, unsigned char *ok, int threads, size_t *done)
{
	pthread_t tid[MAX_THREADS];
	struct job jobs[MAX_THREADS];
	size_t k, nt, started = 0;
	long cores;

	if (threads <= 0) {
		cores = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cores > 0 ? (int)(cores > MAX_THREADS ?
		    MAX_THREADS : cores) : 1;
	}
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	nt = (size_t)threads;
	if (nt > n)
		nt = n;
	if (nt <= 1) {
		struct job j = { t, s, msg, ok, 0, n, done };

		verify_chunk(&j);
		return 0;
	}
	for (k = 0; k < nt; k++) {
		jobs[k].t = t;
		jobs[k].s = s;
		jobs[k].msg = msg;
		jobs[k].ok = ok;
		jobs[k].lo = n * k / nt;
		jobs[k].hi = n * (k + 1) / nt;
		jobs[k].done = done;
	}
	for (k = 1; k < nt; k++) {
		if (pthread_create(&tid[k], NULL, verify_chunk, &jobs[k]) != 0)
			break;
		started = k;
	}
	/* Chunks whose thread did not start run here: same results. */
	verify_chunk(&jobs[0]);
	for (k = started + 1; k < nt; k++)
		verify_chunk(&jobs[k]);
	for (k = 1; k <= started; k++)
		pthread_join(tid[k], NULL);
	return 0;
}

static int
parse_sigs(const json_t *arr, const char *doc, struct sigent **out,
    size_t *nout, struct gv_err *e)
{
	struct sigent *s = NULL;
	char p[GV_PATH_MAX];
	size_t i, n;
	int rc;

	*out = NULL;
	*nout = 0;
	if (!json_is_array(arr))
		return gv_err_set(e, GV_MALFORMED, doc, "signatures",
		    "must be an array");
	n = json_array_size(arr);
	if (n > GV_STAKE_MAX_ENTRIES)
		return gv_err_set(e, GV_MALFORMED, doc, "signatures",
		    "%zu signatures, the limit is %d", n,
		    GV_STAKE_MAX_ENTRIES);
	if (n > 0 && (s = calloc(n, sizeof(*s))) == NULL)
		return gv_err_set(e, GV_INTERNAL, doc, NULL, "out of memory");
	for (i = 0; i < n; i++) {
		const json_t *v = json_array_get(arr, i);

		gv_path_idx(p, "signatures", i);
		if ((rc = gv_obj_keys(v, sig_req, NULL, doc, p, e)) ||
		    (rc = gv_get_uint(v, "signer", GV_INT_MAX, &s[i].signer,
		    doc, p, e)) ||
		    (rc = gv_get_hex(v, "sig", s[i].sig, GV_SIG_LEN, doc, p,
		    e)))
			goto fail;
		if (i > 0 && s[i].signer < s[i - 1].signer) {
			strncat(p, ".signer", GV_PATH_MAX - strlen(p) - 1);
			rc = gv_err_set(e, GV_MALFORMED, doc, p,
			    "signer %" PRIu64 " is out of order: signatures "
			    "must be sorted by signer in ascending order",
			    s[i].signer);
			goto fail;
		}
	}
	*out = s;
	*nout = n;
	return GV_OK;
fail:
	free(s);
	return rc;
}

/* "more than 2/3": the least signed stake that certifies, floor(2T/3)+1. */
static void
threshold(mpz_t out, const mpz_t total)
{
	mpz_mul_ui(out, total, 2);
	mpz_fdiv_q_ui(out, out, 3);
	mpz_add_ui(out, out, 1);
}

/* Append the bad signer list to msg, as much as fits. */
static void
list_bad(char *msg, size_t len, const struct gv_cert_result *r)
{
	size_t i, used;
	char one[32];

	for (i = 0; i < r->nbad; i++) {
		snprintf(one, sizeof(one), "%s%zu", i ? ", " : "", r->bad[i]);
		used = strlen(msg);
		if (used + strlen(one) + 24 >= len) {
			snprintf(msg + used, len - used, ", ... (%zu in all)",
			    r->nbad);
			return;
		}
		memcpy(msg + used, one, strlen(one) + 1);
	}
}

int
gv_cert_check(const struct gv_stake_table *t, const json_t *cert,
    const char *doc, const char *want_kind, const unsigned char *want_digest,
    int threads, struct gv_cert_result *r, struct gv_err *e)
{
	unsigned char subject[GV_DIGEST_LEN], table[GV_DIGEST_LEN];
	unsigned char vote[GV_DIGEST_LEN], *ok = NULL;
	char q1[96], q2[96], h1[2 * GV_DIGEST_LEN + 1];
	char h2[2 * GV_DIGEST_LEN + 1], p[GV_PATH_MAX], list[640];
	const char *marketplace, *kind;
	const json_t *sub;
	struct sigent *s = NULL;
	uint64_t epoch;
	size_t i, n = 0;
	mpz_t need, lhs, rhs;
	int rc;

	mpz_set(r->total, t->total);
	mpz_set_ui(r->signed_stake, 0);
	r->nsigners = 0;
	r->nbad = 0;
	__atomic_store_n(&r->sig_total, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&r->sig_done, 0, __ATOMIC_RELAXED);
	free(r->bad);
	r->bad = NULL;

	/* 1. Format. */
	if ((rc = gv_obj_keys(cert, cert_req, NULL, doc, NULL, e)) ||
	    (rc = gv_get_format(cert, GV_CERT_FORMAT, doc, NULL, e)) ||
	    (rc = gv_get_id(cert, "marketplace", &marketplace, doc, NULL,
	    e)) ||
	    (rc = gv_get_uint(cert, "epoch", GV_INT_MAX, &epoch, doc, NULL,
	    e)))
		return rc;
	sub = json_object_get(cert, "subject");
	if ((rc = gv_obj_keys(sub, subject_req, NULL, doc, "subject", e)) ||
	    (rc = gv_get_id(sub, "kind", &kind, doc, "subject", e)) ||
	    (rc = gv_get_hex(sub, "digest", subject, GV_DIGEST_LEN, doc,
	    "subject", e)) ||
	    (rc = gv_get_hex(cert, "stake_table", table, GV_DIGEST_LEN, doc,
	    NULL, e)) ||
	    (rc = parse_sigs(json_object_get(cert, "signatures"), doc, &s, &n,
	    e)))
		return rc;
	r->nsigners = n;

	/* 2-4. The certificate belongs to this table. */
	if (strcmp(marketplace, t->marketplace) != 0) {
		rc = gv_err_set(e, GV_INVALID, doc, "marketplace",
		    "marketplace mismatch: the certificate is for %s, the "
		    "stake table for %s", gv_quote(q1, sizeof(q1), marketplace),
		    gv_quote(q2, sizeof(q2), t->marketplace));
		goto done;
	}
	if (epoch != t->epoch) {
		rc = gv_err_set(e, GV_INVALID, doc, "epoch",
		    "epoch mismatch: the certificate is for epoch %" PRIu64
		    ", the stake table for epoch %" PRIu64, epoch, t->epoch);
		goto done;
	}
	if (memcmp(table, t->digest, GV_DIGEST_LEN) != 0) {
		gv_hex(h1, table, GV_DIGEST_LEN);
		gv_hex(h2, t->digest, GV_DIGEST_LEN);
		rc = gv_err_set(e, GV_INVALID, doc, "stake_table",
		    "stake table mismatch: the certificate names %s, the "
		    "table's digest is %s", h1, h2);
		goto done;
	}
	/* 5. The subject the caller expects. */
	if (want_kind != NULL && strcmp(kind, want_kind) != 0) {
		rc = gv_err_set(e, GV_INVALID, doc, "subject.kind",
		    "subject kind mismatch: the certificate certifies %s, "
		    "expected %s", gv_quote(q1, sizeof(q1), kind),
		    gv_quote(q2, sizeof(q2), want_kind));
		goto done;
	}
	if (want_digest != NULL &&
	    memcmp(subject, want_digest, GV_DIGEST_LEN) != 0) {
		gv_hex(h1, subject, GV_DIGEST_LEN);
		gv_hex(h2, want_digest, GV_DIGEST_LEN);
		rc = gv_err_set(e, GV_INVALID, doc, "subject.digest",
		    "subject digest mismatch: the certificate certifies %s, "
		    "the document's digest is %s", h1, h2);
		goto done;
	}
	/* 6. Duplicate signers, 7. signers in range. */
	for (i = 1; i < n; i++)
		if (s[i].signer == s[i - 1].signer) {
			gv_path_idx(p, "signatures", i);
			strncat(p, ".signer", GV_PATH_MAX - strlen(p) - 1);
			rc = gv_err_set(e, GV_INVALID, doc, p,
			    "duplicate signer %" PRIu64 ", also in "
			    "signatures[%zu]", s[i].signer, i - 1);
			goto done;
		}
	for (i = 0; i < n; i++)
		if (s[i].signer >= t->n) {
			gv_path_idx(p, "signatures", i);
			strncat(p, ".signer", GV_PATH_MAX - strlen(p) - 1);
			rc = gv_err_set(e, GV_INVALID, doc, p,
			    "signer %" PRIu64 " out of range: the stake table "
			    "has %zu entries", s[i].signer, t->n);
			goto done;
		}
	/* 8. Every signature, over the vote message. */
	if (gv_cert_vote_digest(marketplace, epoch, kind, subject, table,
	    vote) != GV_OK ||
	    (ok = calloc(n ? n : 1, 1)) == NULL ||
	    (r->bad = calloc(n ? n : 1, sizeof(*r->bad))) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, doc, NULL, "out of memory");
		goto done;
	}
	__atomic_store_n(&r->sig_total, n, __ATOMIC_RELAXED);
	verify_all(t, s, n, vote, ok, threads, &r->sig_done);
	for (i = 0; i < n; i++) {
		if (ok[i])
			mpz_add(r->signed_stake, r->signed_stake,
			    t->entries[s[i].signer].stake);
		else
			r->bad[r->nbad++] = (size_t)s[i].signer;
	}
	if (r->nbad > 0) {
		list[0] = '\0';
		list_bad(list, sizeof(list), r);
		rc = gv_err_set(e, GV_INVALID, doc, "signatures",
		    "%zu of %zu signatures do not verify: signer%s %s",
		    r->nbad, n, r->nbad == 1 ? "" : "s", list);
		goto done;
	}
	/* 9. Quorum: 3 * signed > 2 * total. */
	mpz_inits(need, lhs, rhs, NULL);
	mpz_mul_ui(lhs, r->signed_stake, 3);
	mpz_mul_ui(rhs, r->total, 2);
	if (mpz_cmp(lhs, rhs) > 0)
		rc = GV_OK;
	else {
		char *a = gv_amount_str(r->signed_stake);
		char *b = gv_amount_str(r->total);
		char *c;

		threshold(need, r->total);
		c = gv_amount_str(need);
		rc = gv_err_set(e, GV_INVALID, doc, "signatures",
		    "no quorum: signed stake %s of total %s, more than 2/3 "
		    "needs at least %s", a ? a : "?", b ? b : "?",
		    c ? c : "?");
		free(a);
		free(b);
		free(c);
	}
	mpz_clears(need, lhs, rhs, NULL);
done:
	free(ok);
	free(s);
	return rc;
}

int
gv_cert_sign(json_t *cert, const struct gv_stake_table *t, size_t i,
    const unsigned char sk[GV_SK_LEN])
{
	unsigned char subject[GV_DIGEST_LEN], table[GV_DIGEST_LEN];
	unsigned char vote[GV_DIGEST_LEN], sig[GV_SIG_LEN];
	char hex[2 * GV_SIG_LEN + 1];
	const char *mp, *kind, *dh, *th;
	json_t *sub, *arr, *ent, *ep;
	size_t k;

	(void)t;
	sub = json_object_get(cert, "subject");
	mp = json_string_value(json_object_get(cert, "marketplace"));
	ep = json_object_get(cert, "epoch");
	kind = json_string_value(json_object_get(sub, "kind"));
	dh = json_string_value(json_object_get(sub, "digest"));
	th = json_string_value(json_object_get(cert, "stake_table"));
	if (mp == NULL || !json_is_integer(ep) ||
	    json_integer_value(ep) < 0 || kind == NULL || dh == NULL ||
	    th == NULL || gv_unhex(subject, GV_DIGEST_LEN, dh) != 0 ||
	    gv_unhex(table, GV_DIGEST_LEN, th) != 0)
		return GV_MALFORMED;
	if (gv_cert_vote_digest(mp, (uint64_t)json_integer_value(ep), kind,
	    subject, table, vote) != GV_OK)
		return GV_INTERNAL;
	gv_sig_sign(sk, vote, sizeof(vote), sig);
	gv_hex(hex, sig, GV_SIG_LEN);
	if ((arr = json_object_get(cert, "signatures")) == NULL) {
		if (json_object_set_new(cert, "signatures", json_array()) != 0)
			return GV_INTERNAL;
		arr = json_object_get(cert, "signatures");
	}
	if (!json_is_array(arr))
		return GV_MALFORMED;
	for (k = 0; k < json_array_size(arr); k++) {
		json_t *sv = json_object_get(json_array_get(arr, k), "signer");

		if (json_is_integer(sv) && json_integer_value(sv) >= 0 &&
		    (uint64_t)json_integer_value(sv) > i)
			break;
	}
	if ((ent = json_pack("{s:I,s:s}", "signer", (json_int_t)i, "sig",
	    hex)) == NULL)
		return GV_INTERNAL;
	return json_array_insert_new(arr, k, ent) == 0 ? GV_OK : GV_INTERNAL;
}
