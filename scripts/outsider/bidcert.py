"""Certified bid sets, operator keys and acceptance receipts; omission (formats/acceptance.md,
formats/operator.md), from the spec alone. As a tool:
  bidcert.py bidset ARGS...      like gavel-verify bidset ARGS...
  bidcert.py allocation ARGS...  like gavel-verify allocation ARGS... (--stake-table and
                                 --bidset-certificate; no --bound-certificate); its line is
                                 START...END: gavel's starts with START and ends with END
Prints what gavel-verify prints on stdout, the failure line on stderr, and exits with its code."""
import sys
from gavel_ref import (Err, read_doc, check_stake_table, check_cert, check_bidset, check_allocation, digest, q,
                       sig_ok, chk_obj, chk_keys, chk_format, chk_id, chk_int, chk_hex, chk_arr, chk_str)

SYN = ("gavel-verify bidset (--stake-table TABLE.json | --trust-root DIGEST --chain CHAIN.json) --certificate CERT.json [--operator OPERATOR.json "
       "--operator-certificate CERT.json [--operator-stake-table TABLE.json]] [--receipt ACCEPTANCE.json]... "
       "BIDSET.json")


class Usage(Exception):
    pass


def check_operator_doc(o):
    chk_obj(o, "")
    chk_keys(o, "", ["format", "marketplace", "epoch", "last_epoch", "keys"])
    chk_format(o["format"], "format", "gavel.operator.v1")
    chk_id(o["marketplace"], "marketplace"); chk_int(o["epoch"], "epoch"); chk_int(o["last_epoch"], "last_epoch")
    if o["last_epoch"] < o["epoch"]:
        raise Err(2, "last_epoch", f"must be at least epoch ({o['epoch']})")
    ks = chk_arr(o["keys"], "keys")
    if not ks: raise Err(2, "keys", "must not be empty")
    if len(ks) > 16: raise Err(2, "keys", f"{len(ks)} keys, the limit is 16")
    for i, k in enumerate(ks):
        chk_str(k, f"keys[{i}]")
        if len(k.encode()) != 64:
            raise Err(2, f"keys[{i}]", f"must be 64 hex digits (32 bytes), got {len(k.encode())} characters")
        chk_hex(k, f"keys[{i}]", 32)
        if i and ks[i - 1] >= k:
            raise Err(2, f"keys[{i}]", "key is out of order or repeated: keys must be sorted in ascending order")


def check_acceptance_doc(a):
    chk_obj(a, "")
    chk_keys(a, "", ["format", "marketplace", "epoch", "bid", "accepted_at", "deadline", "operator", "sig"])
    chk_format(a["format"], "format", "gavel.acceptance.v1")
    chk_id(a["marketplace"], "marketplace"); chk_int(a["epoch"], "epoch")
    b = chk_obj(a["bid"], "bid"); chk_keys(b, "bid", ["id", "digest"])
    chk_id(b["id"], "bid.id"); chk_hex(b["digest"], "bid.digest", 32)
    chk_int(a["accepted_at"], "accepted_at"); chk_int(a["deadline"], "deadline")
    chk_hex(a["operator"], "operator", 32); chk_hex(a["sig"], "sig", 64)


def bid_digest(mp, ep, bid):
    return digest("bid", mp, ep, {k: v for k, v in bid.items() if k != "sig"})


