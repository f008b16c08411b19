"""The heatmap's questions of two sets of texts (``columns=``): nearest columns, leakage, stability.

A mixin of :class:`~simheat.widget.heatmap.SimilarityHeatmap`, so that the one-set class body
stays about one set; each method asks the widget's ``CrossInsight``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .options import OptionError
from .validation import count_argument as _count
from .validation import similarity_argument as _similarity


def check_paired(paired: Any, columns: Any, column_labels: Any, groups: Any) -> None:
    """Refuse construction keywords that do not go together, before anything is computed."""
    if not isinstance(paired, (bool, np.bool_)):
        raise OptionError(f"paired must be True or False, got {type(paired).__name__} {paired!r}")
    if columns is None:
        if paired:
            raise ValueError(
                "paired=True needs columns=: the perturbed version of each text, in the same order"
            )
        if column_labels is not None:
            raise ValueError("column_labels= needs columns=: the texts the columns stand for")
    elif groups is not None:
        raise ValueError(
            "groups= is for one set of texts; with columns= the rows and columns are different "
            "texts: drop groups= (or compare each set on its own)"
        )


class CrossMethods:
    """What a heatmap of texts × column texts answers beyond one set's methods."""

    _column_texts: list[str]
    _column_labels: list[str]
    _paired: bool

    def _analysis(self) -> Any:  # the widget's (see SimilarityHeatmap._analysis)
        raise NotImplementedError

    def _cross(self, method: str) -> Any:
        """The cross insight, or a clear error for a heatmap of one set of texts."""
        if not self._column_texts:
            raise ValueError(
                f"{method}() needs two sets of texts: build the heatmap with "
                "SimilarityHeatmap(texts, model, columns=other_texts)"
            )
        return self._analysis()

    @property
    def column_texts(self) -> list[str] | None:
        """The column texts (``columns=``), in input order, or None for one set of texts."""
        return list(self._column_texts) if self._column_texts else None

    @property
    def column_labels(self) -> list[str] | None:
        """The column labels, in input order, or None for one set of texts."""
        return list(self._column_labels) if self._column_labels else None

    def nearest_columns(self, k: int | None = None, as_frame: bool = False) -> Any:
        """For each row, its most similar column (exact, from the insight pass).

        ``k=None``: every row, in row order; ``k``: the ``k`` rows whose best column is
        most similar, most similar first. Each record: ``row``, ``col``, ``similarity``,
        ``text_row``, ``text_col``, ``label_row``, ``label_col``; a ``pandas.DataFrame``
        with ``as_frame=True``.
        """
        if k is not None:
            k = _count("k", k)
        return self._cross("nearest_columns").nearest_columns(k, as_frame=as_frame)

    def leakage(self, threshold: float | None = None, as_frame: bool = False) -> Any:
        """The rows whose most similar column is at or above ``threshold``, most similar first.

        A test text with a near-copy in the training set. ``threshold`` defaults to the
        ``threshold`` option, or to the near-duplicate bar 0.95 when that is None (the
        "Leakage" tab uses the same rule). Records as :meth:`nearest_columns`.
        """
        core = self._cross("leakage")
        if threshold is not None:
            threshold = _similarity("threshold", threshold)
        return core.leakage(threshold, as_frame=as_frame)

    def least_stable(self, k: int = 20, as_frame: bool = False) -> Any:
        """With ``paired=True``: the ``k`` texts least similar to their perturbed version.

        Least stable first. Each record: ``index``, ``similarity``, ``text``,
        ``perturbed_text``, ``label``. ``stats()["stability"]`` has the summary.
        """
        core = self._cross("least_stable")
        if not self._paired:
            raise ValueError(
                "least_stable() needs paired=True: columns= must hold the perturbed version of "
                "each text, in the same order"
            )
        return core.least_stable(_count("k", k), as_frame=as_frame)
