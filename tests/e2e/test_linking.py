"""notebooks/linking.ipynb: two heatmaps linked to each other and to ipywidgets, in the browser."""

import pytest

from .conftest import NOTEBOOKS


@pytest.fixture(scope="module")
def linking(lab, open_notebook):
    notebook = open_notebook(lab.copy_notebook(NOTEBOOKS / "linking.ipynb"), widgets=2)
    yield notebook
    assert notebook.console.errors == []


def test_a_click_in_one_heatmap_selects_the_pair_in_both(linking):
    left, right = linking.heatmap(0), linking.heatmap(1)
    left.click_cell(8, 9)
    assert linking.kernel.wait_for("right.selection", (8, 9)) == (8, 9)
    right.page.wait_for_function(
        "gd => gd.layout.shapes.length > 0", arg=right.graph.element_handle()
    )
    texts = linking.kernel.eval("texts")
    assert texts[9] in right.panel.inner_text()
    # The HTML widget follows through observe().
    caption = linking.page.locator(".widget-html-content").filter(has_text="bag of words")
    caption.wait_for()
    assert "cooking 0" in caption.inner_text() and "cooking 1" in caption.inner_text()


def test_jslink_carries_the_colorscale_in_the_browser(linking):
    left, right = linking.heatmap(0), linking.heatmap(1)
    left.root.get_by_label("Colorscale", exact=True).select_option("Plasma")
    select = right.root.get_by_label("Colorscale", exact=True)
    select.page.wait_for_function("s => s.value === 'Plasma'", arg=select.element_handle())
    assert linking.kernel.wait_for("right.colorscale", "Plasma") == "Plasma"


def test_the_range_slider_drives_zmin_and_zmax(linking):
    linking.kernel.run("color_range.value = (0.1, 0.7)")
    # The browser's FloatRangeSlider snaps to min + k·step and may send back -1 + 110 × 0.01
    # = 0.10000000000000009 (ipywidgets' float arithmetic): compare to the step's precision.
    ends = "(round(left.zmin, 9), round(left.zmax, 9))"
    assert linking.kernel.wait_for(ends, (0.1, 0.7)) == (0.1, 0.7)
    slider = linking.heatmap(0).root.get_by_label("Color range maximum", exact=True)
    slider.page.wait_for_function("s => Number(s.value) === 0.7", arg=slider.element_handle())
