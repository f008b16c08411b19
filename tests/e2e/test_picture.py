"""The picture in the mime bundle: JupyterLab shows the live widget alone, a saved untrusted output the picture."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from .jupyter import KERNELSPEC, TOKEN

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

# The mime types of each output of the open notebook, as JupyterLab's output models hold them.
OUTPUT_MIMES_JS = """() => {
  const cells = window.jupyterapp.shell.currentWidget.content.widgets;
  const mimes = [];
  for (const cell of cells) {
    const outputs = cell.model.outputs;
    for (let i = 0; outputs && i < outputs.length; i++) mimes.push(Object.keys(outputs.get(i).data));
  }
  return mimes;
}"""


def test_jupyterlab_shows_the_live_widget_and_not_the_picture(lab, open_notebook):
    name = lab.write_notebook(
        "picture.ipynb",
        [
            "from simheat import SimilarityHeatmap",
            "heatmap = SimilarityHeatmap(['a cat sat', 'a cat sat down', 'stocks fell', "
            "'bake bread'], progress=False)\nheatmap",
        ],
    )
    notebook = open_notebook(name)
    page = notebook.page
    # The output carries both the widget and the picture ...
    bundles = [set(m) for m in page.evaluate(OUTPUT_MIMES_JS) if WIDGET_VIEW in m]
    assert bundles == [{"text/plain", WIDGET_VIEW, "image/png"}]
    # ... and the page shows only the live widget: one output, no image anywhere in it.
    outputs = page.locator(".jp-OutputArea-output")
    assert outputs.count() == 1
    assert outputs.locator(".simheat canvas.simheat-cells").count() == 1
    assert page.locator(".jp-OutputArea img, .jp-RenderedImage").count() == 0
    assert "SimilarityHeatmap of 4 texts" not in outputs.inner_text()
    assert notebook.console.errors == []


def test_a_saved_notebook_opened_untrusted_shows_the_picture(lab, browser):
    """Outputs saved elsewhere are untrusted: JupyterLab renders only safe types, the PNG."""
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "from simheat import SimilarityHeatmap\n"
                "SimilarityHeatmap(['a cat sat', 'a cat sat down', 'stocks fell'], progress=False)"
            )
        ],
        metadata=KERNELSPEC,
    )
    NotebookClient(notebook, store_widget_state=False, timeout=120).execute()
    nbformat.write(notebook, lab.notebooks / "saved.ipynb")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{lab.url}/lab/tree/saved.ipynb?token={TOKEN}&reset")
        page.wait_for_function(
            "() => window.jupyterapp?.shell.currentWidget?.context?.path === 'saved.ipynb'",
            timeout=60_000,
        )
        # The restored workspace may hold other notebooks: look at this one only.
        panel = page.locator(f"#{page.evaluate('() => window.jupyterapp.shell.currentWidget.id')}")
        image = panel.locator(".jp-OutputArea-output.jp-RenderedImage img")
        image.wait_for(timeout=60_000)
        assert image.get_attribute("src").startswith("data:image/png;base64,")
        assert image.evaluate("img => img.naturalWidth") == 600
        assert panel.locator(".simheat").count() == 0
        assert "SimilarityHeatmap of 3 texts" not in panel.locator(".jp-OutputArea").inner_text()
    finally:
        page.close()
