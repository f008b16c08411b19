"""Hostile text end to end: XSS payloads in texts, labels, titles and the colour label.

Every payload sets a flag if it runs (see xss_payloads.py). In the widget in JupyterLab,
in a ``to_html`` file and in ``to_figure()``'s HTML, the flag must never flip, nothing a
payload would create may be in the DOM, and the panel and tooltip show each text literally.
Titles keep Plotly's documented markup (<b>, <i>, <br>), never a script or a javascript: link.
"""

from __future__ import annotations

import time
from pathlib import Path

from .heatmap_page import HeatmapPage
from .xss_payloads import PAYLOAD_ELEMENTS_JS, PAYLOADS, flag_js

N = len(PAYLOADS)
LABELS = PAYLOADS[::-1]  # label i is another payload than text i
ALL = " ".join(PAYLOADS)
MARKUP = "<b>Bold</b> and <i>italic</i><br>second line"
# Cells (i, i + 1): every text is the row or the column of one of them.
CELLS = [(i, min(i + 1, N - 1)) for i in range(0, N, 2)]


def truncate(text: str, limit: int = 14) -> str:
    """What an axis tick shows of a label (js/format.js ``truncate``)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def assert_untouched(page, root) -> None:
    page.wait_for_timeout(200)  # onerror/onload handlers fire asynchronously
    assert page.evaluate(flag_js()) is None, "a payload ran"
    assert root.evaluate(PAYLOAD_ELEMENTS_JS) == []


def heading(axis: str, index: int) -> str:
    return f"{axis} {index} · {LABELS[index]}"


def wait_for_texts(locator, expected: list[str], timeout: float = 5) -> list[str]:
    """Poll the text contents of ``locator`` until they equal ``expected``; return the last."""
    deadline = time.monotonic() + timeout
    texts = locator.all_text_contents()
    while texts != expected and time.monotonic() < deadline:
        time.sleep(0.05)
        texts = locator.all_text_contents()
    return texts


def read_pairs(heatmap: HeatmapPage, wait_for_python=None) -> None:
    """Click and hover cells so that every text and label is shown; compare them literally."""
    for row, col in CELLS:
        # Two clicks within Plotly's double-click delay (300 ms) would count as one double click.
        heatmap.page.wait_for_timeout(350)
        heatmap.click_cell(row, col)
        if wait_for_python:
            assert wait_for_python((row, col)) == (row, col)
        headings = [heading("Row", row), heading("Column", col)]
        assert wait_for_texts(heatmap.panel.locator(".simheat-text-label"), headings) == headings
        bodies = heatmap.panel.locator(".simheat-text-body").all_inner_texts()
        assert bodies == [PAYLOADS[row], PAYLOADS[col]]
        lines = heatmap.hover_cell(row, col).split("\n")
        assert lines[0].startswith(f"{LABELS[row]} × {LABELS[col]}: ")
        assert lines[1:] == [f"row {row}: {PAYLOADS[row]}", f"col {col}: {PAYLOADS[col]}"]


def test_payloads_in_jupyterlab(lab, open_notebook):
    name = lab.write_notebook(
        "hostile.ipynb",
        [
            "from simheat import SimilarityHeatmap\n"
            f"PAYLOADS = {PAYLOADS!r}\n"
            "heatmap = SimilarityHeatmap(PAYLOADS, 'lexical', labels=PAYLOADS[::-1],\n"
            f"    title={ALL!r}, xaxis_title={ALL!r}, yaxis_title={ALL!r}, color_label={ALL!r})\n"
            "heatmap"
        ],
    )
    notebook = open_notebook(name)
    page, heatmap = notebook.page, notebook.heatmap()
    read_pairs(heatmap, lambda cell: notebook.kernel.wait_for("heatmap.selection", cell))
    assert_untouched(page, heatmap.root)
    # Axis ticks: the labels as written (cut to 14 characters), no markup read.
    ticks = heatmap.graph.locator(".xtick text").all_text_contents()
    values = heatmap.layout("gd._fullLayout.xaxis.tickvals")
    assert ticks and ticks == [truncate(LABELS[i]) for i in values]
    # Then each payload alone in a title (all four titles change at once), then Plotly's
    # documented markup.
    slots = ("title", "xaxis_title", "yaxis_title", "color_label")
    for start in [*range(0, N, len(slots)), None]:
        titles = [MARKUP] * 4 if start is None else [PAYLOADS[(start + k) % N] for k in range(4)]
        notebook.kernel.run(
            "with heatmap.hold_sync():\n"
            + "".join(
                f"    heatmap.{slot} = {text!r}\n" for slot, text in zip(slots, titles, strict=True)
            )
        )
        page.wait_for_function(
            "([gd, t]) => gd._fullLayout.title.text === t[0] && gd._fullLayout.yaxis.title.text"
            " === t[2] && gd._fullLayout.xaxis.title.text === t[1]",
            arg=[heatmap.graph.element_handle(), titles],
        )
        assert_untouched(page, heatmap.root)
    bold = heatmap.graph.locator(".gtitle tspan[style*='bold']")
    assert bold.all_text_contents() == ["Bold"]  # documented markup still works
    assert notebook.console.errors == []


def open_file(browser, path: Path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(path.as_uri())
    return page, errors


def hostile_heatmap(title: str = ALL):
    from simheat import SimilarityHeatmap

    return SimilarityHeatmap(
        PAYLOADS,
        "lexical",
        labels=LABELS,
        title=title,
        xaxis_title=ALL,
        yaxis_title=ALL,
        color_label=ALL,
        progress=False,
    )


def test_payloads_in_a_to_html_file(browser, tmp_path):
    path = hostile_heatmap().to_html(tmp_path / "hostile.html")
    page, errors = open_file(browser, path)
    page.wait_for_function("() => document.querySelectorAll('.simheat .xtick').length > 0")
    # The page's own two scripts (state and code), no third one from a payload.
    assert page.evaluate("() => document.scripts.length") == 2
    heatmap = HeatmapPage(page, page.locator(".simheat"))
    read_pairs(heatmap)
    assert_untouched(page, heatmap.root)
    assert heatmap.layout("gd._fullLayout.title.text") == ALL
    assert errors == []
    page.close()


def test_payloads_in_to_figure_html(browser, tmp_path):
    figure = hostile_heatmap().to_figure()
    path = tmp_path / "figure.html"
    path.write_text(figure.to_html(include_plotlyjs=True, full_html=True), encoding="utf-8")
    page, errors = open_file(browser, path)
    graph = page.locator(".plotly-graph-div")
    page.wait_for_function("() => document.querySelector('.plotly-graph-div .gtitle')")
    # plotly.py's page: its config script, plotly.js and the newPlot call; nothing more.
    assert page.evaluate("() => document.scripts.length") == 3
    box = graph.locator(".nsewdrag").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 3)
    assert_untouched(page, graph)
    assert graph.evaluate("gd => gd._fullLayout.title.text") == ALL
    assert errors == []
    page.close()
