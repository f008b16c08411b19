"""notebooks/quickstart.ipynb in a real JupyterLab: what a person sees and what Python gets."""

from __future__ import annotations

import pytest

from .conftest import DOCS, NOTEBOOKS


@pytest.fixture(scope="module")
def quickstart(lab, open_notebook):
    """The quickstart, run to its end: selection (0, 1), Viridis, zmax 0.8 (its last cells)."""
    name = lab.copy_notebook(NOTEBOOKS / "quickstart.ipynb")
    notebook = open_notebook(name)
    kernel = notebook.kernel
    assert kernel.wait_for("heatmap.zmax", 0.8) == 0.8
    notebook.texts = kernel.eval("texts")
    notebook.labels = kernel.eval("labels")
    yield notebook
    assert notebook.console.errors == []


def test_heatmap_is_on_screen(quickstart):
    heatmap = quickstart.heatmap()
    pixels = heatmap.pixels()
    assert pixels["width"] > 200 and pixels["height"] > 200
    assert pixels["colours"] >= 5, "the cells should show several colours"
    assert heatmap.graph.locator(".xtick").count() > 3
    assert heatmap.layout("gd._fullLayout.title.text") == "Cosine Similarity Matrix"
    # The notebook's own last cells already reached the page.
    assert heatmap.root.get_by_label("Colorscale", exact=True).input_value() == "Viridis"
    assert quickstart.texts[1] in heatmap.panel.inner_text()


def test_clicking_a_cell_selects_it_in_python_and_shows_both_texts(quickstart):
    heatmap, kernel, texts = quickstart.heatmap(), quickstart.kernel, quickstart.texts
    # Row 9 paraphrases row 8 (kneading dough): the picture for the README.
    assert kernel.eval("heatmap.selection") != (9, 8)
    heatmap.click_cell(9, 8)
    assert kernel.wait_for("heatmap.selection", (9, 8)) == (9, 8)
    assert kernel.eval("heatmap.selected['text_row']") == texts[9]
    panel = heatmap.panel.inner_text()
    assert texts[9] in panel and texts[8] in panel
    similarity = kernel.eval("round(heatmap.selected['similarity'], 3)")
    assert f"Similarity {similarity:.3f}" in panel
    shapes = heatmap.layout("gd.layout.shapes")
    assert (shapes[0]["x0"], shapes[0]["y0"]) == (7.5, 8.5)
    DOCS.mkdir(exist_ok=True)
    heatmap.screenshot(DOCS / "screenshot.png")


def test_color_range_minimum_reaches_python_and_recolours(quickstart):
    heatmap, kernel = quickstart.heatmap(), quickstart.kernel
    before = heatmap.pixels()
    heatmap.root.get_by_label("Color range minimum", exact=True).fill("0.3")
    assert kernel.wait_for("heatmap.zmin", 0.3, approx=1e-6) == pytest.approx(0.3)
    assert heatmap.wait_for_pixels_change(before)["checksum"] != before["checksum"]
    assert heatmap.layout("gd.data[0].zmin") == pytest.approx(0.3)


def test_choosing_viridis_changes_python_colorscale(quickstart):
    heatmap, kernel = quickstart.heatmap(), quickstart.kernel
    kernel.run("heatmap.colorscale = 'Blues'")
    select = heatmap.root.get_by_label("Colorscale", exact=True)
    select.page.wait_for_function("s => s.value === 'Blues'", arg=select.element_handle())
    before = heatmap.pixels()
    select.select_option("Viridis")
    assert kernel.wait_for("heatmap.colorscale", "Viridis") == "Viridis"
    assert heatmap.wait_for_pixels_change(before)["checksum"] != before["checksum"]
    heatmap.root.get_by_label("Reverse colorscale").check()
    assert kernel.wait_for("heatmap.colorscale", "Viridis_r") == "Viridis_r"


def test_setting_zmax_in_python_moves_the_control_and_recolours(quickstart):
    heatmap, kernel = quickstart.heatmap(), quickstart.kernel
    before = heatmap.pixels()
    kernel.run("heatmap.zmax = 0.6")
    slider = heatmap.root.get_by_label("Color range maximum", exact=True)
    slider.page.wait_for_function("s => Number(s.value) === 0.6", arg=slider.element_handle())
    assert heatmap.root.get_by_label("Color range maximum value").input_value() == "0.6"
    assert heatmap.wait_for_pixels_change(before)["checksum"] != before["checksum"]
    assert heatmap.layout("gd.data[0].zmax") == pytest.approx(0.6)


def test_setting_selection_in_python_updates_outline_and_panel(quickstart):
    heatmap, kernel, texts = quickstart.heatmap(), quickstart.kernel, quickstart.texts
    kernel.run("heatmap.selection = (22, 23)")
    heatmap.panel.get_by_text(texts[23]).wait_for()
    assert texts[22] in heatmap.panel.inner_text()
    heatmap.page.wait_for_function(
        "gd => gd.layout.shapes[0].x0 === 22.5", arg=heatmap.graph.element_handle()
    )


def test_hover_shows_labels_texts_and_value(quickstart):
    heatmap, labels, texts = quickstart.heatmap(), quickstart.labels, quickstart.texts
    tooltip = heatmap.hover_cell(15, 16)
    assert f"{labels[15]} × {labels[16]}" in tooltip
    assert texts[15][:40] in tooltip and texts[16][:40] in tooltip


def test_zoom_then_click_selects_the_right_cell(quickstart):
    heatmap, kernel = quickstart.heatmap(), quickstart.kernel
    width = heatmap.layout("gd._fullLayout.xaxis.range[1] - gd._fullLayout.xaxis.range[0]")
    start, end = heatmap.cell_centre(2, 2), heatmap.cell_centre(12, 12)
    heatmap.drag(start, end)
    heatmap.page.wait_for_function(
        f"gd => gd._fullLayout.xaxis.range[1] - gd._fullLayout.xaxis.range[0] < {width / 2}",
        arg=heatmap.graph.element_handle(),
    )
    assert heatmap.pixels()["colours"] >= 3
    heatmap.click_cell(5, 11)
    assert kernel.wait_for("heatmap.selection", (5, 11)) == (5, 11)
