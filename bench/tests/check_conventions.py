#!/usr/bin/env python3
"""rectify-bench behaves as a Google Benchmark binary: --benchmark_format=json
prints Google Benchmark's JSON on stdout (and rectify's summary table on
stderr, not mixed into it); --benchmark_out=FILE --benchmark_out_format=json
writes it to FILE; with neither, the JSON goes to out/rectify-bench.json
under the current directory, nothing to the directory itself; and Google
Benchmark's own tools/compare.py (Debian's libbenchmark-tools), where it is
installed, compares two such files.

    check_conventions.py RECTIFY_BENCH WORKDIR [PYTHON]
"""
import json
import os
import shutil
import subprocess
import sys

COMPARE = "/usr/share/benchmark/compare.py"


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def run(exe, cwd, *args):
    r = subprocess.run([exe, "--sizes=1K", "--benchmark_filter=^relu_forward/scalar",
                        "--benchmark_min_time=0.001", "--benchmark_repetitions=1", *args],
                       cwd=cwd, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        fail(f"{args}: exit {r.returncode}\n{r.stdout}\n{r.stderr}")
    return r


def check_json(data, where):
    names = [b["name"] for b in data.get("benchmarks", [])]
    if not any(n.startswith("relu_forward/scalar/1024") for n in names):
        fail(f"{where}: no relu_forward/scalar/1024 in {names}")
    for key in ("context", "benchmarks"):
        if key not in data:
            fail(f"{where}: no '{key}'")
    for b in data["benchmarks"]:
        for key in ("name", "run_name", "run_type", "real_time", "cpu_time", "time_unit"):
            if key not in b:
                fail(f"{where}: {b.get('name')} has no '{key}'")


def main():
    exe, work = sys.argv[1], sys.argv[2]
    python = sys.argv[3] if len(sys.argv) > 3 else sys.executable
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    r = run(exe, work, "--benchmark_format=json")
    try:
        data = json.loads(r.stdout)
    except json.JSONDecodeError as e:
        fail(f"stdout of --benchmark_format=json is not JSON ({e}):\n{r.stdout[:400]}")
    check_json(data, "stdout")
    if "relu_forward" not in r.stderr:
        fail("the summary table is not on stderr with --benchmark_format=json")

    out = os.path.join(work, "given.json")
    run(exe, work, f"--benchmark_out={out}", "--benchmark_out_format=json")
    with open(out) as f:
        check_json(json.load(f), out)

    default = os.path.join(work, "out", "rectify-bench.json")
    if not os.path.exists(default):
        fail(f"no {default}")
    with open(default) as f:
        check_json(json.load(f), default)
    stray = [n for n in os.listdir(work) if n.endswith(".json") and n != "given.json"]
    if stray:
        fail(f"JSON written to the current directory: {stray}")

    if os.path.exists(COMPARE):
        second = os.path.join(work, "second.json")
        run(exe, work, f"--benchmark_out={second}")
        c = subprocess.run([python, COMPARE, "benchmarks", out, second],
                           capture_output=True, text=True, timeout=120)
        if c.returncode != 0 or "relu_forward/scalar" not in c.stdout:
            fail(f"compare.py: exit {c.returncode}\n{c.stdout}\n{c.stderr}")
        print("compare.py read both files")
    print("ok")


if __name__ == "__main__":
    main()
