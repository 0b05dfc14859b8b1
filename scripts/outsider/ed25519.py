# Pure-Python Ed25519 verification (RFC 8032) with the libsodium 1.0.18 strict rules
# adopted by formats/README.md "Signatures".
import hashlib
p = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
d = (-121665 * pow(121666, p - 2, p)) % p
I = pow(2, (p - 1) // 4, p)

def _xrecover(y, sign):
    if y >= p: return None
    x2 = (y * y - 1) * pow(d * y * y + 1, p - 2, p) % p
    if x2 == 0:
        return 0 if sign == 0 else 0   # libsodium does not reject x=0 with sign bit (only small-order pts)
    x = pow(x2, (p + 3) // 8, p)
    if (x * x - x2) % p != 0:
        x = x * I % p
    if (x * x - x2) % p != 0:
        return None
    if (x & 1) != sign:
        x = p - x
    return x

By = 4 * pow(5, p - 2, p) % p
Bx = _xrecover(By, 0)
B = (Bx, By, 1, Bx * By % p)

def _add(P, Q):
    X1, Y1, Z1, T1 = P; X2, Y2, Z2, T2 = Q
    A = (Y1 - X1) * (Y2 - X2) % p
    Bv = (Y1 + X1) * (Y2 + X2) % p
    C = T1 * 2 * d * T2 % p
    D = Z1 * 2 * Z2 % p
    E, F, G, H = Bv - A, D - C, D + C, Bv + A
    return (E * F % p, G * H % p, F * G % p, E * H % p)

def _mul(s, P):
    Q = (0, 1, 1, 0)
    while s > 0:
        if s & 1: Q = _add(Q, P)
        P = _add(P, P)
        s >>= 1
    return Q

def _enc(P):
    X, Y, Z, _ = P
    zi = pow(Z, p - 2, p)
    x, y = X * zi % p, Y * zi % p
    return (y | ((x & 1) << 255)).to_bytes(32, "little")

_BLACK = [bytes.fromhex(h) for h in (
    "00" * 32, "01" + "00" * 31,
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "ec" + "ff" * 30 + "7f", "ed" + "ff" * 30 + "7f", "ee" + "ff" * 30 + "7f")]

def _small_order(b):
    return any(b[:31] == k[:31] and (b[31] & 0x7f) == k[31] for k in _BLACK)

def verify(pk, msg, sig):
    if len(pk) != 32 or len(sig) != 64: return False
    Rb, Sb = sig[:32], sig[32:]
    S = int.from_bytes(Sb, "little")
    if S >= L: return False
    if _small_order(Rb): return False
    y = int.from_bytes(pk, "little") & ((1 << 255) - 1)
    if y >= p: return False                      # non-canonical public key
    if _small_order(pk): return False
    x = _xrecover(y, pk[31] >> 7)
    if x is None: return False
    A = (x, y, 1, x * y % p)
    k = int.from_bytes(hashlib.sha512(Rb + pk + msg).digest(), "little") % L
    negA = ((p - x) % p, y, 1, (p - x) * y % p)
    Rc = _add(_mul(S, B), _mul(k, negA))
    return _enc(Rc) == Rb                        # cofactorless, byte comparison of R

if __name__ == "__main__":
    # RFC 8032 test 1
    pk = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    sg = bytes.fromhex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
    print(verify(pk, b"", sg), verify(pk, b"x", sg))
