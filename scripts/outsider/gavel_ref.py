#!/usr/bin/env python3
"""Outsider reimplementation of gavel's formats/ spec (stdlib only).
usage: gavel_ref.py canon KIND FILE [--strip KEY]
       gavel_ref.py bidset FILE              (checks of bidset.md, tool name gavel-solve)
       gavel_ref.py allocation BIDSET ALLOC  (gavel-verify allocation)
       gavel_ref.py receipt FILE             (format + signature)
       gavel_ref.py slashing --stake-table TABLE EVIDENCE   (the verdict, evidence.md "Trust")
Prints the same one-line stderr message as gavel and exits with the same code."""
import json, hashlib, os, sys, stat
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ed25519

MAXINT = 2**53 - 1

class Err(Exception):
    def __init__(self, code, path, msg):
        self.code, self.path, self.msg = code, path, msg
    def line(self, tool, fname):
        return f"{tool}: {fname}: {self.path}: {self.msg}" if self.path else f"{tool}: {fname}: {self.msg}"

class Float:          # a JSON number with fraction/exponent
    def __init__(self, s): self.s = s

# ---------- canonical encoding / digests (README.md) ----------
def cstr(s):
    out = bytearray(b'"')
    for b in s.encode("utf-8"):
        if b == 0x22: out += b'\\"'
        elif b == 0x5c: out += b'\\\\'
        elif b < 0x20: out += b'\\u00%02x' % b
        else: out.append(b)
    return bytes(out + b'"')

def canon(v):
    if isinstance(v, dict):
        return b"{" + b",".join(cstr(k) + b":" + canon(v[k]) for k in sorted(v, key=lambda k: k.encode())) + b"}"
    if isinstance(v, list):
        return b"[" + b",".join(canon(x) for x in v) + b"]"
    if v is True: return b"true"
    if v is False: return b"false"
    if v is None: return b"null"
    if isinstance(v, int): return str(v).encode()
    if isinstance(v, Float): return v.s.encode()   # never in valid v1 documents
    return cstr(v)

def prefix(kind, mp, epoch):
    return b"gavel.v1\0" + kind.encode() + b"\0" + mp.encode() + b"\0" + epoch.to_bytes(8, "big")

def digest(kind, mp, epoch, v):
    return hashlib.sha256(prefix(kind, mp, epoch) + canon(v)).hexdigest()

# ---------- messages ----------
def q(s):
    b = s.encode("utf-8") if isinstance(s, str) else s
    cut = len(b) > 64
    b = b[:64]
    out = "".join(chr(c) if 0x20 <= c < 0x7f and c != 0x5c else "\\x%02x" % c for c in b)
    return '"' + out + '"' + ("..." if cut else "")

def P(path, key):
    return f"{path}.{key}" if path else key

# ---------- reading ----------
def _pairs(pairs):
    d = {}
    for k, v in pairs:
        if k in d: raise ValueError("duplicate object key")
        d[k] = v
    return d

def read_doc(fname, limit=64 * 1024 * 1024):
    try:
        st = os.stat(fname)
    except OSError as e:
        raise Err(2, "", f"cannot open: {e.strerror}")   # gavel's text; not in the spec
    if stat.S_ISDIR(st.st_mode): raise Err(2, "", "is a directory")
    if not stat.S_ISREG(st.st_mode): raise Err(2, "", "not a regular file")
    if st.st_size > limit: raise Err(2, "", f"{st.st_size} bytes, the limit is {limit}")
    data = open(fname, "rb").read()
    if b"\0" in data: raise Err(2, "", "contains a NUL byte")
    return parse_bytes(data)

def parse_bytes(data):
    def bad_const(c): raise ValueError("invalid token")
    try:
        if data.startswith(b"\xef\xbb\xbf"): raise ValueError("byte-order mark")
        txt = data.decode("utf-8")
        def pint(s):
            if abs(int(s)) > 2**63 - 1: raise ValueError("too big integer")
            return int(s)
        v = json.loads(txt, object_pairs_hook=_pairs, parse_float=Float, parse_constant=bad_const, parse_int=pint)
        def walk(x):
            if isinstance(x, str):
                if "\0" in x: raise ValueError("\\u0000 is not allowed")
            elif isinstance(x, dict):
                for k, y in x.items(): walk(k); walk(y)
            elif isinstance(x, list):
                for y in x: walk(y)
        walk(v)
        canon(v)   # lone surrogates etc. cannot be encoded: a parse error, as in gavel
    except json.JSONDecodeError as e:
        raise Err(2, "", f"line {e.lineno}, column {e.colno}: {e.msg}")
    except (ValueError, UnicodeError) as e:
        raise Err(2, "", f"line ?, column ?: {e}")
    if not isinstance(v, dict): raise Err(2, "", "top level is not an object")
    return v

# ---------- field checks ----------
def is_int(v): return isinstance(v, int) and not isinstance(v, bool)

def chk_int(v, path, lo=0, hi=MAXINT):
    if not is_int(v): raise Err(2, path, "must be an integer (no fraction or exponent)")
    if v < lo or v > hi: raise Err(2, path, f"must be between {lo} and {hi}")
    return v

def chk_str(v, path):
    if not isinstance(v, str): raise Err(2, path, "must be a string")
    return v

ID0 = set(b"abcdefghijklmnopqrstuvwxyz0123456789")
IDR = ID0 | set(b"._-")
def chk_id(v, path):
    if not isinstance(v, str): raise Err(2, path, "identifier must be a string")
    b = v.encode("utf-8")
    if not 1 <= len(b) <= 64: raise Err(2, path, f"identifier must be 1 to 64 bytes, got {len(b)}")
    if b[0] not in ID0 or any(c not in IDR for c in b[1:]):
        raise Err(2, path, f"bad identifier {q(v)}: only [a-z0-9] then [a-z0-9._-] are allowed")
    return v

def chk_hex(v, path, nbytes):
    if not isinstance(v, str): raise Err(2, path, "must be a string")
    if len(v.encode()) != 2 * nbytes:   # gavel counts bytes, not code points
        raise Err(2, path, f"must be {2*nbytes} hex digits ({nbytes} bytes), got {len(v.encode())} characters")
    if any(c not in "0123456789abcdef" for c in v):
        raise Err(2, path, "bad hex: only the digits 0-9 and a-f (lowercase) are allowed")
    return v

def chk_amount(v, path):
    if is_int(v) or isinstance(v, Float): raise Err(2, path, "amount must be a decimal string, not a JSON number")
    if not isinstance(v, str): raise Err(2, path, "amount must be a decimal string, not a JSON value of another type")
    if v == "": raise Err(2, path, "empty amount")
    if any(c not in "0123456789" for c in v):
        raise Err(2, path, "amount is not a decimal integer (digits only: no sign, point, exponent or space)")
    if len(v) > 78: raise Err(2, path, f"amount has {len(v)} digits, the limit is 78")
    if len(v) > 1 and v[0] == "0": raise Err(2, path, "amount has a leading zero")
    if int(v) >= 2**256: raise Err(2, path, "amount is 2^256 or more")
    return int(v)

def chk_obj(v, path):
    if not isinstance(v, dict): raise Err(2, path, "must be an object")
    return v

