"""The three metrics, checked against SciPy and brute force, with and without the full matrix."""

import numpy as np
import pytest
from scipy.spatial.distance import cdist

from simheat.core.matrix import SimilarityMatrix
from simheat.core.metrics import get_metric

METRICS = ["cosine", "dot", "euclidean"]


def reference(embeddings: np.ndarray, metric: str) -> np.ndarray:
    """The metric's full matrix, computed independently in float64."""
    e = embeddings.astype(np.float64)
    if metric == "cosine":
        return 1.0 - cdist(e, e, "cosine")
    if metric == "dot":
        return e @ e.T
    return cdist(e, e, "euclidean")


@pytest.fixture(scope="module")
def embeddings() -> np.ndarray:
    rng = np.random.default_rng(3)
    e = rng.normal(size=(97, 12)).astype(np.float32) * rng.uniform(0.2, 3.0, size=(97, 1))
    e[40] = e[7] + 1e-4  # a near-copy: its distance is almost 0, its cosine almost 1
    return e.astype(np.float32)


def matrices(embeddings, metric):
    """The metric with the full matrix held, and computed on demand (no budget)."""
    return SimilarityMatrix(embeddings, metric=metric), SimilarityMatrix(
        embeddings, memory_budget=0, metric=metric
    )


@pytest.mark.parametrize("metric", METRICS)
def test_every_cell_matches_scipy_with_and_without_the_full_matrix(embeddings, metric):
    expected = reference(embeddings, metric)
    held, on_demand = matrices(embeddings, metric)
    n = len(embeddings)
    np.testing.assert_allclose(held.matrix(), expected, atol=2e-4, rtol=1e-4)
    np.testing.assert_allclose(
        on_demand.block(np.arange(n), np.arange(n)), expected, atol=2e-4, rtol=1e-4
    )
    # A text with itself: exactly 1, its squared norm, exactly 0.
    diagonal = held.matrix().diagonal()
    if metric == "euclidean":
        assert (diagonal == 0).all()
    elif metric == "cosine":
        assert (diagonal == 1).all()


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("order", [None, "cluster"])
def test_block_aggregates_equal_those_of_the_exact_cells(embeddings, metric, order):
    expected = reference(embeddings, metric)
    for data in matrices(embeddings, metric):
        data.set_order(order)
        shown = expected if data.order is None else expected[np.ix_(data.order, data.order)]
        means = data.tile((0, 97), (0, 97), max_side=10, aggregation="mean")
        closest = data.tile((0, 97), (0, 97), max_side=10, aggregation="max")
        assert means.row_step == 10 and not means.exact
        for i, r in enumerate(range(0, 97, 10)):
            for j, c in enumerate(range(0, 97, 10)):
                block = shown[r : r + 10, c : c + 10]
                if metric == "euclidean":  # the root of the mean squared distance
                    assert means.values[i, j] == pytest.approx(np.sqrt((block**2).mean()), abs=2e-3)
                else:
                    assert means.values[i, j] == pytest.approx(block.mean(), abs=2e-4, rel=1e-4)
                off = block.copy()
                if r == c:
                    np.fill_diagonal(off, np.nan)
                best = np.nanmin(off) if metric == "euclidean" else np.nanmax(off)
                assert closest.values[i, j] == pytest.approx(best, abs=2e-4, rel=1e-4)


@pytest.mark.parametrize("metric", METRICS)
def test_the_closest_pair_is_the_smallest_distance_or_the_largest_similarity(embeddings, metric):
    expected = reference(embeddings, metric)
    np.fill_diagonal(expected, np.inf if metric == "euclidean" else -np.inf)
    flat = np.argmin(expected) if metric == "euclidean" else np.argmax(expected)
    row, col = divmod(int(flat), len(embeddings))
    for data in matrices(embeddings, metric):
        r, c, value = data.strongest_pair((0, 97), (0, 97))
        assert {r, c} == {row, col}
        assert metric == "dot" or {r, c} == {7, 40}  # a dot product favours long vectors instead
        assert value == pytest.approx(expected[row, col], abs=2e-4, rel=1e-4)


