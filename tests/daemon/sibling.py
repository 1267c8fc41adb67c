"""Loads a test script of tests/daemon by its file name.

The scripts are named like meson's tests (daemon-test.py, scale-out-test.py),
so `import` cannot name them; each one that builds on another loads it here,
once per process, so two users share one module (and its fixtures).
"""

import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load(filename):
    """The module of tests/daemon/FILENAME, loaded once."""
    name = "wf_" + filename[:-3].replace("-", "_")
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, os.path.join(HERE, filename))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
