/* test_bidcert.c: certified bid sets, operator keys and acceptance receipts; omission (formats/acceptance.md, formats/operator.md) */
#include <sys/stat.h>

#include <dirent.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "acceptance.h"
#include "bidset.h"
#include "err.h"
#include "expect.h"
#include "json.h"
#include "operator.h"
#include "sig.h"
#include "util.h"

static void
at_root(void)
{
	const char *r = getenv("GAVEL_ROOT");

	cr_assert_eq(chdir(r ? r : "."), 0);
	cr_assert_eq(gv_sig_init(), 0);
}

TestSuite(bidcert, .init = at_root, .timeout = 120);

/* Run gavel-verify CMD with the arguments of FILE.args, one a line. */
static void
run_args(struct gvt_run *r, const char *cmd, const char *args)
{
	const char *argv[64];
	char *buf, *p, *nl;
	int n = 0;

	cr_assert_not_null(buf = gvt_read_file(args, NULL), "%s", args);
	argv[n++] = gvt_bin("gavel-verify");
	argv[n++] = cmd;
	for (p = buf; *p != '\0' && n < 62; p = nl + 1) {
		cr_assert_not_null(nl = strchr(p, '\n'), "%s", args);
		*nl = '\0';
		argv[n++] = p;
	}
	argv[n] = NULL;
	cr_assert_eq(gvt_run(r, argv), 0);
	free(buf);
}

/* Every case of a glob against its .expect; how many exited 0 and 1 with output. */
static size_t
run_cases(const char *pattern, const char *cmd, size_t want, size_t *valid,
    size_t *omissions)
{
	struct gvt_expect x;
	struct gvt_run r;
	char expect[512];
	glob_t g;
	size_t i, n;

	*valid = *omissions = 0;
	cr_assert_eq(glob(pattern, 0, NULL, &g), 0, "%s", pattern);
	cr_assert_eq(g.gl_pathc, want, "%s: %zu cases", pattern, g.gl_pathc);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *f = g.gl_pathv[i];

		snprintf(expect, sizeof(expect), "%.*s.expect",
		    (int)(strlen(f) - 5), f);
		gvt_expect_load(expect, &x);
		run_args(&r, cmd, f);
		gvt_expect_assert(&r, &x, f);
		if (r.status == 0)
			(*valid)++;
		else if (strncmp(r.out, "omission: ", 10) == 0)
			(*omissions)++;
		gvt_run_free(&r);
		gvt_expect_free(&x);
	}
	n = g.gl_pathc;
	globfree(&g);
	return n;
}

Test(bidcert, every_bidset_case_gets_its_exact_verdict)
{
	size_t valid, omissions;

	run_cases("corpus/bidcert/case-*.args", "bidset", 23, &valid,
	    &omissions);
	/* certified; one and two receipts honoured; operator of epoch 5 */
	cr_assert_eq(valid, 4);
	/* omitted, at the deadline, altered, two of three */
	cr_assert_eq(omissions, 4);
}

Test(bidcert, allocation_says_whether_the_bid_set_was_certified)
{
	size_t valid, omissions;

	run_cases("corpus/bidcert/allocation-*.args", "allocation", 3, &valid,
	    &omissions);
	cr_assert_eq(valid, 1);
	cr_assert_eq(omissions, 0);
}

/* The test, spelled out: proven; late and other-epoch are not. */
Test(bidcert, omission_is_proven_only_for_a_timely_receipt_of_this_epoch)
{
	static const struct {
		const char *args;
		int status;
		const char *out_prefix, *err_has;
	} c[] = {
		{ "case-omitted", 1, "omission: corpus/bidcert/accept-omitted"
		    ".json: bid \"b4\" (digest 6ddb80d67ebabb535e3b0688100ef3"
		    "75e4c7cfd3dd08942834c4d7d09d8cccf9), acknowledged by "
		    "operator ", ": bid: omission proven: " },
		{ "case-late", 1, "", "accepted_at: bid accepted at "
		    "1796000601, after the deadline 1796000600: a late bid may "
		    "be left out, no omission proven\n" },
		{ "case-other-epoch", 1, "", "epoch: the acknowledgment is for "
		    "epoch 8, the bid set for epoch 7: it proves nothing about "
		    "this bid set\n" },
	};
	char path[256];
	struct gvt_run r;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		snprintf(path, sizeof(path), "corpus/bidcert/%s.args",
		    c[i].args);
		run_args(&r, "bidset", path);
		cr_assert_eq(r.status, c[i].status, "%s: %s", c[i].args, r.err);
		cr_assert(strncmp(r.out, c[i].out_prefix,
		    strlen(c[i].out_prefix)) == 0, "%s: %s", c[i].args, r.out);
		if (c[i].out_prefix[0] == '\0')
			cr_assert_str_empty(r.out, "%s", c[i].args);
		cr_assert_not_null(strstr(r.err, c[i].err_has), "%s: %s",
		    c[i].args, r.err);
		gvt_run_free(&r);
	}
}

