#!/bin/sh
# Install what is missing, build, solve the bundled example epoch and audit the result (README.md).
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
make -j2 all >/dev/null
out=$(mktemp -d)/example-epoch.allocation.json
bin/gavel-solve -o "$out" corpus/valid/example-epoch.json
cat "$out"
bin/gavel-verify allocation corpus/valid/example-epoch.json "$out" >&2
