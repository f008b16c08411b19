"""Cosine similarities between two sets of embeddings: an N × M matrix, rows × columns.

:class:`CrossMatrix` answers the views :class:`~simheat.core.matrix.SimilarityMatrix` answers
(exact blocks, tiles of exact values, block means and maxima, the strongest pair of a block,
the default colour range, the full matrix under a memory budget) for rows = texts and
columns = other texts (queries × documents, test × train). Rows and columns each have their
own display order. There is no diagonal rule: a text is not its own column, and cell (i, i)
of a paired matrix (text i against its perturbed version) is an ordinary similarity.

Block means are exact from block sums of the unit rows, as for one set:
the mean cosine of row block A with column block B is ``(ΣA · ΣB) / (|A|·|B|)``.
"""

from __future__ import annotations

import threading

import numpy as np

from .matrix import (
    _CHUNK_CELLS,
    BYTES_PER_CELL,
    DEFAULT_MEMORY_BUDGET,
    Aggregation,
    Tile,
    make_tile,
    reduce_blocks,
)
from .matrix import _block_sums as block_sums
from .matrix import _format_bytes as format_bytes
from .ordering import cluster_order
from .similarity import normalize_rows, warn_zero_rows

RANGE_SAMPLE = 2048  # rows and columns sampled for the default colour range above the budget
# Up to this many cells the full matrix (and its exact range) is computed with the heatmap;
# beyond, only when first needed: the overview comes from block sums, so the first draw
# does not wait for a product of N × M (400 MB at 100,000 × 1,000).
EAGER_CELLS = 16_000_000


