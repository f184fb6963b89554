#!/usr/bin/env bash
# Builds rectify and runs every test: installs what is missing, configures
# build/ (warnings are errors), builds, runs ctest; then the NEON build under
# qemu (on x86), the suite under AddressSanitizer + UBSan and the
# concurrency test under ThreadSanitizer (scripts/sanitize.sh), and two
# minutes of the differential fuzzer (scripts/fuzz.sh).
#   scripts/test.sh
#   RECTIFY_FUZZ_SECONDS=600 scripts/test.sh   (a longer fuzzing run)
set -euo pipefail
cd "$(dirname "$0")/.."
# The benchmark harness is built and tested too (its peers are optional);
# so is the Python package, with PyTorch as its tests' oracle.
scripts/deps.sh libbenchmark-dev libbenchmark-tools g++ python3-matplotlib \
    python3-dev python3-numpy python3-setuptools python3-pip python3-wheel \
    python3-pytest python3-torch
jobs=$(nproc)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DRECTIFY_WERROR=ON
cmake --build build -j "$jobs"
ctest --test-dir build -j "$jobs" --output-on-failure
echo "== native build and tests done (${SECONDS} s)"
# The NEON kernels: on an x86 machine, cross-built for aarch64 and tested
# under qemu (on an aarch64 machine the native run above already did).
case "$(uname -m)" in
aarch64 | arm64) ;;
*) scripts/test-aarch64.sh ;;
esac
echo "== aarch64 done (${SECONDS} s)"
# The sanitizers and the fuzzer (clang): each builds in a tree of its own.
scripts/sanitize.sh
echo "== sanitizers done (${SECONDS} s)"
scripts/fuzz.sh "${RECTIFY_FUZZ_SECONDS:-120}"
echo "== fuzzing done (${SECONDS} s)"
