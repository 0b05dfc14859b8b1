/* harness.c: what the gavel-verify fuzz targets share (formats/README.md, "Errors and exit codes") */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bidset.h"
#include "harness.h"
#include "json.h"
#include "sig.h"
#include "verify.h"

/* gavel-gen --rollups 3 --bids 5 --seed 3 --bidders 2, compacted. */
const char gvf_fixture[] =
	"{\"format\":\"gavel.bidset.v1\",\"marketplace\":\"example\",\"epoch\":"
	"1,\"slots\":{\"first\":1000,\"count\":1000},\"mode\":\"auction\",\"find"
	"er_fee\":{\"bps\":500,\"min_improvement\":\"1\"},\"rollups\":[{\"id\":\""
	"r000-arb\",\"reserve\":\"211\"},{\"id\":\"r001-arb\",\"reserve\":\"97\"},"
	"{\"id\":\"r002-arb\",\"reserve\":\"185\"}],\"bids\":[{\"id\":\"b00000\",\"b"
	"idder\":\"02849d26c47495000e23f7fbe2041ef919a86781d2cf3364e1d8"
	"333d61b2c96d\",\"bundle\":[\"r000-arb\",\"r002-arb\"],\"amount\":\"350"
	"\",\"xor\":\"x00000\",\"sig\":\"55ff9ce01f894d83affb559537b628cbd0a2"
	"52fd4284abb04b26cea6aab93d8a747cdcbb92d0ca5e2b545f4b1ecbcf27"
	"3bcb8f650eff55e9d72306bd378bb70e\"},{\"id\":\"b00001\",\"bidder\":\""
	"eba3ada76df0b66ee8534bd814249edb76f67f2a4dc51b24492a2bc99d05"
	"cfa8\",\"bundle\":[\"r000-arb\",\"r002-arb\"],\"amount\":\"567\",\"sig\":"
	"\"f5fe94e89d66aa4242eccfd6b7a9036c7531ca6b776920dfa49c0628538"
	"a86a38e0161960fdebeb9398c976be931b41980467c0f182a83888bf50c3"
	"3e0122c0e\"},{\"id\":\"b00002\",\"bidder\":\"eba3ada76df0b66ee8534bd"
	"814249edb76f67f2a4dc51b24492a2bc99d05cfa8\",\"bundle\":[\"r000-a"
	"rb\",\"r002-arb\"],\"amount\":\"499\",\"sig\":\"1205e89ad6c9a90894aa06"
	"783d7259105558049053efb51381da6aae089bec25c513f37d1ef60ad7ca"
	"905621894ec5590feb2d59df9042ed13d77e10e3ebbd04\"},{\"id\":\"b000"
	"03\",\"bidder\":\"eba3ada76df0b66ee8534bd814249edb76f67f2a4dc51b"
	"24492a2bc99d05cfa8\",\"bundle\":[\"r001-arb\",\"r002-arb\"],\"amount"
	"\":\"343\",\"xor\":\"x00001\",\"sig\":\"def36f5bcfcc74bbf1a83a455cbfb3"
	"1418c092a1a7f390917d883a6a045cd21ddb474d12d2787abf02bef28ce2"
	"6fa3b809b1c4bd334e00195702ae1d495a5c06\"},{\"id\":\"b00004\",\"bid"
	"der\":\"02849d26c47495000e23f7fbe2041ef919a86781d2cf3364e1d833"
	"3d61b2c96d\",\"bundle\":[\"r001-arb\"],\"amount\":\"124\",\"xor\":\"x000"
	"00\",\"sig\":\"426960fe8a0a7202c008688d5c155df6faaa4d03db4f6b92f"
	"a49934dc82e003a3e87300cab48d45fe90eee24e368164d87b3523af7c4d"
	"2ed798817ffd5fa6501\"}]}";

static char dir[] = "/tmp/gavel-fuzz.XXXXXX";
static char files[GVF_MAXPARTS][64];

static void
cleanup(void)
{
	int i;

	for (i = 0; i < GVF_MAXPARTS; i++)
		unlink(files[i]);
	rmdir(dir);
}

void
gvf_start(void)
{
	static int started;
	int i, devnull;

	if (started)
		return;
	if (gv_sig_init() != 0 || mkdtemp(dir) == NULL)
		abort();
	for (i = 0; i < GVF_MAXPARTS; i++)
		snprintf(files[i], sizeof(files[i]), "%s/doc%d.json", dir, i);
	if ((devnull = open("/dev/null", O_WRONLY)) != -1) {
		dup2(devnull, STDOUT_FILENO);
		close(devnull);
	}
	atexit(cleanup);
	started = 1;
}

const char *
gvf_put(int i, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;
	int fd;

	if ((fd = open(files[i], O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
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
	return files[i];
}

void
gvf_check(int rc, const struct gv_err *e, const char *out)
{
	if (rc != GV_OK && rc != GV_INVALID && rc != GV_MALFORMED)
		abort();
	if (rc == GV_OK && strncmp(out, "valid", 5) != 0 && out[0] != '{')
		abort();
	if (rc != GV_OK && (e->code != rc || e->msg[0] == '\0'))
		abort();
}

int
gvf_verify(const char *name, int minparts, int maxparts, const uint8_t *data,
    size_t size)
{
	const struct gv_verify_cmd *cmd = gv_verify_find(name);
	struct gv_err e = { 0, "" };
	const uint8_t *p = data, *end = data + size, *nul;
	char out[4096], *argv[GVF_MAXPARTS + 1];
	int n = 0;

	if (cmd == NULL || maxparts > GVF_MAXPARTS)
		abort();
	gvf_start();
	while (n < maxparts) {
		nul = n + 1 < maxparts ? memchr(p, '\0', (size_t)(end - p)) :
		    NULL;
		argv[n] = (char *)gvf_put(n, p, nul ? (size_t)(nul - p) :
		    (size_t)(end - p));
		n++;
		if (nul == NULL)
			break;
		p = nul + 1;
	}
	if (n < minparts)
		return 0;
	argv[n] = NULL;
	out[0] = '\0';
	gvf_check(cmd->run(n, argv, out, sizeof(out), &e), &e, out);
	return 0;
}

void
gvf_fixture_bidset(struct gv_bidset *bs)
{
	struct gv_err e = { 0, "" };
	json_t *root;

	if (gv_sig_init() != 0 ||
	    gv_json_parse(gvf_fixture, strlen(gvf_fixture), "bidset", &root,
	    &e) != GV_OK || gv_bidset_from_json(root, "bidset", bs, &e) != GV_OK)
		abort();
}
