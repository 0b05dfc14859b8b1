#!/bin/sh
# Regenerate the bid set and allocation corpus (formats/bidset.md, formats/allocation.md): corpus/valid, corpus/invalid/{bidset,allocation}-*, corpus/bench.
#
# usage: scripts/make-corpus.sh [--bench]
#   GAVEL_BIN  the tools to use (default bin; run "make" first)
#   --bench    also write the large benchmark epochs (tens of MB, not committed)
#
# Everything is deterministic: gavel-gen output follows from its options,
# the hand-made epochs are signed with keys derived from fixed labels (public
# knowledge, fixtures only) and Ed25519 signatures are deterministic. The
# hand-made files need python3 with the "cryptography" module.
set -eu
cd "$(dirname "$0")/.."
bin=${GAVEL_BIN:-bin}
bench=0
[ "${1:-}" = "--bench" ] && bench=1
for t in gavel-gen gavel-solve gavel-verify; do
	[ -x "$bin/$t" ] || { echo "make-corpus: $bin/$t missing: run make" >&2; exit 2; }
done
mkdir -p corpus/valid corpus/invalid corpus/bench

gen() {	# gen FILE gavel-gen-options...
	f=$1
	shift
	"$bin/gavel-gen" "$@" >"$f"
}

solve() {	# solve corpus/valid/NAME: NAME.json -> NAME.allocation.json, then audit it
	"$bin/gavel-solve" -q -o "$1.allocation.json" "$1.json"
	"$bin/gavel-verify" allocation "$1.json" "$1.allocation.json" >/dev/null
}

# Generated epochs: realistic size, wei-size amounts, small enough to read.
gen corpus/valid/example-epoch.json --rollups 30 --bids 300 --seed 1 --epoch 1 --marketplace example
gen corpus/valid/wei-epoch.json --rollups 30 --bids 300 --seed 2 --epoch 2 --marketplace example --scale 24
gen corpus/valid/small-epoch.json --rollups 4 --bids 8 --seed 3 --epoch 3 --marketplace example --max-bundle 3 --xor 50
gen corpus/valid/zero-reserve-epoch.json --rollups 5 --bids 12 --seed 4 --epoch 4 --marketplace example --zero-reserves 100

# Hand-made epochs (expected allocations worked out in tests/test_cli.c) and
# the invalid bid sets and allocations derived from them.
python3 - <<'PY'
import hashlib, json
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

def canon(v):
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

def digest(kind, mkt, epoch, v):
    pre = b"gavel.v1\0" + kind.encode() + b"\0" + mkt.encode() + b"\0" + epoch.to_bytes(8, "big")
    return hashlib.sha256(pre + canon(v).encode()).digest()

def key(i):
    seed = hashlib.sha256(b"gavel-corpus/hand\0" + i.to_bytes(8, "big")).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)

def pk_hex(k):
    from cryptography.hazmat.primitives import serialization as s
    return k.public_key().public_bytes(s.Encoding.Raw, s.PublicFormat.Raw).hex()

def bidset(mkt, epoch, rollups, bids):
    doc = {"format": "gavel.bidset.v1", "marketplace": mkt, "epoch": epoch,
           "slots": {"first": epoch * 100, "count": 100}, "mode": "auction",
           "finder_fee": {"bps": 500, "min_improvement": "1"},
           "rollups": [{"id": r, "reserve": res} for r, res in rollups], "bids": []}
    for i, (bid, bundle, amount, xor) in enumerate(bids):
        k = key(i)
        b = {"id": bid, "bidder": pk_hex(k), "bundle": bundle, "amount": amount}
        if xor:
            b["xor"] = xor
        b["sig"] = k.sign(digest("bid", mkt, epoch, b)).hex()
        doc["bids"].append(b)
    return doc

def resign(doc, i):
    b = doc["bids"][i]
    del b["sig"]
    b["sig"] = key(i).sign(digest("bid", doc["marketplace"], doc["epoch"], b)).hex()

def write(path, doc):
    with open(path, "w") as f:
        f.write(json.dumps(doc, indent=2) + "\n")

def write_text(path, text):
    with open(path, "wb" if isinstance(text, bytes) else "w") as f:
        f.write(text)

