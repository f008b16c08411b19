"""Static outputs for reports: a ValidMind-style Plotly figure of a similarity matrix."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..colorscales import colorscale_table


def plotly_colorscale(name: str) -> list[list[Any]]:
    """The stops of a colorscale trait value (``"_r"`` reversed) as plotly.py takes them."""
    reverse = name.endswith("_r")
    stops = colorscale_table()[name[:-2] if reverse else name]
    return (
        [[round(1 - p, 6), c] for p, c in reversed(stops)] if reverse else [list(s) for s in stops]
    )


def validmind_figure(
    matrix: np.ndarray, style: Mapping[str, Any], text_auto: bool | str = False
) -> Any:
    """The figure ValidMind's ``CosineSimilarityHeatmap`` draws, in the given colours and titles.

    ``px.imshow`` of ``matrix`` with ``style``'s ``title``, ``xaxis_title``, ``yaxis_title``,
    ``color_label`` and ``colorscale``, coloured over ``zmin``..``zmax``. ``text_auto=True``
    writes every value in its cell as ValidMind does (slow beyond a few hundred texts).
    """
    import plotly.express as px  # here, not at import: plotly takes a second to load

    figure = px.imshow(
        matrix,
        text_auto=text_auto,
        color_continuous_scale=plotly_colorscale(style["colorscale"]),
        zmin=style["zmin"],
        zmax=style["zmax"],
        title=style["title"],
    )
    figure.update_layout(
        xaxis_title=style["xaxis_title"],
        yaxis_title=style["yaxis_title"],
        coloraxis_colorbar={"title": {"text": style["color_label"]}},
    )
    return figure
