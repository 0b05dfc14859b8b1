"""A receipt checked on arrival (formats/receipt.md, "On arrival" and "Under a lottery allocation"), from the spec alone.
As a tool: receipt_arrival.py TABLE ALLOCATION CERT RECEIPT [DELEGATION], like
gavel-verify receipt --stake-table T --allocation A --allocation-certificate C [--delegation D] R.
The delegation (formats/delegation.md) is checked here too."""
import sys
from gavel_ref import (Err, read_doc, check_stake_table, check_receipt, check_alloc_shape, check_cert,
                       receipt_sig_ok, digest, q, sig_ok, chk_obj, chk_keys, chk_format, chk_id, chk_int,
                       chk_hex, chk_arr, MAXINT, P)


def check_delegation(d):
    chk_obj(d, "")
    chk_keys(d, "", ["format", "marketplace", "epoch", "sequencer", "gateway", "rollups", "slots", "sig"])
    chk_format(d["format"], "format", "gavel.delegation.v1")
    chk_id(d["marketplace"], "marketplace"); chk_int(d["epoch"], "epoch")
    chk_hex(d["sequencer"], "sequencer", 32); chk_hex(d["gateway"], "gateway", 32)
    rs = chk_arr(d["rollups"], "rollups")
    if not rs: raise Err(2, "rollups", "must not be empty")
    if len(rs) > 64: raise Err(2, "rollups", f"{len(rs)} rollups, the limit is 64")
    for i, r in enumerate(rs):
        chk_id(r, f"rollups[{i}]")
        if i and rs[i - 1].encode() >= r.encode():
            raise Err(2, f"rollups[{i}]", f"rollup {q(r)} is out of order or repeated: rollups must be sorted in ascending byte order")
    sl = chk_obj(d["slots"], "slots"); chk_keys(sl, "slots", ["first", "count"])
    chk_int(sl["first"], "slots.first"); chk_int(sl["count"], "slots.count")
    if sl["count"] == 0: raise Err(2, "slots.count", "must be at least 1")
    if sl["first"] + sl["count"] - 1 > MAXINT: raise Err(2, "slots", "last slot (first + count - 1) exceeds 2^53-1")
    chk_hex(d["sig"], "sig", 64)

SUFFIX = ": the promise does not bind"

V1, V2 = "gavel.allocation.v1", "gavel.allocation.v2"


def check_alloc_any(a):
    """receipt.md "Under a lottery allocation", check 3: v1 as before, or the fields of v2 the schedule needs"""
    f = a.get("format") if isinstance(a, dict) else None
    if isinstance(f, str) and f != V2 and f != V1:
        raise Err(2, "format", f"unsupported format {q(f)}, expected \"{V1}\" or \"{V2}\"")
    if f != V2:
        return check_alloc_shape(a, "")
    chk_keys(a, "", ["format", "marketplace", "epoch", "bidset", "slots", "price", "winners", "unsold", "rollups",
                     "value", "search", "refunds", "beacon", "schedule", "sold", "next_price"])
    chk_format(a["format"], "format", V2)
    chk_id(a["marketplace"], "marketplace"); chk_int(a["epoch"], "epoch"); chk_hex(a["bidset"], "bidset", 32)
    sl = chk_obj(a["slots"], "slots"); chk_keys(sl, "slots", ["first", "count"])
    chk_int(sl["first"], "slots.first"); chk_int(sl["count"], "slots.count")
    ws = chk_arr(a["winners"], "winners")
    for i, w in enumerate(ws):
        p = f"winners[{i}]"
        chk_obj(w, p); chk_keys(w, p, ["bundle", "tickets", "pays", "holders"])
        for j, r in enumerate(chk_arr(w["bundle"], p + ".bundle")): chk_id(r, f"{p}.bundle[{j}]")
        for j, h in enumerate(chk_arr(w["holders"], p + ".holders")):
            hp = f"{p}.holders[{j}]"
            chk_obj(h, hp); chk_keys(h, hp, ["purchase", "bidder", "tickets", "pays"])
            chk_id(h["purchase"], hp + ".purchase"); chk_hex(h["bidder"], hp + ".bidder", 32)
    seen = sorted(r.encode() for w in ws for r in w["bundle"])
    for x, y in zip(seen, seen[1:]):
        if x == y:
            raise Err(2, "winners", f"the certified allocation gives rollup {q(x)} to two winners")
    sc = chk_arr(a["schedule"], "schedule")
    if len(sc) != sl["count"]:
        raise Err(2, "schedule", f"{len(sc)} entries, the epoch has {sl['count']} slots")
    for s_, e in enumerate(sc):
        p = f"schedule[{s_}]"
        chk_obj(e, p); chk_keys(e, p, ["slot", "draws"]); chk_int(e["slot"], p + ".slot")
        if e["slot"] != sl["first"] + s_:
            raise Err(2, p + ".slot", f"expected slot {sl['first'] + s_}")
        dr = chk_arr(e["draws"], p + ".draws")
        if len(dr) != len(ws):
            raise Err(2, p + ".draws", f"{len(dr)} draws, there are {len(ws)} winners")
        for k, d in enumerate(dr):
            chk_id(d, f"{p}.draws[{k}]")
            if not any(h["purchase"] == d for h in ws[k]["holders"]):
                raise Err(2, f"{p}.draws[{k}]", f"purchase {q(d)} is not a holder of winners[{k}]")


