"""Plotly's named colorscales, shared with the browser through ``colorscales.json``."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from traitlets import TraitError


@cache
def colorscale_table() -> dict[str, list[list]]:
    """Return every named colorscale as ``{name: [[position, "#rrggbb"], ...]}`` (plotly.py's stops)."""
    return json.loads(files(__package__).joinpath("colorscales.json").read_text())


def colorscale_names() -> list[str]:
    """Return the names of Plotly's colorscales, as the widget's dropdown lists them."""
    return list(colorscale_table())


def normalize_colorscale(name: object) -> str:
    """Return the canonical spelling of a Plotly colorscale name (``"viridis_r"`` → ``"Viridis_r"``).

    Names are matched without regard to case; a ``_r`` suffix reverses the scale. Anything
    else raises ``TraitError`` listing the choices.
    """
    if not isinstance(name, str):
        raise TraitError(f"colorscale must be a name such as 'Blues', got {type(name).__name__}")
    base, reverse = (name[:-2], "_r") if name.lower().endswith("_r") else (name, "")
    by_lower = {known.lower(): known for known in colorscale_table()}
    if base.lower() not in by_lower:
        raise TraitError(
            f"unknown colorscale {name!r}; choose one of Plotly's named colorscales "
            f"(add '_r' to reverse): {', '.join(colorscale_names())}"
        )
    return by_lower[base.lower()] + reverse
