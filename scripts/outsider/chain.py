"""Stake-table chains (formats/stake-chain.md), written from the spec alone.
As a tool: chain.py [--trust-root HEX] [--epoch N] CHAIN.json, like gavel-verify chain."""
import sys
from gavel_ref import Err, chk_obj, chk_keys, chk_format, chk_id, chk_arr, check_stake_table, check_cert, embed, digest, read_doc, q


def table_digest(t):
    return digest("stake-table", t["marketplace"], t["epoch"], t)


def check_chain(c, root=None, epoch=None):
    chk_obj(c, "")
    chk_keys(c, "", ["format", "marketplace", "genesis", "handoffs"])
    chk_format(c["format"], "format", "gavel.stake-chain.v1")
    mp = chk_id(c["marketplace"], "marketplace") or c["marketplace"]
    g = c["genesis"]
    embed("genesis", check_stake_table, g)
    if g["marketplace"] != mp:
        raise Err(1, "genesis.marketplace", f"marketplace mismatch: the chain is for {q(mp)}, the table for {q(g['marketplace'])}")
    gd = table_digest(g)
    if root is not None and gd != root:
        raise Err(1, "genesis", f"not the trusted genesis: its digest is {gd}, the trust root is {root}")
    hs = chk_arr(c["handoffs"], "handoffs")
    if len(hs) > 100000:
        raise Err(2, "handoffs", f"{len(hs)} hand-offs, the limit is 100000")
    prev, tables = g, {g["epoch"]: gd}
    for i, h in enumerate(hs):
        p = f"handoffs[{i}]"
        chk_obj(h, p); chk_keys(h, p, ["table", "certificate"])
        t = h["table"]
        embed(p + ".table", check_stake_table, t)
        if t["marketplace"] != mp:
            raise Err(1, p + ".table.marketplace", f"marketplace mismatch: the chain is for {q(mp)}, the table for {q(t['marketplace'])}")
        P, E = prev["epoch"], t["epoch"]
        if E <= P:
            raise Err(1, p + ".table.epoch", f"fork: a second table for epoch {E}, the chain is already at epoch {P}")
        if E == P + 2:
            raise Err(1, p + ".table.epoch", f"gap: epoch {E} follows epoch {P}, the table of epoch {P + 1} is missing")
        if E > P + 2:
            raise Err(1, p + ".table.epoch", f"gap: epoch {E} follows epoch {P}, the tables of epochs {P + 1} to {E - 1} are missing")
        td = table_digest(t)
        embed(p + ".certificate", check_cert, prev, h["certificate"], "stake-table", td)
        prev, tables[E] = t, td
    want = prev["epoch"] if epoch is None else epoch
    if want not in tables:
        raise Err(1, "", f"epoch {want} is not in the chain: it covers epochs {g['epoch']} to {prev['epoch']}")
    how = "the trust root" if root is not None else "taken on trust: no --trust-root"
    return (f"valid: stake-table chain of marketplace {mp} from genesis {gd} (epoch {g['epoch']}, {how}) "
            f"to epoch {prev['epoch']}: {len(hs)} hand-off{'' if len(hs) == 1 else 's'}, each certified by more "
            f"than 2/3 of the previous table's stake; table of epoch {want}: {tables[want]}")


def main(argv):
    root = epoch = None
    args = argv[1:]
    while len(args) > 1 and args[0].startswith("--"):
        if args[0] == "--trust-root": root = args[1]
        elif args[0] == "--epoch": epoch = int(args[1])
        args = args[2:]
    fname = args[0]
    try:
        print(check_chain(read_doc(fname), root, epoch))
        return 0
    except Err as e:
        print(e.line("gavel-verify", fname), file=sys.stderr)
        return e.code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
