"""The same widget in Notebook 7, on a `jupyter notebook` server of its own."""

import pytest

from .conftest import NOTEBOOKS, OpenNotebook
from .jupyter import JupyterServer

# Notebook 7 itself throws this on every page load, with or without widgets (seen with a
# plain `1 + 1` notebook, with default settings): not ours to fix.
NOTEBOOK_OWN_ERROR = "Cannot read properties of undefined (reading 'schema')"


@pytest.fixture(scope="module")
def notebook_server(chromium_path):
    server = JupyterServer(app="notebook")
    yield server
    server.stop()


def test_quickstart_renders_and_clicks_in_notebook_7(notebook_server, browser):
    name = notebook_server.copy_notebook(NOTEBOOKS / "quickstart.ipynb")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    notebook = OpenNotebook(page, notebook_server, name, ui="notebook")
    try:
        assert "/notebooks/" in page.url
        heatmap = notebook.heatmap()
        assert heatmap.pixels()["colours"] >= 5
        # The bundle's image/png is for viewers without the widget: not shown beside it.
        assert page.locator(".jp-Cell:has(.simheat) .jp-RenderedImage").count() == 0
        heatmap.click_cell(3, 4)
        assert notebook.kernel.wait_for("heatmap.selection", (3, 4)) == (3, 4)
        assert notebook.kernel.eval("texts[4]") in heatmap.panel.inner_text()
        assert [e for e in notebook.console.errors if NOTEBOOK_OWN_ERROR not in e] == []
    finally:
        notebook.close()
