"""``ComparisonHeatmap``: one heatmap of two models on the same texts, and how they differ.

Built by :meth:`SimilarityHeatmap.compare` and :meth:`SimilarityHeatmap.compare_embeddings`.
A subclass rather than more branches in :class:`SimilarityHeatmap`: a one-model heatmap has
no ``view`` to get wrong, and everything a comparison adds (the second model, the views,
the agreement) lives here. Model A is the heatmap's own model: ``matrix``, ``window()``,
``embeddings``, the insight (stats, tables, verdicts), the neighbours in ``selected`` and
``order="cluster"`` are A's; ``matrix_b`` and ``embeddings_b`` are B's. What is drawn
follows ``view``. The numbers are :class:`simheat.core.compare.Comparison`'s.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import numpy as np
from traitlets import List, Unicode, observe

from ..core.compare import Comparison
from ..core.compare_views import DifferenceView, RankDifferenceView
from ..core.matrix import SimilarityMatrix
from ..core.similarity import check_embeddings
from ..models import EmbeddingError, Precomputed, embed_texts
from ..outputs.figure import validmind_figure
from .heatmap import SimilarityHeatmap, _count
from .insight_pass import TABLE_ROWS, WORKER, Job, _plain
from .options import VIEWS, ComparisonOptions, OptionError
from .validation import check_labels, check_texts, reject_unknown

# What each view remembers of its own: switching back restores what the user set there.
VIEW_STYLE = ("zmin", "zmax", "colorscale", "color_label")
DIVERGING = "RdBu"  # white at 0 (the range is symmetric), red for A < B, blue for A > B
DIFFERENCES = ("difference", "rank difference")


class ComparisonHeatmap(SimilarityHeatmap, ComparisonOptions):
    """Two models' similarities of the same texts in one heatmap, with a View control.

    Build it with :meth:`SimilarityHeatmap.compare` or
    :meth:`SimilarityHeatmap.compare_embeddings`; see there for the arguments.
    ``view`` (a trait) chooses what is drawn: ``"a"``, ``"b"``, ``"difference"`` (A − B, a
    diverging colorscale centred on 0 over its own symmetric range; block means exact) or
    ``"rank difference"``. The selection is shared: ``selected`` gains both models' values
    and ranks.
    """

    _names = List(Unicode(), help="The two models' names, shown by the View control.").tag(
        sync=True
    )

    _comparison: Comparison | None = None

    def __init__(
        self,
        texts: Any,
        model_a: Any,
        model_b: Any,
        *,
        names: Any = ("A", "B"),
        **options: Any,
    ) -> None:
        known = [*_keywords(), "names", "view"]
        reject_unknown(
            {k: v for k, v in options.items() if k not in known}, known, "SimilarityHeatmap.compare"
        )
        names = check_names(names)
        two_sets = options.get("columns") is not None or options.get("column_labels") is not None
        if two_sets or options.get("paired"):
            raise OptionError(
                "compare() compares two models on one set of texts; columns=, "
                "column_labels= and paired= are for SimilarityHeatmap(texts, model, columns=...)"
            )
        if options.get("metric", "cosine") != "cosine":
            raise OptionError(
                f"compare() compares cosine similarities; metric={options['metric']!r} is for a "
                "one-model heatmap: build SimilarityHeatmap(texts, model, metric=...) per model"
            )
        n = len(check_texts(texts))
        if n < 3:
            raise ValueError(
                f"comparing two models needs at least 3 texts (Spearman ρ needs 2 pairs), got {n}"
            )
        view = options.pop("view", "a")
        self.view = view  # checked before anything is embedded
        if view in DIFFERENCES:
            options.setdefault("colorscale", DIVERGING)
            options.setdefault("color_label", _difference_label(view, names))
        self._model_b = model_b
        self._styles: dict[str, dict[str, Any]] = {}
        self._table: list[dict[str, Any]] | None = None
        self._names = list(names)
        super().__init__(texts, model_a, **options)
        self._model_b = None  # embedded: the model itself is not kept
        self._start_comparison()

    def _compute_numbers(
        self,
        texts: list[str],
        columns: list[str] | None,
        model: Any,
        budget: int,
        embedding: dict[str, Any],
    ) -> SimilarityMatrix:
        compute = super()._compute_numbers
        a = _named(self._names[0], lambda: compute(texts, None, model, budget, embedding))
        assert isinstance(a, SimilarityMatrix)  # one set of texts: refused in __init__
        b = _named(
            self._names[1],
            lambda: SimilarityMatrix(embed_texts(texts, self._model_b, **embedding), budget),
        )
        self._comparison = Comparison(a, b)
        self._views = {"difference": DifferenceView(self._comparison)}
        self._views["rank difference"] = RankDifferenceView(self._comparison)
        return a

    def _apply_order(self) -> None:
        super()._apply_order()
        self._compared.b.set_order(self._numbers.order)  # B is drawn in A's order

    @property
    def _compared(self) -> Comparison:
        """The comparison, or the error a closed heatmap gives."""
        self._numbers  # noqa: B018 - raises once closed
        assert self._comparison is not None
        return self._comparison

    @property
    def _shown(self) -> Any:
        """The matrix or derived view that ``view`` selects."""
        view = self.view
        if view == "a":
            return self._numbers
        if view == "b":
            return self._compared.b
        self._compared  # noqa: B018 - raises once closed
        return self._views[view]

    def _start_comparison(self) -> None:
        """Rank both models' pairs on the insight worker, ahead of the first question."""
        comparison = self._compared

        def work() -> None:
            # A failure here is raised again, where it can be read, by the methods that ask.
            with contextlib.suppress(Exception):
                comparison.ranks()

        self._job = Job(work)
        WORKER.submit(self._job)

    def close(self) -> None:
        """Close the widget as :meth:`SimilarityHeatmap.close` does, and release model B."""
        job = getattr(self, "_job", None)
        if job is not None:
            job.drop()
        super().close()
        self._comparison = None
        self._views = {}

    # -- views -------------------------------------------------------------------------

    @observe("view")
    def _view_changed(self, change: dict) -> None:
        if self._similarity is None or not hasattr(self, "_styles"):  # in __init__, or closed
            return
        old, new = change["old"], change["new"]
        self._styles[old] = {name: getattr(self, name) for name in VIEW_STYLE}
        style = self._styles.get(new) or self._default_style(new)
        with self._sync_lock, self.hold_sync():
            with self.hold_trait_notifications():  # zmin ≤ zmax once both are set
                for name, value in style.items():
                    setattr(self, name, value)
            self._bounds = list(self._shown.bounds)
            self._overview = self._overview_wire()
            if self.selection is not None:
                self.set_trait("selected", self._pair(self.selection))

    def _default_style(self, view: str) -> dict[str, Any]:
        """A view's first style: its own range; a diverging scale for the differences."""
        zmin, zmax = self._shown_for(view).default_range
        if view in DIFFERENCES:
            label = _difference_label(view, self._names)
            return {"zmin": zmin, "zmax": zmax, "colorscale": DIVERGING, "color_label": label}
        # The other model's view: the colours and label last chosen for a model's view.
        similar = next((self._styles[v] for v in ("a", "b") if v in self._styles), None)
        base = similar or {"colorscale": "Blues", "color_label": "Cosine Similarity"}
        return {
            "zmin": zmin,
            "zmax": zmax,
            "colorscale": base["colorscale"],
            "color_label": base["color_label"],
        }

    def _shown_for(self, view: str) -> Any:
        if view == "a":
            return self._numbers
        if view == "b":
            return self._compared.b
        return self._views[view]

    # -- the selected pair --------------------------------------------------------------

    def _pair(self, cell: tuple[int, int] | None) -> dict[str, Any] | None:
        pair = super()._pair(cell)
        if pair is None:
            return None
        both = self._compared.pair(pair["row"], pair["col"])
        shown = {
            "a": both["similarity_a"],
            "b": both["similarity_b"],
            "difference": both["difference"],
            "rank difference": both["rank_difference"],
        }[self.view]
        return {**pair, **both, "view": self.view, "value": shown}

    # -- data ---------------------------------------------------------------------------

    @property
    def names(self) -> tuple[str, str]:
        """The two models' names (``names=``)."""
        return self._names[0], self._names[1]

    @property
    def matrix_a(self) -> np.ndarray:
        """Model A's N×N similarity matrix (the same as ``matrix``)."""
        return self.matrix

    @property
    def matrix_b(self) -> np.ndarray:
        """Model B's N×N similarity matrix (float32, read-only, input order)."""
        return self._compared.b.matrix()

    @property
    def embeddings_b(self) -> np.ndarray:
        """Model B's embeddings, one row per text."""
        return self._compared.b.embeddings

    def to_figure(self, text_auto: bool | str = False) -> Any:
        """The static figure of the current view (A, B, A − B or the rank difference).

        Needs the full matrices (under ``memory_budget``), as :meth:`SimilarityHeatmap.to_figure`.
        """
        return validmind_figure(self._view_matrix(), self._style(), text_auto)

    def _view_matrix(self) -> np.ndarray:
        comparison = self._compared
        if self.view == "a":
            return self.matrix
        if self.view == "b":
            return self.matrix_b
        if self.view == "difference":
            return self.matrix - self.matrix_b
        index = np.arange(comparison.n)
        self.matrix  # noqa: B018 - the same memory rule as the other views
        return comparison.rank_difference(index, index)

    # -- agreement ----------------------------------------------------------------------

    def agreement(self, changed: int = 20) -> dict[str, Any]:
        """How far the two models agree on these texts.

        Returns a dict:

        - ``spearman``: Spearman ρ between A's and B's off-diagonal similarities (each pair
          once). Exact up to 5,000 texts (equal to ``scipy.stats.spearmanr`` on the upper
          triangles); beyond, from a uniform random sample of 1,000,000 pairs (fixed seed),
          with ``spearman_interval``, its 95 % confidence interval (Fisher z, variance
          1.06/(m − 3)); ``exact`` says which, ``pairs`` and ``sample_pairs`` how many.
        - ``k`` (10), ``overlap_mean`` and ``overlap`` (per text, input order): the Jaccard
          index of each text's 10 nearest texts in A and in B (1: the same neighbours).
        - ``changed_most``: the ``changed`` texts whose neighbourhoods changed most (lowest
          overlap first): ``index``, ``overlap``, ``only_a`` and ``only_b`` (neighbours only
          one model lists), ``text``, ``label``.
        - ``names``: the two models' names.
        """
        result = self._compared.agreement(_count("changed", changed))
        for record in result["changed_most"]:
            record["text"] = self._texts[record["index"]]
            record["label"] = self._labels[record["index"]]
        return {**result, "names": self.names}

    def disagreements(self, k: int = 100, as_frame: bool = False) -> Any:
        """The ``k`` pairs one model calls near and the other far, by rank difference.

        Largest |rank difference| first (ties by row, then column). A pair's percentile is its
        place among its model's off-diagonal pairs (0: least similar, 1: most); the rank
        difference is A's minus B's. Up to 5,000 texts over all pairs; beyond, among the pairs
        where one text is among the other's 10 nearest in either model (percentiles from the
        sample). Each record: ``row`` < ``col``, ``similarity_a``, ``similarity_b``,
        ``rank_a``, ``rank_b`` (1 = the model's most similar pair), ``rank_difference``,
        ``text_row``, ``text_col``, ``label_row``, ``label_col``; a DataFrame with
        ``as_frame=True``.
        """
        records = self._compared.disagreements(_count("k", k))
        for record in records:
            row, col = record["row"], record["col"]
            record.update(
                text_row=self._texts[row],
                text_col=self._texts[col],
                label_row=self._labels[row],
                label_col=self._labels[col],
            )
        if as_frame:
            import pandas as pd

            return pd.DataFrame.from_records(records)
        return records

    def _publish_insight(self, payload: dict[str, Any]) -> None:
        """A's insight, with the Disagreements table once the tables are there."""
        tables = payload.get("tables")
        comparison = self._comparison
        if tables is not None and comparison is not None:
            if self._table is None:
                self._table = _plain(
                    [
                        {key: r[key] for key in ("row", "col", "similarity_a", "similarity_b")}
                        for r in comparison.disagreements(TABLE_ROWS)
                    ]
                )
            payload = {**payload, "tables": {**tables, "disagreements": self._table}}
        super()._publish_insight(payload)

    def __repr__(self) -> str:
        a, b = self._names or ("A", "B")
        return f"<SimilarityHeatmap comparing {a} and {b} on {len(self._texts)} texts, view={self.view!r}>"


