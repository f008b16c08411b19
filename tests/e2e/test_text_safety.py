"""Texts and labels are data: markup in them is shown literally and never runs."""

ATTACK = '<img src=x onerror="window.__simheat_xss = 1">'
BOLD = "<b>bold</b>"


def test_markup_in_texts_and_labels_is_shown_as_text(lab, open_notebook):
    name = lab.write_notebook(
        "markup.ipynb",
        [
            "from simheat import SimilarityHeatmap\n"
            f"texts = [{ATTACK!r}, {BOLD!r}, 'a plain sentence about rain', 'another about the weather']\n"
            f"heatmap = SimilarityHeatmap(texts, labels=[{BOLD!r}, {ATTACK!r}, 'rain', 'weather'])\n"
            "heatmap"
        ],
    )
    notebook = open_notebook(name)
    heatmap = notebook.heatmap()
    heatmap.click_cell(0, 1)
    assert notebook.kernel.wait_for("heatmap.selection", (0, 1)) == (0, 1)
    heatmap.panel.get_by_text(ATTACK).first.wait_for()
    panel = heatmap.panel.inner_text()
    assert ATTACK in panel and BOLD in panel
    tooltip = heatmap.hover_cell(0, 1)
    assert ATTACK in tooltip and BOLD in tooltip
    # The axis shows the label as written (Plotly would otherwise read <b> as bold).
    ticks = heatmap.graph.locator(".xtick text").all_text_contents()
    assert BOLD in ticks
    assert heatmap.graph.locator(".xtick text b, .xtick text [style*='bold']").count() == 0
    # Nothing was parsed as HTML: no image element, no bold element, no script ran.
    assert heatmap.root.locator("img").count() == 0
    assert heatmap.root.locator(".simheat-panel b, .simheat-tooltip b").count() == 0
    assert notebook.page.evaluate("() => window.__simheat_xss") is None
    assert notebook.console.errors == []
