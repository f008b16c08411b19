"""Run an example notebook end to end in a real kernel (nbclient, offline) and read its outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"


def run_notebook(name: str, timeout: int = 600) -> list:
    """The code cells of ``notebooks/<name>`` after running all of them."""
    pytest.importorskip("ipykernel")
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(notebook, timeout=timeout, kernel_name="python3").execute()
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def outputs_text(cell) -> str:
    """What a cell printed and the plain-text form of what it showed."""
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        parts.append(output.get("data", {}).get("text/plain", ""))
    return "".join(parts)
