"""Fixtures of the finder's-fee challenge corpus (formats/challenge.md); run by make-challenge-corpus.sh."""
import copy, hashlib, json, os, subprocess, sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "outsider"))
import gavel_ref as g  # canonical digests and the revenue split, written from formats/ alone
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

def load(p):
    with open(p) as f:
        return json.load(f)

def save(p, d):
    with open(p, "w") as f:
        f.write(json.dumps(d, indent=2) + "\n")

def greedy(bs):
    """Kept bids by net value, highest first, ties by id, while they fit: a weak published allocation."""
    res = {r["id"]: int(r["reserve"]) for r in bs["rollups"]}
    nets = []
    for b in bs["bids"]:
        net = int(b["amount"]) - sum(res[r] for r in b["bundle"])
        if net > 0:
            nets.append((-net, b["id"].encode(), b))
    nets.sort(key=lambda t: (t[0], t[1]))
    used, xused, win = set(), set(), []
    for _, _, b in nets:
        if used & set(b["bundle"]) or (b.get("xor") and b["xor"] in xused):
            continue
        used |= set(b["bundle"])
        if b.get("xor"):
            xused.add(b["xor"])
        win.append(b)
    win.sort(key=lambda b: b["id"].encode())
    got = {r: 0 for r in res}
    for b in win:
        got.update(g.split(b["bundle"], int(b["amount"]), res))
    value = sum(int(b["amount"]) for b in win) + sum(res[r] for r in res if r not in used)
    bound = sum(res.values()) + sum(-n for n, _, _ in nets)
    return {
        "format": "gavel.allocation.v1", "marketplace": bs["marketplace"], "epoch": bs["epoch"],
        "bidset": g.digest("bidset", bs["marketplace"], bs["epoch"], bs),
        "slots": bs["slots"],
        "winners": [{"bid": b["id"], "bidder": b["bidder"], "bundle": b["bundle"], "pays": b["amount"]} for b in win],
        "unsold": [r["id"] for r in bs["rollups"] if r["id"] not in used],
        "rollups": [{"id": r["id"], "receives": str(got[r["id"]])} for r in bs["rollups"]],
        "value": str(value),
        "search": {"status": "feasible", "stop": "time-limit", "bound": str(bound),
                   "gap": g.gap_str(bound, value), "time_limit_ms": 1, "time_used_ms": 1},
    }

def epoch(src, dst, weak):
    bs = load(src)
    bs["format"] = "gavel.bidset.v2"
    bs["finder_fee"] = {"bps": 500, "min_improvement": "5", "cap": "1000000", "window": 10}
    save(dst, bs)
    save(weak, greedy(bs))

def sign(ch, seed_hex):
    k = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed_hex))
    d = {k2: v for k2, v in ch.items() if k2 != "sig"}
    ch["sig"] = k.sign(bytes.fromhex(g.digest("challenge", ch["marketplace"], ch["epoch"], d))).hex()

def recommit(ch):
    body = {k: v for k, v in ch.items() if k not in ("commitment", "order", "sig")}
    ch["commitment"] = g.digest("challenge-commitment", ch["marketplace"], ch["epoch"], body)

