"""notebooks/validmind.ipynb runs end to end with nbclient in the ValidMind venv."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.validmind

REPO = Path(__file__).resolve().parents[2]
WIDGET = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def executed(run_in_validmind) -> dict:
    return run_in_validmind("run_notebook.py", str(REPO / "notebooks" / "validmind.ipynb"))


def mimes(outputs: list[dict]) -> list[str]:
    return [mime for output in outputs for mime in output["mime"]]


def test_kernel_ran_in_the_validmind_venv(executed):
    [probe] = executed["cells"]["probe"]
    prefix, version = probe["text"].split()
    assert prefix == executed["prefix"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)


def test_simheat_heatmap_shows_the_interactive_widget(executed):
    assert WIDGET in mimes(executed["cells"]["simheat-heatmap"])
    assert WIDGET not in mimes(executed["cells"]["validmind-heatmap"])  # ValidMind's is static


def test_both_results_are_shown_without_errors(executed):
    for tag in ("validmind-heatmap", "simheat-heatmap", "simheat-distribution"):
        outputs = executed["cells"][tag]
        assert outputs, tag
        assert all(o["output_type"] != "error" for o in outputs), tag


def test_the_two_matrices_agree(executed):
    [printed] = executed["cells"]["difference"]
    difference = float(printed["text"].rsplit(":", 1)[1])
    assert difference <= 1e-6


def test_distribution_table_is_shown(executed):
    text = " ".join(o["text"] for o in executed["cells"]["simheat-distribution"])
    for column in ("pairs", "mean", "median", "p95"):
        assert column in text
