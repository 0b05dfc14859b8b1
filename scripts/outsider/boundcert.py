#!/usr/bin/env python3
"""Outsider check of bound certificates, from formats/bound-certificate.md alone (stdlib only).
usage: boundcert.py BIDSET ALLOCATION CERT   (gavel-verify allocation ... --bound-certificate CERT)
Prints the verdict line as gavel-verify does, or the same one-line stderr message and exit code."""
import math, os, re, sys
from fractions import Fraction
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gavel_ref as G
from gavel_ref import Err, q

RAT = re.compile(r"-?[0-9]+(/[0-9]+)?\Z")

def rational(v, path):
    if not isinstance(v, str): raise Err(2, path, "must be a string")
    if not RAT.match(v):
        raise Err(2, path, f'bad rational {q(v)}: expected N or N/D in decimal digits, with an optional leading "-"')
    neg = v.startswith("-")
    n, _, d = v[neg:].partition("/")
    if len(n) > 200 or len(d) > 200:
        raise Err(2, path, f"rational has {max(len(n), len(d))} digits in one part, the limit is 200")
    if (len(n) > 1 and n[0] == "0") or (len(d) > 1 and d[0] == "0"): raise Err(2, path, "rational has a leading zero")
    if neg and n == "0": raise Err(2, path, 'rational zero must be written "0"')
    if d in ("0", "1"): raise Err(2, path, "rational denominator must be greater than 1")
    if d and math.gcd(int(n), int(d)) != 1: raise Err(2, path, "rational is not in lowest terms")
    x = Fraction(int(n), int(d) if d else 1)
    return -x if neg else x

def rstr(x):
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"

def conflict(a, b):
    return ("xor" in a and a.get("xor") == b.get("xor")) or bool(set(a["bundle"]) & set(b["bundle"]))