/* The committed corpus is exactly what gavel-acceptgen writes today. */
Test(bidcert, the_corpus_is_what_the_generator_writes)
{
	const char *argv[] = { gvt_bin("gavel-acceptgen"), gvt_tmp("gen"),
		NULL };
	char gen[600], com[600], *hand;
	struct gvt_run r;
	struct dirent *d;
	size_t hn, n = 0;
	DIR *dp;

	cr_assert_not_null(hand = gvt_read_file("corpus/valid/hand-epoch.json",
	    &hn));
	cr_assert_eq(mkdir(gvt_tmp("gen"), 0755), 0);
	snprintf(gen, sizeof(gen), "%s/valid", gvt_tmp("gen"));
	cr_assert_eq(mkdir(gen, 0755), 0);
	snprintf(gen, sizeof(gen), "%s/valid/hand-epoch.json", gvt_tmp("gen"));
	cr_assert_eq(gvt_write_file(gen, hand, hn), 0);
	free(hand);
	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	gvt_run_free(&r);
	snprintf(gen, sizeof(gen), "%s/bidcert", gvt_tmp("gen"));
	cr_assert_not_null(dp = opendir(gen));
	while ((d = readdir(dp)) != NULL) {
		char *a, *b;

		if (d->d_name[0] == '.')
			continue;
		snprintf(gen, sizeof(gen), "%s/bidcert/%s", gvt_tmp("gen"),
		    d->d_name);
		snprintf(com, sizeof(com), "corpus/bidcert/%s", d->d_name);
		cr_assert_not_null(a = gvt_read_file(gen, NULL), "%s", gen);
		cr_assert_not_null(b = gvt_read_file(com, NULL), "%s", com);
		cr_assert_str_eq(a, b, "%s differs from a fresh generation",
		    com);
		free(a);
		free(b);
		n++;
	}
	closedir(dp);
	/* 11 receipts, 23 cases, 18 tables, bid sets, operators, certs */
	cr_assert_eq(n, 52);
}

static json_t *
load(const char *file)
{
	json_error_t je;
	json_t *v = json_load_file(file, 0, &je);

	cr_assert_not_null(v, "%s: %s", file, je.text);
	return v;
}

/* formats/operator.md and acceptance.md, "Test vectors". */
Test(bidcert, digests_match_the_spec_vectors)
{
	struct gv_operator o;
	struct gv_acceptance a;
	struct gv_bidset bs;
	struct gv_err e;
	unsigned char d[GV_DIGEST_LEN];
	char h[2 * GV_DIGEST_LEN + 1];
	json_t *ov = load("formats/examples/operator-demo.json");
	json_t *av = load("formats/examples/acceptance-demo.json");

	cr_assert_eq(gv_operator_parse(ov, "op", NULL, &o, &e), GV_OK, "%s",
	    e.msg);
	gv_hex(h, o.digest, GV_DIGEST_LEN);
	cr_assert_str_eq(h, "445f5921e348262065b16ee7af0b339eb95b3eb11d3ae32cd"
	    "fb4f0715a25acbc");
	cr_assert_eq(gv_acceptance_parse(av, "acc", NULL, &a, &e), GV_OK, "%s",
	    e.msg);
	gv_hex(h, a.digest, GV_DIGEST_LEN);
	cr_assert_str_eq(h, "aa630bccd7b890b916df2f668b879584436a6feb906c3fafd"
	    "e9e56c9ca16b1bd");
	cr_assert(gv_acceptance_sig_ok(&a));
	cr_assert(gv_operator_has_key(&o, a.operator_key));
	cr_assert_eq(gv_bidset_load("corpus/bidcert/bidset.json", &bs, &e),
	    GV_OK, "%s", e.msg);
	cr_assert_eq(gv_bid_digest(&bs, 1, d), GV_OK);
	cr_assert_eq(memcmp(d, a.bid_digest, GV_DIGEST_LEN), 0);
	gv_hex(h, bs.digest, GV_DIGEST_LEN);
	cr_assert_str_eq(h, "c8098cf2fefc32e07ac06f2b787d98ae4e2f0575744032f32"
	    "988de39355f2eeb");
	gv_bidset_free(&bs);
	json_decref(ov);
	json_decref(av);
}

