"""The widget in marimo (`mo.ui.anywidget`, inside a shadow root), driven like a person would."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from .conftest import NOTEBOOKS, ConsoleWatch
from .heatmap_page import HeatmapPage


@pytest.fixture(scope="module")
def marimo_app(chromium_path):
    pytest.importorskip("marimo")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "marimo", "run", str(NOTEBOOKS / "quickstart_marimo.py"), "--headless",
         "--host", "127.0.0.1", "--port", str(port), "--no-token"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ),
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(15)


def test_click_reaches_python_in_marimo(marimo_app, browser):
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    console = ConsoleWatch(page)
    try:
        page.goto(marimo_app)
        page.locator(".simheat canvas.simheat-cells").wait_for(timeout=60_000)
        page.locator(".simheat .xtick text").first.wait_for()
        heatmap = HeatmapPage(page, page.locator(".simheat"))
        assert heatmap.pixels()["colours"] >= 3
        heatmap.click_cell(2, 3)
        page.get_by_text("Python sees the selection: (2, 3)").wait_for(timeout=15_000)
        assert "Work the bread dough" in heatmap.panel.inner_text()
        assert console.errors == []
    finally:
        page.close()
