/* inclusion.c: gavel-verify inclusion (formats/inclusion-proof.md) */
#include <inttypes.h>
#include <stdio.h>

#include "json.h"
#include "merkle.h"
#include "verify.h"

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
