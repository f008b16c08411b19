"""A JupyterLab server under test, and a line to the kernel of the notebook it runs."""

from __future__ import annotations

import ast
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client import BlockingKernelClient

TOKEN = "simheat-e2e"
KERNELSPEC = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# What each front end needs on top of the server's own options.
APP_ARGS = {
    "lab": ["--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None"],
    "notebook": ["--JupyterNotebookApp.expose_app_in_browser=True"],
    "nbclassic": [],
    "server": [],  # no front end: a page of the test's own talks to its kernels
}


class JupyterServer:
    """``jupyter lab`` (``notebook``, ``nbclassic``, ``server``) on a free loopback port, in a throwaway root."""

    def __init__(
        self, app: str = "lab", extra_args: Sequence[str] = (), theme: str | None = None
    ) -> None:
        self.app = app
        self.root = Path(tempfile.mkdtemp(prefix="simheat-e2e-"))
        self.notebooks = self.root / "work"
        self.notebooks.mkdir()
        self.runtime = self.root / "runtime"
        settings = self.root / "settings" / "@jupyterlab" / "apputils-extension"
        settings.mkdir(parents=True)
        # No "get news?" toast over the page.
        (settings / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False})
        )
        if theme:  # e.g. "JupyterLab Dark": the theme the page opens in
            (settings / "themes.jupyterlab-settings").write_text(json.dumps({"theme": theme}))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(self.root / "server.log", "w")  # noqa: SIM115 (closed in stop)
        env = dict(
            os.environ,
            JUPYTERLAB_SETTINGS_DIR=str(self.root / "settings"),
            JUPYTER_RUNTIME_DIR=str(self.runtime),
        )
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "jupyter", app, "--no-browser",
                "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
                "--ServerApp.port_retries=0", f"--IdentityProvider.token={TOKEN}",
                f"--ServerApp.root_dir={self.notebooks}", "--allow-root",
                *APP_ARGS[app], *extra_args,
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Jupyter {self.app} exited: {(self.root / 'server.log').read_text()[-2000:]}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/api/status?token={TOKEN}", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"Jupyter {self.app} did not answer /api/status in time")

    def api(self, path: str) -> Any:
        with urllib.request.urlopen(f"{self.url}{path}?token={TOKEN}", timeout=10) as r:
            return json.loads(r.read())

    def write_notebook(self, name: str, cells: list[str]) -> str:
        notebook = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_code_cell(c) for c in cells], metadata=KERNELSPEC
        )
        nbformat.write(notebook, self.notebooks / name)
        return name

    def copy_notebook(self, source: Path, name: str | None = None) -> str:
        """Copy a notebook into the server's root (under ``name``: one kernel per copy)."""
        name = name or source.name
        shutil.copy(source, self.notebooks / name)
        return name

    def kernel(self, notebook: str, timeout: float = 60) -> Kernel:
        """A client of the kernel behind ``notebook`` (opened in the browser)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for session in self.api("/api/sessions"):
                # The exact path: "big.ipynb" must not find "insight_big.ipynb"'s kernel.
                if session["path"] == notebook and session.get("kernel"):
                    path = self.runtime / f"kernel-{session['kernel']['id']}.json"
                    if path.exists():
                        return Kernel(path)
            time.sleep(0.3)
        raise TimeoutError(f"no kernel for {notebook}")

    def kernel_by_id(self, kernel_id: str) -> Kernel:
        """A client of a kernel a page started itself (no notebook session behind it)."""
        path = self.runtime / f"kernel-{kernel_id}.json"
        deadline = time.monotonic() + 10
        while not path.exists():
            if time.monotonic() > deadline:
                raise TimeoutError(f"no connection file for kernel {kernel_id} in {self.runtime}")
            time.sleep(0.1)
        return Kernel(path)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.root, ignore_errors=True)


class Kernel:
    """Runs code in the notebook's own kernel: same namespace, trait changes reach the page."""

    def __init__(self, connection_file: Path) -> None:
        self.client = BlockingKernelClient(connection_file=str(connection_file))
        self.client.load_connection_file()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=30)

    def run(self, code: str) -> None:
        reply = self.client.execute_interactive(code, timeout=60, output_hook=lambda msg: None)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"{code!r} failed: {reply['content'].get('evalue')}")

    def eval(self, expression: str) -> Any:
        """The value of a Python literal expression in the kernel."""
        reply = self.client.execute_interactive(
            "",
            user_expressions={"value": f"repr({expression})"},
            timeout=60,
            output_hook=lambda msg: None,
        )
        result = reply["content"]["user_expressions"]["value"]
        if result["status"] != "ok":
            raise RuntimeError(f"{expression!r} failed: {result.get('evalue')}")
        return ast.literal_eval(ast.literal_eval(result["data"]["text/plain"]))

    def wait_for(
        self, expression: str, expected: Any, timeout: float = 10, approx: float | None = None
    ) -> Any:
        """Poll ``expression`` until it equals ``expected`` (within ``approx``); return the last value."""
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            value = self.eval(expression)
            if value == expected or (
                approx is not None and value is not None and abs(value - expected) <= approx
            ):
                return value
            time.sleep(0.1)
        return value

    def close(self) -> None:
        self.client.stop_channels()
