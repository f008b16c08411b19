"""Orders that put similar texts next to each other, so clusters show as blocks.

Up to :data:`EXACT_LIMIT` texts: average-linkage hierarchical clustering with optimal leaf
ordering (SciPy). Beyond: spherical k-means into about √N groups, the groups ordered the
same exact way by their centroids, and each group's texts by similarity to its centroid;
O(N·k·d) time and no N×N matrix.
"""

from __future__ import annotations

import numpy as np

EXACT_LIMIT = 1_000  # optimal leaf ordering is cubic: ~1 s at 1,000 texts here
_KMEANS_ROUNDS = 8


def _scipy_hierarchy():
    try:
        from scipy.cluster import hierarchy
        from scipy.spatial.distance import pdist
    except ImportError as error:
        raise ImportError("order='cluster' needs SciPy: pip install scipy") from error
    return hierarchy, pdist


def leaf_order(vectors: np.ndarray) -> np.ndarray:
    """Optimal-leaf-ordered average-linkage order of ``vectors`` by cosine distance."""
    if len(vectors) < 3:
        return np.arange(len(vectors))
    hierarchy, pdist = _scipy_hierarchy()
    distances = pdist(vectors.astype(np.float64), metric="cosine")
    np.nan_to_num(distances, copy=False, nan=1.0)  # zero vectors: as far as unrelated texts
    tree = hierarchy.optimal_leaf_ordering(
        hierarchy.linkage(distances, method="average"), distances
    )
    return hierarchy.leaves_list(tree)


def cluster_order(unit: np.ndarray, seed: int = 0) -> np.ndarray:
    """A permutation of the rows of ``unit`` (unit vectors) that groups similar rows.

    Deterministic for a given ``seed``.
    """
    n = len(unit)
    if n <= EXACT_LIMIT:
        return leaf_order(unit)
    k = min(EXACT_LIMIT // 4, int(np.sqrt(n)))
    rng = np.random.default_rng(seed)
    centroids = unit[rng.choice(n, size=k, replace=False)].copy()
    for _ in range(_KMEANS_ROUNDS):
        assignment = np.argmax(unit @ centroids.T, axis=1)
        sums = _group_sums(unit, assignment, k)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        filled = norms[:, 0] > 0
        centroids[filled] = sums[filled] / norms[filled]
    scores = unit @ centroids.T
    assignment = np.argmax(scores, axis=1)
    closeness = scores[np.arange(n), assignment]
    group_rank = np.empty(k, dtype=np.int64)
    group_rank[leaf_order(centroids)] = np.arange(k)
    # Groups in leaf order; inside a group, the most central texts first.
    return np.lexsort((-closeness, group_rank[assignment]))


def _group_sums(rows: np.ndarray, groups: np.ndarray, k: int) -> np.ndarray:
    """Sum of ``rows`` per group id in ``range(k)`` (zeros for empty groups), by sorting once."""
    order = np.argsort(groups, kind="stable")
    present, starts = np.unique(groups[order], return_index=True)
    sums = np.zeros((k, rows.shape[1]), dtype=rows.dtype)
    sums[present] = np.add.reduceat(rows[order], starts, axis=0)
    return sums


def grouped_order(groups: list[str], unit: np.ndarray | None = None) -> np.ndarray:
    """A permutation that shows the texts group by group, groups in order of first appearance.

    Within a group the texts keep their input order, or, given their unit rows ``unit``,
    the cluster order of that group's rows (:func:`cluster_order` on each group alone).
    """
    first: dict[str, int] = {}
    for name in groups:
        first.setdefault(name, len(first))
    rank = np.array([first[name] for name in groups], dtype=np.int64)
    order = []
    for g in range(len(first)):
        members = np.flatnonzero(rank == g)
        if unit is not None and len(members) > 1:
            members = members[cluster_order(unit[members])]
        order.append(members)
    return np.concatenate(order) if order else np.arange(0)
