"""Builds rectify's CPython extension against a shared librectify.

Where the library comes from (the first that applies):

1. ``RECTIFY_PREFIX=<prefix>``: an installed copy, ``<prefix>/include/rectify.h``
   and ``librectify.so`` in ``<prefix>/lib``, ``lib64`` or ``lib/<multiarch>``
   (``cmake --install build --prefix <prefix>``).
2. ``RECTIFY_BUILD_DIR=<dir>``: a CMake build directory (the header from the
   source tree its ``CMakeCache.txt`` names).
3. This source tree's ``../build``, when it holds ``librectify.so``.
4. ``pkg-config rectify`` (an installed copy on the pkg-config path).

Otherwise the build stops and says which command to run. The extension
records the library's directory as its run path, so it loads that same
library at run time: rebuilding the library there updates the package, and
removing it breaks the import (with a message that says so).

``RECTIFY_WERROR=1`` adds ``-Werror`` (CI does).
"""

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext as _build_ext

HERE = Path(__file__).resolve().parent
TREE = HERE.parent
BUILD_COMMAND = "cmake -S . -B build -G Ninja && cmake --build build"


def fail(message):
    sys.exit("rectify: " + message)


def shared_library_in(directory):
    return (Path(directory) / "librectify.so").exists()


def from_prefix(prefix):
    prefix = Path(prefix).resolve()
    include = prefix / "include"
    multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    candidates = [prefix / "lib", prefix / "lib64"]
    if multiarch:
        candidates.append(prefix / "lib" / multiarch)
    for libdir in candidates:
        if shared_library_in(libdir):
            break
    else:
        fail("RECTIFY_PREFIX=%s: no librectify.so in %s" % (prefix, ", ".join(map(str, candidates))))
    if not (include / "rectify.h").exists():
        fail("RECTIFY_PREFIX=%s: no include/rectify.h" % prefix)
    return include, libdir, "the installed copy under RECTIFY_PREFIX=%s" % prefix


def source_of(build):
    """The source tree a CMake build directory was configured from."""
    cache = build / "CMakeCache.txt"
    if cache.exists():
        match = re.search(r"^rectify_SOURCE_DIR:STATIC=(.*)$", cache.read_text(), re.M)
        if match:
            return Path(match.group(1))
    return TREE


def from_build_dir(build, how):
    build = Path(build).resolve()
    include = source_of(build) / "include"
    if not (include / "rectify.h").exists():
        fail("%s: no include/rectify.h in its source tree %s" % (how, include.parent))
    if not shared_library_in(build):
        fail(
            "%s: no librectify.so in %s. Build the library first, from the top of the "
            "source tree:\n    %s" % (how, build, BUILD_COMMAND)
        )
    return include, build, "the in-tree build %s" % build


def from_pkg_config():
    if not shutil.which("pkg-config"):
        return None
    query = ["pkg-config", "--variable=includedir", "rectify"]
    try:
        include = subprocess.run(query, check=True, capture_output=True, text=True).stdout.strip()
        query[1] = "--variable=libdir"
        libdir = subprocess.run(query, check=True, capture_output=True, text=True).stdout.strip()
    except subprocess.CalledProcessError:
        return None
    return Path(include), Path(libdir), "the installed copy pkg-config names (%s)" % libdir


def find_library():
    if os.environ.get("RECTIFY_PREFIX"):
        return from_prefix(os.environ["RECTIFY_PREFIX"])
    if os.environ.get("RECTIFY_BUILD_DIR"):
        return from_build_dir(os.environ["RECTIFY_BUILD_DIR"], "RECTIFY_BUILD_DIR")
    if shared_library_in(TREE / "build"):
        return from_build_dir(TREE / "build", "the in-tree build")
    found = from_pkg_config()
    if found:
        return found
    fail(
        "librectify not found. From the top of the source tree, build it first:\n"
        "    %s\n"
        "or point RECTIFY_PREFIX at an installed copy (cmake --install build --prefix PREFIX), "
        "or RECTIFY_BUILD_DIR at another build directory." % BUILD_COMMAND
    )


def header_version(include):
    text = (Path(include) / "rectify.h").read_text()
    match = re.search(r'#define\s+RECTIFY_VERSION_STRING\s+"([0-9.]+)"', text)
    if not match:
        fail("no RECTIFY_VERSION_STRING in %s/rectify.h" % include)
    return match.group(1)


class build_ext(_build_ext):
    """Always rebuilds: which library it links is not a file setuptools tracks."""

    def finalize_options(self):
        super().finalize_options()
        self.force = True

    def build_extensions(self):
        import numpy

        for ext in self.extensions:
            # NumPy's headers as system headers: -Wpedantic is for our code.
            ext.extra_compile_args += ["-isystem", numpy.get_include()]
        super().build_extensions()


include, libdir, origin = find_library()
print("rectify: building against %s (librectify.so in %s)" % (origin, libdir), file=sys.stderr)

flags = ["-std=c11", "-Wall", "-Wextra", "-Wpedantic", "-fvisibility=hidden"]
if os.environ.get("RECTIFY_WERROR") == "1":
    flags.append("-Werror")

setup(
    version=header_version(include),
    packages=["rectify"],
    exclude_package_data={"rectify": ["*.c"]},
    ext_modules=[
        Extension(
            "rectify._rectify",
            sources=["rectify/_rectify.c"],
            include_dirs=[str(include)],
            library_dirs=[str(libdir)],
            runtime_library_dirs=[str(libdir)],
            libraries=["rectify"],
            extra_compile_args=flags,
        )
    ],
    cmdclass={"build_ext": build_ext},
)
