"""How each metric turns embeddings into the heatmap's numbers, and which way is "near".

Every metric here is a function of products of prepared rows ``x``, so one BLAS product
gives any window of cells and block sums give exact block aggregates:

- ``cosine`` (default): ``x`` are the unit rows; a cell is ``x_a · x_b``, clipped to [-1, 1],
  a text with itself exactly 1 (0 for an all-zero embedding: see ``apply_diagonal_rule``).
- ``dot``: ``x`` are the embeddings; a cell is ``x_a · x_b``. A block mean is
  ``(ΣA · ΣB) / (|A|·|B|)``, exact.
- ``euclidean``: ``x`` are the raw embeddings (as ValidMind's ``EuclideanDistanceHeatmap``
  computes them), centred and in float64 (distances do not change; near-copies would
  otherwise lose their small distance to float32 rounding of large norms); a cell is ``√(‖a‖² + ‖b‖² − 2 a·b)``, a text with itself exactly 0. A
  block's mean squared distance is exact from the same identity, ``mean ‖a‖² + mean ‖b‖² −
  2 (ΣA · ΣB) / (|A|·|B|)``; the overview shows its root (the root mean square distance,
  which is at least the mean distance: a block of equal distances shows that distance).

Distances are small for similar texts: :attr:`Metric.distance` says so, and "the closest
pair of a block" is its smallest distance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .similarity import Index, apply_diagonal_rule, as_indices, same_texts

METRICS = ("cosine", "dot", "euclidean")


@dataclass(frozen=True)
class Vectors:
    """The rows whose products give one metric's cells, in one order (input or display)."""

    rows: np.ndarray  # (N, d), C-contiguous: float32, float64 for euclidean
    nonzero: np.ndarray  # bool (N,): False for an all-zero embedding
    squares: np.ndarray  # float64 (N,): squared norms of ``rows``

    def take(self, order: np.ndarray | None) -> Vectors:
        """The same rows in ``order`` (display position → input index), or these without one."""
        if order is None:
            return self
        return Vectors(self.rows[order], self.nonzero[order], self.squares[order])

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class Metric:
    """One metric: how to prepare rows, finish their products into cells, and aggregate blocks."""

    name: str
    distance: bool  # small values mean similar texts
    bounded: bool  # values lie in [-1, 1] (cosine)

    def prepare(self, embeddings: np.ndarray, unit: np.ndarray, zero: np.ndarray) -> Vectors:
        """The rows of this metric (``unit`` and ``zero`` from ``normalize_rows``, reused)."""
        if self.name == "cosine":
            return Vectors(unit, ~zero, (~zero).astype(np.float64))
        if self.name == "dot":
            rows = np.ascontiguousarray(embeddings, dtype=np.float32)
        else:
            rows = np.asarray(embeddings, dtype=np.float64)
            rows = np.ascontiguousarray(rows - rows.mean(axis=0))
        squares = np.einsum("ij,ij->i", rows, rows, dtype=np.float64)
        return Vectors(rows, squares > 0, squares)

    def cells(self, v: Vectors, rows: Index, cols: Index) -> np.ndarray:
        """Exact cells (float32) of ``v``'s rows ``rows`` with its rows ``cols`` (slices or indices)."""
        return self.finish(v.rows[rows] @ v.rows[cols].T, v, rows, cols).astype(
            np.float32, copy=False
        )

    def finish(self, products: np.ndarray, v: Vectors, rows: Index, cols: Index) -> np.ndarray:
        """Turn products of ``v.rows[rows]`` with ``v.rows[cols]`` into cells, in place when it can."""
        if self.name == "cosine":
            return apply_diagonal_rule(products, rows, cols, v.nonzero)
        if self.name == "dot":
            return products
        squared = products.astype(np.float64, copy=True)
        squared *= -2.0
        squared += v.squares[rows][:, None]
        squared += v.squares[cols][None, :]
        np.maximum(squared, 0.0, out=squared)  # rounding can step below 0 for near-copies
        products[...] = np.sqrt(squared)
        n = len(v)
        i, j = same_texts(as_indices(rows, n), as_indices(cols, n))
        products[i, j] = 0.0  # a text with itself: exactly 0, not a rounding residue
        return products

    def block_means(
        self, mean_products: np.ndarray, row_squares: np.ndarray, col_squares: np.ndarray
    ) -> np.ndarray:
        """Block aggregates from the mean product of each block and its blocks' mean ‖x‖²."""
        if self.name == "cosine":
            return np.clip(mean_products, -1.0, 1.0)
        if self.name == "dot":
            return mean_products
        squared = row_squares[:, None] + col_squares[None, :] - 2.0 * mean_products
        return np.sqrt(np.maximum(squared, 0.0))

    def self_value(self, v: Vectors, index: np.ndarray) -> np.ndarray:
        """The cell of each text in ``index`` with itself."""
        if self.name == "cosine":
            return v.nonzero[index].astype(np.float32)
        if self.name == "dot":
            return v.squares[index].astype(np.float32)
        return np.zeros(len(index), dtype=np.float32)

    def closeness(self, cells: np.ndarray) -> np.ndarray:
        """Cells as "larger is nearer" (distances negated), for maxima and rankings, in place."""
        if self.distance:
            np.negative(cells, out=cells)
        return cells


_METRICS = {
    "cosine": Metric("cosine", distance=False, bounded=True),
    "dot": Metric("dot", distance=False, bounded=False),
    "euclidean": Metric("euclidean", distance=True, bounded=False),
}

# What the figure calls each metric's values by default (ValidMind's titles for its tests).
TITLES = {
    "cosine": ("Cosine Similarity Matrix", "Cosine Similarity"),
    "dot": ("Dot Product Matrix", "Dot Product"),
    "euclidean": ("Euclidean Distance Matrix", "Euclidean Distance"),
}


def get_metric(name: str) -> Metric:
    """The metric called ``name``, or a ``ValueError`` listing the metrics there are."""
    if not isinstance(name, str) or name not in _METRICS:
        raise ValueError(
            f"unknown metric {name!r}; choose one of {', '.join(map(repr, METRICS))} "
            "(cosine similarity, dot product, Euclidean distance)"
        )
    return _METRICS[name]
