"""What a validator asks of a similarity matrix, answered from one neighbour pass.

:class:`Insight` takes unit rows (float32, length 1 or 0), the texts and their labels, runs
:func:`~simheat.core.neighbors.neighbor_pass` once when first asked and caches it, and answers:
the statistics of the off-diagonal similarities (:meth:`Insight.stats`), the most and least
similar pairs, the pairs above a threshold, a text's neighbours, outliers, hubs, groups of
near-duplicates, how well known groups separate, and the signs of risk in words with their
numbers (:meth:`Insight.verdicts`). Pure NumPy (SciPy for connected components); records are
plain dicts, or a pandas DataFrame with ``as_frame=True``.

The limits behind the verdicts are this module's constants, each with where it comes from:

- :data:`NEAR_DUPLICATE` = 0.95: the default cutoff of near-duplicate tools (ValidMind's and
  sentence-transformers' examples use 0.95 for paraphrase/duplicate mining).
- :data:`ANISOTROPY_LIMIT` = 0.5: anisotropy is the expected cosine of two random distinct
  texts (Ethayarajh 2019, "How Contextual are Contextualized Word Representations?"). Above
  0.5 a shared direction outweighs what tells texts apart: a limit chosen by simheat (the
  paper reports values from near 0 for isotropic spaces to above 0.9 for collapsed layers).
- :data:`EFFECTIVE_RANK_SHARE` = 0.1: effective rank (Roy & Vetterli 2007) below a tenth of
  the dimensions the texts could span (``min(N, d)``): a limit chosen by simheat.
- :data:`OUTLIER_Z` = 3.5: a text is isolated when the similarity to its nearest neighbour has
  a modified z-score below -3.5 (Iglewicz & Hoaglin 1993, "How to Detect and Handle Outliers").
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from simheat.core.neighbors import (
    BlasLimit,
    Cancel,
    NeighborPass,
    Progress,
    ThresholdPass,
    exact_order_statistics,
    neighbor_pass,
    threshold_pass,
)

NEAR_DUPLICATE = 0.95
ANISOTROPY_LIMIT = 0.5
EFFECTIVE_RANK_SHARE = 0.1
OUTLIER_Z = 3.5
HUB_K = 10  # k of the k-occurrence counts N_k (Radovanović et al. 2010 use 5 to 100)

IDENTICAL, SAME_WORDS, SEMANTIC = "identical", "same words", "semantic"


QUANTILES = {"min": 0.0, "p5": 0.05, "median": 0.5, "p95": 0.95, "max": 1.0}


def quantile_ranks(m: int) -> tuple[dict[str, float], list[int]]:
    """Where each of :data:`QUANTILES` lies among ``m`` sorted values, and the ranks it reads.

    ``np.quantile``'s default ("linear"): between the sorted values at floor(h) and above.
    """
    positions = {name: q * (m - 1) for name, q in QUANTILES.items()}
    ranks = sorted({r for h in positions.values() for r in (int(h), min(int(h) + 1, m - 1))})
    return positions, ranks


def interpolate_quantiles(
    positions: dict[str, float], values: dict[int, float], m: int
) -> dict[str, float]:
    """The quantiles at ``positions`` from the sorted values at the ranks they read."""
    quantiles = {}
    for name, h in positions.items():
        lo = int(h)
        a, b = values[lo], values[min(lo + 1, m - 1)]
        t = h - lo
        # NumPy's lerp: exact at both ends.
        quantiles[name] = float(b - (b - a) * (1 - t) if t >= 0.5 else a + (b - a) * t)
    return quantiles


class Insight:
    """Statistics, pairs, outliers, hubs, duplicates and verdicts for one set of unit rows.

    The neighbour pass runs once, on the first question that needs it (call :meth:`compute`
    to run it ahead, e.g. on a background thread, with progress and cancel); every answer
    after that comes from its cache. Answers that need another pass (exact quantiles, counts
    at an arbitrary threshold, duplicate groups below the kept pairs) cache theirs too.

    Args:
        unit: (N, d) unit rows, float32 (rows of zeros for empty embeddings).
        texts: the N texts (for the records and the kinds of duplicates), or None.
        labels: the N labels shown for the texts, or None.
        threshold: the similarity cutoff of :meth:`stats` and :meth:`pairs_above`, or None.
        groups: one category per text (e.g. intent labels) for :meth:`group_stats`, or None.
        k: neighbours kept per row (hubs use N_k with this k).
        pairs: most and least similar pairs kept by the pass.
        blas_limit: context manager factory making BLAS single-threaded during a pass.
    """

    def __init__(
        self,
        unit: np.ndarray,
        texts: Sequence[str] | None = None,
        labels: Sequence[object] | None = None,
        *,
        threshold: float | None = None,
        groups: Sequence[object] | None = None,
        k: int = HUB_K,
        pairs: int = 10_000,
        blas_limit: BlasLimit | None = None,
    ) -> None:
        unit = np.asarray(unit)
        if unit.ndim != 2:
            raise ValueError(f"unit must be a 2-D array (N, d), got shape {unit.shape}")
        self.unit = np.ascontiguousarray(unit, dtype=np.float32)
        n = len(self.unit)
        self.texts = _check_length("texts", texts, n)
        self.labels = _check_length("labels", labels, n)
        self.groups = _check_length("groups", groups, n)
        self.threshold = None if threshold is None else _check_similarity("threshold", threshold)
        self.k, self.pairs, self.blas_limit = k, pairs, blas_limit
        self._pass: NeighborPass | None = None
        self._thresholds: dict[float, ThresholdPass] = {}
        self._quantiles: dict[str, float] | None = None
        self._moments: dict[str, float] | None = None
        self._lock = threading.RLock()

    # -- the pass -----------------------------------------------------------------------

    def compute(
        self,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        quantiles: bool = False,
    ) -> None:
        """Run the neighbour pass now (a no-op once done); see :func:`neighbor_pass`.

        With ``quantiles`` the exact-quantile pass of :meth:`stats` runs too, and
        ``progress(done, total)`` counts the tiles of both passes.
        """
        with self._lock:
            passes = 2 if quantiles and self._quantiles is None else 1
            if self._pass is None:
                self._pass = neighbor_pass(
                    self.unit,
                    k=self.k,
                    pairs=self.pairs,
                    progress=_scaled(progress, 0, passes),
                    cancel=cancel,
                    blas_limit=self.blas_limit,
                )
            if quantiles and self._quantiles is None:
                self._quantiles = self._compute_quantiles(
                    _scaled(progress, passes - 1, passes), cancel
                )

    @property
    def ready(self) -> bool:
        """Whether the neighbour pass is done (answers then come without waiting)."""
        return self._pass is not None

    @property
    def neighbor_pass(self) -> NeighborPass:
        """The cached neighbour pass (run on first use)."""
        self.compute()
        assert self._pass is not None
        return self._pass

    @property
    def n(self) -> int:
        """Number of texts."""
        return len(self.unit)

    # -- statistics ---------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Statistics of the off-diagonal similarities (each pair once; the diagonal never counts).

        ``mean`` and ``std`` are exact from Σu and UᵀU; ``min``, ``p5``, ``median``, ``p95``
        and ``max`` are exact (``np.quantile``'s linear interpolation, from one more pass);
        ``share_above_threshold`` is the share of pairs at or above :attr:`threshold` (None
        without one); ``anisotropy`` is the mean (Ethayarajh 2019); ``effective_rank`` that of
        the unit embeddings (Roy & Vetterli 2007), beside their width ``d``; ``hubness`` the
        skew of the N_k counts (Radovanović et al. 2010); ``pairs_above_threshold`` the count
        behind the share. ``groups`` (see :meth:`group_stats`) when groups were given.
        """
        moments = self._exact_moments()
        result: dict[str, Any] = {
            "n": self.n,
            "pairs": self.n * (self.n - 1) // 2,
            "mean": moments["mean"],
            "std": moments["std"],
            **self._exact_quantiles(),
            "share_above_threshold": None,
            "pairs_above_threshold": None,
            "threshold": self.threshold,
            "anisotropy": moments["mean"],
            "effective_rank": moments["effective_rank"],
            "d": int(self.unit.shape[1]),
            "hubness": self.hubness() if self.n > 2 else float("nan"),
        }
        if self.threshold is not None and result["pairs"]:
            count = self.count_at_least(self.threshold)
            result["pairs_above_threshold"] = count
            result["share_above_threshold"] = count / result["pairs"]
        if self.groups is not None:
            result["groups"] = self.group_stats()
        return result

    def _exact_moments(self) -> dict[str, float]:
        """Mean, std and effective rank from Σu and UᵀU (float64, O(N·d²), any N)."""
        with self._lock:
            if self._moments is None:
                self._moments = _moments(self.unit)
            return self._moments

    def _exact_quantiles(self) -> dict[str, float]:
        with self._lock:
            if self._quantiles is None:
                self._quantiles = self._compute_quantiles()
            return self._quantiles

    def _compute_quantiles(
        self, progress: Progress | None = None, cancel: Cancel | None = None
    ) -> dict[str, float]:
        if self.n < 2:
            return dict.fromkeys(QUANTILES, float("nan"))
        result = self.neighbor_pass
        m = result.total
        positions, ranks = quantile_ranks(m)
        ranks = [r for r in ranks if 0 < r < m - 1]  # min and max are known from the pass
        values = dict(
            zip(
                ranks,
                exact_order_statistics(
                    self.unit,
                    result,
                    np.array(ranks, dtype=np.int64),
                    progress=progress,
                    cancel=cancel,
                    blas_limit=self.blas_limit,
                )
                if ranks
                else [],
                strict=True,
            )
        )
        values[0], values[m - 1] = result.min, result.max
        return interpolate_quantiles(positions, values, m)

    def count_at_least(self, threshold: float, cancel: Cancel | None = None) -> int:
        """Exact number of pairs with similarity >= ``threshold``.

        From the pass's kept pairs when they hold all of them, else from a counting pass
        (which ``cancel`` stops with ``PassCancelled``, keeping nothing).
        """
        threshold = _check_similarity("threshold", threshold)
        result = self.neighbor_pass
        if result.complete_at_least(threshold):
            return int(np.count_nonzero(result.most_similar.values >= np.float32(threshold)))
        return self._threshold_pass(threshold, cancel).count

    def _threshold_pass(self, threshold: float, cancel: Cancel | None = None) -> ThresholdPass:
        with self._lock:
            if threshold not in self._thresholds:
                self._thresholds[threshold] = threshold_pass(
                    self.unit,
                    threshold,
                    tile=self.neighbor_pass.tile,
                    cancel=cancel,
                    blas_limit=self.blas_limit,
                )
            return self._thresholds[threshold]

    def histogram(self) -> tuple[np.ndarray, np.ndarray]:
        """(counts, edges) of the off-diagonal similarities: 2,048 bins of width 1/1024."""
        result = self.neighbor_pass
        return result.histogram.copy(), result.bin_edges

    # -- records ------------------------------------------------------------------------

    def top_pairs(self, k: int = 100, as_frame: bool = False) -> Any:
        """The ``k`` most similar pairs (row < col), most similar first.

        The same pairs and scores as sentence-transformers'
        ``util.paraphrase_mining_embeddings(embeddings, top_k=k)[:k]``.
        """
        kept = self._most_similar(k)
        return self._pairs(kept.rows[:k], kept.cols[:k], kept.values[:k], as_frame)

    def pairs_above(
        self, threshold: float | None = None, limit: int = 10_000, as_frame: bool = False
    ) -> Any:
        """The pairs with similarity >= ``threshold``, at most ``limit``, most similar first.

        ``threshold`` defaults to :attr:`threshold`.
        """
        if threshold is None:
            if self.threshold is None:
                raise ValueError("pairs_above() needs a threshold: pass one or set threshold=")
            threshold = self.threshold
        threshold = _check_similarity("threshold", threshold)
        kept = self._most_similar(limit)
        take = min(limit, int(np.count_nonzero(kept.values >= np.float32(threshold))))
        return self._pairs(kept.rows[:take], kept.cols[:take], kept.values[:take], as_frame)

    def bottom_pairs(self, k: int = 100, as_frame: bool = False) -> Any:
        """The ``k`` least similar pairs (row < col), least similar first."""
        kept = self.neighbor_pass.least_similar
        if k > len(kept) and len(kept) < self.neighbor_pass.total:
            kept = self._rerun(pairs=k).least_similar
        return self._pairs(kept.rows[:k], kept.cols[:k], kept.values[:k], as_frame)

    def neighbors(self, i: int, k: int = 10, as_frame: bool = False) -> Any:
        """The ``k`` texts most similar to text ``i`` (itself excluded), most similar first.

        One row of the matrix (U·u_i): exact for any k, no pass needed.
        """
        if not -self.n <= i < self.n:
            raise IndexError(f"text {i} is out of range for {self.n} texts")
        i = int(i) % self.n
        row = np.clip(self.unit @ self.unit[i], -1.0, 1.0)
        row[i] = -np.inf
        k = min(k, self.n - 1)
        order = np.lexsort((np.arange(self.n), -row))[:k]
        return self._pairs(np.full(k, i), order, row[order], as_frame, ordered=False)

    def outliers(self, k: int = 20, as_frame: bool = False) -> Any:
        """The ``k`` texts whose nearest neighbour is least similar, most isolated first.

        Each record: ``index``, ``similarity`` (to its nearest neighbour), ``neighbor``,
        ``z`` (modified z-score of that similarity, Iglewicz & Hoaglin 1993), texts, labels.
        """
        if self.n < 2:
            return _frame([]) if as_frame else []
        nearest, similarity = self._nearest()
        z = _modified_z(similarity)
        order = np.lexsort((np.arange(self.n), similarity))[:k]
        records = [
            {
                "index": int(i),
                "similarity": float(similarity[i]),
                "neighbor": int(nearest[i]),
                "z": float(z[i]),
                "text": self._text(i),
                "label": self._label(i),
                "neighbor_text": self._text(nearest[i]),
                "neighbor_label": self._label(nearest[i]),
            }
            for i in order
        ]
        return _frame(records) if as_frame else records

    def hubs(self, k: int = 20, as_frame: bool = False) -> Any:
        """The ``k`` texts among the nearest neighbours of the most other texts.

        ``count`` is N_k (k = :attr:`k`): how many texts list it among their k nearest
        (Radovanović et al. 2010); :meth:`hubness` is the skew of those counts.
        """
        counts = self.occurrences()
        order = np.lexsort((np.arange(self.n), -counts))[:k]
        records = [
            {
                "index": int(i),
                "count": int(counts[i]),
                "text": self._text(i),
                "label": self._label(i),
            }
            for i in order
        ]
        return _frame(records) if as_frame else records

    def occurrences(self) -> np.ndarray:
        """N_k of every text: how many other texts have it among their k nearest neighbours."""
        indices = self.neighbor_pass.neighbor_indices
        return np.bincount(indices[indices >= 0], minlength=self.n)

    def hubness(self) -> float:
        """Skewness of the N_k counts (Radovanović et al. 2010): well above 1 means hubs."""
        counts = self.occurrences().astype(np.float64)
        spread = counts.std()
        if spread == 0:
            return 0.0
        return float(np.mean((counts - counts.mean()) ** 3) / spread**3)

    def duplicate_groups(
        self, threshold: float = NEAR_DUPLICATE, as_frame: bool = False
    ) -> list[dict[str, Any]] | Any:
        """Groups of texts joined by pairs at or above ``threshold``, largest first.

        Connected components of the graph of those pairs (a chain a~b~c is one group). Each
        record: ``group`` (0 = largest), ``size``, ``indices``, ``kind`` (``identical`` when all
        its texts are the same after case and whitespace normalisation, ``same words`` when
        all have the same words in any order, else ``semantic``), ``similarity`` (mean
        similarity of its pairs), ``pairs`` (how many of its pairs reach the threshold; None
        when more pairs reach it than the pass keeps), ``texts`` and ``labels``.
        """
        threshold = _check_similarity("threshold", threshold)
        labels, counts = self._components(threshold)
        sizes = np.bincount(labels)
        multi = np.flatnonzero(sizes > 1)
        members = {int(g): np.flatnonzero(labels == g) for g in multi}
        order = sorted(members, key=lambda g: (-sizes[g], int(members[g][0])))
        records = []
        for rank, g in enumerate(order):
            indices = members[g]
            records.append(
                {
                    "group": rank,
                    "size": int(indices.size),
                    "indices": indices.tolist(),
                    "kind": self._group_kind(indices),
                    "similarity": _mean_within(self.unit[indices]),
                    "pairs": None if counts is None else int(counts.get(g, 0)),
                    "texts": [self._text(i) for i in indices],
                    "labels": [self._label(i) for i in indices],
                }
            )
        return _frame(records) if as_frame else records

    def _components(self, threshold: float) -> tuple[np.ndarray, dict[int, int] | None]:
        """Component of every text, pairs per component (None: unknown); pairs >= threshold."""
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        result = self.neighbor_pass
        if result.complete_at_least(threshold):
            kept = result.most_similar
            chosen = kept.values >= np.float32(threshold)
            rows, cols = kept.rows[chosen], kept.cols[chosen]
            graph = coo_matrix((np.ones(rows.size, np.int8), (rows, cols)), shape=(self.n,) * 2)
            labels = connected_components(graph, directed=False)[1]
            per = np.bincount(labels[rows], minlength=labels.max() + 1) if rows.size else []
            return labels, {g: int(c) for g, c in enumerate(per)}
        labels = self._threshold_pass(threshold).labels
        return labels, None  # pair counts per group are known only from the kept pairs

    # -- groups -------------------------------------------------------------------------

    def group_stats(self) -> dict[str, Any]:
        """Mean similarity within and between the given groups, and their separation.

        ``within[g]`` is the mean over pairs of distinct texts of group g (nan for a group of
        one), ``between[g][h]`` the mean over pairs across g and h (its diagonal is
        ``within``), both exact from the group sums of the unit rows; ``separation`` is the
        mean silhouette on cosine distance (1 - similarity), as
        ``sklearn.metrics.silhouette_score(X, groups, metric="cosine")`` (None unless there
        are between 2 and N - 1 groups).
        """
        if self.groups is None:
            raise ValueError("group_stats() needs groups=: one category per text")
        names, codes = np.unique(
            np.asarray(self.groups, dtype=object).astype(str), return_inverse=True
        )
        first = {}
        for position, code in enumerate(codes):
            first.setdefault(int(code), self.groups[position])
        count = len(names)
        unit = self.unit.astype(np.float64)
        sums = np.zeros((count, unit.shape[1]))
        np.add.at(sums, codes, unit)
        sizes = np.bincount(codes, minlength=count).astype(np.float64)
        self_dots = np.bincount(codes, weights=np.einsum("ij,ij->i", unit, unit), minlength=count)
        gram = sums @ sums.T
        with np.errstate(invalid="ignore", divide="ignore"):
            between = gram / np.outer(sizes, sizes)
            within = (np.diag(gram) - self_dots) / (sizes * (sizes - 1))
        # A group of one has no pair: its 0/0 may round to ±inf instead of nan.
        within[sizes < 2] = np.nan
        np.fill_diagonal(between, within)
        return {
            "names": [first[c] for c in range(count)],
            "sizes": sizes.astype(int).tolist(),
            "within": within.tolist(),
            "between": between.tolist(),
            "separation": _silhouette(unit, codes, sums, sizes),
        }

    # -- verdicts -----------------------------------------------------------------------

    def verdicts(self) -> list[dict[str, Any]]:
        """The signs of high risk the data shows, each in words with the number behind it.

        Each finding: ``sign`` (``near-duplicates``, ``collapsed space``, ``isolated texts``),
        ``message``, ``value`` and ``limit``, and ``source`` (where the limit comes from).
        An empty list means none of the signs is present.
        """
        findings = []
        duplicates = self._duplicates_finding()
        if duplicates:
            findings.append(duplicates)
        findings.extend(self._collapse_findings())
        isolated = self._isolated_finding()
        if isolated:
            findings.append(isolated)
        return findings

    def _duplicates_finding(self) -> dict[str, Any] | None:
        if self.n < 2:
            return None
        count = self.count_at_least(NEAR_DUPLICATE)
        if not count:
            return None
        groups = self.duplicate_groups(NEAR_DUPLICATE)
        kinds = {kind: sum(g["kind"] == kind for g in groups) for kind in (IDENTICAL, SAME_WORDS)}
        message = (
            f"{count:,} pair(s) of texts have similarity ≥ {NEAR_DUPLICATE} "
            f"({count / (self.n * (self.n - 1) // 2):.2%} of all pairs), in {len(groups):,} "
            f"group(s) of near-duplicates"
        )
        if self.texts is not None:
            message += (
                f": {kinds[IDENTICAL]:,} group(s) of identical texts (up to case and spaces), "
                f"{kinds[SAME_WORDS]:,} of the same words in another order"
            )
        return {
            "sign": "near-duplicates",
            "message": message + ". Redundant data inflates what a model seems to know.",
            "value": count,
            "limit": NEAR_DUPLICATE,
            "groups": len(groups),
            "identical": kinds[IDENTICAL],
            "same_words": kinds[SAME_WORDS],
            "source": "pairs at or above 0.95, the usual cutoff of near-duplicate mining",
        }

    def _collapse_findings(self) -> list[dict[str, Any]]:
        if self.n < 2:
            return []
        moments = self._exact_moments()
        findings = []
        if moments["mean"] > ANISOTROPY_LIMIT:
            findings.append(
                {
                    "sign": "collapsed space",
                    "message": (
                        f"Anisotropy {moments['mean']:.3f}: two random texts have an expected "
                        f"similarity above {ANISOTROPY_LIMIT}, so every text looks alike "
                        "and the colours tell little apart."
                    ),
                    "value": moments["mean"],
                    "limit": ANISOTROPY_LIMIT,
                    "source": "anisotropy as in Ethayarajh (2019); limit 0.5 chosen by simheat",
                }
            )
        span = min(self.n, self.unit.shape[1])
        if moments["effective_rank"] < EFFECTIVE_RANK_SHARE * span:
            findings.append(
                {
                    "sign": "collapsed space",
                    "message": (
                        f"Effective rank {moments['effective_rank']:.1f} of {span} possible "
                        f"dimensions (below {EFFECTIVE_RANK_SHARE:.0%}): the texts fill a "
                        "thin slice of the embedding space."
                    ),
                    "value": moments["effective_rank"],
                    "limit": EFFECTIVE_RANK_SHARE * span,
                    "source": "effective rank as in Roy & Vetterli (2007); limit 10% of min(N, d) chosen by simheat",
                }
            )
        return findings

    def _isolated_finding(self) -> dict[str, Any] | None:
        if self.n < 3:
            return None
        _, similarity = self._nearest()
        z = _modified_z(similarity)
        isolated = np.flatnonzero(z < -OUTLIER_Z)
        if not isolated.size:
            return None
        worst = isolated[np.argsort(similarity[isolated])][:5]
        shown = ", ".join(f"{int(i)} ({similarity[i]:.3f})" for i in worst)
        return {
            "sign": "isolated texts",
            "message": (
                f"{isolated.size:,} text(s) are far from every other text: their nearest "
                f"neighbour's similarity has a modified z-score below -{OUTLIER_Z} "
                f"(median nearest similarity {np.median(similarity):.3f}; most isolated: {shown})."
            ),
            "value": int(isolated.size),
            "limit": -OUTLIER_Z,
            "indices": isolated.tolist(),
            "source": "modified z-score, Iglewicz & Hoaglin (1993)",
        }

    # -- helpers ------------------------------------------------------------------------

    def _nearest(self) -> tuple[np.ndarray, np.ndarray]:
        result = self.neighbor_pass
        return result.neighbor_indices[:, 0], result.neighbor_values[:, 0].astype(np.float64)

    def _most_similar(self, limit: int) -> Any:
        kept = self.neighbor_pass.most_similar
        if limit > len(kept) and len(kept) < self.neighbor_pass.total:
            kept = self._rerun(pairs=limit).most_similar
        return kept

    def _rerun(self, pairs: int) -> NeighborPass:
        """A pass keeping more pairs than the cached one (it then replaces the cache)."""
        with self._lock:
            result = neighbor_pass(self.unit, k=self.k, pairs=pairs, blas_limit=self.blas_limit)
            self.pairs, self._pass = pairs, result
            return result

    def _pairs(
        self,
        rows: np.ndarray,
        cols: np.ndarray,
        values: np.ndarray,
        as_frame: bool,
        ordered: bool = True,
    ) -> Any:
        records = [
            {
                "row": int(r),
                "col": int(c),
                "similarity": float(v),
                "kind": self.kind(int(r), int(c)),
                "text_row": self._text(r),
                "text_col": self._text(c),
                "label_row": self._label(r),
                "label_col": self._label(c),
            }
            for r, c, v in zip(rows, cols, values, strict=True)
        ]
        return _frame(records) if as_frame else records

    def kind(self, i: int, j: int) -> str | None:
        """``identical``, ``same words`` or ``semantic`` for texts i and j (None without texts)."""
        if self.texts is None:
            return None
        return pair_kind(self.texts[i], self.texts[j])

    def _group_kind(self, indices: np.ndarray) -> str | None:
        if self.texts is None:
            return None
        texts = [self.texts[i] for i in indices]
        if len({_spelling(t) for t in texts}) == 1:
            return IDENTICAL
        if len({_words(t) for t in texts}) == 1:
            return SAME_WORDS
        return SEMANTIC

    def _text(self, i: int) -> str | None:
        return None if self.texts is None else str(self.texts[int(i)])

    def _label(self, i: int) -> object:
        return None if self.labels is None else self.labels[int(i)]


