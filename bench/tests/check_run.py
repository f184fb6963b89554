#!/usr/bin/env python3
"""Runs rectify-bench on two small sizes and checks what it wrote: the JSON
parses and holds, without errors, every registry kernel (given on the
command line) on every ISA the run reports, out of place and in place, the
roofline copies at every size, and each peer's runs; the summary table has
a row for every kernel. A cross-check of the byte counts: bytes per item
are 8 for unary kernels, 12 for binary ones and CReLU's concat, 16 for its
deconcat (x and a 2n-wide dy read, dx written), and the same for each
arity's copy. concat writes twice its input, so it has no in-place form.
The ELU family runs a second time on all-negative inputs (".../negative/..."),
leaky_relu on inputs whose outputs are all subnormal (".../subnormal/...").
In-place runs are 8 calls an iteration, timed by hand (".../manual_time"),
their work buffer restored between iterations. No name repeats, and a second run on 1 and 2 threads names each count's
benchmarks apart (".../t2/...").

    check_run.py RECTIFY_BENCH OUT.json unary:relu_forward binary:relu_backward ...
"""
import json
import subprocess
import sys

SIZES = [1024, 4096]


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def main():
    exe, out, kernels = sys.argv[1], sys.argv[2], [k.split(":") for k in sys.argv[3:]]
    if not kernels:
        fail("no kernels given")
    run = subprocess.run(
        [exe, "--sizes=1K,4K", "--benchmark_min_time=0.001", "--benchmark_repetitions=1",
         f"--json={out}"], capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        fail(f"rectify-bench exited {run.returncode}:\n{run.stdout}\n{run.stderr}")
    with open(out) as f:
        data = json.load(f)
    ctx = data["context"]
    isas = ctx["rectify_isas"].split(",")
    if "scalar" not in isas:
        fail(f"scalar missing from rectify_isas: {isas}")
    if ctx["rectify_sizes"] != ",".join(map(str, SIZES)):
        fail(f"sizes {ctx['rectify_sizes']}")
    runs = {b["name"]: b for b in data["benchmarks"]}
    names = [b["name"] for b in data["benchmarks"]]
    errors = [n for n, b in runs.items() if b.get("error_occurred")]
    if errors:
        fail(f"benchmarks with errors: {errors}")

    bytes_of = {"unary": 8, "binary": 12, "concat": 12, "deconcat": 16}
    has_inplace = {"unary": True, "binary": True, "concat": False, "deconcat": True}

    def expect(name, bpe):
        b = runs.get(name)
        if b is None:
            fail(f"{name} missing from the JSON")
        if b["iterations"] < 1 or b["items_per_second"] <= 0:
            fail(f"{name}: no work measured")
        got = b["bytes_per_second"] / b["items_per_second"]
        if abs(got - bpe) > 1e-6 * bpe:
            fail(f"{name}: {got} bytes per element, expected {bpe}")
        if "cycles_per_element" in b and not b["cycles_per_element"] > 0:
            fail(f"{name}: cycles_per_element {b['cycles_per_element']}")

    def per_call(name, n):
        # In place: an iteration is 8 calls, timed by hand, and the rates
        # count all 8 (items per second times the time per iteration).
        b = runs[name]
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
        items = b["items_per_second"] * b["real_time"] * scale
        if abs(items - 8 * n) > 1e-3 * 8 * n:
            fail(f"{name}: {items} items an iteration, expected {8 * n}")

    for n in SIZES:
        for arity, bpe in bytes_of.items():
            for store in ["store", "stream"] if "avx" in ctx["rectify_roofline_isa"] or \
                    "sse" in ctx["rectify_roofline_isa"] else ["store"]:
                expect(f"copy_{arity}/{store}/{n}", bpe)
                if has_inplace[arity]:
                    expect(f"copy_{arity}/{store}/inplace/{n}", bpe)
        for arity, kernel in kernels:
            op = kernel.split("_forward")[0].split("_backward")[0]
            inputs = [""] + (["negative/"] if op in ("elu", "selu") else []) + \
                (["subnormal/"] if kernel == "leaky_relu_forward" else [])
            for isa in isas:
                for data in inputs:
                    expect(f"{kernel}/{isa}/{data}{n}", bytes_of[arity])
                    if has_inplace[arity]:
                        name = f"{kernel}/{isa}/{data}inplace/{n}/manual_time"
                        expect(name, bytes_of[arity])
                        per_call(name, n)
    peers = [p.split()[0] for p in ctx.get("rectify_peers", "").split(", ") if p]
    for p in peers:
        if not any(name.split("/")[1] == p for name in runs):
            fail(f"no runs of the peer {p}")
    if "relu_forward" in [k for _, k in kernels] and "onednn" in peers:
        expect(f"relu_forward/onednn/{SIZES[0]}", 8)

    table = run.stdout
    for _, kernel in kernels:
        if not any(line.split()[0] == kernel for line in table.splitlines() if line.strip()):
            fail(f"no table row for {kernel}:\n{table}")
    if len(names) != len(set(names)):
        fail(f"benchmark names repeat: {sorted(n for n in set(names) if names.count(n) > 1)[:5]}")

    # The thread axis: a size that is split, on 1 and 2 threads; each count
    # its own names (".../t2/..."), so neither overwrites the other.
    run2 = subprocess.run(
        [exe, "--sizes=64K", "--threads=1,2", "--no-small", "--benchmark_min_time=0.001",
         "--benchmark_repetitions=1", "--benchmark_filter=^(relu_forward|copy_unary)/",
         f"--json={out}"], capture_output=True, text=True, timeout=300)
    if run2.returncode != 0:
        fail(f"rectify-bench --threads=1,2 exited {run2.returncode}:\n{run2.stderr}")
    with open(out) as f:
        threaded = {b["name"] for b in json.load(f)["benchmarks"]}
    best = isas[-1]
    for name in [f"relu_forward/{best}/65536", f"relu_forward/{best}/t2/65536",
                 "copy_unary/store/t2/65536"]:
        if name not in threaded:
            fail(f"{name} missing from the --threads=1,2 run: {sorted(threaded)[:8]}")
    if "2 threads" not in run2.stdout:
        fail(f"no 2-thread section in the table:\n{run2.stdout}")

    print(f"ok: {len(runs)} benchmarks, ISAs {isas}, peers {peers or 'none'}")


if __name__ == "__main__":
    main()
