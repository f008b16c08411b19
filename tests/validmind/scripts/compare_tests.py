"""Run simheat's ValidMind tests and ValidMind's own on one VMDataset and VMModel, offline.

Runs in the ValidMind venv (see ../conftest.py): ``python compare_tests.py OUT.json``.
Writes what each run returned (figure content, tables, raw data, description) for the
pytest side to compare. No ``vm.init``: nothing talks to the platform.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import IPython.display
import numpy as np
import pandas as pd
import validmind as vm
from validmind.tests import load_test, run_test

import simheat.validmind

VALIDMIND = "validmind.model_validation.embeddings."
CUSTOM = {
    "title": "Embedding similarity",
    "color": "cosine",
    "xaxis_title": "Text",
    "yaxis_title": "Text (again)",
    "color_scale": "Viridis",
}


def embeddings(n: int = 30, dim: int = 16) -> np.ndarray:
    """Mixed-sign vectors with a scaled copy (cosine 1) and a near copy among them."""
    rng = np.random.default_rng(17)
    vectors = rng.normal(size=(n, dim))
    vectors[5] = 3.0 * vectors[3]
    vectors[7] = vectors[2] + 0.05 * rng.normal(size=dim)
    return vectors


def as_list(value: Any) -> Any:
    return np.asarray(value).tolist() if value is not None else None


def figure_content(figure: Any) -> dict[str, Any]:
    layout = figure.layout
    trace = figure.data[0]
    content = {
        "title": layout.title.text,
        "xaxis_title": layout.xaxis.title.text,
        "yaxis_title": layout.yaxis.title.text,
        "trace_type": trace.type,
        "colorbar_title": layout.coloraxis.colorbar.title.text,
        "colorscale": [list(stop) for stop in layout.coloraxis.colorscale or []],
    }
    if trace.type == "histogram":
        content |= {
            "x": as_list(trace.x),
            "y": as_list(trace.y),
            "histfunc": trace.histfunc,
            "xbins": {k: getattr(trace.xbins, k) for k in ("start", "end", "size")},
        }
    return content


def result_content(test_id: str, inputs: dict, params: dict | None = None) -> dict[str, Any]:
    result = run_test(test_id, inputs=inputs, params=params, generate_description=False, show=False)
    raw = {k: v for k, v in vars(result.raw_data).items() if k != "log"}
    return {
        "figures": [figure_content(figure.figure) for figure in result.figures or []],
        "tables": [
            {"title": table.title, "rows": table.data.to_dict("records")}
            for table in result.tables or []
        ],
        "raw": {k: as_list(v) if isinstance(v, np.ndarray) else v for k, v in raw.items()},
        "description": result.description,
    }


def signature(test_id: str) -> dict[str, Any]:
    test = load_test(test_id)
    return {"inputs": sorted(test.inputs), "params": test.params}


def main(output: str) -> None:
    vectors = embeddings()
    frame = pd.DataFrame(
        {"text": [f"text {i}" for i in range(len(vectors))], "row": range(len(vectors))}
    )
    dataset = vm.init_dataset(dataset=frame, text_column="text", input_id="texts", __log=False)
    model = vm.init_model(
        predict_fn=lambda record: vectors[int(record["row"])], input_id="toy_model", __log=False
    )
    dataset.assign_predictions(model)
    inputs = {"dataset": dataset, "model": model}

    registered = [simheat.validmind.register(), simheat.validmind.register()]
    shown: list = []  # what simheat's tests display: nothing outside a notebook
    IPython.display.display = lambda *objects, **options: shown.append(objects)
    results = {
        "validmind_version": vm.__version__,
        "registered": registered,
        "listed": [t for t in vm.tests.list_tests(pretty=False) if t.startswith("simheat.")],
        "embeddings": vectors.tolist(),
        "model_input_id": model.input_id,
        "signatures": {
            name: signature(name)
            for name in (
                f"{VALIDMIND}CosineSimilarityHeatmap",
                "simheat.CosineSimilarityHeatmap",
                f"{VALIDMIND}CosineSimilarityDistribution",
                "simheat.CosineSimilarityDistribution",
                f"{VALIDMIND}EuclideanDistanceHeatmap",
                "simheat.EuclideanDistanceHeatmap",
            )
        },
    }
    for name in (
        "CosineSimilarityHeatmap",
        "CosineSimilarityDistribution",
        "EuclideanDistanceHeatmap",
    ):
        results[f"validmind:{name}"] = result_content(VALIDMIND + name, inputs)
        results[f"simheat:{name}"] = result_content(f"simheat.{name}", inputs)
    for source in (VALIDMIND, "simheat."):
        key = "validmind" if source == VALIDMIND else "simheat"
        results[f"{key}:CosineSimilarityHeatmap:custom"] = result_content(
            f"{source}CosineSimilarityHeatmap", inputs, CUSTOM
        )
    results["simheat:NearDuplicates"] = result_content(
        "simheat.NearDuplicates", inputs, {"threshold": 0.5, "top": 5}
    )
    results["simheat:NearDuplicates:default"] = result_content("simheat.NearDuplicates", inputs)
    results["displayed_outside_notebook"] = len(shown)
    try:
        run_test("simheat.NoSuchTest", inputs=inputs, generate_description=False, show=False)
    except Exception as error:  # ValidMind wraps the provider's error in LoadTestError
        results["unknown_test_error"] = f"{error} | {getattr(error, 'original_error', '')}"

    with open(output, "w", encoding="utf-8") as handle:
        json.dump(results, handle)


if __name__ == "__main__":
    main(sys.argv[1])
