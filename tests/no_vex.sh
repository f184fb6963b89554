#!/bin/sh
# The SSE2 and scalar kernel objects must run on any x86-64 CPU: no VEX or
# EVEX instructions (AVX and later mnemonics start with "v"), and no FMA.
#   no_vex.sh <objdump> <object>...
set -eu
objdump=$1
shift
status=0
total=0
for obj in "$@"; do
    bad=$("$objdump" -d --no-show-raw-insn "$obj" | awk -F'\t' 'NF >= 2 && $2 ~ /^v/ {print}' | head -5)
    if [ -n "$bad" ]; then
        echo "$obj contains AVX instructions:"
        echo "$bad"
        status=1
    fi
    n=$("$objdump" -d "$obj" | grep -c '^ ' || true)
    total=$((total + n))
done
# A check that found nothing to check would pass vacuously.
[ "$total" -gt 100 ] || { echo "only $total instructions found"; status=1; }
[ $status -eq 0 ] && echo "$# passed, 0 failed"
exit $status
