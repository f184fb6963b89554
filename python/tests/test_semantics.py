"""Each op against the formula in include/rectify.h, written here with NumPy
(selections, sign-bit flips, and float32 multiplies/adds, each rounded once),
bit for bit, on every supported ISA. No PyTorch: this is the library's own
contract; test_torch_* compare with PyTorch.
"""

import numpy as np
import pytest

import rectify
from helpers import (
    F32,
    LENGTHS,
    SELU_ALPHA,
    SELU_LAMBDA,
    SPECIALS,
    assert_bits_equal,
    flip_sign,
    random_inputs,
    special_pairs,
    tiled,
)

Z = F32(0.0)
SLOPES = (0.01, 0.2, 0.0, -0.5, 1.5, 1e-30)


def ref_relu(x):
    return np.where(x < 0, Z, x)


def ref_relu_bwd(dy, x):
    return np.where(x <= 0, Z, dy)


def ref_leaky(x, s):
    return np.where(x > 0, x, x * F32(s))


def ref_leaky_bwd(dy, x, s):
    return np.where(x > 0, dy, dy * F32(s))


def ref_relu6(x):
    return np.where(x < 0, Z, np.where(x > 6, F32(6), x))


def ref_relu6_bwd(dy, x):
    return np.where((x > 0) & (x < 6), dy, Z)


def ref_elu_bwd_out(dy, y, alpha):
    return np.where(y <= 0, dy * (y + F32(alpha)), dy)


def ref_selu_bwd_out(dy, y):
    la = F32(np.float64(SELU_LAMBDA) * np.float64(SELU_ALPHA))
    return np.where(y <= 0, dy * (y + la), dy * SELU_LAMBDA)


def inputs(n, seed):
    rng = np.random.default_rng(seed)
    x = random_inputs(rng, n)
    x[: min(n, SPECIALS.size)] = SPECIALS[: min(n, SPECIALS.size)]
    rng.shuffle(x)
    dy = random_inputs(rng, n, scale=1.0)
    return dy, x


@pytest.fixture(autouse=True)
def quiet():
    with np.errstate(all="ignore"):
        yield


@pytest.mark.parametrize("n", LENGTHS)
def test_forward_piecewise(isa, n):
    _, x = inputs(n, n)
    assert_bits_equal(rectify.relu(x), ref_relu(x), x=x)
    assert_bits_equal(rectify.relu6(x), ref_relu6(x), x=x)
    for s in SLOPES:
        assert_bits_equal(rectify.leaky_relu(x, s), ref_leaky(x, s), x=x)
        # eval-mode RReLU is leaky_relu with (lower + upper) / 2; bounds that
        # are float32 numbers, so the slope is theirs exactly.
        lo, hi = F32(s), F32(s + 0.5)
        slope = F32((np.float64(lo) + np.float64(hi)) / 2)  # in double, rounded once
        assert_bits_equal(rectify.rrelu(x, lo, hi), ref_leaky(x, slope), x=x)
        assert_bits_equal(rectify.rrelu_backward(x, x, lo, hi), ref_leaky_bwd(x, x, slope), x=x)


@pytest.mark.parametrize("n", LENGTHS)
def test_backward_piecewise(isa, n):
    dy, x = inputs(n, n + 1)
    assert_bits_equal(rectify.relu_backward(dy, x), ref_relu_bwd(dy, x), dy=dy, x=x)
    assert_bits_equal(rectify.relu6_backward(dy, x), ref_relu6_bwd(dy, x), dy=dy, x=x)
    for s in SLOPES:
        assert_bits_equal(rectify.leaky_relu_backward(dy, x, s), ref_leaky_bwd(dy, x, s), dy=dy, x=x)


def test_special_pairs(isa):
    dy, x = special_pairs()
    assert_bits_equal(rectify.relu(x), ref_relu(x), x=x)
    assert_bits_equal(rectify.relu6(x), ref_relu6(x), x=x)
    assert_bits_equal(rectify.relu_backward(dy, x), ref_relu_bwd(dy, x), dy=dy, x=x)
    assert_bits_equal(rectify.relu6_backward(dy, x), ref_relu6_bwd(dy, x), dy=dy, x=x)
    for s in SLOPES:
        assert_bits_equal(rectify.leaky_relu(x, s), ref_leaky(x, s), x=x)
        assert_bits_equal(rectify.leaky_relu_backward(dy, x, s), ref_leaky_bwd(dy, x, s), dy=dy, x=x)
    for alpha in (1.0, 2.5, -0.75):
        assert_bits_equal(rectify.elu_backward(dy, x, alpha, from_output=True),
                          ref_elu_bwd_out(dy, x, alpha), dy=dy, y=x)
    assert_bits_equal(rectify.selu_backward(dy, x, from_output=True), ref_selu_bwd_out(dy, x), dy=dy, y=x)


