"""A separate venv with the real ValidMind, and a way to run scripts in it.

ValidMind pins NumPy < 2, so it cannot live in the main venv. The venv is made once, at
`.venv-validmind/` in the repo root (or `SIMHEAT_VALIDMIND_VENV`), with `pip install -e
".[validmind]"` plus what the notebook test needs, and reused while its marker file holds
the hash of what it was made from. Making it takes minutes (ValidMind is ~900 MB); skip
these tests locally with `pytest -m "not validmind"`.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = Path(__file__).resolve().parent / "scripts"
VENV = Path(os.environ.get("SIMHEAT_VALIDMIND_VENV", REPO / ".venv-validmind"))
MARKER = VENV / ".simheat-requirements"
# Beside the package and its extra: what the notebook test runs in the same venv.
NOTEBOOK_REQUIREMENTS = ["nbclient>=0.10", "nbformat>=5", "ipykernel>=6"]


def requirements_hash() -> str:
    """What the venv is made from: the Python, this checkout, simheat's requirements, the notebook's."""
    pyproject = (REPO / "pyproject.toml").read_bytes()
    try:
        import tomllib
    except ImportError:  # Python 3.10: any change to pyproject.toml remakes the venv
        source = pyproject.decode()
    else:  # only what pip installs: editing ruff's settings keeps the venv
        project = tomllib.loads(pyproject.decode())
        source = json.dumps(
            [
                project["build-system"],
                project["project"]["dependencies"],
                project["project"]["optional-dependencies"]["validmind"],
            ]
        )
    # The repo's path too: the editable install points at this checkout's source.
    parts = [f"{sys.version_info[:3]}", str(REPO), source, *NOTEBOOK_REQUIREMENTS]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def venv_python() -> Path:
    return VENV / "bin" / "python"


def ensure_venv() -> Path:
    """Make the ValidMind venv unless one made from the same requirements is there."""
    if not (REPO / "src" / "simheat" / "static" / "widget.js").exists():
        pytest.fail("the widget is not built (src/simheat/static/widget.js): run `make setup`")
    wanted = requirements_hash()
    VENV.parent.mkdir(parents=True, exist_ok=True)
    # One pytest session makes it; another waits instead of building over it.
    with open(VENV.parent / f"{VENV.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if MARKER.exists() and MARKER.read_text() == wanted and venv_python().exists():
            return venv_python()
        shutil.rmtree(VENV, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        pip = [str(venv_python()), "-m", "pip", "install", "--quiet"]
        try:
            subprocess.run(
                [*pip, "-e", f"{REPO}[validmind]", *NOTEBOOK_REQUIREMENTS],
                check=True,
                capture_output=True,
                text=True,
            )
        except subprocess.CalledProcessError as error:
            pytest.fail(f"could not install ValidMind in {VENV}:\n{error.stderr[-4000:]}")
        MARKER.write_text(wanted)  # written last: a failed install is redone next time
    return venv_python()


@pytest.fixture(scope="session")
def validmind_python() -> Path:
    """The Python of the ValidMind venv, made on first use."""
    return ensure_venv()


@pytest.fixture(scope="session")
def run_in_validmind(validmind_python, tmp_path_factory):
    """Run ``tests/validmind/scripts/<name>`` in the ValidMind venv; return the JSON it writes."""

    def run(name: str, *args: str, timeout: float = 600) -> Any:
        output = tmp_path_factory.mktemp("validmind") / "result.json"
        env = {k: v for k, v in os.environ.items() if not k.startswith("VM_")}  # no platform
        env["LOG_LEVEL"] = "WARNING"  # ValidMind's INFO lines would bury a failure
        completed = subprocess.run(
            [str(validmind_python), str(SCRIPTS / name), str(output), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            cwd=output.parent,
        )
        if completed.returncode != 0:
            pytest.fail(
                f"{name} failed in the ValidMind venv (exit {completed.returncode}):\n"
                f"{completed.stdout[-3000:]}\n{completed.stderr[-6000:]}"
            )
        return json.loads(output.read_text())

    return run
