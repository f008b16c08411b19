"""Checks of user input, run before anything is computed or shown.

Each check raises an error that names what is wrong, where (which index or row), and how to
fix it, so a bad call never leaves a half-built widget behind.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from .compute import _preview


def check_texts(texts: Any) -> list[str]:
    """Return ``texts`` as a list of non-empty strings, or raise naming the first bad entry.

    Accepts a list or tuple of str, a 1-D NumPy array of str, or a pandas Series of str.
    """
    if isinstance(texts, (str, bytes)):
        raise TypeError(
            f"texts must be a sequence of strings, not one {type(texts).__name__}; wrap it: [text]"
        )
    if hasattr(texts, "to_numpy") and hasattr(texts, "index"):  # pandas Series, without pandas
        texts = texts.to_numpy()
    if isinstance(texts, np.ndarray):
        if texts.ndim != 1:
            raise ValueError(f"texts must be 1-D, got an array of shape {texts.shape}")
        texts = texts.tolist()
    if not isinstance(texts, Sequence):
        raise TypeError(
            f"texts must be a list of strings, got {type(texts).__name__}; try list(texts)"
        )
    if len(texts) == 0:
        raise ValueError("texts is empty: give at least one text to compare")
    checked = list(texts)
    for i, text in enumerate(checked):
        if not isinstance(text, str):
            raise TypeError(
                f"texts[{i}] is {type(text).__name__} ({text!r:.60}), not str; "
                "convert or drop it before building the heatmap"
            )
        if not text.strip():
            raise ValueError(f"texts[{i}] is empty; remove it or give it some text")
    return checked


def check_labels(labels: Any, n: int, texts: Any = None) -> list[str]:
    """Return ``n`` labels as strings: ``labels`` if given (any values, shown with ``str``), else the indices.

    The indices are the index of ``texts`` when it is a pandas Series (a filtered frame's
    column keeps its row names), else ``0 .. n-1``.
    """
    if labels is None and _is_series(texts):
        labels = texts.index
    if labels is None:
        return [str(i) for i in range(n)]
    if isinstance(labels, str) or not isinstance(labels, Iterable):
        raise TypeError(f"labels must be a list of {n} labels, got {type(labels).__name__}")
    checked = [str(label) for label in labels]
    if len(checked) != n:
        raise ValueError(
            f"labels has {len(checked)} entries but there are {n} texts; give one label per text"
        )
    return checked


def check_embeddings(embeddings: Any, n: int | None = None) -> np.ndarray:
    """Return ``embeddings`` as a finite 2-D float array of ``n`` rows, or raise saying what is wrong.

    Accepts NumPy arrays and anything ``np.asarray`` understands (lists of lists, objects with
    ``__array__`` such as torch tensors on the CPU).
    """
    if embeddings is None:
        raise TypeError("embeddings is None; give one vector of numbers per text")
    try:
        array = np.asarray(embeddings)
    except Exception as error:
        raise TypeError(
            f"embeddings could not be read as an array ({error}); are all vectors the same length?"
        ) from error
    if np.iscomplexobj(array):  # casting would drop the imaginary part without a word
        raise TypeError(
            f"embeddings are complex (dtype {array.dtype}); cosine similarity here needs real "
            "vectors: pass np.real(...), np.abs(...) or both parts side by side"
        )
    if array.dtype != bool and (array.dtype == object or not np.issubdtype(array.dtype, np.number)):
        raise TypeError(
            f"embeddings must be numbers, got dtype {array.dtype}; are all vectors the same length?"
        )
    if array.ndim != 2:
        raise ValueError(f"embeddings must be 2-D (one row per text), got shape {array.shape}")
    if n is not None and array.shape[0] != n:
        raise ValueError(
            f"embeddings has {array.shape[0]} rows but there are {n} texts; give one row per text"
        )
    if array.shape[1] == 0:
        raise ValueError("embeddings has 0 columns; each text needs a vector of at least 1 value")
    if array.shape[0] == 0:
        raise ValueError("embeddings is empty: give at least one row")
    finite = np.isfinite(array).all(axis=1)
    if not finite.all():
        rows = np.flatnonzero(~finite)
        raise ValueError(
            f"embeddings has NaN or infinite values in {rows.size} row(s): {_preview(rows)}; "
            "check the model's output for those texts"
        )
    huge = np.abs(array).max(axis=1) > np.finfo(np.float32).max if array.dtype.kind == "f" else ()
    if np.any(huge):  # similarities are computed in float32: these rows would become inf
        raise ValueError(
            f"embeddings has values beyond float32's range (±3.4e38) in row(s) "
            f"{_preview(np.flatnonzero(huge))}; divide them by a constant (cosine does not change)"
        )
    return array


def _is_series(value: Any) -> bool:
    """A pandas Series (checked without importing pandas): 1-D, with an ``index``."""
    return (
        hasattr(value, "to_numpy") and getattr(value, "ndim", None) == 1 and hasattr(value, "index")
    )


def check_range(zmin: float | None, zmax: float | None) -> None:
    """Raise if a given colour bound is not a finite number or if ``zmin > zmax``."""
    for name, value in (("zmin", zmin), ("zmax", zmax)):
        if value is not None and not (
            isinstance(value, (int, float, np.number)) and np.isfinite(value)
        ):
            raise ValueError(f"{name} must be a finite number or None, got {value!r}")
    if zmin is not None and zmax is not None and zmin > zmax:
        raise ValueError(f"zmin ({zmin}) is greater than zmax ({zmax}); swap them")


def reject_unknown(kwargs: dict[str, Any], known: Iterable[str], owner: str) -> None:
    """Raise ``TypeError`` for keyword arguments ``owner`` does not take, suggesting the closest name."""
    if not kwargs:
        return
    known = list(known)
    messages = []
    for name in kwargs:
        close = difflib.get_close_matches(name, known, n=1)
        messages.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    raise TypeError(
        f"{owner}() got unexpected keyword argument(s) {', '.join(messages)}; "
        f"it takes: {', '.join(known)}"
    )
