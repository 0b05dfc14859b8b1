/* fuzz_verify_allocation.c: libFuzzer target for gavel-verify allocation's full check path (formats/allocation.md, "Checks") */
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
 * Input: BIDSET NUL ALLOCATION, or just ALLOCATION against the fixed bid
 * set below. Both go through files, as gavel-verify reads them.
 */
/* gavel-gen --rollups 3 --bids 5 --seed 3 --bidders 2, compacted. */
static const char fixture[] =
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
static char fixed[64], bidset[64], alloc[64];

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
	unlink(fixed);
	unlink(bidset);
	unlink(alloc);
	rmdir(dir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int started;
	struct gv_err e = { 0, "" };
	const uint8_t *nul;
	char out[4096], *argv[3];
	int rc;

	if (!started) {
		if (gv_sig_init() != 0 || mkdtemp(dir) == NULL)
			abort();
		snprintf(fixed, sizeof(fixed), "%s/fixed.json", dir);
		snprintf(bidset, sizeof(bidset), "%s/bidset.json", dir);
		snprintf(alloc, sizeof(alloc), "%s/alloc.json", dir);
		put(fixed, fixture, strlen(fixture));
		atexit(cleanup);
		started = 1;
	}
	if ((nul = memchr(data, '\0', size)) != NULL) {
		put(bidset, data, (size_t)(nul - data));
		put(alloc, nul + 1, size - (size_t)(nul - data) - 1);
		argv[0] = bidset;
	} else {
		put(alloc, data, size);
		argv[0] = fixed;
	}
	argv[1] = alloc;
	argv[2] = NULL;
	out[0] = '\0';
	rc = gv_verify_allocation(2, argv, out, sizeof(out), &e);
	if (rc != GV_OK && rc != GV_INVALID && rc != GV_MALFORMED)
		abort();
	if (rc == GV_OK && strncmp(out, "valid: ", 7) != 0)
		abort();
	if (rc != GV_OK && (e.code != rc || e.msg[0] == '\0'))
		abort();
	return 0;
}