def judge(a, bs, op):
    """'included', or ('omitted', message after 'omission proven: '); raises Err(1) when it proves nothing."""
    if a["marketplace"] != bs["marketplace"]:
        raise Err(1, "marketplace", f"the acknowledgment is for marketplace {q(a['marketplace'])}, the bid set for "
                                    f"{q(bs['marketplace'])}: it proves nothing about this bid set")
    if a["epoch"] != bs["epoch"]:
        raise Err(1, "epoch", f"the acknowledgment is for epoch {a['epoch']}, the bid set for epoch {bs['epoch']}: "
                              "it proves nothing about this bid set")
    k = a["operator"]
    if k not in op["keys"]:
        raise Err(1, "operator", f"key {k} is not a certified operator key of marketplace {q(op['marketplace'])} "
                                 f"for epoch {bs['epoch']}: it proves nothing")
    m = digest("acceptance", a["marketplace"], a["epoch"], {x: v for x, v in a.items() if x != "sig"})
    if not sig_ok(k, m, a["sig"]):
        raise Err(1, "sig", "signature does not verify under the operator key: it proves nothing")
    if a["accepted_at"] > a["deadline"]:
        raise Err(1, "accepted_at", f"bid accepted at {a['accepted_at']}, after the deadline {a['deadline']}: "
                                    "a late bid may be left out, no omission proven")
    want = a["bid"]["digest"]; bid = a["bid"]["id"]
    have = {b["id"]: bid_digest(bs["marketplace"], bs["epoch"], b) for b in bs["bids"]}
    if want in have.values():
        return "included"
    bsd = digest("bidset", bs["marketplace"], bs["epoch"], bs)
    msg = (f"bid {q(bid)} (digest {want}), acknowledged by operator {k} at {a['accepted_at']} "
           f"(deadline {a['deadline']}), is not in bid set {bsd}")
    if bid in have:
        msg += f", whose bid {q(bid)} has digest {have[bid]}"
    return ("omitted", msg + ": operator fault")


def parse(argv):
    names = ["--stake-table", "--certificate", "--operator", "--operator-certificate", "--operator-stake-table"]
    opt = {}; receipts = []; bidset = None; i = 0
    while i < len(argv):
        w = argv[i]
        if w in names or w == "--receipt":
            if i + 1 >= len(argv): raise Usage(f"{w}: missing file name")
            if w == "--receipt": receipts.append(argv[i + 1])
            elif w in opt: raise Usage(f"{w} given twice")
            else: opt[w] = argv[i + 1]
            i += 2; continue
        if w.startswith("-") and w != "-": raise Usage(f"unknown option {q(w)}")
        if bidset is not None: raise Usage("one bid set at a time")
        bidset = w; i += 1
    if "--stake-table" not in opt: raise Usage("--stake-table is required: a certificate counts stake only in a trusted table")
    if "--certificate" not in opt: raise Usage("--certificate is required: only a certified bid set is the published one")
    if receipts and "--operator" not in opt: raise Usage("--receipt needs --operator: a receipt binds only under a certified operator key")
    if "--operator" in opt and "--operator-certificate" not in opt: raise Usage("--operator needs --operator-certificate")
    if "--operator" not in opt and ("--operator-certificate" in opt or "--operator-stake-table" in opt):
        raise Usage("--operator-certificate and --operator-stake-table need --operator")
    if bidset is None: raise Usage("missing BIDSET.json")
    return opt, receipts, bidset


def stakes(t, c):
    es = t["entries"]
    return sum(int(es[x["signer"]]["stake"]) for x in c["signatures"]), sum(int(e["stake"]) for e in es)


