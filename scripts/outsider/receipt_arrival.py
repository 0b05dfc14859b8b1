"""A receipt checked on arrival (formats/receipt.md, "On arrival"), from the spec alone.
As a tool: receipt_arrival.py TABLE ALLOCATION CERT RECEIPT, like
gavel-verify receipt --stake-table T --allocation A --allocation-certificate C R."""
import sys
from gavel_ref import (Err, read_doc, check_stake_table, check_receipt, check_alloc_shape, check_cert,
                       receipt_sig_ok, digest, q)

SUFFIX = ": the promise does not bind"


def check(tf, af, cf, rf):
    """(file, Err) on failure, or the success line."""
    cur = tf
    try:
        t = read_doc(tf, 32 << 20); check_stake_table(t)
        cur = rf; r = read_doc(rf, 1 << 20); check_receipt(r, "")
        cur = af; a = read_doc(af); check_alloc_shape(a, "")
        cur = cf; c = read_doc(cf, 32 << 20)
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
        lo, n = a["slots"]["first"], a["slots"]["count"]
        if not lo <= r["slot"] < lo + n:
            raise Err(1, "slot", f"slot {r['slot']} is outside the allocation's slots {lo}..{lo + n - 1}: "
                                 "no scheduled sequencer" + SUFFIX)
        holder = [w["bidder"] for w in a["winners"] if r["rollup"] in w["bundle"]]
        if not holder:
            raise Err(1, "rollup", f"rollup {q(r['rollup'])} has no scheduled sequencer in the allocation "
                                   "(unsold or unknown)" + SUFFIX)
        if holder[0] != r["sequencer"]:
            raise Err(1, "sequencer", f"signer is not the scheduled sequencer of rollup {q(r['rollup'])} at slot "
                                      f"{r['slot']} (the allocation schedules {holder[0]})" + SUFFIX)
        p = r["promise"]
        what = f"transaction {p['tx']}" if p["kind"] == "tx" else f"state root {p['root']}"
        td = digest("stake-table", t["marketplace"], t["epoch"], t)
        return (f"valid: binding pre-confirmation: {r['sequencer']} is the scheduled sequencer of rollup "
                f"{r['rollup']} in slot {r['slot']} of epoch {r['epoch']} of marketplace {r['marketplace']}, "
                f"under allocation {ad} certified by more than 2/3 of stake table {td}; it promises {what} "
                f"at position {p['position']}")
    except Err as e:
        return cur, e


def main(argv):
    res = check(*argv[1:5])
    if isinstance(res, str):
        print(res); return 0
    f, e = res
    print(e.line("gavel-verify", f), file=sys.stderr)
    return e.code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