/* gv_acceptance_judge on its own: each verdict, each reason. */
Test(bidcert, the_judge_gives_each_verdict)
{
	struct gv_operator o;
	struct gv_acceptance a;
	struct gv_bidset bs;
	struct gv_err e;
	json_t *ov = load("corpus/bidcert/operator.json");
	json_t *av = load("corpus/bidcert/accept-omitted.json");
	int verdict = -1;

	cr_assert_eq(gv_operator_parse(ov, "op", NULL, &o, &e), GV_OK);
	cr_assert_eq(gv_bidset_load("corpus/bidcert/bidset.json", &bs, &e),
	    GV_OK, "%s", e.msg);
	cr_assert_eq(gv_acceptance_parse(av, "r", NULL, &a, &e), GV_OK);
	cr_assert_eq(gv_acceptance_judge(&a, "r", &bs, &o, &verdict, &e),
	    GV_OK);
	cr_assert_eq(verdict, GV_ACCEPT_OMITTED);
	cr_assert(strncmp(e.msg, "r: bid: omission proven: bid \"b4\"", 33) ==
	    0, "%s", e.msg);
	/*
	 * Exactly at the deadline is in time; one second later is not (the
	 * signed digest was taken at parse time: only the rule is tested).
	 */
	a.accepted_at = a.deadline;
	verdict = -1;
	cr_assert_eq(gv_acceptance_judge(&a, "r", &bs, &o, &verdict, &e),
	    GV_OK);
	cr_assert_eq(verdict, GV_ACCEPT_OMITTED);
	a.accepted_at = a.deadline + 1;
	cr_assert_eq(gv_acceptance_judge(&a, "r", &bs, &o, &verdict, &e),
	    GV_INVALID);
	cr_assert_str_eq(e.msg, "r: accepted_at: bid accepted at 1796000601, "
	    "after the deadline 1796000600: a late bid may be left out, no "
	    "omission proven");
	/* a signature over other bytes */
	a.accepted_at = a.deadline;
	a.digest[0] ^= 1;
	cr_assert_eq(gv_acceptance_judge(&a, "r", &bs, &o, &verdict, &e),
	    GV_INVALID);
	cr_assert_str_eq(e.msg, "r: sig: signature does not verify under the "
	    "operator key: it proves nothing");
	json_decref(av);
	av = load("corpus/bidcert/accept-included.json");
	cr_assert_eq(gv_acceptance_parse(av, "r", NULL, &a, &e), GV_OK);
	verdict = -1;
	cr_assert_eq(gv_acceptance_judge(&a, "r", &bs, &o, &verdict, &e),
	    GV_OK);
	cr_assert_eq(verdict, GV_ACCEPT_INCLUDED);
	/* the same receipt under an operator document without its key */
	json_array_remove(json_object_get(ov, "keys"), 0);
	cr_assert_eq(gv_operator_parse(ov, "op", NULL, &o, &e), GV_OK);
	cr_assert_eq(gv_acceptance_judge(&a, "r", &bs, &o, &verdict, &e),
	    GV_INVALID);
	cr_assert_str_eq(e.msg, "r: operator: key 30cffb324ccf5abfcf35ad2f9b7"
	    "bbabeab3e481a07b2763bf83f17fb4aae4ecd is not a certified "
	    "operator key of marketplace \"demo\" for epoch 7: it proves "
	    "nothing");
	gv_bidset_free(&bs);
	json_decref(ov);
	json_decref(av);
}

