"""Inputs, bit comparisons and ULP measurement shared by the tests.

Nothing here calls rectify: these are the oracles' tools.
"""

import numpy as np

F32 = np.float32
FLT_MIN = float(np.finfo(np.float32).tiny)

# SELU's constants (include/rectify.h, DESIGN.md), each rounded to float.
SELU_ALPHA = F32(1.6732632423543772848170429916717)
SELU_LAMBDA = F32(1.0507009873554804934193349852946)


def from_bits(*words):
    return np.array(words, dtype=np.uint32).view(np.float32)


def bits(a):
    return np.ascontiguousarray(a, dtype=np.float32).view(np.uint32)


def flip_sign(a):
    """-a as a sign-bit flip (NaNs included), independent of any arithmetic."""
    return (bits(a) ^ np.uint32(0x80000000)).view(np.float32).reshape(np.shape(a))


SIX = F32(6.0)

# Special inputs: signed zeros and infinities, quiet and signalling NaNs with
# payloads of both signs, the subnormal and normal extremes, values around
# 0 and around ReLU6's threshold 6, and a few ordinary ones.
SPECIALS = np.concatenate(
    [
        np.array(
            [0.0, -0.0, np.inf, -np.inf, 1.0, -1.0, 0.5, -0.5, 3.0, -3.0, 100.0, -100.0, 1e-30,
             -1e-30, 1e-38, -1e-38, 5.0, 7.0, -17.0, -88.0, -104.0, 65504.0],
            dtype=np.float32,
        ),
        [SIX, np.nextafter(SIX, F32(0)), np.nextafter(SIX, F32(7)), np.nextafter(F32(0), F32(1))],
        from_bits(
            0x7FC00000,  # the default quiet NaN
            0xFFC00000,  # the same, sign set
            0x7FC01234,  # a quiet NaN with a payload
            0xFFC05678,
            0x7F800001,  # signalling NaNs
            0xFF800ABC,
            0x7FBFFFFF,
            0x00000001,  # the smallest subnormals
            0x80000001,
            0x007FFFFF,  # the largest subnormals
            0x807FFFFF,
            0x00800000,  # FLT_MIN
            0x80800000,
            0x7F7FFFFF,  # FLT_MAX
            0xFF7FFFFF,
        ),
    ]
).astype(np.float32)

# Lengths around every vector width (4, 8, 16 floats, and PyTorch's 2x
# unrolled AVX2 loop of 16) and above the GIL-release size.
LENGTHS = (1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 63, 65, 255, 1000, 1023, 4097, 20011)


