"""ReLU, Leaky ReLU, ReLU6, CReLU and eval-mode RReLU against PyTorch's CPU
operators (Debian's python3-torch, 1.13), forward and backward (autograd),
bit for bit, on every supported ISA: random inputs of many lengths, every
pair of special values, non-contiguous views.

PyTorch's elementwise CPU loops run a vector body over blocks of 2 x 8
floats (AVX2) and a scalar tail over the rest, and the two disagree for a
few NaN cases. The inputs put every special value in both. Where rectify
differs from PyTorch on purpose the test says so in its name, and the
README's semantics table lists it.
"""

import numpy as np
import pytest

import rectify
from helpers import (
    F32,
    LENGTHS,
    SPECIALS,
    assert_bits_equal,
    flip_sign,
    is_signalling_nan,
    quieted,
    random_inputs,
    special_pairs,
    tiled,
)

torch = pytest.importorskip("torch")
F = torch.nn.functional

SLOPES = (0.01, 0.2, 0.0, -0.5, 1.5, 1e-30)
BOUNDS = ((1 / 8, 1 / 3), (0.0, 1.0), (0.25, 0.25), (-0.5, 0.75))  # float32 numbers, and torch's default


def t_forward(fn, x):
    return fn(torch.from_numpy(np.array(x))).numpy()


def t_backward(fn, dy, x):
    """PyTorch's gradient of fn at x for the incoming gradient dy (autograd)."""
    t = torch.from_numpy(np.array(x)).requires_grad_(True)
    fn(t).backward(torch.from_numpy(np.array(dy)))
    return t.grad.numpy()


def t_crelu(axis):
    return lambda t: torch.cat([F.relu(t), F.relu(-t)], dim=axis)


# (name, rectify forward, torch forward, rectify backward (dy, x), torch op)
OPS = [("relu", rectify.relu, F.relu, rectify.relu_backward),
       ("relu6", rectify.relu6, F.relu6, rectify.relu6_backward)]
for s in SLOPES:
    OPS.append(("leaky_relu(%g)" % s, lambda x, s=s: rectify.leaky_relu(x, s),
                lambda t, s=s: F.leaky_relu(t, s),
                lambda dy, x, s=s: rectify.leaky_relu_backward(dy, x, s)))
for lo, hi in BOUNDS:
    OPS.append(("rrelu_eval(%g,%g)" % (lo, hi), lambda x, lo=lo, hi=hi: rectify.rrelu(x, lo, hi),
                lambda t, lo=lo, hi=hi: F.rrelu(t, lo, hi, training=False),
                lambda dy, x, lo=lo, hi=hi: rectify.rrelu_backward(dy, x, lo, hi)))
IDS = [op[0] for op in OPS]


@pytest.fixture(autouse=True)
def quiet():
    with np.errstate(all="ignore"):
        yield


@pytest.mark.parametrize("op", OPS, ids=IDS)
@pytest.mark.parametrize("n", LENGTHS)
def test_random_inputs(isa, op, n):
    _, ours, theirs, ours_bwd = op
    rng = np.random.default_rng(n)
    x = random_inputs(rng, n)
    dy = random_inputs(rng, n, 1.0)
    assert_bits_equal(ours(x), t_forward(theirs, x), x=x)
    assert_bits_equal(ours_bwd(dy, x), t_backward(theirs, dy, x), dy=dy, x=x)


@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_special_values_forward(isa, op):
    _, ours, theirs, _ = op
    for n, shift in ((SPECIALS.size, 0), (1001, 0), (1001, 7)):
        x = tiled(SPECIALS, n, shift)
        assert_bits_equal(ours(x), t_forward(theirs, x), x=x)
    for v in SPECIALS:  # one element: PyTorch's scalar path alone
        x = np.array([v], np.float32)
        assert_bits_equal(ours(x), t_forward(theirs, x), x=x)


