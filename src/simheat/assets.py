"""The built front end (``npm run build`` writes it to ``static/``): one place that knows where."""

from __future__ import annotations

import os
from pathlib import Path

STATIC = Path(__file__).parent / "static"


def static_file(name: str) -> Path:
    """The path of a built file, e.g. ``"widget.js"``, or a ``FileNotFoundError`` saying how to build it."""
    path = STATIC / name
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: the widget's JavaScript was not built (run `npm run build`)"
        )
    return path


def widget_code(name: str) -> str | Path:
    """What anywidget gets as ``_esm`` or ``_css``: the built file's text, or its path to watch.

    Given a path, anywidget ties every widget to a class-level file watcher that keeps it
    alive for good (manzt/anywidget#929); the text has no watcher. With ``ANYWIDGET_HMR=1``
    (``npm run dev``) the path, for live reload.
    """
    path = static_file(name)
    return path if os.environ.get("ANYWIDGET_HMR") == "1" else path.read_text(encoding="utf-8")