def tiled(values, n, shift=0):
    """`values` repeated to length n, rotated by `shift`: every value lands
    both in vector bodies and in scalar tails."""
    reps = -(-n // len(values)) + 1
    return np.roll(np.tile(values, reps), shift)[:n].astype(np.float32)


def special_pairs():
    """Every (dy, x) pair of special values, flattened, plus the same pairs
    shifted by 5 so that each also sits at other positions in a vector."""
    dy, x = np.meshgrid(SPECIALS, SPECIALS, indexing="ij")
    dy, x = dy.ravel(), x.ravel()
    return (np.concatenate([dy, np.roll(dy, 5)]).astype(np.float32),
            np.concatenate([x, np.roll(x, 5)]).astype(np.float32))


def random_inputs(rng, n, scale=4.0):
    """Normal and uniform values, some exactly 0, with both signs."""
    x = np.concatenate(
        [rng.standard_normal(n - n // 2) * scale, rng.uniform(-8.0, 8.0, n // 2)]
    ).astype(np.float32)
    rng.shuffle(x)
    if n >= 16:
        x[rng.integers(0, n, n // 16)] = 0.0
    return x


def mismatch_report(ours, ref, inputs, limit=8):
    """The first few positions where two float arrays differ in bits."""
    a, b = bits(ours).ravel(), bits(ref).ravel()
    where = np.flatnonzero(a != b)
    lines = ["%d of %d differ" % (where.size, a.size)]
    for i in where[:limit]:
        ins = " ".join("%s=%08x" % (name, bits(v).ravel()[i]) for name, v in inputs.items())
        lines.append("  [%d] %s: ours %08x ref %08x" % (i, ins, a[i], b[i]))
    return "\n".join(lines)


def assert_bits_equal(ours, ref, **inputs):
    assert np.shape(ours) == np.shape(ref), (np.shape(ours), np.shape(ref))
    if not np.array_equal(bits(ours), bits(ref)):
        raise AssertionError(mismatch_report(ours, ref, inputs))


def ulp_error(y, exact):
    """|y - exact| / ulp(exact) elementwise, the measure of tests/ulp_sweep.c:
    ulp(v) is the spacing of floats at v (2^-149 below FLT_MIN). `exact` is a
    float64 (or better) value of the formula; a y equal to it, or to its
    correct rounding where that overflows to infinity, has error 0."""
    y = np.asarray(y, dtype=np.float64)
    exact = np.asarray(exact, dtype=np.float64)
    _, e = np.frexp(np.abs(exact))
    ulp = np.where(np.abs(exact) < FLT_MIN, 2.0**-149, np.ldexp(1.0, e - 24))
    with np.errstate(invalid="ignore", over="ignore"):
        err = np.abs(y - exact) / ulp
        rounded = exact.astype(np.float32)  # correctly rounded; overflows to inf
    # y equal to the exact value, or to its rounding where that is infinite.
    return np.where((y == exact) | (np.isinf(rounded) & (y == rounded)), 0.0, err)


def is_signalling_nan(a):
    b = bits(a)
    return ((b & 0x7F800000) == 0x7F800000) & ((b & 0x003FFFFF) != 0) & ((b & 0x00400000) == 0)


def quieted(a):
    """A NaN's quiet bit set, as an x86 arithmetic operation sets it."""
    return (bits(a) | np.uint32(0x00400000)).view(np.float32).reshape(np.shape(a))


# ---- ELU and SELU, exactly enough ---------------------------------------------
# The formulas of include/rectify.h in float64, the float parameters taken
# exactly: expm1/exp are within a double ULP, and a product of two floats is
# exact in double, so each value is within ~2^-51 relative of the exact one
# (test_elu_selu checks that against Python's decimal at 40 digits). In float
# ULPs that is an error below 2^-27.

SELU_LA = np.float64(SELU_LAMBDA) * np.float64(SELU_ALPHA)  # exact


def elu_exact(x, alpha):
    x = np.asarray(x, np.float64)
    with np.errstate(all="ignore"):
        return np.where(x > 0, x, np.float64(F32(alpha)) * np.expm1(x))


def selu_exact(x):
    x = np.asarray(x, np.float64)
    with np.errstate(all="ignore"):
        return np.where(x > 0, np.float64(SELU_LAMBDA) * x, SELU_LA * np.expm1(x))


def elu_backward_exact(dy, x, alpha):
    dy, x = np.asarray(dy, np.float64), np.asarray(x, np.float64)
    with np.errstate(all="ignore"):
        return np.where(x <= 0, dy * np.float64(F32(alpha)) * np.exp(x), dy)


def selu_backward_exact(dy, x):
    dy, x = np.asarray(dy, np.float64), np.asarray(x, np.float64)
    with np.errstate(all="ignore"):
        return np.where(x <= 0, dy * SELU_LA * np.exp(x), dy * np.float64(SELU_LAMBDA))


def elu_inputs(rng):
    """Normal inputs, and the hard places: tiny negatives down to the
    subnormals (expm1's cancellation), around -ln 2 (where kernels switch
    method), and deep negatives where exp(x) is subnormal in float."""
    neg_tiny = -np.logspace(-45, -1, 600)
    return np.concatenate([
        rng.standard_normal(4000) * 3,
        rng.uniform(-20, 0, 2000),
        neg_tiny,
        -np.log(2) + rng.uniform(-1e-3, 1e-3, 300),
        rng.uniform(-104, -85, 500),
        np.arange(-1, -200, -1, dtype=np.float64),
        rng.uniform(0, 50, 200),
    ]).astype(np.float32)
