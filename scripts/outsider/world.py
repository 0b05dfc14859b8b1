#!/usr/bin/env python3
"""A slashing world built here from scratch with our own keys (validators, sequencer), to reach
verdict checks the committed corpus cannot (its keys are not ours): schedule ambiguities,
promise-kind mismatches, past-end, and certificates we sign ourselves."""
import copy, hashlib, json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gavel_ref as G, handmade as HM

MP, EP = "w", 3
VAL = [HM.keypair(b"val%d" % i) for i in range(3)]
SEQ = [HM.keypair(b"seq%d" % i) for i in range(2)]
def hx(b): return b.hex()
def sgn(kp, msg_hex):
    a, pre, pk = kp
    return hx(HM.sign(a, pre, pk, bytes.fromhex(msg_hex)))

TABLE = {"format": "gavel.stake-table.v1", "marketplace": MP, "epoch": EP,
         "entries": [{"key": hx(k[2]), "stake": s} for k, s in zip(VAL, ["5", "3", "2"])]}
def cert(kind, doc, table=None, keys=None):
    table, keys = table or TABLE, keys or VAL
    d = G.digest(kind, doc["marketplace"], doc["epoch"], doc)
    td = G.digest("stake-table", MP, EP, table)
    vote = G.digest("vote", MP, EP, {"kind": kind, "digest": d, "stake_table": td})
    return {"format": "gavel.certificate.v1", "marketplace": MP, "epoch": EP, "subject": {"kind": kind, "digest": d},
            "stake_table": td, "signatures": [{"signer": i, "sig": sgn(keys[i], vote)} for i in range(len(keys))]}
# an accuser's own validator set (evidence.md "Trust"): one key that certifies anything
ACC = [HM.keypair(b"accuser")]
FORGED = {"format": "gavel.stake-table.v1", "marketplace": MP, "epoch": EP, "entries": [{"key": hx(ACC[0][2]), "stake": "7"}]}
def forged(e):
    """re-certify everything in e by the accuser's table, embedded in place of TABLE"""
    c = e["context"]; c["stake_table"] = FORGED
    c["allocation_certificate"] = cert("allocation", c["allocation"], FORGED, ACC)
    c["params_certificate"] = cert("slashing-params", c["params"], FORGED, ACC)
    for k, sub in (("block_certificate", "block"), ("slot_record_certificate", "slot_record")):
        if k in e: e[k] = cert(sub.replace("_", "-"), e[sub], FORGED, ACC)
    return e
def alloc(winners):
    return {"format": "gavel.allocation.v1", "marketplace": MP, "epoch": EP, "bidset": "00" * 32,
            "slots": {"first": 100, "count": 10},
            "winners": [{"bid": b, "bidder": hx(SEQ[s][2]), "bundle": bun, "pays": "1"} for b, s, bun in winners],
            "unsold": [], "rollups": [], "value": "0", "search": {"status": "optimal", "stop": "complete", "bound": "0", "gap": "0.000000000"}}
PARAMS = {"format": "gavel.slashing-params.v1", "marketplace": MP, "epoch": EP, "collateral": "10",
          "penalties": {"equivocation": "10", "inclusion": "4", "liveness": "1", "state": "5"}}
TX = [hashlib.sha256(b"tx%d" % i).digest() for i in range(3)]
ST = [hashlib.sha256(b"st%d" % i).digest() for i in range(3)]
def block(seq=0, **kw):
    b = {"format": "gavel.block.v1", "marketplace": MP, "epoch": EP, "rollup": "ra", "slot": 105, "parent": "11" * 32,
         "sequencer": hx(SEQ[seq][2]), "tx_count": 3, "tx_root": hx(HM_mth(TX)), "state_root": hx(HM_mth(ST))}
    b.update(kw); return b
def HM_mth(l):
    if len(l) == 1: return hashlib.sha256(b"\0" + l[0]).digest()
    k = 1
    while 2 * k < len(l): k *= 2
    return hashlib.sha256(b"\1" + HM_mth(l[:k]) + HM_mth(l[k:])).digest()
def receipt(seq=0, kind="tx", pos=1, val=None, rollup="ra", slot=105, **kw):
    r = {"format": "gavel.receipt.v1", "marketplace": MP, "epoch": EP, "rollup": rollup, "slot": slot,
         "sequencer": hx(SEQ[seq][2]), "promise": {"kind": kind, "position": pos, ("tx" if kind == "tx" else "root"): val or "ab" * 32}}
    r.update(kw)
    r["sig"] = sgn(SEQ[seq], G.receipt_digest(r)); return r
PATH1 = [HM_mth(TX[:1]), HM_mth(TX[2:])]          # audit path of position 1 of 3
def evidence(kind, receipts, winners=(("b1", 0, ["ra", "rb"]),), **extra):
    a = alloc(list(winners))
    e = {"format": "gavel.evidence.v1", "marketplace": MP, "epoch": EP, "kind": kind,
         "context": {"stake_table": TABLE, "allocation": a, "allocation_certificate": cert("allocation", a),
                     "params": PARAMS, "params_certificate": cert("slashing-params", PARAMS)}, "receipts": receipts}
    e.update(extra); return e
