#!/bin/sh
# bench-certificates.sh: time gavel-verify certificate against raw libsodium verification (formats/certificate.md)
#
# Builds into build/bench-cert, generates certificates of 100, 1,000 and
# 10,000 signers (all sign, equal stakes) with gavel-certgen, times
# `gavel-verify certificate --threads 1` and `--threads 2` (best of RUNS),
# and compares with the raw cost of as many crypto_sign_verify_detached
# calls on one core (gavel-certgen --bench-raw N). Not a test.
set -eu
cd "$(dirname "$0")/.."
BUILD=build/bench-cert
BIN=$BUILD/bin
RUNS=${RUNS:-5}
SIZES=${SIZES:-"100 1000 10000"}
make -s BUILD=$BUILD BIN=$BIN "$BIN/gavel-verify" "$BIN/gavel-certgen" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# best wall time in seconds of RUNS runs of "$@"
best() {
	b=
	i=0
	while [ $i -lt "$RUNS" ]; do
		s=$(date +%s.%N)
		"$@" >/dev/null
		e=$(date +%s.%N)
		t=$(echo "$e - $s" | bc -l)
		if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then
			b=$t
		fi
		i=$((i + 1))
	done
	echo "$b"
}

echo "cores: $(getconf _NPROCESSORS_ONLN); best of $RUNS runs"
printf '%8s %10s %10s %10s %10s %10s %9s\n' signers raw_s t1_s t2_s \
    overhead1 overhead2 speedup
for n in $SIZES; do
	"$BIN/gavel-certgen" bench "$n" "$tmp/$n"
	raw=$("$BIN/gavel-certgen" --bench-raw "$n" |
	    sed -n 's/.* in \([0-9.]*\) s.*/\1/p')
	t1=$(best "$BIN/gavel-verify" certificate --threads 1 \
	    "$tmp/$n/table.json" "$tmp/$n/cert.json")
	t2=$(best "$BIN/gavel-verify" certificate --threads 2 \
	    "$tmp/$n/table.json" "$tmp/$n/cert.json")
	o1=$(echo "($t1 - $raw) * 100 / $raw" | bc -l)
	o2=$(echo "($t2 - $raw / 2) * 100 / ($raw / 2)" | bc -l)
	sp=$(echo "$t1 / $t2" | bc -l)
	printf '%8d %10.4f %10.4f %10.4f %9.1f%% %9.1f%% %8.2fx\n' "$n" \
	    "$raw" "$t1" "$t2" "$o1" "$o2" "$sp"
done
echo "overhead1: (threads 1 - raw) / raw; overhead2: against raw/2, the"
echo "ideal for two cores. Times include process start, parsing, digests."
