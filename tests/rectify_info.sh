#!/bin/sh
# rectify-info reports the kernel set the dispatcher chose, consistently with
# RECTIFY_ISA: each supported ISA when capped there, the best when unset or
# not understood, and says why.
#   rectify_info.sh [emulator...] <rectify-info>
set -eu
fail() { echo "FAIL: $*"; exit 1; }
field() { sed -n "s/^$1: *//p"; }

out=$(env -u RECTIFY_ISA "$@")
echo "$out"
supported=$(echo "$out" | field supported)
best=${supported##* } # the preference order is the enum order on every architecture
[ "$(echo "$out" | field chosen)" = "$best" ] || fail "unset: not the best, $best"
echo "$out" | field reason | grep -q "RECTIFY_ISA unset" || fail "unset: reason"
echo "$out" | grep -q '^cpu features:' || fail "no cpu features line"
echo "$out" | field 'built in' | grep -q scalar || fail "scalar not built in"
echo "$out" | grep -q '^fp16: ' || fail "no fp16 conversion line"
echo "$out" | grep -q '^bf16: .*rounded by' || fail "no bf16 conversion line"

# Every op class on an ISA that is supported and not above the chosen set
# (the preference order is the enum order, so the position in `supported`).
position() { i=0; for s in $supported; do [ "$s" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; echo 99; }
classes_ok() { # output, chosen
    classes=$(echo "$1" | field 'op classes')
    for c in memory exponential random; do
        isa=$(echo "$classes" | tr ',' '\n' | sed -n "s/^ *$c //p")
        [ -n "$isa" ] || fail "no ISA for op class $c: $classes"
        [ "$(position "$isa")" -le "$(position "$2")" ] || fail "op class $c on $isa, not at or below $2"
    done
}
classes_ok "$out" "$best"

for isa in $supported; do
    out=$(RECTIFY_ISA=$isa "$@")
    [ "$(echo "$out" | field chosen)" = "$isa" ] || fail "RECTIFY_ISA=$isa: chose $(echo "$out" | field chosen)"
    classes_ok "$out" "$isa"
    echo "$out" | field reason | grep -q "^RECTIFY_ISA=$isa caps the choice$" || fail "RECTIFY_ISA=$isa: reason"
done

out=$(RECTIFY_ISA=avx9000 "$@" 2>/dev/null)
[ "$(echo "$out" | field chosen)" = "$best" ] || fail "unknown: not the best"
echo "$out" | field reason | grep -q "RECTIFY_ISA=avx9000 is not an ISA name and is ignored" ||
    fail "unknown: reason"
echo "1 passed, 0 failed"
