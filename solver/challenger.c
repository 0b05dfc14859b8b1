/* challenger.c: gavel-solve --against, the challenger's side (formats/challenge.md, "gavel-solve --against") */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "alloc.h"
#include "amount.h"
#include "atomic.h"
#include "challenge.h"
#include "challenger.h"
#include "fee.h"
#include "json.h"
#include "key.h"
#include "solve.h"

static const char usage[] =
"usage: gavel-solve --against PUBLISHED.json --key KEY --commit\n"
"           [-o FILE] [-t SECONDS] [-q] BIDSET.json\n"
"       gavel-solve --against PUBLISHED.json --key KEY --reveal DRAFT.json\n"
"           --order ORDER.json --stake-table TABLE.json [-o FILE] BIDSET.json\n"
"\n"
"The challenger's side of finder's-fee challenges (formats/challenge.md).\n"
"--commit searches, within the time limit, for an allocation of BIDSET (a\n"
"gavel.bidset.v2) better than PUBLISHED by at least the minimum\n"
"improvement; when it finds one it writes the unrevealed challenge (the\n"
"allocation, improvement, fee, your public key, a random salt and the\n"
"commitment to publish); otherwise it writes nothing and exits 4.\n"
"--reveal adds the commitment's certified position (ORDER.json, the\n"
"\"order\" object of formats/challenge.md) to DRAFT.json, signs it with KEY,\n"
"checks the result exactly as gavel-verify challenge does against\n"
"TABLE.json, and writes it only if it verifies.\n"
"\n"
"options:\n"
"  --against FILE        the published allocation to beat (required)\n"
"  --key FILE            your signing key, formats/key.md, mode 0600 (required)\n"
"  --commit              search and write the unrevealed challenge\n"
"  --reveal FILE         the unrevealed challenge written by --commit\n"
"  --order FILE          with --reveal: the commitment's block, its\n"
"                        certificate, leaf index and path\n"
"  --stake-table FILE    with --reveal: the stake table you trust\n"
"  --salt HEX            with --commit: the 32-byte salt, 64 hex digits\n"
"                        (default: random; give one only for reproducible\n"
"                        fixtures: a known salt lets others test guesses)\n"
"  -o, --output FILE     write to FILE atomically (default: stdout)\n"
"  -t, --time-limit SECS search time for --commit (default 60; 0.001 to\n"
"                        1000000)\n"
"  -q, --quiet           no summary line on stderr\n"
"  -h, --help            this text\n"
"\n"
"exit status: 0 written; 1 an input fails a check (a bid signature, the\n"
"published allocation, or the revealed challenge would not verify);\n"
"2 usage, unreadable or malformed input, or the output cannot be written;\n"
"3 internal or GLPK failure; 4 no improvement found: the search met no\n"
"allocation better than PUBLISHED by the minimum (not an error, and\n"
"nothing is written).\n"
"\n"
"examples:\n"
"  bin/gavel-solve --against corpus/valid/challenge-epoch.weak.json --key my.key \\\n"
"      --commit -t 5 -o draft.json corpus/valid/challenge-epoch.json\n"
"  bin/gavel-chain corpus/valid/challenge-epoch.json 8000 r000-arb chain draft.json\n"
"  bin/gavel-solve --against corpus/valid/challenge-epoch.weak.json --key my.key \\\n"
"      --reveal draft.json --order chain/order-0.json \\\n"
"      --stake-table chain/table.json -o challenge.json corpus/valid/challenge-epoch.json\n";

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

int
gv_challenge_wanted(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--against") == 0 ||
		    strncmp(argv[i], "--against=", 10) == 0)
			return 1;
	return 0;
}

/* Seconds with at most 3 decimals, 0.001 to 1000000, into milliseconds. */
static int
seconds(const char *s, uint64_t *ms)
{
	uint64_t w = 0, f = 0;
	int d = 0, fd = 0;

	for (; *s >= '0' && *s <= '9'; s++, d++)
		if ((w = w * 10 + (uint64_t)(*s - '0')) > 1000000)
			return -1;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, fd++) {
			if (fd >= 3)
				return -1;
			f = f * 10 + (uint64_t)(*s - '0');
		}
	if (*s != '\0' || d == 0)
		return -1;
	while (fd++ < 3)
		f *= 10;
	*ms = w * 1000 + f;
	return *ms == 0 || *ms > 1000000000ULL ? -1 : 0;
}

