"""A notebook served by Voila: a click in the heatmap reaches Python, which updates another widget."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import nbformat
import pytest

from .conftest import ConsoleWatch
from .heatmap_page import HeatmapPage
from .jupyter import KERNELSPEC, free_port

# Voila's page (voila 0.5, offline) logs these with or without simheat: its template's Font
# Awesome link to a CDN, and Notebook 7's lab extension failing to load in Voila.
VOILA_CDN = "https://cdn.jsdelivr.net/npm/@fortawesome/"
VOILA_OWN_ERRORS = (
    "Failed to load resource: net::ERR_NAME_NOT_RESOLVED",
    "@jupyter-notebook/lab-extension",
)

CELLS = [
    "import ipywidgets\nfrom simheat import SimilarityHeatmap",
    "texts = ['The central bank raised rates.', 'Rates went up at the central bank.', "
    "'Knead the dough well.', 'The striker scored twice.', 'Rain is forecast.']\n"
    "heatmap = SimilarityHeatmap(texts, progress=False)",
    # Python's answer to a click, in a widget of its own: the page shows what Python got.
    "label = ipywidgets.Label('nothing selected')\n"
    "heatmap.observe(lambda change: setattr(label, 'value', f\"Python got {change['new']}\"), "
    "'selection')\n"
    "display(heatmap, label)",
]


@pytest.fixture(scope="module")
def voila_url(chromium_path, tmp_path_factory):
    root = tmp_path_factory.mktemp("voila")
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(c) for c in CELLS], metadata=KERNELSPEC
    )
    nbformat.write(notebook, root / "linked.ipynb")
    port = free_port()
    log = open(root / "voila.log", "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [
            sys.executable, "-m", "voila", "--no-browser", f"--port={port}",
            "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "linked.ipynb",
        ],
        cwd=root, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_for_port(port, process, root / "voila.log")
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_for_port(port: int, process: subprocess.Popen, log, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"voila exited: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("voila did not listen in time")


def test_a_click_in_voila_reaches_python_and_its_linked_widget(voila_url, browser):
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    console = ConsoleWatch(page)
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    try:
        page.goto(voila_url, timeout=90_000)
        page.locator(".simheat canvas.simheat-cells").wait_for(timeout=90_000)
        page.wait_for_function(
            "() => document.querySelectorAll('.simheat .simheat-graph .xtick').length > 0",
            timeout=30_000,
        )
        # The output's image/png is for viewers without the widget: Voila shows the widget alone.
        assert page.locator(".jp-RenderedImage, .jp-OutputArea img").count() == 0
        label = page.locator(".widget-label")
        assert label.inner_text() == "nothing selected"
        heatmap = HeatmapPage(page, page.locator(".simheat").first)
        heatmap.click_cell(1, 0)
        # The label changes only if Python's observer ran: the click went through the kernel.
        page.wait_for_function(
            "el => el.textContent === 'Python got (1, 0)'",
            arg=label.element_handle(),
            timeout=10_000,
        )
        assert "Rates went up at the central bank." in heatmap.panel.inner_text()
        # Nothing of ours is fetched from the network; Voila's own page asks a CDN for Font Awesome.
        assert [url for url in failed if not url.startswith(VOILA_CDN)] == []
        assert [e for e in console.errors if not any(own in e for own in VOILA_OWN_ERRORS)] == []
    finally:
        page.close()
