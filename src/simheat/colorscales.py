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


def normalize_colorscale(value: object, name: str = "colorscale") -> str:
    """Return the Plotly spelling of a colorscale name in any case (``"viridis_r"`` → ``"Viridis_r"``).

    Raises:
        ValueError: naming the option (``name``) and listing the known scales.
    """
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a name such as 'Blues', got {type(value).__name__}")
    base, reverse = (value[:-2], "_r") if value.lower().endswith("_r") else (value, "")
    by_lower = {known.lower(): known for known in colorscale_table()}
    if base.lower() not in by_lower:
        raise ValueError(
            f"unknown {name} {value!r}; choose one of Plotly's named colorscales "
            f"(add '_r' to reverse): {', '.join(colorscale_names())}"
        )
    return by_lower[base.lower()] + reverse
