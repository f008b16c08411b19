"""The ``SimilarityHeatmap`` widget: its data, its selection, and the bridge to the browser."""

from __future__ import annotations

import base64
import difflib
import inspect
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import numpy as np
from traitlets import Bool, Dict, Float, Int, List, Tuple, Unicode, observe, validate

from ..assets import widget_code
from ..core.cross import CrossMatrix
from ..core.cross_insight import CrossInsight
from ..core.insight import NEAR_DUPLICATE, Insight
from ..core.matrix import DEFAULT_MEMORY_BUDGET, SimilarityMatrix
from ..core.metrics import TITLES, get_metric
from ..core.ordering import grouped_order
from ..core.similarity import check_embeddings
from ..models import Precomputed, embed_texts
from ..outputs.figure import validmind_figure
from ..outputs.html import standalone_html
from ..outputs.png import heatmap_png, write_png
from .codec import array_from_wire, array_to_wire, tile_to_wire
from .cross_methods import CrossMethods, check_paired
from .cross_payload import CROSS
from .insight_pass import ABOVE_ROWS, InsightRunner
from .options import HeatmapOptions, OptionError, check_range, document_options, option_names
from .requests import MAX_SIDE, Context, answer
from .validation import check_groups, check_labels, check_texts, parse_bytes, reject_unknown
from .validation import count_argument as _count
from .validation import similarity_argument as _similarity

if TYPE_CHECKING:
    from .comparison import ComparisonHeatmap

# Options whose default comes from the data: ``None`` at construction asks for it.
DATA_DEFAULTS = ("zmin", "zmax")
SELECTED_NEIGHBORS = 10  # nearest texts of the selected row listed in ``selected``


