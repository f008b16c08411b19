"""The quickstart in JupyterLab's dark theme: a dark widget with light text, axe-core's
verdict, the screenshot for the README, and a switch to the light theme while shown."""

from __future__ import annotations

import pytest

from .conftest import DOCS, NOTEBOOKS, OpenNotebook
from .jupyter import JupyterServer

LUMINANCE_JS = """el => {
  const lum = (colour) => {
    const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map(Number).map(c => c / 255)
      .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const style = getComputedStyle(el);
  return {background: lum(style.backgroundColor), text: lum(style.color)};
}"""
# The colour of the x axis tick labels, as Plotly drew them.
TICK_FILL_JS = "gd => getComputedStyle(gd.querySelector('.xtick text')).fill"


def luminance(colour: str) -> float:
    r, g, b = (float(c) / 255 for c in colour[colour.index("(") + 1 : -1].split(",")[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.fixture(scope="module")
def dark(browser, chromium_path):
    server = JupyterServer(theme="JupyterLab Dark")
    name = server.copy_notebook(NOTEBOOKS / "quickstart.ipynb")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    notebook = OpenNotebook(page, server, name)
    assert notebook.kernel.wait_for("heatmap.zmax", 0.8) == 0.8
    yield notebook
    errors = notebook.console.errors
    notebook.close()
    server.stop()
    assert errors == []


def test_the_widget_is_dark_with_light_text(dark):
    heatmap = dark.heatmap()
    assert dark.page.evaluate("() => document.body.dataset.jpThemeLight") == "false"
    assert heatmap.root.get_attribute("data-simheat-theme") == "dark"
    for part in (heatmap.root, heatmap.root.get_by_label("Colorscale", exact=True)):
        colours = part.evaluate(LUMINANCE_JS)
        assert colours["background"] < 0.1 and colours["text"] > 0.5, colours
    # The panel has no background of its own (the widget's shows through); its text is light.
    assert heatmap.panel.evaluate(LUMINANCE_JS)["text"] > 0.5
    assert luminance(heatmap.graph.evaluate(TICK_FILL_JS)) > 0.5  # axis text light
    assert luminance(heatmap.layout("gd._fullLayout.font.color")) > 0.5
    assert heatmap.layout("gd.data[0].colorscale[0]") == [0, "#440154"]  # Viridis unchanged


def test_axe_finds_nothing_in_the_dark(dark):
    assert dark.heatmap().axe_violations() == []


def test_selected_pair_screenshot(dark):
    heatmap, kernel = dark.heatmap(), dark.kernel
    heatmap.click_cell(9, 8)
    assert kernel.wait_for("heatmap.selection", (9, 8)) == (9, 8)
    dark.page.mouse.move(0, 0)  # no tooltip in the picture
    DOCS.mkdir(exist_ok=True)
    heatmap.root.screenshot(path=DOCS / "screenshot-dark.png")


def test_switching_to_the_light_theme_recolours_the_shown_widget(dark):
    heatmap, page = dark.heatmap(), dark.page
    page.evaluate(
        "() => window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Light'})"
    )
    page.wait_for_function(
        "el => el.dataset.simheatTheme === 'light'",
        arg=heatmap.root.element_handle(),
        timeout=20_000,
    )
    # Plotly redrew in the light theme's font colour.
    page.wait_for_function(
        "gd => gd._fullLayout.font.color.match(/[\\d.]+/g).slice(0, 3).map(Number)"
        ".reduce((a, b) => a + b) < 200",
        arg=heatmap.graph.element_handle(),
        timeout=20_000,
    )
    colours = heatmap.root.evaluate(LUMINANCE_JS)
    assert colours["text"] < 0.2 and colours["background"] > 0.8, colours
    assert luminance(heatmap.graph.evaluate(TICK_FILL_JS)) < 0.2  # axis text dark now
