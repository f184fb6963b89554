#!/usr/bin/env python3
"""rectify from Python: a few ops on a NumPy array, and the time per call
next to torch.nn.functional and NumPy on the same array.

    python3 examples/numpy_demo.py            # sizes 1 to 4M floats (a few seconds)
    python3 examples/numpy_demo.py --quick    # a smoke run
    python3 examples/numpy_demo.py --sizes 1,1000 --repeat 21

Timings are Python-level (timeit, the median of several batches of calls,
one thread for PyTorch unless --torch-threads says otherwise): what a call
costs from Python, the per-call overhead included. They are a demo, not
rectify's performance figures, which come from the C benchmark harness
(scripts/bench.sh).
"""

import argparse
import statistics
import timeit

import numpy as np

import rectify

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None


def per_call(stmt, repeat, min_time):
    """Median seconds per call of stmt() over `repeat` batches, each batch
    long enough to take about min_time."""
    timer = timeit.Timer(stmt)
    number = 1
    while timer.timeit(number) < min_time:
        number *= 4
    return statistics.median(timer.repeat(repeat, number)) / number


def show(value):
    if value is None:
        return "-"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if value >= scale:
            return "%.3g %s" % (value / scale, unit)
    return "%.0f ns" % (value * 1e9)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="two small sizes, few repeats")
    parser.add_argument("--sizes", help="comma-separated array sizes (default 1,1000,100000,4000000)")
    parser.add_argument("--repeat", type=int, help="batches per timing (default 7; --quick 3)")
    parser.add_argument("--torch-threads", type=int, default=1, help="PyTorch's intra-op threads")
    args = parser.parse_args()

    print("rectify %s, ISA %s (supported here: %s), deterministic %s"
          % (rectify.version(), rectify.isa(), ", ".join(rectify.supported_isas()),
             rectify.deterministic()))
    if torch is not None:
        torch.set_num_threads(args.torch_threads)
        print("torch %s, %d thread(s)" % (torch.__version__, torch.get_num_threads()))
    else:
        print("torch: not installed (Debian: python3-torch); its column stays empty")

    # A first look: the same values through a few ops.
    x = np.array([-3.0, -1.0, -0.0, 0.5, 6.0, 7.5], dtype=np.float32)
    print("\nx                =", x)
    print("relu(x)          =", rectify.relu(x))
    print("relu6(x)         =", rectify.relu6(x))
    print("leaky_relu(x)    =", rectify.leaky_relu(x, 0.1))
    print("elu(x)           =", rectify.elu(x))
    print("crelu(x, axis=0) =", rectify.crelu(x, axis=0))
    dy = np.ones_like(x)
    print("relu_backward(dy, x) =", rectify.relu_backward(dy, x))
    y = np.empty_like(x)
    rectify.elu(x, out=y)  # into an existing array; out=x works too (in place)
    print("elu_backward(dy, y, from_output=True) =", rectify.elu_backward(dy, y, from_output=True))
    if torch is not None:
        theirs = F.relu6(torch.from_numpy(x)).numpy()
        same = np.array_equal(rectify.relu6(x).view(np.uint32), theirs.view(np.uint32))
        print("relu6 bits equal to torch's:", same)

    sizes = (1, 1000) if args.quick else (1, 1000, 100_000, 4_000_000)
    if args.sizes:
        sizes = tuple(int(v) for v in args.sizes.split(","))
    repeat, min_time = (3, 0.002) if args.quick else (7, 0.05)
    repeat = args.repeat or repeat
    rng = np.random.default_rng(0)
    print("\nTime per call (median of %d batches):" % repeat)
    header = ("n", "op", "rectify", "rectify out=", "torch.nn.functional", "numpy")
    print("%-9s %-5s %13s %13s %20s %13s" % header)
    for n in sizes:
        a = rng.standard_normal(n).astype(np.float32)
        out = np.empty_like(a)
        t = torch.from_numpy(a) if torch is not None else None  # the same memory
        rows = [
            ("relu", lambda: rectify.relu(a), lambda: rectify.relu(a, out=out),
             (lambda: F.relu(t)) if t is not None else None, lambda: np.maximum(a, np.float32(0))),
            ("elu", lambda: rectify.elu(a), lambda: rectify.elu(a, out=out),
             (lambda: F.elu(t)) if t is not None else None,
             lambda: np.where(a > 0, a, np.expm1(a))),
        ]
        for name, ours, ours_out, theirs, numpy_way in rows:
            times = [per_call(f, repeat, min_time) if f is not None else None
                     for f in (ours, ours_out, theirs, numpy_way)]
            print("%-9d %-5s %13s %13s %20s %13s" % ((n, name) + tuple(show(v) for v in times)))


if __name__ == "__main__":
    main()
