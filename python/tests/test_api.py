"""The Python API itself: signatures, dispatch and mode switches, dtype and
shape checks, out=, in place, copies of non-contiguous inputs, errors as
exceptions with rectify's messages, and the GIL."""

import inspect
import os
import platform
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import rectify
from helpers import F32, assert_bits_equal, random_inputs

rng = np.random.default_rng(0)
X = random_inputs(rng, 1000)
DY = random_inputs(rng, 1000, 1.0)
RRELU_TRAIN = dict(lower=0.1, upper=0.3, training=1, seed=5, offset=0)

# Every op as (name, call(arrays..., out=None)), with its array arguments'
# shapes as functions of x's.
FORWARD = {
    "relu": lambda x, out=None: rectify.relu(x, out=out),
    "leaky_relu": lambda x, out=None: rectify.leaky_relu(x, 0.1, out=out),
    "relu6": lambda x, out=None: rectify.relu6(x, out=out),
    "elu": lambda x, out=None: rectify.elu(x, 1.5, out=out),
    "selu": lambda x, out=None: rectify.selu(x, out=out),
    "rrelu_eval": lambda x, out=None: rectify.rrelu(x, 0.1, 0.3, out=out),
    "rrelu_train": lambda x, out=None: rectify.rrelu(x, out=out, **RRELU_TRAIN),
}
BACKWARD = {
    "relu": lambda dy, x, out=None: rectify.relu_backward(dy, x, out=out),
    "leaky_relu": lambda dy, x, out=None: rectify.leaky_relu_backward(dy, x, 0.1, out=out),
    "relu6": lambda dy, x, out=None: rectify.relu6_backward(dy, x, out=out),
    "elu": lambda dy, x, out=None: rectify.elu_backward(dy, x, 1.5, out=out),
    "elu_from_output": lambda dy, y, out=None: rectify.elu_backward(dy, y, 1.5, from_output=True, out=out),
    "selu": lambda dy, x, out=None: rectify.selu_backward(dy, x, out=out),
    "selu_from_output": lambda dy, y, out=None: rectify.selu_backward(dy, y, from_output=True, out=out),
    "rrelu_eval": lambda dy, x, out=None: rectify.rrelu_backward(dy, x, 0.1, 0.3, out=out),
    "rrelu_train": lambda dy, x, out=None: rectify.rrelu_backward(dy, x, out=out, **RRELU_TRAIN),
}


def sentinel(shape):
    return np.full(shape, 12345.0, np.float32)


# ---- names, signatures, dispatch ----------------------------------------------


def test_signatures():
    """Argument order: forward (x, params..., out); backward (dy, x, ...),
    gradient first as in PyTorch's aten backward ops."""
    def names(f):
        return list(inspect.signature(f).parameters)

    assert names(rectify.relu) == ["x", "out"]
    assert names(rectify.leaky_relu) == ["x", "negative_slope", "out"]
    assert names(rectify.rrelu) == ["x", "lower", "upper", "training", "seed", "offset", "out"]
    assert names(rectify.elu) == ["x", "alpha", "out"]
    assert names(rectify.crelu) == ["x", "axis", "out"]
    assert names(rectify.relu_backward) == ["dy", "x", "out"]
    assert names(rectify.leaky_relu_backward) == ["dy", "x", "negative_slope", "out"]
    assert names(rectify.relu6_backward) == ["dy", "x", "out"]
    assert names(rectify.elu_backward) == ["dy", "x_or_y", "alpha", "from_output", "out"]
    assert names(rectify.selu_backward) == ["dy", "x_or_y", "from_output", "out"]
    assert names(rectify.crelu_backward) == ["dy", "x", "axis", "out"]
    assert names(rectify.rrelu_backward) == ["dy", "x", "lower", "upper", "training", "seed",
                                             "offset", "out"]
    sig = inspect.signature(rectify.leaky_relu)
    assert sig.parameters["negative_slope"].default == 0.01
    assert inspect.signature(rectify.rrelu).parameters["lower"].default == 0.125


