"""notebooks/insight.ipynb runs end to end (nbclient, a real kernel, the built-in model, offline)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

NOTEBOOK = Path(__file__).parents[1] / "notebooks" / "insight.ipynb"


def outputs_text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        parts.append(output.get("data", {}).get("text/plain", ""))
    return "".join(parts)


@pytest.fixture(scope="module")
def executed():
    pytest.importorskip("ipykernel")
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    return {
        cell.source.splitlines()[0]: cell for cell in notebook.cells if cell.cell_type == "code"
    }


def test_the_notebook_runs_and_finds_the_planted_problems(executed):
    verdicts = outputs_text(executed["for verdict in heatmap.verdicts():"])
    assert "near-duplicates - 2 pair(s)" in verdicts
    assert "1 group(s) of identical texts" in verdicts and "1 of the same words" in verdicts
    groups = outputs_text(executed["for group in heatmap.duplicate_groups():"])
    assert "same words 1.0 ['convert tabs to spaces', 'convert spaces to tabs']" in groups
    assert "identical" in groups and "List   directory contents" in groups
    outliers = outputs_text(executed[next(k for k in executed if k.startswith("heatmap.outliers"))])
    assert outliers.splitlines()[1].split()[:2] == ["0", "26"]  # the off-topic text first
    assert "pairs at or above 0.8" in outputs_text(executed["heatmap.threshold = 0.8"])