# b1+b6 beats b2+b3+b6 and b2+b3+b4; b1 and b4 share XOR group "alice"; b5 is below its reserve.
hand = bidset("hand", 5,
    [("arb-one", "100"), ("arb-two", "50"), ("base-one", "0"), ("op-one", "30")],
    [("b1", ["arb-one", "arb-two"], "200", "alice"),
     ("b2", ["arb-one"], "120", None),
     ("b3", ["arb-two"], "70", None),
     ("b4", ["base-one"], "25", "alice"),
     ("b5", ["op-one"], "20", None),
     ("b6", ["base-one", "op-one"], "60", None)])
write("corpus/valid/hand-epoch.json", hand)

# Ties: r (one winner) over p+q; s over t (same amount, smaller id); u dominated by r.
ties = bidset("hand", 6,
    [("a", "0"), ("b", "0"), ("c", "0")],
    [("p", ["a"], "5", None), ("q", ["b"], "5", None), ("r", ["a", "b"], "10", None),
     ("s", ["c"], "3", "g"), ("t", ["c"], "3", "h"), ("u", ["a", "b"], "10", None)])
write("corpus/valid/hand-ties.json", ties)

inv = "corpus/invalid/"
def bad(name, doc, code, msg, text=None):
    path = inv + "bidset-" + name + ".json"
    write_text(path, text if text is not None else json.dumps(doc, indent=2) + "\n")
    write_text(inv + "bidset-" + name + ".expect", "%d\ngavel-solve: %s: %s\n" % (code, path, msg))

def mut(f):
    d = json.loads(json.dumps(hand))
    f(d)
    return d

NOTDEC = "amount is not a decimal integer (digits only: no sign, point, exponent or space)"
text = json.dumps(hand, indent=2)
bad("truncated", None, 2, "line 20, column 8: premature end of input near '\"i'", text=text[:300])
bad("empty", None, 2, "line 1, column 0: '[' or '{' expected near end of file", text="")
bad("syntax", None, 2, "line 5, column 9: '}' expected near '\"slots\"'", text=text.replace('"epoch": 5,', '"epoch": 5', 1))
bad("dup-key", None, 2, "line 5, column 9: duplicate object key near '\"epoch\"'", text=text.replace('"epoch": 5,', '"epoch": 5,\n  "epoch": 5,', 1))
bad("top-array", None, 2, "top level is not an object", text="[]\n")
bad("epoch-negative", mut(lambda d: d.update(epoch=-1)), 2,
    "epoch: must be between 0 and 9007199254740991")
bad("epoch-real", None, 2, "epoch: must be an integer (no fraction or exponent)",
    text=text.replace('"epoch": 5,', '"epoch": 5.0,', 1))
bad("epoch-2-64", None, 2, "line 4, column 31: too big integer near '18446744073709551616'",
    text=text.replace('"epoch": 5,', '"epoch": 18446744073709551616,', 1))
bad("nul-escape", None, 2, "line 3, column 29: \\x5cu0000 is not allowed without JSON_ALLOW_NUL near '\"ha\\x5cu0000nd\"'", text=text.replace('"hand"', '"ha\\u0000nd"', 1))
bad("bad-utf8", None, 2, "line 3, column 20: unable to decode byte 0xff near '\"ha'", text=text.replace('"hand"', '"ha\xffnd"', 1).encode("latin-1"))
bad("format-v2", mut(lambda d: d.update(format="gavel.bidset.v2")), 2,
    'finder_fee.cap: missing')
bad("format-v9", mut(lambda d: d.update(format="gavel.bidset.v9")), 2,
    'format: unsupported format "gavel.bidset.v9", expected "gavel.bidset.v1", "gavel.bidset.v2" or "gavel.bidset.v3"')
bad("format-v3", mut(lambda d: d.update(format="gavel.bidset.v3")), 2,
    'finder_fee.cap: missing')
def v2(d, **kw):
    d["format"] = "gavel.bidset.v2"
    d["finder_fee"].update(cap="100", window=1)
    d["finder_fee"].update(kw)
bad("v2-window-0", mut(lambda d: v2(d, window=0)), 2,
    'finder_fee.window: must be between 1 and slots.count (100)')
bad("v2-window-past", mut(lambda d: v2(d, window=101)), 2,
    'finder_fee.window: must be between 1 and slots.count (100)')
bad("v2-cap-number", mut(lambda d: v2(d, cap=5)), 2,
    'finder_fee.cap: amount must be a decimal string, not a JSON number')
bad("v2-lottery", mut(lambda d: (v2(d), d.update(mode="lottery"))), 2,
    'mode: mode "lottery" is reserved for a later version of this format')
