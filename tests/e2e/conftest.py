"""End-to-end fixtures: one JupyterLab server and one headless Chromium for the session.

Chromium is Debian's (/usr/bin/chromium, or CHROMIUM_PATH); Playwright never downloads one.
Without it the tests skip, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tools import chromium

from .heatmap_page import HeatmapPage
from .jupyter import TOKEN, JupyterServer

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
DOCS = REPO / "docs"
# Console messages that are not the widget's and not errors of the page a person sees.
IGNORED_CONSOLE = (
    "Failed to load resource: the server responded with a status of 404",  # favicon and probes
    "[anywidget]",  # anywidget's own notices
)


def numbered_texts_cell(n: int, seed: int, show: str = "heatmap") -> str:
    """A cell that builds a heatmap of ``n`` random embeddings named "text number i", then ``show``."""
    return (
        "import numpy as np\n"
        "from IPython.display import display\n"
        "from simheat import SimilarityHeatmap\n"
        f"rng = np.random.default_rng({seed})\n"
        f"embeddings = rng.normal(size=({n}, 32)).astype('float32')\n"
        f"texts = [f'text number {{i}}' for i in range({n})]\n"
        "heatmap = SimilarityHeatmap.from_embeddings(embeddings, texts)\n"
        f"{show}"
    )


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = chromium.chromium_path()
    if path is None:
        message = f"no Chromium: {chromium.MISSING}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=chromium.CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def lab(chromium_path):
    server = JupyterServer()
    yield server
    server.stop()


class ConsoleWatch:
    """Browser console errors and uncaught page errors, collected for an assertion."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def _console(self, message):
        if message.type == "error" and not any(noise in message.text for noise in IGNORED_CONSOLE):
            self.errors.append(f"console error: {message.text}")


# Where each front end opens a notebook (`jupyter nbclassic` shares /notebooks with Notebook 7).
NOTEBOOK_PATHS = {"lab": "lab/tree", "notebook": "notebooks", "nbclassic": "nbclassic/notebooks"}


class OpenNotebook:
    """A notebook open in JupyterLab (Notebook 7, nbclassic) with all its cells run, and its kernel."""

    def __init__(
        self, page, lab: JupyterServer, name: str, widgets: int = 1, ui: str = "lab"
    ) -> None:
        self.page = page
        self.console = ConsoleWatch(page)
        # JupyterLab restores every notebook earlier tests opened (its workspace) unless told
        # to reset: one notebook a page, as a person opening it has.
        reset = "&reset" if ui == "lab" else ""
        page.goto(f"{lab.url}/{NOTEBOOK_PATHS[ui]}/{name}?token={TOKEN}{reset}")
        if ui == "nbclassic":
            self._run_all_classic(lab, name)
        else:
            self._run_all(lab, name)
        page.locator(".simheat canvas.simheat-cells").nth(widgets - 1).wait_for(timeout=90_000)
        # The figure is on screen once Plotly has drawn its axes.
        page.wait_for_function(
            f"() => document.querySelectorAll('.simheat .simheat-graph .xtick').length > 0"
            f" && document.querySelectorAll('.simheat').length >= {widgets}",
            timeout=30_000,
        )
        self.page.wait_for_timeout(300)

    def _run_all(self, lab: JupyterServer, name: str) -> None:
        """JupyterLab and Notebook 7: their "Run All Cells" command."""
        self.page.wait_for_function(
            "() => window.jupyterapp && document.querySelector('.jp-Notebook')", timeout=60_000
        )
        self.kernel = lab.kernel(name)
        self.page.wait_for_function(
            "() => window.jupyterapp.commands.hasCommand('notebook:run-all-cells')", timeout=30_000
        )
        # Not awaited: the command's promise settles when every cell has run, and a page
        # evaluation has no timeout; the waits for the widget that follow have one.
        self.page.evaluate(
            "() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
        )

    def _run_all_classic(self, lab: JupyterServer, name: str) -> None:
        """The classic Notebook: "Run All" once the kernel is ready and its widget manager is done."""
        self.page.wait_for_function(
            "() => window.Jupyter?.notebook?.kernel?.widget_manager"
            " && Object.keys(Jupyter.notebook.kernel.info_reply ?? {}).length > 0",
            timeout=60_000,
        )
        self.kernel = lab.kernel(name)
        # The manager loads the kernel's widgets when it starts, then re-renders every widget
        # output: a view drawn before that is torn down. The kernel answers in order, so once
        # a comm-info request of ours returns, the manager's own has too.
        self.page.evaluate("() => Jupyter.notebook.kernel.widget_manager._get_comm_info()")
        self.page.wait_for_timeout(200)
        self.page.evaluate("() => Jupyter.notebook.execute_all_cells()")

    def heatmap(self, index: int = 0) -> HeatmapPage:
        return HeatmapPage(self.page, self.page.locator(".simheat").nth(index))

    def close(self) -> None:
        self.kernel.close()
        self.page.close()


@pytest.fixture(scope="module")
def open_notebook(browser, lab):
    """Open notebooks for one test module; closes them (and their kernels' clients) after."""
    opened: list[OpenNotebook] = []

    def opener(
        name: str, widgets: int = 1, ui: str = "lab", viewport: tuple[int, int] = (1400, 1000)
    ) -> OpenNotebook:
        page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        notebook = OpenNotebook(page, lab, name, widgets, ui)
        opened.append(notebook)
        return notebook

    yield opener
    for notebook in opened:
        notebook.close()
