"""Two models' similarities of the same texts, compared pair by pair (pure NumPy).

:class:`Comparison` holds two :class:`~simheat.core.matrix.SimilarityMatrix` objects of the
same N texts (their widths may differ) and answers what a validator asks of a pair of
models:

- **Difference** ``A − B``, cell for cell (:class:`~simheat.core.compare_views.DifferenceView`). Block means are exact:
  the mean of a difference is the difference of the means, which each matrix gives from
  block sums. ``aggregation="max"`` shows each block's cell of largest magnitude, sign
  kept, from the real cells (where the models differ most).
- **Rank difference** (:class:`~simheat.core.compare_views.RankDifferenceView`): each pair's percentile among its
  model's off-diagonal pairs, A minus B, in (-1, 1); robust to the two models' different
  similarity scales. The percentile of a value ``s`` is its mid-distribution function
  ``P(S < s) + ½·P(S = s)``, i.e. ``(r − ½) / M`` for a pair of average rank ``r`` among the
  ``M`` pairs (ties share their average rank, as in Spearman's ρ).
- **Agreement** (:meth:`Comparison.agreement`): Spearman ρ of the off-diagonal
  similarities, the mean and per-text neighbour overlap@k (Jaccard of the two top-k sets),
  and the texts whose neighbourhoods changed most.
- **Disagreements** (:meth:`Comparison.disagreements`): the pairs with the largest rank
  difference, one model calling them near and the other far.

Exact or sampled. Up to :data:`EXACT_UP_TO` texts (when both full matrices exist) every
pair is ranked: ρ equals ``scipy.stats.spearmanr`` on the upper triangles, percentiles and
ranks are exact, disagreements are the top pairs over all pairs. Beyond, the pairs are too
many to sort: a uniform random sample of :data:`SAMPLE_PAIRS` pairs (fixed seed) gives ρ with
a 95 % confidence interval (Fisher z with Spearman's variance ``1.06 / (m − 3)``, Fieller,
Hartley & Pearson 1957; the sampled pairs share texts, so the interval is a close guide,
not a guarantee), the percentiles are the sample's mid-distribution function, and the
disagreements are sought among the pairs one model calls near (each text's k nearest in
either model). Overlap@k is exact at any N.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from .matrix import _CHUNK_CELLS, SimilarityMatrix
from .neighbors import neighbor_pass

EXACT_UP_TO = 5_000  # texts: every pair ranked (12.5 million pairs, about 2 s)
SAMPLE_PAIRS = 1_000_000  # pairs sampled beyond EXACT_UP_TO
OVERLAP_K = 10
CHANGED_MOST = 20
Z95 = 1.959963984540054  # the normal quantile of a two-sided 95 % interval
SPEARMAN_VARIANCE = 1.06  # Fieller, Hartley & Pearson (1957): var(atanh ρ_s) ≈ 1.06 / (m − 3)


def check_pair(a: SimilarityMatrix, b: SimilarityMatrix) -> None:
    """Refuse two matrices that do not describe the same texts, saying what differs."""
    if a.n != b.n:
        raise ValueError(
            f"the two models' embeddings have {a.n} and {b.n} rows; compare needs one row "
            "per text in both (same texts, same order)"
        )
    if a.n < 3:
        raise ValueError(
            f"comparing two models needs at least 3 texts (Spearman ρ needs 2 pairs), got {a.n}"
        )


@dataclass(frozen=True)
class Ranking:
    """One model's off-diagonal similarities in order: all of them, or a sample.

    Attributes:
        values: the similarities (each pair once), ascending, float32.
        pairs: how many off-diagonal pairs the model has (``N(N−1)/2``).
        exact: whether ``values`` holds every pair (else a uniform sample of them).
    """

    values: np.ndarray
    pairs: int
    exact: bool

    def percentile(self, similarity: np.ndarray) -> np.ndarray:
        """The mid-distribution percentile of each similarity, ``P(S < s) + ½·P(S = s)``."""
        s = np.asarray(similarity, dtype=np.float32)
        below = np.searchsorted(self.values, s, "left")
        upto = np.searchsorted(self.values, s, "right")
        return ((below + upto) / (2.0 * len(self.values))).astype(np.float32)

    def rank(self, similarity: float) -> int:
        """1 + the number of pairs more similar than ``similarity`` (1 = the most similar pair).

        Exact with every pair; else the sample's share scaled to all pairs, rounded.
        """
        above = len(self.values) - int(
            np.searchsorted(self.values, np.float32(similarity), "right")
        )
        if self.exact:
            return 1 + above
        return 1 + round(above / len(self.values) * self.pairs)


@dataclass
class _Ranks:
    """What ranking both models' pairs gives: used by ρ, the views and the disagreements."""

    a: Ranking
    b: Ranking
    rho: float
    interval: tuple[float, float] | None
    sample: int | None  # pairs in the sample, None when every pair counts
    difference: np.ndarray | None  # the dense rank difference (N×N), exact path only
    sample_values: tuple[np.ndarray, np.ndarray] | None  # the sample's (A, B) similarities


