#!/bin/sh
# Installs rectify into a temporary prefix and uses the installed copy the
# ways a consumer would: the CMake package (shared and static targets),
# pkg-config (shared, and static with --static), dlopen, rectify-info.
#   install.sh <cmake> <build dir> <source dir> <generator> <cc> <pkg-config>
#              <version> <test_dlopen>
set -eu
cmake=$1 build=$2 src=$3 generator=$4 cc=$5 pkgconfig=$6 version=$7 test_dlopen=$8
major=${version%%.*}
minor=${version#*.}
minor=${minor%%.*}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rectify-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
fail() { echo "FAIL: $*"; exit 1; }

"$cmake" --install "$build" --prefix "$prefix" >"$tmp/install.log" || {
    cat "$tmp/install.log"; fail "cmake --install"; }
libdir=$(dirname "$(find "$prefix" -name "librectify.so.$version")")
[ -n "$libdir" ] || fail "librectify.so.$version not installed"
for f in "$prefix/include/rectify.h" "$prefix/bin/rectify-info" \
         "$libdir/librectify.a" "$libdir/pkgconfig/rectify.pc" \
         "$libdir/cmake/rectify/rectifyConfig.cmake" \
         "$libdir/cmake/rectify/rectifyConfigVersion.cmake"; do
    [ -f "$f" ] || fail "$f not installed"
done
[ "$(readlink "$libdir/librectify.so")" = "librectify.so.$major" ] || fail "librectify.so link"
[ "$(readlink "$libdir/librectify.so.$major")" = "librectify.so.$version" ] || fail "SONAME link"
readelf -d "$libdir/librectify.so.$version" | grep -q "SONAME.*\[librectify.so.$major\]" ||
    fail "SONAME is not librectify.so.$major"
echo "installed: $(cd "$prefix" && find . -type f -o -type l | sort | tr '\n' ' ')"

# What examples/example.c must print, whichever way it was built.
isa=$("$prefix/bin/rectify-info" | sed -n 's/^chosen: *//p')
[ -n "$isa" ] || fail "rectify-info printed no chosen ISA"
cat >"$tmp/expected" <<END
rectify $version (header $version), isa $isa
x   -2 -0.5 -0 0 0.5 1 3 7
y   0 0 -0 0 0.5 1 3 7
dx  0 0 0 0 1 1 1 1
END
# check_example <binary> <shared|static>: right output, right linkage.
check_example() {
    LD_LIBRARY_PATH=$libdir "$1" >"$tmp/out" || fail "$1 exited with $?"
    diff "$tmp/expected" "$tmp/out" || fail "$1 printed something else"
    if readelf -d "$1" | grep -q "NEEDED.*librectify"; then linked=shared; else linked=static; fi
    [ "$linked" = "$2" ] || fail "$1 is linked $linked, expected $2"
    echo "ok: $1 ($2)"
}

# CMake: find_package(rectify CONFIG), both targets.
"$cmake" -S "$src/examples" -B "$tmp/cmake" -G "$generator" -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_PREFIX_PATH="$prefix" >"$tmp/cmake.log" 2>&1 || { cat "$tmp/cmake.log"; fail "configure"; }
"$cmake" --build "$tmp/cmake" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; fail "build"; }
check_example "$tmp/cmake/example" shared
check_example "$tmp/cmake/example_static" static

# The version file: same MAJOR accepted, a later MINOR or another MAJOR not.
for want in "$major.0:1" "$((major + 1)).0:0" "$major.$((minor + 1)):0"; do
    mkdir -p "$tmp/v"
    printf 'cmake_minimum_required(VERSION 3.16)\nproject(v C)\nfind_package(rectify %s CONFIG)\nif(NOT rectify_FOUND)\n  message(FATAL_ERROR no)\nendif()\n' \
        "${want%:*}" >"$tmp/v/CMakeLists.txt"
    if "$cmake" -S "$tmp/v" -B "$tmp/v/b" -G "$generator" -DCMAKE_C_COMPILER="$cc" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null 2>&1; then got=1; else got=0; fi
    [ "$got" = "${want#*:}" ] || fail "find_package(rectify ${want%:*}) found=$got"
    rm -rf "$tmp/v"
done
echo "ok: find_package version checks"

# pkg-config.
export PKG_CONFIG_PATH="$libdir/pkgconfig"
[ "$("$pkgconfig" --modversion rectify)" = "$version" ] || fail "pkg-config --modversion"
# shellcheck disable=SC2046
"$cc" "$src/examples/example.c" -o "$tmp/pc_shared" $("$pkgconfig" --cflags --libs rectify) ||
    fail "pkg-config shared link"
check_example "$tmp/pc_shared" shared
# --static lists what the archive needs; -l:librectify.a picks the archive
# over the shared library installed next to it.
# shellcheck disable=SC2046
"$cc" "$src/examples/example.c" -o "$tmp/pc_static" $("$pkgconfig" --cflags rectify) \
    $("$pkgconfig" --static --libs rectify | sed 's/-lrectify\( \|$\)/-l:librectify.a /') ||
    fail "pkg-config static link"
check_example "$tmp/pc_static" static

# dlopen, and the installed rectify-info.
"$test_dlopen" "$libdir/librectify.so.$major" || fail "dlopen of the installed library"
RECTIFY_ISA=scalar "$prefix/bin/rectify-info" | grep -q '^chosen: *scalar$' || fail "rectify-info"
echo "1 passed, 0 failed"
