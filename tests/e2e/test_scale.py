"""More texts than pixels: an overview of blocks, zoomed into until single pairs of texts."""

import numpy as np
import pytest

N = 5000


@pytest.fixture(scope="module")
def big(lab, open_notebook):
    name = lab.write_notebook(
        "big.ipynb",
        [
            "import numpy as np\n"
            "from simheat import SimilarityHeatmap\n"
            "rng = np.random.default_rng(0)\n"
            f"embeddings = rng.normal(size=({N}, 32)).astype('float32')\n"
            f"texts = [f'text number {{i}}' for i in range({N})]\n"
            "heatmap = SimilarityHeatmap.from_embeddings(embeddings, texts)\n"
            "heatmap"
        ],
    )
    notebook = open_notebook(name)
    yield notebook
    assert notebook.console.errors == []


def visible_rows(heatmap) -> float:
    return heatmap.layout("Math.abs(gd._fullLayout.yaxis.range[0] - gd._fullLayout.yaxis.range[1])")


def test_overview_hover_speaks_of_blocks(big):
    heatmap = big.heatmap()
    assert heatmap.pixels()["colours"] >= 5
    tooltip = heatmap.hover_cell(2000, 3000)
    assert "a block of" in tooltip and "mean" in tooltip


def test_zoom_into_the_overview_and_click_a_real_pair(big):
    heatmap, kernel = big.heatmap(), big.kernel
    # Two zoom boxes, as a person would drag them: 5,000 rows → a few hundred → a few dozen.
    for _ in range(2):
        box = heatmap.graph.locator(".nsewdrag").bounding_box()
        x, y = box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.45
        before = visible_rows(heatmap)
        heatmap.drag((x, y), (x + box["width"] * 0.08, y + box["height"] * 0.08))
        heatmap.page.wait_for_function(
            f"gd => Math.abs(gd._fullLayout.yaxis.range[0] - gd._fullLayout.yaxis.range[1]) < {before / 4}",
            arg=heatmap.graph.element_handle(),
        )
    assert visible_rows(heatmap) < 60
    y_range = heatmap.layout("gd._fullLayout.yaxis.range")
    x_range = heatmap.layout("gd._fullLayout.xaxis.range")
    row, col = round(sum(y_range) / 2), round(sum(x_range) / 2)
    # Python answers the zoom with exact cells: the tooltip names the two texts.
    heatmap.page.wait_for_timeout(300)
    tooltip = heatmap.hover_cell(row, col)
    assert f"text number {row}" in tooltip and f"text number {col}" in tooltip
    heatmap.click_cell(row, col)
    assert kernel.wait_for("heatmap.selection", (row, col)) == (row, col)
    expected = kernel.eval(f"round(float(heatmap.window([{row}], [{col}])[0, 0]), 3)")
    panel = heatmap.panel.inner_text()
    assert f"text number {row}" in panel and f"Similarity {expected:.3f}" in panel
    assert np.isfinite(expected)
