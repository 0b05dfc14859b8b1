/* test_key.c: key files and gavel-key (formats/key.md) */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "json.h"
#include "key.h"
#include "util.h"

static void
put(const char *path, const char *text, mode_t mode)
{
	unlink(path);
	cr_assert_eq(gvt_write_file(path, text, strlen(text)), 0);
	cr_assert_eq(chmod(path, mode), 0);
}

static void
load_fails(const char *path, int code, const char *msg)
{
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];
	struct gv_err e = { 0, "" };

	cr_assert_eq(gv_key_load(path, pk, sk, &e), code, "%s", e.msg);
	cr_assert_str_eq(e.msg, msg);
}

Test(key, example_vector)
{
	char *text = gvt_read_file(gvt_path("formats/examples/key-demo.json"),
	    NULL);
	const char *k = gvt_tmp("demo.key");
	unsigned char pk[GV_PK_LEN], sk[GV_SK_LEN];
	char hex[2 * GV_PK_LEN + 1];
	struct gv_err e = { 0, "" };

	cr_assert_not_null(text);
	put(k, text, 0600);
	free(text);
	cr_assert_eq(gv_sig_init(), 0);
	cr_assert_eq(gv_key_load(k, pk, sk, &e), GV_OK, "%s", e.msg);
	gv_hex(hex, pk, GV_PK_LEN);
	cr_assert_str_eq(hex,
	    "550959f7b263c49a1faf92847058dd8fbff8e92a2c518effa34a43f97b4e5f51");
}

Test(key, too_open_refused)
{
	const char *k = gvt_tmp("open.key");
	char msg[512];
	static const mode_t modes[] = { 0644, 0640, 0604, 0610, 0601, 0660 };
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		put(k, "{\"format\":\"gavel.key.v1\",\"seed\":\"00000000000000"
		    "00000000000000000000000000000000000000000000000000\"}",
		    modes[i]);
		snprintf(msg, sizeof(msg), "%s: permissions %04o are too open: "
		    "a key file must not be accessible by group or others "
		    "(chmod 600)", k, (unsigned)modes[i]);
		load_fails(k, GV_MALFORMED, msg);
	}
}

Test(key, strict_parsing)
{
	const char *k = gvt_tmp("bad.key");
	char msg[512];

	put(k, "{\"format\":\"gavel.key.v1\"}", 0600);
	snprintf(msg, sizeof(msg), "%s: seed: missing", k);
	load_fails(k, GV_MALFORMED, msg);
	put(k, "{\"format\":\"gavel.key.v2\",\"seed\":\"00\"}", 0600);
	snprintf(msg, sizeof(msg), "%s: format: unsupported format "
	    "\"gavel.key.v2\", expected \"gavel.key.v1\"", k);
	load_fails(k, GV_MALFORMED, msg);
	put(k, "{\"format\":\"gavel.key.v1\",\"seed\":\"00\"}", 0600);
	snprintf(msg, sizeof(msg), "%s: seed: must be 64 hex digits "
	    "(32 bytes), got 2 characters", k);
	load_fails(k, GV_MALFORMED, msg);
	put(k, "{\"format\":\"gavel.key.v1\",\"seed\":\"000000000000000000000"
	    "000000000000000000000000000000000000000000A\"}", 0600);
	snprintf(msg, sizeof(msg), "%s: seed: bad hex: only the digits 0-9 "
	    "and a-f (lowercase) are allowed", k);
	load_fails(k, GV_MALFORMED, msg);
	put(k, "{\"format\":\"gavel.key.v1\",\"seed\":\"0000000000000000000000"
	    "000000000000000000000000000000000000000000\",\"pk\":\"x\"}", 0600);
	snprintf(msg, sizeof(msg), "%s: unknown key \"pk\"", k);
	load_fails(k, GV_MALFORMED, msg);
}

Test(key, generate_public_cli)
{
	const char *k = gvt_tmp("gen.key");
	const char *gen[] = { gvt_bin("gavel-key"), "generate", "-o", k, NULL };
	const char *pub[] = { gvt_bin("gavel-key"), "public", k, NULL };
	struct gvt_run r, r2;
	struct stat st;
	char *text, msg[512];

	unlink(k);
	cr_assert_eq(gvt_run(&r, gen), 0);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(strlen(r.out), 65);
	cr_assert_eq(stat(k, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	/* the secret never reaches stdout or stderr */
	text = gvt_read_file(k, NULL);
	cr_assert_not_null(text);
	cr_assert_not_null(strstr(text, "\"seed\": \""));
	cr_assert_null(strstr(r.out, strstr(text, "\"seed\": \"") + 9 + 8));
	cr_assert_str_eq(r.err, "");
	cr_assert_eq(gvt_run(&r2, pub), 0);
	cr_assert_eq(r2.status, 0);
	cr_assert_str_eq(r2.out, r.out);
	gvt_run_free(&r2);
	/* never overwrites */
	cr_assert_eq(gvt_run(&r2, gen), 0);
	cr_assert_eq(r2.status, 2);
	snprintf(msg, sizeof(msg), "gavel-key: %s: already exists: a key is "
	    "never overwritten\n", k);
	cr_assert_str_eq(r2.err, msg);
	cr_assert_str_eq(r2.out, "");
	gvt_run_free(&r2);
	{
		char *again = gvt_read_file(k, NULL);

		cr_assert_str_eq(again, text);
		free(again);
	}
	free(text);
	gvt_run_free(&r);
}

Test(key, usage)
{
	const char *bad[] = { gvt_bin("gavel-key"), "sign", NULL };
	const char *help[] = { gvt_bin("gavel-key"), "--help", NULL };
	struct gvt_run r;

	cr_assert_eq(gvt_run(&r, bad), 0);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.err, "gavel-key: unknown command \"sign\"\n"
	    "usage: gavel-key generate -o KEY | gavel-key public KEY "
	    "(gavel-key --help)\n");
	gvt_run_free(&r);
	cr_assert_eq(gvt_run(&r, help), 0);
	cr_assert_eq(r.status, 0);
	cr_assert_not_null(strstr(r.out, "exit status:"));
	gvt_run_free(&r);
}
