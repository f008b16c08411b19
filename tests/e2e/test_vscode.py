"""The quickstart under VS Code's own widget manager (@vscode/jupyter-ipywidgets8) on a real kernel.

What this covers and what it does not: see "Where it runs" in the README. The page loads
requirejs first, as VS Code's output webview does; that is what broke Plotly's bundled d3.
"""

from __future__ import annotations

import pytest

from .jupyter import TOKEN, JupyterServer
from .vscode_page import VSCodeNotebook, VSCodePage

# Dark Modern's --vscode-editor-background and --vscode-editor-foreground (vscode/vscode-theme.js).
DARK_EDITOR_BACKGROUND = "rgb(31, 31, 31)"
DARK_EDITOR_FOREGROUND = "rgb(204, 204, 204)"

# The first painted background at or above the widget's root: what shows under it.
BACKGROUND_UNDER_JS = """root => {
  for (let node = root; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
  }
  return null;
}"""


@pytest.fixture(scope="module")
def jupyter(chromium_path):
    # The page comes from another origin, as VS Code's webview does.
    server = JupyterServer(app="server", extra_args=["--ServerApp.allow_origin=*"])
    yield server
    server.stop()


@pytest.fixture(scope="module")
def site(jupyter):
    page = VSCodePage(jupyter.url, TOKEN)
    yield page
    page.stop()


def open_notebook(browser, site, jupyter, theme: str) -> VSCodeNotebook:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    return VSCodeNotebook(page, site, jupyter, theme)


@pytest.fixture(scope="module")
def light(browser, site, jupyter):
    notebook = open_notebook(browser, site, jupyter, "light")
    notebook.texts = notebook.kernel.eval("texts")
    yield notebook
    errors = notebook.console.errors
    notebook.close()
    assert errors == []


def test_heatmap_renders_in_vscode_output_with_no_console_error(light):
    page, heatmap = light.page, light.heatmap()
    # The conditions of VS Code's webview: an AMD loader in the page, VS Code's own manager.
    assert page.evaluate("() => typeof define === 'function' && Boolean(define.amd)")
    assert page.evaluate("() => typeof window.vscIPyWidgets.WidgetManager === 'function'")
    wrappers = heatmap.root.locator("xpath=ancestor::*[contains(@class, 'ipywidget-background')]")
    assert wrappers.count() == 2  # the output element and the view's node, as VS Code nests them
    pixels = heatmap.pixels()
    assert pixels["width"] > 200 and pixels["colours"] >= 5
    assert heatmap.graph.locator(".xtick").count() > 3
    assert heatmap.layout("gd._fullLayout.title.text") == "Cosine Similarity Matrix"
    # The notebook's last cells reached the page through the manager.
    assert heatmap.root.get_by_label("Colorscale", exact=True).input_value() == "Viridis"
    assert light.console.errors == []


def test_click_reaches_python_and_fills_the_panel(light):
    heatmap, kernel, texts = light.heatmap(), light.kernel, light.texts
    assert kernel.eval("heatmap.selection") != (9, 8)
    heatmap.click_cell(9, 8)
    assert kernel.wait_for("heatmap.selection", (9, 8)) == (9, 8)
    panel = heatmap.panel.inner_text()
    assert texts[9] in panel and texts[8] in panel
    similarity = kernel.eval("round(heatmap.selected['similarity'], 3)")
    assert f"Similarity {similarity:.3f}" in panel


def test_color_range_change_reaches_python(light):
    heatmap, kernel = light.heatmap(), light.kernel
    before = heatmap.pixels()
    heatmap.root.get_by_label("Color range minimum", exact=True).fill("0.3")
    assert kernel.wait_for("heatmap.zmin", 0.3, approx=1e-6) == pytest.approx(0.3)
    assert heatmap.wait_for_pixels_change(before)["checksum"] != before["checksum"]


def test_wheel_over_the_heatmap_scrolls_the_notebook_and_never_zooms(light):
    page, heatmap = light.page, light.heatmap()
    x, y = heatmap.cell_centre(18, 18)
    ranges = "[gd._fullLayout.xaxis.range.slice(), gd._fullLayout.yaxis.range.slice()]"
    zoom_before = heatmap.layout(ranges)
    scroll_before = page.evaluate("() => window.scrollY")
    wheel_before = page.evaluate("() => ({...window.vscodePage.wheel})")
    page.mouse.move(x, y)
    for _ in range(3):
        page.mouse.wheel(0, 120)
    page.wait_for_function(f"() => window.scrollY > {scroll_before}", timeout=5_000)
    page.wait_for_timeout(300)  # a zoom would have been drawn by now
    wheel = page.evaluate("() => window.vscodePage.wheel")
    # Every event went on to the notebook (VS Code scrolls it), none was kept by the widget.
    assert wheel["passedOn"] - wheel_before["passedOn"] == 3
    assert wheel["cancelled"] == wheel_before["cancelled"]
    assert heatmap.layout(ranges) == zoom_before


def test_zoom_into_an_overview_gets_exact_cells_from_python(light):
    # Beyond 1,024 texts zooming asks Python for tiles: custom messages and binary buffers
    # through VS Code's manager.
    light.run(
        "import numpy as np\n"
        "big = SimilarityHeatmap.from_embeddings(\n"
        "    np.random.default_rng(0).normal(size=(3000, 16)).astype('float32'),\n"
        "    [f'text number {i}' for i in range(3000)],\n"
        ")\n"
        "big"
    )
    light.page.locator(".simheat").nth(1).locator(".simheat-graph .xtick").first.wait_for(
        state="attached"
    )
    heatmap = light.heatmap(1)
    for _ in range(2):
        heatmap.zoom_in((0.45, 0.45))
    row, col = heatmap.centre_cell()
    tooltip = heatmap.wait_for_tooltip(row, col, f"text number {row}", timeout=20)
    assert f"text number {row}" in tooltip and f"text number {col}" in tooltip
    heatmap.click_cell(row, col)
    assert light.kernel.wait_for("big.selection", (row, col)) == (row, col)
    expected = light.kernel.eval(f"round(float(big.window([{row}], [{col}])[0, 0]), 3)")
    assert f"Similarity {expected:.3f}" in heatmap.panel.inner_text()


def test_no_white_box_in_the_dark_theme(browser, site, jupyter):
    notebook = open_notebook(browser, site, jupyter, "dark")
    try:
        heatmap = notebook.heatmap()
        assert notebook.page.evaluate("() => document.body.classList.contains('vscode-dark')")
        assert heatmap.root.evaluate(BACKGROUND_UNDER_JS) == DARK_EDITOR_BACKGROUND
        assert heatmap.panel.evaluate(BACKGROUND_UNDER_JS) == DARK_EDITOR_BACKGROUND
        # Text is the theme's, not Plotly's dark grey on a dark editor.
        tick = heatmap.graph.locator(".xtick text").first
        assert tick.evaluate("t => getComputedStyle(t).fill") == DARK_EDITOR_FOREGROUND
        assert heatmap.root.evaluate("r => getComputedStyle(r).color") == DARK_EDITOR_FOREGROUND
        assert heatmap.pixels()["colours"] >= 5
        assert notebook.console.errors == []
    finally:
        notebook.close()
