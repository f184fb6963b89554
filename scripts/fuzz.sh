#!/usr/bin/env bash
# The differential fuzzer (tests/fuzz/fuzz_ops.c) under libFuzzer, with
# AddressSanitizer and UndefinedBehaviorSanitizer, for a while:
#   scripts/fuzz.sh            two minutes (what scripts/test.sh runs)
#   scripts/fuzz.sh 3600       an hour; any number of seconds
#   scripts/fuzz.sh 3600 -jobs=16 -workers=16   libFuzzer's own flags after it
# It starts from the built-in seeds and the kept inputs (tests/fuzz/corpus/),
# grows its corpus under out/fuzz/corpus/ (kept between runs), and leaves a
# failing input under out/fuzz/ (crash-*): copy it to tests/fuzz/corpus/ so
# every build replays it from then on (the fuzz.corpus test).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-120}
shift || true
scripts/deps.sh clang libclang-rt-dev
flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRECTIFY_WERROR=ON \
    -DRECTIFY_BUILD_BENCH=OFF -DRECTIFY_FUZZ=ON -DCMAKE_C_COMPILER=clang \
    -DCMAKE_C_FLAGS="$flags -fsanitize=fuzzer-no-link" \
    -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_SHARED_LINKER_FLAGS="$flags -shared-libsan" >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target fuzz_ops fuzz_ops_replay
mkdir -p out/fuzz/corpus out/fuzz/seeds
build-fuzz/tests/fuzz_ops_replay --write out/fuzz/seeds
corpora=(out/fuzz/corpus out/fuzz/seeds)
[ -n "$(ls -A tests/fuzz/corpus 2>/dev/null)" ] && corpora+=(tests/fuzz/corpus)
echo "== fuzz_ops for ${seconds} s, every supported ISA"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    build-fuzz/tests/fuzz_ops -max_total_time="$seconds" -max_len=16416 -timeout=30 \
    -artifact_prefix=out/fuzz/ -print_final_stats=1 "$@" "${corpora[@]}"
