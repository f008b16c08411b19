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


def test_marimo_dark_mode_turns_the_widget_dark(marimo_app, browser):
    """marimo marks <body> `light light-theme`, data-theme="light", and in its dark mode the
    same with `dark` (its CSS: `:root:has(body.dark)`): switch them as it does."""
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    try:
        page.goto(marimo_app)
        page.locator(".simheat .xtick text").first.wait_for(timeout=60_000)
        root = page.locator(".simheat")
        page.wait_for_function(
            "el => el.dataset.simheatTheme === 'light'", arg=root.element_handle()
        )
        page.evaluate(
            """() => {
              document.body.classList.replace('light', 'dark');
              document.body.classList.replace('light-theme', 'dark-theme');
              document.body.dataset.theme = 'dark';
            }"""
        )
        page.wait_for_function(
            "el => el.dataset.simheatTheme === 'dark'", arg=root.element_handle()
        )
        background = root.evaluate("el => getComputedStyle(el).backgroundColor")
        assert background == "rgb(13, 17, 23)"  # the dark default: marimo has no --jp-* colours
        graph = root.locator(".simheat-graph")
        page.wait_for_function(
            "gd => getComputedStyle(gd.querySelector('.xtick text')).fill === 'rgb(230, 237, 243)'",
            arg=graph.element_handle(),
        )
    finally:
        page.close()