def test_keywords_and_defaults():
    assert_bits_equal(rectify.leaky_relu(x=X), rectify.leaky_relu(X, 0.01))
    assert_bits_equal(rectify.elu_backward(x_or_y=X, dy=DY), rectify.elu_backward(DY, X, 1.0))
    assert_bits_equal(rectify.rrelu(X), rectify.rrelu(X, 1 / 8, 1 / 3, 0))


def test_argument_errors():
    with pytest.raises(TypeError, match="missing required argument 'x'"):
        rectify.relu()
    with pytest.raises(TypeError, match="unexpected keyword argument 'inplace'"):
        rectify.relu(X, inplace=True)
    with pytest.raises(TypeError, match="multiple values for argument 'x'"):
        rectify.relu(X, x=X)
    with pytest.raises(TypeError, match="at most 2 arguments"):
        rectify.relu(X, None, None)
    with pytest.raises(TypeError, match="missing required argument 'axis'"):
        rectify.crelu(X)
    with pytest.raises(TypeError, match="real number"):
        rectify.elu(X, alpha="1")
    with pytest.raises(TypeError, match="integer"):
        rectify.crelu(X, 0.0)
    # None is "not given" for out= and seed= only.
    with pytest.raises(TypeError, match="real number"):
        rectify.elu(X, alpha=None)
    with pytest.raises(TypeError, match="integer"):
        rectify.rrelu(X, training=None)
    with pytest.raises(TypeError, match="bool"):
        rectify.elu_backward(DY, X, from_output="yes")
    assert_bits_equal(rectify.elu_backward(DY, X, from_output=np.True_),
                      rectify.elu_backward(DY, X, from_output=True))
    assert_bits_equal(rectify.rrelu(X, seed=None, out=None), rectify.rrelu(X))


def test_importing_the_source_directory_says_so():
    """Run from python/ itself, `import rectify` finds the sources, which
    hold no compiled extension: the error says what to do."""
    source = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    r = subprocess.run([sys.executable, "-c", "import rectify"], cwd=source, capture_output=True,
                       text=True, env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    if r.returncode == 0:
        pytest.skip("an in-place build sits in the source directory")
    assert "If that is the source directory" in r.stderr


def test_isa_names():
    supported = rectify.supported_isas()
    assert isinstance(supported, tuple) and "scalar" in supported
    assert rectify.isa() in supported
    if platform.machine() in ("x86_64", "AMD64"):
        assert "sse2" in supported  # part of x86-64
    assert len(set(supported)) == len(supported)


def test_set_isa():
    before = rectify.isa()
    try:
        for name in rectify.supported_isas():
            assert rectify.set_isa(name) is None
            assert rectify.isa() == name
    finally:
        rectify.set_isa(before)


def test_set_isa_errors():
    before = rectify.isa()
    with pytest.raises(ValueError, match="unknown ISA 'avx9000'.*scalar, sse2, avx2, avx512, neon"):
        rectify.set_isa("avx9000")
    with pytest.raises(TypeError):
        rectify.set_isa(2)
    other = "avx2" if platform.machine() in ("aarch64", "arm64") else "neon"
    with pytest.raises(rectify.RectifyError, match="not built in or not usable") as e:
        rectify.set_isa(other)
    assert e.value.status_name == "RECTIFY_ERR_UNSUPPORTED"
    assert rectify.isa() == before


def test_deterministic_switch():
    before = rectify.deterministic()
    try:
        for on in (True, False, 1, 0, np.int64(1)):
            rectify.set_deterministic(on)
            assert rectify.deterministic() is bool(on)
        rectify.set_deterministic(True)
        for bad in (2, -1, 2**80):
            with pytest.raises(rectify.RectifyError, match="outside its enumeration") as e:
                rectify.set_deterministic(bad)
            assert e.value.status_name == "RECTIFY_ERR_INVALID"
            assert rectify.deterministic() is True
        with pytest.raises(TypeError):
            rectify.set_deterministic("yes")
    finally:
        rectify.set_deterministic(before)


def test_version():
    v = rectify.version()
    assert [int(p) >= 0 for p in v.split(".")] == [True] * 3
    assert rectify.__version__ == rectify.HEADER_VERSION
    assert v.split(".")[0] == rectify.__version__.split(".")[0]


def run_python(code, **env):
    path = os.path.dirname(os.path.dirname(rectify.__file__))
    full = {k: v for k, v in os.environ.items() if not k.startswith("RECTIFY_")}
    full.update(PYTHONPATH=path, **env)
    return subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True,
                          check=True)