class SimilarityHeatmap(CrossMethods, anywidget.AnyWidget, HeatmapOptions):
    """An interactive heatmap of the pairwise cosine similarity (or another metric) of texts.

    Embeds ``texts`` with ``model``, computes the similarity matrix with NumPy and shows it
    as a Plotly heatmap with a colour-range slider, a colorscale menu and a panel that shows
    the two texts behind the clicked cell::

        w = SimilarityHeatmap(texts, model)
        w              # show it; click a cell
        w.selection    # (row, col) of the clicked cell, or None
        w.selected     # the two texts, their labels and their similarity

    Args:
        texts: The texts to compare: a list, tuple, 1-D NumPy array or pandas Series of str.
        model: What embeds them: ``None`` for the built-in semantic model (all-MiniLM-L6-v2
            distilled into a static table: no torch, no download), ``"lexical"`` for the
            built-in character n-gram model, an object with ``.encode(list_of_texts)``
            (sentence-transformers, model2vec), or a function ``list_of_texts -> (N, d)``.
        labels: One short label per text for the axes and the panel (default: the indices).
        groups: One known category per text (e.g. intent labels): the texts are shown group
            by group (in order of first appearance; within a group in input order, or in
            cluster order with ``order="cluster"``), boundaries are drawn between groups, and
            :meth:`stats` gains ``"groups"`` (mean similarity within and between groups, and
            their separation).
        memory_budget: Largest full matrix to hold: bytes, or a string such as ``"1GB"`` or
            ``"512MiB"`` (default 1 GiB, about 16,000 texts). Beyond it nothing N×N is
            stored: views are computed on demand.
        batch_size: Texts per call to the model (default 256; at most 2,048 for OpenAI).
        model_name: The model to ask an OpenAI-compatible client for, e.g.
            ``"text-embedding-3-small"``.
        progress: Show a progress bar when embedding takes more than a second.
        metric: ``"cosine"`` (default), ``"dot"`` (dot product) or ``"euclidean"`` (distance
            on the raw embeddings, as ValidMind's ``EuclideanDistanceHeatmap``; small means
            similar, so its default colorscale is ``"Blues_r"``: near pairs dark). The
            matrix, ``window()``, the overview and the panel hold the metric's values, and
            the title and colour-bar title default to its name. The insight (``stats()``,
            the pairs, verdicts) stays on cosine similarity, where its limits are defined.
            One set of texts only.
        columns: Other texts for the columns (any form ``texts`` takes), embedded with the
            same model: the heatmap is then the N × M cross-similarity of the texts (rows)
            with these (columns), e.g. test × train or queries × documents. There is no
            diagonal rule (a text is not its own column); :meth:`nearest_columns`,
            :meth:`leakage` and the "Leakage" tab show each row's most similar column.
            ``groups=`` is for one set of texts only.
        column_labels: One label per column text (default: the indices, or the index of a
            pandas Series).
        paired: With ``columns=`` of the same length: column i is a perturbed version of
            text i (ValidMind's stability tests). ``stats()["stability"]`` then describes
            the diagonal, :meth:`least_stable` lists the least stable texts, and
            ``order="cluster"`` orders the columns as the rows (the diagonal stays the
            diagonal).
        **options: The options below; each is also a trait, to read or set later (and
            checked the same way then).

    Keyword Args:
    {options}

    Raises:
        TypeError, ValueError: for bad texts or labels, and ``TypeError`` for an unknown
            keyword argument, before anything is computed or shown.
        simheat.OptionError: for a bad option value (a ``ValueError`` and a
            ``traitlets.TraitError``), here as on assignment.
        simheat.EmbeddingError: if the model fails or gives unusable embeddings.

    """

    _esm = widget_code("widget.js")
    _css = widget_code("widget.css")

    _overview = Dict(
        help="The whole matrix at screen resolution: a tile, values as binary float32."
    ).tag(sync=True)
    _order = Dict(
        default_value=None,
        allow_none=True,
        help="Display position → input index (binary int32), or None.",
    ).tag(sync=True)
    _bounds = List(Float(), help="Smallest and largest similarity, for the slider ends.").tag(
        sync=True
    )
    _texts = List(Unicode(), help="The texts, in input order.").tag(sync=True)
    _labels = List(Unicode(), help="One label per text, in input order.").tag(sync=True)
    _groups = List(Unicode(), help="One group per text, in input order; [] without groups=.").tag(
        sync=True
    )
    _column_texts = List(
        Unicode(), help="The column texts in input order, with columns=; [] for one set."
    ).tag(sync=True)
    _column_labels = List(
        Unicode(), help="One label per column text, in input order; [] for one set."
    ).tag(sync=True)
    _column_order = Dict(
        default_value=None,
        allow_none=True,
        help="Display position → input index of the columns (binary int32), or None.",
    ).tag(sync=True)
    _paired = Bool(False, help="Column i is a perturbed version of text i (paired=True).").tag(
        sync=True
    )
    _insight = Dict(
        default_value=None,
        allow_none=True,
        help="The insight pass's status, progress and results for the table, histogram and "
        "stats line (see widget/insight_pass.py), or None before it starts.",
    ).tag(sync=True)

    metric = Unicode(
        "cosine",
        read_only=True,
        help="What the cells hold: 'cosine', 'dot' or 'euclidean' (set at construction).",
    ).tag(sync=True)
    selection = Tuple(
        Int(),
        Int(),
        default_value=None,
        allow_none=True,
        help="(row, col) of the selected cell in input order, or None. Set by a click in the "
        "heatmap; setting it from Python outlines the cell and fills the panel.",
    ).tag(sync=True)
    selected = Dict(
        default_value=None,
        allow_none=True,
        read_only=True,
        help="The selected pair: dict with row, col, text_row, text_col, label_row, "
        "label_col, similarity (the metric's value) and neighbors (the 10 nearest texts of "
        "the row: index and similarity); None when nothing is selected.",
    ).tag(sync=True)  # read-only here; the browser reads the exact similarity from it

    _similarity: SimilarityMatrix | CrossMatrix | None = None  # from __init__ until close()
    _runner: InsightRunner | None = None  # the insight of those numbers and its thread
    _runner_source: weakref.ref[SimilarityMatrix | CrossMatrix]  # what that runner answers for

    def __init__(
        self,
        texts: Any,
        model: Any = None,
        *,
        labels: Any = None,
        groups: Any = None,
        memory_budget: int | str = DEFAULT_MEMORY_BUDGET,
        batch_size: int | None = None,
        model_name: str | None = None,
        progress: bool = True,
        metric: str = "cosine",
        columns: Any = None,
        column_labels: Any = None,
        paired: bool = False,
        **options: Any,
    ) -> None:
        unknown = {name: value for name, value in options.items() if name not in OPTIONS}
        reject_unknown(unknown, [*_CONSTRUCTION_OPTIONS, *OPTIONS], type(self).__name__)
        checked = check_texts(texts)
        labels = check_labels(labels, len(checked), texts)  # a Series' index: the default labels
        texts = checked
        groups = check_groups(groups, len(texts))
        check_paired(paired, columns, column_labels, groups)
        column_texts: list[str] = []
        if columns is not None:
            column_texts = check_texts(columns, "columns")
            column_labels = check_labels(
                column_labels, len(column_texts), columns, "column_labels", "columns"
            )
            if paired and len(column_texts) != len(texts):
                raise ValueError(
                    f"paired=True needs one perturbed text per text: got {len(texts)} texts "
                    f"and {len(column_texts)} columns"
                )
        # The insight thread and the main thread both send state: one at a time (hold_sync).
        self._sync_lock = threading.RLock()
        budget = parse_bytes(memory_budget, "memory_budget")
        if not isinstance(progress, (bool, np.bool_)):
            raise OptionError(f"progress must be True or False, got {progress!r}")
        try:
            self.set_trait("metric", get_metric(metric).name)
        except ValueError as error:
            raise OptionError(str(error)) from None
        if columns is not None and self.metric != "cosine":
            raise OptionError(
                f"metric={self.metric!r} is for one set of texts; with columns= the cells are "
                "cosine similarities: drop metric= (or build one heatmap per set)"
            )
        # The figure names the metric unless told otherwise (and draws near pairs dark).
        for name, value in zip(("title", "color_label"), TITLES[self.metric], strict=True):
            options.setdefault(name, value)
        if self.metric == "euclidean":
            options.setdefault("colorscale", "Blues_r")
        bounds = {name: options.pop(name) for name in DATA_DEFAULTS if name in options}
        # Every option through its trait's validator, before anything is computed.
        with self.hold_trait_notifications():
            for name, value in options.items():
                setattr(self, name, value)
        for name, value in bounds.items():
            if value is not None:
                self.traits()[name].validate(self, value)
        if bounds.get("zmin") is not None and bounds.get("zmax") is not None:
            check_range(bounds["zmin"], bounds["zmax"])

        self._paired = bool(paired)
        if columns is not None:
            self._column_texts = column_texts
            self._column_labels = column_labels
        embedding = {"batch_size": batch_size, "model_name": model_name, "progress": progress}
        data = self._compute_numbers(
            texts, column_texts if columns is not None else None, model, budget, embedding
        )
        self._groups = groups or []
        self._similarity = data
        if groups or self.order != "input":
            self._apply_order()
        defaults = dict(zip(DATA_DEFAULTS, self._shown.default_range, strict=True))
        with self.hold_trait_notifications():  # zmin ≤ zmax, once both are known
            for name in DATA_DEFAULTS:
                given = bounds.get(name)
                setattr(self, name, defaults[name] if given is None else given)
        self._texts = texts
        self._labels = labels
        self._bounds = list(self._shown.bounds)
        self._order = self._order_wire()
        self._column_order = self._column_order_wire()
        self._overview = self._overview_wire()
        super().__init__()
        self.on_msg(self._on_message)
        self._insight_runner()  # the pass starts on its thread: the heatmap is usable meanwhile

    def close(self) -> None:
        """Close the widget in every view, stop its insight pass, release its matrix and embeddings."""
        if self._runner is not None:
            self._runner.cancel()
            self._runner = None
        super().close()
        self._similarity = None
        self.set_trait("_overview", {})
        self.set_trait("_order", None)
        self.set_trait("_column_order", None)

    def _compute_numbers(
        self,
        texts: list[str],
        columns: list[str] | None,
        model: Any,
        budget: int,
        embedding: dict[str, Any],
    ) -> SimilarityMatrix | CrossMatrix:
        """Embed the texts (and columns) and hold their similarities (a comparison: twice)."""
        # Both sets in one call: a model fitted to its corpus (the lexical model's IDF) gives
        # rows and columns the same vector space.
        embeddings = embed_texts(texts + (columns or []), model, **embedding)
        if columns is None:
            return SimilarityMatrix(embeddings, budget, self.metric)
        return CrossMatrix(embeddings[: len(texts)], embeddings[len(texts) :], budget)

    @property
    def _shown(self) -> Any:
        """What the heatmap draws: tiles, block clicks and range (a comparison: its view)."""
        return self._numbers

    @property
    def _numbers(self) -> SimilarityMatrix | CrossMatrix:
        """The similarities behind the heatmap, or an error once it is closed."""
        if self._similarity is None:
            raise RuntimeError(
                "this heatmap is closed: its matrix and embeddings were released; build a new one"
            )
        return self._similarity

    @classmethod
    def from_embeddings(
        cls,
        embeddings: Any,
        texts: Any = None,
        *,
        labels: Any = None,
        column_embeddings: Any = None,
        column_texts: Any = None,
        column_labels: Any = None,
        **options: Any,
    ) -> SimilarityHeatmap:
        """Build the heatmap from embeddings computed earlier, one row per text.

        Args:
            embeddings: An ``(N, d)`` array, or anything NumPy reads as one (lists of
                lists, CPU torch tensors).
            texts: The N texts behind the rows, shown in the panel (default: the labels).
            labels: One label per row (default: the indices).
            column_embeddings: ``(M, d)`` embeddings of other texts, for an N × M
                cross-similarity heatmap (as ``columns=`` does with texts); the same
                width ``d`` as ``embeddings``.
            column_texts: The M texts behind the columns (default: their labels).
            column_labels: One label per column (default: the indices).
            **options: The keyword options of :class:`SimilarityHeatmap` (``paired=``
                among them).

        """
        if "columns" in options:  # columns= takes texts to embed; here they are embedded
            raise TypeError(
                "from_embeddings() takes column_embeddings= (and column_texts=, "
                "column_labels=) for the columns, not columns="
            )
        n = None if texts is None else len(check_texts(texts))
        array = check_embeddings(embeddings, n)
        if texts is None:
            texts = check_labels(labels, array.shape[0])
        if column_embeddings is None:
            if column_texts is not None or column_labels is not None:
                raise ValueError(
                    "column_texts= and column_labels= need column_embeddings=: the "
                    "embeddings of the column texts"
                )
            return cls(texts, Precomputed(array), labels=labels, **options)
        m = None if column_texts is None else len(check_texts(column_texts, "column_texts"))
        try:
            columns = check_embeddings(column_embeddings, m)
        except (TypeError, ValueError) as error:
            raise type(error)(f"column_embeddings: {error}") from error
        if columns.shape[1] != array.shape[1]:
            raise ValueError(
                f"column_embeddings have width {columns.shape[1]} but embeddings have "
                f"{array.shape[1]}: rows and columns must come from the same model"
            )
        if column_texts is None:
            column_texts = check_labels(
                column_labels, columns.shape[0], None, "column_labels", "columns"
            )
        both = Precomputed(np.concatenate([array, columns]).astype(np.result_type(array, columns)))
        return cls(
            texts, both, labels=labels, columns=column_texts, column_labels=column_labels, **options
        )

    @staticmethod
    def compare(
        texts: Any, model_a: Any, model_b: Any, names: Any = ("A", "B"), **options: Any
    ) -> ComparisonHeatmap:
        """One heatmap of two models' similarities of the same texts, and where they differ.

        Embeds ``texts`` with both models (widths may differ) and shows them in one widget
        with a View control, the ``view`` trait: ``"a"``, ``"b"``, ``"difference"`` (A − B,
        a diverging colorscale centred on 0 over its own symmetric range; block means exact,
        ``aggregation="max"`` shows each block's largest |A − B| with its sign) and
        ``"rank difference"`` (each pair's percentile among its model's off-diagonal pairs,
        A minus B: robust to the models' different scales). Each view keeps its own colour
        range, colorscale and colour label. The selection is shared: ``selected`` adds
        ``similarity_a``, ``similarity_b``, ``rank_a``, ``rank_b`` (1 = that model's most
        similar pair), ``difference``, ``rank_difference`` and ``value`` (the shown view's).
        :meth:`~ComparisonHeatmap.agreement` gives Spearman ρ and overlap@10,
        :meth:`~ComparisonHeatmap.disagreements` the pairs the models rank most differently
        (also the pairs table's "Disagreements" tab). Model A is the heatmap's own:
        ``matrix``, ``window()``, the insight and ``order="cluster"`` are A's; ``matrix_b``
        is B's.

        Args:
            texts: The texts, as for :class:`SimilarityHeatmap` (at least 3).
            model_a: Model A, any form ``model`` takes (the heatmap's own model).
            model_b: Model B, the same way.
            names: The two models' names for the View control and the panel.
            **options: The keyword options of :class:`SimilarityHeatmap`, and ``view``.

        """
        from .comparison import compare

        return compare(texts, model_a, model_b, names, **options)

    @staticmethod
    def compare_embeddings(
        embeddings_a: Any,
        embeddings_b: Any,
        texts: Any = None,
        *,
        names: Any = ("A", "B"),
        **options: Any,
    ) -> ComparisonHeatmap:
        """:meth:`compare` from two models' embeddings of the same texts, one row per text each.

        The two may have different widths; the row counts must match (and match ``texts``).
        ``texts`` defaults to the labels; ``**options`` as :meth:`compare`'s.
        """
        from .comparison import compare_embeddings

        return compare_embeddings(embeddings_a, embeddings_b, texts, names=names, **options)

    @property
    def matrix(self) -> np.ndarray:
        """The N×N matrix of the metric (float32, read-only), rows and columns in input order.

        With ``columns=``: the N × M matrix of the texts (rows) with the column texts.

        Raises ``MemoryError`` above ``memory_budget``: use :meth:`window` then.
        """
        return self._numbers.matrix()

    @property
    def embeddings(self) -> np.ndarray:
        """The embeddings the similarities come from, one row per text."""
        return self._numbers.embeddings

    def window(self, rows: Any, cols: Any) -> np.ndarray:
        """Exact values of some rows with some columns, in input order, at any N.

        ``rows`` and ``cols`` are input indices: a ``slice``, a ``range`` or a sequence,
        e.g. ``heatmap.window(slice(0, 100), [5, 17, 4000])``.
        """
        numbers = self._numbers
        return numbers.block(np.arange(numbers.n_rows)[rows], np.arange(numbers.n_cols)[cols])

    @property
    def texts(self) -> list[str]:
        """The texts, in input order."""
        return list(self._texts)

    @property
    def labels(self) -> list[str]:
        """The labels, in input order."""
        return list(self._labels)

    @property
    def groups(self) -> list[str] | None:
        """The group of each text (``groups=``), in input order, or None without groups."""
        return list(self._groups) if self._groups else None

    @observe("order", "aggregation")
    def _refresh_overview(self, change: dict) -> None:
        if self._similarity is None or not self.comm:  # in __init__, or closed
            return
        if change["name"] == "order":
            self._apply_order()
        with self._sync_lock, self.hold_sync():
            self._order = self._order_wire()
            self._column_order = self._column_order_wire()
            self._overview = self._overview_wire()

    def _apply_order(self) -> None:
        """Order the rows as the options ask, and a cross matrix's columns.

        Columns follow their own clustering, or paired the rows' order (the diagonal stays
        the diagonal). A comparison orders both models.
        """
        data = self._numbers
        if isinstance(data, SimilarityMatrix):
            data.set_order(self._display_order(data))
        elif self._paired:
            data.set_order(self.order, None)
            data.set_order(data.order, data.order)
        else:
            data.set_order(self.order, self.order)

    def _display_order(self, data: SimilarityMatrix) -> str | np.ndarray:
        """The order option, or with groups the group-by-group permutation it asks for."""
        if not self._groups:
            return self.order
        return grouped_order(self._groups, data.unit if self.order == "cluster" else None)

    def _overview_wire(self) -> dict[str, Any]:
        """The whole matrix in at most MAX_SIDE cells a side, with the cap the browser keeps to."""
        numbers = self._numbers
        tile = self._shown.tile(
            (0, numbers.n_rows), (0, numbers.n_cols), MAX_SIDE, self.aggregation
        )
        return {**tile_to_wire(tile), "max_side": MAX_SIDE}

    def _order_wire(self) -> dict[str, Any] | None:
        order = self._numbers.order
        return None if order is None else array_to_wire(order.astype(np.int32))

    def _column_order_wire(self) -> dict[str, Any] | None:
        numbers = self._numbers
        order = numbers.column_order if isinstance(numbers, CrossMatrix) else None
        return None if order is None else array_to_wire(order.astype(np.int32))

    def _on_message(self, widget: Any, content: Any, buffers: list) -> None:
        """Answer one request of the browser (every request gets a reply, see ``requests``)."""
        self.send(*answer(self.request_context(), content))

    def request_context(self) -> Context:
        """What the browser's requests are answered from: this heatmap's numbers and options."""
        return Context(self._shown, self.aggregation, self._select)

    def _select(self, row: int, col: int) -> None:
        self.selection = (row, col)

    @validate("selection")
    def _validate_selection(self, proposal: dict) -> tuple[int, int] | None:
        value = proposal["value"]
        if value is None:
            return None
        n = len(self._texts)
        if self._column_texts:
            m = len(self._column_texts)
            if not (0 <= value[0] < n and 0 <= value[1] < m):
                raise OptionError(
                    f"selection {tuple(value)} is outside the matrix; rows go from 0 to {n - 1} "
                    f"and columns from 0 to {m - 1}"
                )
        elif not all(0 <= i < n for i in value):
            raise OptionError(
                f"selection {tuple(value)} is outside the matrix; rows and columns go from 0 to {n - 1}"
            )
        return tuple(value)

    @observe("selection")
    def _update_selected(self, change: dict) -> None:
        self.set_trait("selected", self._pair(change["new"]))

    def _pair(self, cell: tuple[int, int] | None) -> dict[str, Any] | None:
        """Describe the cell ``(row, col)`` as the ``selected`` dict."""
        if cell is None:
            return None
        row, col = cell
        cross = bool(self._column_texts)
        return {
            "row": row,
            "col": col,
            "text_row": self._texts[row],
            "text_col": (self._column_texts if cross else self._texts)[col],
            "label_row": self._labels[row],
            "label_col": (self._column_labels if cross else self._labels)[col],
            "similarity": self._numbers.value(row, col),
            "neighbors": self._nearest(row),
        }

    def _nearest(self, row: int, k: int = SELECTED_NEIGHBORS) -> list[dict[str, Any]]:
        """The ``k`` texts nearest to ``row``: one exact row, O(N·d).

        With ``columns=``, the column texts; for one set, the row itself is left out.
        """
        numbers = self._numbers
        values = numbers.block([row], np.arange(numbers.n_cols))[0].astype(np.float64)
        near = values.copy()
        if isinstance(numbers, SimilarityMatrix):
            numbers.metric.closeness(near)  # larger is nearer, for every metric
            near[row] = -np.inf
        k = min(k, numbers.n_cols - (1 if isinstance(numbers, SimilarityMatrix) else 0))
        if k <= 0:
            return []
        top = np.argpartition(-near, k - 1)[:k]
        top = top[np.lexsort((top, -near[top]))]  # nearest first, then by index
        return [{"index": int(i), "similarity": float(values[i])} for i in top]

    # -- validation insight: one cached Insight answers every question -----------------

    def _insight_runner(self) -> InsightRunner:
        """The runner of this heatmap's insight, built (and started) once per embeddings."""
        numbers = self._numbers
        runner = self._runner
        if runner is None or self._runner_source() is not numbers:
            if isinstance(numbers, CrossMatrix):
                cross = CrossInsight(
                    numbers.unit,
                    numbers.column_unit,
                    self._texts,
                    self._labels,
                    self._column_texts,
                    self._column_labels,
                    threshold=self.threshold,
                    paired=self._paired,
                    stability_threshold=self.stability_threshold,
                    pairs=ABOVE_ROWS,
                    matrix=numbers.held,  # read if held already; never computed for it
                )
                runner = InsightRunner(cross, _weak(self._publish_insight), CROSS)
            else:
                core = Insight(
                    numbers.unit,
                    self._texts,
                    self._labels,
                    threshold=self.threshold,
                    groups=self._groups or None,
                    pairs=ABOVE_ROWS,
                )
                runner = InsightRunner(core, _weak(self._publish_insight))
            self._runner = runner
            self._runner_source = weakref.ref(numbers)  # which embeddings it answers for
            runner.start()
        return runner

    def _analysis(self) -> Any:
        """The insight the methods ask; they wait for a pass the thread is running.

        An ``Insight``, or a ``CrossInsight`` with ``columns=``.
        """
        return self._insight_runner().check()

    def _publish_insight(self, payload: dict[str, Any]) -> None:
        with self._sync_lock:
            self._insight = payload

    @validate("threshold")
    def _validate_threshold(self, proposal: dict) -> float | None:
        value = proposal["value"]
        if value is not None and self.metric != "cosine":
            raise OptionError(
                f"threshold is a cosine similarity, but this heatmap shows metric={self.metric!r}; "
                "build it with metric='cosine' to mark near-duplicates, or use pairs_above(t) "
                "and top_pairs(), which always rank by cosine"
            )
        return value

    @observe("threshold")
    def _threshold_changed(self, change: dict) -> None:
        if self._runner is not None:  # else: in __init__ (the runner starts with it) or closed
            self._runner.set_threshold(change["new"])

    @observe("stability_threshold")
    def _stability_threshold_changed(self, change: dict) -> None:
        runner = self._runner
        if runner is not None and isinstance(runner.core, CrossInsight):
            runner.core.stability_threshold = change["new"]
            runner.set_threshold(self.threshold)  # republishes the part that follows both

    def stats(self) -> dict[str, Any]:
        """Statistics of the off-diagonal similarities, each pair once (the diagonal never counts).

        Returns a dict: ``n``, ``pairs``, ``mean``, ``std`` (exact at any N, from Σu and UᵀU),
        ``min``, ``p5``, ``median``, ``p95``, ``max`` (exact), ``threshold``,
        ``pairs_above_threshold`` and ``share_above_threshold`` (None without a threshold),
        ``anisotropy`` (the expected similarity of two random distinct texts, Ethayarajh 2019),
        ``effective_rank`` (Roy & Vetterli 2007) beside the width ``d``, ``hubness`` (skew of
        the 10-occurrence counts) and, with ``groups=``, ``groups``: ``names``, ``sizes``,
        ``within`` and ``between`` (mean similarities) and ``separation`` (mean silhouette
        on cosine distance).

        With ``columns=``: the statistics of all N × M cells (no diagonal rule): ``n``
        (rows), ``n_cols``, ``pairs`` (N × M), ``mean``, ``std``, the exact quantiles, the
        threshold's count and share, ``d``; with ``paired=True`` also ``stability``: the
        diagonal's ``mean``, ``min``, ``p5``, ``median``, ``max``, ``histogram``,
        ``threshold`` (``stability_threshold``) and ``passed`` (mean ≥ threshold,
        ValidMind's ``StabilityAnalysis`` rule).
        """
        return self._analysis().stats()

    def top_pairs(self, k: int = 100, as_frame: bool = False) -> Any:
        """The ``k`` most similar pairs of distinct texts (row < col), most similar first.

        Each record: ``row``, ``col`` (input indices), ``similarity``, ``kind``
        (``identical``, ``same words`` or ``semantic``), ``text_row``, ``text_col``,
        ``label_row``, ``label_col``; a ``pandas.DataFrame`` with ``as_frame=True``. The same
        pairs and scores as sentence-transformers' ``util.paraphrase_mining_embeddings``.
        """
        return self._analysis().top_pairs(_count("k", k), as_frame=as_frame)

    def pairs_above(
        self, threshold: float | None = None, limit: int = 10_000, as_frame: bool = False
    ) -> Any:
        """The pairs with similarity at or above ``threshold``, most similar first.

        ``threshold`` defaults to the ``threshold`` option; at most ``limit`` pairs; records
        as :meth:`top_pairs`.
        """
        if threshold is None and self.threshold is None:
            raise ValueError(
                "pairs_above() needs a threshold: pass one, e.g. pairs_above(0.9), "
                "or set heatmap.threshold"
            )
        threshold = self.threshold if threshold is None else _similarity("threshold", threshold)
        return self._analysis().pairs_above(threshold, _count("limit", limit), as_frame=as_frame)

    def bottom_pairs(self, k: int = 100, as_frame: bool = False) -> Any:
        """The ``k`` least similar pairs (row < col), least similar first; records as :meth:`top_pairs`."""
        return self._analysis().bottom_pairs(_count("k", k), as_frame=as_frame)

    def neighbors(self, i: int, k: int = 10, as_frame: bool = False) -> Any:
        """The ``k`` texts most similar to text ``i`` (input index; itself excluded), exact.

        Records as :meth:`top_pairs`, with ``row`` = ``i`` and ``col`` the neighbour.
        """
        n = self._numbers.n
        if isinstance(i, bool) or not isinstance(i, (int, np.integer)):
            raise TypeError(f"i must be the index of a text (an int), got {type(i).__name__}")
        if not 0 <= i < n:
            raise IndexError(f"i={i} is out of range: the texts go from 0 to {n - 1}")
        return self._analysis().neighbors(int(i), _count("k", k), as_frame=as_frame)

    def outliers(self, k: int = 20, as_frame: bool = False) -> Any:
        """The ``k`` texts whose nearest neighbour is least similar, most isolated first.

        Each record: ``index``, ``similarity`` (to its nearest neighbour), ``neighbor``,
        ``z`` (modified z-score of that similarity; below -3.5 counts as isolated),
        ``text``, ``label``, ``neighbor_text``, ``neighbor_label``.
        """
        return self._analysis().outliers(_count("k", k), as_frame=as_frame)

    def hubs(self, k: int = 20, as_frame: bool = False) -> Any:
        """The ``k`` texts among the 10 nearest neighbours of the most other texts.

        Hubness (Radovanović et al. 2010). Each record: ``index``, ``count`` (how many texts
        list it among their 10 nearest), ``text``, ``label``.
        """
        return self._analysis().hubs(_count("k", k), as_frame=as_frame)

    def duplicate_groups(self, threshold: float = NEAR_DUPLICATE, as_frame: bool = False) -> Any:
        """Groups of texts joined by pairs at or above ``threshold``, largest first.

        The connected components of those pairs (a chain a~b~c is one group).
        Each record: ``group``, ``size``, ``indices``, ``kind`` (``identical``: the same
        text up to case and spaces; ``same words``: the same words in another order, which
        embedding models barely see; else ``semantic``), ``similarity`` (mean within the
        group), ``pairs``, ``texts``, ``labels``.
        """
        threshold = _similarity("threshold", threshold)
        return self._analysis().duplicate_groups(threshold, as_frame=as_frame)

    def verdicts(self) -> list[dict[str, Any]]:
        """The signs of high risk the data shows, each in words with the number behind it.

        Each: ``sign`` (``near-duplicates``, ``collapsed space`` or ``isolated texts``),
        ``message``, ``value``, ``limit`` and ``source`` (where the limit comes from; see
        :mod:`simheat.core.insight`). An empty list: none of the signs is present.
        """
        return self._analysis().verdicts()

    def to_figure(self, text_auto: bool | str = False) -> Any:
        """Return a static ``plotly.graph_objects.Figure`` of the heatmap, as ValidMind draws it.

        The same content as ValidMind's ``CosineSimilarityHeatmap`` test (title, axis
        titles, colour-bar title, colorscale), coloured over the widget's current range and
        colorscale, for reports and ``fig.write_image``. ``text_auto=True`` (or a format
        such as ``".2f"``) writes the values into the cells, as ValidMind does.
        """
        return validmind_figure(self.matrix, self._style(), text_auto)

    def raw_data(self) -> dict[str, Any]:
        """The numbers behind the figure: ``similarity_matrix`` (N×N), ``labels`` and ``texts``.

        With ``columns=``: the N × M matrix, and ``column_labels`` and ``column_texts`` too.

        ValidMind's test returns the figure and the raw matrix; this is that matrix, with
        the labels and texts that give its rows meaning.
        """
        data = {"similarity_matrix": self.matrix, "labels": self.labels, "texts": self.texts}
        if self._column_texts:  # two sets: the columns' own labels and texts
            data.update(
                column_labels=list(self._column_labels), column_texts=list(self._column_texts)
            )
        return data

    def to_html(self, path: str | Path) -> Path:
        """Write the heatmap as one standalone HTML file that works offline, and return its path.

        plotly.js, the widget's code and the data are inlined: the file opens in any browser
        with no server and no network, with zoom, hover, the colour controls and the
        "Selected pair" panel working (clicks stay in the page).
        """
        path = Path(path)
        self._insight_runner().finish()  # the file shows the finished insight, not its progress
        path.write_text(standalone_html(self._own_state(), self.title), encoding="utf-8")
        return path

    def _style(self) -> dict[str, Any]:
        """The options as plain values, for a static figure to draw with."""
        return {name: getattr(self, name) for name in OPTIONS}

    def _own_state(self) -> dict[str, Any]:
        """This widget's own synced traits, without Jupyter's plumbing or the widget code."""
        inherited = {*anywidget.AnyWidget.class_traits(sync=True), "_esm", "_css", "_anywidget_id"}
        return self.get_state(key=[n for n in self.class_traits(sync=True) if n not in inherited])

    def to_png(self, path: str | Path, scale: int = 1) -> Path:
        """Write the picture a saved notebook shows (title, cells, colour bar) as a PNG file.

        The heatmap as first shown, in the current colours and titles, at most 600 px a
        side times ``scale`` (a whole number, 1 to 8); drawn in Python, no browser needed.
        """
        return write_png(path, self._png(scale))

    def _png(self, scale: int = 1) -> bytes:
        style = self._style()
        return heatmap_png(
            array_from_wire(self._overview), style["zmin"], style["zmax"], style["colorscale"],
            style["title"], style["color_label"], scale,
        )  # fmt: skip

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict, dict] | None:
        """The widget bundle plus an ``image/png``: what viewers without the widget show."""
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None and "image/png" not in (kwargs.get("exclude") or ()):
            bundle[0]["image/png"] = base64.b64encode(self._png()).decode("ascii")
        return bundle

    def __setattr__(self, name: str, value: Any) -> None:
        # A misspelt option (``w.colour_scale = ...``) would otherwise make a new attribute
        # silently and change nothing on screen.
        if not name.startswith("_") and not hasattr(self, name):
            if name == "view":  # a comparison's option: here it would change nothing
                raise AttributeError(
                    "view is an option of a comparison of two models: build one with "
                    "SimilarityHeatmap.compare(texts, model_a, model_b)"
                )
            close = difflib.get_close_matches(name, OPTIONS, n=1)
            if close:
                raise AttributeError(
                    f"{type(self).__name__} has no option {name!r}; did you mean {close[0]!r}?"
                )
        super().__setattr__(name, value)

    def __repr__(self) -> str:
        shape = f"{len(self._texts)} texts"
        if self._column_texts:
            shape += (
                f" × {len(self._column_texts)} {'perturbed' if self._paired else 'column'} texts"
            )
        metric = "" if self.metric == "cosine" else f", metric={self.metric!r}"
        return f"<SimilarityHeatmap of {shape}{metric}, colorscale={self.colorscale!r}>"


def _weak(method: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    """Call ``method`` while its object lives, without keeping it alive (for the thread)."""
    ref = weakref.WeakMethod(method)

    def call(payload: dict[str, Any]) -> None:
        bound = ref()
        if bound is not None:
            bound(payload)

    return call


SimilarityHeatmap.__doc__ = document_options(SimilarityHeatmap.__doc__ or "")
OPTIONS = option_names()
# Construction-only keyword arguments (the data and how to embed it), for suggestions.
_CONSTRUCTION_OPTIONS = [
    name
    for name, parameter in inspect.signature(SimilarityHeatmap.__init__).parameters.items()
    if parameter.kind == parameter.KEYWORD_ONLY
]