bad("v1-cap", mut(lambda d: d["finder_fee"].update(cap="1")), 2,
    'finder_fee: unknown key "cap"')
bad("unknown-key", mut(lambda d: d.update(note="hi")), 2, 'unknown key "note"')
bad("missing-bids", mut(lambda d: d.pop("bids")), 2, "bids: missing")
bad("lottery", mut(lambda d: d.update(mode="lottery")), 2,
    'mode: mode "lottery" is reserved for a later version of this format')
bad("mode-unknown", mut(lambda d: d.update(mode="dutch")), 2,
    'mode: unknown mode "dutch", expected "auction"')
bad("epoch-string", mut(lambda d: d.update(epoch="5")), 2,
    "epoch: must be an integer (no fraction or exponent)")
bad("epoch-2-53", mut(lambda d: d.update(epoch=2**53)), 2,
    "epoch: must be between 0 and 9007199254740991")
bad("finder-bps", mut(lambda d: d["finder_fee"].update(bps=10001)), 2,
    "finder_fee.bps: must be between 0 and 10000")
bad("marketplace-upper", mut(lambda d: d.update(marketplace="Hand")), 2,
    'marketplace: bad identifier "Hand": only [a-z0-9] then [a-z0-9._-] are allowed')
bad("rollup-dup", mut(lambda d: d["rollups"].insert(1, {"id": "arb-one", "reserve": "1"})), 2,
    'rollups[1]: duplicate rollup "arb-one"')
bad("rollup-order", mut(lambda d: d["rollups"].reverse()), 2,
    'rollups[1]: rollup "base-one" is out of order: rollups must be sorted by id in ascending byte order')
bad("rollup-id-long", mut(lambda d: d["rollups"].append({"id": "z" * 65, "reserve": "0"})), 2,
    "rollups[4].id: identifier must be 1 to 64 bytes, got 65")
bad("bid-dup", mut(lambda d: d["bids"].insert(1, dict(d["bids"][0]))), 2,
    'bids[1]: duplicate bid "b1"')
bad("bid-order", mut(lambda d: d["bids"].reverse()), 2,
    'bids[1]: bid "b5" is out of order: bids must be sorted by id in ascending byte order')
bad("bundle-unknown", mut(lambda d: d["bids"][0].update(bundle=["arb-one", "arb-three"])), 2,
    'bids[0].bundle[1]: unknown rollup "arb-three"')
bad("bundle-empty", mut(lambda d: d["bids"][0].update(bundle=[])), 2,
    "bids[0].bundle: empty bundle")
bad("bundle-repeat", mut(lambda d: d["bids"][0].update(bundle=["arb-one", "arb-one"])), 2,
    'bids[0].bundle[1]: rollup "arb-one" repeated in the bundle')
bad("bundle-order", mut(lambda d: d["bids"][0].update(bundle=["arb-two", "arb-one"])), 2,
    'bids[0].bundle[1]: rollup "arb-one" is out of order: a bundle must be sorted in ascending byte order')
def over_limit(d):
    d["rollups"] = [{"id": "r%02d" % i, "reserve": "0"} for i in range(65)]
    d["bids"] = [dict(d["bids"][0], bundle=["r%02d" % i for i in range(65)])]
bad("bundle-65", mut(over_limit), 2, "bids[0].bundle: 65 rollups in one bundle, the limit is 64")
for name, amt, msg in [
        ("amount-negative", "-200", NOTDEC),
        ("amount-fraction", "200.5", NOTDEC),
        ("amount-exponent", "2e2", NOTDEC),
        ("amount-space", " 200", NOTDEC),
        ("amount-leading-zero", "0200", "amount has a leading zero"),
        ("amount-empty", "", "empty amount"),
        ("amount-79-digits", "1" + "0" * 78, "amount has 79 digits, the limit is 78"),
        ("amount-2-256", str(2**256), "amount is 2^256 or more"),
        ("amount-number", 200, "amount must be a decimal string, not a JSON number")]:
    bad(name, mut(lambda d: d["bids"][1].update(amount=amt)), 2, "bids[1].amount: " + msg)
bad("reserve-negative", mut(lambda d: d["rollups"][0].update(reserve="-1")), 2,
    "rollups[0].reserve: " + NOTDEC)
bad("bidder-hex", mut(lambda d: d["bids"][0].update(bidder=d["bids"][0]["bidder"].upper())), 2,
    "bids[0].bidder: bad hex: only the digits 0-9 and a-f (lowercase) are allowed")
