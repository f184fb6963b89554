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

for isa in $supported; do
    out=$(RECTIFY_ISA=$isa "$@")
    [ "$(echo "$out" | field chosen)" = "$isa" ] || fail "RECTIFY_ISA=$isa: chose $(echo "$out" | field chosen)"
    echo "$out" | field reason | grep -q "^RECTIFY_ISA=$isa caps the choice$" || fail "RECTIFY_ISA=$isa: reason"
done

out=$(RECTIFY_ISA=avx9000 "$@" 2>/dev/null)
[ "$(echo "$out" | field chosen)" = "$best" ] || fail "unknown: not the best"
echo "$out" | field reason | grep -q "RECTIFY_ISA=avx9000 is not an ISA name and is ignored" ||
    fail "unknown: reason"
echo "1 passed, 0 failed"
