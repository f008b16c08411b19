"""The ``SimilarityHeatmap`` widget: traits, validation, and the bridge to the browser."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
from traitlets import Dict, Float, Int, List, TraitError, Tuple, Unicode, observe, validate

from .codec import array_to_wire
from .colorscales import normalize_colorscale
from .export import standalone_html
from .models import Precomputed, embed_texts
from .report import validmind_figure
from .similarity import DEFAULT_MEMORY_BUDGET, SimilarityData
from .tiles import Tile
from .validation import check_embeddings, check_labels, check_range, check_texts, reject_unknown

_STATIC = Path(__file__).parent / "static"
DEFAULT_HEIGHT = 560
# Cells a side the browser receives at most: about the plot's pixels, never N².
MAX_SIDE = 1024
ORDERS = ("input", "cluster")
AGGREGATIONS = ("mean", "max")


def tile_to_wire(tile: Tile) -> dict[str, Any]:
    """A tile as a synced trait or message: its geometry, values as a binary float32 buffer."""
    return {**array_to_wire(tile.values.astype(np.float32, copy=False)), **tile.geometry()}


class SimilarityHeatmap(anywidget.AnyWidget):
    """An interactive heatmap of the pairwise cosine similarity of texts.

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
        colorscale: A Plotly named colorscale; add ``"_r"`` to reverse it.
        zmin: Lower end of the colour range (default: the smallest off-diagonal similarity).
        zmax: Upper end of the colour range (default: the largest off-diagonal similarity).
        title: Figure title.
        xaxis_title: Title of the x axis.
        yaxis_title: Title of the y axis.
        color_label: Title of the colour bar.
        height: Height of the plot in pixels (default 560).
        order: ``"input"`` keeps the texts' order; ``"cluster"`` puts similar texts
            together (rows, labels and ``selection`` keep their input indices).
        aggregation: How a displayed cell sums up a block of pairs when there are more
            texts than cells (over 1,024): ``"mean"`` or ``"max"`` (off-diagonal).
        memory_budget: Largest full matrix to hold, in bytes (default 1 GiB, about
            16,000 texts). Beyond it nothing N×N is stored: views are computed on demand.
        batch_size: Texts per call to the model (default 256; at most 2,048 for OpenAI).
        model_name: The model to ask an OpenAI-compatible client for, e.g.
            ``"text-embedding-3-small"``.
        progress: Show a progress bar when embedding takes more than a second.

    Raises:
        TypeError, ValueError: for bad texts, labels, ranges or unknown keyword arguments,
            before anything is computed or shown.
        traitlets.TraitError: for an unknown colorscale.
        simheat.EmbeddingError: if the model fails or gives unusable embeddings.

    """

    _esm = _STATIC / "widget.js"
    _css = _STATIC / "widget.css"

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

    selection = Tuple(
        Int(),
        Int(),
        default_value=None,
        allow_none=True,
        help="(row, col) of the selected cell in input order, or None. Set by a click in the "
        "heatmap; setting it from Python outlines the cell and fills the panel.",
    ).tag(sync=True)
    zmin = Float(0.0, help="Similarity drawn with the lowest colour of the scale.").tag(sync=True)
    zmax = Float(1.0, help="Similarity drawn with the highest colour of the scale.").tag(sync=True)
    colorscale = Unicode(
        "Blues", help="A Plotly named colorscale, e.g. 'Blues' or 'Viridis'; '_r' reverses it."
    ).tag(sync=True)
    title = Unicode("Cosine Similarity Matrix", help="Figure title.").tag(sync=True)
    xaxis_title = Unicode("Index", help="Title of the x axis.").tag(sync=True)
    yaxis_title = Unicode("Index", help="Title of the y axis.").tag(sync=True)
    color_label = Unicode("Cosine Similarity", help="Title of the colour bar.").tag(sync=True)
    height = Int(DEFAULT_HEIGHT, help="Height of the plot in pixels.").tag(sync=True)
    order = Unicode(
        "input", help="'input' (the texts' order) or 'cluster' (similar texts next to each other)."
    ).tag(sync=True)
    aggregation = Unicode(
        "mean", help="What an aggregated cell shows of its block of pairs: 'mean' or 'max'."
    ).tag(sync=True)
    selected = Dict(
        default_value=None,
        allow_none=True,
        read_only=True,
        help="The selected pair: dict with row, col, text_row, text_col, label_row, "
        "label_col and similarity; None when nothing is selected.",
    ).tag(sync=True)  # read-only here; the browser reads the exact similarity from it

    def __init__(
        self,
        texts: Any,
        model: Any = None,
        *,
        labels: Any = None,
        colorscale: str = "Blues",
        zmin: float | None = None,
        zmax: float | None = None,
        title: str = "Cosine Similarity Matrix",
        xaxis_title: str = "Index",
        yaxis_title: str = "Index",
        color_label: str = "Cosine Similarity",
        height: int | None = None,
        batch_size: int | None = None,
        model_name: str | None = None,
        progress: bool = True,
        order: str = "input",
        aggregation: str = "mean",
        memory_budget: int = DEFAULT_MEMORY_BUDGET,
        **unknown: Any,
    ) -> None:
        reject_unknown(unknown, _OPTIONS, type(self).__name__)
        checked = check_texts(texts)
        labels = check_labels(labels, len(checked), texts)  # a Series' index: the default labels
        texts = checked
        colorscale = normalize_colorscale(colorscale)
        check_range(zmin, zmax)
        if height is not None and not (isinstance(height, int) and height >= 200):
            raise ValueError(f"height must be a whole number of pixels ≥ 200, got {height!r}")
        _check_choice("order", order, ORDERS)
        _check_choice("aggregation", aggregation, AGGREGATIONS)

        embeddings = embed_texts(
            texts, model, batch_size=batch_size, model_name=model_name, progress=progress
        )
        data = SimilarityData(embeddings, memory_budget)
        if order != "input":
            data.set_order(order)
        default_min, default_max = data.default_range
        zmin = default_min if zmin is None else float(zmin)
        zmax = default_max if zmax is None else float(zmax)
        check_range(zmin, zmax)  # one bound given, the other computed: they may still cross

        self._data = data
        super().__init__(
            _overview=tile_to_wire(
                data.tiles.window((0, data.n), (0, data.n), MAX_SIDE, aggregation)
            ),
            _order=self._order_wire(),
            _bounds=list(data.bounds),
            order=order,
            aggregation=aggregation,
            _texts=texts,
            _labels=labels,
            zmin=zmin,
            zmax=zmax,
            colorscale=colorscale,
            title=title,
            xaxis_title=xaxis_title,
            yaxis_title=yaxis_title,
            color_label=color_label,
            height=DEFAULT_HEIGHT if height is None else height,
        )
        self.on_msg(self._on_message)

    @classmethod
    def from_embeddings(
        cls, embeddings: Any, texts: Any = None, *, labels: Any = None, **options: Any
    ) -> SimilarityHeatmap:
        """Build the heatmap from embeddings computed earlier, one row per text.

        Args:
            embeddings: An ``(N, d)`` array, or anything NumPy reads as one (lists of
                lists, CPU torch tensors).
            texts: The N texts behind the rows, shown in the panel (default: the labels).
            labels: One label per row (default: the indices).
            **options: The keyword options of :class:`SimilarityHeatmap`.

        """
        n = None if texts is None else len(check_texts(texts))
        array = check_embeddings(embeddings, n)
        if texts is None:
            texts = check_labels(labels, array.shape[0])
        return cls(texts, Precomputed(array), labels=labels, **options)

    @property
    def matrix(self) -> np.ndarray:
        """The N×N cosine similarity matrix (float32, read-only), rows and columns in input order.

        Raises ``MemoryError`` above ``memory_budget``: use :meth:`window` then.
        """
        return self._data.matrix()

    @property
    def embeddings(self) -> np.ndarray:
        """The embeddings the similarities come from, one row per text."""
        return self._data.embeddings

    def window(self, rows: Any, cols: Any) -> np.ndarray:
        """Exact similarities of some rows with some columns, in input order, at any N.

        ``rows`` and ``cols`` are input indices: a ``slice``, a ``range`` or a sequence,
        e.g. ``heatmap.window(slice(0, 100), [5, 17, 4000])``.
        """
        index = np.arange(self._data.n)
        return self._data.block(index[rows], index[cols])

    @property
    def texts(self) -> list[str]:
        """The texts, in input order."""
        return list(self._texts)

    @property
    def labels(self) -> list[str]:
        """The labels, in input order."""
        return list(self._labels)

    @validate("order")
    def _validate_order(self, proposal: dict) -> str:
        return _check_choice("order", proposal["value"], ORDERS, TraitError)

    @validate("aggregation")
    def _validate_aggregation(self, proposal: dict) -> str:
        return _check_choice("aggregation", proposal["value"], AGGREGATIONS, TraitError)

    @observe("order", "aggregation")
    def _refresh_overview(self, change: dict) -> None:
        if not hasattr(self, "_data") or not self.comm:  # still in __init__: nothing to refresh
            return
        if change["name"] == "order":
            self._data.set_order(change["new"])
        n = self._data.n
        with self.hold_sync():
            self._order = self._order_wire()
            self._overview = tile_to_wire(
                self._data.tiles.window((0, n), (0, n), MAX_SIDE, self.aggregation)
            )

    def _order_wire(self) -> dict[str, Any] | None:
        order = self._data.order
        return None if order is None else array_to_wire(order.astype(np.int32))

    def _on_message(self, widget: Any, content: dict, buffers: list) -> None:
        """Answer the browser: a window of the matrix after a zoom, or a block's strongest pair."""
        kind = content.get("type")
        tiles = self._data.tiles
        if kind == "window":
            side = min(int(content.get("max_side", MAX_SIDE)), MAX_SIDE)
            tile = tiles.window(content["rows"], content["cols"], side, self.aggregation)
            wire = tile_to_wire(tile)
            view = wire.pop("view")
            self.send({"type": "window", "id": content.get("id"), **wire}, buffers=[view])
        elif kind == "select_block":
            row, col, _ = tiles.strongest_pair(content["rows"], content["cols"])
            self.selection = (tiles.to_input(row), tiles.to_input(col))

    @validate("colorscale")
    def _validate_colorscale(self, proposal: dict) -> str:
        return normalize_colorscale(proposal["value"])

    @validate("zmin", "zmax")
    def _validate_range(self, proposal: dict) -> float:
        value = proposal["value"]
        if not np.isfinite(value):
            raise TraitError(f"{proposal['trait'].name} must be finite, got {value}")
        low, high = (value, self.zmax) if proposal["trait"].name == "zmin" else (self.zmin, value)
        if low > high:
            raise TraitError(
                f"zmin ({low}) would be greater than zmax ({high}); to move both, set them "
                "inside `with widget.hold_trait_notifications():`"
            )
        return value

    @validate("selection")
    def _validate_selection(self, proposal: dict) -> tuple[int, int] | None:
        value = proposal["value"]
        if value is None:
            return None
        n = len(self._texts)
        if not all(0 <= i < n for i in value):
            raise TraitError(
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
        return {
            "row": row,
            "col": col,
            "text_row": self._texts[row],
            "text_col": self._texts[col],
            "label_row": self._labels[row],
            "label_col": self._labels[col],
            "similarity": self._data.value(row, col),
        }

    def to_figure(self, text_auto: bool | str = False) -> Any:
        """Return a static ``plotly.graph_objects.Figure`` of the heatmap, as ValidMind draws it.

        The same content as ValidMind's ``CosineSimilarityHeatmap`` test (title, axis
        titles, colour-bar title, colorscale), coloured over the widget's current range and
        colorscale, for reports and ``fig.write_image``. ``text_auto=True`` (or a format
        such as ``".2f"``) writes the values into the cells, as ValidMind does.
        """
        return validmind_figure(self, text_auto)

    def raw_data(self) -> dict[str, Any]:
        """The numbers behind the figure: ``similarity_matrix`` (N×N), ``labels`` and ``texts``.

        ValidMind's test returns the figure and the raw matrix; this is that matrix, with
        the labels and texts that give its rows meaning.
        """
        return {"similarity_matrix": self.matrix, "labels": self.labels, "texts": self.texts}

    def to_html(self, path: str | Path) -> Path:
        """Write the heatmap as one standalone HTML file that works offline, and return its path.

        plotly.js, the widget's code and the data are inlined: the file opens in any browser
        with no server and no network, with zoom, hover, the colour controls and the
        "Selected pair" panel working (clicks stay in the page).
        """
        path = Path(path)
        path.write_text(standalone_html(self), encoding="utf-8")
        return path

    def __repr__(self) -> str:
        return f"<SimilarityHeatmap of {len(self._texts)} texts, colorscale={self.colorscale!r}>"


_OPTIONS = [
    name
    for name, parameter in inspect.signature(SimilarityHeatmap.__init__).parameters.items()
    if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)
    and name != "self"
]


def _check_choice(
    name: str, value: object, choices: tuple[str, ...], error: type[Exception] = ValueError
) -> str:
    """Return ``value`` if it is one of ``choices``, else raise ``error`` listing them."""
    if value not in choices:
        raise error(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")
    return value  # type: ignore[return-value]