def check(bsdoc, adoc, c):
    """The checks of bound-certificate.md after the allocation's; returns the proven bound."""
    B = G.check_bidset(bsdoc, verify_sigs=False)
    G.chk_obj(c, "")
    G.chk_keys(c, "", ["format", "marketplace", "epoch", "bidset", "allocation", "bound", "rollups", "xor", "cliques", "cycles"])
    G.chk_format(c["format"], "format", "gavel.bound-certificate.v1")
    mp = G.chk_id(c["marketplace"], "marketplace")
    ep = G.chk_int(c["epoch"], "epoch")
    G.chk_hex(c["bidset"], "bidset", 32); G.chk_hex(c["allocation"], "allocation", 32)
    if mp != B["mp"]: raise Err(1, "marketplace", f"certificate is for marketplace {q(mp)}, the bid set for {q(B['mp'])}")
    if ep != B["ep"]: raise Err(1, "epoch", f"certificate is for epoch {ep}, the bid set for epoch {B['ep']}")
    if c["bidset"] != B["digest"]: raise Err(1, "bidset", "digest does not match the bid set")
    if c["allocation"] != G.digest("allocation", B["mp"], B["ep"], adoc):
        raise Err(1, "allocation", "digest does not match the allocation")
    bound = G.chk_amount(c["bound"], "bound")
    groups = {b["xor"] for b in B["bids"].values() if "xor" in b}
    price = {}          # ("r", id) / ("x", group) -> price
    cover = {bid: Fraction(0) for bid in B["bids"]}
    total = Fraction(0)
    for key, name, what, known, tag in (("rollups", "id", "rollup", B["reserve"], "r"), ("xor", "group", "XOR group", groups, "x")):
        arr = G.chk_arr(c[key], key)
        prev = None
        for i, e in enumerate(arr):
            p = f"{key}[{i}]"
            G.chk_obj(e, p); G.chk_keys(e, p, [name, "price"])
            x = G.chk_id(e[name], f"{p}.{name}")
            v = rational(e["price"], p + ".price")
            if prev is not None and x.encode() <= prev.encode():
                extra = "id" if key == "rollups" else "group"
                raise Err(2, p, f"{what} {q(x)} is out of order: entries must be sorted by {extra}, without repeats")
            prev = x
            if x not in known: raise Err(1, p, f"unknown {what} {q(x)}")
            if v < 0: raise Err(1, p + ".price", "is negative")
            price[(tag, x)] = v; total += v
    cl = G.chk_arr(c["cliques"], "cliques")
    if len(cl) > 65536: raise Err(2, "cliques", f"{len(cl)} cliques, the limit is 65536")
    members = 0
    prevlist = None
    for i, e in enumerate(cl):
        p = f"cliques[{i}]"
        G.chk_obj(e, p); G.chk_keys(e, p, ["bids", "price"])
        bl = G.chk_arr(e["bids"], p + ".bids")
        if not bl: raise Err(2, p + ".bids", "must not be empty")
        if len(bl) > 1024: raise Err(2, p + ".bids", f"{len(bl)} bids in one clique, the limit is 1024")
        members += len(bl)
        if members > 65536: raise Err(2, p + ".bids", "the cliques list more than 65536 bids in all")
        for j, x in enumerate(bl):
            G.chk_id(x, f"{p}.bids[{j}]")
            if j and x.encode() <= bl[j - 1].encode():
                raise Err(2, f"{p}.bids[{j}]", f"bid {q(x)} is out of order: a clique must be sorted by bid id, without repeats")
        enc = [x.encode() for x in bl]
        if prevlist is not None and enc <= prevlist:
            raise Err(2, p, "out of order: cliques must be sorted by their bid lists, without repeats")
        prevlist = enc
        v = rational(e["price"], p + ".price")
        for j, x in enumerate(bl):
            if x not in B["bids"]: raise Err(1, f"{p}.bids[{j}]", f"unknown bid {q(x)}")
        if v < 0: raise Err(1, p + ".price", "is negative")
        for j in range(len(bl)):
            for k in range(j + 1, len(bl)):
                if not conflict(B["bids"][bl[j]], B["bids"][bl[k]]):
                    raise Err(1, p, f"bids {q(bl[j])} and {q(bl[k])} share no rollup and no XOR group")
        for x in bl: cover[x] += v
        total += v
    cy = G.chk_arr(c["cycles"], "cycles")
    if len(cy) > 65536: raise Err(2, "cycles", f"{len(cy)} cycles, the limit is 65536")
    members = 0
    prevlist = None
    for i, e in enumerate(cy):
        p = f"cycles[{i}]"
        G.chk_obj(e, p); G.chk_keys(e, p, ["bids", "price"])
        bl = G.chk_arr(e["bids"], p + ".bids")
        n = len(bl)
        if n < 3 or n % 2 == 0 or n > 1024:
            raise Err(2, p + ".bids", f"{n} bids: a cycle has an odd number of bids, 3 to 1023")
        members += n
        if members > 65536: raise Err(2, p + ".bids", "the cycles list more than 65536 bids in all")
        for j, x in enumerate(bl):
            G.chk_id(x, f"{p}.bids[{j}]")
            if x in bl[:j]: raise Err(2, f"{p}.bids[{j}]", f"bid {q(x)} repeated in the cycle")
        enc = [x.encode() for x in bl]
        if min(enc) != enc[0] or enc[1] > enc[-1]:
            raise Err(2, p + ".bids", "a cycle starts at its smallest bid id and goes on to the smaller of its two neighbours")
        if prevlist is not None and enc <= prevlist:
            raise Err(2, p, "out of order: cycles must be sorted by their bid lists, without repeats")
        prevlist = enc
        v = rational(e["price"], p + ".price")
        for j, x in enumerate(bl):
            if x not in B["bids"]: raise Err(1, f"{p}.bids[{j}]", f"unknown bid {q(x)}")
        if v < 0: raise Err(1, p + ".price", "is negative")
        for j in range(n):
            a, b = bl[j], bl[(j + 1) % n]
            if not conflict(B["bids"][a], B["bids"][b]):
                raise Err(1, p, f"bids {q(a)} and {q(b)} share no rollup and no XOR group")
        for x in bl: cover[x] += v
        total += v * ((n - 1) // 2)
    for b in bsdoc["bids"]:
        net = int(b["amount"]) - sum(B["reserve"][r] for r in b["bundle"])
        cv = cover[b["id"]] + sum(price.get(("r", r), 0) for r in b["bundle"])
        if "xor" in b: cv += price.get(("x", b["xor"]), 0)
        if net > 0 and cv < net:
            raise Err(1, "", f"bid {q(b['id'])} is not covered: its net value {net} exceeds {rstr(Fraction(cv))}, "
                             "the sum of the prices of its rollups, XOR group, cliques and cycles")
    s = sum(B["reserve"].values()) + total
    fl = s.numerator // s.denominator
    if bound != fl:
        raise Err(1, "bound", f"is {bound}, but the reserves and prices add up to {rstr(s)}, whose floor is {fl}")
    return bound

def cases(out, binpath):
    """(name, bidset, allocation, certificate, expect) for crosscheck.py: the corpus, certificates
    gavel-solve writes for generated epochs, and mutations of them written under out."""
    import copy, glob, json, random, subprocess
    res = []
    def expect_of(f):
        ls = open(f[:-len(".json")] + ".expect").read().split("\n")
        return (int(ls[0]), ls[1]), ls[2], ls[3]
    for f in sorted(glob.glob("corpus/invalid/boundcert-*.json")):
        e, b, a = expect_of(f)
        res.append((f, b, a, f, e))
    bases = []
    for c in sorted(glob.glob("corpus/valid/*.bound-certificate.json")):
        b = c.replace(".bound-certificate.json", ".json")
        bases.append((c, b, b.replace(".json", ".allocation.json")))
    for seed, r, n, extra in ((1, 12, 60, []), (2, 10, 60, ["--scale", "20"]), (3, 8, 60, ["--max-bundle", "6"])):
        b = f"{out}/bc-gen{seed}.json"
        with open(b, "w") as fh:
            subprocess.run([f"{binpath}/gavel-gen", "--seed", str(seed), "--rollups", str(r), "--bids", str(n)] + extra,
                           stdout=fh, check=True)
        a, c = b.replace(".json", ".alloc.json"), b.replace(".json", ".cert.json")
        subprocess.run([f"{binpath}/gavel-solve", "-q", "-o", a, "--certify", c, b], check=True)
        bases.append((c, b, a))
    rnd = random.Random(17)
    def mutations(d):
        m = {}
        def mut(name, fn):
            x = copy.deepcopy(d)
            try:
                fn(x)
            except (IndexError, KeyError, ValueError):
                return
            m[name] = x
        def half(x, key):
            e = x[key][rnd.randrange(len(x[key]))]
            e["price"] = rstr(Fraction(rational(e["price"], "")) / 2)
        mut("rollup-halved", lambda x: half(x, "rollups"))
        mut("clique-halved", lambda x: half(x, "cliques"))
        mut("xor-halved", lambda x: half(x, "xor"))
        mut("rollup-dropped", lambda x: x["rollups"].pop(rnd.randrange(len(x["rollups"]))))
        mut("clique-dropped", lambda x: x["cliques"].pop(rnd.randrange(len(x["cliques"]))))
        mut("bound-minus", lambda x: x.update(bound=str(int(x["bound"]) - 1)))
        mut("bound-plus", lambda x: x.update(bound=str(int(x["bound"]) + 1)))
        mut("negative", lambda x: x["rollups"][0].update(price="-" + x["rollups"][0]["price"]))
        mut("unreduced", lambda x: x["rollups"][0].update(price="2/4"))
        mut("clique-grown", lambda x: x["cliques"][0]["bids"].append("zzzz"))
        mut("clique-stranger", lambda x: x["cliques"][-1].update(bids=sorted(set(x["cliques"][-1]["bids"]) | {sorted(
            json.load(open(bases_b))["bids"], key=lambda b: rnd.random())[0]["id"]})))
        mut("cliques-swapped", lambda x: x["cliques"].reverse() if len(x["cliques"]) > 1 else x["cliques"].append(x["cliques"][0]))
        mut("rollups-swapped", lambda x: x["rollups"].reverse() if len(x["rollups"]) > 1 else x["rollups"].append(x["rollups"][0]))
        mut("xor-unknown", lambda x: x["xor"].append({"group": "zzzz", "price": "1"}))
        mut("extra-key", lambda x: x.update(branches=[]))
        mut("price-int", lambda x: x["rollups"][0].update(price=1))
        mut("epoch", lambda x: x.update(epoch=x["epoch"] + 1))
        mut("huge", lambda x: x["rollups"][0].update(price="9" * 201))
        mut("cycle-halved", lambda x: half(x, "cycles"))
        mut("cycle-short", lambda x: x["cycles"][0]["bids"].pop())
        mut("cycle-turned", lambda x: x["cycles"][0]["bids"].reverse())
        mut("cycle-swapped", lambda x: x["cycles"][0]["bids"].insert(2, x["cycles"][0]["bids"].pop(3)))
        return m
    for c, b, a in bases:
        res.append((c, b, a, c, None))
        bases_b = b
        # the reference checks signatures in pure Python: mutate only the small epochs
        if len(json.load(open(b))["bids"]) > 60:
            continue
        for k, x in mutations(json.load(open(c))).items():
            f = f"{out}/bc-{os.path.basename(c)[:-5]}-{k}.json"
            with open(f, "w") as fh:
                json.dump(x, fh, indent=1)
            res.append((f"{c} {k}", b, a, f, None))
    return res

def main(argv):
    bsf, af, cf = argv[1:4]
    try:
        bs = G.read_doc(bsf)
    except Err as e:
        print(e.line("gavel-verify", bsf), file=sys.stderr); return e.code
    try:
        G.check_bidset(bs)
    except Err as e:
        print(e.line("gavel-verify", bsf), file=sys.stderr); return e.code
    # the signatures are verified above: the allocation check need not repeat them
    full = G.check_bidset
    G.check_bidset = lambda doc, verify_sigs=True: full(doc, False)
    try:
        ad = G.read_doc(af)
        prefix = G.check_allocation(bs, ad)
    except Err as e:
        print(e.line("gavel-verify", af), file=sys.stderr); return e.code
    try:
        bound = check(bs, ad, G.read_doc(cf))
    except Err as e:
        print(e.line("gavel-verify", cf), file=sys.stderr); return e.code
    value = int(ad["value"])
    verdict = "optimal (proven: bound - value < 1)" if bound <= value else \
        f"bound {bound} proven, gap {G.gap_str(bound, value)}"
    print(f"{prefix}{len(bs['bids'])} bids, signatures verified; feasibility, value, payments, receipts and bound "
          f"checked; {verdict}")
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv))
