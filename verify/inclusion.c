/* inclusion.c: gavel-verify inclusion (formats/inclusion-proof.md) */
#include <inttypes.h>
#include <stdio.h>

#include "json.h"
#include "merkle.h"
#include "verify.h"


const char gv_verify_inclusion_summary[] =
"one RFC 6962 Merkle inclusion proof";

const char gv_verify_inclusion_help[] =
"usage: gavel-verify inclusion PROOF.json\n"
"\n"
"Check one Merkle inclusion proof (formats/inclusion-proof.md): the leaf,\n"
"its index and the path of sibling hashes lead to the root of a tree of\n"
"tree_size leaves, hashed as RFC 6962 does (0x00 before a leaf, 0x01\n"
"before an inner node). On success one line \"valid: ...\" on stdout.\n"
"\n"
"options:\n"
"  -h, --help          print this help and exit\n"
"      --list-options  print the options this command parses, one a line\n"
"\n"
"exit status:\n"
"  0  valid: the leaf is in the tree\n"
"  1  well-formed but the path does not lead to the root\n"
"  2  usage error, unreadable or malformed proof\n"
"  3  internal failure\n"
"\n"
"examples:\n"
"  gavel-verify inclusion corpus/valid/inclusion-rfc6962.json\n"
"  gavel-verify inclusion corpus/adversarial/inclusion-wrong-index.json\n";

int
gv_verify_inclusion(int argc, char **argv, char *out, size_t outlen,
    struct gv_err *e)
{
	static const struct gv_json_bound bound = { "an inclusion proof",
		GV_INCLUSION_MAX_VALUES, GV_INCLUSION_MAX_CONTAINERS };
	json_t *doc = NULL;
	int rc;

	(void)argc;
	if ((rc = gv_json_load_bounded(argv[0], GV_INCLUSION_MAX_BYTES,
	    &bound, &doc, e)) != GV_OK ||
	    (rc = gv_inclusion_check(doc, argv[0], e)) != GV_OK)
		goto cleanup;
	snprintf(out, outlen, "valid: leaf %" PRIu64 " is in the tree of "
	    "size %" PRIu64 " with root %s (path of %zu hashes)\n",
	    (uint64_t)json_integer_value(json_object_get(doc, "leaf_index")),
	    (uint64_t)json_integer_value(json_object_get(doc, "tree_size")),
	    json_string_value(json_object_get(doc, "root")),
	    json_array_size(json_object_get(doc, "path")));
cleanup:
	json_decref(doc);
	return rc;
}
