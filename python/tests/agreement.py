"""Prints the README's table of agreement with PyTorch: for every op and
direction, whether rectify's bits equal PyTorch's (and on how many inputs),
or, for ELU and SELU, the max error in ULPs of each against the exact value.
Over every supported ISA and both modes. The tests (test_torch_*) assert
what this measures; this only reports it.

    PYTHONPATH=<rectify's install> python3 python/tests/agreement.py
"""

import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rectify  # noqa: E402
from helpers import (  # noqa: E402
    SPECIALS,
    bits,
    elu_backward_exact,
    elu_exact,
    elu_inputs,
    is_signalling_nan,
    random_inputs,
    selu_backward_exact,
    selu_exact,
    special_pairs,
    ulp_error,
)

F = torch.nn.functional
SELU_A = 1.6732632423543772848170429916717  # PyTorch's, as doubles
SELU_L = 1.0507009873554804934193349852946
torch.set_num_threads(1)
np.seterr(all="ignore")


def grad(fn, dy, x):
    t = torch.from_numpy(x.copy()).requires_grad_(True)
    fn(t).backward(torch.from_numpy(dy.copy()))
    return t.grad.numpy()


def from_output(dy, y, alpha, scale=1.0):
    return torch.ops.aten.elu_backward(torch.from_numpy(dy), alpha, scale, 1.0, True,
                                       torch.from_numpy(y)).numpy()


def crelu_t(t):
    return torch.cat([F.relu(t), F.relu(-t)], dim=1)


rng = np.random.default_rng(2024)
N = 200_000
x_rand = random_inputs(rng, N)
dy_rand = random_inputs(rng, N, 1.0)
dy_sp, x_sp = special_pairs()
X = np.concatenate([x_rand, x_sp, np.tile(SPECIALS, 3)]).astype(np.float32)
DY = np.concatenate([dy_rand, dy_sp, np.tile(SPECIALS[::-1], 3)]).astype(np.float32)
DY_NEG = np.roll(DY, 7)  # CReLU's negative half

PIECEWISE = [
    # op, direction, rectify, torch, inputs excluded as named differences
    ("relu", "forward", lambda: rectify.relu(X), lambda: F.relu(torch.from_numpy(X)).numpy(), None),
    ("relu", "backward", lambda: rectify.relu_backward(DY, X), lambda: grad(F.relu, DY, X), None),
    ("leaky_relu(0.01)", "forward", lambda: rectify.leaky_relu(X),
     lambda: F.leaky_relu(torch.from_numpy(X)).numpy(), None),
    ("leaky_relu(0.01)", "backward", lambda: rectify.leaky_relu_backward(DY, X),
     lambda: grad(F.leaky_relu, DY, X), is_signalling_nan(DY) & (X > 0)),
    ("relu6", "forward", lambda: rectify.relu6(X), lambda: F.relu6(torch.from_numpy(X)).numpy(), None),
    ("relu6", "backward", lambda: rectify.relu6_backward(DY, X), lambda: grad(F.relu6, DY, X), np.isnan(X)),
    ("rrelu eval (1/8, 1/3)", "forward", lambda: rectify.rrelu(X),
     lambda: F.rrelu(torch.from_numpy(X), training=False).numpy(), None),
    ("rrelu eval (1/8, 1/3)", "backward", lambda: rectify.rrelu_backward(DY, X),
     lambda: grad(lambda t: F.rrelu(t, training=False), DY, X), is_signalling_nan(DY) & (X > 0)),
    ("crelu (axis 1)", "forward", lambda: rectify.crelu(X.reshape(1, -1), 1),
     lambda: crelu_t(torch.from_numpy(X.reshape(1, -1))).numpy(), None),
    ("crelu (axis 1)", "backward",
     lambda: rectify.crelu_backward(np.concatenate([DY, DY_NEG]).reshape(1, -1), X.reshape(1, -1), 1),
     lambda: grad(crelu_t, np.concatenate([DY, DY_NEG]).reshape(1, -1), X.reshape(1, -1)),
     (np.isnan(DY_NEG) & ((X < 0) | (np.isnan(X) & ~np.isnan(DY)))).reshape(1, -1)),
]


