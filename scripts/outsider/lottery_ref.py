#!/usr/bin/env python3
"""Outsider lottery epochs, written from formats/bidset-lottery.md and formats/allocation.md
("Version 2") alone (stdlib; the draw and next price from lottery.py).
usage: lottery_ref.py bidset BIDSET BLOCK CERT TABLE            (gavel-solve's checks, beacon included)
       lottery_ref.py allocation TABLE BIDSET ALLOC             (gavel-verify allocation --stake-table)
Prints the same one-line stderr message as gavel and exits with the same code."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gavel_ref as G
from gavel_ref import Err, q, chk_int, chk_str, chk_id, chk_hex, chk_amount, chk_obj, chk_keys, chk_arr, is_int
import lottery as L

MAXINT = 2**53 - 1


def check_bidset(doc, verify_sigs=True):
    """bidset-lottery.md "Checks, in order"; returns the parsed epoch."""
    chk_keys(doc, "", ["format", "marketplace", "epoch", "slots", "mode", "lottery", "rollups", "purchases"])
    G.chk_format(doc["format"], "format", "gavel.bidset.v4")
    mp = chk_id(doc["marketplace"], "marketplace")
    ep = chk_int(doc["epoch"], "epoch")
    s = chk_obj(doc["slots"], "slots"); chk_keys(s, "slots", ["first", "count"])
    first = chk_int(s["first"], "slots.first"); count = chk_int(s["count"], "slots.count")
    if not 1 <= count <= 1024: raise Err(2, "slots.count", "must be between 1 and 1024")
    if first + count - 1 > MAXINT: raise Err(2, "slots", "last slot (first + count - 1) exceeds 2^53-1")
    mode = chk_str(doc["mode"], "mode")
    if mode != "lottery": raise Err(2, "mode", f'unknown mode {q(mode)}, expected "lottery"')
    lo = chk_obj(doc["lottery"], "lottery")
    chk_keys(lo, "lottery", ["price", "target", "max_change_bps", "floor", "beacon"])
    price = chk_amount(lo["price"], "lottery.price")
    target = chk_int(lo["target"], "lottery.target")
    if target == 0: raise Err(2, "lottery.target", "must be at least 1")
    bps = chk_int(lo["max_change_bps"], "lottery.max_change_bps")
    if not 1 <= bps <= 10000: raise Err(2, "lottery.max_change_bps", "must be between 1 and 10000")
    floor = chk_amount(lo["floor"], "lottery.floor")
    be = chk_obj(lo["beacon"], "lottery.beacon")
    chk_keys(be, "lottery.beacon", ["kind", "rollup", "slot"])
    kind = chk_str(be["kind"], "lottery.beacon.kind")
    if kind != "certified-block":
        raise Err(2, "lottery.beacon.kind", f'unknown beacon kind {q(kind)}, expected "certified-block"')
    brollup = chk_id(be["rollup"], "lottery.beacon.rollup")
    bslot = chk_int(be["slot"], "lottery.beacon.slot")
    if bslot >= first:
        raise Err(2, "lottery.beacon.slot", f"must be below slots.first ({first}): the beacon must come after the purchases")
    rs = chk_arr(doc["rollups"], "rollups")
    if not rs: raise Err(2, "rollups", "must not be empty")
    if len(rs) > 256: raise Err(2, "rollups", f"{len(rs)} rollups, the limit is 256")
    reserve, order = {}, []
    for i, r in enumerate(rs):
        p = f"rollups[{i}]"
        chk_obj(r, p); chk_keys(r, p, ["id", "reserve"])
        rid = chk_id(r["id"], p + ".id"); res = chk_amount(r["reserve"], p + ".reserve")
        if order and rid.encode() == order[-1].encode(): raise Err(2, p, f"duplicate rollup {q(rid)}")
        if order and rid.encode() < order[-1].encode():
            raise Err(2, p, f"rollup {q(rid)} is out of order: rollups must be sorted by id in ascending byte order")
        order.append(rid); reserve[rid] = res
    ps = chk_arr(doc["purchases"], "purchases")
    if len(ps) > 16384: raise Err(2, "purchases", f"{len(ps)} purchases, the limit is 16384")
    prev = None
    for i, x in enumerate(ps):
        p = f"purchases[{i}]"
        chk_obj(x, p); chk_keys(x, p, ["id", "bidder", "bundle", "tickets", "sig"], ["xor"])
        pid = chk_id(x["id"], p + ".id")
        if prev is not None and pid.encode() == prev.encode(): raise Err(2, p, f"duplicate purchase {q(pid)}")
        if prev is not None and pid.encode() < prev.encode():
            raise Err(2, p, f"purchase {q(pid)} is out of order: purchases must be sorted by id in ascending byte order")
        prev = pid
        chk_hex(x["bidder"], p + ".bidder", 32)
        bun = chk_arr(x["bundle"], p + ".bundle")
        if not bun: raise Err(2, p + ".bundle", "empty bundle")
        if len(bun) > 64: raise Err(2, p + ".bundle", f"{len(bun)} rollups in one bundle, the limit is 64")
        for j, r in enumerate(bun):
            pj = f"{p}.bundle[{j}]"
            chk_id(r, pj)
            if r not in reserve: raise Err(2, pj, f"unknown rollup {q(r)}")
            if j and r == bun[j - 1]: raise Err(2, pj, f"rollup {q(r)} repeated in the bundle")
            if j and r.encode() < bun[j - 1].encode():
                raise Err(2, pj, f"rollup {q(r)} is out of order: a bundle must be sorted in ascending byte order")
        t = chk_int(x["tickets"], p + ".tickets")
        if t == 0: raise Err(2, p + ".tickets", "must be at least 1")
        if "xor" in x: chk_id(x["xor"], p + ".xor")
        chk_hex(x["sig"], p + ".sig", 64)
    # bundles: equal rollup lists; ordered element by element (a prefix first)
    key = lambda b: [r.encode() for r in b]
    bundles = sorted({tuple(x["bundle"]) for x in ps}, key=key)
    bix = {b: k for k, b in enumerate(bundles)}
    groups = sorted({(x["bidder"], x["xor"]) for x in ps if "xor" in x}, key=lambda g: (g[0], g[1].encode()))
    gix = {g: k for k, g in enumerate(groups)}
    # check 9, in purchase order
    sold = 0
    btick = [0] * len(bundles); bgroups = [[] for _ in bundles]; bpur = [[] for _ in bundles]
    for i, x in enumerate(ps):
        k = bix[tuple(x["bundle"])]
        if sold + x["tickets"] > MAXINT:
            raise Err(2, f"purchases[{i}].tickets", "the purchases hold more than 2^53-1 tickets")
        sold += x["tickets"]; btick[k] += x["tickets"]; bpur[k].append(i)
        if "xor" in x:
            g = gix[(x["bidder"], x["xor"])]
            if g not in bgroups[k]:
                if len(bundles[k]) + len(bgroups[k]) + 1 > 64:
                    raise Err(2, f"purchases[{i}].xor", f"bundle {q('+'.join(bundles[k]))} has {len(bundles[k])} rollups and "
                              f"{len(bgroups[k]) + 1} XOR groups, the limit is 64 in all")
                bgroups[k].append(g)
    if sum(reserve.values()) + sold * price >= 2**256:
        raise Err(2, "", "all reserves and ticket amounts add up to 2^256 or more")
    if verify_sigs:
        for i, x in enumerate(ps):
            m = G.digest("purchase", mp, ep, dict({k: v for k, v in x.items() if k != "sig"}, lottery=lo))
            if not G.sig_ok(x["bidder"], m, x["sig"]):
                raise Err(1, f"purchases[{i}].sig", f"signature of purchase {q(x['id'])} does not verify")
    return dict(mp=mp, ep=ep, first=first, count=count, price=price, target=target, bps=bps, floor=floor,
                brollup=brollup, bslot=bslot, order=order, reserve=reserve, purchases=ps, bundles=bundles,
                bix=bix, btick=btick, bgroups=[sorted(g) for g in bgroups], bpur=bpur, groups=groups,
                gix=gix, sold=sold, digest=G.digest("bidset", mp, ep, doc))


def name(B, k): return "+".join(B["bundles"][k])


def check_beacon_block(B, blk, path):
    """The named block of this marketplace; returns its digest, the beacon value."""
    G.check_block(blk, path)
    if blk["marketplace"] != B["mp"]:
        raise Err(1, path, f"is the block of marketplace {q(blk['marketplace'])}, not {q(B['mp'])}")
    if blk["rollup"] != B["brollup"] or blk["slot"] != B["bslot"]:
        raise Err(1, path, f"is the block of rollup {q(blk['rollup'])} slot {blk['slot']}, the bid set names rollup "
                  f"{q(B['brollup'])} slot {B['bslot']}")
    return G.digest("block", blk["marketplace"], blk["epoch"], blk)


def strict_eq(a, b):
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(strict_eq(a[k], b[k]) for k in a)
    if is_int(a): return is_int(b) and a == b
    return type(a) == type(b) and a == b


def holder(B, i):
    x = B["purchases"][i]
    return {"purchase": x["id"], "bidder": x["bidder"], "tickets": x["tickets"], "pays": str(x["tickets"] * B["price"])}


def check_allocation(B, T, a):
    chk_obj(a, "")
    chk_keys(a, "", ["format", "marketplace", "epoch", "bidset", "slots", "price", "winners", "unsold", "rollups",
                     "value", "search", "refunds", "beacon", "schedule", "sold", "next_price"])
    G.chk_format(a["format"], "format", "gavel.allocation.v2")
    mp = chk_id(a["marketplace"], "marketplace"); ep = chk_int(a["epoch"], "epoch")
    chk_hex(a["bidset"], "bidset", 32)
    if mp != B["mp"]: raise Err(1, "marketplace", f"allocation is for marketplace {q(mp)}, the bid set for {q(B['mp'])}")
    if ep != B["ep"]: raise Err(1, "epoch", f"allocation is for epoch {ep}, the bid set for epoch {B['ep']}")
    if a["bidset"] != B["digest"]: raise Err(1, "bidset", "digest does not match the bid set")
    s = chk_obj(a["slots"], "slots"); chk_keys(s, "slots", ["first", "count"])
    chk_int(s["first"], "slots.first"); chk_int(s["count"], "slots.count")
    if (s["first"], s["count"]) != (B["first"], B["count"]): raise Err(1, "slots", "differ from the slots of the bid set")
    if chk_amount(a["price"], "price") != B["price"]:
        raise Err(1, "price", f"differs from the ticket price of the bid set ({B['price']})")
    # 4. winners
    ws = chk_arr(a["winners"], "winners")
    win = []
    for i, w in enumerate(ws):
        p = f"winners[{i}]"
        chk_obj(w, p); chk_keys(w, p, ["bundle", "tickets", "pays", "holders"])
        bun = chk_arr(w["bundle"], p + ".bundle")
        for j, r in enumerate(bun): chk_id(r, f"{p}.bundle[{j}]")
        k = B["bix"].get(tuple(bun))
        if k is None: raise Err(1, p + ".bundle", "no purchase is on this bundle")
        if win and k == win[-1]: raise Err(1, p, f"bundle {q(name(B, k))} wins twice")
        if win and k < win[-1]: raise Err(1, p, f"bundle {q(name(B, k))} is out of order: winners must be sorted by bundle")
        win.append(k)
        t = chk_int(w["tickets"], p + ".tickets"); pays = chk_amount(w["pays"], p + ".pays")
        if t != B["btick"][k]: raise Err(1, p + ".tickets", f"bundle {q(name(B, k))} holds {B['btick'][k]} tickets")
        if pays != B["btick"][k] * B["price"]:
            raise Err(1, p + ".pays", f"bundle {q(name(B, k))} pays {B['btick'][k] * B['price']} (its tickets times the price)")
        hs = chk_arr(w["holders"], p + ".holders")
        if len(hs) != len(B["bpur"][k]):
            raise Err(1, p + ".holders", f"{len(hs)} entries, bundle {q(name(B, k))} has {len(B['bpur'][k])} purchases")
        for j, pi in enumerate(B["bpur"][k]):
            h = holder(B, pi)
            if not strict_eq(h, hs[j]):
                raise Err(1, f"{p}.holders[{j}]", f"expected purchase {q(h['purchase'])} (bidder {h['bidder']}, "
                          f"{h['tickets']} tickets, paying {h['pays']})")
    # 5. feasibility
    owner, gowner = {}, {}
    for i, k in enumerate(win):
        p = f"winners[{i}]"
        for r in B["bundles"][k]:
            if r in owner: raise Err(1, p, f"bundle {q(name(B, k))} overlaps bundle {q(name(B, owner[r]))} on rollup {q(r)}")
            owner[r] = k
        for g in B["bgroups"][k]:
            if g in gowner:
                bidder, x = B["groups"][g]
                raise Err(1, p, f"bundle {q(name(B, gowner[g]))} and bundle {q(name(B, k))} both hold XOR group {q(x)} of bidder {bidder}")
            gowner[g] = k
        if B["btick"][k] * B["price"] < sum(B["reserve"][r] for r in B["bundles"][k]):
            raise Err(1, p, f"bundle {q(name(B, k))} is below the sum of the reserves of its bundle")
    # 6. unsold, rollups, value (allocation.md v1 checks 8 to 10)
    expected = [r for r in B["order"] if r not in owner]
    us = chk_arr(a["unsold"], "unsold")
    for k, r in enumerate(expected):
        if k >= len(us): raise Err(1, "unsold", f"rollup {q(r)} is unsold but not listed")
        chk_id(us[k], f"unsold[{k}]")
        if us[k] != r: raise Err(1, f"unsold[{k}]", f"expected unsold rollup {q(r)}, found {q(us[k])}")
    if len(us) > len(expected): raise Err(1, f"unsold[{len(expected)}]", "lists a rollup that is sold or unknown")
    recv = {r: 0 for r in B["order"]}
    for k in win: recv.update(G.split(list(B["bundles"][k]), B["btick"][k] * B["price"], B["reserve"]))
    rr = chk_arr(a["rollups"], "rollups")
    if len(rr) != len(B["order"]): raise Err(1, "rollups", f"{len(rr)} entries, the bid set has {len(B['order'])} rollups")
    for i, e in enumerate(rr):
        p = f"rollups[{i}]"
        chk_obj(e, p); chk_keys(e, p, ["id", "receives"])
        r = B["order"][i]; chk_id(e["id"], p + ".id")
        if e["id"] != r: raise Err(1, p, f"expected rollup {q(r)} (the bid set's order)")
        if chk_amount(e["receives"], p + ".receives") != recv[r]: raise Err(1, p + ".receives", f"rollup {r} should receive {recv[r]}")
    val = sum(B["btick"][k] * B["price"] for k in win) + sum(B["reserve"][r] for r in expected)
    v = chk_amount(a["value"], "value")
    if v != val: raise Err(1, "value", f"is not the value of the allocation, which is {val}")
    # 7. search, and one addable bundle refutes a claim
    se = chk_obj(a["search"], "search")
    chk_keys(se, "search", ["status", "stop", "bound", "gap"], ["time_limit_ms", "time_used_ms"])
    st = chk_str(se["status"], "search.status"); sp = chk_str(se["stop"], "search.stop")
    gap = chk_str(se["gap"], "search.gap")
    if st not in ("optimal", "feasible"): raise Err(2, "search.status", f"unknown status {q(st)}")
    if sp not in ("complete", "time-limit", "signal"): raise Err(2, "search.stop", f"unknown stop {q(sp)}")
    for k in ("time_limit_ms", "time_used_ms"):
        if (k in se) != (sp != "complete"):
            raise Err(2, "search", 'time_limit_ms and time_used_ms are present exactly when stop is not "complete"')
    for k in ("time_limit_ms", "time_used_ms"):
        if k in se: chk_int(se[k], "search." + k)
    bound = chk_amount(se["bound"], "search.bound")
    if bound < v: raise Err(1, "search.bound", "is below the value of the allocation")
    if st == "optimal" and bound > v: raise Err(1, "search.bound", "status is optimal but the bound is above the value")
    if st == "optimal" and sp != "complete": raise Err(1, "search.status", "status is optimal but the search did not complete")
    g = G.gap_str(bound, v)
    if gap != g: raise Err(1, "search.gap", f"is {q(gap)}, (bound - value) / bound rounded up is {q(g)}")
    for k in range(len(B["bundles"])):
        if k in win or any(r in owner for r in B["bundles"][k]) or any(x in gowner for x in B["bgroups"][k]): continue
        n = v + B["btick"][k] * B["price"] - sum(B["reserve"][r] for r in B["bundles"][k])
        if n <= bound: continue
        if st == "optimal":
            raise Err(1, "search.status", f"status is optimal but bid {q(name(B, k))} can be added as it is (its rollups unsold, its XOR group unused), which makes the value {n}")
        raise Err(1, "search.bound", f"is below {n}, the value with bid {q(name(B, k))} added as it is (its rollups unsold, its XOR group unused)")
    # 8. refunds
    rf = chk_arr(a["refunds"], "refunds")
    n = 0
    for i, x in enumerate(B["purchases"]):
        if B["bix"][tuple(x["bundle"])] in win: continue
        want = {"purchase": x["id"], "bidder": x["bidder"], "amount": str(x["tickets"] * B["price"])}
        if n >= len(rf): raise Err(1, "refunds", f"purchase {q(x['id'])} is refunded but not listed")
        if not strict_eq(want, rf[n]):
            raise Err(1, f"refunds[{n}]", f"expected the refund of purchase {q(x['id'])} (bidder {x['bidder']}, amount {want['amount']})")
        n += 1
    if n < len(rf): raise Err(1, f"refunds[{n}]", "lists a purchase that is not refunded")
    # 9. beacon
    be = chk_obj(a["beacon"], "beacon")
    chk_keys(be, "beacon", ["rollup", "slot", "value", "block", "certificate"])
    br = chk_id(be["rollup"], "beacon.rollup"); bsl = chk_int(be["slot"], "beacon.slot")
    if (br, bsl) != (B["brollup"], B["bslot"]):
        raise Err(1, "beacon", f"names rollup {q(br)} slot {bsl}, the bid set names rollup {q(B['brollup'])} slot {B['bslot']}")
    claimed = chk_hex(be["value"], "beacon.value", 32)
    value = check_beacon_block(B, be["block"], "beacon.block")
    if claimed != value: raise Err(1, "beacon.value", f"is not the digest of the beacon block ({value})")
    G.embed("beacon.certificate", G.check_cert, T, be["certificate"], "block", value)
    # 10. schedule
    sc = chk_arr(a["schedule"], "schedule")
    if len(sc) != B["count"]: raise Err(1, "schedule", f"{len(sc)} entries, the epoch has {B['count']} slots")
    for i, e in enumerate(sc):
        p = f"schedule[{i}]"
        chk_obj(e, p); chk_keys(e, p, ["slot", "draws"])
        slot = chk_int(e["slot"], p + ".slot")
        d = chk_arr(e["draws"], p + ".draws")
        for k, x in enumerate(d): chk_id(x, f"{p}.draws[{k}]")
        if slot != B["first"] + i: raise Err(1, p + ".slot", f"expected slot {B['first'] + i}")
        if len(d) != len(win): raise Err(1, p + ".draws", f"{len(d)} draws, there are {len(win)} winners")
        for k, b in enumerate(win):
            tk = [B["purchases"][j]["tickets"] for j in B["bpur"][b]]
            idx, _ = L.draw(value, B["mp"], B["ep"], slot, B["bundles"][b], B["btick"][b])
            pid = B["purchases"][B["bpur"][b][L.holder(tk, idx)]]["id"]
            if d[k] != pid:
                raise Err(1, f"{p}.draws[{k}]", f"slot {slot} of bundle {q(name(B, b))} is drawn by purchase {q(pid)} "
                          f"(ticket {idx} of {B['btick'][b]}), not {q(d[k])}")
    # 11. sold, next price
    sold = chk_int(a["sold"], "sold")
    if sold != B["sold"]: raise Err(1, "sold", f"is {sold}, the purchases hold {B['sold']} tickets")
    np = chk_amount(a["next_price"], "next_price")
    want = L.next_price(B["price"], B["sold"], B["target"], B["bps"], B["floor"])
    if np != want: raise Err(1, "next_price", f"is {np}, the next price is {want}")
    es = T["entries"]; c = be["certificate"]
    S = sum(int(es[x["signer"]]["stake"]) for x in c["signatures"]); TT = sum(int(e["stake"]) for e in es)
    return (f"valid: lottery allocation for epoch {B['ep']} of marketplace {B['mp']}, bid set {B['digest']}; "
            f"{len(B['purchases'])} purchases, signatures verified; beacon {value} certified ({S} of {TT} stake); "
            f"feasibility, value, payments, refunds, receipts, bound, draws of {B['count']} slots and the next price "
            f"{want} checked; optimality not checked; stake table taken on trust (no --trust-root)")


def main(argv):
    cmd = argv[1]
    tool = "gavel-solve" if cmd == "bidset" else "gavel-verify"
    fname = None
    try:
        if cmd == "bidset":
            _, _, bsf, blkf, certf, tabf = argv
            fname = bsf; B = check_bidset(G.read_doc(bsf))
            fname = tabf; T = G.read_doc(tabf, 32 << 20); G.check_stake_table(T)
            if (T["marketplace"], T["epoch"]) != (B["mp"], B["ep"]):   # allocation.md "Version 2", gavel-solve
                raise Err(1, "", f"is the stake table of epoch {T['epoch']} of {q(T['marketplace'])}, "
                          f"the bid set is for epoch {B['ep']} of marketplace {q(B['mp'])}")
            fname = blkf; blk = G.read_doc(blkf, 1 << 20); value = check_beacon_block(B, blk, "")
            fname = certf; G.check_cert(T, G.read_doc(certf, 32 << 20), "block", value)
            print("ok"); return 0
        if cmd == "allocation":
            _, _, tabf, bsf, alf = argv
            fname = bsf; B = check_bidset(G.read_doc(bsf))
            fname = tabf; T = G.read_doc(tabf, 32 << 20); G.check_stake_table(T)
            if (T["marketplace"], T["epoch"]) != (B["mp"], B["ep"]):   # the trusted table is the bid set's epoch's
                fname = bsf
                raise Err(1, "", f"the bid set is for epoch {B['ep']} of marketplace {q(B['mp'])}, "
                          f"the trusted stake table for epoch {T['epoch']} of {q(T['marketplace'])}")
            fname = alf; print(check_allocation(B, T, G.read_doc(alf))); return 0
    except Err as e:
        print(e.line(tool, fname), file=sys.stderr); return e.code
    print(__doc__, file=sys.stderr); return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
