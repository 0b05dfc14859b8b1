#!/bin/sh
# Cross-check the outsider reference (gavel_ref.py) against gavel's tools.
# GAVEL_BIN overrides the tools' directory (default bin/).
cd "$(dirname "$0")/../.." && exec python3 scripts/outsider/crosscheck.py "$@"
