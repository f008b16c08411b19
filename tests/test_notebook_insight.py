"""notebooks/insight.ipynb runs end to end (nbclient, a real kernel, the built-in model, offline)."""

from __future__ import annotations

import pytest

from tests.notebook_run import outputs_text, run_notebook


@pytest.fixture(scope="module")
def executed():
    return {cell.source.splitlines()[0]: cell for cell in run_notebook("insight.ipynb", 300)}


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
