#!/bin/sh
# The Python package under CTest, one step per test:
#   build     the README's install command (pip, Debian's setuptools, no
#             download) into <build dir>/python-target, against this build's
#             librectify (RECTIFY_BUILD_DIR)
#   api       pytest on that install: every test that does not need PyTorch
#   torch     pytest on that install: the PyTorch oracle tests (test_torch_*)
#   example   examples/numpy_demo.py --quick on that install
#   prefix    cmake --install into a temporary prefix, then the same pip
#             command with RECTIFY_PREFIX pointing at it: the package links
#             and loads the installed copy
# A step whose interpreter lacks a module it needs exits 77 (CTest: skipped)
# and says which package brings it.
#   python.sh <step> <python> <source dir> <build dir> <werror 0|1> [cmake]
set -eu
step=$1 py=$2 src=$3 bin=$4 werror=$5 cmake=${6:-cmake}
target=$bin/python-target

need() {
    for module in "$@"; do
        case $module in
        torch) package=python3-torch ;;
        *) package=python3-$module ;;
        esac
        "$py" -c "import $module" 2>/dev/null || {
            echo "skipped: $py cannot import $module (Debian: scripts/deps.sh $package)"
            exit 77
        }
    done
}

# The README's command, with --target instead of --user and quiet about root.
pip_install() {
    "$py" -m pip install --no-build-isolation --no-deps --no-index --no-cache-dir \
        --disable-pip-version-check --root-user-action=ignore --target "$1" "$src/python"
}

installed() {
    [ -d "$target/rectify" ] || {
        echo "skipped: python.build did not install the package into $target"
        exit 77
    }
}

# pytest from the build directory, so that nothing named rectify shadows
# the installed package, and nothing is written into the source tree.
run_pytest() {
    installed
    cd "$bin"
    PYTHONPATH=$target PYTHONDONTWRITEBYTECODE=1 \
        "$py" -m pytest -p no:cacheprovider "$@" "$src/python/tests"
}

case $step in
build)
    need numpy setuptools pip
    rm -rf "$target"
    RECTIFY_BUILD_DIR=$bin RECTIFY_WERROR=$werror pip_install "$target"
    ;;
api)
    need numpy pytest
    run_pytest -m "not torch"
    ;;
torch)
    need numpy pytest torch
    run_pytest -m torch
    ;;
example)
    need numpy
    installed
    cd "$bin"
    PYTHONPATH=$target PYTHONDONTWRITEBYTECODE=1 "$py" "$src/examples/numpy_demo.py" --quick
    ;;
prefix)
    need numpy setuptools pip
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/rectify-python.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    "$cmake" --install "$bin" --prefix "$tmp/prefix" >"$tmp/install.log" || {
        cat "$tmp/install.log"
        exit 1
    }
    RECTIFY_PREFIX=$tmp/prefix RECTIFY_WERROR=$werror pip_install "$tmp/target"
    so=$(find "$tmp/target/rectify" -name '_rectify*.so')
    readelf -d "$so" | grep -q "R.*PATH.*$tmp/prefix/lib" || {
        echo "FAIL: $so does not run from $tmp/prefix/lib"
        readelf -d "$so"
        exit 1
    }
    cd "$tmp"
    PYTHONPATH=$tmp/target "$py" -c "
import numpy as np, rectify
y = rectify.relu6(np.array([-1, 3, 7], np.float32))
assert y.tolist() == [0, 3, 6], y
print('rectify', rectify.version(), 'from the installed copy:', rectify.__file__)"
    # Without the library the import says what is missing and what to do.
    rm -rf "$tmp/prefix"
    if PYTHONPATH=$tmp/target "$py" -c "import rectify" 2>"$tmp/err"; then
        echo "FAIL: imported with the library removed"
        exit 1
    fi
    grep -q "could not load librectify" "$tmp/err" || {
        cat "$tmp/err"
        echo "FAIL: the import error does not name librectify"
        exit 1
    }
    ;;
*)
    echo "unknown step $step"
    exit 2
    ;;
esac
