#!/usr/bin/env bash
# The test suite under the sanitizers:
#   scripts/sanitize.sh          both builds below (scripts/test.sh runs it)
#   scripts/sanitize.sh address  AddressSanitizer + UndefinedBehaviorSanitizer:
#                                build-asan/, every native test but the
#                                packaging ones (symbols, dlopen, install)
#   scripts/sanitize.sh thread   ThreadSanitizer: build-tsan/, the concurrency
#                                test
# Any report fails the run (halt_on_error, no recovery).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh clang libclang-rt-dev libbenchmark-dev libbenchmark-tools g++
jobs=$(nproc)
which=${1:-all}

configure() { # dir, compile and link flags, link flags
    cmake -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRECTIFY_WERROR=ON \
        -DRECTIFY_BUILD_BENCH=OFF -DCMAKE_C_COMPILER=clang \
        -DCMAKE_C_FLAGS="$2 -fno-omit-frame-pointer" \
        -DCMAKE_EXE_LINKER_FLAGS="$2 ${3:-}" -DCMAKE_SHARED_LINKER_FLAGS="$2 ${3:-}" >/dev/null
}

if [ "$which" = all ] || [ "$which" = address ]; then
    echo "== AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)"
    # The sanitizer runtime as a shared library, so that librectify.so
    # (linked with --no-undefined) resolves it too; found through the rpath.
    rt=$(dirname "$(clang -print-file-name="libclang_rt.asan-$(uname -m).so")")
    configure build-asan "-fsanitize=address,undefined -fno-sanitize-recover=all" "-shared-libsan -Wl,-rpath,$rt"
    cmake --build build-asan -j "$jobs"
    # The packaging tests look at the libraries' symbols and link other
    # programs against them, and the Python package loads the library into
    # an uninstrumented interpreter: not what the sanitizers are for.
    ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
        UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        ctest --test-dir build-asan -j "$jobs" --output-on-failure \
        -E '^(exported_symbols|static_symbols|dlopen|install|sse2_no_vex|python\..*|bench\..*)$'
fi

if [ "$which" = all ] || [ "$which" = thread ]; then
    echo "== ThreadSanitizer (build-tsan/)"
    configure build-tsan "-fsanitize=thread"
    cmake --build build-tsan -j "$jobs" --target test_concurrency
    # rectify's own pool is Debian's pthreadpool, which is not instrumented:
    # its hand-offs are invisible to the sanitizer. The test therefore splits
    # its calls on a caller's pool of plain pthreads.
    TSAN_OPTIONS=halt_on_error=1 build-tsan/tests/test_concurrency caller-pool
fi