/* formats/operator.md and acceptance.md, "Checks (the document alone)". */
Test(bidcert, malformed_documents_are_named_exactly)
{
	static const struct {
		int operator;
		const char *json, *msg;
	} c[] = {
		{ 1, "{\"format\":\"gavel.operator.v1\",\"marketplace\":\"demo\","
		    "\"epoch\":7,\"last_epoch\":6,\"keys\":[]}",
		    "d: last_epoch: must be at least epoch (7)" },
		{ 1, "{\"format\":\"gavel.operator.v1\",\"marketplace\":\"demo\","
		    "\"epoch\":7,\"last_epoch\":7,\"keys\":[]}",
		    "d: keys: must not be empty" },
		{ 1, "{\"format\":\"gavel.operator.v1\",\"marketplace\":\"demo\","
		    "\"epoch\":7,\"last_epoch\":7,\"keys\":[\"" "bb" "\"]}",
		    "d: keys[0]: must be 64 hex digits (32 bytes), got 2 "
		    "characters" },
		{ 1, "{\"format\":\"gavel.operator.v1\",\"marketplace\":\"demo\","
		    "\"epoch\":7,\"last_epoch\":7,\"keys\":[\"bbbbbbbbbbbbbbbbbb"
		    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\"aaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"]}",
		    "d: keys[1]: key is out of order or repeated: keys must be "
		    "sorted in ascending order" },
		{ 1, "{\"format\":\"gavel.operator.v2\",\"marketplace\":\"demo\","
		    "\"epoch\":7,\"last_epoch\":7,\"keys\":[]}",
		    "d: format: unsupported format \"gavel.operator.v2\", "
		    "expected \"gavel.operator.v1\"" },
		{ 0, "{\"format\":\"gavel.acceptance.v1\",\"marketplace\":\"demo\","
		    "\"epoch\":7,\"bid\":{\"id\":\"b1\"},\"accepted_at\":1,"
		    "\"deadline\":2,\"operator\":\"\",\"sig\":\"\"}",
		    "d: bid.digest: missing" },
		{ 0, "{\"format\":\"gavel.acceptance.v1\",\"marketplace\":\"demo\","
		    "\"epoch\":7,\"bid\":{\"id\":\"b1\",\"digest\":\"00\"},"
		    "\"accepted_at\":1,\"deadline\":2,\"operator\":\"\","
		    "\"sig\":\"\",\"note\":\"x\"}", "d: unknown key \"note\"" },
	};
	struct gv_operator o;
	struct gv_acceptance a;
	struct gv_err e;
	json_error_t je;
	json_t *v;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		cr_assert_not_null(v = json_loads(c[i].json, 0, &je), "%zu",
		    i);
		rc = c[i].operator ? gv_operator_parse(v, "d", NULL, &o, &e) :
		    gv_acceptance_parse(v, "d", NULL, &a, &e);
		cr_assert_eq(rc, GV_MALFORMED, "%zu", i);
		cr_assert_str_eq(e.msg, c[i].msg, "%zu", i);
		json_decref(v);
	}
}

/* The man page names every option gavel-verify bidset parses. */
Test(bidcert, the_man_page_names_every_bidset_option)
{
	const char *argv[] = { gvt_bin("gavel-verify"), "bidset",
		"--list-options", NULL };
	char *man, *opt, want[128];
	struct gvt_run r;
	size_t i, j;

	cr_assert_not_null(man = gvt_read_file("man/gavel-verify.1", NULL));
	cr_assert_eq(gvt_run(&r, argv), 0);
	cr_assert_eq(r.status, 0);
	for (opt = strtok(r.out, "\n"); opt != NULL; opt = strtok(NULL,
	    "\n")) {
		for (i = j = 0; opt[i] != '\0' && j < sizeof(want) - 2; i++) {
			if (opt[i] == '-')
				want[j++] = '\\';
			want[j++] = opt[i];
		}
		want[j] = '\0';
		cr_assert_not_null(strstr(man, want), "man/gavel-verify.1 does "
		    "not name %s", opt);
	}
	gvt_run_free(&r);
	free(man);
}