bad("bidder-length", mut(lambda d: d["bids"][0].update(bidder=d["bids"][0]["bidder"][:62])), 2,
    "bids[0].bidder: must be 64 hex digits (32 bytes), got 62 characters")
bad("sig-length", mut(lambda d: d["bids"][2].update(sig=d["bids"][2]["sig"] + "00")), 2,
    "bids[2].sig: must be 128 hex digits (64 bytes), got 130 characters")
bad("xor-bad-id", mut(lambda d: d["bids"][0].update(xor="Alice")), 2,
    'bids[0].xor: bad identifier "Alice": only [a-z0-9] then [a-z0-9._-] are allowed')
# Well-formed but not signed as it stands: exit 1.
bad("sig-amount-edited", mut(lambda d: d["bids"][1].update(amount="121")), 1,
    'bids[1].sig: signature of bid "b2" does not verify')
bad("sig-other-epoch", mut(lambda d: d.update(epoch=6)), 1,
    'bids[0].sig: signature of bid "b1" does not verify')
def swap_sig(d):
    d["bids"][3]["sig"], d["bids"][4]["sig"] = d["bids"][4]["sig"], d["bids"][3]["sig"]
bad("sig-swapped", mut(swap_sig), 1, 'bids[3].sig: signature of bid "b4" does not verify')
PY

solve corpus/valid/example-epoch
solve corpus/valid/wei-epoch
solve corpus/valid/small-epoch
solve corpus/valid/zero-reserve-epoch
solve corpus/valid/hand-epoch
solve corpus/valid/hand-ties

# Invalid allocations: the hand epoch's allocation, each with one thing wrong.
python3 - <<'PY'
import json
base = json.load(open("corpus/valid/hand-epoch.allocation.json"))
bs = json.load(open("corpus/valid/hand-epoch.json"))
bids = {b["id"]: b for b in bs["bids"]}
inv = "corpus/invalid/"

def win(bid):
    b = bids[bid]
    return {"bid": bid, "bidder": b["bidder"], "bundle": b["bundle"], "pays": b["amount"]}

def bad(name, f, code, path, msg, bidset="corpus/valid/hand-epoch.json"):
    d = json.loads(json.dumps(base))
    f(d)
    file = inv + "allocation-" + name + ".json"
    with open(file, "w") as o:
        o.write(json.dumps(d, indent=2) + "\n")
    with open(inv + "allocation-" + name + ".expect", "w") as o:
        o.write("%d\ngavel-verify: %s: %s%s\n%s\n" % (code, file, path + ": " if path else "", msg, bidset))

def search(d, **kw):
    d["search"].update(kw)

bad("other-epoch", lambda d: d.update(epoch=6), 1, "epoch",
    "allocation is for epoch 6, the bid set for epoch 5")
bad("other-marketplace", lambda d: d.update(marketplace="other"), 1, "marketplace",
    'allocation is for marketplace "other", the bid set for "hand"')
bad("digest", lambda d: d.update(bidset=("0" if d["bidset"][0] != "0" else "1") + d["bidset"][1:]), 1,
    "bidset", "digest does not match the bid set")
# A validly signed bid set of the same marketplace and epoch, less bid b5.
other = json.loads(json.dumps(bs))
del other["bids"][4]
with open(inv + "allocation-other-bidset.bidset.json", "w") as o:
    o.write(json.dumps(other, indent=2) + "\n")
bad("other-bidset", lambda d: None, 1, "bidset", "digest does not match the bid set",
    bidset=inv + "allocation-other-bidset.bidset.json")
bad("format", lambda d: d.update(format="gavel.allocation.v2"), 2, "format",
    'unsupported format "gavel.allocation.v2", expected "gavel.allocation.v1"')
bad("slots", lambda d: d["slots"].update(count=99), 1, "slots",
    "differ from the slots of the bid set")
bad("overlap", lambda d: d["winners"].insert(1, win("b2")), 1, "winners[1]",
    'bid "b2" overlaps bid "b1" on rollup "arb-one"')
bad("xor-twice", lambda d: d["winners"].__setitem__(1, win("b4")), 1, "winners[1]",
    'bid "b4" and bid "b1" are both in XOR group "alice"')
bad("below-reserve", lambda d: d.update(winners=[win("b5")]), 1, "winners[0]",
    'bid "b5" is below the sum of the reserves of its bundle')
bad("unknown-bid", lambda d: d["winners"][1].update(bid="b9"), 1, "winners[1]",
    'unknown bid "b9"')