def torch_scalar_and_vector(fn, dy, x):
    """PyTorch's gradient computed twice: element by element (its scalar
    loop) and as one long array (its vector body, save the tail)."""
    scalar = np.concatenate([t_backward(fn, dy[i:i + 1], x[i:i + 1]) for i in range(x.size)])
    pad = (-x.size) % 16 + 16  # enough that the pairs all fall in the vector body
    whole = t_backward(fn, np.concatenate([dy, np.ones(pad, np.float32)]),
                       np.concatenate([x, np.ones(pad, np.float32)]))[: x.size]
    return scalar, whole


@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_special_values_backward(isa, op):
    name, _, theirs, ours_bwd = op
    dy, x = special_pairs()
    ours = ours_bwd(dy, x)
    scalar, vector = torch_scalar_and_vector(theirs, dy, x)
    # The two named differences below, each where PyTorch's vector body and
    # scalar loop disagree: relu6 at x NaN, leaky slopes at a signalling dy.
    agree = ~np.isnan(x) if name == "relu6" else np.ones(x.size, bool)
    assert_bits_equal(ours[agree], scalar[agree], dy=dy[agree], x=x[agree])
    if name.startswith(("leaky", "rrelu")):
        agree &= ~(is_signalling_nan(dy) & (x > 0))
    assert_bits_equal(ours[agree], vector[agree], dy=dy[agree], x=x[agree])


def test_relu6_backward_at_nan_follows_torchs_vector_body_not_its_scalar_tail(isa):
    """Differs from PyTorch 1.13 on purpose (DESIGN.md; README "Semantics").
    PyTorch's hardtanh_backward gives 0 for x = NaN in its vector body and
    passes dy in its scalar loop (the tail, and arrays shorter than a
    vector), so its answer depends on the element's position. rectify gives
    +0 everywhere, the vector body's answer."""
    dy, x = special_pairs()
    nan = np.isnan(x)
    dy, x = dy[nan], x[nan]
    scalar, vector = torch_scalar_and_vector(F.relu6, dy, x)
    ours = rectify.relu6_backward(dy, x)
    assert (ours.view(np.uint32) == 0).all()  # +0
    assert_bits_equal(ours, vector, dy=dy, x=x)
    assert_bits_equal(scalar, dy)  # torch's scalar loop passes dy ...
    assert not np.array_equal(ours.view(np.uint32), scalar.view(np.uint32))  # ... rectify does not
    # The same within one call: a NaN in the tail of a 70-element array.
    x70 = np.full(70, np.nan, np.float32)
    dy70 = np.ones(70, np.float32)
    t70 = t_backward(F.relu6, dy70, x70)
    assert t70[0] == 0 and t70[-1] == 1  # body 0, tail dy
    assert (rectify.relu6_backward(dy70, x70) == 0).all()


@pytest.mark.parametrize("op", [op for op in OPS if op[0].startswith(("leaky", "rrelu"))],
                         ids=[i for i in IDS if i.startswith(("leaky", "rrelu"))])
def test_leaky_relu_backward_passes_a_signalling_nan_dy_like_torchs_scalar_loop(isa, op):
    """Differs from PyTorch 1.13's vector body (README "Semantics"). Where
    x > 0, dx = dy: rectify passes dy bit for bit, a signalling NaN too, as
    PyTorch's scalar loop does; PyTorch's vectorised leaky_relu_backward
    (and so eval-mode RReLU's) returns that NaN quieted (0x7f800001 ->
    0x7fc00001). relu_backward and relu6_backward pass it in both loops."""
    _, _, theirs, ours_bwd = op
    dy, x = special_pairs()
    pick = is_signalling_nan(dy) & (x > 0)
    dy, x = dy[pick], x[pick]
    assert dy.size > 0
    scalar, vector = torch_scalar_and_vector(theirs, dy, x)
    ours = ours_bwd(dy, x)
    assert_bits_equal(ours, dy, x=x)
    assert_bits_equal(scalar, dy, x=x)
    assert_bits_equal(vector, quieted(dy), x=x)


@pytest.mark.parametrize("shape,axis", [((7,), 0), ((5, 3), 0), ((5, 3), 1), ((5, 3), -1),
                                        ((2, 3, 4, 5), 1), ((2, 3, 4, 5), 3), ((3, 1, 17), 2),
                                        ((1, 33), 1)])