@pytest.mark.parametrize("metric", METRICS)
def test_the_slider_ends_hold_every_value_and_the_colour_range_every_pair(embeddings, metric):
    expected = reference(embeddings, metric)
    off = expected[~np.eye(len(expected), dtype=bool)]
    for data in matrices(embeddings, metric):
        lo, hi = data.bounds
        assert lo <= expected.min() + 2e-4 and hi >= expected.max() - 2e-4
    held = matrices(embeddings, metric)[0]
    assert held.default_range == pytest.approx((off.min(), off.max()), abs=2e-4, rel=1e-4)


def test_an_unknown_metric_names_the_three_there_are():
    with pytest.raises(ValueError, match=r"unknown metric 'cosin'.*'cosine', 'dot', 'euclidean'"):
        get_metric("cosin")


def test_zero_rows_are_only_a_warning_for_cosine():
    e = np.eye(4, 3, dtype=np.float32)  # row 3 is all zeros
    with pytest.warns(RuntimeWarning, match="all zeros"):
        SimilarityMatrix(e)
    data = SimilarityMatrix(e, metric="euclidean")  # no warning: its distances are defined
    np.testing.assert_allclose(data.matrix()[3], [1, 1, 1, 0])


@pytest.mark.parametrize("metric", ["dot", "euclidean"])
def test_the_tiled_product_of_many_texts_gives_the_same_cells(metric):
    from simheat.core.similarity import TILED_FROM

    e = np.random.default_rng(5).normal(size=(TILED_FROM + 100, 8)).astype(np.float32)
    expected = reference(e, metric)
    data = SimilarityMatrix(e, metric=metric)
    np.testing.assert_allclose(data.matrix(), expected, atol=2e-4, rtol=1e-4)
    assert (data.matrix() == data.matrix().T).all()


# -- the widget: metric= at construction, its defaults, and what it refuses ------------


def widget(metric, **options):
    from simheat import SimilarityHeatmap

    e = np.random.default_rng(1).normal(size=(30, 6)).astype(np.float32)
    e[12] = e[3] * 1.001  # a near-copy
    return e, SimilarityHeatmap.from_embeddings(e, metric=metric, **options)


def test_a_euclidean_heatmap_holds_distances_and_names_them():
    e, w = widget("euclidean")
    np.testing.assert_allclose(w.matrix, cdist(e, e), atol=1e-4)
    assert (w.metric, w.title, w.color_label) == (
        "euclidean",
        "Euclidean Distance Matrix",
        "Euclidean Distance",
    )
    assert w.colorscale == "Blues_r"  # near pairs dark, as in a similarity heatmap
    w.selection = (3, 12)
    assert w.selected["similarity"] == pytest.approx(float(np.linalg.norm(e[3] - e[12])), abs=1e-5)
    # The row's nearest texts are its smallest distances.
    distances = cdist(e[3:4], e)[0]
    distances[3] = np.inf
    nearest = [n["index"] for n in w.selected["neighbors"]]
    assert nearest == list(np.argsort(distances, kind="stable")[:10])
    assert "metric='euclidean'" in repr(w)


def test_a_dot_heatmap_holds_dot_products_and_keeps_the_users_titles():
    e, w = widget("dot", title="Mine", colorscale="Viridis")
    np.testing.assert_allclose(w.matrix, e.astype(np.float64) @ e.T, rtol=1e-5, atol=1e-5)
    assert (w.title, w.color_label, w.colorscale) == ("Mine", "Dot Product", "Viridis")


def test_the_metric_is_checked_at_construction_and_cannot_be_changed_later():
    from traitlets import TraitError

    from simheat import OptionError

    with pytest.raises(OptionError, match="unknown metric 'manhattan'"):
        widget("manhattan")
    _, w = widget("cosine")
    with pytest.raises(TraitError, match="read-only"):
        w.metric = "dot"


def test_a_cosine_threshold_is_refused_on_another_metric_at_construction_and_later():
    from simheat import OptionError

    with pytest.raises(OptionError, match=r"threshold is a cosine similarity.*metric='euclidean'"):
        widget("euclidean", threshold=0.9)
    _, w = widget("dot")
    with pytest.raises(OptionError, match="metric='dot'"):
        w.threshold = 0.9
    assert w.threshold is None
