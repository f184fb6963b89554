#!/bin/sh
# The AVX-512 set asks the CPU for AVX-512F only (and its bf16 objects are
# built with -mavx512bf16, which implies AVX512BW to the compiler): none of
# its objects may hold an AVX512BW instruction, except the 512-bit word
# kernels (kernels/words_bw.c), which run only where the CPU has AVX512BW
# and must hold some (so the check is seen to find them).
#   no_bw.sh <objdump> <object>...
# AVX512BW here: 32- and 64-bit mask operations (kmovd, kord, knotq, ...),
# vmovdqu8/16, and a byte or word integer operation on a zmm register or
# under a mask (vpcmpgtw into %k, vpblendmw, vpaddw zmm, ...; not F's
# narrowing moves vpmovdw, vpmovqw and the like, which end in w too).
set -eu
objdump=$1
shift
status=0
bw_objects=0
for obj in "$@"; do
    hits=$("$objdump" -d --no-show-raw-insn "$obj" | awk -F'\t' '
        NF >= 2 {
            split($2, f, " "); m = f[1]; ops = substr($2, length(m) + 1)
            if (m ~ /^k[a-z]+[dq]$/ || m ~ /^vmovdqu(8|16)$/) { print; next }
            if (m ~ /^vp/ && m ~ /[bw]$/ && m !~ /^vpmov[a-z]*[dq]w$/ &&
                (ops ~ /zmm/ || ops ~ /%k[1-7]/)) { print; next }
        }')
    n=$(printf '%s' "$hits" | grep -c . || true)
    case "$obj" in
    *words_bw.c.o)
        bw_objects=$((bw_objects + 1))
        [ "$n" -gt 0 ] || { echo "$obj: no AVX512BW instruction found"; status=1; } ;;
    *)
        if [ "$n" -gt 0 ]; then
            echo "$obj contains AVX512BW instructions:"
            printf '%s\n' "$hits" | head -5
            status=1
        fi ;;
    esac
done
[ "$bw_objects" -gt 0 ] || { echo "no words_bw object given"; status=1; }
[ $status -eq 0 ] && echo "$# passed, 0 failed"
exit $status
