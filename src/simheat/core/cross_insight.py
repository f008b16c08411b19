"""What a validator asks of a cross-similarity matrix (rows × columns), from one pass over it.

:class:`CrossInsight` is the sibling of :class:`~simheat.core.insight.Insight` for two sets of
texts: rows (e.g. test texts, queries) and columns (training texts, documents). One pass over
the N × M cells, in chunks of rows, never holding the matrix, keeps the histogram, the most
and least similar cells and every row's most similar column; a second pass gathers the
values of the bins that hold the exact quantiles. It answers:

- :meth:`~CrossInsight.stats`: over all N × M cells (no diagonal rule: a row is not a
  column), mean and std exact from Σu, Σv, UᵀU and VᵀV, the quantiles exact;
- :meth:`~CrossInsight.nearest_columns`: each row's most similar column, exact;
- :meth:`~CrossInsight.leakage`: the rows whose most similar column is at or above a
  similarity (a test text with a near-copy in the training set), by default the
  near-duplicate bar :data:`~simheat.core.insight.NEAR_DUPLICATE` (0.95);
- :meth:`~CrossInsight.outliers`: the cross version of isolated texts, the rows whose most
  similar column is least similar (a query no document answers);
- with ``paired=True`` (row i against column i, its perturbed version),
  :meth:`~CrossInsight.stability`: the diagonal's statistics and ValidMind's
  ``StabilityAnalysis`` pass rule, mean ≥ threshold (default 0.7), and the least stable texts.

A limit: the quantile pass gathers every value of the bins (width 1/1024) that hold the
wanted ranks, so a matrix of mostly equal values (all texts alike) gathers most of its cells
at once; one set's pass splits such bins further (``neighbors.exact_order_statistics``).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from .cross import cross_products
from .insight import (
    NEAR_DUPLICATE,
    _frame,
    _modified_z,
    interpolate_quantiles,
    quantile_ranks,
)
from .neighbors import BINS, Cancel, PassCancelled, Progress

STABILITY_THRESHOLD = 0.7  # ValidMind's StabilityAnalysis* default: mean similarity ≥ 0.7
STABILITY_BINS = 20  # bins of the stability histogram (np.histogram's default is 10)
CHUNK_CELLS = 4_000_000  # cells of one chunk of rows: 16 MiB of float32, in cache-sized BLAS


class CrossInsight:
    """Statistics, extreme cells, nearest columns, leakage and stability of rows × columns.

    Args:
        unit: (N, d) unit rows of the texts, float32 (rows of zeros for empty embeddings).
        column_unit: (M, d) unit rows of the column texts.
        texts, labels: the N row texts and labels (for the records), or None.
        column_texts, column_labels: the M column texts and labels, or None.
        threshold: the similarity cutoff of :meth:`stats` and :meth:`pairs_above`, and of
            :meth:`leakage` when given (else 0.95), or None.
        paired: row i and column i are one text and its perturbed version (N == M).
        stability_threshold: the pass rule of :meth:`stability`: mean ≥ this.
        pairs: most and least similar cells kept by the pass.
        matrix: the full N × M similarities when they are held anyway (under the memory
            budget): the passes read them instead of computing products again.
    """

    def __init__(
        self,
        unit: np.ndarray,
        column_unit: np.ndarray,
        texts: Sequence[str] | None = None,
        labels: Sequence[object] | None = None,
        column_texts: Sequence[str] | None = None,
        column_labels: Sequence[object] | None = None,
        *,
        threshold: float | None = None,
        paired: bool = False,
        stability_threshold: float = STABILITY_THRESHOLD,
        pairs: int = 10_000,
        matrix: np.ndarray | None = None,
    ) -> None:
        self.unit = np.ascontiguousarray(unit, dtype=np.float32)
        self.column_unit = np.ascontiguousarray(column_unit, dtype=np.float32)
        if paired and len(self.unit) != len(self.column_unit):
            raise ValueError(
                f"paired=True needs one column per row: got {len(self.unit)} rows and "
                f"{len(self.column_unit)} columns"
            )
        self.texts, self.labels = texts, labels
        self.column_texts, self.column_labels = column_texts, column_labels
        self.threshold = threshold
        self.paired = paired
        self.stability_threshold = stability_threshold
        self.pairs = pairs
        if matrix is not None and matrix.shape != (len(self.unit), len(self.column_unit)):
            raise ValueError(
                f"matrix must be {len(self.unit)} × {len(self.column_unit)}, got {matrix.shape}"
            )
        self.matrix = matrix
        self._pass: _CrossPass | None = None
        self._quantiles: dict[str, float] | None = None
        self._counts: dict[float, int] = {}
        self._lock = threading.RLock()

    @property
    def n(self) -> int:
        """Number of rows."""
        return len(self.unit)

    @property
    def n_cols(self) -> int:
        """Number of columns."""
        return len(self.column_unit)

    @property
    def cells(self) -> int:
        """Number of cells, N × M."""
        return self.n * self.n_cols

    # -- the passes ---------------------------------------------------------------------

    def compute(
        self,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        quantiles: bool = False,
    ) -> None:
        """Run the pass now (a no-op once done), and with ``quantiles`` the quantile pass.

        ``progress(done, total)`` counts chunks of rows over both passes; ``cancel()``
        returning True stops at the next chunk with :class:`PassCancelled`.
        """
        with self._lock:
            passes = 2 if quantiles and self._quantiles is None else 1
            if self._pass is None:
                self._pass = self._first_pass(_Steps(progress, 0, passes), cancel, self.pairs)
            if quantiles and self._quantiles is None:
                self._quantiles = self._compute_quantiles(
                    _Steps(progress, passes - 1, passes), cancel
                )

    @property
    def result(self) -> _CrossPass:
        """The cached pass (run on first use)."""
        self.compute()
        assert self._pass is not None
        return self._pass

    def _chunks(self) -> list[tuple[int, int]]:
        rows = max(1, CHUNK_CELLS // max(1, self.n_cols))
        return [(a, min(self.n, a + rows)) for a in range(0, self.n, rows)]

    def _products(self, steps: _Steps, cancel: Cancel | None) -> Any:
        """Each chunk of rows' exact similarities with every column, as (first row, values)."""
        chunks = self._chunks()
        for done, (a, b) in enumerate(chunks):
            if cancel is not None and cancel():
                raise PassCancelled("the cross-similarity pass was cancelled")
            if self.matrix is not None:
                yield a, self.matrix[a:b]  # read only: the passes never write into values
            else:
                yield a, cross_products(self.unit[a:b], self.column_unit)
            steps(done + 1, len(chunks))

    def _first_pass(self, steps: _Steps, cancel: Cancel | None, keep: int) -> _CrossPass:
        histogram = np.zeros(BINS + 1, dtype=np.int64)
        best_col = np.zeros(self.n, dtype=np.int64)
        best = np.zeros(self.n, dtype=np.float32)
        top, bottom = _Kept(keep, largest=True), _Kept(keep, largest=False)
        for a, values in self._products(steps, cancel):
            histogram += np.bincount(_bins(values).ravel(), minlength=BINS + 1)
            cols = np.argmax(values, axis=1)
            best_col[a : a + len(values)] = cols
            best[a : a + len(values)] = values[np.arange(len(values)), cols]
            top.add(a, values)
            bottom.add(a, values)
        return _CrossPass(histogram, best_col, best, top.cells(), bottom.cells())

    def _compute_quantiles(self, steps: _Steps, cancel: Cancel | None) -> dict[str, float]:
        """Exact quantiles (``np.quantile``'s linear rule) from the histogram and one more pass."""
        m = self.cells
        positions, ranks = quantile_ranks(m)
        counts = self.result.histogram
        below = np.concatenate([[0], np.cumsum(counts)])  # values in bins before each bin
        wanted = {int(np.searchsorted(below, r, "right")) - 1: [] for r in ranks}
        for _, values in self._products(steps, cancel):
            binned = _bins(values)
            for b, found in wanted.items():
                found.append(values[binned == b])
        sorted_bins = {b: np.sort(np.concatenate(found)) for b, found in wanted.items()}
        value = {}
        for r in ranks:
            b = int(np.searchsorted(below, r, "right")) - 1
            value[r] = float(sorted_bins[b][r - below[b]])
        return interpolate_quantiles(positions, value, m)

    def count_at_least(self, threshold: float, cancel: Cancel | None = None) -> int:
        """Exact number of cells with similarity ≥ ``threshold`` (kept cells, or a counting pass).

        ``cancel`` stops the counting pass with ``PassCancelled``, keeping nothing.
        """
        if self.complete_at_least(threshold):
            return int(np.count_nonzero(self.result.top.values >= np.float32(threshold)))
        with self._lock:
            if threshold not in self._counts:
                limit = np.float32(threshold)
                self._counts[threshold] = sum(
                    int(np.count_nonzero(values >= limit))
                    for _, values in self._products(_Steps(None, 0, 1), cancel)
                )
            return self._counts[threshold]

    def complete_at_least(self, threshold: float) -> bool:
        """Whether the kept most similar cells hold every cell ≥ ``threshold``."""
        top = self.result.top
        return len(top) == self.cells or (len(top) > 0 and top.values[-1] < np.float32(threshold))

    # -- statistics ---------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Statistics of all N × M similarities (each cell once; no diagonal rule).

        ``n`` (rows), ``n_cols``, ``pairs`` (N × M), ``mean`` and ``std`` (exact from Σu·Σv
        and the Gram matrices), ``min``, ``p5``, ``median``, ``p95``, ``max`` (exact,
        ``np.quantile``'s linear rule), ``threshold``, ``pairs_above_threshold`` and
        ``share_above_threshold`` (None without a threshold), ``d``; with ``paired=True``,
        ``stability`` (see :meth:`stability`).
        """
        self.compute(quantiles=True)
        assert self._quantiles is not None
        result: dict[str, Any] = {
            "n": self.n,
            "n_cols": self.n_cols,
            "pairs": self.cells,
            **_cross_moments(self.unit, self.column_unit),
            **self._quantiles,
            "threshold": self.threshold,
            "pairs_above_threshold": None,
            "share_above_threshold": None,
            "d": int(self.unit.shape[1]),
        }
        if self.threshold is not None:
            count = self.count_at_least(self.threshold)
            result["pairs_above_threshold"] = count
            result["share_above_threshold"] = count / self.cells
        if self.paired:
            result["stability"] = self.stability()
        return result

    def histogram(self) -> tuple[np.ndarray, np.ndarray]:
        """(counts, edges) of all N × M similarities: 2,048 bins of width 1/1024 (and v = 1)."""
        return self.result.histogram.copy(), np.linspace(-1.0, 1.0, BINS + 1)

    def diagonal(self) -> np.ndarray:
        """Similarity of each row with its own column (paired: a text and its perturbed version)."""
        if not self.paired:
            raise ValueError("the diagonal means something only with paired=True")
        products = np.einsum("ij,ij->i", self.unit, self.column_unit)
        return np.clip(products, -1.0, 1.0)

    def stability(self) -> dict[str, Any]:
        """The diagonal's statistics and ValidMind's pass rule (``StabilityAnalysis*`` tests).

        ``mean``, ``min``, ``p5``, ``median``, ``max`` (``np.quantile``), ``histogram``
        (``counts`` and ``edges``, :data:`STABILITY_BINS` bins of ``np.histogram``),
        ``threshold`` and ``passed``: mean ≥ threshold.
        """
        values = self.diagonal().astype(np.float64)
        counts, edges = np.histogram(values, bins=STABILITY_BINS)
        mean = float(values.mean())
        return {
            "mean": mean,
            "min": float(values.min()),
            "p5": float(np.quantile(values, 0.05)),
            "median": float(np.median(values)),
            "max": float(values.max()),
            "histogram": {"counts": counts.tolist(), "edges": edges.tolist()},
            "threshold": self.stability_threshold,
            "passed": bool(mean >= self.stability_threshold),
        }

    # -- records ------------------------------------------------------------------------

    def top_pairs(self, k: int = 100, as_frame: bool = False) -> Any:
        """The ``k`` most similar cells, most similar first (ties: lower row, then column).

        Exactly equal values at the cut of a chunk of rows may keep another of them than
        the lowest (``np.argpartition``); the values listed are the exact top ``k``.
        """
        return self._cells(self._kept(k).top, k, as_frame)

    def bottom_pairs(self, k: int = 100, as_frame: bool = False) -> Any:
        """The ``k`` least similar cells, least similar first."""
        return self._cells(self._kept(k).bottom, k, as_frame)

    def pairs_above(self, threshold: float, limit: int = 10_000, as_frame: bool = False) -> Any:
        """The cells with similarity ≥ ``threshold``, at most ``limit``, most similar first."""
        top = self._kept(limit).top
        take = min(limit, int(np.count_nonzero(top.values >= np.float32(threshold))))
        return self._cells(top, take, as_frame)

    def nearest_columns(self, k: int | None = None, as_frame: bool = False) -> Any:
        """Each row's most similar column.

        Every row in row order, or with ``k`` the ``k`` rows whose best column is most
        similar, most similar first.
        """
        result = self.result
        rows = np.arange(self.n) if k is None else _descending(result.best)[:k]
        return self._records(rows, result.best_col[rows], result.best[rows], as_frame)

    def leakage(self, threshold: float | None = None, as_frame: bool = False) -> Any:
        """The rows whose most similar column is ≥ ``threshold``, most similar first.

        ``threshold`` defaults to :attr:`threshold`, or :data:`NEAR_DUPLICATE` (0.95)
        without one: a row with a near-copy among the columns (test text in training set).
        """
        result = self.result
        limit = np.float32(self.leakage_threshold if threshold is None else threshold)
        order = _descending(result.best)
        rows = order[result.best[order] >= limit]
        return self._records(rows, result.best_col[rows], result.best[rows], as_frame)

    @property
    def leakage_threshold(self) -> float:
        """The similarity at which a row counts as leaked: the threshold, else 0.95."""
        return NEAR_DUPLICATE if self.threshold is None else self.threshold

    def outliers(self, k: int = 20, as_frame: bool = False) -> Any:
        """The ``k`` rows whose most similar column is least similar, most isolated first.

        Records as for one set: ``index``, ``similarity``, ``neighbor`` (the best column),
        ``z`` (modified z-score of that similarity), ``text``, ``label``, ``neighbor_text``,
        ``neighbor_label``.
        """
        result = self.result
        z = _modified_z(result.best)
        rows = np.lexsort((np.arange(self.n), result.best))[:k]
        records = [
            {
                "index": int(i),
                "similarity": float(result.best[i]),
                "neighbor": int(result.best_col[i]),
                "z": float(z[i]),
                "text": _at(self.texts, i),
                "label": _at(self.labels, i),
                "neighbor_text": _at(self.column_texts, result.best_col[i]),
                "neighbor_label": _at(self.column_labels, result.best_col[i]),
            }
            for i in rows
        ]
        return _frame(records) if as_frame else records

    def neighbors(self, i: int, k: int = 10, as_frame: bool = False) -> Any:
        """The ``k`` columns most similar to row ``i``, most similar first (one exact row)."""
        values = cross_products(self.unit[i : i + 1], self.column_unit)[0]
        cols = _descending(values)[:k]
        return self._records(np.full(len(cols), i), cols, values[cols], as_frame)

    def hubs(self, k: int = 20, as_frame: bool = False) -> Any:
        """Hubness describes one set's neighbour lists: refused for two sets."""
        raise ValueError("hubs() is for one set of texts; with columns= see nearest_columns()")

    def duplicate_groups(self, threshold: float = NEAR_DUPLICATE, as_frame: bool = False) -> Any:
        """Groups of near-duplicates are one set's: refused for two sets."""
        raise ValueError(
            "duplicate_groups() is for one set of texts; with columns= see leakage(threshold)"
        )

    def least_stable(self, k: int = 20, as_frame: bool = False) -> Any:
        """The ``k`` texts least similar to their perturbed version, least stable first.

        Each record: ``index``, ``similarity``, ``text``, ``perturbed_text``, ``label``.
        """
        values = self.diagonal()
        rows = np.lexsort((np.arange(self.n), values))[:k]
        records = [
            {
                "index": int(i),
                "similarity": float(values[i]),
                "text": _at(self.texts, i),
                "perturbed_text": _at(self.column_texts, i),
                "label": _at(self.labels, i),
            }
            for i in rows
        ]
        return _frame(records) if as_frame else records

    def verdicts(self) -> list[dict[str, Any]]:
        """The signs of risk of two sets, each in words with its number.

        ``leakage`` (rows with a near-copy among the columns, at or above 0.95; not when
        paired, where the columns are meant to be near-copies) and, paired, ``unstable
        embeddings`` (mean diagonal similarity below the stability threshold).
        """
        findings = []
        leaked = int(np.count_nonzero(self.result.best >= np.float32(NEAR_DUPLICATE)))
        if leaked and not self.paired:  # paired: a text near its perturbed copy is the point
            findings.append(
                {
                    "sign": "leakage",
                    "message": (
                        f"{leaked:,} of {self.n:,} row text(s) have a column text at similarity "
                        f"≥ {NEAR_DUPLICATE}: near-copies across the two sets (a test text "
                        "seen in training inflates what a model seems to know)."
                    ),
                    "value": leaked,
                    "limit": NEAR_DUPLICATE,
                    "source": "a row's most similar column at or above 0.95, the usual cutoff of near-duplicate mining",
                }
            )
        if self.paired:
            stability = self.stability()
            if not stability["passed"]:
                findings.append(
                    {
                        "sign": "unstable embeddings",
                        "message": (
                            f"Mean similarity of each text with its perturbed version is "
                            f"{stability['mean']:.3f}, below {self.stability_threshold}: small "
                            "changes to a text move its embedding far."
                        ),
                        "value": stability["mean"],
                        "limit": self.stability_threshold,
                        "source": "ValidMind's StabilityAnalysis rule: mean similarity ≥ threshold (default 0.7)",
                    }
                )
        return findings

    # -- helpers ------------------------------------------------------------------------

    def _kept(self, limit: int) -> _CrossPass:
        """The pass, rerun keeping more cells when ``limit`` asks for more than it kept."""
        result = self.result
        if limit > len(result.top) and len(result.top) < self.cells:
            with self._lock:
                self.pairs = limit
                self._pass = result = self._first_pass(_Steps(None, 0, 1), None, limit)
        return result

    def _cells(self, kept: _Cells, k: int, as_frame: bool) -> Any:
        return self._records(kept.rows[:k], kept.cols[:k], kept.values[:k], as_frame)

    def _records(
        self, rows: np.ndarray, cols: np.ndarray, values: np.ndarray, as_frame: bool
    ) -> Any:
        records = [
            {
                "row": int(r),
                "col": int(c),
                "similarity": float(v),
                "text_row": _at(self.texts, r),
                "text_col": _at(self.column_texts, c),
                "label_row": _at(self.labels, r),
                "label_col": _at(self.column_labels, c),
            }
            for r, c, v in zip(rows, cols, values, strict=True)
        ]
        return _frame(records) if as_frame else records


class _Cells:
    """Kept cells: rows, columns and values, in the order they are listed."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray, values: np.ndarray) -> None:
        self.rows, self.cols, self.values = rows, cols, values

    def __len__(self) -> int:
        return len(self.values)


class _CrossPass:
    """What the first pass keeps: histogram, each row's best column, the extreme cells."""

    def __init__(
        self,
        histogram: np.ndarray,
        best_col: np.ndarray,
        best: np.ndarray,
        top: _Cells,
        bottom: _Cells,
    ) -> None:
        self.histogram, self.best_col, self.best = histogram, best_col, best
        self.top, self.bottom = top, bottom


class _Kept:
    """The ``limit`` largest (or smallest) cells seen so far, merged chunk by chunk."""

    def __init__(self, limit: int, largest: bool) -> None:
        self.limit, self.sign = limit, -1.0 if largest else 1.0
        self.keys = np.empty(0, dtype=np.float32)  # sign·value: smallest first is best
        self.flat = np.empty(0, dtype=np.int64)  # row·M + column
        self.m = 0

    def add(self, first_row: int, values: np.ndarray) -> None:
        """Take a chunk of rows ``first_row:`` × every column."""
        self.m = values.shape[1]
        keys = (self.sign * values).ravel()
        if self.limit < keys.size:
            pick = np.argpartition(keys, self.limit - 1)[: self.limit]
        else:
            pick = np.arange(keys.size)
        self.keys = np.concatenate([self.keys, keys[pick]])
        self.flat = np.concatenate([self.flat, pick + first_row * self.m])
        if len(self.keys) > self.limit:
            # Ties at the cut keep the lowest (row, col): sort by key, then by position.
            order = np.lexsort((self.flat, self.keys))[: self.limit]
            self.keys, self.flat = self.keys[order], self.flat[order]

    def cells(self) -> _Cells:
        """The kept cells, best first (ties: lower row, then lower column)."""
        order = np.lexsort((self.flat, self.keys))
        flat = self.flat[order]
        rows, cols = np.divmod(flat, max(1, self.m))
        return _Cells(rows, cols, (self.sign * self.keys[order]).astype(np.float32))


class _Steps:
    """Report one pass's chunks as a share of ``passes`` passes, ``before`` of them done."""

    def __init__(self, progress: Progress | None, before: int, passes: int) -> None:
        self.progress, self.before, self.passes = progress, before, passes

    def __call__(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(self.before * total + done, self.passes * total)


def _bins(values: np.ndarray) -> np.ndarray:
    """Each value's histogram bin, floor(v·1024) + 1024 (the last slot holds v = 1).

    As the one-set pass bins: exact in float32, the scale is a power of two.
    """
    scaled = np.floor(np.multiply(values, np.float32(1024)))
    return np.clip(scaled + 1024, 0, BINS).astype(np.int64)


def _descending(values: np.ndarray) -> np.ndarray:
    """Indices by value, largest first; ties by lower index."""
    return np.lexsort((np.arange(len(values)), -values.astype(np.float64)))


def _cross_moments(unit: np.ndarray, column_unit: np.ndarray) -> dict[str, float]:
    """Exact mean and std of every u_i·v_j: Σ = (Σu)·(Σv), Σ² = ⟨UᵀU, VᵀV⟩ (float64)."""
    u, v = unit.astype(np.float64), column_unit.astype(np.float64)
    cells = len(u) * len(v)
    mean = float(u.sum(axis=0) @ v.sum(axis=0)) / cells
    square = float(np.sum((u.T @ u) * (v.T @ v))) / cells
    return {"mean": mean, "std": float(np.sqrt(max(square - mean * mean, 0.0)))}


def _at(values: Sequence[Any] | None, i: Any) -> Any:
    return None if values is None else values[int(i)]
