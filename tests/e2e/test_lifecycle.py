"""One widget shown twice stays in step; long labels do not eat the plot; after a kernel
restart both views say they are disconnected and how to reconnect, instead of a silent
dead plot."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def twice(lab, open_notebook):
    name = lab.write_notebook(
        "lifecycle.ipynb",
        [
            "from IPython.display import display\n"
            "from simheat import SimilarityHeatmap\n"
            "texts = [f'text number {i}' for i in range(12)]\n"
            "labels = [f'{i}: a very long label, as a man page description would make one' for i in range(12)]\n"
            "heatmap = SimilarityHeatmap(texts, 'lexical', labels=labels)\n"
            "display(heatmap)\n"
            "display(heatmap)",
        ],
    )
    notebook = open_notebook(name, widgets=2, viewport=(1300, 900))
    yield notebook
    assert notebook.console.errors == []


def test_what_one_view_sets_shows_in_the_other(twice):
    first, second, kernel = twice.heatmap(0), twice.heatmap(1), twice.kernel
    first.click_cell(3, 5)
    assert kernel.wait_for("heatmap.selection", (3, 5)) == (3, 5)
    second.page.wait_for_function(
        "gd => gd.layout.shapes.length && gd.layout.shapes[0].x0 === 4.5",
        arg=second.graph.element_handle(),
    )
    assert "text number 5" in second.panel.inner_text()
    before = first.pixels()
    zmin = round((kernel.eval("heatmap.zmin") + kernel.eval("heatmap.zmax")) / 2, 3)
    second.root.get_by_label("Color range minimum", exact=True).fill(str(zmin))
    assert kernel.wait_for("heatmap.zmin", zmin, approx=1e-6) == pytest.approx(zmin)
    box = first.root.get_by_label("Color range minimum value", exact=True)
    box.page.wait_for_function("([b, v]) => b.value === v", arg=[box.element_handle(), str(zmin)])
    assert first.wait_for_pixels_change(before)["checksum"] != before["checksum"]


def test_long_labels_are_cut_on_the_axes_not_the_plot(twice):
    view, labels = twice.heatmap(0), twice.kernel.eval("labels")
    ticks = view.graph.locator(".xtick text").evaluate_all("els => els.map(e => e.textContent)")
    assert ticks and all(len(tick) <= 14 and tick.endswith("…") for tick in ticks), ticks
    # As in test_keyboard's room test: the file browser folded away, as a person reading does.
    view.page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    side_js = "Math.min(gd._fullLayout.xaxis._length, gd._fullLayout.yaxis._length)"
    view.page.wait_for_timeout(1500)  # the output's width changes: the figure refits
    side = view.layout(side_js)
    # The bar (>= 600 px in 1,300 x 900) is test_keyboard's, with the quickstart's
    # labels. Labels cut to 14 characters and set vertical take ~100 px of the height the
    # square may use: measured 593 px here (602 before the insight's toolbar row).
    assert side >= 580, side
    print(f"long labels: plot area {side:.0f} px a side in a 1300 × 900 window")
    assert labels[3] in view.hover_cell(3, 4)  # the full label on hover


def test_after_a_kernel_restart_each_view_says_how_to_reconnect(twice):
    page = twice.page
    notice = "The kernel restarted: run the cell again to reconnect."
    assert page.get_by_text(notice).count() == 0
    page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.restart()"
    )
    for index in (0, 1):
        view = twice.heatmap(index)
        status = view.root.get_by_role("status").filter(has_text=notice)
        status.wait_for(timeout=30_000)
        assert view.root.get_attribute("data-disconnected") == "true"
