"""The similarities (or distances) of one set of embeddings, answering every view of them.

:class:`SimilarityMatrix` owns the embeddings, their unit rows, the rows of its metric (see
:mod:`~simheat.core.metrics`) and, under a memory budget, the full N×N matrix. The browser never needs more cells than it has pixels. A :class:`Tile` covers a window of
rows × columns in blocks: each displayed cell is the mean (or the largest off-diagonal
value) of a block of similarities, or one exact similarity once the window is small.

With unit rows ``u``, the mean cosine between row set A and column set B is
``(ΣA · ΣB) / (|A|·|B|)``: block sums of the normalised embeddings give a whole grid of
block means in one small matrix product, in O(blocks × d) memory (the other metrics'
block aggregates come from the same sums: see :mod:`~simheat.core.metrics`). Maxima and exact
windows are computed tile by tile with BLAS, or read from the full matrix when it exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from .metrics import get_metric
from .ordering import cluster_order
from .similarity import (
    normalize_rows,
    off_diagonal_range,
    sample_rows,
    symmetric_products,
    warn_zero_rows,
)

Aggregation = Literal["mean", "max"]
BYTES_PER_CELL = 4
DEFAULT_MEMORY_BUDGET = 1 << 30  # 1 GiB: the full matrix up to about 16,000 texts
# Rows of the product computed at once when reducing to block maxima: bounds temporary memory.
_CHUNK_CELLS = 16_000_000


@dataclass(frozen=True)
class Tile:
    """A grid of similarities covering ``rows`` × ``cols`` (display indices, stop exclusive).

    Cell (i, j) stands for the block of rows ``row_start + i*row_step`` up to the next
    block (or ``row_stop``), likewise for columns. ``row_step == col_step == 1`` means
    exact similarities.
    """

    values: np.ndarray
    row_start: int
    row_stop: int
    row_step: int
    col_start: int
    col_stop: int
    col_step: int
    aggregation: str

    @property
    def exact(self) -> bool:
        """True when each cell is one pair of texts."""
        return self.row_step == 1 and self.col_step == 1

    def geometry(self) -> dict[str, int | str]:
        """Where the tile lies, for the browser (the values travel as a binary buffer)."""
        return {
            "row_start": self.row_start,
            "row_stop": self.row_stop,
            "row_step": self.row_step,
            "col_start": self.col_start,
            "col_stop": self.col_stop,
            "col_step": self.col_step,
            "aggregation": "exact" if self.exact else self.aggregation,
        }


def block_step(length: int, max_side: int) -> int:
    """The smallest block size that shows ``length`` items in at most ``max_side`` cells."""
    return max(1, -(-length // max_side))


class Blocks(Protocol):
    """What a tile is made from: exact cells, and block maxima and means (display order)."""

    def exact(self, r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        """Exact cells of display rows ``r0:r1`` × columns ``c0:c1``."""

    def _block_max(self, r0: int, r1: int, rs: int, c0: int, c1: int, cs: int) -> np.ndarray:
        """One value per block of ``rs`` × ``cs`` cells: the closest pair's (a difference: the largest)."""

    def _block_mean(self, r0: int, r1: int, rs: int, c0: int, c1: int, cs: int) -> np.ndarray:
        """One value per block of ``rs`` × ``cs`` cells: their mean (exact, from block sums)."""


# Cells of display rows r0:r1 × columns c0:c1, and one value per block of a chunk of them.
Cells = Callable[[int, int, int, int], np.ndarray]
Reduce = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def block_maxima(chunk: np.ndarray, row_starts: np.ndarray, col_starts: np.ndarray) -> np.ndarray:
    """The largest cell of each block of ``chunk`` (blocks starting at the given offsets)."""
    return np.maximum.reduceat(np.maximum.reduceat(chunk, row_starts, axis=0), col_starts, axis=1)


