"""Checks of user input, run before anything is computed or shown.

Each check raises an error that names what is wrong, where (which index or row), and how to
fix it, so a bad call never leaves a half-built widget behind.
"""

from __future__ import annotations

import difflib
import numbers
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from .options import OptionError


def check_texts(texts: Any, name: str = "texts") -> list[str]:
    """Return ``texts`` as a list of non-empty strings, or raise naming the first bad entry.

    Accepts a list or tuple of str, a 1-D NumPy array of str, or a pandas Series of str.
    ``name`` is the argument the messages name (``"columns"`` for the column texts).
    """
    if isinstance(texts, (str, bytes)):
        raise TypeError(
            f"{name} must be a sequence of strings, not one {type(texts).__name__}; wrap it: [text]"
        )
    if hasattr(texts, "to_numpy") and hasattr(texts, "index"):  # pandas Series, without pandas
        texts = texts.to_numpy()
    if isinstance(texts, np.ndarray):
        if texts.ndim != 1:
            raise ValueError(f"{name} must be 1-D, got an array of shape {texts.shape}")
        texts = texts.tolist()
    if not isinstance(texts, Sequence):
        raise TypeError(
            f"{name} must be a list of strings, got {type(texts).__name__}; try list(texts)"
        )
    if len(texts) == 0:
        raise ValueError(f"{name} is empty: give at least one text to compare")
    checked = list(texts)
    for i, text in enumerate(checked):
        if not isinstance(text, str):
            raise TypeError(
                f"{name}[{i}] is {type(text).__name__} ({text!r:.60}), not str; "
                "convert or drop it before building the heatmap"
            )
        if not text.strip():
            raise ValueError(f"{name}[{i}] is empty; remove it or give it some text")
    return checked


def check_labels(
    labels: Any, n: int, texts: Any = None, name: str = "labels", items: str = "texts"
) -> list[str]:
    """Return ``n`` labels as strings: ``labels`` if given (any values, shown with ``str``), else the indices.

    The indices are the index of ``texts`` when it is a pandas Series (a filtered frame's
    column keeps its row names), else ``0 .. n-1``. ``name`` and ``items`` are what the
    messages call the labels and what they label (``"column_labels"``, ``"columns"``).
    """
    if labels is None and _is_series(texts):
        labels = texts.index
    if labels is None:
        return [str(i) for i in range(n)]
    if isinstance(labels, str) or not isinstance(labels, Iterable):
        raise TypeError(f"{name} must be a list of {n} labels, got {type(labels).__name__}")
    checked = [str(label) for label in labels]
    if len(checked) != n:
        raise ValueError(
            f"{name} has {len(checked)} entries but there are {n} {items}; "
            f"give one label per {items.rstrip('s')}"
        )
    return checked


def check_groups(groups: Any, n: int) -> list[str] | None:
    """Return one group name per text as strings (shown with ``str``), or None without groups.

    Groups are data like labels: known categories of the texts (e.g. intent labels).
    """
    if groups is None:
        return None
    if hasattr(groups, "to_numpy") and hasattr(groups, "index"):  # pandas Series, without pandas
        groups = groups.to_numpy()
    if isinstance(groups, np.ndarray) and groups.ndim != 1:
        raise ValueError(f"groups must be 1-D, one group per text, got shape {groups.shape}")
    if isinstance(groups, (str, bytes)) or not isinstance(groups, Iterable):
        raise TypeError(
            f"groups must be a list of {n} categories, one per text, got {type(groups).__name__}"
        )
    checked = list(groups)
    if len(checked) != n:
        raise ValueError(
            f"groups has {len(checked)} entries but there are {n} texts; give one group per text"
        )
    for i, group in enumerate(checked):
        if group is None or (isinstance(group, float) and not np.isfinite(group)):
            raise ValueError(
                f"groups[{i}] is {group!r}: every text needs a group; "
                "give missing ones a name such as 'unknown'"
            )
    return [str(group) for group in checked]


# Units of a memory size, decimal (1 GB = 10⁹ bytes) and binary (1 GiB = 2³⁰ bytes).
_BYTE_UNITS = {
    "b": 1,
    **{f"{p}b": 1000 ** (i + 1) for i, p in enumerate("kmgt")},
    **{f"{p}ib": 1024 ** (i + 1) for i, p in enumerate("kmgt")},
}
_SIZE = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)\s*", re.IGNORECASE)


def parse_bytes(value: Any, name: str) -> int:
    """Return a memory size in bytes: an int, or a string such as ``"1GB"`` or ``"512MiB"``."""
    hint = "give a number of bytes or a string such as '1GB' or '512MiB'"
    if isinstance(value, str):
        match = _SIZE.fullmatch(value)
        unit = match.group(2).lower() if match else ""
        if not match or (unit or "b") not in _BYTE_UNITS:
            raise OptionError(f"{name}={value!r} is not a memory size; {hint}")
        return int(float(match.group(1)) * _BYTE_UNITS[unit or "b"])
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value >= 0:
        raise OptionError(f"{name} must be a size of 0 bytes or more, got {value!r}; {hint}")
    if not np.isfinite(value):
        raise OptionError(f"{name} must be finite, got {value!r}; {hint}")
    return int(value)


def _is_series(value: Any) -> bool:
    """A pandas Series (checked without importing pandas): 1-D, with an ``index``."""
    return (
        hasattr(value, "to_numpy") and getattr(value, "ndim", None) == 1 and hasattr(value, "index")
    )


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


def count_argument(name: str, value: Any) -> int:
    """A number of records to return: a whole number ≥ 0."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"{name} must be a whole number ≥ 0, got {type(value).__name__} {value!r}")
    return int(value)


def similarity_argument(name: str, value: Any) -> float:
    """A similarity argument: a number in [-1, 1]."""
    real = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    if not real or not -1.0 <= value <= 1.0:
        raise ValueError(
            f"{name} must be a similarity in [-1, 1], got {type(value).__name__} {value!r}"
        )
    return float(value)
