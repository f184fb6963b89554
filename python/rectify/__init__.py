"""rectify: the ReLU family of activations over float32 NumPy arrays.

A binding of librectify (SIMD kernels, runtime dispatch scalar/SSE2/AVX2/
AVX-512/NEON). Forward ops take ``x`` and return ``y``; backward ops take
``(dy, x)``, gradient first, as PyTorch's aten backward ops do, and return
``dx``. Every op accepts ``out=`` (a writeable C-contiguous float32 array of
the result's shape, which may be an input itself for an in-place call).

Arrays must be float32; nothing is converted. A non-C-contiguous input is
copied to a contiguous one before the call. Calls on 16384 elements or more
(``GIL_RELEASE_MIN_SIZE``) release the GIL around the kernel. Library errors
raise :class:`RectifyError` (a ``ValueError``) with rectify's own message.
The semantics, to the bit, are those of ``include/rectify.h``; README.md lists
where they differ from PyTorch 1.13 on purpose.
"""

try:
    from ._rectify import HEADER_VERSION
except ImportError as e:
    if e.name == __name__ + "._rectify":  # no compiled extension here
        raise ImportError(
            "rectify's C extension is not in %s. If that is the source directory "
            "(python/rectify), install the package (see the README's Python section) and "
            "run from another directory, or build it in place there "
            "(python3 setup.py build_ext --inplace)."
            % __path__[0]
        ) from e
    if "librectify" in str(e):  # the extension is there, librectify.so.0 is not
        raise ImportError(
            "rectify's extension could not load librectify: %s. It looks for the "
            "library in the directory it was built against (its run path); rebuild "
            "the library there (cmake --build build) or reinstall the package "
            "(see the README's Python section)." % e
        ) from e
    raise

from ._rectify import (  # noqa: F401, E402
    GIL_RELEASE_MIN_SIZE,
    RectifyError,
    crelu,
    crelu_backward,
    deterministic,
    elu,
    elu_backward,
    isa,
    leaky_relu,
    leaky_relu_backward,
    relu,
    relu6,
    relu6_backward,
    relu_backward,
    rrelu,
    rrelu_backward,
    selu,
    selu_backward,
    set_deterministic,
    set_isa,
    supported_isas,
    version,
)

__version__ = HEADER_VERSION


def _check_library_version():
    # A program built against header X.Y runs with any library X.Z, Z >= Y.
    built = [int(v) for v in HEADER_VERSION.split(".")]
    loaded = [int(v) for v in version().split(".")]
    if loaded[0] != built[0] or loaded[1] < built[1]:
        raise ImportError(
            "rectify's extension was built against librectify %s but loaded %s: "
            "rebuild the package" % (HEADER_VERSION, version())
        )


_check_library_version()

__all__ = [
    "RectifyError",
    "relu",
    "relu_backward",
    "leaky_relu",
    "leaky_relu_backward",
    "relu6",
    "relu6_backward",
    "elu",
    "elu_backward",
    "selu",
    "selu_backward",
    "rrelu",
    "rrelu_backward",
    "crelu",
    "crelu_backward",
    "isa",
    "supported_isas",
    "set_isa",
    "deterministic",
    "set_deterministic",
    "version",
    "GIL_RELEASE_MIN_SIZE",
]
