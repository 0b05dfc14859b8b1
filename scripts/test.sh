#!/bin/sh
# Install what is missing, build, and run the whole test suite (README.md, "Test").
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
make -j2 check
# The same suite with AddressSanitizer and UndefinedBehaviorSanitizer (build/san): about 90 s.
make -j2 SANITIZE=address,undefined check
