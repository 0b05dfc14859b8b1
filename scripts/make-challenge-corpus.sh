#!/bin/sh
# Regenerate the finder's-fee challenge corpus (formats/challenge.md, formats/settlement.md):
# corpus/valid/challenge-epoch.*, corpus/adversarial/challenge-*.
#
# usage: scripts/make-challenge-corpus.sh       (run "make" first; GAVEL_BIN overrides bin/)
#
# Deterministic: gavel-gen's epoch, the greedy published allocation, fixed
# salts, the public example key formats/examples/key-demo.json and a second
# public key derived here, gavel-chain's test validators, and Ed25519's
# deterministic signatures. Needs python3 with the "cryptography" module.
set -eu
cd "$(dirname "$0")/.."
bin=${GAVEL_BIN:-bin}
v=corpus/valid
a=corpus/adversarial
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp formats/examples/key-demo.json "$tmp/a.key"
chmod 600 "$tmp/a.key"

# The epoch, as a gavel.bidset.v2; the published allocation is the greedy one.
"$bin/gavel-gen" --rollups 12 --bids 60 --seed 19 --epoch 80 --marketplace example > "$tmp/v1.json"
python3 scripts/challenge_corpus.py epoch "$tmp/v1.json" "$v/challenge-epoch.json" "$v/challenge-epoch.weak.json"
"$bin/gavel-verify" allocation "$v/challenge-epoch.json" "$v/challenge-epoch.weak.json" >/dev/null
"$bin/gavel-solve" -q -o "$v/challenge-epoch.allocation.json" "$v/challenge-epoch.json"

# The challenger's flow: commit, a certified block, reveal.
"$bin/gavel-solve" -q --against "$v/challenge-epoch.weak.json" --key "$tmp/a.key" --commit \
	--salt 00000000000000000000000000000000000000000000000000000000000000a1 \
	-o "$tmp/draft.json" "$v/challenge-epoch.json"
"$bin/gavel-chain" "$v/challenge-epoch.json" 80003 r000-arb "$tmp" "$tmp/draft.json"
cp "$tmp/table.json" "$v/challenge-epoch.table.json"
"$bin/gavel-solve" -q --against "$v/challenge-epoch.weak.json" --key "$tmp/a.key" \
	--reveal "$tmp/draft.json" --order "$tmp/order-0.json" --stake-table "$v/challenge-epoch.table.json" \
	-o "$v/challenge-epoch.challenge.json" "$v/challenge-epoch.json"

# The valid challenge's expected report.
{ echo 0; "$bin/gavel-verify" challenge --stake-table "$v/challenge-epoch.table.json" \
	"$v/challenge-epoch.json" "$v/challenge-epoch.weak.json" "$v/challenge-epoch.challenge.json"; } \
	> "$v/challenge-epoch.challenge.expect"

# Tampered challenges, each re-signed where the tampering would otherwise be
# caught by the signature first (see scripts/challenge_corpus.py).
mkdir -p "$tmp/other"
"$bin/gavel-chain" "$v/challenge-epoch.json" 80004 r001-arb "$tmp/other" \
	00000000000000000000000000000000000000000000000000000000000000c3 "$tmp/draft.json"
python3 scripts/challenge_corpus.py tamper "$v" "$a" "$tmp"
# The examples of formats/challenge.md and formats/settlement.md.
cp "$v/challenge-epoch.challenge.json" formats/examples/challenge-demo.json
"$bin/gavel-verify" settle --stake-table "$v/challenge-epoch.table.json" -o formats/examples/settlement-demo.json \
	"$v/challenge-epoch.json" "$v/challenge-epoch.weak.json" "$v/challenge-epoch.challenge.json" \
	"$a/challenge-sig-flipped.json" 2>/dev/null >/dev/null
# The stake-table chain to the epoch's table, corpus/trust/challenge-epoch.*
# (gavel-trustgen writes the whole trust corpus; the rest of it is unchanged).
"$bin/gavel-trustgen" corpus
echo "make-challenge-corpus: done"
