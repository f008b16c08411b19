"""One tiled pass over the upper triangle of the similarity matrix: neighbours, extremes, histogram.

The pass never holds the N×N matrix. The upper triangle is cut into square tiles of at most
``tile`` rows; all cores take tiles in turn, each with single-threaded BLAS (float32). From each
tile's product, still in cache, the pass keeps:

- the ``k`` nearest neighbours of every row, in both directions (tile (i, j) updates the rows
  of block i and those of block j), self excluded;
- the ``pairs`` most similar and the ``pairs`` least similar pairs of the whole triangle;
- a histogram of every off-diagonal value (each unordered pair once) on :data:`BINS` fixed
  bins of width 2⁻¹⁰ over [-1, 1]: a value's bin is ``floor(v·1024)``, exact in float32
  because the scale is a power of two, so the counts equal ``np.histogram`` on the same
  edges.

Only candidates cost anything: a value is looked at only when it beats the current k-th
best of its row or column (or the current floor of the global lists); diagonal tiles run
first so that every row has a threshold before the others.

Exact quantiles (:func:`exact_order_statistics`) take one more pass: the histogram says which
bin holds the wanted rank and how many values lie below it; the second pass gathers only the
values of that bin and partitions them. A bin too full for ``budget`` values is first split
into sub-bins by another counting pass, until it fits. :func:`threshold_pass` counts the pairs
at or above a similarity exactly and joins them into connected components.

Everything here takes unit rows (float32, rows of length 1, or 0 for empty embeddings) and
plain values; nothing depends on the widget.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

import numpy as np

TILE = 768  # a tile's product is efficient BLAS work and stays in cache for the reductions
BINS = 2048  # histogram bins over [-1, 1], width 2⁻¹⁰ (a power of two keeps binning exact)
BUDGET = 1 << 26  # values (256 MiB in float32) an exact-quantile pass may gather at once
PRESELECT = 4  # candidates per row and neighbour slot beyond which a tile pre-selects

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
BlasLimit = Callable[[], AbstractContextManager[object]]


class PassCancelled(RuntimeError):
    """Raised by a pass whose ``cancel`` callback returned True."""


@dataclass(frozen=True)
class PairList:
    """Pairs ``(rows[n], cols[n])`` with ``rows < cols`` and their similarities, in list order."""

    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray

    def __len__(self) -> int:
        return int(self.values.size)


@dataclass(frozen=True)
class NeighborPass:
    """What one pass over the upper triangle keeps (see the module docstring).

    Attributes:
        n: number of rows.
        tile: tile size the pass used (later passes must use the same to see the same values).
        neighbor_indices: (n, k) nearest other rows, most similar first; -1 where n - 1 < k.
        neighbor_values: (n, k) their similarities; -inf where there is no neighbour.
        most_similar: the largest pairs, most similar first (at most the ``pairs`` asked).
        least_similar: the smallest pairs, least similar first.
        histogram: (BINS,) counts of the n(n-1)/2 off-diagonal values, bin b holding
            [-1 + b/1024, -1 + (b+1)/1024), the last bin closed at 1.
        total: number of pairs, n(n-1)/2.
    """

    n: int
    tile: int
    neighbor_indices: np.ndarray
    neighbor_values: np.ndarray
    most_similar: PairList
    least_similar: PairList
    histogram: np.ndarray
    total: int

    @property
    def bin_edges(self) -> np.ndarray:
        """The BINS + 1 histogram edges."""
        return np.linspace(-1.0, 1.0, BINS + 1)

    @property
    def min(self) -> float:
        """The smallest off-diagonal similarity (nan without pairs)."""
        return float(self.least_similar.values[0]) if len(self.least_similar) else float("nan")

    @property
    def max(self) -> float:
        """The largest off-diagonal similarity (nan without pairs)."""
        return float(self.most_similar.values[0]) if len(self.most_similar) else float("nan")

    def complete_at_least(self, threshold: float) -> bool:
        """Whether :attr:`most_similar` holds every pair with similarity >= ``threshold``."""
        kept = self.most_similar
        cut = np.float32(threshold)  # the pairs are float32: compare as float32
        return len(kept) == self.total or (len(kept) > 0 and kept.values[-1] < cut)


def neighbor_pass(
    unit: np.ndarray,
    k: int = 10,
    pairs: int = 10_000,
    *,
    tile: int = TILE,
    workers: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    blas_limit: BlasLimit | None = None,
) -> NeighborPass:
    """Run the neighbour pass over the unit rows ``unit`` (see the module docstring).

    Args:
        unit: (N, d) float32 unit rows (zero rows allowed).
        k: nearest neighbours kept per row.
        pairs: most and least similar pairs kept for the whole matrix.
        tile: largest tile side.
        workers: threads (default: the cores this process may use).
        progress: called as ``progress(done_tiles, total_tiles)`` after each tile.
        cancel: polled before each tile; when it returns True the pass raises
            :class:`PassCancelled`.
        blas_limit: context manager factory that makes BLAS single-threaded while the
            pass runs (default: threadpoolctl, one limited pass at a time in this module).

    Returns:
        The :class:`NeighborPass`.
    """
    unit = _check_unit(unit)
    if k < 1 or pairs < 1:
        raise ValueError(f"k and pairs must be at least 1, got k={k}, pairs={pairs}")
    state = _State(len(unit), k, pairs, tile)
    # The pass clips what it keeps (the histogram folds rounding steps into the end bins).
    _run_tiles(unit, state.take_tile, tile, workers, progress, cancel, blas_limit, clip=False)
    return state.result(tile)


@dataclass(frozen=True)
class ThresholdPass:
    """The pairs at or above a similarity: their exact count and connected components.

    Attributes:
        threshold: the similarity.
        count: number of pairs (i < j) with similarity >= threshold.
        labels: (n,) component of every row (rows with no such pair are alone).
    """

    threshold: float
    count: int
    labels: np.ndarray


def threshold_pass(
    unit: np.ndarray,
    threshold: float,
    *,
    tile: int = TILE,
    workers: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    blas_limit: BlasLimit | None = None,
) -> ThresholdPass:
    """Count the pairs at or above ``threshold`` and join them into connected components.

    Each tile's edges are reduced to a spanning forest of its rows and columns (at most
    rows + columns edges) before they are kept, so memory stays bounded even when most
    pairs pass; connectivity is unchanged by that reduction.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    unit = _check_unit(unit)
    n = len(unit)
    lock = threading.Lock()
    found: list[tuple[np.ndarray, np.ndarray]] = []
    count = [0]
    cut = np.float32(threshold)

    def take(i0: int, j0: int, block: np.ndarray) -> None:
        h, w = block.shape
        if i0 == j0:
            rows, cols = np.nonzero(np.triu(block >= cut, 1))
            ids = np.arange(i0, i0 + h)  # local node → row: one block on both sides
        else:
            rows, cols = np.divmod(np.flatnonzero(block >= cut), w)
            cols = cols + h
            ids = np.concatenate([np.arange(i0, i0 + h), np.arange(j0, j0 + w)])
        tile_count = rows.size
        if rows.size > ids.size:  # more edges than a forest needs: keep one
            rows, cols = _spanning_forest(rows, cols, ids.size)
        with lock:
            count[0] += tile_count
            found.append((ids[rows], ids[cols]))

    _run_tiles(unit, take, tile, workers, progress, cancel, blas_limit)
    rows = np.concatenate([f[0] for f in found]) if found else np.zeros(0, np.int64)
    cols = np.concatenate([f[1] for f in found]) if found else np.zeros(0, np.int64)
    graph = coo_matrix((np.ones(rows.size, np.int8), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return ThresholdPass(float(threshold), count[0], labels)


def _spanning_forest(a: np.ndarray, b: np.ndarray, nodes: int) -> tuple[np.ndarray, np.ndarray]:
    """Edges of a spanning forest with the connectivity of edges (a, b) on ``nodes`` nodes.

    Every node is joined to the smallest node of its component: fewer than ``nodes`` edges.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(a.size, np.int8), (a, b)), shape=(nodes, nodes))
    _, labels = connected_components(graph, directed=False)
    first = np.full(labels.max() + 1, nodes, dtype=np.int64)
    np.minimum.at(first, labels, np.arange(nodes))
    root = first[labels]
    joined = np.flatnonzero(root != np.arange(nodes))
    return root[joined], joined


def exact_order_statistics(
    unit: np.ndarray,
    result: NeighborPass,
    ranks: np.ndarray,
    *,
    budget: int = BUDGET,
    workers: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    blas_limit: BlasLimit | None = None,
) -> np.ndarray:
    """The values at 0-based ``ranks`` of the sorted off-diagonal similarities, exactly.

    The histogram of ``result`` locates each rank's bin; one more pass gathers the values of
    those bins (at most ``budget`` in all) and ``np.partition`` picks the ranks. A bin holding
    more than ``budget`` values is split into 1,024 sub-bins by a counting pass first, as often
    as needed (a bin of equal values is answered by its minimum).
    """
    unit = _check_unit(unit)
    ranks = np.asarray(ranks, dtype=np.int64).ravel()
    if ranks.size and (ranks.min() < 0 or ranks.max() >= result.total):
        raise ValueError(f"ranks must lie in [0, {result.total}), got {ranks.tolist()}")
    run = functools.partial(
        _run_tiles,
        unit,
        tile=result.tile,
        workers=workers,
        progress=progress,
        cancel=cancel,
        blas_limit=blas_limit,
    )
    # Each rank lives in an interval named by a path: (bin, sub-bin, sub-sub-bin, ...).
    cumulative = np.cumsum(result.histogram)
    bins = np.searchsorted(cumulative, ranks, side="right")
    paths = [(int(b),) for b in bins]
    offsets = ranks - (cumulative[bins] - result.histogram[bins])
    sizes = {path: int(result.histogram[path[0]]) for path in paths}
    answers = np.full(ranks.size, np.nan)
    solved = np.zeros(ranks.size, dtype=bool)
    while True:
        # Gather at most ``budget`` values in all: split the intervals above their share.
        open_paths = {p for p, s in zip(paths, solved, strict=True) if not s}
        if sum(sizes[p] for p in open_paths) <= budget:
            break
        crowded = sorted(p for p in open_paths if sizes[p] > budget // len(open_paths))
        split = _count_sub_bins(run, crowded)
        for index, path in enumerate(paths):
            if solved[index] or path not in split:
                continue
            counts, low, high = split[path]
            if low == high:  # every value of the interval is the same number
                answers[index], solved[index] = low, True
                continue
            cumulative = np.cumsum(counts)
            sub = int(np.searchsorted(cumulative, offsets[index], side="right"))
            offsets[index] -= cumulative[sub] - counts[sub]
            paths[index] = (*path, sub)
            sizes[paths[index]] = int(counts[sub])
    wanted = {p: sizes[p] for p, s in zip(paths, solved, strict=True) if not s}
    gathered = _gather(run, wanted)
    for index, path in enumerate(paths):
        if not solved[index]:
            answers[index] = np.partition(gathered[path], offsets[index])[offsets[index]]
    return answers


def _bounds(path: tuple[int, ...]) -> list[tuple[float, float]]:
    """The nested intervals [lo, hi) a path names: its histogram bin, then each sub-bin."""
    lo, hi = path[0] / 1024 - 1, (path[0] + 1) / 1024 - 1
    nested = [(lo, hi)]
    for sub in path[1:]:
        step = (hi - lo) / 1024
        lo, hi = lo + sub * step, lo + (sub + 1) * step
        nested.append((lo, hi))
    return nested


def _upper_values(i0: int, j0: int, block: np.ndarray) -> np.ndarray:
    """The tile's values of the strict upper triangle, flat."""
    if i0 == j0:
        return block.ravel()[_upper_flat(block.shape[0])]
    return block.ravel()


@functools.lru_cache(maxsize=4)
def _upper_flat(h: int) -> np.ndarray:
    """Flat positions of the strict upper triangle of an h×h tile, row by row."""
    rows, cols = np.triu_indices(h, 1)
    return rows * h + cols


def _in_bins(paths: list[tuple[int, ...]]) -> Callable[[int, int, np.ndarray], np.ndarray]:
    """A function giving a tile's upper values whose histogram bin starts one of ``paths``.

    One look-up per value (the bin as the histogram computes it), so a pass that looks for a
    few bins reads each tile a few times, not a few times per bin.
    """
    wanted = np.zeros(1 << 16, dtype=bool)
    for path in paths:
        b = path[0] - 1024  # floor(v·1024), as the histogram's uint16 index
        wanted[b % (1 << 16)] = True
        if path[0] == 0:
            wanted[(-1025) % (1 << 16)] = True  # a rounding step below -1
        if path[0] == BINS - 1:
            wanted[1024] = True  # the value 1 closes the last bin

    def select(i0: int, j0: int, block: np.ndarray) -> np.ndarray:
        values = _upper_values(i0, j0, block)
        scaled = np.multiply(values, np.float32(1024))
        np.floor(scaled, out=scaled)
        return values[wanted[scaled.astype(np.int16).view(np.uint16)]]

    return select


def _bin_path(values: np.ndarray) -> np.ndarray:
    """The histogram bin of each value (0..BINS-1), the same map as :func:`_histogram`."""
    index = np.floor(values * np.float32(1024)).astype(np.int64) + 1024
    return np.clip(index, 0, BINS - 1)


def _inside(values: np.ndarray, path: tuple[int, ...]) -> np.ndarray:
    """The values in the interval a path names (by the same maps that counted them)."""
    values = values[_bin_path(values) == path[0]]
    for (lo, hi), sub in zip(_bounds(path)[:-1], path[1:], strict=True):
        values = values[_sub_bin(values, lo, hi) == sub]
    return values


def _sub_bin(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """The sub-bin (0..1023) of values in [lo, hi): a monotone map, the same in every pass."""
    index = np.floor((values.astype(np.float64) - lo) * (1024 / (hi - lo))).astype(np.int64)
    return np.clip(index, 0, 1023)


def _count_sub_bins(run: Callable[..., None], crowded: list[tuple[int, ...]]) -> dict:
    """One pass: for each crowded interval, its 1,024 sub-bin counts and its min and max."""
    lock = threading.Lock()
    found = {path: [np.zeros(1024, np.int64), np.inf, -np.inf] for path in crowded}
    select = _in_bins(crowded)

    def take(i0: int, j0: int, block: np.ndarray) -> None:
        values = select(i0, j0, block)
        for path in crowded:
            inside = _inside(values, path)
            if inside.size:
                lo, hi = _bounds(path)[-1]
                counts = np.bincount(_sub_bin(inside, lo, hi), minlength=1024)
                with lock:
                    entry = found[path]
                    entry[0] += counts
                    entry[1] = min(entry[1], float(inside.min()))
                    entry[2] = max(entry[2], float(inside.max()))

    run(take)
    return {path: tuple(entry) for path, entry in found.items()}


def _gather(run: Callable[..., None], wanted: dict[tuple[int, ...], int]) -> dict:
    """One pass: the values of each interval, into arrays of the sizes counted before."""
    lock = threading.Lock()
    found = {path: np.empty(size, dtype=np.float32) for path, size in wanted.items()}
    filled = dict.fromkeys(wanted, 0)
    select = _in_bins(list(wanted))

    def take(i0: int, j0: int, block: np.ndarray) -> None:
        values = select(i0, j0, block)
        for path in wanted:
            part = _inside(values, path)
            if part.size:
                with lock:
                    start = filled[path]
                    found[path][start : start + part.size] = part
                    filled[path] = start + part.size

    run(take)
    for path, size in wanted.items():
        if filled[path] != size:  # the histogram and this pass must see the same values
            raise RuntimeError(f"bin {path} held {filled[path]} values, counted {size}")
    return found


class _Extremes:
    """The ``limit`` pairs with the largest keys seen so far (key = value, or -value)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.keys = np.zeros(0, np.float32)
        self.rows = np.zeros(0, np.int64)
        self.cols = np.zeros(0, np.int64)
        self.floor = -np.inf  # a key must exceed this to enter

    def add(self, keys: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> None:
        keep = keys > self.floor
        if not keep.any():
            return
        self.keys = np.concatenate([self.keys, keys[keep]])
        self.rows = np.concatenate([self.rows, rows[keep]])
        self.cols = np.concatenate([self.cols, cols[keep]])
        if self.keys.size >= 2 * self.limit:  # compact now and then, not on every tile
            self._compact()

    def _compact(self) -> None:
        if self.keys.size > self.limit:
            best = np.argpartition(self.keys, self.keys.size - self.limit)[-self.limit :]
            self.keys, self.rows, self.cols = self.keys[best], self.rows[best], self.cols[best]
        if self.keys.size == self.limit:
            self.floor = float(self.keys.min())

    def sorted(self, sign: float) -> PairList:
        self._compact()
        order = np.lexsort((self.cols, self.rows, -self.keys))
        return PairList(self.rows[order], self.cols[order], sign * self.keys[order])


class _State:
    """Everything the neighbour pass keeps, updated tile by tile under one lock."""

    def __init__(self, n: int, k: int, pairs: int, tile: int) -> None:
        self.n, self.k = n, k
        self.values = np.full((n, k), -np.inf, dtype=np.float32)
        self.indices = np.full((n, k), -1, dtype=np.int64)
        self.kth = np.full(n, -np.inf, dtype=np.float32)  # k-th best so far, per row
        self.top = _Extremes(pairs)
        self.bottom = _Extremes(pairs)
        self.histogram = np.zeros(BINS + 1, dtype=np.int64)
        self.lock = threading.Lock()
        # Beyond this many candidates in a tile (thresholds still low), pre-select instead.
        self.cap = PRESELECT * k * tile + 2 * pairs

    def take_tile(self, i0: int, j0: int, block: np.ndarray) -> None:
        h, w = block.shape
        if i0 == j0:
            self._take_diagonal(i0, block)
            return
        counts = _histogram(block)
        # Candidates beat their row's k-th best, their column's, or the global list's floor.
        top_floor = np.float32(self.top.floor)
        row_cut = np.minimum(self.kth[i0 : i0 + h], top_floor)
        col_cut = np.minimum(self.kth[j0 : j0 + w], top_floor)
        mask = block > row_cut[:, None]
        mask |= block > col_cut[None, :]
        flat = np.flatnonzero(mask)
        if flat.size > self.cap:
            flat = self._preselect(block)
        r, c = np.divmod(flat, w)
        v = np.clip(block.ravel()[flat], -1.0, 1.0)
        low = self._lowest(block)
        with self.lock:
            self.histogram += counts
            # Rows of block i and of block j are distinct: one merge takes both directions.
            ids = np.concatenate([np.arange(i0, i0 + h), np.arange(j0, j0 + w)])
            self._merge(ids, np.concatenate([r, c + h]), np.concatenate([c + j0, r + i0]), v, v)
            self.top.add(v, r + i0, c + j0)
            if low is not None:
                lr, lc, lv = low
                self.bottom.add(-lv, lr + i0, lc + j0)

    def _preselect(self, block: np.ndarray) -> np.ndarray:
        """Flat indices of each row's and column's k best and the tile's best pairs."""
        h, w = block.shape
        k = min(self.k, w)
        by_row = np.argpartition(block, w - k, axis=1)[:, w - k :]
        by_row = (np.arange(h)[:, None] * w + by_row).ravel()
        k = min(self.k, h)
        by_col = np.argpartition(block, h - k, axis=0)[h - k :, :]
        by_col = (by_col * w + np.arange(w)[None, :]).ravel()
        m = min(self.top.limit, block.size)
        best = np.argpartition(block.ravel(), block.size - m)[block.size - m :]
        return np.unique(np.concatenate([by_row, by_col, best]))

    def _lowest(self, block: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The tile's candidates for the least similar pairs (None when there are none)."""
        cut = -self.bottom.floor  # a value must be below this
        if block.min() >= cut:
            return None
        flat = np.flatnonzero(block < cut)
        if flat.size > self.bottom.limit:
            m = self.bottom.limit
            values = block.ravel()[flat]
            flat = flat[np.argpartition(values, m - 1)[:m]]
        r, c = np.divmod(flat, block.shape[1])
        return r, c, np.clip(block.ravel()[flat], -1.0, 1.0)

    def _take_diagonal(self, i0: int, block: np.ndarray) -> None:
        """A tile on the diagonal: pairs from its strict upper half, neighbours from both."""
        h = block.shape[0]
        np.clip(block, -1.0, 1.0, out=block)
        flat = _upper_flat(h)
        upper = block.ravel()[flat]
        iu, ju = np.divmod(flat, h)
        counts = _histogram(upper)
        top = self._best(upper, self.top)
        low = self._best(-upper, self.bottom)
        np.fill_diagonal(block, -np.inf)  # a row is not its own neighbour
        k = min(self.k, h - 1)
        if k > 0:
            # Each row's k-th best in the tile, then every value at or above it.
            kth = np.partition(block, h - k, axis=1)[:, h - k]
            r, c = np.divmod(np.flatnonzero(block >= kth[:, None]), h)
            v = block[r, c]
        else:
            r = c = np.zeros(0, np.int64)
            v = np.zeros(0, np.float32)
        with self.lock:
            self.histogram += counts
            self._merge(np.arange(i0, i0 + h), r, c + i0, v)
            self.top.add(upper[top], iu[top] + i0, ju[top] + i0)
            self.bottom.add(-upper[low], iu[low] + i0, ju[low] + i0)

    @staticmethod
    def _best(keys: np.ndarray, kept: _Extremes) -> np.ndarray:
        """Positions of the keys that may enter ``kept``: above its floor, at most its limit."""
        found = np.flatnonzero(keys > kept.floor)
        if found.size > kept.limit:
            found = found[np.argpartition(keys[found], found.size - kept.limit)[-kept.limit :]]
        return found

    def _merge(
        self, ids: np.ndarray, local: np.ndarray, cols: np.ndarray, *vals: np.ndarray
    ) -> None:
        """Merge candidate neighbours into their rows' k best, kept sorted, most similar first.

        Candidate n is neighbour ``cols[n]`` of row ``ids[local[n]]`` with similarity
        ``vals[n]`` (the value arrays are joined: one tile's two directions share values).
        """
        vals = np.concatenate(vals) if len(vals) > 1 else vals[0]
        keep = vals > self.kth[ids[local]]
        if not keep.any():
            return
        local, cols, vals = local[keep], cols[keep], vals[keep]
        present = np.bincount(local, minlength=ids.size)
        touched = ids[present > 0]
        position = np.cumsum(present > 0) - 1  # candidate's local row → its place in touched
        k = self.k
        group = np.concatenate([np.repeat(np.arange(touched.size), k), position[local]])
        values = np.concatenate([self.values[touched].ravel(), vals])
        indices = np.concatenate([self.indices[touched].ravel(), cols])
        # By row, then most similar first: one float64 sort key (values lie in [-1, 1];
        # the -inf of empty slots counts as -2 so that it stays within its row).
        order = np.argsort(group * 4.0 - np.maximum(values, -2.0), kind="stable")
        sizes = np.bincount(group, minlength=touched.size)
        starts = np.cumsum(sizes) - sizes
        chosen = order[(starts[:, None] + np.arange(k)).ravel()]
        self.values[touched] = values[chosen].reshape(-1, k)
        self.indices[touched] = indices[chosen].reshape(-1, k)
        self.kth[touched] = self.values[touched, k - 1]

    def result(self, tile: int) -> NeighborPass:
        histogram = self.histogram[:BINS].copy()
        histogram[-1] += self.histogram[BINS]  # the value 1 closes the last bin
        return NeighborPass(
            n=self.n,
            tile=tile,
            neighbor_indices=self.indices,
            neighbor_values=self.values,
            most_similar=self.top.sorted(1.0),
            least_similar=self.bottom.sorted(-1.0),
            histogram=histogram,
            total=self.n * (self.n - 1) // 2,
        )


def _histogram(values: np.ndarray) -> np.ndarray:
    """Counts per bin floor(v·1024) + 1024 (BINS + 1 slots: the last one holds v = 1).

    Values a rounding step outside [-1, 1] count in the first or last bin.
    """
    scaled = np.multiply(values, np.float32(1024))  # exact: a power of two
    np.floor(scaled, out=scaled)
    # As uint16, floor(v·1024) in [-1025, 1024] wraps negatives to the top: no offset pass.
    wrapped = np.bincount(scaled.astype(np.int16).view(np.uint16).ravel(), minlength=1 << 16)
    counts = np.concatenate([wrapped[-1024:], wrapped[:1025]])
    counts[0] += wrapped[-1025]  # a rounding step below -1
    return counts


def _run_tiles(
    unit: np.ndarray,
    take: Callable[[int, int, np.ndarray], None],
    tile: int = TILE,
    workers: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    blas_limit: BlasLimit | None = None,
    clip: bool = True,
) -> None:
    """Call ``take(i0, j0, block)`` for every tile of the upper triangle, on all cores.

    ``block`` is the float32 product (clipped to [-1, 1] unless ``clip`` is False) of rows [i0, i0 + tile) with rows
    [j0, j0 + tile) (j0 >= i0), in a buffer of the calling thread that the next tile reuses.
    Diagonal tiles come first.
    """
    n = len(unit)
    if n < 2:
        return
    starts = range(0, n, tile)
    tiles = [(i, i) for i in starts] + [(i, j) for i in starts for j in starts if j > i]
    total = len(tiles)
    local = threading.local()
    lock = threading.Lock()
    done = [0]

    def run(position: tuple[int, int]) -> None:
        if cancel is not None and cancel():
            raise PassCancelled("the similarity pass was cancelled")
        i0, j0 = position
        if not hasattr(local, "buffer"):
            local.buffer = np.empty((tile, tile), dtype=np.float32)
        rows, cols = unit[i0 : i0 + tile], unit[j0 : j0 + tile]
        block = local.buffer[: len(rows), : len(cols)]
        np.matmul(rows, cols.T, out=block)
        # Rounding steps outside [-1, 1] only for (near-)duplicate rows: check before writing.
        if clip and (block.max() > 1.0 or block.min() < -1.0):
            np.clip(block, -1.0, 1.0, out=block)
        take(i0, j0, block)
        if progress is not None:
            with lock:
                done[0] += 1
                progress(done[0], total)

    limit = blas_limit or _single_threaded_blas
    threads = workers or _cores()
    with limit():
        if threads == 1 or total == 1:
            for position in tiles:
                run(position)
        else:
            with ThreadPoolExecutor(max_workers=threads) as pool:
                for _ in pool.map(run, tiles):
                    pass


def _check_unit(unit: np.ndarray) -> np.ndarray:
    """The unit rows as C-contiguous float32 (N, d), or a clear error."""
    array = np.asarray(unit)
    if array.ndim != 2:
        raise ValueError(f"unit rows must be a 2-D array (N, d), got shape {array.shape}")
    if not np.issubdtype(array.dtype, np.floating):
        raise ValueError(f"unit rows must be floating point, got {array.dtype}")
    return np.ascontiguousarray(array, dtype=np.float32)


def _cores() -> int:
    """The number of cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


_LIMITED = threading.Lock()


@contextmanager
def _single_threaded_blas() -> Iterator[None]:
    """BLAS on one thread per caller while the pass's own threads share the cores.

    The limit is process-wide, so limited passes of this module run one at a time (two
    overlapping ones could restore the limits out of order).
    """
    with _LIMITED, _blas_controller().limit(limits=1, user_api="blas"):
        yield


@functools.cache
def _blas_controller() -> object:
    """The loaded BLAS libraries as threadpoolctl sees them (a ~10 ms scan: done once)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()
