#!/bin/sh
# Install what gavel needs to build and test on Debian 12; does nothing when all is there.
# --bench: also CBC, a peer solver of scripts/bench-solve (glpsol is a test dependency).
set -eu
pkgs="build-essential pkg-config clang libglpk-dev libjansson-dev libgmp-dev libsodium-dev libcriterion-dev time groff-base"
# Operations: gnuplot for the plot scripts, glpsol to cross-check exported
# programs, GNU parallel for solve-epochs and verify-epochs, python3 for
# plot-allocation.
pkgs="$pkgs gnuplot-nox glpk-utils parallel python3"
if [ "${1:-}" = "--bench" ]; then
	pkgs="$pkgs coinor-cbc"
fi
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
echo "install-deps: installing$missing" >&2
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2