def _scaled(progress: Progress | None, before: int, passes: int) -> Progress | None:
    """Report one pass's tiles as a share of ``passes`` passes, ``before`` of them done."""
    if progress is None:
        return None
    return lambda done, total: progress(before * total + done, passes * total)


def pair_kind(a: str, b: str) -> str:
    """How two texts are alike: ``identical``, ``same words`` or ``semantic``.

    ``identical``: the same text after case and whitespace normalisation; ``same words``: the
    same multiset of words (punctuation stripped) in another order.
    """
    if _spelling(a) == _spelling(b):
        return IDENTICAL
    if _words(a) == _words(b):
        return SAME_WORDS
    return SEMANTIC


def _spelling(text: str) -> str:
    return " ".join(str(text).casefold().split())


def _words(text: str) -> tuple[str, ...]:
    return tuple(sorted(re.findall(r"\w+", str(text).casefold())))


def _moments(unit: np.ndarray) -> dict[str, float]:
    """Exact mean and std of the off-diagonal similarities, and the effective rank.

    With s = Σu, G = UᵀU and N' the rows that are not zero: Σ_{i≠j} u_i·u_j = |s|² − N' and
    Σ_{i≠j} (u_i·u_j)² = ‖G‖_F² − N' (‖G‖_F² = ‖UUᵀ‖_F²). float64, in chunks of rows.
    """
    n, d = unit.shape
    total = np.zeros(d)
    gram = np.zeros((d, d))
    nonzero = 0.0
    for start in range(0, n, 8192):
        chunk = unit[start : start + 8192].astype(np.float64)
        total += chunk.sum(axis=0)
        gram += chunk.T @ chunk
        nonzero += float(np.einsum("ij,ij->", chunk, chunk))  # Σ|u_i|²: N' for unit rows
    eigen = np.clip(np.linalg.eigvalsh(gram), 0.0, None)
    singular = np.sqrt(eigen)
    if singular.sum() > 0:
        p = singular[singular > 0] / singular.sum()
        effective_rank = float(np.exp(-(p * np.log(p)).sum()))
    else:
        effective_rank = 0.0
    if n < 2:
        return {"mean": float("nan"), "std": float("nan"), "effective_rank": effective_rank}
    pairs = n * (n - 1)
    mean = (total @ total - nonzero) / pairs
    square = (np.sum(gram * gram) - nonzero) / pairs
    return {
        "mean": float(mean),
        "std": float(np.sqrt(max(square - mean * mean, 0.0))),
        "effective_rank": effective_rank,
    }


