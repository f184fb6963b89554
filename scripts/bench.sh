#!/usr/bin/env bash
# Builds rectify and runs the benchmark comparison.
#   scripts/bench.sh [arguments for the benchmark program]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j "$(nproc)" --target rectify-quickbench
build/bench/rectify-quickbench "$@"
