import os

import pytest

import rectify

try:
    import torch
except ImportError:
    torch = None


def pytest_report_header(config):
    lib = os.path.dirname(rectify._rectify.__file__)
    lines = [
        "rectify %s (library %s) from %s" % (rectify.__version__, rectify.version(), lib),
        "rectify ISA %s; supported here: %s; deterministic %s"
        % (rectify.isa(), ", ".join(rectify.supported_isas()), rectify.deterministic()),
    ]
    if torch is None:
        lines.append("torch: not importable, the PyTorch oracle tests (test_torch_*) are skipped")
    else:
        caps = [l for l in torch.__config__.show().splitlines() if "CPU capability" in l]
        lines.append("torch %s%s" % (torch.__version__, (": " + caps[0].strip()) if caps else ""))
    return lines


def pytest_collection_modifyitems(config, items):
    # `-m torch` / `-m "not torch"`: the oracle tests are the test_torch_* files.
    for item in items:
        if item.module.__name__.startswith("test_torch"):
            item.add_marker(pytest.mark.torch)


def pytest_configure(config):
    config.addinivalue_line("markers", "torch: compares rectify with PyTorch (python3-torch)")
    if torch is not None:
        # One thread: the comparisons need no more, and the machine is shared.
        torch.set_num_threads(1)


@pytest.fixture(params=rectify.supported_isas())
def isa(request):
    """Runs the test on every ISA usable here, so that a bug in one cannot
    hide behind the one chosen by default."""
    before = rectify.isa()
    rectify.set_isa(request.param)
    yield request.param
    rectify.set_isa(before)


@pytest.fixture(params=[False, True], ids=["default", "deterministic"])
def mode(request):
    before = rectify.deterministic()
    rectify.set_deterministic(request.param)
    yield request.param
    rectify.set_deterministic(before)
