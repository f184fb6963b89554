#!/usr/bin/env bash
# The full ELU/SELU accuracy sweep: every negative float (2^31 patterns) and a
# sample of the positive ones, on every ISA here, both modes, against MPFR.
# Prints the README's table. Roughly 20-30 minutes of one idle core per alpha.
#   scripts/ulp_sweep.sh [stride] [alpha ...]   (defaults: 1, alpha = 1)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target ulp_sweep >/dev/null
exec build/tests/ulp_sweep "${@:-1}"