bad("wins-twice", lambda d: d["winners"].insert(1, win("b1")), 1, "winners[1]",
    'bid "b1" wins twice')
bad("winner-order", lambda d: d["winners"].reverse(), 2, "winners[1]",
    'winner "b1" is out of order: winners must be sorted by bid id')
bad("wrong-bidder", lambda d: d["winners"][0].update(bidder=bids["b2"]["bidder"]), 1,
    "winners[0].bidder", 'is not the bidder of bid "b1"')
bad("wrong-bundle", lambda d: d["winners"][0].update(bundle=["arb-one"]), 1,
    "winners[0].bundle", 'differs from the bundle of bid "b1"')
bad("wrong-payment", lambda d: d["winners"][0].update(pays="199"), 1, "winners[0].pays",
    'payment differs from the amount of bid "b1" (first price: a winner pays its bid)')
bad("unsold-extra", lambda d: d.update(unsold=["arb-one"]), 1, "unsold[0]",
    "lists a rollup that is sold or unknown")
bad("wrong-receipt", lambda d: d["rollups"][0].update(receives="134"), 1,
    "rollups[0].receives", "rollup arb-one should receive 133")
bad("receipts-swapped", lambda d: (d["rollups"][0].update(receives="67"), d["rollups"][1].update(receives="133")), 1,
    "rollups[0].receives", "rollup arb-one should receive 133")
bad("wrong-value", lambda d: d.update(value="261"), 1, "value",
    "is not the value of the allocation, which is 260")
bad("bound-below-value", lambda d: search(d, bound="259"), 1, "search.bound",
    "is below the value of the allocation")
bad("optimal-bound-above", lambda d: search(d, bound="261"), 1, "search.bound",
    "status is optimal but the bound is above the value")
bad("wrong-gap", lambda d: search(d, status="feasible", bound="261"), 1, "search.gap",
    'is "0.000000000", (bound - value) / bound rounded up is "0.003831418"')
bad("optimal-time-limit", lambda d: search(d, stop="time-limit", time_limit_ms=1000, time_used_ms=1000), 1,
    "search.status", "status is optimal but the search did not complete")
bad("amount-number", lambda d: d.update(value=260), 2, "value",
    "amount must be a decimal string, not a JSON number")

# One addable bid refutes "optimal" and any bound below value + its net (check 12).
def gap(bound, value):
    g = -(-(bound - value) * 10**9 // bound)
    return "%d.%09d" % (g // 10**9, g % 10**9)

def only(d, winners, receives, value, **kw):
    d.update(winners=[win(b) for b in winners], value=value,
             unsold=[r["id"] for r in bs["rollups"] if r["id"] not in receives])
    for r in d["rollups"]:
        r["receives"] = receives.get(r["id"], "0")
    d["search"].update(kw)

bad("optimal-refuted", lambda d: only(d, [], {}, "180", bound="180"), 1, "search.status",
    'status is optimal but bid "b1" can be added as it is (its rollups unsold, its XOR group unused), '
    'which makes the value 230')
bad("optimal-refuted-xor", lambda d: only(d, ["b4"], {"base-one": "25"}, "205", bound="205"), 1,
    "search.status", 'status is optimal but bid "b2" can be added as it is (its rollups unsold, its XOR '
    'group unused), which makes the value 225')
bad("bound-refuted", lambda d: only(d, [], {}, "180", status="feasible", stop="time-limit",
    time_limit_ms=1000, time_used_ms=1000, bound="229", gap=gap(229, 180)), 1, "search.bound",
    'is below 230, the value with bid "b1" added as it is (its rollups unsold, its XOR group unused)')
PY

# Benchmarks: one committed (about 2 MB), the big ones only on request.
gen corpus/bench/bench-64x5000.json --rollups 64 --bids 5000 --seed 11 --epoch 11 --marketplace bench --max-bundle 6
if [ "$bench" = 1 ]; then
	gen corpus/bench/bench-256x20000.json --rollups 256 --bids 20000 --seed 12 --epoch 12 --marketplace bench --max-bundle 8
	gen corpus/bench/bench-1024x65536.json --rollups 1024 --bids 65536 --seed 13 --epoch 13 --marketplace bench --max-bundle 8
	gen corpus/bench/bench-wei-256x20000.json --rollups 256 --bids 20000 --seed 14 --epoch 14 --marketplace bench --max-bundle 8 --scale 24
fi
echo "make-corpus: done" >&2
