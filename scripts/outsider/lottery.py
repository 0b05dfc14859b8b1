"""The lottery's draw and next price, written from formats/lottery.md alone."""
from gavel_ref import digest

MAX_TICKETS = 2**53 - 1
AMOUNT_MAX = 2**256 - 1


def draw(beacon_hex, marketplace, epoch, slot, bundle, total):
    """(index, rounds): the winning ticket of one slot of one bundle."""
    if not 1 <= total <= MAX_TICKETS:
        raise ValueError("total out of range")
    limit = 2**64 - (2**64 % total)       # largest multiple of total <= 2^64
    rnd = 0
    while True:
        d = digest("draw", marketplace, epoch,
                   {"beacon": beacon_hex, "bundle": list(bundle), "round": rnd, "slot": slot})
        x = int(d[:16], 16)               # first 8 bytes, big-endian
        if x < limit:
            return x % total, rnd + 1
        rnd += 1


def holder(tickets, index):
    """The purchase holding ticket index (tickets in the bid set's order)."""
    below = 0
    for k, t in enumerate(tickets):
        if below <= index < below + t:
            return k
        below += t
    raise ValueError("index beyond the tickets")


def next_price(price, sold, target, max_change_bps, floor):
    if target < 1 or not 1 <= max_change_bps <= 10000:
        raise ValueError("bad parameters")
    off = min(abs(sold - target), target)
    delta = price * off * max_change_bps // (target * 10000)
    if sold > target:
        nxt = price + max(delta, 1)
    elif sold < target:
        nxt = price - delta
    else:
        nxt = price
    return min(max(nxt, floor), AMOUNT_MAX)