def inclusion(r, b=None, proof="auto", **kw):
    b = b or block()
    ex = {"block": b, "block_certificate": cert("block", b)}
    if proof == "auto": ex["proof"] = {"index": 1, "leaf": hx(TX[1]), "path": [hx(p) for p in PATH1]}
    elif proof: ex["proof"] = proof
    return evidence("inclusion", [r], **kw, **ex)

def cases():
    C = {}
    C["inclusion-ok"] = inclusion(receipt())
    C["inclusion-kept"] = inclusion(receipt(val=hx(TX[1])))
    C["inclusion-state-promise"] = inclusion(receipt(kind="state"))
    C["inclusion-past-end"] = inclusion(receipt(pos=3), proof=None)
    C["inclusion-pos-2^53-1"] = inclusion(receipt(pos=2**53 - 1), proof=None)
    C["rollup-in-two-winners-first"] = inclusion(receipt(), winners=(("b1", 0, ["ra"]), ("b2", 1, ["ra"])))
    C["rollup-in-two-winners-second"] = inclusion(receipt(), winners=(("b1", 1, ["ra"]), ("b2", 0, ["ra"])))
    C["block-other-epoch"] = inclusion(receipt(), b=block(epoch=4))
    C["block-cert-other-table"] = inclusion(receipt())
    C["block-cert-other-table"]["block_certificate"]["stake_table"] = "00" * 32
    st = [hx(HM_mth(ST[:1])), None]
    C["state-ok"] = evidence("state", [receipt(kind="state", pos=1)], block=block(), block_certificate=cert("block", block()),
                             proof={"index": 1, "leaf": hx(ST[1]), "path": [hx(HM_mth(ST[:1])), hx(HM_mth(ST[2:]))]})
    C["state-tx-proof"] = evidence("state", [receipt(kind="state", pos=1)], block=block(), block_certificate=cert("block", block()),
                             proof={"index": 1, "leaf": hx(TX[1]), "path": [hx(p) for p in PATH1]})
    r1, r2 = receipt(val="01" * 32), receipt(val="02" * 32)
    if G.receipt_digest(r1) > G.receipt_digest(r2): r1, r2 = r2, r1
    C["equivocation-ok"] = evidence("equivocation", [r1, r2])
    C["equivocation-kinds"] = evidence("equivocation", sorted([receipt(val="01" * 32), receipt(kind="state", val="01" * 32)], key=G.receipt_digest))
    C["equivocation-unscheduled"] = evidence("equivocation", [r1, r2], winners=(("b1", 1, ["ra"]),))
    sr = {"format": "gavel.slot-record.v1", "marketplace": MP, "epoch": EP, "rollup": "ra", "slot": 105, "sequencer": hx(SEQ[0][2])}
    C["liveness-ok"] = evidence("liveness", [receipt()], slot_record=sr, slot_record_certificate=cert("slot-record", sr))
    C["liveness-slot-before-first"] = evidence("liveness", [receipt(slot=99)], slot_record=dict(sr, slot=99), slot_record_certificate=cert("slot-record", dict(sr, slot=99)))
    C["liveness-last-slot"] = evidence("liveness", [receipt(slot=109)], slot_record=dict(sr, slot=109), slot_record_certificate=cert("slot-record", dict(sr, slot=109)))
    C["liveness-cert-quorum-2of3-stake"] = evidence("liveness", [receipt()], slot_record=sr, slot_record_certificate=cert("slot-record", sr))
    C["liveness-cert-quorum-2of3-stake"]["slot_record_certificate"]["signatures"] = C["liveness-cert-quorum-2of3-stake"]["slot_record_certificate"]["signatures"][1:]
    C["receipt-other-marketplace-signed"] = inclusion(receipt(marketplace="v"))
    # forged validator sets: a kept promise "broken" by an empty block, and a liveness fault
    # nobody certified; the trusted TABLE is given by the caller, so neither convicts
    C["forged-empty-block"] = forged(inclusion(receipt(val=hx(TX[1])), b=block(tx_count=0), proof=None))
    C["forged-liveness"] = forged(copy.deepcopy(C["liveness-ok"]))
    C["forged-table-real-certs"] = copy.deepcopy(C["liveness-ok"]); C["forged-table-real-certs"]["context"]["stake_table"] = FORGED
    C["trusted-table-forged-block-cert"] = inclusion(receipt())
    C["trusted-table-forged-block-cert"]["block_certificate"] = cert("block", block(), FORGED, ACC)
    return C

if __name__ == "__main__":
    for k, d in cases().items():
        f = os.path.join(sys.argv[1], f"world-{k}.json"); json.dump(d, open(f, "w"), indent=1); print(f)
