#!/usr/bin/env bash
# Builds rectify and runs the benchmark comparison: every kernel on every ISA
# this CPU runs, against the copy roofline, oneDNN and XNNPACK. Prints the
# summary table and writes out/rectify-bench.json (Google Benchmark's JSON),
# out/rectify-bench.png and out/rectify-bench-inplace.png.
#   scripts/bench.sh            quick (well under a minute)
#   scripts/bench.sh --full     1K to 64M floats, more repetitions (minutes)
#   scripts/bench.sh --benchmark_filter=relu6   (any rectify-bench arguments)
#   RECTIFY_ISA=avx2 scripts/bench.sh     the comparison on a CPU without AVX-512:
#                rectify and the peers capped at AVX2
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh libbenchmark-dev g++ python3-matplotlib
# The peers are optional: without them the comparison runs without them.
scripts/deps.sh libdnnl-dev libxnnpack-dev libpthreadpool-dev libcpuinfo-dev ||
    echo "bench.sh: oneDNN/XNNPACK not installed; benchmarking without peers" >&2
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j "$(nproc)" --target rectify-bench
mkdir -p out
build/bench/rectify-bench --json=out/rectify-bench.json "$@" | tee out/rectify-bench.txt
python=python3
[ -x /usr/bin/python3 ] && python=/usr/bin/python3 # Debian's, with its matplotlib
"$python" bench/plot.py out/rectify-bench.json out/rectify-bench.png
"$python" bench/plot.py out/rectify-bench.json out/rectify-bench-inplace.png --inplace
# GB/s per thread count, where the run had more than one (a 1-CPU machine has not).
"$python" bench/plot.py out/rectify-bench.json out/rectify-bench-scaling.png --scaling || true