def chk_keys(o, path, req, opt=()):
    for k in req:
        if k not in o: raise Err(2, P(path, k), "missing")
    for k in o:
        if k not in req and k not in opt: raise Err(2, path, f"unknown key {q(k)}")

def chk_arr(v, path):
    if not isinstance(v, list): raise Err(2, path, "must be an array")
    return v

def chk_format(v, path, tag):
    chk_str(v, path)
    if v != tag: raise Err(2, path, f"unsupported format {q(v)}, expected {q(tag)}")

def sig_ok(pk_hex, msg_hex, sig_hex):
    return ed25519.verify(bytes.fromhex(pk_hex), bytes.fromhex(msg_hex), bytes.fromhex(sig_hex))

# ---------- bid set (bidset.md "Checks, in order") ----------
def check_bidset(doc, verify_sigs=True):
    chk_keys(doc, "", ["format", "marketplace", "epoch", "slots", "mode", "finder_fee", "rollups", "bids"])
    fmt = chk_str(doc["format"], "format")
    if fmt not in ("gavel.bidset.v1", "gavel.bidset.v2", "gavel.bidset.v3"):
        raise Err(2, "format", f'unsupported format {q(fmt)}, expected "gavel.bidset.v1", "gavel.bidset.v2" or "gavel.bidset.v3"')
    v2 = fmt != "gavel.bidset.v1"   # v2 and v3 (bidset.md "Version 3": v2 with higher limits)
    maxr, maxb = (2048, 131072) if fmt == "gavel.bidset.v3" else (1024, 65536)
    mp = chk_id(doc["marketplace"], "marketplace")
    ep = chk_int(doc["epoch"], "epoch")
    s = chk_obj(doc["slots"], "slots")
    chk_keys(s, "slots", ["first", "count"])
    first = chk_int(s["first"], "slots.first")
    count = chk_int(s["count"], "slots.count")
    if count < 1 or count > 2**32: raise Err(2, "slots.count", f"must be between 1 and {2**32}")
    if first + count - 1 > MAXINT: raise Err(2, "slots", "last slot (first + count - 1) exceeds 2^53-1")
    mode = chk_str(doc["mode"], "mode")
    if mode == "lottery": raise Err(2, "mode", 'mode "lottery" is reserved for a later version of this format')
    if mode != "auction": raise Err(2, "mode", f'unknown mode {q(mode)}, expected "auction"')
    ff = chk_obj(doc["finder_fee"], "finder_fee")
    chk_keys(ff, "finder_fee", ["bps", "min_improvement"] + (["cap", "window"] if v2 else []))
    chk_int(ff["bps"], "finder_fee.bps", 0, 10000)
    chk_amount(ff["min_improvement"], "finder_fee.min_improvement")
    if v2:   # bidset.md, "Version 2"
        chk_amount(ff["cap"], "finder_fee.cap")
        w = chk_int(ff["window"], "finder_fee.window")
        if w < 1 or w > count: raise Err(2, "finder_fee.window", f"must be between 1 and slots.count ({count})")
    rs = chk_arr(doc["rollups"], "rollups")
    if not rs: raise Err(2, "rollups", "must not be empty")
    if len(rs) > maxr: raise Err(2, "rollups", f"{len(rs)} rollups, the limit is {maxr}")
    reserve = {}
    order = []
    for i, r in enumerate(rs):
        p = f"rollups[{i}]"
        chk_obj(r, p); chk_keys(r, p, ["id", "reserve"])
        rid = chk_id(r["id"], p + ".id")
        res = chk_amount(r["reserve"], p + ".reserve")
        if order:
            prev = order[-1].encode()
            if rid.encode() == prev: raise Err(2, p, f"duplicate rollup {q(rid)}")
            if rid.encode() < prev:
                raise Err(2, p, f"rollup {q(rid)} is out of order: rollups must be sorted by id in ascending byte order")
        order.append(rid); reserve[rid] = res
    bs = chk_arr(doc["bids"], "bids")
    if len(bs) > maxb: raise Err(2, "bids", f"{len(bs)} bids, the limit is {maxb}")
    bids = {}
    prev = None
    for i, b in enumerate(bs):
        p = f"bids[{i}]"
        chk_obj(b, p); chk_keys(b, p, ["id", "bidder", "bundle", "amount", "sig"], ["xor"])
        bid = chk_id(b["id"], p + ".id")
        if prev is not None:
            if bid.encode() == prev.encode(): raise Err(2, p, f"duplicate bid {q(bid)}")
            if bid.encode() < prev.encode():
                raise Err(2, p, f"bid {q(bid)} is out of order: bids must be sorted by id in ascending byte order")
        prev = bid
        chk_hex(b["bidder"], p + ".bidder", 32)
        bun = chk_arr(b["bundle"], p + ".bundle")
        if not bun: raise Err(2, p + ".bundle", "empty bundle")
        if len(bun) > 64: raise Err(2, p + ".bundle", f"{len(bun)} rollups in one bundle, the limit is 64")
        for j, x in enumerate(bun):
            pj = f"{p}.bundle[{j}]"
            chk_id(x, pj)
            if x not in reserve: raise Err(2, pj, f"unknown rollup {q(x)}")
            if j and x == bun[j - 1]: raise Err(2, pj, f"rollup {q(x)} repeated in the bundle")
            if j and x.encode() < bun[j - 1].encode():
                raise Err(2, pj, f"rollup {q(x)} is out of order: a bundle must be sorted in ascending byte order")
        amt = chk_amount(b["amount"], p + ".amount")
        if "xor" in b: chk_id(b["xor"], p + ".xor")
        chk_hex(b["sig"], p + ".sig", 64)
        bids[bid] = b
    # bidset.md check 9: every value and bound must stay an amount
    if sum(reserve.values()) + sum(int(b["amount"]) for b in bs) >= 2**256:
        raise Err(2, "", "all reserves and bid amounts add up to 2^256 or more")
    if verify_sigs:
        for i, b in enumerate(bs):
            m = digest("bid", mp, ep, {k: v for k, v in b.items() if k != "sig"})
            if not sig_ok(b["bidder"], m, b["sig"]):
                raise Err(1, f"bids[{i}].sig", f"signature of bid {q(b['id'])} does not verify")
    return dict(mp=mp, ep=ep, slots=s, order=order, reserve=reserve, bids=bids,
                digest=digest("bidset", mp, ep, doc))

# ---------- revenue split (allocation.md) ----------
def split(bundle, amount, reserve):
    R = sum(reserve[r] for r in bundle)
    S = amount - R
    n = len(bundle)
    got, frac = {}, {}
    for r in bundle:
        if R == 0:
            got[r], frac[r] = S // n, S % n
        else:
            got[r], frac[r] = reserve[r] + S * reserve[r] // R, S * reserve[r] % R
    rem = amount - sum(got.values())
    for r in sorted(bundle, key=lambda r: (-frac[r], r.encode()))[:rem]:
        got[r] += 1
    return got

