#!/bin/sh
# Regenerate the lottery corpus (formats/bidset-lottery.md, formats/allocation.md "Version 2"):
# corpus/valid/lottery-large.* and lottery-demo.*, formats/examples/*lottery-demo.json,
# corpus/invalid/lottery-*.json (the .expect files are written by hand and reviewed).
#
# usage: scripts/make-lottery-corpus.sh       (run "make" first; GAVEL_BIN overrides bin/)
set -eu
cd "$(dirname "$0")/.."
bin=${GAVEL_BIN:-bin}
v=corpus/valid
i=corpus/invalid

"$bin/gavel-lottery-gen" "$v"
"$bin/gavel-lottery-gen" --name lottery-demo --seed 3 --marketplace demo --epoch 7 \
	--rollups 3 --purchases 6 --slots 4 --price 100 --target 10 --bidders 3 --xor 30 "$v"
for n in lottery-large lottery-demo; do
	"$bin/gavel-solve" -q --beacon-block "$v/$n.beacon-block.json" \
		--beacon-certificate "$v/$n.beacon-cert.json" \
		--stake-table "$v/$n.stake-table.json" \
		-o "$v/$n.lottery-allocation.json" "$v/$n.json"
done
cp "$v/lottery-demo.json" formats/examples/bidset-lottery-demo.json
cp "$v/lottery-demo.lottery-allocation.json" formats/examples/allocation-lottery-demo.json

python3 - "$v/lottery-demo.json" "$v/lottery-demo.lottery-allocation.json" "$i" <<'PY'
import copy, json, sys
bs_file, al_file, out = sys.argv[1:4]
bs = json.load(open(bs_file))
al = json.load(open(al_file))

def put(name, doc):
    with open(f"{out}/{name}.json", "w") as f:
        f.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")

def bid(name, fn):
    d = copy.deepcopy(bs); fn(d); put("lottery-bidset-" + name, d)

def alloc(name, fn):
    d = copy.deepcopy(al); fn(d); put("lottery-alloc-" + name, d)

bid("mode", lambda d: d.update(mode="auction"))
bid("beacon-slot", lambda d: d["lottery"]["beacon"].update(slot=d["slots"]["first"]))
bid("beacon-kind", lambda d: d["lottery"]["beacon"].update(kind="drand"))
bid("zero-tickets", lambda d: d["purchases"][0].update(tickets=0))
bid("target-zero", lambda d: d["lottery"].update(target=0))
bid("slots-1025", lambda d: d["slots"].update(count=1025))
# grinding after signing: another ticket count, another beacon, another price
bid("regrind-tickets", lambda d: d["purchases"][1].update(tickets=d["purchases"][1]["tickets"] + 1))
bid("other-beacon", lambda d: d["lottery"]["beacon"].update(slot=d["lottery"]["beacon"]["slot"] - 1))
bid("other-price", lambda d: d["lottery"].update(price="99"))

def other_value(d):
    v = d["beacon"]["value"]
    d["beacon"]["value"] = ("0" if v[0] != "0" else "1") + v[1:]
alloc("beacon-value", other_value)
alloc("beacon-other-slot", lambda d: d["beacon"]["block"].update(slot=d["beacon"]["block"]["slot"] + 1))
alloc("beacon-named-slot", lambda d: d["beacon"].update(slot=d["beacon"]["slot"] + 1))
def uncertified(d):
    # another header for the same slot, its value claimed: the quorum never signed it
    import hashlib
    blk = d["beacon"]["block"]
    blk["state_root"] = hashlib.sha256(b"ground").hexdigest()
    pre = b"gavel.v1\0block\0" + blk["marketplace"].encode() + b"\0" + blk["epoch"].to_bytes(8, "big")
    d["beacon"]["value"] = hashlib.sha256(pre + json.dumps(blk, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
alloc("beacon-uncertified", uncertified)
alloc("beacon-no-quorum", lambda d: d["beacon"]["certificate"].update(signatures=d["beacon"]["certificate"]["signatures"][:2]))
def draw(d):
    h = [x["purchase"] for x in d["winners"][0]["holders"]]
    s = d["schedule"][2]["draws"]
    s[0] = next(p for p in h if p != s[0])
alloc("draw", draw)
alloc("refund-missing", lambda d: d["refunds"].pop())
alloc("refund-amount", lambda d: d["refunds"][0].update(amount="1"))
alloc("holder-pays", lambda d: d["winners"][0]["holders"][0].update(pays="0"))
alloc("price", lambda d: d.update(price="99"))
alloc("next-price", lambda d: d.update(next_price=str(int(d["next_price"]) + 1)))
alloc("sold", lambda d: d.update(sold=d["sold"] - 1))
alloc("schedule-short", lambda d: d["schedule"].pop())
PY
