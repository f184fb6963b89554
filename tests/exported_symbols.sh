#!/bin/sh
# The shared library exports exactly the functions the public header
# declares: every rectify_* function in include/rectify.h, and nothing else.
#   exported_symbols.sh <librectify.so> <rectify.h> [nm]
set -eu
lib=$1 header=$2 nm=${3:-nm}
declared=$(grep -o 'rectify_[a-z0-9_]*(' "$header" | tr -d '(' | sort -u)
exported=$("$nm" -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sort -u)
if [ "$declared" != "$exported" ]; then
    echo "exported symbols differ from the header's functions:"
    echo "$declared" >/tmp/rectify-declared.$$
    echo "$exported" | diff /tmp/rectify-declared.$$ - || true
    rm -f /tmp/rectify-declared.$$
    exit 1
fi
echo "$exported" | sed 's/^/exported: /'
echo "1 passed, 0 failed"
