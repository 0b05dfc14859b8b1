#!/bin/sh
# Install what is missing, build, and run the whole test suite (README.md, "Test").
#
# In a git checkout the suite runs in a copy of the repository's files (tracked
# and new, not ignored) in a fresh directory with nothing beside it, so that a
# test reading anything outside the repository (../shared/ on CI, say) fails
# here as it would on a bare clone. GAVEL_TEST_INPLACE=1 runs where it stands.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
if [ -z "${GAVEL_TEST_INPLACE:-}" ] && [ -d .git -o -f .git ] &&
    git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	iso=$(mktemp -d "${TMPDIR:-/tmp}/gavel-test.XXXXXX")
	mkdir "$iso/gavel"
	git ls-files -z --cached --others --exclude-standard |
	    xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done; exit 0' sh |
	    tar --null -T - -cf - | tar -C "$iso/gavel" -xf -
	echo "test.sh: running in $iso/gavel, a copy with nothing beside it" >&2
	if GAVEL_TEST_INPLACE=1 GAVEL_TEST_ISOLATED=1 sh "$iso/gavel/scripts/test.sh"; then
		rm -rf "$iso"
		exit 0
	fi
	echo "test.sh: FAILED; the copy is kept in $iso/gavel" >&2
	exit 1
fi
make -j2 check
# The same suite with AddressSanitizer and UndefinedBehaviorSanitizer (build/san): about 90 s.
make -j2 SANITIZE=address,undefined check
