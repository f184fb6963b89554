#!/usr/bin/env python3
"""Derives the polynomial of the vector layer's inline exponential
(kernels/simd/exp.h): Q of degree 4 with

    expm1(t) ~ t + t^2 * Q(t)   on [-ln2/2 - 0.002, ln2/2 + 0.002],

the reduced range of t = x - n*ln2 with a little room for the rounding of
n. Q minimises the largest relative error of t + t^2 * Q(t), that is the
error of Q weighted by t^2 / |expm1(t)|: Remez's exchange algorithm (E. Ya.
Remez, 1934; as in J.-M. Muller, "Elementary Functions", ch. 3) on that
weighted error, in 50-digit decimal arithmetic, with nothing beyond
Python's standard library. Prints Q's coefficients rounded to float, as C
literals, and the relative error of t + t^2 * Q(t) with them (their
rounding included) on a fine grid.

    tools/expm1_poly.py [degree]
"""
import decimal
import math
import struct
import sys
from decimal import Decimal as D

decimal.getcontext().prec = 50
LN2 = D(2).ln()
A, B = -LN2 / 2 - D("0.002"), LN2 / 2 + D("0.002")


def q(t):
    """(expm1(t) - t) / t^2, the function Q approximates."""
    if abs(t) < D("1e-20"):
        return D(1) / 2 + t / 6
    return (t.exp() - 1 - t) / (t * t)


def weight(t):
    """t^2 / |expm1(t)|: turns Q's error into the relative error of expm1."""
    if t == 0:
        return D(0)
    return t * t / abs(t.exp() - 1)


def solve(m, v):
    """Gaussian elimination with partial pivoting, in place."""
    n = len(v)
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p], v[c], v[p] = m[p], m[c], v[p], v[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            m[r] = [a - f * b for a, b in zip(m[r], m[c])]
            v[r] -= f * v[c]
    x = [D(0)] * n
    for r in reversed(range(n)):
        x[r] = (v[r] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r]
    return x


def polyval(c, t):
    s = D(0)
    for a in reversed(c):
        s = s * t + a
    return s


def remez(deg, iters=25, grid=3000):
    n = deg + 2
    xs = [(A + B) / 2 + (B - A) / 2 * D(math.cos(math.pi * (n - 1 - i) / (n - 1))) for i in range(n)]
    for _ in range(iters):
        # sum_j c_j x^j w(x) + (-1)^i E = q(x) w(x) at the n reference points
        m = [[x ** j * weight(x) for j in range(deg + 1)] + [D(-1) ** i] for i, x in enumerate(xs)]
        c = solve(m, [q(x) * weight(x) for x in xs])[: deg + 1]
        pts = [A + (B - A) * k / grid for k in range(grid + 1)]
        err = [(polyval(c, t) - q(t)) * weight(t) for t in pts]
        ext = [(pts[k], err[k]) for k in range(grid + 1)
               if k in (0, grid) or (abs(err[k]) >= abs(err[k - 1]) and abs(err[k]) >= abs(err[k + 1]))]
        alt = []  # the largest of each run of extrema of one sign
        for t, e in ext:
            if alt and (e > 0) == (alt[-1][1] > 0):
                if abs(e) > abs(alt[-1][1]):
                    alt[-1] = (t, e)
            elif e != 0:
                alt.append((t, e))
        while len(alt) > n:
            alt.pop(0 if abs(alt[0][1]) < abs(alt[-1][1]) else -1)
        if len(alt) < n:
            break
        xs = [t for t, _ in alt]
    return c


def to_float(d):
    return struct.unpack("f", struct.pack("f", float(d)))[0]


def main():
    deg = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    cf = [to_float(a) for a in remez(deg)]
    print("Q, degree %d: {%s}" % (deg, ", ".join(f.hex().replace("0000000p", "p") + "f" for f in cf)))
    worst = D(0)
    for k in range(20001):
        t = A + (B - A) * k / 20000
        if t == 0:
            continue
        approx = t + t * t * polyval([D(f) for f in cf], t)
        exact = t.exp() - 1
        worst = max(worst, abs(approx - exact) / abs(exact))
    print("max relative error of t + t^2 Q(t): %.3e = 2^%.2f" % (worst, math.log2(worst)))


if __name__ == "__main__":
    main()
