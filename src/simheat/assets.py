"""The built front end (``npm run build`` writes it to ``static/``): one place that knows where."""

from __future__ import annotations

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