def _mean_within(rows: np.ndarray) -> float:
    """Mean similarity over the pairs of distinct rows (exact, from their sum)."""
    rows = rows.astype(np.float64)
    total = rows.sum(axis=0)
    m = len(rows)
    return float((total @ total - np.einsum("ij,ij->", rows, rows)) / (m * (m - 1)))


def _silhouette(
    unit: np.ndarray, codes: np.ndarray, sums: np.ndarray, sizes: np.ndarray
) -> float | None:
    """Mean silhouette on cosine distance, from the group sums: O(N·G·d), no N×N matrix.

    A text's mean distance to group h is 1 − u·s_h/n_h; to its own group the text itself
    is left out. Texts alone in their group score 0, as in scikit-learn.
    """
    count = len(sizes)
    if count < 2 or count >= len(unit):
        return None  # undefined, as for scikit-learn (which raises)
    dots = unit @ sums.T  # (N, G)
    own = sizes[codes]
    self_dot = np.einsum("ij,ij->i", unit, unit)
    own_sum = dots[np.arange(len(unit)), codes] - self_dot
    with np.errstate(invalid="ignore", divide="ignore"):
        a = ((own - 1) - own_sum) / (own - 1)
        to_others = 1.0 - dots / sizes[None, :]
    to_others[np.arange(len(unit)), codes] = np.inf
    b = to_others.min(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = (b - a) / np.maximum(a, b)
    s[own == 1] = 0.0
    return float(np.nan_to_num(s).mean())


def _modified_z(values: np.ndarray) -> np.ndarray:
    """0.6745·(x − median)/MAD (Iglewicz & Hoaglin 1993); mean deviation when MAD is 0."""
    values = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(values)
    if not finite.any():
        return np.zeros_like(values)
    median = np.median(values[finite])
    mad = np.median(np.abs(values[finite] - median))
    if mad > 0:
        z = 0.6745 * (values - median) / mad
    else:
        mean_deviation = np.mean(np.abs(values[finite] - median))
        if mean_deviation == 0:
            return np.zeros_like(values)
        z = (values - median) / (1.253314 * mean_deviation)
    return np.where(finite, z, 0.0)


def _frame(records: list[dict[str, Any]]) -> Any:
    import pandas as pd

    return pd.DataFrame.from_records(records)


def _check_length(name: str, values: Sequence[object] | None, n: int) -> list[object] | None:
    if values is None:
        return None
    values = list(values)
    if len(values) != n:
        raise ValueError(f"{name} must have one entry per text: got {len(values)} for {n} texts")
    return values


def _check_similarity(name: str, value: float) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number in [-1, 1], got {value!r}") from None
    if not -1.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a number in [-1, 1], got {value}")
    return value
