"""The shipped JS bundles never look for a page's AMD loader (requirejs).

VS Code's widget renderer and the classic Notebook load requirejs. A UMD wrapper left live in
the bundle (plotly.js carries d3's and others') would register itself with that ``define``
instead of filling its exports, and Plotly would crash on an empty d3. js/build.mjs defines
``define`` as ``undefined`` so esbuild folds every such branch away; this checks it did.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[1] / "src" / "simheat" / "static"
# `typeof define == "function" && define.amd`, in any spacing or operand order.
AMD_CHECK = re.compile(r"typeof\s*define\b|\bdefine\s*\.\s*amd\b")


@pytest.mark.parametrize("name", ["widget.js", "standalone.js"])
def test_bundle_has_no_live_amd_branch(name):
    bundle = STATIC / name
    assert bundle.exists(), f"{bundle} is missing: run `npm run build` first"
    hits = [m.group(0) for m in AMD_CHECK.finditer(bundle.read_text(encoding="utf-8"))]
    assert hits == [], (
        f"{name} still checks for an AMD `define` ({len(hits)} times): keep "
        '`define: { define: "undefined" }` in js/build.mjs'
    )


def test_the_check_finds_a_umd_wrapper():
    # The pattern as esbuild minifies plotly.js's d3 wrapper when `define` is left alone.
    umd = 'typeof define=="function"&&define.amd?define(["exports"],t):t(e.d3={})'
    assert len(AMD_CHECK.findall(umd)) == 2