def each_isa_and_mode():
    before, det = rectify.isa(), rectify.deterministic()
    try:
        for isa in rectify.supported_isas():
            for mode in (False, True):
                rectify.set_isa(isa)
                rectify.set_deterministic(mode)
                yield isa, mode
    finally:
        rectify.set_isa(before)
        rectify.set_deterministic(det)


def piecewise_rows():
    rows = []
    for op, direction, ours, theirs, skip in PIECEWISE:
        want = theirs()
        keep = np.ones(want.shape, bool) if skip is None else ~np.broadcast_to(skip, want.shape)
        diff = 0
        for _ in each_isa_and_mode():
            got = ours()
            diff = max(diff, int((bits(got)[keep] != bits(want)[keep]).sum()))
        verdict = "bits equal" if diff == 0 else "%d differ" % diff
        note = "" if skip is None else " (%d named differences left out)" % int((~keep).sum())
        rows.append("| %s | %s | %s, %d inputs%s | | |" % (op, direction, verdict, int(keep.sum()), note))
    return rows


def ulp_rows():
    xn = rng.standard_normal(N).astype(np.float32)
    xh = elu_inputs(rng)
    rows = []
    for name, x in (("standard normal", xn), ("hard cases", xh)):
        dy = rng.uniform(-1, 1, x.size).astype(np.float32)
        dys = dy / np.float32(2)
        cases = [
            ("elu(1)", "forward", lambda: rectify.elu(x), F.elu(torch.from_numpy(x)).numpy(),
             elu_exact(x, 1.0)),
            ("elu(1)", "backward (input)", lambda: rectify.elu_backward(dy, x), grad(F.elu, dy, x),
             elu_backward_exact(dy, x, 1.0)),
            ("selu", "forward", lambda: rectify.selu(x), F.selu(torch.from_numpy(x)).numpy(), selu_exact(x)),
            ("selu", "backward (input)", lambda: rectify.selu_backward(dys, x), grad(F.selu, dys, x),
             selu_backward_exact(dys, x)),
        ]
        for op, direction, ours, theirs, exact in cases:
            worst = 0.0
            for _ in each_isa_and_mode():
                worst = max(worst, float(ulp_error(ours(), exact).max()))
            e = ulp_error(theirs, exact)
            at = x[int(np.argmax(e))]
            pos = x > 0
            same = bool(np.array_equal(bits(ours())[pos], bits(theirs)[pos]))
            rows.append("| %s | %s | %s; x > 0: %s | %.3f | %.4g (at x = %.4g) |" % (
                op, direction, name, "bits equal" if same else "differ", worst, e.max(), at))
    # Backward from the output: exact formulas, so bits.
    y = rectify.elu(x_rand)
    ys = rectify.selu(x_rand)
    for op, ours, theirs, yy in (
            ("elu(1)", lambda: rectify.elu_backward(dy_rand, y, from_output=True),
             from_output(dy_rand, y, 1.0), y),
            ("selu", lambda: rectify.selu_backward(dy_rand, ys, from_output=True),
             from_output(dy_rand, ys, SELU_A, SELU_L), ys)):
        diff = max(int((bits(ours()) != bits(theirs)).sum()) for _ in each_isa_and_mode())
        rows.append("| %s | backward (output) | %s, %d inputs | | |" % (
            op, "bits equal" if diff == 0 else "%d differ" % diff, yy.size))
    return rows


print("PyTorch %s, rectify %s, ISAs %s, both modes" % (
    torch.__version__, rectify.version(), ", ".join(rectify.supported_isas())))
print()
print("| op | direction | agreement with PyTorch | rectify max ULP | PyTorch max ULP |")
print("| --- | --- | --- | --- | --- |")
for row in piecewise_rows() + ulp_rows():
    print(row)