def cross_products(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Similarities of unit rows ``rows`` with unit rows ``cols``, clipped to [-1, 1] in place.

    float32 rounding steps just outside [-1, 1] for near-copies; rows of zeros give 0.
    """
    products = rows @ cols.T
    if products.size and (products.max() > 1.0 or products.min() < -1.0):
        np.clip(products, -1.0, 1.0, out=products)
    return products


def value_range(values: np.ndarray) -> tuple[float, float]:
    """Smallest and largest value, widened to include [0, 1] when they are equal (never empty)."""
    return _widened(float(values.min()), float(values.max()))


def _widened(lo: float, hi: float) -> tuple[float, float]:
    return (min(lo, 0.0), max(hi, 1.0)) if lo == hi else (lo, hi)


class CrossMatrix:
    """Cosine similarities of N row embeddings with M column embeddings.

    The same interface as :class:`~simheat.core.matrix.SimilarityMatrix`, with rows and
    columns apart: ``n_rows`` and ``n_cols``, a display order for each (``order`` and
    ``column_order``), ``to_input`` for rows and ``column_to_input`` for columns. The full
    N × M matrix is held only while it fits ``memory_budget``.

    Args:
        embeddings: ``(N, d)`` checked, finite row embeddings in input order.
        column_embeddings: ``(M, d)`` checked, finite column embeddings in input order.
        memory_budget: Largest full matrix to hold, in bytes.
    """

    def __init__(
        self,
        embeddings: np.ndarray,
        column_embeddings: np.ndarray,
        memory_budget: int = DEFAULT_MEMORY_BUDGET,
    ) -> None:
        if embeddings.shape[1] != column_embeddings.shape[1]:
            raise ValueError(
                f"the rows' embeddings have width {embeddings.shape[1]} but the columns' have "
                f"{column_embeddings.shape[1]}: embed both sets with the same model"
            )
        self.embeddings = embeddings
        self.column_embeddings = column_embeddings
        self.unit, zero = normalize_rows(embeddings)
        self.column_unit, column_zero = normalize_rows(column_embeddings)
        warn_zero_rows(zero, stacklevel=4)
        warn_zero_rows(column_zero, stacklevel=4)
        self.nonzero, self.column_nonzero = ~zero, ~column_zero
        self.n_rows, self.n_cols = len(self.unit), len(self.column_unit)
        self.memory_budget = memory_budget
        self._fits = self.matrix_bytes <= memory_budget
        self._full: np.ndarray | None = None
        self._full_lock = threading.Lock()
        if self._fits and self.n_rows * self.n_cols <= EAGER_CELLS:
            full = self.full
            assert full is not None
            self.bounds = (float(full.min()), float(full.max()))  # one scan each
            self.default_range = _widened(*self.bounds)
        else:  # the range of a sample (the full matrix may come later, or never)
            self.default_range = self._sampled_range()
            self.bounds = (self.default_range[0], 1.0)
        self.set_order(None, None)

    @property
    def n(self) -> int:
        """Number of rows (as ``SimilarityMatrix.n``)."""
        return self.n_rows

    @property
    def matrix_bytes(self) -> int:
        """Size of the full matrix in float32."""
        return self.n_rows * self.n_cols * BYTES_PER_CELL

    @property
    def full(self) -> np.ndarray | None:
        """The full N × M matrix while it fits the budget (computed once, when first needed)."""
        if not self._fits:
            return None
        with self._full_lock:
            if self._full is None:
                self._full = cross_products(self.unit, self.column_unit)
                self._full.flags.writeable = False
            return self._full

    @property
    def held(self) -> np.ndarray | None:
        """The full matrix if it has been computed already, else None (computes nothing)."""
        return self._full

    def matrix(self) -> np.ndarray:
        """The full N × M matrix (read-only), or a ``MemoryError`` that says what to use instead."""
        if self.full is None:
            raise MemoryError(
                f"the full {self.n_rows:,}×{self.n_cols:,} matrix needs "
                f"{format_bytes(self.matrix_bytes)}, over the memory budget of "
                f"{format_bytes(self.memory_budget)}: use heatmap.window(rows, cols) for a "
                "part of it, or raise memory_budget="
            )
        return self.full

    def _sampled_range(self, seed: int = 0) -> tuple[float, float]:
        """The range of the similarities of random rows with random columns (one product)."""
        rng = np.random.default_rng(seed)
        rows = np.sort(rng.choice(self.n_rows, min(RANGE_SAMPLE, self.n_rows), replace=False))
        cols = np.sort(rng.choice(self.n_cols, min(RANGE_SAMPLE, self.n_cols), replace=False))
        return value_range(cross_products(self.unit[rows], self.column_unit[cols]))

    def set_order(
        self, order: str | np.ndarray | None, column_order: str | np.ndarray | None = None
    ) -> None:
        """Show rows and columns each in input, cluster or a given order.

        Each of ``order`` and ``column_order`` is ``"input"`` (or ``None``), ``"cluster"``
        (each set by its own clustering) or a permutation.
        """
        self.order = _permutation(order, self.unit)
        self.column_order = _permutation(column_order, self.column_unit)
        # Block sums need display-ordered rows: one reordered copy of each side, made once.
        self._shown = self.unit if self.order is None else self.unit[self.order]
        self._shown_cols = (
            self.column_unit if self.column_order is None else self.column_unit[self.column_order]
        )

    def value(self, row: int, col: int) -> float:
        """The similarity of input row ``row`` and input column ``col``."""
        return float(self.block([row], [col])[0, 0])

    def block(self, rows: np.ndarray | list[int], cols: np.ndarray | list[int]) -> np.ndarray:
        """Exact similarities of input rows ``rows`` with input columns ``cols`` (index arrays)."""
        rows, cols = np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)
        if self.full is not None:
            return self.full[np.ix_(rows, cols)]
        return cross_products(self.unit[rows], self.column_unit[cols])

    def tile(
        self,
        rows: tuple[int, int],
        cols: tuple[int, int],
        max_side: int = 1024,
        aggregation: Aggregation = "mean",
    ) -> Tile:
        """The tile of display rows × columns ``rows`` × ``cols``, at most ``max_side`` cells a side.

        Rows and columns are blocked apart: a 100,000 × 1,000 overview has blocks of 98 rows
        by 1 column.
        """
        spans = _clamp(rows, self.n_rows), _clamp(cols, self.n_cols)
        return make_tile(self, *spans, max_side, aggregation)

    def exact(self, r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        """Exact similarities of display rows ``r0:r1`` with display columns ``c0:c1`` (a copy)."""
        if self.full is None:
            return cross_products(self._shown[r0:r1], self._shown_cols[c0:c1])
        rows = np.arange(r0, r1) if self.order is None else self.order[r0:r1]
        cols = np.arange(c0, c1) if self.column_order is None else self.column_order[c0:c1]
        if self.order is None and self.column_order is None:
            return np.array(self.full[r0:r1, c0:c1])
        return self.full[np.ix_(rows, cols)]

    def _block_mean(self, r0: int, r1: int, rs: int, c0: int, c1: int, cs: int) -> np.ndarray:
        row_sums, row_sizes = block_sums(self._shown, r0, r1, rs)
        col_sums, col_sizes = block_sums(self._shown_cols, c0, c1, cs)
        means = row_sums @ col_sums.T
        means /= np.outer(row_sizes, col_sizes)
        np.clip(means, -1.0, 1.0, out=means)
        return means.astype(np.float32)

    def _block_max(self, r0: int, r1: int, rs: int, c0: int, c1: int, cs: int) -> np.ndarray:
        """Largest similarity per block (a hidden near-copy stands out)."""
        return reduce_blocks(self.exact, (r0, r1, rs, c0, c1, cs))

    def strongest_pair(
        self, rows: tuple[int, int], cols: tuple[int, int]
    ) -> tuple[int, int, float]:
        """The most similar cell in a window, as display (row, col) and its value."""
        r0, r1 = _clamp(rows, self.n_rows)
        c0, c1 = _clamp(cols, self.n_cols)
        best = (r0, c0, -np.inf)
        chunk_rows = max(1, _CHUNK_CELLS // max(1, c1 - c0))
        for a in range(r0, r1, chunk_rows):
            chunk = self.exact(a, min(r1, a + chunk_rows), c0, c1)
            i, j = divmod(int(np.argmax(chunk)), chunk.shape[1])
            if chunk[i, j] > best[2]:
                best = (a + i, c0 + j, float(chunk[i, j]))
        return best

    def to_input(self, display: int) -> int:
        """The input index of display row ``display``."""
        return int(display if self.order is None else self.order[display])

    def column_to_input(self, display: int) -> int:
        """The input index of display column ``display``."""
        return int(display if self.column_order is None else self.column_order[display])


def _permutation(order: str | np.ndarray | None, unit: np.ndarray) -> np.ndarray | None:
    if isinstance(order, str):
        order = None if order == "input" else cluster_order(unit)
    return None if order is None else np.asarray(order, dtype=np.int32)


def _clamp(span: tuple[int, int], n: int) -> tuple[int, int]:
    start = min(max(0, int(span[0])), n - 1)
    return start, min(max(start + 1, int(span[1])), n)
