"""RReLU's training mode against DESIGN.md's "RReLU randomness", written
again here in NumPy (Philox4x32-10 from Salmon et al., checked on
Random123's known answers), bit for bit, on every supported ISA.
"""

import numpy as np
import pytest

import rectify
from helpers import F32, SPECIALS, assert_bits_equal, random_inputs

U32 = np.uint64(0xFFFFFFFF)


def philox4x32_10(c0, c1, c2, c3, k0, k1):
    """Philox4x32-10 on arrays of 32-bit counters, one key."""
    c = [np.asarray(v, dtype=np.uint64) & U32 for v in (c0, c1, c2, c3)]
    k0, k1 = np.uint64(k0), np.uint64(k1)
    for _ in range(10):
        p0 = c[0] * np.uint64(0xD2511F53)  # 32 x 32 bits: exact in 64
        p1 = c[2] * np.uint64(0xCD9E8D57)
        c = [(p1 >> np.uint64(32)) ^ c[1] ^ k0, p1 & U32, (p0 >> np.uint64(32)) ^ c[3] ^ k1, p0 & U32]
        k0 = (k0 + np.uint64(0x9E3779B9)) & U32
        k1 = (k1 + np.uint64(0xBB67AE85)) & U32
    return [v.astype(np.uint32) for v in c]


def slopes(n, lower, upper, seed, offset):
    """r_k for k = offset + i, i < n (mod 2^64), as DESIGN.md defines them."""
    k = np.uint64(offset) + np.arange(n, dtype=np.uint64)  # wraps mod 2^64
    b, w = k >> np.uint64(2), (k & np.uint64(3)).astype(np.intp)
    words = np.stack(philox4x32_10(b & U32, b >> np.uint64(32), 0, 0, seed & 0xFFFFFFFF, seed >> 32))
    word = words[w, np.arange(n)]
    u = (word >> np.uint32(8)).astype(np.float32) * F32(2.0**-24)
    lo, hi = F32(lower), F32(upper)
    return lo + u * (hi - lo)  # float32: a subtraction, a multiply, an add, each rounded


def test_philox_known_answers():
    assert [int(v[0]) for v in philox4x32_10([0], [0], [0], [0], 0, 0)] == [
        0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8]
    out = philox4x32_10([0x243F6A88], [0x85A308D3], [0x13198A2E], [0x03707344], 0xA4093822, 0x299F31D0)
    assert [int(v[0]) for v in out] == [0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1]


CASES = [
    # lower, upper, seed, offset
    (1 / 8, 1 / 3, 0, 0),
    (0.1, 0.3, 12345, 3),  # starts inside a Philox block
    (0.0, 1.0, 2**64 - 1, 4 * 2**32 - 6),  # crosses the 2^32-block boundary
    (-0.5, 0.25, 0xDEADBEEFCAFEF00D, 2**64 - 5),  # wraps 2^64
    (0.25, 0.25, 7, 0),  # lower == upper
]


@pytest.mark.parametrize("lower,upper,seed,offset", CASES)
@pytest.mark.parametrize("n", [1, 7, 17, 1001])
def test_training_bits(isa, n, lower, upper, seed, offset):
    rng = np.random.default_rng(n)
    x = random_inputs(rng, n)
    dy = random_inputs(rng, n, 1.0)
    r = slopes(n, lower, upper, seed, offset)
    with np.errstate(all="ignore"):
        want_y = np.where(x <= 0, x * r, x)
        want_dx = np.where(x <= 0, dy * r, dy)
    y = rectify.rrelu(x, lower, upper, training=1, seed=seed, offset=offset)
    dx = rectify.rrelu_backward(dy, x, lower, upper, training=1, seed=seed, offset=offset)
    assert_bits_equal(y, want_y, x=x)
    assert_bits_equal(dx, want_dx, x=x, dy=dy)


def test_backward_regenerates_the_forward_slopes(isa):
    """With x = -1 the forward gives -r_k and the backward with dy = 1 gives
    r_k: the same slopes, from (seed, offset) alone."""
    minus_one = np.full(999, -1.0, np.float32)
    y = rectify.rrelu(minus_one, 0.1, 0.4, training=True, seed=99, offset=17)
    dx = rectify.rrelu_backward(-minus_one, minus_one, 0.1, 0.4, training=True, seed=99, offset=17)
    assert_bits_equal(-y, dx)
    other = rectify.rrelu_backward(-minus_one, minus_one, 0.1, 0.4, training=True, seed=100, offset=17)
    assert not np.array_equal(other, dx)


def test_split_equals_one_call(isa):
    x = random_inputs(np.random.default_rng(1), 1000)
    whole = rectify.rrelu(x, training=1, seed=3, offset=11)
    parts = [rectify.rrelu(x[a:b], training=1, seed=3, offset=11 + a)
             for a, b in [(0, 1), (1, 7), (7, 500), (500, 1000)]]
    assert_bits_equal(np.concatenate(parts), whole)


def test_special_values_in_training_mode(isa):
    y = rectify.rrelu(SPECIALS, 0.1, 0.3, training=1, seed=1)
    r = slopes(SPECIALS.size, 0.1, 0.3, 1, 0)
    nan = np.isnan(SPECIALS)
    # NaN passes unchanged (signalling ones too): x <= 0 is false for NaN.
    assert_bits_equal(y[nan], SPECIALS[nan])
    with np.errstate(all="ignore"):
        assert_bits_equal(y, np.where(SPECIALS <= 0, SPECIALS * r, SPECIALS))


def test_slope_statistics(isa):
    n = 200_000
    r = rectify.rrelu_backward(np.ones(n, np.float32), -np.ones(n, np.float32), 0.1, 0.5,
                               training=1, seed=2024)
    assert r.min() >= F32(0.1) and r.max() <= F32(0.5)
    assert abs(r.mean() - 0.3) < 0.002  # sd of the mean: 0.4 / sqrt(12 n) = 0.00026
    assert abs(r.var() - 0.4**2 / 12) < 0.0005
    hist, _ = np.histogram(r, bins=20, range=(0.1, 0.5))
    assert hist.min() > 0.9 * n / 20
