"""float16 and bfloat16 (uint16 bit patterns) arrays: every op equals
"widen to float32, run the float32 op, round once" (rectify's _f16/_bf16
contract), computed here with NumPy's exact widening and its float16
rounding, and bf16's round-to-nearest-even written out in integers."""
import numpy as np
import pytest

import rectify
from test_api import BACKWARD, FORWARD


def bf16_to_f32(h):
    return (h.astype(np.uint32) << 16).view(np.float32)


def f32_to_bf16(f):
    u = np.ascontiguousarray(f, np.float32).view(np.uint32)
    rounded = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)
    quiet = ((u >> 16) | 0x40).astype(np.uint16)
    return np.where(np.isnan(f), quiet, rounded)


def f32_to_f16(f):
    with np.errstate(over="ignore"):  # overflow to inf is the rule
        return f.astype(np.float16)


KINDS = {
    "float16": (lambda h: h.astype(np.float32), f32_to_f16),
    "bfloat16": (bf16_to_f32, f32_to_bf16),
}


def patterns(kind, n=65536, seed=0):
    """Every 16-bit pattern (shuffled) as this kind's array."""
    bits = np.random.default_rng(seed).permutation(65536).astype(np.uint16)[:n]
    return bits.view(np.float16) if kind == "float16" else bits


def same(got, want):
    """Bits equal, except that any NaN matches a NaN of the same sign
    (NumPy's float16 rounding keeps a NaN's payload without quieting it;
    rectify's is quiet: both are NaNs of that sign)."""
    g = got.view(np.uint16).astype(np.uint32)
    w = want.view(np.uint16).astype(np.uint32)
    exp = 0x7C00 if got.dtype == np.float16 else 0x7F80
    nan_g = ((g & 0x7FFF) > exp)
    nan_w = ((w & 0x7FFF) > exp)
    ok = np.where(nan_g | nan_w, nan_g & nan_w & ((g >> 15) == (w >> 15)), g == w)
    bad = np.flatnonzero(~ok)
    assert bad.size == 0, f"{bad.size} differ, first at {bad[0]}: {g[bad[0]]:#06x}, want {w[bad[0]]:#06x}"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", FORWARD)
def test_forward_is_widen_run_round(kind, name):
    widen, narrow = KINDS[kind]
    x = patterns(kind)
    got = FORWARD[name](x)
    assert got.dtype == x.dtype and got.shape == x.shape
    same(got, narrow(FORWARD[name](widen(x))))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", BACKWARD)
def test_backward_is_widen_run_round(kind, name):
    widen, narrow = KINDS[kind]
    x, dy = patterns(kind, seed=1), patterns(kind, seed=2)
    got = BACKWARD[name](dy, x)
    same(got, narrow(BACKWARD[name](widen(dy), widen(x))))
    out = x.copy()  # in place, on x
    BACKWARD[name](dy, out, out=out)
    same(out, narrow(BACKWARD[name](widen(dy), widen(x))))


@pytest.mark.parametrize("kind", KINDS)
def test_crelu(kind):
    widen, narrow = KINDS[kind]
    x = patterns(kind, 4 * 1000).reshape(4, 1000)
    y = rectify.crelu(x, 1)
    same(y, narrow(rectify.crelu(widen(x), 1)))
    dy = patterns(kind, 4 * 2000, seed=3).reshape(4, 2000)
    same(rectify.crelu_backward(dy, x, 1), narrow(rectify.crelu_backward(widen(dy), widen(x), 1)))


def test_known_answers():
    # fp16: 65504 * 2 overflows to -inf; -2^-24 * 0.5 is a tie that rounds to -0.
    h = np.array([-65504.0, -2.0**-24], np.float16)
    got = rectify.leaky_relu(h, 2.0).view(np.uint16)
    assert list(got) == [0xFC00, 0x8002]
    got = rectify.leaky_relu(h, 0.5).view(np.uint16)
    assert list(got) == [0xF7FF, 0x8000]
    # bf16: a NaN keeps its payload's top bits and its sign, quiet.
    b = np.array([0xFFC1, 0x7F81, 0xBF80], np.uint16)
    assert list(rectify.relu(b)) == [0xFFC1, 0x7FC1, 0x0000]


def test_types_do_not_mix():
    h = np.zeros(8, np.float16)
    f = np.zeros(8, np.float32)
    with pytest.raises(TypeError, match="mixes no types"):
        rectify.relu_backward(h, f)
    with pytest.raises(TypeError, match="mixes no types"):
        rectify.relu(h, out=np.zeros(8, np.uint16))
    with pytest.raises(TypeError, match="mixes no types"):
        rectify.crelu_backward(np.zeros((2, 8), np.float16), np.zeros((2, 4), np.uint16), 1)
