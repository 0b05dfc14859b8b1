#!/usr/bin/env python3
"""Hand-made signed bid sets (own Ed25519 keys, signed here) exercising byte order of ids,
zero reserves, split ties, and signature edge cases (mixed-order keys, cofactored-only sigs)."""
import hashlib, json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ed25519 as E
import gavel_ref as G

def H(b): return int.from_bytes(hashlib.sha512(b).digest(), "little")
def keypair(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little"); a &= (1 << 254) - 8; a |= 1 << 254
    return a, h[32:], E._enc(E._mul(a, E.B))
def sign(a, prefix, pk, msg):
    r = H(prefix + msg) % E.L
    R = E._enc(E._mul(r, E.B))
    S = (r + H(R + pk + msg) * a) % E.L
    return R + S.to_bytes(32, "little")

# a point of order 8
def order8():
    for y in range(2, 1000):
        x = E._xrecover(y, 0)
        if x is None: continue
        P = (x, y, 1, x * y % E.p)
        Q = E._mul(E.L, P)              # kill the prime-order part
        if E._enc(E._mul(4, Q)) != E._enc((0, 1, 1, 0)):
            return Q
T8 = order8()

def mixed_key_sig(seed, msg, mode):
    """A = aB + T8. mode 'cofactorless': a signature valid under [S]B = R + [k]A (R carries torsion);
       mode 'cofactored': valid only under the cofactored equation (R = rB)."""
    a, pre, _ = keypair(seed)
    A = E._add(E._mul(a, E.B), T8); pk = E._enc(A)
    i = 0
    while True:
        i += 1
        r = H(pre + msg + bytes([i])) % E.L
        if mode == "cofactored":
            R = E._mul(r, E.B); Rb = E._enc(R)
            k = H(Rb + pk + msg) % E.L
            if k % 8 == 0: continue
            S = (r + k * a) % E.L
            return pk, Rb + S.to_bytes(32, "little")
        for j in range(8):
            R = E._add(E._mul(r, E.B), E._mul(j, T8)); Rb = E._enc(R)
            k = H(Rb + pk + msg) % E.L
            # need R == rB - kT8  <=>  j == -k mod 8
            if (j + k) % 8 == 0:
                S = (r + k * a) % E.L
                return pk, Rb + S.to_bytes(32, "little")

def bidset(mp, epoch, rollups, bids):
    doc = {"format": "gavel.bidset.v1", "marketplace": mp, "epoch": epoch, "slots": {"first": 0, "count": 1},
           "mode": "auction", "finder_fee": {"bps": 0, "min_improvement": "0"},
           "rollups": [{"id": i, "reserve": r} for i, r in rollups], "bids": []}
    for n, (bid, bundle, amount, xor, signer) in enumerate(bids):
        b = {"id": bid, "bidder": None, "bundle": sorted(bundle, key=str.encode), "amount": amount}
        if xor: b["xor"] = xor
        body = lambda pk: {**b, "bidder": pk.hex()}
        if signer in ("cofactorless", "cofactored"):
            # key depends on nothing but the seed: derive it first, then sign the body
            pk0, _ = mixed_key_sig(b"k%d" % n, b"", signer)
            m = bytes.fromhex(G.digest("bid", mp, epoch, body(pk0)))
            pk, sg = mixed_key_sig(b"k%d" % n, m, signer)
            assert pk == pk0
        else:
            a, pre, pk = keypair(b"k%d" % n)
            m = bytes.fromhex(G.digest("bid", mp, epoch, body(pk)))
            sg = sign(a, pre, pk, m)
        b = body(pk); b["sig"] = sg.hex()
        doc["bids"].append(b)
    return doc

def cases():
    C = {}
    ids = sorted(["a", "a-", "a.", "a0", "a_", "a-b", "a.b", "aa", "b9", "b_"], key=str.encode)
    C["byteorder-zero-reserves"] = bidset("m.x-1_", 9007199254740991, [(i, "0") for i in ids], [
        ("b-1", ["a", "a-", "a."], "100", None, "n"),
        ("b.1", ["a0", "a_", "a-b"], "7", "g", "n"),
        ("b0", ["a.b", "aa", "b9"], "2", "g", "n"),
        ("b_", ["b_"], "1", None, "n")])
    C["split-ties"] = bidset("t", 0, [("r1", "1"), ("r2", "1"), ("r3", "1"), ("r4", "3"), ("r5", "7")], [
        ("x", ["r1", "r2", "r3"], "5", None, "n"),
        ("y", ["r4", "r5"], "19", None, "n")])
    C["split-huge"] = bidset("t", 1, [("r1", str(2**255)), ("r2", str(2**255 + 1)), ("r3", "1")], [
        ("x", ["r1", "r2", "r3"], str(2**256 - 1), None, "n")])
    C["split-huge-feasible"] = bidset("t", 1, [("r1", str(2**254)), ("r2", str(2**254 + 1)), ("r3", "1"), ("r4", str(2**256-1))], [
        ("x", ["r1", "r2", "r3"], str(2**256 - 1), None, "n"), ("y", ["r4"], str(2**256 - 1), None, "n")])
    C["sig-mixed-order-cofactorless"] = bidset("t", 2, [("r1", "1")], [("x", ["r1"], "5", None, "cofactorless")])
    C["sig-mixed-order-cofactored-only"] = bidset("t", 3, [("r1", "1")], [("x", ["r1"], "5", None, "cofactored")])
    return C

if __name__ == "__main__":
    out = sys.argv[1]
    for k, d in cases().items():
        with open(os.path.join(out, f"hand-{k}.json"), "w") as f: json.dump(d, f, indent=2)
        print(os.path.join(out, f"hand-{k}.json"))
