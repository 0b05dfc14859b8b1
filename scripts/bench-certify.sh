#!/bin/sh
# bench-certify.sh: how often a bound certificate proves optimality or the gap, its size, and the time to produce and check it (formats/bound-certificate.md)
#
# usage: scripts/bench-certify.sh [EPOCHS_PER_FAMILY [TIME_LIMIT_SECS]]   (default 5 and 10)
#   GAVEL_BIN  the tools (default bin; run "make" first)
# Not a test: one line per family of generated epochs (bin/gavel-gen options).
# Columns: epochs; certificates that verify; solver "optimal"; optimality
# proven by the certificate; mean gap the solver claims; mean certified gap; mean certificate bytes;
# mean and max ms to produce it (inside gavel-solve); mean ms to check it
# (gavel-verify with the certificate minus without, both run on the same
# files, signatures included in both).
set -eu
n=${1:-5}
limit=${2:-10}
cd "$(dirname "$0")/.."
bin=${GAVEL_BIN:-bin}
dir=build/bench-certify
mkdir -p $dir

ms() {	# milliseconds since the epoch
	date +%s%3N
}

printf '%-14s %6s %8s %8s %8s %9s %9s %8s %9s %8s %8s\n' family epochs verified \
    solv_opt cert_opt solv_gap cert_gap bytes make_ms max_ms check_ms
for fam in "eco-30x300:--rollups 30 --bids 300" \
    "eco-wei:--rollups 30 --bids 300 --scale 24" \
    "eco-64x2000:--rollups 64 --bids 2000" \
    "wide-32x400:--rollups 32 --bids 400 --max-bundle 8 --xor 50" \
    "dense-16x300:--rollups 16 --bids 300 --max-bundle 6" \
    "eco-128x8000:--rollups 128 --bids 8000"; do
	name=${fam%%:*}
	opts=${fam#*:}
	: > $dir/$name.rows
	s=1
	while [ "$s" -le "$n" ]; do
		f=$dir/$name-$s
		# shellcheck disable=SC2086
		[ -s "$f.json" ] || $bin/gavel-gen $opts --seed "$s" > "$f.json"
		$bin/gavel-solve --no-verify-sigs -t "$limit" -o "$f.alloc.json" \
		    --certify "$f.cert.json" "$f.json" 2> "$f.log"
		make_ms=$(sed -n 's/.*bound certificate: .*; \([0-9]*\) ms$/\1/p' "$f.log")
		st=$(sed -n 's/.*"status": "\([a-z]*\)".*/\1/p' "$f.alloc.json")
		sgap=$(sed -n 's/.*"gap": "\([0-9.]*\)".*/\1/p' "$f.alloc.json")
		# the fastest of three runs each way: signatures dominate both
		plain=999999
		with=999999
		for k in 1 2 3; do
			t0=$(ms)
			$bin/gavel-verify allocation "$f.json" "$f.alloc.json" > /dev/null
			t1=$(ms)
			if out=$($bin/gavel-verify allocation "$f.json" "$f.alloc.json" \
			    --bound-certificate "$f.cert.json"); then ok=1; else ok=0; fi
			t2=$(ms)
			[ $((t1 - t0)) -lt $plain ] && plain=$((t1 - t0))
			[ $((t2 - t1)) -lt $with ] && with=$((t2 - t1))
		done
		case $out in
		*"optimal (proven"*) copt=1; gap=0 ;;
		*) copt=0; gap=$(echo "$out" | sed -n 's/.*gap \([0-9.]*\)$/\1/p') ;;
		esac
		echo "$ok $([ "$st" = optimal ] && echo 1 || echo 0) $copt ${gap:-0} \
		    $(wc -c < "$f.cert.json") ${make_ms:-0} $((with - plain)) $sgap" \
		    >> $dir/$name.rows
		s=$((s + 1))
	done
	awk -v name="$name" '{ e++; v += $1; so += $2; co += $3; g += $4; b += $5;
	    m += $6; if ($6 > mx) mx = $6; c += $7; sg += $8 }
	    END { printf "%-14s %6d %8d %8d %8d %9.6f %9.6f %8d %9d %8d %8d\n", name, e,
	    v, so, co, sg / e, g / e, b / e, m / e, mx, c / e }' $dir/$name.rows
done
