#!/usr/bin/env bash
# Cross-builds rectify for aarch64 and runs every test under qemu-aarch64:
# installs what is missing (scripts/deps-aarch64.sh), configures
# build-aarch64/ with cmake/toolchain-aarch64-linux-gnu.cmake (warnings are
# errors), builds, runs ctest, which starts each test through qemu.
#   scripts/test-aarch64.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps-aarch64.sh
jobs=$(nproc)
cmake -S . -B build-aarch64 -G Ninja -DCMAKE_BUILD_TYPE=Release -DRECTIFY_WERROR=ON \
    -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64-linux-gnu.cmake
cmake --build build-aarch64 -j "$jobs"
ctest --test-dir build-aarch64 -j "$jobs" --output-on-failure