def bidset_cmd(argv):
    try:
        opt, receipts, bf = parse(argv)
    except Usage as u:
        print(f"gavel-verify: bidset: {u} (usage: {SYN})", file=sys.stderr); return 2
    tf, cf = opt["--stake-table"], opt["--certificate"]
    of, ocf, otf = opt.get("--operator"), opt.get("--operator-certificate"), opt.get("--operator-stake-table")
    cur = tf
    try:
        t = read_doc(tf, 32 << 20); check_stake_table(t)
        cur = bf; bs = read_doc(bf); check_bidset(bs, False)
        cur = cf; c = read_doc(cf, 32 << 20)
        if of is not None:
            cur = of; op = read_doc(of, 1 << 20); check_operator_doc(op)
            cur = ocf; oc = read_doc(ocf, 32 << 20)
            ot = t
            if otf is not None:
                cur = otf; ot = read_doc(otf, 32 << 20); check_stake_table(ot)
        acc = []
        for r in receipts:
            cur = r; a = read_doc(r, 1 << 20); check_acceptance_doc(a); acc.append(a)
        cur = bf
        if bs["marketplace"] != t["marketplace"] or bs["epoch"] != t["epoch"]:
            raise Err(1, "", f"the bid set is for epoch {bs['epoch']} of marketplace {q(bs['marketplace'])}, "
                             f"the trusted stake table for epoch {t['epoch']} of {q(t['marketplace'])}")
        check_bidset(bs, True)
        bsd = digest("bidset", bs["marketplace"], bs["epoch"], bs)
        cur = cf; check_cert(t, c, "bidset", bsd)
        if of is not None:
            cur = of
            if op["marketplace"] != bs["marketplace"]:
                raise Err(1, "marketplace", f"the operator document is for marketplace {q(op['marketplace'])}, "
                                            f"the bid set for {q(bs['marketplace'])}")
            if not op["epoch"] <= bs["epoch"] <= op["last_epoch"]:
                raise Err(1, "", f"the operator document covers epochs {op['epoch']}..{op['last_epoch']}, "
                                 f"not the bid set's epoch {bs['epoch']}")
            cur = otf if otf is not None else tf
            if ot["marketplace"] != bs["marketplace"] or ot["epoch"] > bs["epoch"]:
                raise Err(1, "", f"the operator's stake table is for epoch {ot['epoch']} of marketplace "
                                 f"{q(ot['marketplace'])}: it must be of {q(bs['marketplace'])} and no later than "
                                 f"the bid set's epoch {bs['epoch']}")
            cur = ocf; check_cert(ot, oc, "operator", digest("operator", op["marketplace"], op["epoch"], op))
        verdicts = []
        for r, a in zip(receipts, acc):
            cur = r; verdicts.append(judge(a, bs, op))
    except Err as e:
        print(e.line("gavel-verify", cur), file=sys.stderr); return e.code
    om = [(r, v[1]) for r, v in zip(receipts, verdicts) if v != "included"]
    if om:
        for r, m in om:
            print(f"omission: {r}: {m}")
        n = len(receipts)
        print(f"invalid: certified bid set {bsd} of epoch {bs['epoch']} of marketplace {bs['marketplace']} omits "
              f"{len(om)} of {n} acknowledged bid{'' if n == 1 else 's'}: operator fault")
        print(f"gavel-verify: {om[0][0]}: bid: omission proven: {om[0][1]}", file=sys.stderr)
        return 1
    S, T = stakes(t, c)
    td = digest("stake-table", t["marketplace"], t["epoch"], t)
    if of is not None:
        n = len(receipts)
        tail = (f"{n} acknowledged bid{'' if n == 1 else 's'}, all included, under certified operator document "
                f"{digest('operator', op['marketplace'], op['epoch'], op)}")
    else:
        tail = "no acknowledged bid checked"
    print(f"valid: bid set {bsd} of epoch {bs['epoch']} of marketplace {bs['marketplace']}: {len(bs['bids'])} bids, "
          f"signatures verified; certified by more than 2/3 of stake table {td} (signed stake {S} of total {T}); {tail}; "
          f"stake table taken on trust (no --trust-root)")
    return 0


def allocation_cmd(argv):
    pos = []; opt = {}; i = 0
    while i < len(argv):
        if argv[i] in ("--stake-table", "--bidset-certificate"):
            opt[argv[i]] = argv[i + 1]; i += 2
        else:
            pos.append(argv[i]); i += 1
    bf, af = pos
    tf, cf = opt["--stake-table"], opt["--bidset-certificate"]
    cur = bf
    try:
        bs = read_doc(bf); check_bidset(bs, True)
        cur = af; line = check_allocation(bs, read_doc(af))
        cur = tf; t = read_doc(tf, 32 << 20); check_stake_table(t)
        cur = cf; c = read_doc(cf, 32 << 20)
        cur = bf
        if bs["marketplace"] != t["marketplace"] or bs["epoch"] != t["epoch"]:
            raise Err(1, "", f"the bid set is for epoch {bs['epoch']} of marketplace {q(bs['marketplace'])}, "
                             f"the trusted stake table for epoch {t['epoch']} of {q(t['marketplace'])}")
        cur = cf; check_cert(t, c, "bidset", digest("bidset", bs["marketplace"], bs["epoch"], bs))
    except Err as e:
        print(e.line("gavel-verify", cur), file=sys.stderr); return e.code
    S, T = stakes(t, c)
    td = digest("stake-table", t["marketplace"], t["epoch"], t)
    # check_allocation gives the start of gavel's line (gavel_ref.py); this spec adds its end
    print(f"{line}...; bid set certified by more than 2/3 of stake table {td} (signed stake {S} of total {T}); "
          f"stake table taken on trust (no --trust-root)")
    return 0


def main(argv):
    return bidset_cmd(argv[2:]) if argv[1] == "bidset" else allocation_cmd(argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
