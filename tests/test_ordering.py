import numpy as np
import pytest

from simheat.core.ordering import EXACT_LIMIT, cluster_order
from simheat.core.similarity import normalize_rows


def clustered(rng, n_clusters, per_cluster, dim=24, spread=0.15):
    centers = rng.normal(size=(n_clusters, dim))
    points = np.repeat(centers, per_cluster, axis=0) + spread * rng.normal(
        size=(n_clusters * per_cluster, dim)
    )
    truth = np.repeat(np.arange(n_clusters), per_cluster)
    shuffle = rng.permutation(len(points))
    unit, _ = normalize_rows(points[shuffle])
    return unit, truth[shuffle]


def runs(labels):
    """Number of maximal runs of equal labels: one per cluster when the order groups them."""
    return 1 + int(np.count_nonzero(labels[1:] != labels[:-1]))


@pytest.mark.parametrize(("n_clusters", "per_cluster"), [(5, 40), (12, 300)])
def test_clusters_become_contiguous_blocks(rng, n_clusters, per_cluster):
    unit, truth = clustered(rng, n_clusters, per_cluster)
    order = cluster_order(unit)
    assert sorted(order.tolist()) == list(range(len(unit)))  # a permutation
    assert runs(truth) > 10 * n_clusters  # shuffled input: clusters are scattered
    assert runs(truth[order]) <= n_clusters + 2


def test_large_inputs_take_the_kmeans_path_and_are_deterministic(rng):
    unit, _ = clustered(rng, 8, EXACT_LIMIT // 4 + 10)
    assert len(unit) > EXACT_LIMIT
    assert np.array_equal(cluster_order(unit), cluster_order(unit))


def test_tiny_and_zero_inputs(rng):
    assert cluster_order(np.ones((1, 3), dtype=np.float32)).tolist() == [0]
    unit = np.zeros((4, 3), dtype=np.float32)
    unit[0, 0] = 1
    assert sorted(cluster_order(unit).tolist()) == [0, 1, 2, 3]