def test_header_special_values(isa):
    """The special cases the header spells out, value by value."""
    nan = np.float32("nan")
    snan = np.array([0x7F800001], np.uint32).view(np.float32)
    x = np.array([-0.0, np.inf, -np.inf, -1e-45], np.float32)
    assert list(rectify.relu(x).view(np.uint32)) == [0x80000000, 0x7F800000, 0, 0]
    assert list(rectify.relu6(x).view(np.uint32)) == [0x80000000, 0x40C00000, 0, 0]
    assert rectify.relu(snan).view(np.uint32)[0] == 0x7F800001  # passes, not quieted
    assert rectify.leaky_relu(snan).view(np.uint32)[0] == 0x7FC00001  # x * s quiets it
    assert np.isnan(rectify.leaky_relu(np.array([-np.inf], np.float32), 0.0))[0]  # -inf * 0
    assert rectify.relu6_backward(np.ones(1, np.float32), np.array([nan]))[0] == 0
    assert rectify.relu_backward(np.full(1, 3, np.float32), np.array([nan]))[0] == 3
    assert rectify.elu(np.array([-np.inf], np.float32), 2.5)[0] == -2.5
    assert rectify.elu(np.array([-1e-30], np.float32))[0] == np.float32(-1e-30)
    assert rectify.elu(np.array([-0.0], np.float32)).view(np.uint32)[0] == 0x80000000
    assert rectify.selu(np.array([-np.inf], np.float32))[0] == F32(-1.7580993)


@pytest.mark.parametrize("shape,axis", [((7,), 0), ((3, 5), 0), ((3, 5), 1), ((3, 5), -1),
                                        ((2, 3, 4, 5), 1), ((2, 3, 4, 5), 2), ((2, 3, 4, 5), 3),
                                        ((4, 1, 3), 1), ((2, 0, 3), 2)])
def test_crelu(isa, shape, axis):
    n = int(np.prod(shape))
    x = tiled(SPECIALS, n, shift=3).reshape(shape) if n else np.zeros(shape, np.float32)
    y = rectify.crelu(x, axis)
    want = np.concatenate([ref_relu(x), ref_relu(flip_sign(x))], axis=axis)
    assert_bits_equal(y, want, x=np.concatenate([x, x], axis=axis))
    rng = np.random.default_rng(n)
    dy = random_inputs(rng, 2 * n, 1.0).reshape(want.shape) if n else np.zeros(want.shape, np.float32)
    pos, neg = np.split(dy, 2, axis=axis)
    want_dx = ref_relu_bwd(pos, x) - ref_relu_bwd(neg, flip_sign(x))
    assert_bits_equal(rectify.crelu_backward(dy, x, axis), want_dx, x=x)


def test_crelu_layout_is_the_c_apis(isa):
    """axis -> (outer, inner): NCHW channel concat is outer = N, inner = C*H*W,
    so each of the N rows of the result is [relu(x_n), relu(-x_n)] flat."""
    x = np.random.default_rng(0).standard_normal((2, 3, 4, 5)).astype(np.float32)
    rows = rectify.crelu(x, 1).reshape(2, -1)
    for n in range(2):
        flat = x[n].ravel()
        assert_bits_equal(rows[n], np.concatenate([ref_relu(flat), ref_relu(flip_sign(flat))]))


@pytest.mark.parametrize("alpha", [1.0, 2.5, -0.75, 0.0])
def test_elu_backward_from_output(isa, alpha):
    rng = np.random.default_rng(7)
    dy = random_inputs(rng, 5000, 1.0)
    y = rectify.elu(random_inputs(rng, 5000), alpha)
    assert_bits_equal(rectify.elu_backward(dy, y, alpha, from_output=True), ref_elu_bwd_out(dy, y, alpha))
    y = rectify.selu(random_inputs(rng, 5000))
    assert_bits_equal(rectify.selu_backward(dy, y, from_output=True), ref_selu_bwd_out(dy, y))


def test_same_bits_on_every_isa():
    """Piecewise ops, CReLU and RReLU give one answer on every ISA; so do ELU
    and SELU in deterministic mode."""
    rng = np.random.default_rng(3)
    x = random_inputs(rng, 4099)
    x[:SPECIALS.size] = SPECIALS
    dy = random_inputs(rng, 4099, 1.0)
    before, det = rectify.isa(), rectify.deterministic()
    results = {}
    try:
        rectify.set_deterministic(True)
        for name in rectify.supported_isas():
            rectify.set_isa(name)
            results[name] = [
                rectify.relu(x), rectify.relu6(x), rectify.leaky_relu(x, 0.2),
                rectify.relu6_backward(dy, x), rectify.crelu(x.reshape(1, -1), 1),
                rectify.rrelu(x, 0.1, 0.3, training=1, seed=5, offset=3),
                rectify.rrelu_backward(dy, x, 0.1, 0.3, training=1, seed=5, offset=3),
                rectify.elu(x, 1.5), rectify.elu_backward(dy, x, 1.5),
                rectify.selu(x), rectify.selu_backward(dy, x),
            ]
    finally:
        rectify.set_isa(before)
        rectify.set_deterministic(det)
    first = results["scalar"]
    for name, got in results.items():
        for a, b in zip(got, first):
            assert_bits_equal(a, b)