def scheduled(a, rollup, slot, signer, path):
    """checks 10-11 for rollup at slot (slot already in range); the drawn purchase (v2) or None (v1)"""
    ws = [k for k, w in enumerate(a["winners"]) if rollup in w["bundle"]]
    if not ws:
        raise Err(1, P(path, "rollup"), f"rollup {q(rollup)} has no scheduled sequencer in the allocation "
                                        "(unsold or unknown)" + SUFFIX)
    w = a["winners"][ws[0]]
    if a["format"] != V2:
        if w["bidder"] != signer:
            raise Err(1, P(path, "sequencer"), f"signer is not the scheduled sequencer of rollup {q(rollup)} at slot "
                                               f"{slot} (the allocation schedules {w['bidder']})" + SUFFIX)
        return None
    pid = a["schedule"][slot - a["slots"]["first"]]["draws"][ws[0]]
    drawn = [h["bidder"] for h in w["holders"] if h["purchase"] == pid][0]
    if drawn == signer:
        return pid
    mine = [h["purchase"] for h in w["holders"] if h["bidder"] == signer]
    if mine:
        raise Err(1, P(path, "sequencer"), f"signer is not the scheduled sequencer of rollup {q(rollup)} at slot {slot}: "
                                           f"it holds tickets of bundle {q('+'.join(w['bundle']))} (purchase {q(mine[0])}), "
                                           f"but slot {slot} drew purchase {q(pid)} of {drawn}" + SUFFIX)
    raise Err(1, P(path, "sequencer"), f"signer is not the scheduled sequencer of rollup {q(rollup)} at slot {slot} "
                                       f"(the allocation draws purchase {q(pid)} of {drawn})" + SUFFIX)


def check(tf, af, cf, rf, df=None):
    """(file, Err) on failure, or the success line."""
    cur = tf
    try:
        t = read_doc(tf, 32 << 20); check_stake_table(t)
        cur = rf; r = read_doc(rf, 1 << 20); check_receipt(r, "")
        cur = af; a = read_doc(af); check_alloc_any(a)
        cur = cf; c = read_doc(cf, 32 << 20)
        if df is not None:
            cur = df; dl = read_doc(df, 1 << 20); check_delegation(dl)
        cur = af
        if a["marketplace"] != t["marketplace"] or a["epoch"] != t["epoch"]:
            raise Err(1, "", f"the allocation is for epoch {a['epoch']} of marketplace {q(a['marketplace'])}, "
                             f"the trusted stake table for epoch {t['epoch']} of {q(t['marketplace'])}")
        ad = digest("allocation", a["marketplace"], a["epoch"], a)
        cur = cf; check_cert(t, c, "allocation", ad)
        cur = rf
        if r["marketplace"] != a["marketplace"] or r["epoch"] != a["epoch"]:
            raise Err(1, "", f"the receipt is for epoch {r['epoch']} of marketplace {q(r['marketplace'])}, "
                             f"the allocation for epoch {a['epoch']} of {q(a['marketplace'])}")
        if not receipt_sig_ok(r):
            raise Err(1, "sig", "signature does not verify under the receipt's sequencer key" + SUFFIX)
        signer = r["sequencer"]
        if r["format"] == "gavel.receipt.v2":
            return atomic(r, a, t, ad, tf, af, cf, rf, df, dl if df is not None else None)
        if df is not None:
            cur = df
            if dl["marketplace"] != a["marketplace"] or dl["epoch"] != a["epoch"]:
                raise Err(1, "", f"the delegation is for epoch {dl['epoch']} of marketplace {q(dl['marketplace'])}, "
                                 f"the allocation for epoch {a['epoch']} of {q(a['marketplace'])}")
            dd = digest("delegation", dl["marketplace"], dl["epoch"], {k: v for k, v in dl.items() if k != "sig"})
            if not sig_ok(dl["sequencer"], dd, dl["sig"]):
                raise Err(1, "sig", "signature does not verify under the delegation's sequencer key" + SUFFIX)
            cur = rf
            if r["sequencer"] != dl["gateway"]:
                raise Err(1, "sequencer", f"signed by {r['sequencer']}, not by the delegation's gateway {dl['gateway']}" + SUFFIX)
            f0, n0 = dl["slots"]["first"], dl["slots"]["count"]
            if not (f0 <= r["slot"] < f0 + n0 and r["rollup"] in dl["rollups"]):
                nr = len(dl["rollups"])
                raise Err(1, "", f"the delegation does not cover rollup {q(r['rollup'])} at slot {r['slot']} (it covers "
                                 f"slots {f0}..{f0 + n0 - 1} of {nr} rollup{'' if nr == 1 else 's'})" + SUFFIX)
            signer = dl["sequencer"]; cur = df
        lo, n = a["slots"]["first"], a["slots"]["count"]
        if not lo <= r["slot"] < lo + n:
            raise Err(1, "slot", f"slot {r['slot']} is outside the allocation's slots {lo}..{lo + n - 1}: "
                                 "no scheduled sequencer, the promise does not bind")
        pid = scheduled(a, r["rollup"], r["slot"], signer, "")
        p = r["promise"]
        what = f"transaction {p['tx']}" if p["kind"] == "tx" else f"state root {p['root']}"
        td = digest("stake-table", t["marketplace"], t["epoch"], t)
        who = f"{r['sequencer']}, gateway by delegation of {signer}" if df is not None else signer
        return (f"valid: binding pre-confirmation: {who} is the scheduled sequencer of rollup "
                f"{r['rollup']} in slot {r['slot']} of epoch {r['epoch']} of marketplace {r['marketplace']}, "
                f"under {'lottery ' if pid else ''}allocation {ad}{f' (purchase {q(pid)} drawn)' if pid else ''} certified by more than 2/3 of stake table {td}; it promises {what} "
                f"at position {p['position']}; stake table taken on trust (no --trust-root)")
    except Err as e:
        return cur, e


