#!/bin/sh
# Regenerate the bound certificate corpus (formats/bound-certificate.md): corpus/valid/*.bound-certificate.json, corpus/valid/{clique,odd-cycle}-epoch.*, corpus/invalid/boundcert-*.
#
# usage: scripts/make-boundcert-corpus.sh
#   GAVEL_BIN  the tools to use (default bin; run "make" first)
#
# Deterministic: the two hand-made epochs are signed with keys derived from
# fixed labels (public knowledge, fixtures only; needs python3 with the
# "cryptography" module), and gavel-solve gives the same bytes on every run.
set -eu
cd "$(dirname "$0")/.."
bin=${GAVEL_BIN:-bin}
for t in gavel-solve gavel-verify; do
	[ -x "$bin/$t" ] || { echo "make-boundcert-corpus: $bin/$t missing: run make" >&2; exit 2; }
done

python3 - <<'PY'
import hashlib, json
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization as s

def canon(v):
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

def digest(kind, mkt, epoch, v):
    pre = b"gavel.v1\0" + kind.encode() + b"\0" + mkt.encode() + b"\0" + epoch.to_bytes(8, "big")
    return hashlib.sha256(pre + canon(v).encode()).digest()

def key(i):
    seed = hashlib.sha256(b"gavel-corpus/boundcert\0" + i.to_bytes(8, "big")).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)

def bidset(mkt, epoch, rollups, bids):
    doc = {"format": "gavel.bidset.v1", "marketplace": mkt, "epoch": epoch,
           "slots": {"first": epoch * 100, "count": 100}, "mode": "auction",
           "finder_fee": {"bps": 500, "min_improvement": "1"},
           "rollups": [{"id": r, "reserve": res} for r, res in rollups], "bids": []}
    for i, (bid, bundle, amount, xor) in enumerate(bids):
        k = key(i)
        pk = k.public_key().public_bytes(s.Encoding.Raw, s.PublicFormat.Raw).hex()
        b = {"id": bid, "bidder": pk, "bundle": bundle, "amount": amount}
        if xor:
            b["xor"] = xor
        b["sig"] = k.sign(digest("bid", mkt, epoch, b)).hex()
        doc["bids"].append(b)
    return doc

def write(path, doc):
    with open(path, "w") as f:
        f.write(json.dumps(doc, indent=2) + "\n")

# t1, t2, t3 overlap pairwise on three different rollups: no rollup row
# holds them all, the clique {t1, t2, t3} does. x1 and x2 share XOR group
# "carol". Optimum t2 + x2 + reserve of d = 50 + 35 + 5 = 90.
write("corpus/valid/clique-epoch.json", bidset("hand", 8,
    [("a", "10"), ("b", "10"), ("c", "10"), ("d", "5")],
    [("t1", ["a", "b"], "50", None), ("t2", ["b", "c"], "50", None),
     ("t3", ["a", "c"], "50", None), ("x1", ["d"], "20", "carol"),
     ("x2", ["a"], "35", "carol"), ("z9", ["d"], "4", None)]))

# Five bids around a cycle of five rollups: the LP relaxation (and every
# clique inequality) allows half of each, 25, the best allocation is 20.
write("corpus/valid/odd-cycle-epoch.json", bidset("hand", 9,
    [("r0", "0"), ("r1", "0"), ("r2", "0"), ("r3", "0"), ("r4", "0")],
    [("c%d" % i, sorted(["r%d" % i, "r%d" % ((i + 1) % 5)]), "10", None) for i in range(5)]))
PY

for n in example-epoch wei-epoch small-epoch zero-reserve-epoch hand-epoch hand-ties clique-epoch odd-cycle-epoch; do
	f=corpus/valid/$n
	"$bin/gavel-solve" -q --certify "$f.bound-certificate.json" -o "$f.allocation.json" "$f.json"
	"$bin/gavel-verify" allocation "$f.json" "$f.allocation.json" --bound-certificate "$f.bound-certificate.json" >/dev/null
done

# Certificates of the clique epoch, each with one thing wrong. The .expect
# holds the exit code, the message, the bid set and the allocation.
python3 - <<'PY'
import json
base = json.load(open("corpus/valid/clique-epoch.bound-certificate.json"))
inv = "corpus/invalid/"
BS = "corpus/valid/clique-epoch.json"
AL = "corpus/valid/clique-epoch.allocation.json"
def bs_al():
    return BS, AL

def bad(name, f, code, path, msg, raw=None):
    d = json.loads(json.dumps(base))
    BS, AL = bs_al()
    f(d)
    file = inv + "boundcert-" + name + ".json"
    with open(file, "w") as o:
        o.write(raw if raw is not None else json.dumps(d, indent=2) + "\n")
    with open(inv + "boundcert-" + name + ".expect", "w") as o:
        o.write("%d\ngavel-verify: %s: %s%s\n%s\n%s\n" % (code, file, path + ": " if path else "", msg, BS, AL))

assert base["cliques"] and base["xor"], "the clique epoch should price a clique and an XOR group"
b = base["bound"]
lower = str(int(b) - 1)
bad("bound-lowered", lambda d: d.update(bound=lower), 1, "bound",
    "is %s, but the reserves and prices add up to %s, whose floor is %s" % (lower, b, b))
bad("bound-raised", lambda d: d.update(bound=str(int(b) + 1)), 1, "bound",
    "is %d, but the reserves and prices add up to %s, whose floor is %s" % (int(b) + 1, b, b))
bad("price-negative", lambda d: d["cliques"][0].update(price="-" + d["cliques"][0]["price"]), 1,
    "cliques[0].price", "is negative")
