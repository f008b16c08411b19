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
from .compute import cosine_similarity, off_diagonal_range
from .export import standalone_html
from .models import Precomputed, embed_texts
from .report import validmind_figure
from .validation import check_embeddings, check_labels, check_range, check_texts, reject_unknown

_STATIC = Path(__file__).parent / "static"
DEFAULT_HEIGHT = 560


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
        model: What embeds them: ``None`` for the built-in model, ``"lexical"`` for the
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

    _matrix = Dict(help="The similarity matrix as a binary float32 buffer.").tag(sync=True)
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
    selected = Dict(
        default_value=None,
        allow_none=True,
        read_only=True,
        help="The selected pair: dict with row, col, text_row, text_col, label_row, "
        "label_col and similarity; None when nothing is selected.",
    )

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
        **unknown: Any,
    ) -> None:
        reject_unknown(unknown, _OPTIONS, type(self).__name__)
        texts = check_texts(texts)
        labels = check_labels(labels, len(texts))
        colorscale = normalize_colorscale(colorscale)
        check_range(zmin, zmax)
        if height is not None and not (isinstance(height, int) and height >= 200):
            raise ValueError(f"height must be a whole number of pixels ≥ 200, got {height!r}")

        embeddings = embed_texts(
            texts, model, batch_size=batch_size, model_name=model_name, progress=progress
        )
        similarity = cosine_similarity(embeddings)
        default_min, default_max = off_diagonal_range(similarity)
        zmin = default_min if zmin is None else float(zmin)
        zmax = default_max if zmax is None else float(zmax)
        check_range(zmin, zmax)  # one bound given, the other computed: they may still cross

        similarity.flags.writeable = False
        self._similarity = similarity
        self._embeddings = embeddings
        super().__init__(
            _matrix=array_to_wire(similarity),
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
        """The N×N cosine similarity matrix (float32, read-only), rows and columns in input order."""
        return self._similarity

    @property
    def embeddings(self) -> np.ndarray:
        """The embeddings the similarities come from, one row per text."""
        return self._embeddings

    @property
    def texts(self) -> list[str]:
        """The texts, in input order."""
        return list(self._texts)

    @property
    def labels(self) -> list[str]:
        """The labels, in input order."""
        return list(self._labels)

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
            "similarity": float(self._similarity[row, col]),
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
