#!/bin/sh
# bench.sh: gavel-solve time, peak memory and search outcome on generated epochs of growing size (formats/allocation.md)
#
# usage: scripts/bench.sh [TIME_LIMIT_SECS]   (default 30)
# Not a test: prints one line per epoch. Needs /usr/bin/time (GNU).
set -eu

limit=${1:-30}
cd "$(dirname "$0")/.."
bin=build/bench/bin
dir=build/bench/epochs
make -s BUILD=build/bench/obj BIN=$bin all >/dev/null
mkdir -p $dir

printf '%-11s %9s %8s %9s %10s %-9s %-11s %s\n' epoch bytes gen_s \
    solve_s peak_rss status stop gap
for size in 30/300 64/2000 128/8000 256/20000 1024/65536; do
	r=${size%/*}
	b=${size#*/}
	f=$dir/e$r-$b.json
	gen=cached
	if [ ! -s "$f" ]; then
		t0=$(date +%s.%N)
		$bin/gavel-gen --rollups "$r" --bids "$b" --seed 1 > "$f.tmp"
		mv "$f.tmp" "$f"
		gen=$(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")
	fi
	/usr/bin/time -v $bin/gavel-solve --time-limit "$limit" \
	    -o $dir/e$r-$b.alloc.json "$f" 2> $dir/e$r-$b.log || true
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' \
	    $dir/e$r-$b.log)
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' \
	    $dir/e$r-$b.log)
	status=$(sed -n 's/.*"status": "\([a-z]*\)".*/\1/p' \
	    $dir/e$r-$b.alloc.json)
	stop=$(sed -n 's/.*"stop": "\([a-z-]*\)".*/\1/p' \
	    $dir/e$r-$b.alloc.json)
	gap=$(sed -n 's/.*"gap": "\([0-9.]*\)".*/\1/p' \
	    $dir/e$r-$b.alloc.json)
	printf '%-11s %9s %8s %9s %7s MB %-9s %-11s %s\n' "$r/$b" \
	    "$(wc -c < "$f")" "$gen" "$wall" \
	    "$((rss / 1024))" "${status:-?}" "${stop:-?}" "${gap:-?}"
done
