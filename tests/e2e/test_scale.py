"""More texts than pixels: an overview of blocks, zoomed into until single pairs of texts."""

import numpy as np
import pytest

from .conftest import numbered_texts_cell

N = 5000


@pytest.fixture(scope="module")
def big(lab, open_notebook):
    name = lab.write_notebook("big.ipynb", [numbered_texts_cell(N, seed=0)])
    notebook = open_notebook(name)
    yield notebook
    assert notebook.console.errors == []


def test_overview_hover_speaks_of_blocks(big):
    heatmap = big.heatmap()
    assert heatmap.pixels()["colours"] >= 5
    tooltip = heatmap.hover_cell(2000, 3000)
    assert "a block of" in tooltip and "mean" in tooltip


def test_zoom_into_the_overview_and_click_a_real_pair(big):
    heatmap, kernel = big.heatmap(), big.kernel
    # Two zoom boxes, as a person would drag them: 5,000 rows → a few hundred → a few dozen.
    for _ in range(2):
        heatmap.zoom_in(at=(0.45, 0.45))
    assert heatmap.visible_rows() < 60
    row, col = heatmap.centre_cell()
    # Python answers the zoom with exact cells (while its insight pass may still be running):
    # the tooltip names the two texts once they are on screen.
    tooltip = heatmap.wait_for_tooltip(row, col, f"text number {row}", timeout=20)
    assert f"text number {row}" in tooltip and f"text number {col}" in tooltip
    heatmap.click_cell(row, col)
    assert kernel.wait_for("heatmap.selection", (row, col)) == (row, col)
    expected = kernel.eval(f"round(float(heatmap.window([{row}], [{col}])[0, 0]), 3)")
    panel = heatmap.panel.inner_text()
    assert f"text number {row}" in panel and f"Similarity {expected:.3f}" in panel
    assert np.isfinite(expected)