def reduce_blocks(
    cells: Cells,
    spans: tuple[int, int, int, int, int, int],
    reduce: Reduce = block_maxima,
    dtype: type = np.float32,
) -> np.ndarray:
    """One value per block of ``rs`` × ``cs`` cells of ``spans`` = (r0, r1, rs, c0, c1, cs).

    The exact cells come in chunks of whole row blocks (at most about ``_CHUNK_CELLS`` at
    once), so temporary memory stays bounded whatever the window.
    """
    r0, r1, rs, c0, c1, cs = spans
    row_edges = np.arange(r0, r1, rs)
    col_edges = np.arange(c0, c1, cs) - c0
    out = np.empty((len(row_edges), len(col_edges)), dtype=dtype)
    blocks_per_chunk = max(1, _CHUNK_CELLS // max(1, rs * (c1 - c0)))
    for first in range(0, len(row_edges), blocks_per_chunk):
        a = row_edges[first]
        b = min(r1, a + blocks_per_chunk * rs)
        starts = row_edges[first : first + blocks_per_chunk] - a
        out[first : first + len(starts)] = reduce(cells(a, b, c0, c1), starts, col_edges)
    return out


def make_tile(
    source: Blocks,
    rows: tuple[int, int],
    cols: tuple[int, int],
    max_side: int,
    aggregation: str,
) -> Tile:
    """The tile of (clamped) display spans ``rows`` × ``cols``: exact cells once they fit."""
    (r0, r1), (c0, c1) = rows, cols
    rs, cs = block_step(r1 - r0, max_side), block_step(c1 - c0, max_side)
    if rs == 1 and cs == 1:
        values = source.exact(r0, r1, c0, c1)
    elif aggregation == "max":
        values = source._block_max(r0, r1, rs, c0, c1, cs)
    elif aggregation == "mean":
        values = source._block_mean(r0, r1, rs, c0, c1, cs)
    else:
        raise ValueError(f"aggregation must be 'mean' or 'max', got {aggregation!r}")
    return Tile(values.astype(np.float32, copy=False), r0, r1, rs, c0, c1, cs, aggregation)


def _format_bytes(size: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if size < 1024 or unit == "TiB":
            return f"{size:,.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


class SimilarityMatrix:
    """A metric of embeddings, with the full N×N matrix only under ``memory_budget``.

    One object answers every view: exact blocks by index arrays (input order), tiles of
    exact values, block means or block maxima (for a distance: minima, the closest pair)
    and the closest pair of a block (display order: display position ``i`` shows input row
    ``order[i]``), the default colour range. Every exact cosine follows
    :func:`~simheat.core.similarity.apply_diagonal_rule`.

    Args:
        embeddings: ``(N, d)`` checked, finite embeddings in input order.
        memory_budget: Largest full matrix to hold, in bytes; above it, every view is
            computed from the embeddings on demand.
        metric: ``"cosine"``, ``"dot"`` or ``"euclidean"`` (see :mod:`~simheat.core.metrics`).
    """

    def __init__(
        self,
        embeddings: np.ndarray,
        memory_budget: int = DEFAULT_MEMORY_BUDGET,
        metric: str = "cosine",
    ) -> None:
        self.embeddings = embeddings
        self.metric = get_metric(metric)
        self.unit, zero = normalize_rows(embeddings)
        if self.metric.name == "cosine":  # a zero row has a dot product and a distance
            warn_zero_rows(zero, stacklevel=4)
        self.nonzero = ~zero
        self.vectors = self.metric.prepare(embeddings, self.unit, zero)
        self.n = len(self.unit)
        self.memory_budget = memory_budget
        self.full = None
        if self.matrix_bytes <= memory_budget:
            vectors = self.vectors
            self.full = symmetric_products(
                vectors.rows, lambda tile, rows, cols: self.metric.finish(tile, vectors, rows, cols)
            )
            self.default_range = off_diagonal_range(self.full)
            self.bounds = (float(self.full.min()), float(self.full.max()))
            self.full.flags.writeable = False
        else:
            sample = sample_rows(self.n)
            self.default_range = off_diagonal_range(self.metric.cells(self.vectors, sample, sample))
            # The slider's ends: the sample's range, and every text's value with itself.
            own = self.metric.self_value(self.vectors, np.arange(self.n))
            lo, hi = self.default_range
            self.bounds = (min(lo, float(own.min())), max(hi, float(own.max())))
        self.set_order(None)

    @property
    def matrix_bytes(self) -> int:
        """Size of the full matrix in float32."""
        return self.n * self.n * BYTES_PER_CELL

    @property
    def n_rows(self) -> int:
        """Rows of the matrix (N), as for a rectangular ``CrossMatrix``."""
        return self.n

    @property
    def n_cols(self) -> int:
        """Columns of the matrix (N), as for a rectangular ``CrossMatrix``."""
        return self.n

    def matrix(self) -> np.ndarray:
        """The full matrix (read-only), or a ``MemoryError`` that says what to use instead."""
        if self.full is None:
            raise MemoryError(
                f"the full {self.n:,}×{self.n:,} matrix needs {_format_bytes(self.matrix_bytes)}, over "
                f"the memory budget of {_format_bytes(self.memory_budget)}: use "
                "heatmap.window(rows, cols) for a part of it, or raise memory_budget="
            )
        return self.full

    def set_order(self, order: str | np.ndarray | None) -> None:
        """Show rows in ``"input"`` order (or ``None``), ``"cluster"`` order, or a permutation."""
        if isinstance(order, str):
            order = None if order == "input" else cluster_order(self.unit)
        self.order = None if order is None else np.asarray(order, dtype=np.int32)
        # Block sums need display-ordered rows: one reordered copy, made once.
        self._shown = self.vectors.take(self.order)

    def value(self, row: int, col: int) -> float:
        """The metric's value for input rows ``row`` and ``col``."""
        return float(self.block([row], [col])[0, 0])

    def block(self, rows: np.ndarray | list[int], cols: np.ndarray | list[int]) -> np.ndarray:
        """Exact values of input rows ``rows`` with input columns ``cols`` (index arrays)."""
        rows, cols = np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)
        if self.full is not None:
            return self.full[np.ix_(rows, cols)]
        return self.metric.cells(self.vectors, rows, cols)

    def tile(
        self,
        rows: tuple[int, int],
        cols: tuple[int, int],
        max_side: int = 1024,
        aggregation: Aggregation = "mean",
    ) -> Tile:
        """The tile of display rows × columns ``rows`` × ``cols``, at most ``max_side`` cells a side."""
        return make_tile(self, self._clamp(rows), self._clamp(cols), max_side, aggregation)

    def exact(self, r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        """Exact values of display rows ``r0:r1`` with display columns ``c0:c1`` (a copy)."""
        if self.full is None:
            return self.metric.cells(self._shown, slice(r0, r1), slice(c0, c1))
        if self.order is None:
            return np.array(self.full[r0:r1, c0:c1])
        return self.full[np.ix_(self.order[r0:r1], self.order[c0:c1])]

    def _block_mean(self, r0: int, r1: int, rs: int, c0: int, c1: int, cs: int) -> np.ndarray:
        shown = self._shown
        row_sums, row_sizes = _block_sums(shown.rows, r0, r1, rs)
        col_sums, col_sizes = _block_sums(shown.rows, c0, c1, cs)
        means = row_sums @ col_sums.T
        means /= np.outer(row_sizes, col_sizes)
        # Exact diagonal blocks: the sum above counts u·u for zero rows as 0, as it should.
        row_squares = _block_sums(shown.squares[:, None], r0, r1, rs)[0][:, 0] / row_sizes
        col_squares = _block_sums(shown.squares[:, None], c0, c1, cs)[0][:, 0] / col_sizes
        return self.metric.block_means(means, row_squares, col_squares).astype(np.float32)

    def _block_max(self, r0: int, r1: int, rs: int, c0: int, c1: int, cs: int) -> np.ndarray:
        """The closest off-diagonal pair's value per block (a hidden near-duplicate stands out)."""
        out = reduce_blocks(self._off_diagonal, (r0, r1, rs, c0, c1, cs))
        row_edges = np.arange(r0, r1, rs)
        # A 1×1 block on the diagonal has no off-diagonal pair: show it as exact (1, or 0
        # for an all-zero embedding).
        lone = np.isneginf(out)
        self.metric.closeness(out)  # back to the metric's values
        out[lone] = self.metric.self_value(self._shown, row_edges[np.nonzero(lone)[0]])
        if self.metric.bounded:
            np.clip(out, -1.0, 1.0, out=out)
        return out

    def strongest_pair(
        self, rows: tuple[int, int], cols: tuple[int, int]
    ) -> tuple[int, int, float]:
        """The closest off-diagonal pair in a window, as display indices and its value."""
        r0, r1 = self._clamp(rows)
        c0, c1 = self._clamp(cols)
        best = (r0, c0, -np.inf)
        chunk_rows = max(1, _CHUNK_CELLS // max(1, c1 - c0))
        for a in range(r0, r1, chunk_rows):
            b = min(r1, a + chunk_rows)
            chunk = self._off_diagonal(a, b, c0, c1)
            i, j = divmod(int(np.argmax(chunk)), chunk.shape[1])
            if chunk[i, j] > best[2]:
                best = (a + i, c0 + j, float(chunk[i, j]))
        if np.isneginf(best[2]):  # a single diagonal cell: the pair is the text with itself
            return r0, c0, float(self.exact(r0, r0 + 1, c0, c0 + 1)[0, 0])
        return best[0], best[1], float(self.exact(best[0], best[0] + 1, best[1], best[1] + 1)[0, 0])

    def _off_diagonal(self, r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        """Exact display window as closeness (distances negated), each text with itself at -inf."""
        chunk = self.metric.closeness(self.exact(r0, r1, c0, c1))
        start, stop = max(r0, c0), min(r1, c1)
        if start < stop:
            idx = np.arange(start, stop)
            chunk[idx - r0, idx - c0] = -np.inf
        return chunk

    def to_input(self, display: int) -> int:
        """The input index of display position ``display``."""
        return int(display if self.order is None else self.order[display])

    def column_to_input(self, display: int) -> int:
        """The input index of display column ``display`` (columns share the rows' order)."""
        return self.to_input(display)

    def _clamp(self, span: tuple[int, int]) -> tuple[int, int]:
        start, stop = int(span[0]), int(span[1])
        start = min(max(0, start), self.n - 1)
        stop = min(max(start + 1, stop), self.n)
        return start, stop


def _block_sums(
    unit: np.ndarray, start: int, stop: int, step: int
) -> tuple[np.ndarray, np.ndarray]:
    """Sums of consecutive blocks of ``step`` rows in ``unit[start:stop]``, and the block sizes.

    The whole blocks are one reshape and a contiguous sum (far faster than ``reduceat``);
    a shorter last block is summed on its own. Sums are kept in float64.
    """
    rows = unit[start:stop]
    whole = len(rows) // step
    sums = rows[: whole * step].reshape(whole, step, -1).sum(axis=1, dtype=np.float64)
    sizes = np.full(whole, step)
    if whole * step < len(rows):
        sums = np.vstack([sums, rows[whole * step :].sum(axis=0, dtype=np.float64)])
        sizes = np.append(sizes, len(rows) - whole * step)
    return sums, sizes
