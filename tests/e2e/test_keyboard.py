"""The heatmap without a mouse, in a 1,300 × 900 JupyterLab: keys, what a screen reader hears,
what Python gets, axe-core's verdict, and how much room the cells get."""

from __future__ import annotations

import pytest

from .conftest import NOTEBOOKS

VIEWPORT = (1300, 900)


@pytest.fixture(scope="module")
def quickstart(lab, open_notebook):
    name = lab.copy_notebook(NOTEBOOKS / "quickstart.ipynb", "quickstart_keyboard.ipynb")
    notebook = open_notebook(name, viewport=VIEWPORT)
    kernel = notebook.kernel
    assert kernel.wait_for("heatmap.zmax", 0.8) == 0.8  # the notebook ran to its end
    notebook.labels = kernel.eval("labels")
    yield notebook
    assert notebook.console.errors == []


def test_a_pair_is_selected_with_the_keyboard_alone_and_reaches_python(quickstart):
    heatmap, kernel, labels = quickstart.heatmap(), quickstart.kernel, quickstart.labels
    page = quickstart.page
    kernel.run("heatmap.selection = None")
    # Tab from the last control into the heatmap.
    heatmap.root.get_by_label("Order", exact=True).focus()
    page.keyboard.press("Tab")
    plot = heatmap.root.locator(".simheat-plot")
    assert plot.evaluate("el => document.activeElement === el")
    assert (
        plot.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    )  # a visible focus ring
    page.keyboard.press("Home")
    for _ in range(9):
        page.keyboard.press("ArrowDown")
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    similarity = kernel.eval("round(float(heatmap.matrix[9, 8]), 3)")
    spoken = f"Row 9, {labels[9]}; column 8, {labels[8]}; similarity {similarity:.3f}"
    live = heatmap.root.locator("[aria-live=polite].simheat-live")
    page.wait_for_function(
        "([el, text]) => el.textContent === text", arg=[live.element_handle(), spoken]
    )
    # The cursor is drawn over cell (9, 8): its centre is inside the outline.
    box = heatmap.root.locator(".simheat-cursor").bounding_box()
    x, y = heatmap.cell_centre(9, 8)
    assert box["x"] < x < box["x"] + box["width"] and box["y"] < y < box["y"] + box["height"]
    page.keyboard.press("Enter")
    assert kernel.wait_for("heatmap.selection", (9, 8)) == (9, 8)
    assert labels[9] in heatmap.panel.inner_text()
    page.keyboard.press("Escape")
    assert kernel.wait_for("heatmap.selection", None) is None
    # Space selects too, after a move up and left.
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press(" ")
    assert kernel.wait_for("heatmap.selection", (8, 7)) == (8, 7)


def test_plus_and_minus_zoom_around_the_cursor(quickstart):
    heatmap, page = quickstart.heatmap(), quickstart.page
    heatmap.root.locator(".simheat-plot").focus()
    page.keyboard.press("End")  # cursor on the last cell, (35, 35)
    full = heatmap.visible_rows()
    page.keyboard.type("+")
    page.wait_for_function(
        f"gd => Math.abs(gd._fullLayout.yaxis.range[0] - gd._fullLayout.yaxis.range[1]) < {full * 0.6}",
        arg=heatmap.graph.element_handle(),
    )
    row, col = heatmap.centre_cell()
    assert row > 25 and col > 25  # around the cursor, in the bottom-right corner
    page.keyboard.type("-")
    page.wait_for_function(
        f"gd => Math.abs(gd._fullLayout.yaxis.range[0] - gd._fullLayout.yaxis.range[1]) > {full * 0.99}",
        arg=heatmap.graph.element_handle(),
    )


def test_every_control_has_a_name_and_axe_finds_nothing(quickstart):
    heatmap = quickstart.heatmap()
    # A control's accessible name: its aria-label, its <label>, or a button's own text.
    for control in heatmap.root.locator("input, select, [tabindex='0']").all():
        name = control.evaluate(
            "el => el.getAttribute('aria-label') || (el.labels && el.labels[0]?.textContent)"
            " || (el.tagName === 'BUTTON' ? el.textContent : '') || ''"
        )
        assert name.strip(), control.evaluate("el => el.outerHTML.slice(0, 120)")
    assert heatmap.axe_violations() == []


def test_the_cells_take_the_room_they_have(quickstart):
    """1,300 × 900, file browser folded away: the plot area beside the panel, ≥ 600 px a side."""
    heatmap, page = quickstart.heatmap(), quickstart.page
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    page.wait_for_function(
        """([gd, panel]) => gd._fullLayout.xaxis._length >= 600
            && panel.getBoundingClientRect().left >= gd.getBoundingClientRect().right - 1""",
        arg=[heatmap.graph.element_handle(), heatmap.panel.element_handle()],
        timeout=10_000,
    )
    side_x = heatmap.layout("gd._fullLayout.xaxis._length")
    side_y = heatmap.layout("gd._fullLayout.yaxis._length")
    assert side_x >= 600 and side_y >= 600, (side_x, side_y)
    assert abs(side_x - side_y) <= 2  # square cells
    # Beside the panel, and all of the figure in the window's height.
    plot = heatmap.root.locator(".simheat-plot").bounding_box()
    panel = heatmap.panel.bounding_box()
    assert panel["x"] >= plot["x"] + plot["width"] - 1
    assert heatmap.layout("gd._fullLayout.height") <= VIEWPORT[1] * 0.85 + 1
    print(f"plot area {side_x:.0f} × {side_y:.0f} px in a {VIEWPORT[0]} × {VIEWPORT[1]} window")