def test_environment_at_start_up():
    """RECTIFY_ISA and RECTIFY_DETERMINISTIC work through the package too."""
    out = run_python("import rectify; print(rectify.isa(), rectify.deterministic())",
                     RECTIFY_ISA="scalar", RECTIFY_DETERMINISTIC="1")
    assert out.stdout.split() == ["scalar", "True"]


# ---- dtypes --------------------------------------------------------------------

BAD_DTYPES = [np.float64, np.int32, np.int8, np.complex64, np.bool_, np.dtype(">f4"), object]


@pytest.mark.parametrize("dtype", BAD_DTYPES, ids=str)
def test_wrong_dtype_is_a_type_error(dtype):
    bad = np.zeros(8, dtype=dtype)
    good = np.zeros(8, np.float32)
    for name, f in FORWARD.items():
        with pytest.raises(TypeError, match="float32"):
            f(bad)
        with pytest.raises(TypeError, match="float32"):
            f(good, out=np.zeros(8, dtype=dtype))
    for name, f in BACKWARD.items():
        for args in ((bad, good), (good, bad)):
            with pytest.raises(TypeError, match="float32"):
                f(*args)
    with pytest.raises(TypeError, match="float32"):
        rectify.crelu(bad, 0)
    with pytest.raises(TypeError, match="float32"):
        rectify.crelu_backward(np.zeros(16, dtype), good, 0)


def test_non_arrays():
    with pytest.raises(TypeError, match="float64"):  # Python floats are float64
        rectify.relu([1.0, -2.0])
    with pytest.raises(TypeError):
        rectify.relu(None)
    with pytest.raises(TypeError):
        rectify.relu("abc")
    with pytest.raises(TypeError, match="out must be a numpy.ndarray"):
        rectify.relu(X, out=[0.0] * X.size)
    # Any float32 buffer NumPy can view is accepted.
    import array

    assert_bits_equal(rectify.relu(memoryview(array.array("f", [1.0, -2.0]))), np.array([1, 0], np.float32))


def test_scalars_and_0d():
    y = rectify.relu(np.float32(-2.0))
    assert y.shape == () and y.dtype == np.float32 and y == 0
    x0 = np.array(-3.0, np.float32)
    assert rectify.leaky_relu(x0, 0.5) == F32(-1.5)
    assert rectify.relu_backward(np.array(4.0, np.float32), np.array(1.0, np.float32)) == 4
    out = np.array(9.0, np.float32)
    assert rectify.relu6(np.array(7.0, np.float32), out=out) is out and out == 6
    with pytest.raises(ValueError, match="0-d"):
        rectify.crelu(x0, 0)


@pytest.mark.parametrize("shape", [(0,), (3, 0), (0, 4, 2)])
def test_empty(shape):
    e = np.zeros(shape, np.float32)
    for f in FORWARD.values():
        assert f(e).shape == shape
        assert f(e, out=np.zeros(shape, np.float32)).shape == shape
    for f in BACKWARD.values():
        assert f(e, e).shape == shape
    y = rectify.crelu(e, -1)
    assert y.shape == shape[:-1] + (2 * shape[-1],)
    assert rectify.crelu_backward(y, e, -1).shape == shape


# ---- shapes and out= ---------------------------------------------------------


def test_results_are_new_c_contiguous_arrays():
    x = X.reshape(10, 100)
    for f in FORWARD.values():
        y = f(x)
        assert y.shape == x.shape and y.dtype == np.float32 and y.flags.c_contiguous
        assert type(y) is np.ndarray and not np.shares_memory(y, x)


def test_backward_shapes_must_match():
    for f in BACKWARD.values():
        with pytest.raises(ValueError, match="no broadcasting"):
            f(DY[:10], X[:11])
        with pytest.raises(ValueError, match="no broadcasting"):
            f(DY[:10].reshape(2, 5), X[:10])
        with pytest.raises(ValueError, match="no broadcasting"):
            f(np.float32(1.0), X[:10])


