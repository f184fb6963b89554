#!/bin/sh
# Every global symbol librectify.a defines starts with rectify_ (internal
# ones included: a static link exposes them to the program's namespace).
#   static_symbols.sh <librectify.a> [nm]
set -eu
lib=$1 nm=${2:-nm}
others=$("$nm" -g --defined-only "$lib" | awk 'NF == 3 {print $3}' | grep -v '^rectify_' || true)
if [ -n "$others" ]; then
    echo "librectify.a defines global symbols outside rectify_*:"
    echo "$others"
    exit 1
fi
echo "$("$nm" -g --defined-only "$lib" | awk 'NF == 3' | wc -l) global symbols, all rectify_*"
echo "1 passed, 0 failed"