bad("rollup-price-negative", lambda d: d["rollups"].insert(0, {"id": "a", "price": "-1"}) if d["rollups"][0]["id"] != "a" else d["rollups"][0].update(price="-1"), 1,
    "rollups[0].price", "is negative")
# z9 (on d) conflicts with none of t1, t2, t3
bad("clique-non-conflicting", lambda d: d["cliques"][0]["bids"].append("z9"), 1, "cliques[0]",
    'bids "t1" and "z9" share no rollup and no XOR group')
# one unit off the clique leaves t1 (net 50 - 20) one unit short
bad("uncovered", lambda d: d["cliques"][0].update(price=str(int(d["cliques"][0]["price"]) - 1)), 1, "",
    'bid "t1" is not covered: its net value 30 exceeds 29, the sum of the prices of its rollups, XOR group, cliques and cycles')
bad("xor-dropped", lambda d: d.update(xor=[]), 1, "",
    'bid "x1" is not covered: its net value 15 exceeds 0, the sum of the prices of its rollups, XOR group, cliques and cycles')
bad("unknown-rollup", lambda d: d["rollups"].append({"id": "zz", "price": "1"}), 1,
    "rollups[%d]" % len(base["rollups"]), 'unknown rollup "zz"')
bad("unknown-xor", lambda d: d["xor"].append({"group": "dave", "price": "1"}), 1,
    "xor[%d]" % len(base["xor"]), 'unknown XOR group "dave"')
bad("unknown-bid", lambda d: d["cliques"][0]["bids"].append("zz"), 1,
    "cliques[0].bids[3]", 'unknown bid "zz"')
bad("clique-order", lambda d: d["cliques"][0]["bids"].reverse(), 2, "cliques[0].bids[1]",
    'bid "t2" is out of order: a clique must be sorted by bid id, without repeats')
bad("clique-repeated", lambda d: d["cliques"].append(d["cliques"][0]), 2, "cliques[1]",
    "out of order: cliques must be sorted by their bid lists, without repeats")
bad("clique-empty", lambda d: d["cliques"][0].update(bids=[]), 2, "cliques[0].bids", "must not be empty")
bad("not-lowest-terms", lambda d: d["cliques"][0].update(price="60/2"), 2, "cliques[0].price",
    "rational is not in lowest terms")
bad("denominator-one", lambda d: d["cliques"][0].update(price="30/1"), 2, "cliques[0].price",
    "rational denominator must be greater than 1")
bad("leading-zero", lambda d: d["cliques"][0].update(price="030"), 2, "cliques[0].price",
    "rational has a leading zero")
bad("price-number", lambda d: d["cliques"][0].update(price=30), 2, "cliques[0].price", "must be a string")
bad("price-decimal", lambda d: d["cliques"][0].update(price="30.0"), 2, "cliques[0].price",
    'bad rational "30.0": expected N or N/D in decimal digits, with an optional leading "-"')
bad("other-allocation", lambda d: d.update(allocation="00" * 32), 1, "allocation",
    "digest does not match the allocation")
bad("other-bidset", lambda d: d.update(bidset="00" * 32), 1, "bidset", "digest does not match the bid set")
bad("other-epoch", lambda d: d.update(epoch=9), 1, "epoch", "certificate is for epoch 9, the bid set for epoch 8")
bad("format-v2", lambda d: d.update(format="gavel.bound-certificate.v2"), 2, "format",
    'unsupported format "gavel.bound-certificate.v2", expected "gavel.bound-certificate.v1"')
bad("missing-cliques", lambda d: d.pop("cliques"), 2, "cliques", "missing")
bad("unknown-key", lambda d: d.update(branches=[]), 2, "", 'unknown key "branches"')
bad("missing-cycles", lambda d: d.pop("cycles"), 2, "cycles", "missing")

# The odd cycle c0 .. c4 proves the optimum 20 of the odd-cycle epoch.
base = json.load(open("corpus/valid/odd-cycle-epoch.bound-certificate.json"))
BS = "corpus/valid/odd-cycle-epoch.json"
AL = "corpus/valid/odd-cycle-epoch.allocation.json"
assert base["cycles"] == [{"bids": ["c0", "c1", "c2", "c3", "c4"], "price": "10"}], base["cycles"]
bad("cycle-even", lambda d: d["cycles"][0]["bids"].pop(), 2, "cycles[0].bids",
    "4 bids: a cycle has an odd number of bids, 3 to 1023")
bad("cycle-broken", lambda d: d["cycles"][0].update(bids=["c0", "c1", "c3", "c2", "c4"]), 1, "cycles[0]",
    'bids "c1" and "c3" share no rollup and no XOR group')
bad("cycle-turned", lambda d: d["cycles"][0]["bids"].reverse(), 2, "cycles[0].bids",
    "a cycle starts at its smallest bid id and goes on to the smaller of its two neighbours")
bad("cycle-repeat", lambda d: d["cycles"][0].update(bids=["c0", "c1", "c2", "c1", "c4"]), 2, "cycles[0].bids[3]",
    'bid "c1" repeated in the cycle')
bad("cycle-negative", lambda d: d["cycles"][0].update(price="-10"), 1, "cycles[0].price", "is negative")
bad("cycle-cheaper", lambda d: d["cycles"][0].update(price="19/2"), 1, "",
    'bid "c0" is not covered: its net value 10 exceeds 19/2, the sum of the prices of its rollups, XOR group, cliques and cycles')
# a cycle counts (k - 1) / 2 times: a bound of 10, once, is refused
bad("cycle-counted-once", lambda d: d.update(bound="10"), 1, "bound",
    "is 10, but the reserves and prices add up to 20, whose floor is 20")
PY
echo "make-boundcert-corpus: done" >&2
