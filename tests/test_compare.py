"""The comparison of two models (core/compare.py) against independent computations.

Difference = A.matrix − B.matrix cell for cell and in every block; ρ = scipy.stats.spearmanr
on the upper triangles; percentiles and ranks from scipy.stats.rankdata; overlap@10 from a
brute-force Jaccard of argsort top-10 sets; the sampled ρ's interval covers the exact ρ.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import rankdata, spearmanr

from simheat.core.compare import Comparison, Ranking, sort_and_rank
from simheat.core.compare_views import DifferenceView, RankDifferenceView
from simheat.core.matrix import SimilarityMatrix


def cosine(e: np.ndarray) -> np.ndarray:
    e = np.asarray(e, dtype=np.float64)
    u = e / np.linalg.norm(e, axis=1, keepdims=True)
    out = np.clip(u @ u.T, -1, 1)
    np.fill_diagonal(out, 1.0)
    return out


def related(n: int, seed: int, noise: float = 0.8, d: tuple[int, int] = (12, 9)):
    """Two embeddings of the same n texts: B is a noisy linear image of A (widths differ)."""
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(n, d[0]))
    b = a @ rng.normal(size=(d[0], d[1])) + noise * rng.normal(size=(n, d[1]))
    return a, b


def comparison(a, b, **options) -> Comparison:
    return Comparison(SimilarityMatrix(a), SimilarityMatrix(b), **options)


def upper(m: np.ndarray) -> np.ndarray:
    return m[np.triu_indices(len(m), 1)]


def brute_rank_difference(ma: np.ndarray, mb: np.ndarray) -> np.ndarray:
    """(r_a − ½)/M − (r_b − ½)/M with average ranks, as a symmetric matrix, 0 on the diagonal."""
    n = len(ma)
    m = n * (n - 1) // 2
    d = (rankdata(upper(ma)) - rankdata(upper(mb))) / m
    out = np.zeros((n, n))
    out[np.triu_indices(n, 1)] = d
    return out + out.T


def block_reduce(m: np.ndarray, step: int, how) -> np.ndarray:
    n = len(m)
    edges = range(0, n, step)
    return np.array([[how(m[i : i + step, j : j + step]) for j in edges] for i in edges])


@pytest.mark.parametrize("order", ["input", "cluster"])
def test_difference_is_a_minus_b_cell_for_cell_and_in_every_block(order):
    a, b = related(60, 1)
    c = comparison(a, b)
    c.set_order(order)
    view = DifferenceView(c)
    expected = c.a.full - c.b.full
    shown = expected if c.a.order is None else expected[np.ix_(c.a.order, c.a.order)]
    exact = view.tile((0, 60), (0, 60), max_side=1024)
    assert exact.exact
    np.testing.assert_allclose(exact.values, shown, atol=1e-6)
    np.testing.assert_allclose(cosine(a) - cosine(b), c.a.full - c.b.full, atol=2e-6)
    means = view.tile((0, 60), (0, 60), max_side=7, aggregation="mean")
    assert means.row_step == 9
    np.testing.assert_allclose(means.values, block_reduce(shown, 9, np.mean), atol=1e-6)
    extremes = view.tile((0, 60), (0, 60), max_side=7, aggregation="max")
    biggest = block_reduce(shown, 9, lambda x: x.ravel()[np.argmax(np.abs(x))])
    np.testing.assert_allclose(extremes.values, biggest, atol=1e-6)


def test_difference_block_means_hold_over_the_memory_budget():
    a, b = related(50, 2)
    small = Comparison(SimilarityMatrix(a, memory_budget=0), SimilarityMatrix(b, memory_budget=0))
    assert small.a.full is None
    view = DifferenceView(small)
    expected = cosine(a) - cosine(b)
    tile = view.tile((5, 45), (0, 50), max_side=8)
    rows, cols = range(5, 45, tile.row_step), range(0, 50, tile.col_step)
    brute = [
        [expected[i : min(i + tile.row_step, 45), j : j + tile.col_step].mean() for j in cols]
        for i in rows
    ]
    np.testing.assert_allclose(tile.values, brute, atol=1e-5)


def test_strongest_pair_of_a_difference_is_the_largest_magnitude():
    a, b = related(40, 3)
    c = comparison(a, b)
    view = DifferenceView(c)
    d = c.a.full - c.b.full
    row, col, value = view.strongest_pair((3, 20), (10, 40))
    window = d[3:20, 10:40]
    assert abs(value) == pytest.approx(np.abs(window).max(), abs=1e-6)
    assert value == pytest.approx(d[row, col], abs=1e-6)


def test_sort_and_rank_equals_rankdata_with_ties_and_negative_values():
    rng = np.random.default_rng(4)
    values = np.round(rng.normal(size=5000), 2).astype(np.float32)  # many ties
    ordered, ranks = sort_and_rank(values)
    np.testing.assert_array_equal(ordered, np.sort(values))
    np.testing.assert_array_equal(ranks, rankdata(values))


@pytest.mark.parametrize("rounding", [None, 1])
def test_spearman_equals_scipy_on_the_upper_triangles(rounding):
    a, b = related(80, 5)
    if rounding is not None:  # ties: rows repeated make equal similarities
        a = np.vstack([a[:40], a[:40]])
    c = comparison(a, b)
    expected = spearmanr(upper(c.a.full), upper(c.b.full)).statistic
    result = c.agreement()
    assert result["exact"] and result["spearman_interval"] is None
    assert result["spearman"] == pytest.approx(expected, abs=1e-12)
    assert result["pairs"] == 80 * 79 // 2


def test_rank_difference_and_ranks_equal_rankdata():
    a, b = related(45, 6)
    c = comparison(a, b)
    expected = brute_rank_difference(c.a.full, c.b.full)
    view = RankDifferenceView(c)
    np.testing.assert_allclose(view.tile((0, 45), (0, 45)).values, expected, atol=1e-6)
    means = view.tile((0, 45), (0, 45), max_side=6)
    np.testing.assert_allclose(
        means.values, block_reduce(expected, means.row_step, np.mean), atol=1e-6
    )
    pair = c.pair(3, 17)
    values_a = upper(c.a.full)
    assert pair["rank_a"] == 1 + int((values_a > c.a.full[3, 17]).sum())
    assert pair["rank_b"] == 1 + int((upper(c.b.full) > c.b.full[3, 17]).sum())
    assert pair["rank_difference"] == pytest.approx(expected[3, 17], abs=1e-6)
    assert c.pair(4, 4)["rank_a"] is None
    assert abs(expected).max() == pytest.approx(view.default_range[1], abs=1e-6)


def test_percentile_is_the_mid_distribution_function():
    ranking = Ranking(np.array([0.1, 0.2, 0.2, 0.5], dtype=np.float32), 4, True)
    # below 0.2: one of four; at 0.2: two of four, half counted.
    np.testing.assert_allclose(ranking.percentile([0.2, 0.1, 0.5, 0.9]), [0.5, 0.125, 0.875, 1.0])
    assert ranking.rank(0.5) == 1 and ranking.rank(0.2) == 2 and ranking.rank(0.1) == 4


def brute_overlap(ma: np.ndarray, mb: np.ndarray, k: int) -> np.ndarray:
    def tops(m):
        m = m.copy()
        np.fill_diagonal(m, -np.inf)
        return [set(np.argsort(-row, kind="stable")[:k].tolist()) for row in m]

    return np.array([len(x & y) / len(x | y) for x, y in zip(tops(ma), tops(mb), strict=True)])


@pytest.mark.parametrize("budget", [None, 0])
def test_overlap_at_10_equals_brute_force_jaccard(budget):
    a, b = related(70, 7)
    options = {} if budget is None else {"memory_budget": budget}
    c = Comparison(SimilarityMatrix(a, **options), SimilarityMatrix(b, **options))
    expected = brute_overlap(cosine(a), cosine(b), 10)
    result = c.agreement(changed=5)
    np.testing.assert_allclose(result["overlap"], expected)
    assert result["overlap_mean"] == pytest.approx(expected.mean())
    worst = np.lexsort((np.arange(70), expected))[:5]
    assert [r["index"] for r in result["changed_most"]] == worst.tolist()
    first = result["changed_most"][0]
    assert (
        len(first["only_a"])
        == len(first["only_b"])
        == round(10 - 20 * first["overlap"] / (1 + first["overlap"]))
    )


def test_identical_models_agree_fully():
    a, _ = related(30, 8)
    c = comparison(a, a * 3.0)  # cosine does not see the scale
    result = c.agreement()
    assert result["spearman"] == pytest.approx(1.0)
    assert result["overlap_mean"] == 1.0
    assert c.disagreements(5)[0]["rank_difference"] == 0.0


def test_sampled_spearman_interval_covers_the_exact_value():
    a, b = related(600, 9, noise=1.5)
    exact = comparison(a, b).agreement()["spearman"]
    sampled = comparison(a, b, exact_up_to=100, sample=30_000).agreement()
    assert not sampled["exact"] and sampled["sample_pairs"] == 30_000
    low, high = sampled["spearman_interval"]
    assert low < exact < high
    assert high - low < 0.05  # narrow enough to say something
    assert sampled["spearman"] == pytest.approx(exact, abs=0.03)


def planted(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Texts 0 and 1 are near-copies in A and opposite in B; all else the same in both."""
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(n, 16))
    b = a.copy()
    a[1] = a[0] + 0.01 * rng.normal(size=16)
    b[1] = -b[0] + 0.01 * rng.normal(size=16)
    return a, b