def test_out_checks_write_nothing():
    for f in FORWARD.values():
        for out, err, match in [
            (sentinel(999), ValueError, "shape"),
            (sentinel(1000).reshape(10, 100), ValueError, "shape"),
            (sentinel(2000)[::2], ValueError, "C-contiguous"),
        ]:
            keep = out.copy()
            with pytest.raises(err, match=match):
                f(X, out=out)
            assert_bits_equal(out, keep)
        ro = sentinel(1000)
        ro.setflags(write=False)
        with pytest.raises(ValueError, match="read-only"):
            f(X, out=ro)
        assert (ro == 12345).all()


def test_out_is_returned_and_written():
    for name, f in FORWARD.items():
        out = sentinel(X.shape)
        assert f(X, out=out) is out
        assert_bits_equal(out, f(X))
    for name, f in BACKWARD.items():
        out = sentinel(X.shape)
        assert f(DY, X, out=out) is out
        assert_bits_equal(out, f(DY, X))


def test_in_place():
    for name, f in FORWARD.items():
        x = X.copy()
        want = f(X)
        assert f(x, out=x) is x
        assert_bits_equal(x, want)
    for name, f in BACKWARD.items():
        want = f(DY, X)
        for which in (0, 1):
            dy, x = DY.copy(), X.copy()
            target = (dy, x)[which]
            assert f(dy, x, out=target) is target
            assert_bits_equal(target, want)
    # A view of the same memory is the same buffer: still in place.
    x = X.copy()
    rectify.relu(x, out=x.reshape(10, 100).reshape(-1))
    assert_bits_equal(x, rectify.relu(X))


def test_partial_overlap_is_rectifys_error():
    buf = np.concatenate([X, X]).astype(np.float32)
    keep = buf.copy()
    for f in FORWARD.values():
        with pytest.raises(rectify.RectifyError, match="partially overlaps") as e:
            f(buf[:1000], out=buf[1:1001])
        assert e.value.status_name == "RECTIFY_ERR_OVERLAP"
        assert isinstance(e.value, ValueError)
        assert_bits_equal(buf, keep)
    for f in BACKWARD.values():
        with pytest.raises(rectify.RectifyError, match="partially overlaps"):
            f(buf[:1000], buf[500:1500], out=buf[3:1003])
        assert_bits_equal(buf, keep)


def test_error_messages_are_rectifys():
    out = sentinel(X.shape)
    cases = [
        (lambda: rectify.elu(X, float("nan"), out=out), "RECTIFY_ERR_PARAM"),
        (lambda: rectify.elu(X, float("inf"), out=out), "RECTIFY_ERR_PARAM"),
        (lambda: rectify.leaky_relu(X, 1e39, out=out), "RECTIFY_ERR_PARAM"),  # inf as a float
        (lambda: rectify.leaky_relu_backward(DY, X, float("-inf"), out=out), "RECTIFY_ERR_PARAM"),
        (lambda: rectify.elu_backward(DY, X, float("nan"), from_output=True, out=out), "RECTIFY_ERR_PARAM"),
        (lambda: rectify.rrelu(X, 0.5, 0.1, out=out), "RECTIFY_ERR_PARAM"),
        (lambda: rectify.rrelu(X, 0.5, 0.1, training=1, seed=0, out=out), "RECTIFY_ERR_PARAM"),
        (lambda: rectify.rrelu(X, float("nan"), 0.1, out=out), "RECTIFY_ERR_PARAM"),
        (lambda: rectify.rrelu_backward(DY, X, 0.1, float("inf"), out=out), "RECTIFY_ERR_PARAM"),
        (lambda: rectify.rrelu(X, training=2, out=out), "RECTIFY_ERR_INVALID"),
        (lambda: rectify.rrelu(X, training=-1, out=out), "RECTIFY_ERR_INVALID"),
        (lambda: rectify.rrelu(X, training=2**70, out=out), "RECTIFY_ERR_INVALID"),
        (lambda: rectify.rrelu_backward(DY, X, 0.5, 0.1, training=3, out=out), "RECTIFY_ERR_INVALID"),
    ]
    messages = {"RECTIFY_ERR_PARAM": "a parameter is NaN, infinite or out of range",
                "RECTIFY_ERR_INVALID": "an argument is outside its enumeration"}
    for call, status in cases:
        with pytest.raises(rectify.RectifyError) as e:
            call()
        assert e.value.status_name == status
        assert messages[status] in str(e.value) and status in str(e.value)
        assert (out == 12345).all()


