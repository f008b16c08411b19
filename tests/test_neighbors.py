"""The neighbour pass against brute force on the full matrix."""

import threading

import numpy as np
import pytest

from simheat.core.neighbors import (
    BINS,
    PassCancelled,
    exact_order_statistics,
    neighbor_pass,
    threshold_pass,
)


def unit_rows(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return (x / norms).astype(np.float32)


def clustered(n: int, d: int = 32, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(6, d))
    return unit_rows(centers[rng.integers(0, 6, n)] + rng.normal(size=(n, d)))


def brute(unit: np.ndarray):
    similarity = np.clip(unit.astype(np.float64) @ unit.T.astype(np.float64), -1, 1)
    rows, cols = np.triu_indices(len(unit), 1)
    return similarity, rows, cols, similarity[rows, cols]


@pytest.mark.parametrize(("n", "tile", "workers"), [(257, 64, 2), (300, 300, 1), (130, 1000, 2)])
def test_pass_matches_brute_force(n, tile, workers):
    unit = clustered(n)
    result = neighbor_pass(unit, k=7, pairs=50, tile=tile, workers=workers)
    similarity, rows, cols, upper = brute(unit)
    tolerance = 1e-5  # float32 tiles against a float64 product
    # Top-k per row: the same neighbours in the same order, self excluded.
    masked = similarity.copy()
    np.fill_diagonal(masked, -np.inf)
    expected = np.argsort(-masked, axis=1, kind="stable")[:, :7]
    np.testing.assert_allclose(
        result.neighbor_values, np.take_along_axis(masked, expected, 1), atol=tolerance
    )
    assert (result.neighbor_indices == expected).mean() > 0.999  # float32 may swap near-ties
    assert not (result.neighbor_indices == np.arange(n)[:, None]).any()
    # The global extremes.
    order = np.argsort(-upper)[:50]
    np.testing.assert_array_equal(result.most_similar.rows, rows[order])
    np.testing.assert_array_equal(result.most_similar.cols, cols[order])
    np.testing.assert_allclose(result.most_similar.values, upper[order], atol=tolerance)
    order = np.argsort(upper)[:50]
    np.testing.assert_array_equal(result.least_similar.rows, rows[order])
    np.testing.assert_allclose(result.least_similar.values, upper[order], atol=tolerance)
    assert result.max == pytest.approx(upper.max(), abs=tolerance)
    assert result.min == pytest.approx(upper.min(), abs=tolerance)
    assert result.total == n * (n - 1) // 2


def test_histogram_counts_each_pair_once_exactly():
    unit = clustered(400)
    result = neighbor_pass(unit, tile=96)
    # The same float32 values as the pass (one product), binned by np.histogram.
    similarity = np.clip(unit @ unit.T, -1, 1)
    upper = similarity[np.triu_indices(400, 1)]
    expected, edges = np.histogram(upper, bins=BINS, range=(-1, 1))
    assert result.histogram.sum() == 400 * 399 // 2
    np.testing.assert_array_equal(result.histogram, expected)
    np.testing.assert_allclose(result.bin_edges, edges)


def test_histogram_puts_exact_edges_and_one_in_the_right_bins():
    # Rows chosen so that similarities are exactly 1, 0.5, 0 and -1.
    unit = np.array([[1, 0], [1, 0], [0.5, np.sqrt(0.75)], [0, 1], [-1, 0]], dtype=np.float32)
    result = neighbor_pass(unit)
    upper = np.clip(unit @ unit.T, -1, 1)[np.triu_indices(5, 1)]
    expected, _ = np.histogram(upper, bins=BINS, range=(-1, 1))
    np.testing.assert_array_equal(result.histogram, expected)
    assert result.histogram[-1] == np.count_nonzero(upper >= 1 - 1 / 1024)


def test_zero_rows_and_duplicates():
    unit = clustered(90)
    unit[4] = 0
    unit[10] = unit[11]
    result = neighbor_pass(unit, k=3, tile=32)
    assert result.most_similar.values[0] == pytest.approx(1.0)
    assert (result.most_similar.rows[0], result.most_similar.cols[0]) == (10, 11)
    assert np.all(result.neighbor_values[4] == 0)  # a zero row is 0 to everything
    assert result.neighbor_values.max() <= 1.0


def test_few_rows():
    one = neighbor_pass(unit_rows([[1.0, 2.0]]))
    assert one.total == 0 and len(one.most_similar) == 0 and np.isnan(one.max)
    assert one.neighbor_indices.tolist() == [[-1] * 10]
    two = neighbor_pass(unit_rows([[1.0, 0.0], [1.0, 1.0]]), k=3)
    assert two.neighbor_indices[:, 0].tolist() == [1, 0]
    assert two.neighbor_indices[:, 1:].tolist() == [[-1, -1], [-1, -1]]
    assert two.max == pytest.approx(np.sqrt(0.5))


def test_progress_and_cancel():
    unit = clustered(200)
    seen = []
    neighbor_pass(unit, tile=50, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (10, 10) and len(seen) == 10  # 4 blocks: 4 + 6 tiles
    stop = threading.Event()
    calls = []

    def progress(done, total):
        calls.append(done)
        stop.set()

    with pytest.raises(PassCancelled):
        neighbor_pass(unit, tile=50, workers=1, progress=progress, cancel=stop.is_set)
    assert calls == [1]


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="2-D"):
        neighbor_pass(np.zeros(5, np.float32))
    with pytest.raises(ValueError, match="k and pairs"):
        neighbor_pass(clustered(5), k=0)


@pytest.mark.parametrize("budget", [1 << 25, 50, 3])
def test_exact_order_statistics_match_sorted_values(budget):
    unit = clustered(300)
    unit[7] = unit[8] = unit[9]  # equal values force a sub-bin of one number
    result = neighbor_pass(unit, tile=64)
    upper = np.sort(np.clip(unit @ unit.T, -1, 1)[np.triu_indices(300, 1)])
    ranks = np.array([1, 17, result.total // 20, result.total // 2, result.total - 2])
    found = exact_order_statistics(unit, result, ranks, budget=budget)
    np.testing.assert_array_equal(found.astype(np.float32), upper[ranks])
    with pytest.raises(ValueError, match="ranks"):
        exact_order_statistics(unit, result, np.array([result.total]))


def test_threshold_pass_counts_and_components():
    from scipy.sparse.csgraph import connected_components

    unit = clustered(260, d=8)
    result = threshold_pass(unit, 0.5, tile=40)  # many pairs per tile: forests kick in
    similarity = np.clip(unit @ unit.T, -1, 1)
    above = np.triu(similarity >= np.float32(0.5), 1)
    assert result.count == int(above.sum()) > 260 * 10
    expected = connected_components(above, directed=False)[1]
    # The same partition (labels may be numbered differently).
    pairs = {(a, b) for a, b in zip(result.labels, expected, strict=True)}
    assert len(pairs) == len(set(expected)) == len(set(result.labels))


def test_rounding_steps_outside_the_range_land_in_the_end_bins():
    rng = np.random.default_rng(5)
    row = unit_rows(rng.normal(size=(1, 384)))[0]
    unit = np.stack([row, row, -row, row * 0.5 + 0.5 * unit_rows(rng.normal(size=(1, 384)))[0]])
    unit = unit_rows(unit)
    result = neighbor_pass(unit)
    assert result.histogram.sum() == 6
    assert result.histogram[0] == 2  # the two antiparallel pairs, however they round
    assert result.histogram[-1] == 1  # the duplicate
    assert result.min >= -1.0 and result.max <= 1.0


def test_preselection_of_crowded_tiles_keeps_the_same_answer(monkeypatch):
    import simheat.core.neighbors as neighbors

    unit = clustered(200)
    expected = neighbor_pass(unit, k=5, pairs=30, tile=48)
    monkeypatch.setattr(neighbors, "PRESELECT", 0)  # every off-diagonal tile pre-selects
    found = neighbor_pass(unit, k=5, pairs=30, tile=48)
    np.testing.assert_array_equal(found.neighbor_indices, expected.neighbor_indices)
    np.testing.assert_array_equal(found.most_similar.rows, expected.most_similar.rows)
    np.testing.assert_array_equal(found.most_similar.cols, expected.most_similar.cols)
    np.testing.assert_array_equal(found.least_similar.values, expected.least_similar.values)