def test_disagreements_are_the_largest_rank_differences_over_all_pairs():
    a, b = planted(50, 10)
    c = comparison(a, b)
    expected = brute_rank_difference(c.a.full, c.b.full)
    found = c.disagreements(12)
    assert (found[0]["row"], found[0]["col"]) == (0, 1)
    magnitudes = [abs(r["rank_difference"]) for r in found]
    assert magnitudes == sorted(magnitudes, reverse=True)
    assert magnitudes[-1] == pytest.approx(np.sort(np.abs(upper(expected)))[-12], abs=1e-6)
    for record in found:
        r, col = record["row"], record["col"]
        assert r < col
        assert record["rank_difference"] == pytest.approx(expected[r, col], abs=1e-6)
        assert record["similarity_a"] == pytest.approx(c.a.full[r, col])
    assert found[0]["rank_a"] == 1


def test_sampled_disagreements_find_the_planted_pair():
    a, b = planted(400, 11)
    c = comparison(a, b, exact_up_to=100, sample=20_000)
    found = c.disagreements(3)
    assert (found[0]["row"], found[0]["col"]) == (0, 1)
    assert found[0]["rank_difference"] > 0.99
    view = RankDifferenceView(c)
    cell = view.tile((0, 2), (0, 2)).values
    assert cell[0, 1] == pytest.approx(found[0]["rank_difference"], abs=1e-6)


def test_sampled_rank_difference_block_means_from_a_grid():
    a, b = related(300, 12)
    c = comparison(a, b, exact_up_to=10, sample=5_000)
    view = RankDifferenceView(c)
    full = view.tile((0, 300), (0, 300)).values
    import simheat.core.compare_views as views

    saved = views._GRID_CELLS
    views._GRID_CELLS = 900  # force the grid estimate: 3 × 3 pairs of each 30 × 30 block
    try:
        grid = view.tile((0, 300), (0, 300), max_side=10).values
    finally:
        views._GRID_CELLS = saved
    positions = np.arange(0, 300, 30)[:, None] + np.array([0, 10, 20])
    expected = np.array([[full[np.ix_(r, col)].mean() for col in positions] for r in positions])
    np.testing.assert_allclose(grid, expected, atol=1e-6)


def test_different_row_counts_are_refused():
    with pytest.raises(ValueError, match="12 and 11 rows"):
        comparison(np.ones((12, 3)), np.ones((11, 3)))
    with pytest.raises(ValueError, match="at least 3 texts"):
        comparison(np.eye(2), np.eye(2))