static int
commit(struct gv_bidset *bs, const struct gv_published *pub,
    const unsigned char pk[GV_PK_LEN], const unsigned char salt[32],
    uint64_t ms, const char *out, int quiet, struct gv_err *e)
{
	struct gv_solve_opts o = { .time_limit_ms = ms,
		.interrupt = &interrupted };
	struct gv_solve_info info;
	struct gv_alloc a;
	json_t *ad = NULL, *back = NULL, *draft = NULL;
	char *text = NULL, *s1 = NULL, *s2 = NULL, *s3 = NULL;
	mpz_t imp, min;
	int rc;

	gv_alloc_init(&a);
	mpz_inits(imp, min, NULL);
	/* warm start: the search begins at the allocation to beat */
	if ((rc = gv_solve_from(bs, &o, pub->a.winners, pub->a.nwinners, &a,
	    &info, e)))
		goto cleanup;
	mpz_sub(imp, a.value, pub->a.value);
	gv_fee_min(bs, min);
	if (mpz_cmp(imp, min) < 0) {
		s1 = gv_amount_str(a.value);
		s2 = gv_amount_str(pub->a.value);
		s3 = gv_amount_str(min);
		rc = gv_err_set(e, GV_NO_IMPROVEMENT, NULL, NULL,
		    "no improvement found: best value %s (%s), published "
		    "value %s, minimum improvement %s; nothing written",
		    s1 ? s1 : "?", a.status == GV_ST_OPTIMAL ? "optimal" :
		    "feasible", s2 ? s2 : "?", s3 ? s3 : "?");
		goto cleanup;
	}
	/* the allocation as its own document, re-read from its bytes */
	if ((ad = gv_alloc_json(bs, &a)) == NULL ||
	    (text = json_dumps(ad, JSON_INDENT(2))) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, NULL, NULL, "out of memory");
		goto cleanup;
	}
	if ((rc = gv_json_parse(text, strlen(text), "allocation", &back, e)) ||
	    (rc = gv_alloc_check(bs, back, "allocation", e))) {
		rc = GV_INTERNAL;
		goto cleanup;
	}
	draft = gv_challenge_draft(bs, pub, back, a.value, pk, salt);
	back = NULL;	/* taken over */
	free(text);
	if (draft == NULL || (text = gv_json_text(draft, JSON_INDENT(2))) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, NULL, NULL, "out of memory");
		goto cleanup;
	}
	if ((rc = gv_write_atomic(out, text, strlen(text), e)))
		goto cleanup;
	if (!quiet) {
		s1 = gv_amount_str(a.value);
		s2 = gv_amount_str(imp);
		fprintf(stderr, "gavel-solve: improvement found: value %s, %s "
		    "over the published allocation; commitment %s\n",
		    s1 ? s1 : "?", s2 ? s2 : "?", json_string_value(
		    json_object_get(draft, "commitment")));
	}
cleanup:
	free(text);
	free(s1);
	free(s2);
	free(s3);
	json_decref(ad);
	json_decref(back);
	json_decref(draft);
	mpz_clears(imp, min, NULL);
	gv_alloc_free(&a);
	return rc;
}

static int
reveal(struct gv_challenge_ctx *x, const char *draftf, const char *orderf,
    const unsigned char pk[GV_PK_LEN], const unsigned char sk[GV_SK_LEN],
    const char *out, int quiet, struct gv_err *e)
{
	json_t *d = NULL, *ord = NULL, *back = NULL;
	struct gv_challenge c;
	char *text = NULL, hex[2 * GV_PK_LEN + 1], msg[sizeof(e->msg)];
	const char *who;
	int rc;

	gv_challenge_init(&c);
	if ((rc = gv_json_load(draftf, GV_CHALLENGE_MAX_BYTES, &d, e)) ||
	    (rc = gv_json_load(orderf, GV_CHALLENGE_MAX_BYTES, &ord, e)))
		goto cleanup;
	gv_hex(hex, pk, GV_PK_LEN);
	who = json_string_value(json_object_get(d, "challenger"));
	if (who == NULL || strcmp(who, hex) != 0) {
		rc = gv_err_set(e, GV_INVALID, draftf, "challenger",
		    "is not the public key of --key (%s)", hex);
		goto cleanup;
	}
	if ((rc = gv_challenge_reveal(d, ord, sk)) ||
	    (text = gv_json_text(d, JSON_INDENT(2))) == NULL) {
		rc = gv_err_set(e, GV_INTERNAL, NULL, NULL, "out of memory");
		goto cleanup;
	}
	/* never write a challenge gavel-verify challenge would reject */
	if ((rc = gv_json_parse(text, strlen(text), "challenge", &back, e)) ||
	    (rc = gv_challenge_check(&x->table, &x->bs, &x->pub, back,
	    "challenge", &c, e))) {
		snprintf(msg, sizeof(msg), "%s", e->msg);
		rc = gv_err_set(e, rc, NULL, NULL, "the revealed challenge "
		    "would not verify, nothing written: %s", msg);
		goto cleanup;
	}
	if ((rc = gv_write_atomic(out, text, strlen(text), e)))
		goto cleanup;
	if (!quiet)
		fprintf(stderr, "gavel-solve: challenge revealed and checked: "
		    "improvement %s, fee %s\n", json_string_value(
		    json_object_get(d, "improvement")), json_string_value(
		    json_object_get(d, "fee")));
cleanup:
	gv_challenge_free(&c);
	free(text);
	json_decref(d);
	json_decref(ord);
	json_decref(back);
	return rc;
}