def _named(name: str, embed: Callable[[], SimilarityMatrix]) -> SimilarityMatrix:
    """Run ``embed``; a failing model's error says which of the two models failed."""
    try:
        return embed()
    except EmbeddingError as error:
        raise EmbeddingError(f"model {name!r}: {error}") from error


def check_names(names: Any) -> tuple[str, str]:
    """Two different, non-empty names for the two models."""
    if isinstance(names, str) or not isinstance(names, (list, tuple)) or len(names) != 2:
        raise TypeError(
            f"names must be two names, one per model, e.g. names=('MiniLM', 'lexical'); got {names!r:.60}"
        )
    if not all(isinstance(name, str) and name.strip() for name in names):
        raise TypeError(f"names must be two non-empty strings, got {names!r:.60}")
    if names[0] == names[1]:
        raise ValueError(f"names must differ (they label the two models), got {names!r:.60}")
    return names[0], names[1]


def _difference_label(view: str, names: Any) -> str:
    a, b = names
    return f"{a} − {b}" if view == "difference" else f"Rank difference ({a} − {b})"


def _keywords() -> list[str]:
    from .heatmap import _CONSTRUCTION_OPTIONS, OPTIONS

    return [*_CONSTRUCTION_OPTIONS, *OPTIONS]


def compare(
    texts: Any, model_a: Any, model_b: Any, names: Any = ("A", "B"), **options: Any
) -> ComparisonHeatmap:
    """See :meth:`SimilarityHeatmap.compare`."""
    return ComparisonHeatmap(texts, model_a, model_b, names=names, **options)


def compare_embeddings(
    embeddings_a: Any,
    embeddings_b: Any,
    texts: Any = None,
    *,
    names: Any = ("A", "B"),
    labels: Any = None,
    **options: Any,
) -> ComparisonHeatmap:
    """See :meth:`SimilarityHeatmap.compare_embeddings`."""
    n = None if texts is None else len(check_texts(texts))
    a = check_embeddings(embeddings_a, n)
    try:
        b = check_embeddings(embeddings_b, a.shape[0])
    except ValueError as error:
        raise ValueError(f"embeddings_b: {error}") from None
    if texts is None:
        texts = check_labels(labels, a.shape[0])
    return ComparisonHeatmap(
        texts, Precomputed(a), Precomputed(b), names=names, labels=labels, **options
    )


__all__ = ["VIEWS", "ComparisonHeatmap", "OptionError", "compare", "compare_embeddings"]
