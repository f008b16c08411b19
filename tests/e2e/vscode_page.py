"""The VS Code widget-manager page (tests/e2e/vscode): built, served, and a notebook run on it.

The page's script is bundled with esbuild into a temporary folder (never into the package),
beside VS Code's renderer module and requirejs from node_modules and the environment's
nbextensions (anywidget's `index.js`, as VS Code finds it offline). A static server on
another port serves it, as VS Code serves its webview apart from the Jupyter server.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import nbformat
from jupyter_core.paths import jupyter_path
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import NOTEBOOKS, ConsoleWatch
from .heatmap_page import HeatmapPage
from .jupyter import JupyterServer

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = NOTEBOOKS / "quickstart.ipynb"
SOURCES = Path(__file__).resolve().parent / "vscode"
NODE_MODULES = REPO / "node_modules"
# Served file -> where it comes from in node_modules.
FROM_NODE_MODULES = {
    "ipywidgets.js": "@vscode/jupyter-ipywidgets8/dist/ipywidgets.js",
    "require.js": "requirejs/require.js",
}


def nbextensions() -> Path:
    """The environment's nbextensions folder that holds anywidget's."""
    for folder in map(Path, jupyter_path("nbextensions")):
        if (folder / "anywidget" / "index.js").exists():
            return folder
    raise FileNotFoundError("anywidget's nbextension is not installed: pip install anywidget")


def build_page(folder: Path) -> None:
    """Bundle page.js (with @jupyterlab/services) and lay out everything the page loads."""
    esbuild = NODE_MODULES / ".bin" / "esbuild"
    for source in [esbuild, *(NODE_MODULES / path for path in FROM_NODE_MODULES.values())]:
        if not source.exists():
            raise FileNotFoundError(f"{source} is missing: run `make setup` (npm ci)")
    subprocess.run(
        [
            str(esbuild), str(SOURCES / "page.js"), "--bundle", "--format=esm",
            "--target=es2022", "--define:global=window", "--external:./ipywidgets.js",
            f"--outfile={folder / 'page.js'}", "--log-level=warning",
        ],
        check=True,
        cwd=REPO,
    )  # fmt: skip
    for name in ("index.html", "vscode.css", "vscode-theme.js"):
        shutil.copy(SOURCES / name, folder / name)
    for name, path in FROM_NODE_MODULES.items():
        (folder / name).symlink_to(NODE_MODULES / path)
    (folder / "nbextensions").symlink_to(nbextensions(), target_is_directory=True)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # one line per request is noise in a test's output
        pass


class VSCodePage:
    """The built page on a loopback static server, pointed at one Jupyter server."""

    def __init__(self, server_url: str, token: str) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="simheat-vscode-"))
        build_page(self.folder)
        handler = functools.partial(_QuietHandler, directory=str(self.folder))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/index.html"
        self.server_url, self.token = server_url, token
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def address(self, theme: str) -> str:
        """The page's URL for VS Code's ``light`` or ``dark`` theme."""
        query = urlencode({"theme": theme, "server": self.server_url, "token": self.token})
        return f"{self.url}?{query}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        shutil.rmtree(self.folder, ignore_errors=True)


class VSCodeNotebook:
    """The quickstart's cells run on the page, each output rendered by VS Code's manager."""

    def __init__(self, page: Page, site: VSCodePage, jupyter: JupyterServer, theme: str) -> None:
        self.page = page
        self.console = ConsoleWatch(page)
        page.goto(site.address(theme))
        page.wait_for_function("() => window.vscodePage", timeout=60_000)
        self.kernel = jupyter.kernel_by_id(page.evaluate("() => window.vscodePage.kernelId"))
        for cell in nbformat.read(NOTEBOOK, as_version=4).cells:
            if cell.cell_type == "code":
                self.run(cell.source)
        try:
            page.locator(".simheat canvas.simheat-cells").wait_for(timeout=60_000)
            page.wait_for_function(
                "() => document.querySelectorAll('.simheat .simheat-graph .xtick').length > 0",
                timeout=30_000,
            )
        except PlaywrightTimeout as error:
            raise AssertionError(
                f"no heatmap on the page; console: {self.console.errors}"
            ) from error
        page.wait_for_timeout(300)

    def run(self, code: str) -> None:
        """Run a cell; its outputs go below the others."""
        self.page.evaluate("code => window.vscodePage.run(code)", code)

    def heatmap(self, index: int = 0) -> HeatmapPage:
        return HeatmapPage(self.page, self.page.locator(".simheat").nth(index))

    def close(self) -> None:
        self.kernel.close()
        self.page.close()