def test_rrelu_arguments():
    with pytest.raises(ValueError, match="needs a seed"):
        rectify.rrelu(X, training=True)
    with pytest.raises(ValueError, match="needs a seed"):
        rectify.rrelu_backward(DY, X, training=1)
    rectify.rrelu(X, training=False)  # eval mode needs none
    for bad in (-1, 2**64):
        with pytest.raises(ValueError, match=r"\[0, 2\*\*64\)"):
            rectify.rrelu(X, training=1, seed=bad)
        with pytest.raises(ValueError, match=r"\[0, 2\*\*64\)"):
            rectify.rrelu(X, training=1, seed=1, offset=bad)
    with pytest.raises(TypeError):
        rectify.rrelu(X, training=1.0, seed=1)
    with pytest.raises(TypeError):
        rectify.rrelu(X, training=1, seed=1.5)
    a = rectify.rrelu(X, training=np.int32(1), seed=np.uint64(2**64 - 1), offset=2**64 - 1)
    b = rectify.rrelu(X, training=True, seed=2**64 - 1, offset=2**64 - 1)
    assert_bits_equal(a, b)


def test_crelu_shapes_and_axes():
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4) - 12
    for axis in (0, 1, 2, -1, -3):
        y = rectify.crelu(x, axis)
        shape = list(x.shape)
        shape[axis] *= 2
        assert y.shape == tuple(shape)
        assert rectify.crelu_backward(y, x, axis).shape == x.shape
    with pytest.raises(np.AxisError):
        rectify.crelu(x, 3)
    with pytest.raises(ValueError):  # AxisError is a ValueError
        rectify.crelu(x, -4)
    with pytest.raises(ValueError, match="must be"):
        rectify.crelu_backward(np.zeros((2, 3, 4), np.float32), x, 1)
    with pytest.raises(ValueError, match="shape"):
        rectify.crelu(x, 1, out=np.zeros((2, 3, 8), np.float32))


def test_crelu_overlap():
    buf = np.zeros(200, np.float32)
    x = buf[:50]
    with pytest.raises(rectify.RectifyError, match="partially overlaps"):
        rectify.crelu(x, 0, out=buf[40:140])
    dy = np.ones(100, np.float32)
    dx = rectify.crelu_backward(dy, X[:50], 0)
    x = X[:50].copy()
    assert_bits_equal(rectify.crelu_backward(dy, x, 0, out=x), dx)  # in place on x
    dyb = np.ones(150, np.float32)
    with pytest.raises(rectify.RectifyError, match="partially overlaps"):
        rectify.crelu_backward(dyb[:100], X[:50], 0, out=dyb[50:100])  # dx inside dy


# ---- non-contiguous inputs are copied ---------------------------------------------


def views():
    base = random_inputs(np.random.default_rng(9), 4096 * 8)
    m = base[:2400].reshape(40, 60)
    yield "step 2", base[::2]
    yield "reversed", base[::-1]
    yield "transposed", m.T
    yield "column slice", m[:, 3:50:7]
    yield "fortran", np.asfortranarray(m)
    yield "huge stride", base[::4096]
    yield "broadcast (stride 0, read-only)", np.broadcast_to(base[:7], (5, 7))
    yield "unaligned", np.frombuffer(base.tobytes()[2:-2], dtype=np.float32)