def tamper(v, a, tmp):
    ch = load(v + "/challenge-epoch.challenge.json")
    seed = load("formats/examples/key-demo.json")["seed"]
    other = hashlib.sha256(b"gavel challenge corpus: another key").hexdigest()
    bs = load(v + "/challenge-epoch.json")
    table = v + "/challenge-epoch.table.json"
    cases = []

    def case(name, code, path, msg, doc):
        f = a + "/challenge-" + name + ".json"
        save(f, doc)
        cases.append((f, code, path, msg))

    d = copy.deepcopy(ch)
    s = bytearray(bytes.fromhex(d["sig"])); s[5] ^= 1; d["sig"] = s.hex()
    case("sig-flipped", 1, "sig", "signature does not verify by the challenger's key", d)

    d = copy.deepcopy(ch); sign(d, other)
    case("other-key", 1, "sig", "signature does not verify by the challenger's key", d)

    d = copy.deepcopy(ch); d["epoch"] = 81; sign(d, seed)
    case("replay-epoch", 1, "epoch", "challenge is for epoch 81, the bid set for epoch 80", d)

    d = copy.deepcopy(ch); d["marketplace"] = "other"; sign(d, seed)
    case("replay-marketplace", 1, "marketplace",
         'challenge is for marketplace "other", the bid set for "example"', d)

    d = copy.deepcopy(ch); d["bidset"] = g.digest("bidset", "example", 80, {"other": "bid set"}); sign(d, seed)
    case("other-bidset", 1, "bidset", "digest does not match the bid set", d)

    d = copy.deepcopy(ch); d["fee"] = str(int(d["fee"]) + 1); recommit(d); sign(d, seed)
    case("fee-off-by-one", 1, "fee", "claims %d, the fee rule gives %s" % (int(ch["fee"]) + 1, ch["fee"]), d)

    d = copy.deepcopy(ch); d["salt"] = "00" * 31 + "b2"; sign(d, seed)
    body = {k: x for k, x in d.items() if k not in ("commitment", "order", "sig")}
    case("reveal-mismatch", 1, "commitment", "the reveal does not match its commitment: its content commits to "
         + g.digest("challenge-commitment", "example", 80, body), d)

    other_order = load(tmp + "/other/order-1.json")   # a block of three transactions
    d = copy.deepcopy(ch); d["order"]["path"] = other_order["path"]; sign(d, seed)
    case("other-root", 1, "order.path", None, d)

    # Overlapping winners: add a bid sharing a rollup with a winner.
    d = copy.deepcopy(ch)
    win = d["allocation"]["winners"]
    taken = {r for w in win for r in w["bundle"]}
    ids = {w["bid"] for w in win}
    extra = next(b for b in bs["bids"] if b["id"] not in ids and set(b["bundle"]) & taken)
    win.append({"bid": extra["id"], "bidder": extra["bidder"], "bundle": extra["bundle"], "pays": extra["amount"]})
    win.sort(key=lambda w: w["bid"].encode())
    recommit(d); sign(d, seed)
    case("overlap", 1, None, None, d)

    # Two winners of one XOR group: replace the allocation by a group pair on disjoint bundles.
    groups = {}
    for b in bs["bids"]:
        if b.get("xor"):
            groups.setdefault(b["xor"], []).append(b)
    pair = None
    for gl in groups.values():
        for i in range(len(gl)):
            for j in range(i + 1, len(gl)):
                if not set(gl[i]["bundle"]) & set(gl[j]["bundle"]):
                    pair = (gl[i], gl[j]); break
            if pair: break
        if pair: break
    d = copy.deepcopy(ch)
    d["allocation"]["winners"] = [{"bid": b["id"], "bidder": b["bidder"], "bundle": b["bundle"], "pays": b["amount"]}
                                  for b in sorted(pair, key=lambda b: b["id"].encode())]
    recommit(d); sign(d, seed)
    case("xor", 1, None, None, d)

    for f, code, path, msg in cases:
        p = subprocess.run([os.environ.get("GAVEL_BIN", "bin") + "/gavel-verify", "challenge", "--stake-table", table,
                            v + "/challenge-epoch.json", v + "/challenge-epoch.weak.json", f],
                           capture_output=True, text=True)
        line = p.stderr.strip()
        want = "gavel-verify: %s: %s%s" % (f, path + ": " if path else "", msg) if msg else None
        if p.returncode != code or (want and line != want):
            sys.exit("challenge_corpus: %s: got %d %r, want %d %r" % (f, p.returncode, line, code, want))
        with open(f[:-5] + ".expect", "w") as o:
            o.write("%d\n%s\n" % (code, line))

if __name__ == "__main__":
    if sys.argv[1] == "epoch":
        epoch(*sys.argv[2:5])
    else:
        tamper(*sys.argv[2:5])