def test_crelu(isa, shape, axis):
    """PyTorch has no CReLU operator; its definition is
    torch.cat([relu(x), relu(-x)], dim)."""
    n = int(np.prod(shape))
    x = tiled(SPECIALS, n, shift=n % 7).reshape(shape)
    y = rectify.crelu(x, axis)
    assert_bits_equal(y, t_forward(t_crelu(axis), x), x=np.concatenate([x, x], axis))
    rng = np.random.default_rng(n)
    xr = random_inputs(rng, n).reshape(shape)
    assert_bits_equal(rectify.crelu(xr, axis), t_forward(t_crelu(axis), xr))
    for xx in (x, xr):
        dy = random_inputs(rng, 2 * n, 1.0).reshape(y.shape)
        assert_bits_equal(rectify.crelu_backward(dy, xx, axis), t_backward(t_crelu(axis), dy, xx), x=xx)


def crelu_triples():
    """Every (x, dy_pos, dy_neg) triple of special values, as a CReLU
    backward over axis 1 of a (1, 1, m) x: dy is (1, 2, m)."""
    x, pos, neg = (a.ravel() for a in np.meshgrid(SPECIALS, SPECIALS, SPECIALS, indexing="ij"))
    return x.reshape(1, 1, -1), np.stack([pos, neg]).reshape(1, 2, -1)


def nan_from_the_negative_half(x, pos, neg):
    """Where dx is the NaN of dy's negative half: relu_backward(-x, dy_neg)
    passes it (x < 0, or x NaN) and the positive half is not NaN itself."""
    return np.isnan(neg) & ((x < 0) | (np.isnan(x) & ~np.isnan(pos)))


def test_crelu_backward_special_gradients(isa):
    """Signed zeros, infinities and NaNs in both halves of dy: rectify's
    dx = dy_pos - dy_neg and PyTorch's dy_pos + (-dy_neg) give the same bits,
    but for the sign of a NaN from the negative half (next test)."""
    x, dy = crelu_triples()
    got = rectify.crelu_backward(dy, x, 1).ravel()
    want = t_backward(t_crelu(1), dy, x).ravel()
    pos, neg, xf = dy[0, 0], dy[0, 1], x.ravel()
    keep = ~nan_from_the_negative_half(xf, pos, neg)
    assert_bits_equal(got[keep], want[keep], x=xf[keep], pos=pos[keep], neg=neg[keep])


def test_crelu_backward_nan_from_the_negative_half_keeps_its_sign_torch_flips_it(isa):
    """Differs from PyTorch 1.13 in a NaN's sign bit (README "Semantics").
    Where dx is the negative half's NaN (x < 0 or NaN), rectify computes
    dx = relu_backward(x, dy_pos) - relu_backward(-x, dy_neg), one float
    subtraction (the header), which returns that NaN, quieted, sign and
    payload kept; PyTorch's autograd negates it first (the gradient of -x)
    and adds: the same NaN with its sign bit flipped."""
    x, dy = crelu_triples()
    pos, neg, xf = dy[0, 0], dy[0, 1], x.ravel()
    pick = nan_from_the_negative_half(xf, pos, neg)
    got = rectify.crelu_backward(dy, x, 1).ravel()[pick]
    want = t_backward(t_crelu(1), dy, x).ravel()[pick]
    assert pick.sum() > 0
    assert_bits_equal(got, quieted(neg[pick]))
    assert_bits_equal(want, flip_sign(quieted(neg[pick])))


# The same view on both sides: (NumPy's, PyTorch's), of one 3000-float base.
VIEWS = {
    "step 3": (lambda b: b[::3], lambda t: t[::3]),
    "reversed": (lambda b: b[::-1], lambda t: t.flip(0)),  # torch has no negative strides
    "transposed": (lambda b: b[:1200].reshape(30, 40).T, lambda t: t[:1200].reshape(30, 40).T),
    "column slice": (lambda b: b[:1200].reshape(30, 40)[:, 1:37:4],
                     lambda t: t[:1200].reshape(30, 40)[:, 1:37:4]),
}


