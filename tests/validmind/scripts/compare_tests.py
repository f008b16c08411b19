"""Run simheat's ValidMind tests and ValidMind's own on one VMDataset and VMModel, offline.

Runs in the ValidMind venv (see ../conftest.py): ``python compare_tests.py OUT.json``.
Writes what each run returned (figure content, tables, raw data, description) for the
pytest side to compare. No ``vm.init``: nothing talks to the platform.
"""

from __future__ import annotations

import json
import random
import sys
import zlib
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


def word_vectors(text: str, dim: int = 16) -> np.ndarray:
    """A toy model that reads the text: the sum of one fixed random vector per word."""
    vector = np.zeros(dim)
    for word in text.lower().split():
        vector += np.random.default_rng(zlib.crc32(word.encode())).normal(size=dim)
    return vector if vector.any() else np.ones(dim)


SENTENCES = [
    "the central bank raised interest rates to fight inflation again",
    "heavy rain is expected over the weekend with a risk of floods",
    "knead the dough for ten minutes until it is smooth and elastic",
    "the striker scored twice in the second half to win the match",
    "run the test suite before you merge the pull request please",
    "a heatwave will push temperatures above thirty five degrees",
]


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
        "raw": {k: plain(v) for k, v in raw.items()},
        "description": result.description,
    }


def plain(value: Any) -> Any:
    """Raw data as JSON: arrays as lists, frames as records, recursively."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, pd.DataFrame):
        return [plain(record) for record in value.to_dict("records")]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return value


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
    # Two models of the same width: ValidMind's cross-model cosine runs too.
    rotated = vectors @ np.linalg.qr(np.random.default_rng(3).normal(size=(16, 16)))[0]
    rotated += 0.3 * np.random.default_rng(4).normal(size=rotated.shape)
    model_b = vm.init_model(
        predict_fn=lambda record: rotated[int(record["row"])], input_id="other_model", __log=False
    )
    dataset.assign_predictions(model_b)
    results["model_b_embeddings"] = rotated.tolist()
    pair = {"dataset": dataset, "models": [model, model_b]}
    results["signatures"] |= {
        name: signature(name)
        for name in (f"{VALIDMIND}CosineSimilarityComparison", "simheat.CosineSimilarityComparison")
    }
    results["validmind:CosineSimilarityComparison"] = result_content(
        VALIDMIND + "CosineSimilarityComparison", pair
    )
    results["simheat:CosineSimilarityComparison"] = result_content(
        "simheat.CosineSimilarityComparison", pair
    )

    # Stability: a model that reads the texts, the same seeded perturbation for both tests.
    texts = pd.DataFrame({"text": SENTENCES * 3})
    texts_ds = vm.init_dataset(dataset=texts, text_column="text", input_id="sentences", __log=False)
    reader = vm.init_model(
        predict_fn=lambda record: word_vectors(record["text"]), input_id="word_model", __log=False
    )
    texts_ds.assign_predictions(reader)
    params = {"probability": 0.3, "mean_similarity_threshold": 0.7}
    results["signatures"] |= {
        name: signature(name)
        for name in (
            f"{VALIDMIND}StabilityAnalysisRandomNoise",
            "simheat.StabilityAnalysisRandomNoise",
        )
    }
    for key, source in (("validmind", VALIDMIND), ("simheat", "simheat.")):
        random.seed(11)
        results[f"{key}:StabilityAnalysisRandomNoise"] = result_content(
            f"{source}StabilityAnalysisRandomNoise", {"dataset": texts_ds, "model": reader}, params
        )
    keywords = {"the": "a", "rain": "storm", "dough": "batter", "match": "game"}
    results["signatures"] |= {
        name: signature(name)
        for name in (f"{VALIDMIND}StabilityAnalysisKeyword", "simheat.StabilityAnalysisKeyword")
    }
    results["simheat:StabilityAnalysisKeyword"] = result_content(
        "simheat.StabilityAnalysisKeyword",
        {"dataset": texts_ds, "model": reader},
        {"keyword_dict": keywords},
    )
    # ValidMind 2.15's own keyword test fails in run_test (it returns its results tuple as
    # one table): call its function directly and keep its table and raw data.
    table, *_ = load_test(f"{VALIDMIND}StabilityAnalysisKeyword")(texts_ds, reader, keywords)[0]
    raw = load_test(f"{VALIDMIND}StabilityAnalysisKeyword")(texts_ds, reader, keywords)[1]
    results["validmind:StabilityAnalysisKeyword"] = {
        "tables": [{"title": None, "rows": plain(table)}],
        "raw": {"original_perturbed_similarity": plain(raw.original_perturbed_similarity)},
    }
    results["displayed_outside_notebook"] = len(shown)
    try:
        run_test("simheat.NoSuchTest", inputs=inputs, generate_description=False, show=False)
    except Exception as error:  # ValidMind wraps the provider's error in LoadTestError
        results["unknown_test_error"] = f"{error} | {getattr(error, 'original_error', '')}"

    with open(output, "w", encoding="utf-8") as handle:
        json.dump(results, handle)


if __name__ == "__main__":
    main(sys.argv[1])
