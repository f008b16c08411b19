"""The heatmap's options, each declared once: a trait that validates itself, with its help.

A new synced option is one trait in :class:`HeatmapOptions` (with ``help=``) and its use in
the browser: the constructor takes it as a keyword argument, the class docstring lists it,
assignment and construction check it with the same validator, and the browser gets it.

Errors: a bad option value raises :class:`OptionError`, at construction and on assignment
alike. It is both a ``ValueError`` (what Python code expects of a bad argument) and a
``traitlets.TraitError`` (what traitlets code expects of a bad trait value, and what makes
``hold_trait_notifications`` roll a failed change back). An unknown keyword argument raises
``TypeError``, as for any Python function.
"""

from __future__ import annotations

import numbers
import textwrap
from typing import Any

import numpy as np
from traitlets import Enum, Float, HasTraits, Int, TraitError, Unicode, validate

from ..colorscales import normalize_colorscale

MIN_HEIGHT = 200


class OptionError(TraitError, ValueError):
    """An option got a value it cannot take; the message names the option and how to fix it."""


def _shown(value: object) -> str:
    """A value for an error message: its type and a short repr, e.g. ``str '0.5'``."""
    return f"{type(value).__name__} {value!r:.60}"


class Text(Unicode):
    """A string option."""

    def validate(self, obj: Any, value: Any) -> str:
        """Return ``value`` if it is a string."""
        if not isinstance(value, str):
            raise OptionError(f"{self.name} must be a string, got {_shown(value)}")
        return value


class Choice(Enum):
    """One of a few names."""

    def validate(self, obj: Any, value: Any) -> str:
        """Return ``value`` if it is one of the choices."""
        if not isinstance(value, str) or value not in self.values:
            choices = ", ".join(map(repr, self.values))
            raise OptionError(f"{self.name} must be one of {choices}; got {value!r}")
        return value


class Pixels(Int):
    """A whole number of pixels, at least ``min`` (or None when ``allow_none``)."""

    def validate(self, obj: Any, value: Any) -> int | None:
        """Return ``value`` as an int if it is a whole number ≥ ``min``."""
        if value is None and self.allow_none:
            return None
        whole = isinstance(value, numbers.Integral) and not isinstance(value, bool)
        if not whole or value < self.min:
            automatic = " (or None: fit the room)" if self.allow_none else ""
            raise OptionError(
                f"{self.name} must be a whole number of pixels ≥ {self.min}{automatic}, "
                f"got {_shown(value)}"
            )
        return int(value)


class FiniteFloat(Float):
    """A finite real number (ints and NumPy numbers too; not bools, NaN or infinity)."""

    def validate(self, obj: Any, value: Any) -> float:
        """Return ``value`` as a float if it is a finite number."""
        real = isinstance(value, numbers.Real) and not isinstance(value, bool)
        if not real or not np.isfinite(value):
            raise OptionError(f"{self.name} must be a finite number, got {_shown(value)}")
        return float(value)


class Similarity(FiniteFloat):
    """A cosine similarity: a finite number in [-1, 1], or None when ``allow_none``."""

    def validate(self, obj: Any, value: Any) -> float:
        """Return ``value`` as a float if it is a number in [-1, 1]."""
        real = isinstance(value, numbers.Real) and not isinstance(value, bool)
        if not real or not -1.0 <= value <= 1.0:  # NaN fails the comparison too
            none = " or None" if self.allow_none else ""
            raise OptionError(
                f"{self.name} must be a similarity in [-1, 1]{none}, got {_shown(value)}"
            )
        return float(value)


class Colorscale(Unicode):
    """A Plotly named colorscale in any case, ``"_r"`` reversing it, kept in Plotly's spelling."""

    def validate(self, obj: Any, value: Any) -> str:
        """Return the canonical spelling of ``value`` (``"viridis_r"`` → ``"Viridis_r"``)."""
        try:
            return normalize_colorscale(value, self.name)
        except ValueError as error:
            raise OptionError(str(error)) from None


def check_range(zmin: float, zmax: float) -> None:
    """The one rule of the colour range: ``zmin ≤ zmax``."""
    if zmin > zmax:
        raise OptionError(
            f"zmin ({zmin}) is greater than zmax ({zmax}); swap them, or to move both at "
            "once set them inside `with widget.hold_trait_notifications():`"
        )


