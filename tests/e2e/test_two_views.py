"""One widget shown twice: each display zooms on its own and takes only its own tiles."""

import pytest

from .conftest import numbered_texts_cell

N = 5000


@pytest.fixture(scope="module")
def twice(lab, open_notebook):
    name = lab.write_notebook(
        "twice.ipynb", [numbered_texts_cell(N, seed=1, show="display(heatmap)\ndisplay(heatmap)")]
    )
    notebook = open_notebook(name, widgets=2)
    yield notebook
    assert notebook.console.errors == []


def test_two_displays_zoom_independently(twice):
    first, second = twice.heatmap(0), twice.heatmap(1)
    for _ in range(2):
        first.zoom_in(at=(0.2, 0.2))
    row, col = first.centre_cell()
    tooltip = first.wait_for_tooltip(row, col, f"text number {row}")
    assert f"text number {row}" in tooltip and f"text number {col}" in tooltip
    # The reply reached both displays; the second, still whole, did not take it.
    assert second.visible_rows() > N / 2
    assert "a block of" in second.hover_cell(row, col)

    for _ in range(2):
        second.zoom_in(at=(0.7, 0.7))
    other_row, other_col = second.centre_cell()
    assert abs(other_row - row) > 1000  # a region far from the first display's
    tooltip = second.wait_for_tooltip(other_row, other_col, f"text number {other_row}")
    assert f"text number {other_col}" in tooltip
    # The first display kept its own detail tile: its cells are still single pairs.
    tooltip = first.hover_cell(row, col)
    assert f"text number {row}" in tooltip and f"text number {col}" in tooltip
    assert "a block of" not in tooltip