@pytest.mark.parametrize("name,v", list(views()), ids=[n for n, _ in views()])
def test_non_contiguous_inputs(isa, name, v):
    keep = v.copy()
    c = np.ascontiguousarray(v)
    for f in FORWARD.values():
        y = f(v)
        assert y.flags.c_contiguous and y.shape == v.shape
        assert_bits_equal(y, f(c))
    dy = random_inputs(np.random.default_rng(1), v.size, 1.0).reshape(v.shape)
    for f in BACKWARD.values():
        assert_bits_equal(f(v, v), f(c, c))
        assert_bits_equal(f(dy, v), f(dy, c))
    if v.ndim >= 1:
        assert_bits_equal(rectify.crelu(v, v.ndim - 1), rectify.crelu(c, v.ndim - 1))
    assert_bits_equal(v, keep)


def test_copied_input_may_overlap_out():
    """Overlap is judged on the buffers rectify receives: a strided input is
    copied first, so writing over its memory is fine."""
    buf = X.copy()
    x = buf[::2]
    want = rectify.relu(np.ascontiguousarray(x))
    out = buf[:500]
    rectify.relu(x, out=out)
    assert_bits_equal(out, want)


def test_out_cannot_be_a_strided_input():
    x = X.copy()[::2]
    with pytest.raises(ValueError, match="C-contiguous"):
        rectify.relu(x, out=x)


def test_read_only_inputs():
    x = X.copy()
    x.setflags(write=False)
    assert_bits_equal(rectify.relu(x), rectify.relu(X))
    assert_bits_equal(rectify.relu_backward(x, x), rectify.relu_backward(X, X))
    with pytest.raises(ValueError, match="read-only"):
        rectify.relu(x, out=x)


# ---- references, threads, the GIL -------------------------------------------------


def test_no_reference_leaks():
    x, out = X.copy(), sentinel(X.shape)
    bad = np.zeros(3, np.float32)
    calls = [lambda: rectify.relu(x), lambda: rectify.relu(x, out=out),
             lambda: rectify.crelu(x, 0), lambda: rectify.elu_backward(x, x, out=out)]
    errors = [lambda: rectify.relu(x, out=bad), lambda: rectify.elu(x, float("nan")),
              lambda: rectify.relu_backward(bad, x), lambda: rectify.crelu(x, 5),
              lambda: rectify.relu(x[::2], out=x[:500][::-1])]
    before = sys.getrefcount(x), sys.getrefcount(out), sys.getrefcount(bad)
    for _ in range(200):
        for c in calls:
            c()
        for c in errors:
            with pytest.raises((ValueError, TypeError)):
                c()
    assert (sys.getrefcount(x), sys.getrefcount(out), sys.getrefcount(bad)) == before


def test_threads_share_the_library():
    results = {}

    def work(i):
        x = random_inputs(np.random.default_rng(i), 100_000)
        results[i] = (rectify.elu(x), x)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for y, x in results.values():
        assert_bits_equal(y, rectify.elu(x))


def ticks_during(call):
    """How many times a second thread appended a tick while call() ran."""
    ticks, done = [], threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.0005)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        time.sleep(0.01)
        start = time.perf_counter()
        call()
        end = time.perf_counter()
    finally:
        done.set()
        t.join()
    return sum(start < s < end for s in ticks), end - start


def test_gil_is_released_for_large_calls():
    """A second thread keeps running Python while a long call is in the
    kernel (the scalar deterministic ELU over 4M negative floats, SLEEF's
    scalar expm1f on each: about a tenth of a second; the default kernel
    takes under 20 ms on a fast core). Held, the GIL would let the ticker in
    once at most (between reading the clock and the call); three attempts,
    so that a machine busy elsewhere cannot fail it, while a held GIL fails
    every one."""
    assert rectify.GIL_RELEASE_MIN_SIZE <= 4 << 20
    x = -np.abs(random_inputs(np.random.default_rng(2), 4 << 20))
    before, before_det = rectify.isa(), rectify.deterministic()
    rectify.set_isa("scalar")
    rectify.set_deterministic(True)
    try:
        seen = []
        for _ in range(3):
            inside, took = ticks_during(lambda: rectify.elu(x))
            assert took > 0.02, "the call was too short to tell"
            seen.append(inside)
            if inside >= 3:
                break
    finally:
        rectify.set_isa(before)
        rectify.set_deterministic(before_det)
    assert max(seen) >= 3, seen