class Comparison:
    """Two models' similarity matrices of the same texts, compared.

    Everything is computed on first use and cached (thread-safe: the widget asks from its
    insight thread and from the main thread).

    Args:
        a, b: the two models' matrices, same N; ``b`` must follow ``a``'s display order
            (:meth:`set_order` sets both).
        exact_up_to: largest N at which every pair is ranked (needs both full matrices).
        sample: pairs sampled beyond it.
        seed: the sample's seed (the same figures at every call).
        k: neighbours per text for overlap@k.
    """

    def __init__(
        self,
        a: SimilarityMatrix,
        b: SimilarityMatrix,
        *,
        exact_up_to: int = EXACT_UP_TO,
        sample: int = SAMPLE_PAIRS,
        seed: int = 0,
        k: int = OVERLAP_K,
    ) -> None:
        check_pair(a, b)
        self.a, self.b = a, b
        self.n = a.n
        self.pairs = self.n * (self.n - 1) // 2
        self.exact = self.n <= exact_up_to and a.full is not None and b.full is not None
        self.sample = sample
        self.seed = seed
        self.k = min(k, self.n - 1)
        self._lock = threading.RLock()
        self._ranks: _Ranks | None = None
        self._neighbors: tuple[np.ndarray, np.ndarray] | None = None
        self._ranges: dict[str, float] = {}

    def set_order(self, order: str | np.ndarray | None) -> None:
        """Show both models' rows in the same order (``a`` decides a cluster order)."""
        self.a.set_order(order)
        self.b.set_order(self.a.order)

    # -- ranks ---------------------------------------------------------------------------

    def ranks(self) -> _Ranks:
        """Both models' rankings and Spearman ρ (computed once)."""
        with self._lock:
            if self._ranks is None:
                self._ranks = self._exact_ranks() if self.exact else self._sampled_ranks()
            return self._ranks

    def _exact_ranks(self) -> _Ranks:
        upper = _upper_mask(self.n)
        with ThreadPoolExecutor(max_workers=2) as pool:  # sorting releases the GIL
            (sorted_a, ranks_a), (sorted_b, ranks_b) = pool.map(
                lambda m: sort_and_rank(m.full[upper]), (self.a, self.b)
            )
        rho = _pearson(ranks_a, ranks_b)
        # (r_a − ½)/M − (r_b − ½)/M, mirrored: a pair is the same pair both ways round.
        difference = np.zeros((self.n, self.n), dtype=np.float32)
        difference[upper] = (ranks_a - ranks_b) / self.pairs
        difference += difference.T
        return _Ranks(
            Ranking(sorted_a, self.pairs, True),
            Ranking(sorted_b, self.pairs, True),
            rho,
            None,
            None,
            difference,
            None,
        )

    def _sampled_ranks(self) -> _Ranks:
        rows, cols = sample_pairs(self.n, min(self.sample, self.pairs), self.seed)
        va, vb = pair_values(self.a, rows, cols), pair_values(self.b, rows, cols)
        (sorted_a, ranks_a), (sorted_b, ranks_b) = sort_and_rank(va), sort_and_rank(vb)
        rho = _pearson(ranks_a, ranks_b)
        return _Ranks(
            Ranking(sorted_a, self.pairs, False),
            Ranking(sorted_b, self.pairs, False),
            rho,
            fisher_interval(rho, len(va)),
            len(va),
            None,
            (va, vb),
        )

    def rank_difference(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Rank difference of input rows × input columns (index arrays); 0 on the diagonal."""
        ranks = self.ranks()
        rows, cols = np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)
        if ranks.difference is not None:
            return ranks.difference[np.ix_(rows, cols)]
        out = ranks.a.percentile(self.a.block(rows, cols)) - ranks.b.percentile(
            self.b.block(rows, cols)
        )
        out[rows[:, None] == cols[None, :]] = 0.0
        return out

    def pair(self, row: int, col: int) -> dict[str, Any]:
        """Both models' values of the pair of input indices ``row``, ``col``.

        ``similarity_a``, ``similarity_b``, ``rank_a``, ``rank_b`` (1 = the model's most
        similar pair; None for a text with itself), ``difference`` (A − B),
        ``rank_difference`` and ``ranks_exact`` (False: ranks estimated from the sample).
        """
        ranks = self.ranks()
        sa, sb = self.a.value(row, col), self.b.value(row, col)
        same = row == col
        return {
            "similarity_a": sa,
            "similarity_b": sb,
            "rank_a": None if same else ranks.a.rank(sa),
            "rank_b": None if same else ranks.b.rank(sb),
            "difference": sa - sb,
            "rank_difference": float(self.rank_difference([row], [col])[0, 0]),
            "ranks_exact": ranks.a.exact,
        }

    # -- agreement -----------------------------------------------------------------------

    def neighbors(self) -> tuple[np.ndarray, np.ndarray]:
        """Each text's ``k`` nearest other texts in A and in B (input indices, (N, k) each)."""
        with self._lock:
            if self._neighbors is None:
                with ThreadPoolExecutor(max_workers=2) as pool:  # argpartition releases the GIL
                    found = pool.map(lambda m: top_k(m, self.k), (self.a, self.b))
                    self._neighbors = tuple(found)  # type: ignore[assignment]
            return self._neighbors

    def overlap(self) -> np.ndarray:
        """Per text, the Jaccard index of its k nearest texts in A and in B (1: the same)."""
        top_a, top_b = self.neighbors()
        return jaccard(top_a, top_b)

    def agreement(self, changed: int = CHANGED_MOST) -> dict[str, Any]:
        """Spearman ρ, overlap@k (mean and per text) and the texts whose neighbours changed most.

        Returns a dict: ``spearman``; ``spearman_interval`` (95 % interval, None when exact);
        ``exact``; ``pairs`` (all off-diagonal pairs); ``sample_pairs`` (None when exact);
        ``k``; ``overlap_mean``; ``overlap`` (per text, input order, NumPy float64);
        ``changed_most``: records ``index``, ``overlap``, ``only_a``, ``only_b`` (the
        neighbours one model lists and the other does not, by index), lowest overlap first.
        """
        ranks = self.ranks()
        overlap = self.overlap()
        top_a, top_b = self.neighbors()
        order = np.lexsort((np.arange(self.n), overlap))[:changed]
        return {
            "spearman": ranks.rho,
            "spearman_interval": ranks.interval,
            "exact": ranks.interval is None,
            "pairs": self.pairs,
            "sample_pairs": ranks.sample,
            "k": self.k,
            "overlap_mean": float(overlap.mean()),
            "overlap": overlap,
            "changed_most": [
                {
                    "index": int(i),
                    "overlap": float(overlap[i]),
                    "only_a": sorted(set(top_a[i].tolist()) - set(top_b[i].tolist())),
                    "only_b": sorted(set(top_b[i].tolist()) - set(top_a[i].tolist())),
                }
                for i in order
            ],
        }

    def disagreements(self, k: int = 100) -> list[dict[str, Any]]:
        """The ``k`` pairs (row < col) with the largest |rank difference|, largest first.

        Each record: ``row``, ``col``, ``similarity_a``, ``similarity_b``, ``rank_a``,
        ``rank_b``, ``rank_difference`` (A's percentile minus B's). Exact: over all pairs;
        sampled: over the pairs where a text is among the other's k nearest in either model.
        """
        ranks = self.ranks()
        if ranks.difference is not None:
            rows, cols, values = _largest_upper(ranks.difference, k)
        else:
            rows, cols = self._near_pairs()
            values = self.rank_difference_pairs(rows, cols)
            take = np.lexsort((cols, rows, -np.abs(values)))[:k]
            rows, cols, values = rows[take], cols[take], values[take]
        records = []
        for r, c, v in zip(rows.tolist(), cols.tolist(), values.tolist(), strict=True):
            sa, sb = self.a.value(r, c), self.b.value(r, c)
            records.append(
                {
                    "row": r,
                    "col": c,
                    "similarity_a": sa,
                    "similarity_b": sb,
                    "rank_a": ranks.a.rank(sa),
                    "rank_b": ranks.b.rank(sb),
                    "rank_difference": float(v),
                }
            )
        return records

    def rank_difference_pairs(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Rank difference of the pairs ``(rows[i], cols[i])`` (input indices)."""
        ranks = self.ranks()
        if ranks.difference is not None:
            return ranks.difference[rows, cols]
        return ranks.a.percentile(pair_values(self.a, rows, cols)) - ranks.b.percentile(
            pair_values(self.b, rows, cols)
        )

    def _near_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Every pair (row < col) where one text is among the other's k nearest, in A or B."""
        top_a, top_b = self.neighbors()
        rows = np.repeat(np.arange(self.n), self.k * 2)
        cols = np.hstack([top_a, top_b]).ravel()
        low, high = np.minimum(rows, cols), np.maximum(rows, cols)
        keys = np.unique(low.astype(np.int64) * self.n + high)
        return keys // self.n, keys % self.n

    # -- colour ranges -------------------------------------------------------------------

    def largest_difference(self) -> float:
        """The largest |A − B| off the diagonal (exact with both full matrices, else sampled)."""
        with self._lock:
            if "difference" not in self._ranges:
                self._ranges["difference"] = self._largest_difference()
            return self._ranges["difference"]

    def _largest_difference(self) -> float:
        if self.a.full is None or self.b.full is None:
            va, vb = self._sample_values()
            return float(np.abs(va - vb).max())
        largest = 0.0
        step = max(1, _CHUNK_CELLS // self.n)
        for start in range(0, self.n, step):
            chunk = np.abs(self.a.full[start : start + step] - self.b.full[start : start + step])
            largest = max(largest, float(chunk.max()))  # the diagonal's 0 never wins
        return largest

    def largest_rank_difference(self) -> float:
        """The largest |rank difference| (exact, or over the sample)."""
        with self._lock:
            if "rank" not in self._ranges:
                ranks = self.ranks()
                if ranks.difference is not None:
                    self._ranges["rank"] = float(np.abs(ranks.difference).max())
                else:
                    va, vb = self._sample_values()
                    d = ranks.a.percentile(va) - ranks.b.percentile(vb)
                    self._ranges["rank"] = float(np.abs(d).max())
            return self._ranges["rank"]

    def _sample_values(self) -> tuple[np.ndarray, np.ndarray]:
        ranks = self.ranks()
        if ranks.sample_values is not None:
            return ranks.sample_values
        rows, cols = sample_pairs(self.n, min(self.sample, self.pairs), self.seed)
        return pair_values(self.a, rows, cols), pair_values(self.b, rows, cols)


# -- helpers ----------------------------------------------------------------------------


def _upper_mask(n: int) -> np.ndarray:
    """The (N, N) mask of the pairs i < j, in the row-major order of ``np.triu_indices``."""
    index = np.arange(n)
    return index[:, None] < index[None, :]


def sort_and_rank(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The values sorted (float32) and each one's average rank (1..M, ties averaged; float64).

    One sort of 64-bit keys (the float's bits made orderable, then its position) instead of
    an argsort: about twice as fast, and stable. The sorted values come back from the keys'
    high bits (a pass in order, not a gather), and temporaries go as soon as they are used:
    12 million values are 100 MB a copy.
    """
    values = np.ascontiguousarray(values, dtype=np.float32)
    m = len(values)
    bits = values.view(np.uint32)
    # Negative floats order backwards: flip all their bits; positive ones: the sign bit.
    flip = np.where(bits >> 31, np.uint32(0xFFFFFFFF), np.uint32(0x80000000))
    keys = ((bits ^ flip).astype(np.uint64) << np.uint64(32)) | np.arange(m, dtype=np.uint64)
    del flip
    keys.sort()
    high = (keys >> np.uint64(32)).astype(np.uint32)
    unflip = np.where(high >> 31, np.uint32(0x80000000), np.uint32(0xFFFFFFFF))
    ordered = (high ^ unflip).view(np.float32)
    del high, unflip
    order = (keys & np.uint64(0xFFFFFFFF)).astype(np.intp)
    del keys
    ranks = np.empty(m, dtype=np.float64)
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    if len(starts) == m:  # no ties
        ranks[order] = np.arange(1, m + 1, dtype=np.float64)
    else:
        counts = np.diff(np.append(starts, m))
        ranks[order] = np.repeat(starts + (counts + 1) / 2.0, counts)
    return ordered, ranks


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation in float64 (of ranks: Spearman's ρ); NaN when one is constant.

    From sums and dot products (BLAS, no centred copies of 12 million values): ranks are
    at most M, so the float64 cancellation loses nothing that matters (|error| < 1e-12).
    """
    m = len(x)
    mx, my = x.sum() / m, y.sum() / m
    cov = np.dot(x, y) - m * mx * my
    var = (np.dot(x, x) - m * mx * mx) * (np.dot(y, y) - m * my * my)
    return float(cov / np.sqrt(var)) if var > 0 else float("nan")


def fisher_interval(rho: float, m: int, level_z: float = Z95) -> tuple[float, float]:
    """95 % interval of Spearman's ρ from ``m`` sampled pairs: Fisher z, variance 1.06/(m − 3)."""
    if not np.isfinite(rho) or m <= 3:
        return (float("nan"), float("nan"))
    z = np.arctanh(np.clip(rho, -0.999999, 0.999999))
    half = level_z * np.sqrt(SPEARMAN_VARIANCE / (m - 3))
    return float(np.tanh(z - half)), float(np.tanh(z + half))


def sample_pairs(n: int, m: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``m`` pairs (row < col) drawn uniformly among the N(N−1)/2, with replacement."""
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, n, size=m)
    cols = rng.integers(0, n - 1, size=m)
    cols += cols >= rows  # uniform over the other n − 1 texts
    return np.minimum(rows, cols), np.maximum(rows, cols)


def pair_values(matrix: SimilarityMatrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The similarities of the pairs ``(rows[i], cols[i])`` (input indices), float32."""
    if matrix.full is not None:
        return matrix.full[rows, cols]
    out = np.empty(len(rows), dtype=np.float32)
    step = 65_536
    for start in range(0, len(rows), step):
        r, c = rows[start : start + step], cols[start : start + step]
        out[start : start + step] = np.einsum("ij,ij->i", matrix.unit[r], matrix.unit[c])
    np.clip(out, -1.0, 1.0, out=out)
    out[rows == cols] = matrix.nonzero[rows[rows == cols]]
    return out


def top_k(matrix: SimilarityMatrix, k: int) -> np.ndarray:
    """Each text's ``k`` most similar other texts (input indices; ties in any order)."""
    n = matrix.n
    if matrix.full is None:
        return neighbor_pass(matrix.unit, k=k, pairs=1).neighbor_indices
    out = np.empty((n, k), dtype=np.intp)
    step = max(1, _CHUNK_CELLS // n)
    for start in range(0, n, step):
        chunk = np.array(matrix.full[start : start + step])
        rows = np.arange(len(chunk))
        chunk[rows, start + rows] = -np.inf
        out[start : start + len(chunk)] = np.argpartition(-chunk, k - 1, axis=1)[:, :k]
    return out


def jaccard(top_a: np.ndarray, top_b: np.ndarray) -> np.ndarray:
    """Row by row, |A ∩ B| / |A ∪ B| of two (N, k) arrays of distinct indices."""
    shared = (top_a[:, :, None] == top_b[:, None, :]).sum(axis=(1, 2))
    k = top_a.shape[1]
    return shared / (2.0 * k - shared)


def _largest_upper(dense: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``k`` cells (row < col) of largest magnitude: by |value|, then row, then col."""
    n = len(dense)
    magnitude = np.abs(np.triu(dense, 1)).ravel()
    k = min(k, n * (n - 1) // 2)
    if k <= 0:
        empty = np.array([], dtype=np.intp)
        return empty, empty, np.array([], dtype=np.float32)
    cut = np.partition(magnitude, magnitude.size - k)[magnitude.size - k]
    flat = np.flatnonzero(magnitude >= cut)  # ties at the cut: all, sorted below
    rows, cols = np.divmod(flat, n)
    keep = rows < cols
    rows, cols, flat = rows[keep], cols[keep], flat[keep]
    take = np.lexsort((cols, rows, -magnitude[flat]))[:k]
    rows, cols = rows[take], cols[take]
    return rows, cols, dense[rows, cols]
