"""The front end's table of synced traits (js/traits.js) against the widget's own traits.

The browser reads traits by name: a trait added in Python but not in the table never
reaches the figure, and a name in the table that Python does not sync reads undefined.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
from pathlib import Path

import anywidget
import pytest

from simheat import SimilarityHeatmap
from simheat.widget.comparison import ComparisonHeatmap

TABLE = Path(__file__).parents[1] / "js" / "traits.js"
# js/traits.js imports nothing, so node can load it from a data: URL without a bundler.
LOAD = "const m = await import(process.argv[1]); console.log(JSON.stringify(m.TRAITS));"


@pytest.fixture(scope="module")
def table() -> dict[str, dict]:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is missing: install Node.js (it builds the widget)")
        pytest.skip("node is not installed")
    url = "data:text/javascript;base64," + base64.b64encode(TABLE.read_bytes()).decode()
    out = subprocess.run(
        [node, "--input-type=module", "-e", LOAD, url],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(out.stdout)


def synced_traits() -> dict:
    """The synced traits of both widgets: one model, and two compared (its view, names)."""
    inherited = set(anywidget.AnyWidget.class_traits(sync=True))
    own = {**SimilarityHeatmap.class_traits(sync=True), **ComparisonHeatmap.class_traits(sync=True)}
    return {name: trait for name, trait in own.items() if name not in inherited}


def test_the_table_names_every_synced_trait_and_no_other(table):
    synced = set(synced_traits())
    missing = sorted(synced - set(table))
    assert not missing, f"add these synced traits to the table in js/traits.js: {missing}"
    unknown = sorted(set(table) - synced)
    assert not unknown, f"js/traits.js names traits the widget does not sync: {unknown}"


def test_fallbacks_are_the_traits_defaults(table):
    traits = synced_traits()
    fallbacks = {name: entry["fallback"] for name, entry in table.items() if "fallback" in entry}
    assert fallbacks, "the table has no fallbacks"
    assert fallbacks == {name: traits[name].default() for name in fallbacks}