int
gv_challenge_main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "against", required_argument, NULL, 'A' },
		{ "key", required_argument, NULL, 'K' },
		{ "commit", no_argument, NULL, 'C' },
		{ "reveal", required_argument, NULL, 'R' },
		{ "order", required_argument, NULL, 'O' },
		{ "stake-table", required_argument, NULL, 'T' },
		{ "output", required_argument, NULL, 'o' },
		{ "salt", required_argument, NULL, 'S' },
		{ "time-limit", required_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *against = NULL, *keyf = NULL, *draft = NULL, *order = NULL;
	const char *table = NULL, *out = "-";
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];
	struct gv_challenge_ctx x;
	struct gv_published pub;
	struct gv_bidset bs;
	struct gv_err e = { 0, "" };
	struct sigaction sa;
	unsigned char salt[32];
	uint64_t ms = 60000;
	int have_salt = 0, c, docommit = 0, quiet = 0, rc, have_bs = 0, have_pub = 0;

	memset(&x, 0, sizeof(x));
	memset(&pub, 0, sizeof(pub));
	sodium_memzero(sk, sizeof(sk));
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:t:qh", lo, NULL)) != -1) {
		switch (c) {
		case 'A': against = optarg; break;
		case 'K': keyf = optarg; break;
		case 'C': docommit = 1; break;
		case 'R': draft = optarg; break;
		case 'O': order = optarg; break;
		case 'T': table = optarg; break;
		case 'o': out = optarg; break;
		case 'S':
			if (strlen(optarg) != 64 ||
			    gv_unhex(salt, sizeof(salt), optarg) != 0) {
				fprintf(stderr, "gavel-solve: --salt: expected "
				    "64 lowercase hex digits\n");
				return GV_MALFORMED;
			}
			have_salt = 1;
			break;
		case 'q': quiet = 1; break;
		case 't':
			if (seconds(optarg, &ms) != 0) {
				fprintf(stderr, "gavel-solve: --time-limit: "
				    "expected seconds from 0.001 to 1000000 "
				    "(at most 3 decimals)\n");
				return GV_MALFORMED;
			}
			break;
		case 'h':
			fputs(usage, stdout);
			return GV_OK;
		default:
			fputs("usage: gavel-solve --against PUBLISHED.json --key "
			    "KEY (--commit | --reveal ...) BIDSET.json "
			    "(gavel-solve --against x --help)\n", stderr);
			return GV_MALFORMED;
		}
	}
	if (argc - optind != 1 || against == NULL || keyf == NULL ||
	    docommit == (draft != NULL) ||
	    (draft != NULL && (order == NULL || table == NULL))) {
		fprintf(stderr, "gavel-solve: --against needs --key, exactly one "
		    "of --commit and --reveal (with --order and --stake-table), "
		    "and one BIDSET.json\n");
		return GV_MALFORMED;
	}
	if (gv_sig_init() != 0) {
		fprintf(stderr, "gavel-solve: libsodium failed to start\n");
		return GV_INTERNAL;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if ((rc = gv_key_load(keyf, pk, sk, &e)))
		goto fail;
	if (draft != NULL) {
		if ((rc = gv_challenge_ctx_load(table, argv[optind], against,
		    &x, &e)) ||
		    (rc = reveal(&x, draft, order, pk, sk, out, quiet, &e)))
			goto fail;
		goto cleanup;
	}
	if ((rc = gv_bidset_load(argv[optind], &bs, &e)))
		goto fail;
	have_bs = 1;
	if ((rc = gv_bidset_verify_sigs(&bs, &e)))
		goto fail;
	if (bs.version < 2) {
		rc = gv_err_set(&e, GV_INVALID, argv[optind], "format",
		    "challenges need a gavel.bidset.v2 bid set "
		    "(finder_fee.cap and finder_fee.window)");
		goto fail;
	}
	if ((rc = gv_published_load(&bs, against, &pub, &e)))
		goto fail;
	have_pub = 1;
	if (!have_salt)
		randombytes_buf(salt, sizeof(salt));
	if ((rc = commit(&bs, &pub, pk, salt, ms, out, quiet, &e)))
		goto fail;
	goto cleanup;
fail:
	gv_err_print("gavel-solve", &e);
cleanup:
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(salt, sizeof(salt));
	if (have_pub)
		gv_published_free(&pub);
	if (have_bs)
		gv_bidset_free(&bs);
	gv_challenge_ctx_free(&x);
	return rc;
}