@pytest.mark.parametrize("view", VIEWS, ids=list(VIEWS))
def test_non_contiguous_views(isa, view):
    """PyTorch walks the strides of its view; rectify copies the NumPy view
    to a contiguous array first."""
    np_view, t_view = VIEWS[view]
    rng = np.random.default_rng(4)
    base = random_inputs(rng, 3000)
    base[::5] = tiled(SPECIALS, base[::5].size)
    dy_base = random_inputs(rng, 3000, 1.0)
    x, dy = np_view(base), np_view(dy_base)
    assert not x.flags.c_contiguous
    for name, ours, theirs, ours_bwd in OPS:
        assert_bits_equal(ours(x), theirs(t_view(torch.from_numpy(base))).numpy(), x=x)
        leaf = torch.from_numpy(base.copy()).requires_grad_(True)
        theirs(t_view(leaf)).backward(t_view(torch.from_numpy(dy_base)))
        grad = t_view(leaf.grad).numpy()
        agree = ~np.isnan(x) if name == "relu6" else np.ones(x.shape, bool)
        assert_bits_equal(ours_bwd(dy, x)[agree], grad[agree], x=x[agree])


def test_torch_tensors_as_inputs():
    """A CPU float32 tensor is an array to rectify (through __array__)."""
    t = torch.linspace(-3, 9, 101)
    assert_bits_equal(rectify.relu6(t), F.relu6(t).numpy())
    with pytest.raises(TypeError, match="float32"):
        rectify.relu(t.double())


def test_rrelu_eval_slope_is_rounded_from_float_bounds():
    """Differs from PyTorch 1.13 on purpose in the last bit, for bounds that
    are not float32 numbers. PyTorch computes the eval-mode slope as
    float((lower + upper) / 2) from the double bounds it is given; rectify's
    C API takes float bounds, so the package rounds each bound to float32
    first and then computes (lower + upper) / 2 in double, rounded once.
    Equal for float32 bounds (PyTorch's defaults 1/8, 1/3 included, see
    test_random_inputs); here a pair where they differ."""
    lo, hi = 0.5381433132192782, 0.7535131086748066
    x = -np.ones(1, np.float32)
    theirs = -F.rrelu(torch.from_numpy(x), lo, hi, training=False).numpy()[0]
    ours = -rectify.rrelu(x, lo, hi)[0]
    assert theirs == F32((lo + hi) / 2)
    assert ours == F32((float(F32(lo)) + float(F32(hi))) / 2)
    assert abs(int(ours.view(np.uint32)) - int(theirs.view(np.uint32))) == 1
    # Rounded to float32 first, the bounds give PyTorch's bits exactly.
    theirs32 = -F.rrelu(torch.from_numpy(x), float(F32(lo)), float(F32(hi)), training=False).numpy()[0]
    assert ours == theirs32


def test_rrelu_training_draws_the_same_distribution_not_the_same_values():
    """Differs from PyTorch on purpose: PyTorch draws training-mode slopes
    from its global generator (one mt19937 stream, serial); rectify from
    Philox4x32-10 keyed by (seed, offset), so they can be regenerated and
    split. The values differ; the distribution, uniform on [lower, upper],
    is the same (two-sample Kolmogorov-Smirnov)."""
    n = 100_000
    x = -np.ones(n, np.float32)
    torch.manual_seed(0)
    theirs = -F.rrelu(torch.from_numpy(x), 0.1, 0.3, training=True).numpy()
    ours = -rectify.rrelu(x, 0.1, 0.3, training=1, seed=0)
    assert (ours != theirs).mean() > 0.99
    for r in (ours, theirs):
        assert r.min() >= F32(0.1) and r.max() <= F32(0.3)
    grid = np.linspace(0.1, 0.3, 2001)
    cdf_ours = np.searchsorted(np.sort(ours), grid, "right")
    cdf_theirs = np.searchsorted(np.sort(theirs), grid, "right")
    ks = np.abs(cdf_ours - cdf_theirs).max() / n
    assert ks < 1.95 * np.sqrt(2 / n)  # the 0.001 level
