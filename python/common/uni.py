"""Marsaglia and Zaman's UNI generator, seeded as in RMARIN (SPEC section 2).

The contract is single-precision arithmetic, but Python floats are doubles, so
that arithmetic cannot be written directly here. Every value it involves is a
multiple of 2^-24 in [0, 1), so this module keeps the spec's integer form
instead (each value times 2^24): it is exact and gives the same draws, bit for
bit, as the C `float`, Fortran `real` and Swift `Float` versions.
"""

import math

SCALE = 1 << 24          # 2^24: a draw is an integer times 1 / SCALE
MASK = SCALE - 1         # x & MASK is x mod 2^24, also for negative x
LONG_LAG, SHORT_LAG = 97, 33
C_START, C_STEP, C_MOD = 362436, 7654321, 16777213
SEED_MAX = 900000000


def seed_table(seed):
    """The table u[1..97] of RMARIN as integers (u * 2^24), in index order."""
    ij, kl = divmod(seed, 30082)
    i, j = (ij // 177) % 177 + 2, ij % 177 + 2
    k, l = (kl // 169) % 178 + 1, kl % 169
    table = []
    for _ in range(LONG_LAG):
        entry = 0
        for bit in range(23, -1, -1):  # t = 0.5, 0.25, ... is bit 23, 22, ...
            m = (i * j % 179) * k % 179
            i, j, k = j, k, m
            l = (53 * l + 1) % 169
            if l * m % 64 >= 32:
                entry |= 1 << bit
        table.append(entry)
    return table


def draws(seed):
    """The endless sequence of draws, as integers (draw * 2^24)."""
    u = [0] + seed_table(seed)  # u[0] unused: the spec counts from 1
    p, q, c = LONG_LAG, SHORT_LAG, C_START
    while True:
        r = (u[p] - u[q]) & MASK
        u[p] = r
        p = p - 1 or LONG_LAG
        q = q - 1 or LONG_LAG
        c = (c - C_STEP) % C_MOD
        yield (r - c) & MASK


def lagged_start(seed):
    """The table as the first 97 terms s[0..96] of the lagged sequence
    s[m] = s[m-97] - s[m-33] mod 2^24, whose term s[97+n] is the table entry
    that draw n writes (draw n reads u[97-n] and u[33-n], counting down)."""
    return seed_table(seed)[::-1]


def carry(n):
    """C after draw n (0-based), the congruential part, as an integer."""
    return (C_START - (n + 1) * C_STEP) % C_MOD


def threshold(density):
    """Cell holds a car when its draw (an integer) is below this: the draw
    times 2^-24 is below the single-precision density exactly when the
    integer is below density * 2^24, which a double holds exactly."""
    return math.ceil(density * SCALE)
