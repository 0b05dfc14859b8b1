#!/bin/sh
# fuzz.sh: build the libFuzzer targets (fuzz/fuzz_*.c) and run each for SECONDS (formats/*.md)
#
# usage: scripts/fuzz.sh [SECONDS [TARGET...]]
# Corpora grow in build/fuzz/corpus/TARGET, seeded from corpus/ and from
# gavel-gen; crashes land in build/fuzz/artifacts/. Two targets run at a
# time. Keep every finding as a regression input in tests/regress/.
set -eu

secs=${1:-60}
[ $# -gt 0 ] && shift
cd "$(dirname "$0")/.."
jobs=${FUZZ_JOBS:-2}
tools=build/fuzz-tools/bin

make -s BUILD=build/fuzz-tools/obj BIN=$tools all >/dev/null
make -s fuzz >/dev/null
mkdir -p build/fuzz/artifacts build/fuzz/logs

seed_common() {	# DIR: small generated bid sets (sh has no locals: no t, c here)
	for s in 1 2 3; do
		$tools/gavel-gen --rollups 3 --bids 6 --seed $s > "$1/gen-$s.json"
		$tools/gavel-gen --rollups 8 --bids 20 --seed $s --scale 20 \
		    > "$1/gen-scale-$s.json"
	done
	$tools/gavel-gen --rollups 2 --bids 1 --seed 9 --xor 0 \
	    > "$1/gen-one.json"
}

seed() {	# TARGET DIR
	fixed=build/fuzz/fixture.json
	$tools/gavel-gen --rollups 3 --bids 5 --seed 3 --bidders 2 > $fixed
	case $1 in
	fuzz_bidset|fuzz_canon|fuzz_lottery)
		seed_common "$2"
		for f in corpus/*/*.json formats/examples/*.json; do
			[ -f "$f" ] && [ "$(wc -c < "$f")" -le 65536 ] &&
			    cp "$f" "$2/$(echo "$f" | tr / _)"
		done
		printf '"0"' > "$2/amount-0"
		printf '115792089237316195423570985008687907853269984665640564039457584007913129639935' \
		    > "$2/amount-max"
		;;
	fuzz_alloc|fuzz_warmstart)
		$tools/gavel-solve -q $fixed > "$2/optimal.json"
		$tools/gavel-solve -q --time-limit 0.001 $fixed \
		    > "$2/short.json"
		;;
	fuzz_verify_allocation)
		$tools/gavel-solve -q $fixed > "$2/optimal.json"
		for s in 1 2; do
			g=build/fuzz/pair-bs.json
			$tools/gavel-gen --rollups 4 --bids 8 --seed $s > $g
			{ cat $g; printf '\0'; $tools/gavel-solve -q $g; } \
			    > "$2/pair-$s"
		done
		;;
	fuzz_verify_certificate)	# TABLE NUL CERT [NUL DOCUMENT]
		for cf in corpus/*/cert-*.cert.json; do
			cb=${cf%.cert.json}
			[ -f "$cb.table.json" ] || continue
			{
				cat "$cb.table.json"; printf '\0'; cat "$cf"
				if [ -f "$cb.doc.json" ]; then
					printf '\0'; cat "$cb.doc.json"
				fi
			} > "$2/$(echo "$cb" | tr / _)"
		done
		;;
	fuzz_lottery_alloc)	# one lottery allocation of corpus/valid/lottery-demo
		for f in corpus/valid/lottery-demo.lottery-allocation.json \
		    corpus/invalid/lottery-alloc-*.json; do
			cp "$f" "$2/$(echo "$f" | tr / _)"
		done
		;;
	fuzz_challenge)	# one challenge document (its fixture epoch is built in-process)
		for f in corpus/*/challenge-*.json; do
			cp "$f" "$2/$(echo "$f" | tr / _)"
		done
		;;
	fuzz_acceptance)	# OPERATOR NUL ACCEPTANCE
		for f in corpus/bidcert/accept-*.json; do
			{ cat corpus/bidcert/operator.json; printf '\0'; cat "$f"; } \
			    > "$2/$(echo "$f" | tr / _)"
		done
		;;
	fuzz_verify_*)
		sub=${1#fuzz_verify_}
		for f in corpus/*/$sub-*.json; do
			[ -f "$f" ] && cp "$f" "$2/$(echo "$f" | tr / _)"
		done
		;;
	esac
	return 0
}

run() {	# TARGET
	t=$1
	c=build/fuzz/corpus/$t
	mkdir -p "$c"
	seed "$t" "$c"
	./build/fuzz/$t -max_total_time="$secs" -max_len=65536 -timeout=30 \
	    -rss_limit_mb=4096 -dict=fuzz/gavel.dict -print_final_stats=1 \
	    -artifact_prefix=build/fuzz/artifacts/$t- "$c" \
	    > build/fuzz/logs/$t.log 2>&1 || true
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
	    build/fuzz/logs/$t.log)
	if ls build/fuzz/artifacts/$t-* >/dev/null 2>&1; then
		res="FINDINGS: $(ls build/fuzz/artifacts/$t-* | tr '\n' ' ')"
	else
		res="no findings"
	fi
	echo "$t: ${runs:-?} executions in ${secs} s, $(ls "$c" | wc -l)" \
	    "corpus files; $res"
}

if [ $# -eq 0 ]; then
	set -- $(cd build/fuzz && ls fuzz_* | grep -v '\.')
fi
i=0
for t in "$@"; do
	run "$t" &
	i=$((i + 1))
	if [ $((i % jobs)) -eq 0 ]; then
		wait
	fi
done
wait
