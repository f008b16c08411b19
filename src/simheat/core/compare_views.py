"""What the heatmap of a comparison draws: ``A − B`` and the rank difference, as tiles.

Two views of a :class:`~simheat.core.compare.Comparison` with the interface the widget and
``widget/requests.py`` use on a :class:`~simheat.core.matrix.SimilarityMatrix` (``tile``,
``strongest_pair``, ``to_input``, ``bounds``, ``default_range``), in model A's display order.
"""

from __future__ import annotations

import numpy as np

from .compare import Comparison
from .matrix import _CHUNK_CELLS, Aggregation, Tile, make_tile, reduce_blocks

# Cells computed for one estimated block-mean tile of the rank difference (see the view).
_GRID_CELLS = 4_000_000


class _DerivedView:
    """A matrix computed from both models' cells, with the interface the widget draws from.

    The same methods as :class:`SimilarityMatrix` uses for the heatmap (``tile``,
    ``strongest_pair``, ``to_input``, ``bounds``, ``default_range``), display order from
    model A. ``strongest_pair`` picks the cell of largest magnitude (where the models
    differ most); ``aggregation="max"`` shows each block's such cell, sign kept.
    """

    def __init__(self, comparison: Comparison) -> None:
        self.comparison = comparison
        self.a, self.b = comparison.a, comparison.b
        self.n = comparison.n
        self.n_rows = self.n_cols = self.n  # one set of texts: the interface of a cross matrix too

    @property
    def order(self) -> np.ndarray | None:
        """Display position → input index (model A's order), or None."""
        return self.a.order

    @property
    def default_range(self) -> tuple[float, float]:
        """Symmetric about 0, so that the diverging colorscale's middle is 0."""
        largest = self.largest() or 1.0
        return -largest, largest

    @property
    def bounds(self) -> tuple[float, float]:
        """The slider's ends: the default range."""
        return self.default_range

    def largest(self) -> float:
        """The largest magnitude off the diagonal."""
        raise NotImplementedError

    def to_input(self, display: int) -> int:
        """The input index of display position ``display``."""
        return self.a.to_input(display)

    def column_to_input(self, display: int) -> int:
        """The input index of display column ``display`` (columns share the rows' order)."""
        return self.a.to_input(display)

    def exact(self, r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        """Exact cells of display rows ``r0:r1`` × display columns ``c0:c1``."""
        raise NotImplementedError

    def tile(
        self,
        rows: tuple[int, int],
        cols: tuple[int, int],
        max_side: int = 1024,
        aggregation: Aggregation = "mean",
    ) -> Tile:
        """The tile of display rows × columns, at most ``max_side`` cells a side."""
        return make_tile(self, self.a._clamp(rows), self.a._clamp(cols), max_side, aggregation)

    def _block_mean(self, r0: int, r1: int, rs: int, c0: int, c1: int, cs: int) -> np.ndarray:
        """Block means of the real cells (float64 sums), chunk by chunk."""
        sums = reduce_blocks(self.exact, (r0, r1, rs, c0, c1, cs), _block_sums, np.float64)
        row_sizes = np.diff(np.append(np.arange(r0, r1, rs), r1))
        col_sizes = np.diff(np.append(np.arange(c0, c1, cs), c1))
        return sums / np.outer(row_sizes, col_sizes)

    def _block_max(self, r0: int, r1: int, rs: int, c0: int, c1: int, cs: int) -> np.ndarray:
        """Each block's cell of largest magnitude, its sign kept (``aggregation="max"``)."""
        return reduce_blocks(self.exact, (r0, r1, rs, c0, c1, cs), _signed_extremes, np.float64)

    def strongest_pair(
        self, rows: tuple[int, int], cols: tuple[int, int]
    ) -> tuple[int, int, float]:
        """The cell of largest magnitude in a window, as display indices and its value."""
        r0, r1 = self.a._clamp(rows)
        c0, c1 = self.a._clamp(cols)
        best = (r0, c0, 0.0)
        found = False
        step = max(1, _CHUNK_CELLS // max(1, c1 - c0))
        for a in range(r0, r1, step):
            b = min(r1, a + step)
            cells = self.exact(a, b, c0, c1)
            i, j = divmod(int(np.argmax(np.abs(cells))), cells.shape[1])
            if not found or abs(cells[i, j]) > abs(best[2]):
                best, found = (a + i, c0 + j, float(cells[i, j])), True
        return best


class DifferenceView(_DerivedView):
    """``A − B`` cell for cell; block means exact by linearity (difference of block means)."""

    def largest(self) -> float:
        """The largest |A − B| off the diagonal."""
        return self.comparison.largest_difference()

    def exact(self, r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        """``A − B`` over display rows ``r0:r1`` × columns ``c0:c1``."""
        return self.a.exact(r0, r1, c0, c1) - self.b.exact(r0, r1, c0, c1)

    def _block_mean(self, r0: int, r1: int, rs: int, c0: int, c1: int, cs: int) -> np.ndarray:
        means_a = self.a._block_mean(r0, r1, rs, c0, c1, cs).astype(np.float64)
        return means_a - self.b._block_mean(r0, r1, rs, c0, c1, cs)


class RankDifferenceView(_DerivedView):
    """Percentile in A minus percentile in B, each among its model's off-diagonal pairs.

    Exact path (every pair ranked): cells, block means and block extremes from the dense
    rank difference. Sampled path: cells from the sample's percentiles; a block mean over
    more cells than a tile computes (``_GRID_CELLS``) is estimated from a regular grid of
    pairs in each block (a few rows × a few columns of it, evenly spaced), not all of them.
    """

    def largest(self) -> float:
        """The largest |rank difference| (exact, or over the sample)."""
        return self.comparison.largest_rank_difference()

    def exact(self, r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        """The rank difference over display rows ``r0:r1`` × columns ``c0:c1``."""
        order = self.a.order
        rows, cols = np.arange(r0, r1), np.arange(c0, c1)
        if order is not None:
            rows, cols = order[rows], order[cols]
        return self.comparison.rank_difference(rows, cols)

    def _block_mean(self, r0: int, r1: int, rs: int, c0: int, c1: int, cs: int) -> np.ndarray:
        exact = self.comparison.ranks().difference is not None
        if exact or (r1 - r0) * (c1 - c0) <= _GRID_CELLS:
            return super()._block_mean(r0, r1, rs, c0, c1, cs)
        row_edges, col_edges = np.arange(r0, r1, rs), np.arange(c0, c1, cs)
        per_side = max(1, int(np.sqrt(_GRID_CELLS)) // max(len(row_edges), len(col_edges)))
        rows, row_starts = _grid(row_edges, r1, per_side)
        cols, col_starts = _grid(col_edges, c1, per_side)
        order = self.a.order
        if order is not None:
            rows, cols = order[rows], order[cols]
        cells = self.comparison.rank_difference(rows, cols).astype(np.float64)
        sums = np.add.reduceat(np.add.reduceat(cells, row_starts, 0), col_starts, 1)
        counts = np.outer(
            np.diff(np.append(row_starts, len(rows))), np.diff(np.append(col_starts, len(cols)))
        )
        return sums / counts


def _grid(edges: np.ndarray, stop: int, per_block: int) -> tuple[np.ndarray, np.ndarray]:
    """Up to ``per_block`` evenly spaced positions in each block, and where each block starts."""
    sizes = np.diff(np.append(edges, stop))
    counts = np.minimum(sizes, per_block)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    within = np.arange(counts.sum()) - np.repeat(starts, counts)
    positions = np.repeat(edges, counts) + within * np.repeat(sizes, counts) // np.repeat(
        counts, counts
    )
    return positions, starts


def _block_sums(chunk: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The float64 sum of each block of ``chunk``."""
    return np.add.reduceat(np.add.reduceat(chunk, rows, axis=0, dtype=np.float64), cols, axis=1)


def _signed_extremes(chunk: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Each block's cell of largest magnitude, its sign kept."""
    high = np.maximum.reduceat(np.maximum.reduceat(chunk, rows, 0), cols, 1)
    low = np.minimum.reduceat(np.minimum.reduceat(chunk, rows, 0), cols, 1)
    return np.where(-low > high, low, high)
