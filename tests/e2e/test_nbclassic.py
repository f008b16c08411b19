"""The same widget in the classic Notebook (nbclassic, Notebook 6), which loads requirejs.

anywidget loads there as an nbextension; requirejs in the page is what once broke Plotly's
bundled d3 (see tests/test_bundle.py).
"""

import pytest

from .conftest import NOTEBOOKS, OpenNotebook
from .jupyter import JupyterServer

# voila (in the test environment for its own e2e test) registers a classic-notebook extension
# whose script its release no longer ships; the page then also tries ipywidgets' old fallback.
# Both are failed loads of other packages' scripts, not errors of the widget.
OTHER_PACKAGES_ERRORS = ("nbextensions/voila/extension", "widgets/notebook/js/extension")


@pytest.fixture(scope="module")
def classic_server(chromium_path):
    server = JupyterServer(app="nbclassic")
    yield server
    server.stop()


def test_quickstart_renders_and_clicks_in_nbclassic(classic_server, browser):
    name = classic_server.copy_notebook(NOTEBOOKS / "quickstart.ipynb")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    notebook = OpenNotebook(page, classic_server, name, ui="nbclassic")
    try:
        assert page.evaluate("() => typeof define === 'function' && Boolean(define.amd)")
        heatmap = notebook.heatmap()
        assert heatmap.pixels()["colours"] >= 5
        assert heatmap.layout("gd._fullLayout.title.text") == "Cosine Similarity Matrix"
        # The notebook's own Bootstrap styles every <legend>: not the widget's.
        legend = heatmap.root.locator(".simheat-range legend")
        assert legend.evaluate("l => getComputedStyle(l).fontSize") == "13px"
        heatmap.click_cell(3, 4)
        assert notebook.kernel.wait_for("heatmap.selection", (3, 4)) == (3, 4)
        assert notebook.kernel.eval("texts[4]") in heatmap.panel.inner_text()
        errors = [
            e for e in notebook.console.errors if not any(o in e for o in OTHER_PACKAGES_ERRORS)
        ]
        assert errors == []
    finally:
        notebook.close()