def gap_str(bound, value):
    if bound == value or bound == 0: return "0.000000000"
    num = (bound - value) * 10**9
    g = -(-num // bound)
    return f"{g // 10**9}.{g % 10**9:09d}"

# ---------- allocation (allocation.md "Checks") ----------
def check_allocation(bsdoc, adoc):
    B = check_bidset(bsdoc)
    a = adoc
    chk_keys(a, "", ["format", "marketplace", "epoch", "bidset", "slots", "winners", "unsold", "rollups", "value", "search"])
    chk_format(a["format"], "format", "gavel.allocation.v1")
    mp = chk_id(a["marketplace"], "marketplace")
    ep = chk_int(a["epoch"], "epoch")
    chk_hex(a["bidset"], "bidset", 32)
    if mp != B["mp"]: raise Err(1, "marketplace", f"allocation is for marketplace {q(mp)}, the bid set for {q(B['mp'])}")
    if ep != B["ep"]: raise Err(1, "epoch", f"allocation is for epoch {ep}, the bid set for epoch {B['ep']}")
    if a["bidset"] != B["digest"]: raise Err(1, "bidset", "digest does not match the bid set")
    s = chk_obj(a["slots"], "slots"); chk_keys(s, "slots", ["first", "count"])
    chk_int(s["first"], "slots.first"); chk_int(s["count"], "slots.count")
    if s["first"] != B["slots"]["first"] or s["count"] != B["slots"]["count"]:
        raise Err(1, "slots", "differ from the slots of the bid set")
    ws = chk_arr(a["winners"], "winners")
    nr = len(B["order"])
    if len(ws) > nr: raise Err(1, "winners", f"{len(ws)} winners but only {nr} rollups")
    prev = None
    seen = set()
    for i, w in enumerate(ws):
        p = f"winners[{i}]"
        chk_obj(w, p); chk_keys(w, p, ["bid", "bidder", "bundle", "pays"])
        bid = chk_id(w["bid"], p + ".bid")
        chk_hex(w["bidder"], p + ".bidder", 32)
        pays = chk_amount(w["pays"], p + ".pays")
        if prev is not None and bid == prev: raise Err(1, p, f"bid {q(bid)} wins twice")
        if prev is not None and bid.encode() < prev.encode():
            raise Err(2, p, f"winner {q(bid)} is out of order: winners must be sorted by bid id")
        prev = bid; seen.add(bid)
        b = B["bids"].get(bid)
        if b is None: raise Err(1, p, f"unknown bid {q(bid)}")
        if w["bidder"] != b["bidder"]: raise Err(1, p + ".bidder", f"is not the bidder of bid {q(bid)}")
        chk_arr(w["bundle"], p + ".bundle")
        if w["bundle"] != b["bundle"]: raise Err(1, p + ".bundle", f"differs from the bundle of bid {q(bid)}")
        if pays != int(b["amount"]):
            raise Err(1, p + ".pays", f"payment differs from the amount of bid {q(bid)} (first price: a winner pays its bid)")
    owner, xorg = {}, {}
    for i, w in enumerate(ws):
        p = f"winners[{i}]"
        b = B["bids"][w["bid"]]
        for r in b["bundle"]:
            if r in owner: raise Err(1, p, f"bid {q(b['id'])} overlaps bid {q(owner[r])} on rollup {q(r)}")
        if "xor" in b:
            if b["xor"] in xorg:
                raise Err(1, p, f"bid {q(b['id'])} and bid {q(xorg[b['xor']])} are both in XOR group {q(b['xor'])}")
            xorg[b["xor"]] = b["id"]
        if int(b["amount"]) < sum(B["reserve"][r] for r in b["bundle"]):
            raise Err(1, p, f"bid {q(b['id'])} is below the sum of the reserves of its bundle")
        for r in b["bundle"]: owner[r] = b["id"]
    expected = [r for r in B["order"] if r not in owner]
    us = chk_arr(a["unsold"], "unsold")
    for k, r in enumerate(expected):
        if k >= len(us): raise Err(1, "unsold", f"rollup {q(r)} is unsold but not listed")
        chk_id(us[k], f"unsold[{k}]")
        if us[k] != r:
            raise Err(1, f"unsold[{k}]", f"expected unsold rollup {q(r)}, found {q(us[k])}")
    if len(us) > len(expected): raise Err(1, f"unsold[{len(expected)}]", "lists a rollup that is sold or unknown")
    recv = {r: 0 for r in B["order"]}
    for w in ws:
        b = B["bids"][w["bid"]]
        recv.update(split(b["bundle"], int(b["amount"]), B["reserve"]))
    rr = chk_arr(a["rollups"], "rollups")
    if len(rr) != nr: raise Err(1, "rollups", f"{len(rr)} entries, the bid set has {nr} rollups")
    for i, e in enumerate(rr):
        p = f"rollups[{i}]"
        chk_obj(e, p); chk_keys(e, p, ["id", "receives"])
        r = B["order"][i]
        chk_id(e["id"], p + ".id")
        if e["id"] != r: raise Err(1, p, f"expected rollup {q(r)} (the bid set's order)")
        got = chk_amount(e["receives"], p + ".receives")
        if got != recv[r]: raise Err(1, p + ".receives", f"rollup {r} should receive {recv[r]}")
    val = sum(int(B["bids"][w["bid"]]["amount"]) for w in ws) + sum(B["reserve"][r] for r in expected)
    v = chk_amount(a["value"], "value")
    if v != val: raise Err(1, "value", f"is not the value of the allocation, which is {val}")
    se = chk_obj(a["search"], "search")
    chk_keys(se, "search", ["status", "stop", "bound", "gap"], ["time_limit_ms", "time_used_ms"])
    st = chk_str(se["status"], "search.status")
    if st not in ("optimal", "feasible"): raise Err(2, "search.status", f"unknown status {q(st)}")
    sp = chk_str(se["stop"], "search.stop")
    if sp not in ("complete", "time-limit", "signal"): raise Err(2, "search.stop", f"unknown stop {q(sp)}")
    bound = chk_amount(se["bound"], "search.bound")
    gap = chk_str(se["gap"], "search.gap")
    for k in ("time_limit_ms", "time_used_ms"):
        if (k in se) != (sp != "complete"):
            raise Err(2, "search", 'time_limit_ms and time_used_ms are present exactly when stop is not "complete"')
        if k in se: chk_int(se[k], "search." + k)
    if bound < v: raise Err(1, "search.bound", "is below the value of the allocation")
    if st == "optimal" and bound > v: raise Err(1, "search.bound", "status is optimal but the bound is above the value")
    if st == "optimal" and sp != "complete": raise Err(1, "search.status", "status is optimal but the search did not complete")
    g = gap_str(bound, v)
    if gap != g: raise Err(1, "search.gap", f"is {q(gap)}, (bound - value) / bound rounded up is {q(g)}")
    # check 12: one addable bid (its rollups unsold, its XOR group unused) refutes a claim
    used = {B["bids"][w["bid"]].get("xor") for w in ws} - {None}
    for bid in sorted(B["bids"], key=lambda x: x.encode()):
        b = B["bids"][bid]
        if b.get("xor") in used or any(r in owner for r in b["bundle"]): continue
        n = v + int(b["amount"]) - sum(B["reserve"][r] for r in b["bundle"])
        if n <= bound: continue
        if st == "optimal":
            raise Err(1, "search.status", f"status is optimal but bid {q(bid)} can be added as it is (its rollups unsold, its XOR group unused), which makes the value {n}")
        raise Err(1, "search.bound", f"is below {n}, the value with bid {q(bid)} added as it is (its rollups unsold, its XOR group unused)")
    return f"valid: allocation for epoch {ep} of marketplace {mp}, bid set {B['digest']}; "

# ---------- receipt ----------
RV2 = "gavel.receipt.v2"

def check_receipt(r, path):
    """a v1 or v2 receipt (receipt.md); any other format names both"""
    f = r.get("format") if isinstance(r, dict) else None
    if f == RV2: return check_receipt_v2(r, path)
    if isinstance(f, str) and f != "gavel.receipt.v1":
        raise Err(2, P(path, "format"), f'unsupported format {q(f)}, expected "gavel.receipt.v1" or "{RV2}"')
    chk_obj(r, path)
    chk_keys(r, path, ["format", "marketplace", "epoch", "rollup", "slot", "sequencer", "promise", "sig"])
    chk_format(r["format"], P(path, "format"), "gavel.receipt.v1")
    chk_id(r["marketplace"], P(path, "marketplace")); chk_int(r["epoch"], P(path, "epoch"))
    chk_id(r["rollup"], P(path, "rollup")); chk_int(r["slot"], P(path, "slot"))
    chk_hex(r["sequencer"], P(path, "sequencer"), 32)
    check_promise(r["promise"], P(path, "promise"))
    chk_hex(r["sig"], P(path, "sig"), 64)

def check_receipt_v2(r, path):
    """receipt.md "Version 2": atomic legs, one per rollup, ascending"""
    chk_obj(r, path)
    chk_keys(r, path, ["format", "marketplace", "epoch", "slot", "sequencer", "holder", "collateral", "legs", "sig"])
    chk_format(r["format"], P(path, "format"), RV2)
    chk_id(r["marketplace"], P(path, "marketplace")); chk_int(r["epoch"], P(path, "epoch"))
    chk_int(r["slot"], P(path, "slot"))
    chk_hex(r["sequencer"], P(path, "sequencer"), 32); chk_hex(r["holder"], P(path, "holder"), 32)
    chk_amount(r["collateral"], P(path, "collateral"))
    lp = P(path, "legs"); legs = chk_arr(r["legs"], lp)
    if not legs: raise Err(2, lp, "must hold at least 1 leg")
    if len(legs) > 16: raise Err(2, lp, f"{len(legs)} legs, the limit is 16")
    for i, l in enumerate(legs):
        p = f"{lp}[{i}]"
        chk_obj(l, p); chk_keys(l, p, ["rollup", "promise"]); chk_id(l["rollup"], P(p, "rollup"))
        if i and legs[i - 1]["rollup"].encode() >= l["rollup"].encode():
            raise Err(2, P(p, "rollup"), f"rollup {q(l['rollup'])} is out of order or repeated: legs must be sorted "
                                         "by rollup in ascending byte order, one leg per rollup")
        check_promise(l["promise"], P(p, "promise"))
    chk_hex(r["sig"], P(path, "sig"), 64)

def leg_view(e):
    """(rollup, promise, path) of the promise judged: receipts[0], or its leg (evidence.md)"""
    r0 = e["receipts"][0]
    if r0["format"] == RV2:
        L = e["leg"]; l = r0["legs"][L]
        return l["rollup"], l["promise"], f"receipts[0].legs[{L}]"
    return r0["rollup"], r0["promise"], "receipts[0]"

def check_delegation_at(d, path):
    """delegation.md's checks, paths under path"""
    chk_obj(d, path)
    chk_keys(d, path, ["format", "marketplace", "epoch", "sequencer", "gateway", "rollups", "slots", "sig"])
    chk_format(d["format"], P(path, "format"), "gavel.delegation.v1")
    chk_id(d["marketplace"], P(path, "marketplace")); chk_int(d["epoch"], P(path, "epoch"))
    chk_hex(d["sequencer"], P(path, "sequencer"), 32); chk_hex(d["gateway"], P(path, "gateway"), 32)
    rp = P(path, "rollups"); rs = chk_arr(d["rollups"], rp)
    if not rs: raise Err(2, rp, "must not be empty")
    if len(rs) > 64: raise Err(2, rp, f"{len(rs)} rollups, the limit is 64")
    for i, r in enumerate(rs):
        chk_id(r, f"{rp}[{i}]")
        if i and rs[i - 1].encode() >= r.encode():
            raise Err(2, f"{rp}[{i}]", f"rollup {q(r)} is out of order or repeated: rollups must be sorted in ascending byte order")
    sp = P(path, "slots"); sl = chk_obj(d["slots"], sp); chk_keys(sl, sp, ["first", "count"])
    chk_int(sl["first"], P(sp, "first")); chk_int(sl["count"], P(sp, "count"))
    if sl["count"] == 0: raise Err(2, P(sp, "count"), "must be at least 1")
    if sl["first"] + sl["count"] - 1 > MAXINT: raise Err(2, sp, "last slot (first + count - 1) exceeds 2^53-1")
    chk_hex(d["sig"], P(path, "sig"), 64)

def delegation_digest(d):
    return digest("delegation", d["marketplace"], d["epoch"], {k: v for k, v in d.items() if k != "sig"})

def check_promise(prm, pp):
    pr = chk_obj(prm, pp)
    if "kind" not in pr: raise Err(2, P(pp, "kind"), "missing")
    k = chk_str(pr["kind"], P(pp, "kind"))
    if k not in ("tx", "state"): raise Err(2, P(pp, "kind"), f'unknown promise kind {q(k)}, expected "tx" or "state"')
    f = "tx" if k == "tx" else "root"
    chk_keys(pr, pp, ["kind", "position", f])
    chk_int(pr["position"], P(pp, "position")); chk_hex(pr[f], P(pp, f), 32)

def receipt_digest(r):
    return digest("receipt", r["marketplace"], r["epoch"], {k: v for k, v in r.items() if k != "sig"})

def receipt_sig_ok(r):
    return sig_ok(r["sequencer"], receipt_digest(r), r["sig"])

# ---------- evidence: digests and fault identity ----------
def evidence_ids(e):
    r = e["receipts"][0]; R, pr, _ = leg_view(e)
    ident = {"kind": e["kind"], "rollup": R, "sequencer": r["sequencer"], "slot": r["slot"]}
    if e["kind"] != "liveness": ident["position"] = pr["position"]
    return digest("evidence", e["marketplace"], e["epoch"], e), digest("fault", e["marketplace"], e["epoch"], ident)


# ---------- stake table, certificate (stake-table.md, certificate.md) ----------
class Emb(Err):
    """an error inside an embedded document: 'EMBED: PATH: problem'"""

def embed(prefix, fn, *a):
    try: return fn(*a)
    except Err as e:
        raise Err(e.code, prefix + (": " + e.path if e.path else ""), e.msg)

def check_stake_table(t):
    chk_obj(t, "")
    chk_keys(t, "", ["format", "marketplace", "epoch", "entries"])
    chk_format(t["format"], "format", "gavel.stake-table.v1")
    chk_id(t["marketplace"], "marketplace"); chk_int(t["epoch"], "epoch")
    es = chk_arr(t["entries"], "entries")
    if len(es) > 100000: raise Err(2, "entries", f"{len(es)} entries, the limit is 100000")
    for i, e in enumerate(es):
        p = f"entries[{i}]"
        chk_obj(e, p); chk_keys(e, p, ["key", "stake"])
        chk_hex(e["key"], p + ".key", 32); chk_amount(e["stake"], p + ".stake")
    first = {}
    for i, e in enumerate(es):
        if e["key"] in first:
            raise Err(1, f"entries[{i}].key", f"duplicate key: entries {first[e['key']]} and {i} have the same key")
        first[e["key"]] = i

def check_cert_format(c):
    chk_obj(c, "")
    chk_keys(c, "", ["format", "marketplace", "epoch", "subject", "stake_table", "signatures"])
    chk_format(c["format"], "format", "gavel.certificate.v1")
    chk_id(c["marketplace"], "marketplace"); chk_int(c["epoch"], "epoch")
    s = chk_obj(c["subject"], "subject"); chk_keys(s, "subject", ["kind", "digest"])
    chk_id(s["kind"], "subject.kind"); chk_hex(s["digest"], "subject.digest", 32)
    chk_hex(c["stake_table"], "stake_table", 32)
    sg = chk_arr(c["signatures"], "signatures")
    if len(sg) > 100000: raise Err(2, "signatures", f"{len(sg)} signatures, the limit is 100000")
    prev = None
    for i, x in enumerate(sg):
        p = f"signatures[{i}]"
        chk_obj(x, p); chk_keys(x, p, ["signer", "sig"])
        n = chk_int(x["signer"], p + ".signer"); chk_hex(x["sig"], p + ".sig", 64)
        if prev is not None and n < prev:
            raise Err(2, p + ".signer", f"signer {n} is out of order: signatures must be sorted by signer in ascending order")
        prev = n

def check_cert(t, c, kind=None, ddigest=None):
    check_cert_format(c)
    if c["marketplace"] != t["marketplace"]:
        raise Err(1, "marketplace", f"marketplace mismatch: the certificate is for {q(c['marketplace'])}, the stake table for {q(t['marketplace'])}")
    if c["epoch"] != t["epoch"]:
        raise Err(1, "epoch", f"epoch mismatch: the certificate is for epoch {c['epoch']}, the stake table for epoch {t['epoch']}")
    td = digest("stake-table", t["marketplace"], t["epoch"], t)
    if c["stake_table"] != td:
        raise Err(1, "stake_table", f"stake table mismatch: the certificate names {c['stake_table']}, the table's digest is {td}")
    if kind is not None and c["subject"]["kind"] != kind:
        raise Err(1, "subject.kind", f"subject kind mismatch: the certificate certifies {q(c['subject']['kind'])}, expected {q(kind)}")   # message not in spec: gavel's
    if ddigest is not None and c["subject"]["digest"] != ddigest:
        raise Err(1, "subject.digest", f"subject digest mismatch: the certificate certifies {c['subject']['digest']}, the document's digest is {ddigest}")
    es = t["entries"]; seen = {}
    for i, x in enumerate(c["signatures"]):
        if x["signer"] in seen:
            raise Err(1, f"signatures[{i}].signer", f"duplicate signer {x['signer']}, also in signatures[{seen[x['signer']]}]")
        seen[x["signer"]] = i
    for i, x in enumerate(c["signatures"]):
        if x["signer"] >= len(es):
            raise Err(1, f"signatures[{i}].signer", f"signer {x['signer']} out of range: the stake table has {len(es)} entries")
    vote = digest("vote", c["marketplace"], c["epoch"], {"kind": c["subject"]["kind"], "digest": c["subject"]["digest"], "stake_table": c["stake_table"]})
    bad = [x["signer"] for x in c["signatures"] if not sig_ok(es[x["signer"]]["key"], vote, x["sig"])]
    if bad:
        raise Err(1, "signatures", f"{len(bad)} of {len(c['signatures'])} signatures do not verify: signer{'s' if len(bad) > 1 else ''} {', '.join(map(str, bad))}")
    T = sum(int(e["stake"]) for e in es); S = sum(int(es[x["signer"]]["stake"]) for x in c["signatures"])
    if not 3 * S > 2 * T:
        raise Err(1, "signatures", f"no quorum: signed stake {S} of total {T}, more than 2/3 needs at least {2*T//3+1}")

# ---------- evidence (evidence.md) ----------
KINDKEYS = {"inclusion": (["block", "block_certificate"], ["proof", "leg", "delegation"]),
            "state": (["block", "block_certificate"], ["proof", "leg", "delegation"]),
            "equivocation": ([], ["delegation"]), "liveness": (["slot_record", "slot_record_certificate"], ["leg", "delegation"])}

def check_block(b, path):
    chk_obj(b, path)
    chk_keys(b, path, ["format", "marketplace", "epoch", "rollup", "slot", "parent", "sequencer", "tx_count", "tx_root", "state_root"])
    chk_format(b["format"], P(path, "format"), "gavel.block.v1")
    chk_id(b["marketplace"], P(path, "marketplace")); chk_int(b["epoch"], P(path, "epoch"))
    chk_id(b["rollup"], P(path, "rollup")); chk_int(b["slot"], P(path, "slot"))
    chk_hex(b["parent"], P(path, "parent"), 32); chk_hex(b["sequencer"], P(path, "sequencer"), 32)
    chk_int(b["tx_count"], P(path, "tx_count"), 0, 2**32)
    chk_hex(b["tx_root"], P(path, "tx_root"), 32); chk_hex(b["state_root"], P(path, "state_root"), 32)

def check_slot_record(r, path):
    chk_obj(r, path)
    chk_keys(r, path, ["format", "marketplace", "epoch", "rollup", "slot", "sequencer"])
    chk_format(r["format"], P(path, "format"), "gavel.slot-record.v1")
    chk_id(r["marketplace"], P(path, "marketplace")); chk_int(r["epoch"], P(path, "epoch"))
    chk_id(r["rollup"], P(path, "rollup")); chk_int(r["slot"], P(path, "slot"))
    chk_hex(r["sequencer"], P(path, "sequencer"), 32)

PV2 = "gavel.slashing-params.v2"

def check_params(x, path):
    chk_obj(x, path)
    v2 = x.get("format") == PV2
    chk_keys(x, path, ["format", "marketplace", "epoch", "collateral", "penalties"] + (["recipients"] if v2 else []))
    chk_format(x["format"], P(path, "format"), PV2 if v2 else "gavel.slashing-params.v1")
    chk_id(x["marketplace"], P(path, "marketplace")); chk_int(x["epoch"], P(path, "epoch"))
    col = chk_amount(x["collateral"], P(path, "collateral"))
    pp = P(path, "penalties"); pe = chk_obj(x["penalties"], pp)
    ks = ["equivocation", "inclusion", "liveness", "state"]
    chk_keys(pe, pp, ks)
    for k in ks:
        if chk_amount(pe[k], P(pp, k)) > col: raise Err(2, P(pp, k), "penalty exceeds the collateral")
    if v2: check_recipients(x["recipients"], P(path, "recipients"))

def check_recipients(rc, rp):
    """slashing-params.md "Version 2": the holder's share and the others', 10000 bps in all"""
    chk_obj(rc, rp); chk_keys(rc, rp, ["holder_bps", "others"])
    total = chk_int(rc["holder_bps"], P(rp, "holder_bps"), 0, 10000)
    op = P(rp, "others"); os_ = chk_arr(rc["others"], op)
    if len(os_) > 16: raise Err(2, op, f"{len(os_)} recipients, the limit is 16")
    for i, o in enumerate(os_):
        p = f"{op}[{i}]"
        chk_obj(o, p); chk_keys(o, p, ["to", "bps"]); chk_id(o["to"], P(p, "to"))
        if o["to"] == "holder": raise Err(2, P(p, "to"), '"holder" is the receipt holder\'s name, not another recipient\'s')
        if i and os_[i - 1]["to"].encode() >= o["to"].encode():
            raise Err(2, P(p, "to"), f'recipient {q(o["to"])} is out of order or repeated: others must be sorted by "to" in ascending byte order')
        chk_int(o["bps"], P(p, "bps"), 0, 10000); total += o["bps"]
    if total != 10000: raise Err(2, rp, f"shares add up to {total} bps, must be 10000")

def penalty_split(params, penalty):
    """[(to, amount)]: floors to the others, the rest to the holder (first)"""
    others = params.get("recipients", {}).get("others", []) if params["format"] == PV2 else []
    amts = [(o["to"], penalty * o["bps"] // 10000) for o in others]
    return [("holder", penalty - sum(a for _, a in amts))] + amts

def check_alloc_shape(a, path):
    chk_obj(a, path)
    chk_keys(a, path, ["format", "marketplace", "epoch", "bidset", "slots", "winners", "unsold", "rollups", "value", "search"])
    chk_format(a["format"], P(path, "format"), "gavel.allocation.v1")
    chk_id(a["marketplace"], P(path, "marketplace")); chk_int(a["epoch"], P(path, "epoch"))
    chk_hex(a["bidset"], P(path, "bidset"), 32)
    sp = P(path, "slots"); s = chk_obj(a["slots"], sp); chk_keys(s, sp, ["first", "count"])
    chk_int(s["first"], P(sp, "first")); chk_int(s["count"], P(sp, "count"))
    ws = chk_arr(a["winners"], P(path, "winners"))
    for i, w in enumerate(ws):
        p = f"{path}.winners[{i}]"
        chk_obj(w, p); chk_keys(w, p, ["bid", "bidder", "bundle", "pays"])
        chk_id(w["bid"], p + ".bid"); chk_hex(w["bidder"], p + ".bidder", 32)
        for j, r in enumerate(chk_arr(w["bundle"], p + ".bundle")): chk_id(r, f"{p}.bundle[{j}]")
    # evidence.md step 3: no rollup given to two winners
    seen = sorted(r for w in ws for r in w["bundle"])
    for x, y in zip(seen, seen[1:]):
        if x == y:
            raise Err(2, P(path, "winners"), f"the certified allocation gives rollup {q(x)} to two winners")

def rfc9162_root(index, size, leaf, path):
    """RFC 9162 2.1.3.2; returns the root or None (also for a wrong path length)."""
    if index >= size: return None
    fn, sn = index, size - 1
    r = hashlib.sha256(b"\0" + leaf).digest()
    for pth in path:
        if sn == 0: return None
        if fn & 1 or fn == sn:
            r = hashlib.sha256(b"\1" + pth + r).digest()
            if not fn & 1:
                while True:
                    fn >>= 1; sn >>= 1
                    if fn & 1 or fn == 0: break
        else:
            r = hashlib.sha256(b"\1" + r + pth).digest()
        fn >>= 1; sn >>= 1
    return r if sn == 0 else None

def check_evidence_format(e):
    chk_keys(e, "", ["format"], list(e))
    chk_format(e["format"], "format", "gavel.evidence.v1")
    if "kind" not in e: raise Err(2, "kind", "missing")
    k = chk_str(e["kind"], "kind")
    if k not in KINDKEYS:
        raise Err(2, "kind", f'unknown fault kind {q(k)}, expected "inclusion", "state", "equivocation" or "liveness"')
    req, opt = KINDKEYS[k]
    chk_keys(e, "", ["format", "marketplace", "epoch", "kind", "context", "receipts"] + req, opt)
    chk_id(e["marketplace"], "marketplace"); chk_int(e["epoch"], "epoch")
    c = chk_obj(e["context"], "context")
    chk_keys(c, "context", ["stake_table", "allocation", "allocation_certificate", "params", "params_certificate"])
    try:
        check_stake_table(c["stake_table"])
    except Err as x:
        raise Err(2, "context.stake_table" + (": " + x.path if x.path else ""), x.msg)
    check_alloc_shape(c["allocation"], "context.allocation")
    check_params(c["params"], "context.params")
    rs = chk_arr(e["receipts"], "receipts")
    n = 2 if k == "equivocation" else 1
    if len(rs) != n:
        raise Err(2, "receipts", f"{k} evidence carries exactly {n} receipt{'s' if n > 1 else ''}, found {len(rs)}")
    for i, r in enumerate(rs):
        check_receipt(r, f"receipts[{i}]")
        if k == "equivocation" and r["format"] == RV2:
            raise Err(2, f"receipts[{i}]", "equivocation evidence compares gavel.receipt.v1 receipts (conflicting "
                                           "atomic receipts are not specified yet)")
    if k == "equivocation" and receipt_digest(rs[0]) > receipt_digest(rs[1]):
        raise Err(2, "receipts", "out of order: the receipts of an equivocation must be sorted by receipt digest, ascending")
    if rs[0]["format"] == RV2 and k != "equivocation":
        if "leg" not in e: raise Err(2, "leg", "missing: receipts[0] is an atomic receipt (gavel.receipt.v2), name the broken leg")
        chk_int(e["leg"], "leg"); n = len(rs[0]["legs"])
        if e["leg"] >= n: raise Err(2, "leg", f"receipts[0] has {n} leg{'' if n == 1 else 's'}, no leg {e['leg']}")
    elif "leg" in e:
        raise Err(2, "leg", "only an atomic receipt (gavel.receipt.v2) has legs")
    if "delegation" in e: check_delegation_at(e["delegation"], "delegation")
    if k in ("inclusion", "state"):
        check_block(e["block"], "block")
        if "proof" in e:
            pr = chk_obj(e["proof"], "proof"); chk_keys(pr, "proof", ["index", "leaf", "path"])
            chk_int(pr["index"], "proof.index"); chk_hex(pr["leaf"], "proof.leaf", 32)
            pa = chk_arr(pr["path"], "proof.path")
            if len(pa) > 64: raise Err(2, "proof.path", f"{len(pa)} hashes, the limit is 64")
            for i, h in enumerate(pa):
                if not (isinstance(h, str) and len(h) == 64 and all(ch in "0123456789abcdef" for ch in h)):
                    raise Err(2, f"proof.path[{i}]", "must be 64 lowercase hex digits (32 bytes)")
    if k == "liveness":
        check_slot_record(e["slot_record"], "slot_record")

def same_mp_epoch(doc, e, path, what):
    if doc["marketplace"] != e["marketplace"]:
        raise Err(1, path, f"{what} is for marketplace {q(doc['marketplace'])}, the evidence for {q(e['marketplace'])}")
    if doc["epoch"] != e["epoch"]:
        raise Err(1, path, f"{what} is for epoch {doc['epoch']}, the evidence for epoch {e['epoch']}")

def evidence_verdict(e, T):
    """returns (exit code, reason): 0/None slashable, 1 not slashable; raises Err(2) if malformed.
    T is the caller's trusted stake table (already checked): every certificate is checked against it."""
    check_evidence_format(e)
    try:
        check_slashable(e, T); return 0, None
    except Err as x:
        if x.code == 2: raise
        return 1, (f"{x.path}: {x.msg}" if x.path else x.msg)

def check_slashable(e, T):
    k = e["kind"]; c = e["context"]; a = c["allocation"]
    mine = digest("stake-table", c["stake_table"]["marketplace"], c["stake_table"]["epoch"], c["stake_table"])
    trusted = digest("stake-table", T["marketplace"], T["epoch"], T)
    if mine != trusted:
        raise Err(1, "context.stake_table", f"is not the trusted stake table: the evidence embeds table {mine}, the caller trusts table {trusted}: not slashable")
    t = T
    same_mp_epoch(t, e, "context.stake_table", "stake table")
    same_mp_epoch(a, e, "context.allocation", "allocation")
    embed("context.allocation_certificate", check_cert, t, c["allocation_certificate"], "allocation", digest("allocation", a["marketplace"], a["epoch"], a))
    same_mp_epoch(c["params"], e, "context.params", "slashing parameters")
    embed("context.params_certificate", check_cert, t, c["params_certificate"], "slashing-params", digest("slashing-params", e["marketplace"], e["epoch"], c["params"]))
    rs = e["receipts"]
    for i, r in enumerate(rs):
        same_mp_epoch(r, e, f"receipts[{i}]", "receipt")
        if not receipt_sig_ok(r): raise Err(1, f"receipts[{i}].sig", "signature does not verify under the receipt's sequencer key")
    r0 = rs[0]; R, prm, rp = leg_view(e); dl = e.get("delegation")
    if dl is not None:
        same_mp_epoch(dl, e, "delegation", "delegation")
        if not sig_ok(dl["sequencer"], delegation_digest(dl), dl["sig"]):
            raise Err(1, "delegation.sig", "signature does not verify under the delegation's sequencer key")
        for i, r in enumerate(rs):
            if r["sequencer"] != dl["gateway"]:
                raise Err(1, f"receipts[{i}].sequencer", f"signed by {r['sequencer']}, not by the delegation's gateway {dl['gateway']}: not slashable")
        f0, n0 = dl["slots"]["first"], dl["slots"]["count"]
        if not (f0 <= r0["slot"] < f0 + n0 and R in dl["rollups"]):
            nr = len(dl["rollups"])
            raise Err(1, "delegation", f"does not cover rollup {q(R)} at slot {r0['slot']} (it covers slots {f0}..{f0 + n0 - 1} "
                                       f"of {nr} rollup{'' if nr == 1 else 's'}): not slashable")
    key = dl["sequencer"] if dl is not None else r0["sequencer"]
    answers = (r0["sequencer"],) + ((dl["sequencer"],) if dl is not None else ())
    if k == "equivocation":
        r1 = rs[1]
        if r1["sequencer"] != r0["sequencer"]: raise Err(1, "receipts[1].sequencer", "signed by another sequencer than receipts[0]: not equivocation")
        for f, pth in (("rollup", "rollup"), ("slot", "slot")):
            if r1[f] != r0[f]: raise Err(1, f"receipts[1].{pth}", "differs from receipts[0]: not equivocation")
        if r1["promise"]["position"] != r0["promise"]["position"]: raise Err(1, "receipts[1].promise.position", "differs from receipts[0]: not equivocation")
        if r1["promise"]["kind"] != r0["promise"]["kind"]:
            raise Err(1, "receipts[1].promise.kind", "differs from receipts[0]: a transaction and a state promise do not conflict, not equivocation")
        if r1["promise"] == r0["promise"]:
            raise Err(1, "receipts[1].promise", "same promise as receipts[0] (signature bytes are not compared): not equivocation")
    s = a["slots"]; lo, hi = s["first"], s["first"] + s["count"] - 1
    if not lo <= r0["slot"] <= hi:
        raise Err(1, f"{rp}.slot", f"slot {r0['slot']} is outside the allocation's slots {lo}..{hi}: no scheduled sequencer, not slashable")
    sched = None
    for w in a["winners"]:
        if R in w["bundle"]: sched = w["bidder"]; break
    if sched is None:
        raise Err(1, f"{rp}.rollup", f"rollup {q(R)} has no scheduled sequencer in the allocation (unsold or unknown): not slashable")
    if key != sched:
        raise Err(1, f"{rp}.sequencer", f"signer is not the scheduled sequencer of rollup {q(R)} at slot {r0['slot']} (the allocation schedules {sched}): not slashable")
    if k in ("inclusion", "state"):
        want = "tx" if k == "inclusion" else "state"
        if prm["kind"] != want:
            raise Err(1, f"{rp}.promise.kind", f"is {q(prm['kind'])}, {k} evidence needs a {q(want)} promise")
        b = e["block"]
        same_mp_epoch(b, e, "block", "block")
        if b["rollup"] != R: raise Err(1, "block.rollup", f"block is for rollup {q(b['rollup'])}, the receipt for {q(R)}")
        if b["slot"] != r0["slot"]: raise Err(1, "block.slot", f"block is for slot {b['slot']}, the receipt for slot {r0['slot']}")
        if b["sequencer"] not in answers:
            raise Err(1, "block.sequencer", "block was sequenced by neither the receipt's signer nor the delegating sequencer"
                      if dl is not None else "block was sequenced by another key than the receipt's signer")
        embed("block_certificate", check_cert, t, e["block_certificate"], "block", digest("block", b["marketplace"], b["epoch"], b))
        i, n = prm["position"], b["tx_count"]
        if i >= n:
            if "proof" in e: raise Err(1, "proof", f"the block has {n} transactions, so position {i} has no proof; omit it")
            return
        if "proof" not in e: raise Err(1, "proof", f"missing: the block has {n} transactions, so position {i} needs a Merkle proof")
        pr = e["proof"]
        if pr["index"] != i: raise Err(1, "proof.index", f"proves position {pr['index']}, the receipt promises position {i}")
        rootkey = "tx_root" if k == "inclusion" else "state_root"
        root = rfc9162_root(i, n, bytes.fromhex(pr["leaf"]), [bytes.fromhex(h) for h in pr["path"]])
        if root is None or root.hex() != b[rootkey]:
            raise Err(1, "proof", f"does not verify against the block's {rootkey} at position {i} of {n}")
        promised = prm["tx" if k == "inclusion" else "root"]
        if pr["leaf"] == promised:
            what = "transaction" if k == "inclusion" else "state root"
            raise Err(1, "proof.leaf", f"the block holds the promised {what} at position {i}: the promise was kept, not slashable")
        return
    if k == "liveness":
        sr = e["slot_record"]
        same_mp_epoch(sr, e, "slot_record", "slot record")
        if sr["rollup"] != R: raise Err(1, "slot_record.rollup", f"slot record is for rollup {q(sr['rollup'])}, the receipt for {q(R)}")
        if sr["slot"] != r0["slot"]: raise Err(1, "slot_record.slot", f"slot record is for slot {sr['slot']}, the receipt for slot {r0['slot']}")
        if sr["sequencer"] not in answers:
            raise Err(1, "slot_record.sequencer", "names neither the receipt's signer nor the delegating sequencer"
                      if dl is not None else "names another sequencer than the receipt's signer")
        embed("slot_record_certificate", check_cert, t, e["slot_record_certificate"], "slot-record", digest("slot-record", sr["marketplace"], sr["epoch"], sr))

def verdict(e, T):
    return evidence_verdict(e, T)

def esc(s):
    return "".join(ch if 0x20 <= ord(ch) < 0x7f and ch != "\\" else "".join(f"\\x{b:02x}" for b in ch.encode()) for ch in s)

def verdict_doc(e, T, code, reason):
    """verdict.md v2, as gavel prints it (two-space indentation, final newline)"""
    ev, fid = evidence_ids(e)
    r = e["receipts"][0]; td = digest("stake-table", T["marketplace"], T["epoch"], T)
    pa = e["context"]["params"]; dl = e.get("delegation")
    if dl is not None or r["format"] == RV2 or pa["format"] == PV2:
        return verdict3_doc(e, td, code, reason, ev, fid)
    v = {"format": "gavel.verdict.v2", "slashable": code == 0, "kind": e["kind"], "marketplace": e["marketplace"],
         "epoch": e["epoch"], "sequencer": r["sequencer"], "rollup": r["rollup"], "slot": r["slot"],
         "position": None if e["kind"] == "liveness" else r["promise"]["position"],
         "penalty": e["context"]["params"]["penalties"][e["kind"]] if code == 0 else "0",
         "evidence": ev, "fault_id": fid, "trust_root": td, "stake_table": td,
         "reason": None if code == 0 else esc(reason)}
    return json.dumps(v, indent=2) + "\n"

def verdict3_doc(e, td, code, reason, ev, fid):
    """verdict.md "Version 3": who answers, who signed, the leg, the cap and the split"""
    r = e["receipts"][0]; R, prm, _ = leg_view(e); pa = e["context"]["params"]; dl = e.get("delegation")
    v2 = r["format"] == RV2
    pen = int(pa["penalties"][e["kind"]]) if code == 0 else 0
    cap = max(int(pa["collateral"]), int(r["collateral"]) if v2 else 0) if code == 0 else 0
    rec = []
    if code == 0:
        for i, (to, amt) in enumerate(penalty_split(pa, pen)):
            rec.append({"to": to, "key": (r["holder"] if v2 else None) if i == 0 else None, "amount": str(amt)})
    v = {"format": "gavel.verdict.v3", "slashable": code == 0, "kind": e["kind"], "marketplace": e["marketplace"],
         "epoch": e["epoch"], "sequencer": dl["sequencer"] if dl is not None else r["sequencer"],
         "attributed_to": r["sequencer"], "delegation": delegation_digest(dl) if dl is not None else None,
         "rollup": R, "slot": r["slot"], "leg": e["leg"] if v2 and e["kind"] != "equivocation" else None,
         "position": None if e["kind"] == "liveness" else prm["position"],
         "penalty": str(pen), "cap": str(cap), "recipients": rec,
         "evidence": ev, "fault_id": fid, "trust_root": td, "stake_table": td,
         "reason": None if code == 0 else esc(reason)}
    return json.dumps(v, indent=2) + "\n"

def main(argv):
    cmd = argv[1]; fname = argv[-1]
    tool = "gavel-solve" if cmd == "bidset" else "gavel-verify"
    try:
        if cmd == "canon":
            doc = read_doc(argv[3]); v = dict(doc)
            if len(argv) > 5 and argv[4] == "--strip": v.pop(argv[5], None)
            print(digest(argv[2], doc["marketplace"], doc["epoch"], v)); return 0
        if cmd == "bidset":
            check_bidset(read_doc(argv[2])); print("ok"); return 0
        if cmd == "allocation":
            fn = argv[2]
            try: bs = read_doc(argv[2])
            except Err as e: raise
            fn = argv[3]
            try:
                B = check_bidset(bs)
            except Err as e:
                print(e.line(tool, argv[2]), file=sys.stderr); return e.code
            ad = read_doc(argv[3])
            print(check_allocation(bs, ad)); return 0
        if cmd == "receipt":
            d = read_doc(argv[2]); check_receipt(d, "")
            if not receipt_sig_ok(d): raise Err(1, "sig", "signature does not verify under the receipt's sequencer key")
            print(receipt_digest(d)); return 0
        if cmd == "certificate":
            fname = argv[2]; t = read_doc(argv[2], 32 << 20); check_stake_table(t)
            dd = None
            if len(argv) > 4:
                fname = argv[4]; D = read_doc(argv[4])
                chk_id(D.get("marketplace"), "marketplace"); chk_int(D.get("epoch"), "epoch")
            fname = argv[3]; c = read_doc(argv[3], 32 << 20)
            if len(argv) > 4:
                check_cert_format(c)
                dd = digest(c["subject"]["kind"], D["marketplace"], D["epoch"], D)
            check_cert(t, c, None, dd)
            es = t["entries"]; T = sum(int(e["stake"]) for e in es)
            S = sum(int(es[x["signer"]]["stake"]) for x in c["signatures"])
            print(f"valid: certificate of {c['subject']['kind']} {c['subject']['digest']} in epoch {c['epoch']} of marketplace {c['marketplace']}"
                  + (", the digest of the document" if dd else "") +
                  f": {len(c['signatures'])} signatures verified, signed stake {S} of total {T}, threshold {2*T//3+1} (more than 2/3)"
                  "; stake table taken on trust (no --trust-root)")
            return 0
        if cmd == "slashing":
            table = argv[3] if len(argv) == 5 and argv[2] == "--stake-table" else None
            fname = argv[-1]
            if table is None:
                raise Err(2, "--stake-table", "missing: no verdict without a stake table given by the caller "
                          "(the evidence's own context.stake_table is the accuser's word)")
            try:
                T = read_doc(table, 32 << 20); check_stake_table(T)
            except Err as x:
                print(Err(2, x.path, x.msg).line(tool, table), file=sys.stderr); return 2
            d = read_doc(fname, 16 * 1024 * 1024)
            code, reason = evidence_verdict(d, T)
            sys.stdout.write(verdict_doc(d, T, code, reason))
            if code: raise Err(code, "", reason)
            return 0
    except Err as e:
        if cmd in ("certificate", "slashing"): pass
        else: fname = argv[3] if cmd == "allocation" else (argv[3] if cmd == "canon" else argv[2])
        print(e.line(tool, fname), file=sys.stderr); return e.code

if __name__ == "__main__":
    sys.exit(main(sys.argv))
