"""Two sets of texts: the N × M cross-similarity, nearest columns, leakage and stability.

Every number is checked against brute force in float64 (one loop or one product of
normalised rows), never against the code under test.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
from traitlets import TraitError

from simheat import OptionError, SimilarityHeatmap
from simheat.core.cross import CrossMatrix
from simheat.core.cross_insight import CrossInsight
from simheat.core.similarity import normalize_rows
from simheat.widget.requests import answer

TOL = 2e-6


def brute(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Cosine of every row with every column, in float64 (0 for an all-zero vector)."""

    def unit(e):
        e = np.asarray(e, dtype=np.float64)
        norms = np.linalg.norm(e, axis=1, keepdims=True)
        return np.divide(e, norms, out=np.zeros_like(e), where=norms > 0)

    return np.clip(unit(rows) @ unit(cols).T, -1, 1)


def wait_ready(w: SimilarityHeatmap, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (w._insight or {}).get("status") == "ready":
            return w._insight
        time.sleep(0.01)
    pytest.fail("the insight pass did not finish")


def cross(rows, cols, **options) -> SimilarityHeatmap:
    return SimilarityHeatmap.from_embeddings(
        rows, column_embeddings=cols, **{"progress": False, **options}
    )


@pytest.fixture
def sets():
    rng = np.random.default_rng(5)
    return rng.normal(size=(37, 6)), rng.normal(size=(23, 6))


def planted(rng, n_test=60, n_train=200, d=24, copies=(3, 17, 41, 58)):
    """Test and train embeddings; test rows ``copies`` are train rows plus small noise."""
    train = rng.normal(size=(n_train, d))
    test = rng.normal(size=(n_test, d))
    sources = rng.choice(n_train, size=len(copies), replace=False)
    for row, source in zip(copies, sources, strict=True):
        test[row] = train[source] + 0.02 * rng.normal(size=d)
    return test, train, dict(zip(copies, sources.tolist(), strict=True))


# --- the matrix ------------------------------------------------------------------------


def test_matrix_is_the_brute_force_cross_cosine(sets):
    rows, cols = sets
    w = cross(rows, cols)
    assert w.matrix.shape == (37, 23)
    np.testing.assert_allclose(w.matrix, brute(rows, cols), atol=TOL)


def test_no_diagonal_rule_even_when_the_sets_overlap(sets):
    rows, _ = sets
    cols = rows[:10] * 3.0  # the same directions: cell (i, i) is 1 by the numbers alone
    other = np.vstack([cols[1:], cols[:1]])  # shifted: (i, i) is an ordinary pair
    w = cross(rows[:10], other)
    np.testing.assert_allclose(np.diag(w.matrix), np.diag(brute(rows[:10], other)), atol=TOL)
    assert not np.allclose(np.diag(w.matrix), 1.0)


@pytest.mark.parametrize("budget", [None, 0])
def test_window_and_value_at_any_budget(sets, budget):
    rows, cols = sets
    w = cross(rows, cols, **({} if budget is None else {"memory_budget": budget}))
    expected = brute(rows, cols)
    np.testing.assert_allclose(
        w.window(slice(3, 30), [0, 22, 7]), expected[3:30][:, [0, 22, 7]], atol=TOL
    )
    if budget == 0:
        with pytest.raises(MemoryError, match="37×23"):
            _ = w.matrix


@pytest.mark.parametrize("budget", [1 << 30, 0])
@pytest.mark.parametrize("order", ["input", "cluster"])
def test_block_means_and_maxima_equal_brute_force(budget, order):
    rng = np.random.default_rng(2)
    rows, cols = rng.normal(size=(101, 5)), rng.normal(size=(47, 5))
    data = CrossMatrix(rows, cols, budget)
    data.set_order(order, order)
    shown = brute(rows, cols)
    if data.order is not None:
        shown = shown[data.order][:, data.column_order]
    for aggregation, reduce in (("mean", np.mean), ("max", np.max)):
        tile = data.tile((0, 101), (0, 47), max_side=10, aggregation=aggregation)
        assert (tile.row_step, tile.col_step) == (11, 5)  # rows and columns blocked apart
        for i in range(tile.values.shape[0]):
            for j in range(tile.values.shape[1]):
                block = shown[i * 11 : (i + 1) * 11, j * 5 : (j + 1) * 5]
                assert tile.values[i, j] == pytest.approx(reduce(block), abs=TOL)


def test_strongest_pair_of_a_block_is_its_maximum(sets):
    rows, cols = sets
    data = CrossMatrix(rows, cols, 0)
    expected = brute(rows, cols)[5:20, 2:9]
    r, c, value = data.strongest_pair((5, 20), (2, 9))
    i, j = np.unravel_index(np.argmax(expected), expected.shape)
    assert (r, c) == (5 + i, 2 + j)
    assert value == pytest.approx(expected.max(), abs=TOL)


def test_cluster_order_orders_each_side_by_its_own_clustering(sets):
    rows, cols = sets
    w = cross(rows, cols, order="cluster")
    assert sorted(w._numbers.order) == list(range(37))
    assert sorted(w._numbers.column_order) == list(range(23))
    assert w._order["shape"] == [37] and w._column_order["shape"] == [23]


def test_paired_cluster_order_keeps_the_diagonal(sets):
    rows, _ = sets
    rng = np.random.default_rng(1)
    w = cross(rows, rows + 0.1 * rng.normal(size=rows.shape), paired=True, order="cluster")
    numbers = w._numbers
    np.testing.assert_array_equal(numbers.order, numbers.column_order)
    shown = numbers.exact(0, 37, 0, 37)
    np.testing.assert_allclose(np.diag(shown), np.diag(w.matrix)[numbers.order], atol=TOL)


def test_overview_is_rectangular(sets):
    rows, cols = sets
    w = cross(rows, cols)
    assert w._overview["shape"] == [37, 23]
    assert (w._overview["row_stop"], w._overview["col_stop"]) == (37, 23)
    big = cross(np.random.default_rng(0).normal(size=(3000, 6)), cols)
    assert big._overview["row_step"] == 3 and big._overview["col_step"] == 1


def test_requests_answer_a_window_and_a_block_in_n_by_m():
    rng = np.random.default_rng(3)
    rows, cols = rng.normal(size=(2000, 4)), rng.normal(size=(300, 4))
    w = cross(rows, cols, order="cluster")
    ctx = w.request_context()
    reply, buffers = answer(
        ctx,
        {
            "type": "request",
            "id": "v:1",
            "kind": "window",
            "payload": {"rows": [1990, 2005], "cols": [280, 400]},
        },
    )
    assert reply["ok"] and (reply["result"]["row_stop"], reply["result"]["col_stop"]) == (2000, 300)
    shown = brute(rows, cols)[w._numbers.order][:, w._numbers.column_order]
    values = np.frombuffer(buffers[0], dtype=np.float32).reshape(reply["result"]["shape"])
    np.testing.assert_allclose(values, shown[1990:2000, 280:300], atol=TOL)
    reply, _ = answer(
        ctx,
        {
            "type": "request",
            "id": "v:2",
            "kind": "select_block",
            "payload": {"rows": [0, 30], "cols": [10, 14]},
        },
    )
    assert reply["ok"], reply
    row, col = reply["result"]["row"], reply["result"]["col"]
    assert w.selection == (row, col)
    block = shown[0:30, 10:14]
    assert reply["result"]["similarity"] == pytest.approx(block.max(), abs=TOL)
    assert brute(rows, cols)[row, col] == pytest.approx(block.max(), abs=TOL)
    refused, _ = answer(
        ctx,
        {
            "type": "request",
            "id": "v:3",
            "kind": "window",
            "payload": {"rows": [0, 5], "cols": [300, 310]},
        },
    )
    assert not refused["ok"] and "outside the matrix (0 to 300)" in refused["error"]


def test_reports_of_two_sets(sets):
    rows, cols = sets
    w = cross(rows, cols, column_texts=[f"c{i}" for i in range(23)])
    data = w.raw_data()
    np.testing.assert_array_equal(data["similarity_matrix"], w.matrix)
    assert data["column_texts"] == [f"c{i}" for i in range(23)] and len(data["labels"]) == 37
    assert np.shape(w.to_figure().data[0].z) == (37, 23)


def test_lexical_model_embeds_both_sets_in_one_space():
    train = ["the cat sat on the mat", "dogs bark at night", "stock prices fell sharply"]
    test = ["a cat sat on a mat", "prices of stocks fell"]
    w = SimilarityHeatmap(test, "lexical", columns=train, progress=False)
    assert w.matrix.shape == (2, 3)
    assert np.argmax(w.matrix[0]) == 0 and np.argmax(w.matrix[1]) == 2


# --- selection -------------------------------------------------------------------------


def test_selection_in_n_by_m_gives_the_row_text_and_the_column_text():
    w = SimilarityHeatmap(["q one", "q two"], "lexical", columns=["d one", "d two", "d three"],
                          column_labels=["a", "b", "c"], progress=False)  # fmt: skip
    w.selection = (1, 2)
    selected = w.selected
    assert (selected["text_row"], selected["text_col"]) == ("q two", "d three")
    assert (selected["label_row"], selected["label_col"]) == ("1", "c")
    assert selected["similarity"] == pytest.approx(float(w.matrix[1, 2]), abs=TOL)
    expected = np.argsort(-w.matrix[1].astype(np.float64), kind="stable")
    assert [n["index"] for n in selected["neighbors"]] == expected.tolist()  # columns, all 3


@pytest.mark.parametrize("cell", [(2, 0), (0, 3), (-1, 0)])
def test_selection_outside_n_by_m_is_refused(cell):
    w = SimilarityHeatmap(["q one", "q two"], "lexical", columns=["a", "b", "c"], progress=False)
    with pytest.raises(TraitError, match="rows go from 0 to 1 and columns from 0 to 2"):
        w.selection = cell


# --- the insight of two sets -------------------------------------------------------------


def test_stats_are_those_of_all_n_by_m_cells(sets):
    rows, cols = sets
    w = cross(rows, cols, threshold=0.5)
    values = brute(rows, cols).ravel()
    stats = w.stats()
    assert (stats["n"], stats["n_cols"], stats["pairs"]) == (37, 23, 37 * 23)
    assert stats["mean"] == pytest.approx(values.mean(), abs=1e-6)
    assert stats["std"] == pytest.approx(values.std(), abs=1e-6)
    for name, q in (("min", 0), ("p5", 0.05), ("median", 0.5), ("p95", 0.95), ("max", 1)):
        assert stats[name] == pytest.approx(np.quantile(values, q), abs=TOL), name
    assert stats["pairs_above_threshold"] == int((values >= 0.5).sum())


def test_the_passes_read_a_held_matrix_and_give_the_same_answers():
    rng = np.random.default_rng(13)
    rows, cols = rng.normal(size=(300, 8)), rng.normal(size=(200, 8))
    unit, column_unit = normalize_rows(rows)[0], normalize_rows(cols)[0]
    held = CrossMatrix(rows, cols).matrix()
    computed = CrossInsight(unit, column_unit, threshold=0.4, pairs=50)
    read = CrossInsight(unit, column_unit, threshold=0.4, pairs=50, matrix=held)
    # The same values up to BLAS blocking (a whole product or chunks of rows).
    assert read.stats() == pytest.approx(computed.stats(), abs=1e-6)
    top = [(r["row"], r["col"]) for r in read.top_pairs(80)]  # beyond the kept 50: a rerun
    assert top == [(r["row"], r["col"]) for r in computed.top_pairs(80)]
    assert [r["col"] for r in read.nearest_columns()] == [
        r["col"] for r in computed.nearest_columns()
    ]
    assert (
        read.count_at_least(-0.2)
        == computed.count_at_least(-0.2)
        == int((brute(rows, cols) >= np.float32(-0.2)).sum())
    )
    with pytest.raises(ValueError, match="300 × 200"):
        CrossInsight(unit, column_unit, matrix=held[:10])


def test_histogram_counts_every_cell_once(sets):
    rows, cols = sets
    w = cross(rows, cols)
    counts, edges = w._analysis().histogram()
    values = brute(rows, cols).astype(np.float32).ravel()
    expected = np.bincount(
        np.floor(values.astype(np.float64) * 1024).astype(int) + 1024, minlength=2049
    )
    np.testing.assert_array_equal(counts, expected)
    assert counts.sum() == 37 * 23 and len(edges) == 2049


def test_top_bottom_and_above_are_the_brute_force_cells(sets):
    rows, cols = sets
    w = cross(rows, cols)
    matrix = brute(rows, cols)
    flat = matrix.ravel()
    top = [(r["row"], r["col"]) for r in w.top_pairs(15)]
    assert top == [
        tuple(np.unravel_index(i, matrix.shape)) for i in np.argsort(-flat, kind="stable")[:15]
    ]
    bottom = [(r["row"], r["col"]) for r in w.bottom_pairs(15)]
    assert bottom == [
        tuple(np.unravel_index(i, matrix.shape)) for i in np.argsort(flat, kind="stable")[:15]
    ]
    above = w.pairs_above(0.6)
    assert len(above) == int((flat >= 0.6).sum())
    assert all(matrix[r["row"], r["col"]] == pytest.approx(r["similarity"], abs=TOL) for r in above)


def test_more_cells_than_the_pass_kept_and_a_counting_pass():
    rng = np.random.default_rng(9)
    rows, cols = rng.normal(size=(40, 5)), rng.normal(size=(30, 5))
    core = CrossInsight(normalize_rows(rows)[0], normalize_rows(cols)[0], pairs=20)
    flat = brute(rows, cols).ravel()
    assert core.count_at_least(-0.5) == int((flat >= np.float32(-0.5)).sum())  # a counting pass
    assert len(core.top_pairs(500)) == 500  # a rerun keeping more
    assert [r["similarity"] for r in core.top_pairs(500)] == pytest.approx(
        np.sort(flat)[::-1][:500], abs=TOL
    )


def test_nearest_columns_is_each_rows_argmax(sets):
    rows, cols = sets
    w = cross(rows, cols)
    matrix = brute(rows, cols)
    records = w.nearest_columns()
    assert [r["row"] for r in records] == list(range(37))
    assert [r["col"] for r in records] == np.argmax(matrix, axis=1).tolist()
    assert [r["similarity"] for r in records] == pytest.approx(matrix.max(axis=1), abs=TOL)
    best3 = w.nearest_columns(k=3)
    assert [r["row"] for r in best3] == np.argsort(-matrix.max(axis=1), kind="stable")[:3].tolist()
    frame = w.nearest_columns(as_frame=True)
    assert list(frame.columns) == [
        "row",
        "col",
        "similarity",
        "text_row",
        "text_col",
        "label_row",
        "label_col",
    ]


def test_leakage_finds_every_planted_near_copy():
    test, train, copies = planted(np.random.default_rng(21))
    w = cross(test, train, column_texts=[f"train {i}" for i in range(200)])
    found = w.leakage()
    assert {r["row"]: r["col"] for r in found} == copies
    assert [r["similarity"] for r in found] == sorted(
        (r["similarity"] for r in found), reverse=True
    )
    assert all(r["text_col"] == f"train {r['col']}" for r in found)
    payload = wait_ready(w)
    assert {(r["row"], r["col"]) for r in payload["tables"]["leakage"]} == set(copies.items())
    assert [v["sign"] for v in payload["verdicts"]] == ["leakage"]


def test_leakage_threshold_follows_the_option_and_the_argument():
    test, train, copies = planted(np.random.default_rng(4))
    matrix = brute(test, train)
    w = cross(test, train, threshold=0.5)
    expected = {int(i) for i in np.flatnonzero(matrix.max(axis=1) >= 0.5)}
    assert {r["row"] for r in w.leakage()} == expected
    assert {r["row"] for r in w.leakage(0.99)} == {
        int(i) for i in np.flatnonzero(matrix.max(axis=1).astype(np.float32) >= np.float32(0.99))
    }
    w.threshold = None
    payload = wait_ready(w)
    assert {r["row"] for r in payload["tables"]["leakage"]} == set(copies)  # back to 0.95


def test_outliers_are_rows_whose_best_column_is_lowest(sets):
    rows, cols = sets
    w = cross(rows, cols)
    best = brute(rows, cols).max(axis=1)
    assert [r["index"] for r in w.outliers(5)] == np.argsort(best, kind="stable")[:5].tolist()


def test_one_set_methods_say_what_to_use_with_columns(sets):
    rows, cols = sets
    w = cross(rows, cols)
    with pytest.raises(ValueError, match="nearest_columns"):
        w.hubs()
    with pytest.raises(ValueError, match="leakage"):
        w.duplicate_groups()
    one = SimilarityHeatmap.from_embeddings(rows, progress=False)
    with pytest.raises(ValueError, match="columns=other_texts"):
        one.leakage()


def test_payload_of_two_sets(sets):
    rows, cols = sets
    payload = wait_ready(cross(rows, cols))
    assert set(payload["tables"]) == {"top", "above", "bottom", "outliers", "hubs", "leakage"}
    assert payload["stats"]["n_cols"] == 23 and payload["stats"]["pairs"] == 37 * 23
    assert sum(payload["histogram"]["counts"]) == 37 * 23


# --- paired: stability --------------------------------------------------------------------


def perturbed(rng, n=50, d=16, noise=None):
    texts = rng.normal(size=(n, d))
    scale = np.linspace(0.05, 2.0, n) if noise is None else np.full(n, noise)
    return texts, texts + scale[:, None] * rng.normal(size=(n, d))


def test_stability_equals_a_direct_computation_of_the_diagonal():
    rows, cols = perturbed(np.random.default_rng(8))
    w = cross(rows, cols, paired=True)
    diagonal = np.array([brute(rows[i : i + 1], cols[i : i + 1])[0, 0] for i in range(50)])
    stability = w.stats()["stability"]
    assert stability["mean"] == pytest.approx(diagonal.mean(), abs=TOL)
    assert stability["min"] == pytest.approx(diagonal.min(), abs=TOL)
    assert stability["max"] == pytest.approx(diagonal.max(), abs=TOL)
    assert stability["median"] == pytest.approx(np.median(diagonal), abs=TOL)
    assert stability["p5"] == pytest.approx(np.quantile(diagonal, 0.05), abs=TOL)
    counts, edges = np.histogram(diagonal, bins=20)
    assert stability["histogram"]["counts"] == counts.tolist()
    np.testing.assert_allclose(stability["histogram"]["edges"], edges, atol=1e-5)
    assert stability["threshold"] == 0.7
    assert stability["passed"] is bool(diagonal.mean() >= 0.7)
    least = w.least_stable(5)
    assert [r["index"] for r in least] == np.argsort(diagonal, kind="stable")[:5].tolist()


def test_stability_threshold_decides_passed_and_follows_assignment():
    rows, cols = perturbed(np.random.default_rng(8), noise=0.5)
    w = cross(rows, cols, paired=True, texts=[f"t{i}" for i in range(50)],
              column_texts=[f"p{i}" for i in range(50)])  # fmt: skip
    mean = w.stats()["stability"]["mean"]
    w.stability_threshold = min(1.0, mean + 0.01)
    assert w.stats()["stability"]["passed"] is False
    payload = wait_ready(w)
    deadline = time.monotonic() + 30
    while (
        payload["stats"]["stability"]["threshold"] != w.stability_threshold
        and time.monotonic() < deadline
    ):
        time.sleep(0.01)
        payload = w._insight
    assert payload["stats"]["stability"]["passed"] is False
    assert [v["sign"] for v in payload["verdicts"]] == ["unstable embeddings"]  # no "leakage"
    w.stability_threshold = max(-1.0, mean - 0.01)
    assert w.stats()["stability"]["passed"] is True
    record = w.least_stable(1)[0]
    assert (record["text"], record["perturbed_text"]) == (
        f"t{record['index']}",
        f"p{record['index']}",
    )
    with pytest.raises(OptionError, match="stability_threshold"):
        w.stability_threshold = 2


def test_paired_payload_has_the_stability_table():
    rows, cols = perturbed(np.random.default_rng(3))
    payload = wait_ready(cross(rows, cols, paired=True))
    diagonal = np.array([brute(rows[i : i + 1], cols[i : i + 1])[0, 0] for i in range(50)])
    table = payload["tables"]["stability"]
    assert [r["index"] for r in table] == np.argsort(diagonal, kind="stable").tolist()
    assert payload["stats"]["stability"]["mean"] == pytest.approx(diagonal.mean(), abs=TOL)


def test_a_large_cross_matrix_is_computed_only_when_first_needed(monkeypatch):
    from simheat.core import cross

    monkeypatch.setattr(cross, "EAGER_CELLS", 1_000)  # 60 × 40 = 2,400 cells: "large"
    rng = np.random.default_rng(8)
    rows, cols = rng.normal(size=(60, 8)), rng.normal(size=(40, 8))
    expected = brute(rows, cols)
    matrix = CrossMatrix(rows.astype(np.float32), cols.astype(np.float32))
    assert matrix.held is None  # nothing N × M yet
    overview = matrix.tile((0, 60), (0, 40), max_side=10)  # block means from block sums
    assert matrix.held is None
    means = expected.reshape(10, 6, 10, 4).mean(axis=(1, 3))
    np.testing.assert_allclose(overview.values, means, atol=1e-5)
    lo, hi = matrix.default_range  # from a sample of rows × columns: inside the exact range
    assert expected.min() - 1e-6 <= lo <= hi <= expected.max() + 1e-6
    np.testing.assert_allclose(matrix.matrix(), expected, atol=1e-5)  # computed now, kept
    assert matrix.held is matrix.matrix()
    heatmap = SimilarityHeatmap.from_embeddings(rows, column_embeddings=cols, progress=False)
    heatmap._insight_runner().finish()  # the insight passes compute their own products
    np.testing.assert_allclose(heatmap.stats()["max"], expected.max(), atol=1e-5)
