#!/usr/bin/env python3
"""Finder's-fee challenges and settlements, written from formats/challenge.md and
formats/settlement.md alone (plus gavel_ref.py for the documents they embed).

  challenge_ref.py challenge TABLE BIDSET PUBLISHED CHALLENGE   -> the line gavel-verify prints
  challenge_ref.py settle TABLE BIDSET PUBLISHED CHALLENGE...   -> the settlement document
"""
import hashlib, json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gavel_ref as G
from gavel_ref import Err, q

_orig_check_bidset = G.check_bidset
_cache = {}
def _cached_check_bidset(doc, verify_sigs=True):
    # the bid set is checked once (signatures included); embedded allocations re-use it
    key = (id(doc), verify_sigs)
    if key not in _cache:
        _cache[key] = _orig_check_bidset(doc, verify_sigs)
    return _cache[key]
G.check_bidset = _cached_check_bidset

TOP = ["format", "marketplace", "epoch", "bidset", "beats", "allocation", "improvement", "fee",
       "challenger", "salt", "commitment", "order", "sig"]

def fee_of(ff, imp):
    return min(imp * ff["bps"] // 10000, int(ff["cap"]))

def min_of(ff):
    return max(int(ff["min_improvement"]), 1)

def value_of(bsdoc, adoc):
    res = {r["id"]: int(r["reserve"]) for r in bsdoc["rollups"]}
    sold = {r for w in adoc["winners"] for r in w["bundle"]}
    return sum(int(w["pays"]) for w in adoc["winners"]) + sum(v for r, v in res.items() if r not in sold)

def context(tbl, bsdoc, bsname, tname, pub):
    """challenge.md Checks, step 0; returns (bid set info, published digest, published value)."""
    G.check_stake_table(tbl)
    try:
        B = G.check_bidset(bsdoc)
    except Err as e:
        raise Located(bsname, e)
    if bsdoc["format"] != "gavel.bidset.v2":
        raise Located(bsname, Err(1, "format", "challenges need a gavel.bidset.v2 bid set (finder_fee.cap and finder_fee.window)"))
    if tbl["marketplace"] != B["mp"] or tbl["epoch"] != B["ep"]:
        raise Located(tname, Err(1, "", f"stake table is for marketplace {q(tbl['marketplace'])} epoch {tbl['epoch']}, "
                                        f"the bid set for marketplace {q(B['mp'])} epoch {B['ep']}"))
    return B

class Located(Exception):
    def __init__(self, fname, err):
        self.fname, self.err = fname, err

def embedded(prefix, fn, *a):
    """Run a check of an embedded document: its messages name PREFIX in place of a file."""
    try:
        return fn(*a)
    except Err as e:
        raise Located(prefix, e)

def check_challenge(tbl, bsdoc, B, pubdoc, ch, name):
    """challenge.md Checks 1-13; returns a dict; raises Located(file name, Err)."""
    try:
        G.chk_obj(ch, "")
        G.chk_keys(ch, "", TOP)
        G.chk_format(ch["format"], "format", "gavel.challenge.v1")
        mp = G.chk_id(ch["marketplace"], "marketplace"); ep = G.chk_int(ch["epoch"], "epoch")
        G.chk_hex(ch["bidset"], "bidset", 32); G.chk_hex(ch["beats"], "beats", 32)
        if not isinstance(ch["allocation"], dict): raise Err(2, "allocation", "must be an object")
        G.chk_amount(ch["improvement"], "improvement"); G.chk_amount(ch["fee"], "fee")
        for k in ("challenger", "salt", "commitment"): G.chk_hex(ch[k], k, 32)
        o = ch["order"]; G.chk_obj(o, "order"); G.chk_keys(o, "order", ["block", "certificate", "leaf_index", "path"])
        li = G.chk_int(o["leaf_index"], "order.leaf_index")
        if not isinstance(o["path"], list): raise Err(2, "order.path", "must be an array")
        if len(o["path"]) > 64: raise Err(2, "order.path", f"{len(o['path'])} hashes, the limit is 64")
        for i, h in enumerate(o["path"]):
            if not isinstance(h, str): raise Err(2, f"order.path[{i}]", "must be a string")
            if len(h) != 64 or any(c not in "0123456789abcdef" for c in h):
                raise Err(2, f"order.path[{i}]", "must be 64 lowercase hex digits (32 bytes)")
        G.chk_hex(ch["sig"], "sig", 64)
        if mp != B["mp"]: raise Err(1, "marketplace", f"challenge is for marketplace {q(mp)}, the bid set for {q(B['mp'])}")
        if ep != B["ep"]: raise Err(1, "epoch", f"challenge is for epoch {ep}, the bid set for epoch {B['ep']}")
        if ch["bidset"] != B["digest"]: raise Err(1, "bidset", "digest does not match the bid set")
        if ch["beats"] != G.digest("allocation", mp, ep, pubdoc): raise Err(1, "beats", "is not the digest of the published allocation")
        ident = G.digest("challenge", mp, ep, {k: v for k, v in ch.items() if k != "sig"})
        if not G.sig_ok(ch["challenger"], ident, ch["sig"]):
            raise Err(1, "sig", "signature does not verify by the challenger's key")
    except Err as e:
        raise Located(name, e)
    embedded(f"{name}: allocation", G.check_allocation, bsdoc, ch["allocation"])
    ff = bsdoc["finder_fee"]
    try:
        v, w = value_of(bsdoc, ch["allocation"]), value_of(bsdoc, pubdoc)
        imp, m = v - w, min_of(ff)
        if imp <= 0: raise Err(1, "allocation", f"value {v} does not beat the published value {w}")
        if imp < m: raise Err(1, "improvement", f"improvement {imp} is below the minimum improvement {m}")
        if int(ch["improvement"]) != imp:
            raise Err(1, "improvement", f"is {ch['improvement']}, the allocation improves on the published one by {imp}")
        f = fee_of(ff, imp)
        if int(ch["fee"]) != f: raise Err(1, "fee", f"claims {ch['fee']}, the fee rule gives {f}")
        body = {k: x for k, x in ch.items() if k not in ("commitment", "order", "sig")}
        c = G.digest("challenge-commitment", mp, ep, body)
        if c != ch["commitment"]:
            raise Err(1, "commitment", f"the reveal does not match its commitment: its content commits to {c}")
        b = o["block"]
        G.check_block(b, "order.block")
        if b["marketplace"] != B["mp"]:
            raise Err(1, "order.block.marketplace", f"block is for marketplace {q(b['marketplace'])}, the bid set for {q(B['mp'])}")
        if b["epoch"] != B["ep"]:
            raise Err(1, "order.block.epoch", f"block is for epoch {b['epoch']}, the bid set for epoch {B['ep']}")
        first, last = B["slots"]["first"], B["slots"]["first"] + ff["window"] - 1
        if not first <= b["slot"] <= last:
            raise Err(1, "order.block.slot", f"slot {b['slot']} is outside the challenge window, slots {first} to {last}")
    except Err as e:
        raise Located(name, e)
    embedded(f"{name}: order.certificate", G.check_cert, tbl, o["certificate"], "block",
             G.digest("block", b["marketplace"], b["epoch"], b))
    try:
        n = b["tx_count"]
        if li >= n: raise Err(1, "order.leaf_index", f"leaf index {li} is past the end of a block of {n} transactions")
        need = path_len(li, n)
        if len(o["path"]) != need:
            raise Err(1, "order.path", f"wrong path length: {len(o['path'])} hashes, leaf {li} of a tree of size {n} needs {need}")
        r = G.rfc9162_root(li, n, bytes.fromhex(c), [bytes.fromhex(h) for h in o["path"]])
        if r is None or r.hex() != b["tx_root"]:
            raise Err(1, "order.path", f"the commitment is not transaction {li} of the block: the path leads to "
                                       f"{r.hex() if r else '?'}, the block's tx_root is {b['tx_root']}")
    except Err as e:
        raise Located(name, e)
    return dict(id=ident, challenger=ch["challenger"], slot=b["slot"], rollup=b["rollup"], leaf_index=li,
                commitment=c, value=v, improvement=imp, fee=f, allocation=ch["allocation"])

def path_len(index, size):
    """The number of hashes RFC 9162 2.1.3.2 consumes for (index, size)."""
    fn, sn, k = index, size - 1, 0
    while sn != 0:
        k += 1
        if fn & 1 or fn == sn:
            if not fn & 1:
                while True:
                    fn >>= 1; sn >>= 1
                    if fn & 1 or fn == 0: break
        fn >>= 1; sn >>= 1
    return k

def receipts(bsdoc, adoc):
    res = {r["id"]: int(r["reserve"]) for r in bsdoc["rollups"]}
    got = {r: 0 for r in res}
    for w in adoc["winners"]:
        got.update(G.split(w["bundle"], int(w["pays"]), res))
    return got

def settle(tbl, bsdoc, pubdoc, files):
    B = G.check_bidset(bsdoc)
    ff = bsdoc["finder_fee"]; m = min_of(ff)
    seen, valid, rejected = set(), [], []
    for name, data in files:
        sha = hashlib.sha256(data).hexdigest()
        if sha in seen: continue
        seen.add(sha)
        try:
            ch = G.parse_bytes(data)
            c = check_challenge(tbl, bsdoc, B, pubdoc, ch, "challenge")
            c["sha"] = sha; valid.append(c)
        except Located as l:
            rejected.append((sha, Err.line(l.err, "", l.fname)[2:]))
        except Err as e:
            rejected.append((sha, Err.line(e, "", "challenge")[2:]))
    valid.sort(key=lambda c: (c["slot"], c["rollup"].encode(), c["leaf_index"], c["commitment"], c["sha"]))
    best_v, best_a, best_d = value_of(bsdoc, pubdoc), pubdoc, G.digest("allocation", B["mp"], B["ep"], pubdoc)
    acc, fees = [], 0
    for c in valid:
        own = c["value"] - best_v
        if own < m:
            reason = (f"challenge: order: value {c['value']} does not beat the best allocation before it, of value {best_v}"
                      if own <= 0 else
                      f"challenge: order: improves on the best allocation before it by {own}, below the minimum improvement {m}")
            rejected.append((c["sha"], reason)); continue
        f = fee_of(ff, own); fees += f
        best_v, best_a = c["value"], c["allocation"]
        best_d = G.digest("allocation", B["mp"], B["ep"], best_a)
        acc.append({"challenge": c["id"], "challenger": c["challenger"], "slot": c["slot"], "rollup": c["rollup"],
                    "leaf_index": c["leaf_index"], "improvement": str(own), "fee": str(f)})
    # the fee rule, item 4: pro rata to surplus, remainders by largest fraction, then rollup id
    res = {r["id"]: int(r["reserve"]) for r in bsdoc["rollups"]}
    got = receipts(bsdoc, best_a)
    sold = [r["id"] for r in bsdoc["rollups"] if any(r["id"] in w["bundle"] for w in best_a["winners"])]
    S = sum(got[r] - res[r] for r in sold)
    assert fees <= S
    if fees:
        fr, taken = {}, 0
        for r in sold:
            d, fr[r] = divmod(fees * (got[r] - res[r]), S)
            got[r] -= d; taken += d
        for r in sorted(sold, key=lambda r: (-fr[r], r.encode()))[:fees - taken]:
            got[r] -= 1
    rejected.sort()
    return {"format": "gavel.settlement.v1", "marketplace": B["mp"], "epoch": B["ep"], "bidset": B["digest"],
            "published": G.digest("allocation", B["mp"], B["ep"], pubdoc), "final": best_d, "value": str(best_v),
            "accepted": acc, "rejected": [{"sha256": s, "reason": r} for s, r in rejected],
            "payments": str(sum(int(w["pays"]) for w in best_a["winners"])), "fees": str(fees),
            "rollups": [{"id": r["id"], "receives": str(got[r["id"]])} for r in bsdoc["rollups"]]}

def main(argv):
    cmd, tname, bsname, pubname = argv[1:5]
    try:
        tbl = G.read_doc(tname, 32 << 20); bsdoc = G.read_doc(bsname); pubdoc = G.read_doc(pubname)
        B = context(tbl, bsdoc, bsname, tname, pubdoc)
        embedded(pubname, G.check_allocation, bsdoc, pubdoc)
        if cmd == "challenge":
            name = argv[5]
            try:
                ch = G.read_doc(name)
            except Err as e:
                raise Located(name, e)
            c = check_challenge(tbl, bsdoc, B, pubdoc, ch, name)
            print(f"valid: challenge by {c['challenger']} for epoch {B['ep']} of marketplace {B['mp']}: improvement "
                  f"{c['improvement']}, fee {c['fee']}; allocation checked, commitment is transaction {c['leaf_index']} "
                  f"of the certified block of rollup {c['rollup']} at slot {c['slot']}; stake table taken on trust (no --trust-root)")
            return 0
        files = [(f, open(f, "rb").read()) for f in argv[5:]]
        print(json.dumps(settle(tbl, bsdoc, pubdoc, files), indent=2))
        return 0
    except Located as l:
        print(l.err.line("gavel-verify", l.fname), file=sys.stderr); return l.err.code

if __name__ == "__main__":
    sys.exit(main(sys.argv))
