"""Two models compared in a real JupyterLab: the View control and the Disagreements tab.

What a person sees (colours, the outline, the panel, the table) and what Python receives
(``view``, ``selection``), on 40 texts where model "new" changes half the neighbourhoods and
turns one near-copy pair (texts 0 and 1) into opposites.
"""

from __future__ import annotations

import pytest

COMPARE = """\
import numpy as np
from simheat import SimilarityHeatmap
rng = np.random.default_rng(3)
old = rng.normal(size=(40, 16))
new = np.hstack([old, rng.normal(size=(40, 4))])  # another width
new[:20] = rng.normal(size=(20, 20))
old[1] = old[0] + 0.01 * rng.normal(size=16)
new[1] = -new[0] + 0.01 * rng.normal(size=20)
texts = [f"text number {i}" for i in range(40)]
heatmap = SimilarityHeatmap.compare_embeddings(old, new, texts, names=("old", "new"))
heatmap"""


@pytest.fixture(scope="module")
def compared(lab, open_notebook):
    name = lab.write_notebook("compare_views.ipynb", [COMPARE])
    notebook = open_notebook(name)
    assert notebook.kernel.wait_for("heatmap._insight['status']", "ready", timeout=60) == "ready"
    yield notebook
    assert notebook.console.errors == []


def view_menu(heatmap):
    return heatmap.root.get_by_role("combobox", name="View")


def test_switching_the_view_recolours_and_keeps_the_selection(compared):
    heatmap, kernel = compared.heatmap(), compared.kernel
    menu = view_menu(heatmap)
    assert menu.input_value() == "a"
    options = menu.locator("option").all_inner_texts()
    assert options == ["old", "new", "old − new", "rank difference"]
    heatmap.click_cell(3, 7)
    assert kernel.wait_for("heatmap.selection", (3, 7)) == (3, 7)
    a, b = kernel.eval("(heatmap.selected['similarity_a'], heatmap.selected['similarity_b'])")
    heatmap.panel.get_by_text(f"old {a:.3f}").wait_for()
    assert f"new {b:.3f}" in heatmap.panel.inner_text()
    in_a = heatmap.pixels()

    menu.select_option("difference")
    assert kernel.wait_for("heatmap.view", "difference") == "difference"
    in_difference = heatmap.wait_for_pixels_change(in_a)
    assert in_difference["checksum"] != in_a["checksum"]
    zmin, zmax = kernel.eval("(heatmap.zmin, heatmap.zmax)")
    assert zmin == -zmax < 0
    heatmap.page.wait_for_function(
        "z => document.querySelector('.simheat-graph').data[0].zmax === z", arg=zmax
    )
    assert heatmap.layout("gd.data[0].zmin") == zmin
    assert heatmap.layout("gd.data[0].colorscale[0][1]") == "#67001f"  # RdBu: diverging
    # The selection stays, in Python and on screen, and the panel still shows both models.
    assert kernel.eval("heatmap.selection") == (3, 7)
    shapes = heatmap.layout("gd.layout.shapes")
    assert any(s.get("x0") == 6.5 and s.get("y0") == 2.5 for s in shapes)
    heatmap.panel.get_by_text(f"old − new {a - b:+.3f}").wait_for()
    assert f"old {a:.3f}" in heatmap.panel.inner_text()

    menu.select_option("a")  # back to A: its colours and range, as before
    assert kernel.wait_for("heatmap.view", "a") == "a"
    back = heatmap.wait_for_pixels_change(in_difference)
    assert back["checksum"] == in_a["checksum"]


def test_a_disagreements_row_selects_its_pair_and_the_panel_shows_both(compared):
    heatmap, kernel = compared.heatmap(), compared.kernel
    heatmap.root.get_by_role("tab", name="Disagreements").click()
    first = heatmap.root.locator(".simheat-pairs .simheat-row").first
    top = kernel.eval("heatmap._insight['tables']['disagreements'][0]")
    assert (top["row"], top["col"]) == (0, 1)  # the planted pair: near in old, opposite in new
    assert f"old {top['similarity_a']:.3f} · new {top['similarity_b']:.3f}" in first.inner_text()
    first.click()
    assert kernel.wait_for("heatmap.selection", (0, 1)) == (0, 1)
    heatmap.panel.get_by_text(f"old {top['similarity_a']:.3f} · rank 1").wait_for()
    panel = heatmap.panel.inner_text()
    assert f"new {top['similarity_b']:.3f}" in panel
    assert "text number 0" in panel and "text number 1" in panel
    assert first.get_attribute("aria-pressed") == "true"


def test_the_comparison_has_no_accessibility_violations(compared):
    heatmap = compared.heatmap()
    heatmap.root.get_by_role("tab", name="Disagreements").wait_for()
    assert heatmap.axe_violations() == []
