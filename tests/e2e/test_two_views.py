"""One widget shown twice: each display zooms on its own and takes only its own tiles."""

import re

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


def test_enter_on_a_block_selects_its_strongest_pair(twice):
    """In the overview the keyboard moves a block at a time; Enter selects as a click does."""
    first, page, kernel = twice.heatmap(0), twice.page, twice.kernel
    first.root.locator(".simheat-plot").focus()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    live = first.root.locator(".simheat-live")
    page.wait_for_function(
        "el => el.textContent.startsWith('Rows 0 to')", arg=live.element_handle()
    )
    spoken = live.text_content()
    r0, r1, c0, c1 = map(
        int, re.match(r"Rows (\d+) to (\d+), columns (\d+) to (\d+)", spoken).groups()
    )
    step = r1 + 1
    assert (r0, c0, c1) == (0, 2 * step, 3 * step - 1) and step > 1  # two blocks to the right
    page.keyboard.press("Enter")
    kernel.run(
        "import numpy as np\n"
        f"_block = heatmap.window(slice(0, {step}), slice({c0}, {c1 + 1}))\n"
        "_i, _j = np.unravel_index(np.argmax(_block), _block.shape)\n"
        f"_expected = (int(_i), int(_j) + {c0})"
    )
    expected = kernel.eval("_expected")
    assert kernel.wait_for("heatmap.selection", expected) == expected
    kernel.run("heatmap.selection = None")
    assert first.axe_violations() == []  # the overview's controls (Blocks) too


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