def atomic(r, a, t, ad, tf, af, cf, rf, df, dl):
    """receipt.md "Version 2", on arrival: one key answers for every leg"""
    cur = df
    try:
        signer = r["sequencer"]
        if dl is not None:
            if dl["marketplace"] != a["marketplace"] or dl["epoch"] != a["epoch"]:
                raise Err(1, "", f"the delegation is for epoch {dl['epoch']} of marketplace {q(dl['marketplace'])}, "
                                 f"the allocation for epoch {a['epoch']} of {q(a['marketplace'])}")
            dd = digest("delegation", dl["marketplace"], dl["epoch"], {k: v for k, v in dl.items() if k != "sig"})
            if not sig_ok(dl["sequencer"], dd, dl["sig"]):
                raise Err(1, "sig", "signature does not verify under the delegation's sequencer key" + SUFFIX)
            cur = rf
            if r["sequencer"] != dl["gateway"]:
                raise Err(1, "sequencer", f"signed by {r['sequencer']}, not by the delegation's gateway {dl['gateway']}" + SUFFIX)
            signer = dl["sequencer"]
        home = df if dl is not None else rf
        cur = home
        lo, n = a["slots"]["first"], a["slots"]["count"]
        if not lo <= r["slot"] < lo + n:
            raise Err(1, "slot", f"slot {r['slot']} is outside the allocation's slots {lo}..{lo + n - 1}: "
                                 "no scheduled sequencer, the promise does not bind")
        for i, l in enumerate(r["legs"]):
            p = f"legs[{i}]"
            if dl is not None:
                cur = rf
                f0, n0 = dl["slots"]["first"], dl["slots"]["count"]
                if not (f0 <= r["slot"] < f0 + n0 and l["rollup"] in dl["rollups"]):
                    nr = len(dl["rollups"])
                    raise Err(1, p, f"the delegation does not cover rollup {q(l['rollup'])} at slot {r['slot']} (it covers "
                                    f"slots {f0}..{f0 + n0 - 1} of {nr} rollup{'' if nr == 1 else 's'})" + SUFFIX)
            cur = home
            scheduled(a, l["rollup"], r["slot"], signer, p)
        td = digest("stake-table", t["marketplace"], t["epoch"], t)
        who = f"{r['sequencer']}, gateway by delegation of {signer}" if dl is not None else signer
        legs = r["legs"]; nl = len(legs)
        what = ", ".join((f"transaction {l['promise']['tx']}" if l["promise"]["kind"] == "tx" else
                          f"state root {l['promise']['root']}") + f" at position {l['promise']['position']} on {l['rollup']}"
                         for l in legs)
        return (f"valid: binding atomic pre-confirmation: {who} is the scheduled sequencer of rollup{'' if nl == 1 else 's'} "
                f"{', '.join(l['rollup'] for l in legs)} in slot {r['slot']} of epoch {r['epoch']} of marketplace "
                f"{r['marketplace']}, under allocation {ad} certified by more than 2/3 of stake table {td}; it promises "
                f"{nl} leg{'' if nl == 1 else 's'} to holder {r['holder']} with collateral {r['collateral']}: {what}"
                "; stake table taken on trust (no --trust-root)")
    except Err as e:
        return cur, e


def main(argv):
    res = check(*argv[1:6])
    if isinstance(res, str):
        print(res); return 0
    f, e = res
    print(e.line("gavel-verify", f), file=sys.stderr)
    return e.code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