class HeatmapOptions(HasTraits):
    """The options of the heatmap: keyword arguments of the constructor, then traits."""

    colorscale = Colorscale(
        "Blues",
        help="A Plotly named colorscale, e.g. ``'Blues'`` or ``'Viridis'``; add "
        "``'_r'`` to reverse it.",
    ).tag(sync=True)
    zmin = FiniteFloat(
        0.0,
        help="Similarity drawn with the lowest colour of the scale (default: the "
        "smallest off-diagonal similarity).",
    ).tag(sync=True)
    zmax = FiniteFloat(
        1.0,
        help="Similarity drawn with the highest colour of the scale (default: the "
        "largest off-diagonal similarity).",
    ).tag(sync=True)
    title = Text("Cosine Similarity Matrix", help="Figure title.").tag(sync=True)
    xaxis_title = Text("Index", help="Title of the x axis.").tag(sync=True)
    yaxis_title = Text("Index", help="Title of the y axis.").tag(sync=True)
    color_label = Text("Cosine Similarity", help="Title of the colour bar.").tag(sync=True)
    height = Pixels(
        None,
        allow_none=True,
        min=MIN_HEIGHT,
        help="Height of the figure in pixels; ``None`` (the default) fits it to the room it "
        "has: square cells as wide as the output beside the panel, at most 85 % of the "
        "window's height.",
    ).tag(sync=True)
    order = Choice(
        ("input", "cluster"),
        "input",
        help="``'input'`` keeps the texts' order; ``'cluster'`` puts similar texts together "
        "(rows, labels and ``selection`` keep their input indices).",
    ).tag(sync=True)
    aggregation = Choice(
        ("mean", "max"),
        "mean",
        help="How a displayed cell sums up a block of pairs when there are more texts than "
        "cells (over 1,024): ``'mean'`` or ``'max'`` (off-diagonal; for a distance, the "
        "smallest: the closest pair).",
    ).tag(sync=True)

    threshold = Similarity(
        None,
        allow_none=True,
        help="Similarity at or above which pairs count as near-duplicates: the heatmap "
        "highlights them, ``stats()`` counts them and ``pairs_above()`` lists them "
        "(a number in [-1, 1], or None for no threshold).",
    ).tag(sync=True)

    stability_threshold = Similarity(
        0.7,
        help="With ``columns=`` and ``paired=True``: the mean similarity of each text with its "
        "perturbed version at or above which ``stats()['stability']['passed']`` is True "
        "(ValidMind's ``StabilityAnalysis`` rule and default, 0.7).",
    )

    @validate("zmin", "zmax")
    def _validate_range(self, proposal: dict) -> float:
        value = proposal["value"]
        low, high = (value, self.zmax) if proposal["trait"].name == "zmin" else (self.zmin, value)
        check_range(low, high)
        return value


VIEWS = ("a", "b", "difference", "rank difference")


class ComparisonOptions(HasTraits):
    """The option of a comparison of two models (``SimilarityHeatmap.compare``)."""

    view = Choice(
        VIEWS,
        "a",
        help="What the heatmap of a comparison shows: ``'a'`` or ``'b'`` (one model's "
        "similarities), ``'difference'`` (A − B) or ``'rank difference'`` (each pair's "
        "percentile among its model's pairs, A minus B). Each view keeps its own colour "
        "range, colorscale and colour label.",
    ).tag(sync=True)


def option_names() -> list[str]:
    """The names of the options, in declaration order."""
    return list(HeatmapOptions.class_own_traits())


def document_options(doc: str) -> str:
    """Fill the ``{options}`` line of a docstring with one entry per option, from its help.

    The entries sit one level deeper than the placeholder (the section title's level).
    """
    before, found, after = doc.partition("{options}")
    if not found:
        raise ValueError("the docstring has no {options} line to fill")
    indent = " " * (len(before) - len(before.rstrip(" ")) + 4)
    entries = [
        textwrap.fill(
            f"{name}: {trait.help}",
            width=96,
            initial_indent=indent,
            subsequent_indent=indent + "    ",
            break_on_hyphens=False,
        )
        for name, trait in HeatmapOptions.class_own_traits().items()
    ]
    return before.rstrip(" ") + "\n".join(entries) + after
