"""ELU and SELU: within 2 ULP of the exact formula, forward and backward
from the input, on every supported ISA, in both modes (no PyTorch here; the
comparison with it is test_torch_elu_selu.py)."""

from decimal import Decimal, getcontext

import numpy as np
import pytest

import rectify
from helpers import (
    F32,
    SELU_LA,
    SELU_LAMBDA,
    SPECIALS,
    assert_bits_equal,
    elu_backward_exact,
    elu_exact,
    elu_inputs,
    selu_backward_exact,
    selu_exact,
    ulp_error,
)

ALPHAS = (1.0, 2.5, 0.5, -0.75)
FINITE = SPECIALS[~np.isnan(SPECIALS)]


def test_the_reference_is_good_to_2_pow_minus_50():
    """The float64 formulas against Python's decimal at 120 digits (enough
    that exp(x) - 1 keeps 70 digits down to x = -1e-45)."""
    getcontext().prec = 120
    x = elu_inputs(np.random.default_rng(5))[::23]
    x = x[np.isfinite(x) & (x < 0)]
    for xi, e, d in zip(x, elu_exact(x, 2.5), elu_backward_exact(np.ones_like(x), x, 2.5)):
        ex = Decimal(float(xi)).exp()
        want_e = Decimal(2.5) * (ex - 1)
        want_d = Decimal(2.5) * ex
        assert abs((Decimal(float(e)) - want_e) / want_e) < Decimal(2) ** -50
        assert abs((Decimal(float(d)) - want_d) / want_d) < Decimal(2) ** -50
    la = Decimal(float(SELU_LAMBDA)) * Decimal(float(F32(1.6732632423543772848170429916717)))
    assert Decimal(float(SELU_LA)) == la  # the product of two floats, exact in double


def inputs():
    x = np.concatenate([elu_inputs(np.random.default_rng(11)), FINITE]).astype(np.float32)
    return x


def check(y, exact, x, what, bound=2.0):
    err = ulp_error(y, exact)
    worst = int(np.argmax(err))
    assert err.max() <= bound, "%s: %.3f ULP at x = %r (got %r, exact %r)" % (
        what, err.max(), x[worst], y[worst], exact[worst])
    return err.max()


@pytest.mark.parametrize("alpha", ALPHAS)
def test_elu_within_2_ulp(isa, mode, alpha):
    x = inputs()
    check(rectify.elu(x, alpha), elu_exact(x, alpha), x, "elu")
    # |dy * alpha| <= 1, where the header's bound holds below x = -87.3 too.
    dy = np.random.default_rng(1).uniform(-1, 1, x.size).astype(np.float32) / F32(max(1.0, abs(alpha)))
    check(rectify.elu_backward(dy, x, alpha), elu_backward_exact(dy, x, alpha), x, "elu_backward")
    one = np.ones_like(x) / F32(max(1.0, abs(alpha)))
    check(rectify.elu_backward(one, x, alpha), elu_backward_exact(one, x, alpha), x, "elu_backward")


def test_selu_within_2_ulp(isa, mode):
    x = inputs()
    check(rectify.selu(x), selu_exact(x), x, "selu")
    dy = np.random.default_rng(2).uniform(-0.5, 0.5, x.size).astype(np.float32)
    check(rectify.selu_backward(dy, x), selu_backward_exact(dy, x), x, "selu_backward")


def test_nan_in_nan_out(isa, mode):
    nan = SPECIALS[np.isnan(SPECIALS)]
    assert np.isnan(rectify.elu(nan)).all() and np.isnan(rectify.selu(nan)).all()
    assert_bits_equal(rectify.elu(nan), nan)  # ELU passes NaN bits, signalling ones too


def test_near_zero_uses_expm1(isa, mode):
    """elu(x) = alpha * expm1(x): near 0 the result is x * alpha, not the 0
    that exp(x) - 1 gives."""
    x = -np.logspace(-45, -8, 200).astype(np.float32)
    x = x[x < 0]
    y = rectify.elu(x)
    assert (y < 0).all()
    check(y, elu_exact(x, 1.0), x, "elu near 0", bound=1.0)


def test_default_mode_avx2_and_avx512_agree():
    """The README: in default mode AVX-512 gives AVX2's bits."""
    if not {"avx2", "avx512"} <= set(rectify.supported_isas()):
        pytest.skip("needs AVX2 and AVX-512")
    x = inputs()
    dy = np.random.default_rng(3).uniform(-1, 1, x.size).astype(np.float32)
    before, det = rectify.isa(), rectify.deterministic()
    got = {}
    try:
        rectify.set_deterministic(False)
        for name in ("avx2", "avx512"):
            rectify.set_isa(name)
            got[name] = [rectify.elu(x, 2.5), rectify.selu(x), rectify.elu_backward(dy, x),
                         rectify.selu_backward(dy, x)]
    finally:
        rectify.set_isa(before)
        rectify.set_deterministic(det)
    for a, b in zip(got["avx2"], got["avx512"]):
        assert_bits_equal(a, b)
