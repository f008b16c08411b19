"""The picture in the mime bundle is for viewers without the widget: JupyterLab shows the widget alone."""

from __future__ import annotations

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
