"""simheat.validmind is optional: the core never imports ValidMind, and its absence is explained.

The tests of simheat.validmind itself run against the real ValidMind in tests/validmind/.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest


def test_importing_without_validmind_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "validmind", None)  # `import validmind` now fails
    monkeypatch.delitem(sys.modules, "simheat.validmind", raising=False)
    with pytest.raises(ImportError, match=r'pip install "simheat\[validmind\]"'):
        importlib.import_module("simheat.validmind")


def test_the_core_does_not_import_validmind():
    # Every module of the package but simheat.validmind, in a fresh interpreter.
    code = (
        "import importlib, json, pkgutil, sys, simheat\n"
        "names = [m.name for m in pkgutil.walk_packages(simheat.__path__, 'simheat.')\n"
        "         if m.name != 'simheat.validmind']\n"
        "for name in names: importlib.import_module(name)\n"
        "print(json.dumps([len(names), sorted(m for m in sys.modules if m.split('.')[0] == 'validmind')]))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    count, loaded = json.loads(output)
    assert count > 10  # the walk really found the package's modules
    assert loaded == []
