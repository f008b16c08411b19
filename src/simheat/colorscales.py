"""Plotly's named colorscales, shared with the browser through ``colorscales.json``."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files


@cache
def colorscale_table() -> dict[str, list[list]]:
    """Return every named colorscale as ``{name: [[position, "#rrggbb"], ...]}`` (plotly.py's stops)."""
    return json.loads(files(__package__).joinpath("colorscales.json").read_text())


def colorscale_names() -> list[str]:
    """Return the names of Plotly's colorscales, as the widget's dropdown lists them."""
    return list(colorscale_table())
