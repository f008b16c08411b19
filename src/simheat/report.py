"""Static outputs for reports: a ValidMind-style Plotly figure and the raw numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .colorscales import colorscale_table

if TYPE_CHECKING:
    from .widget import SimilarityHeatmap


def plotly_colorscale(name: str) -> list[list[Any]]:
    """The stops of a colorscale trait value (``"_r"`` reversed) as plotly.py takes them."""
    reverse = name.endswith("_r")
    stops = colorscale_table()[name[:-2] if reverse else name]
    return (
        [[round(1 - p, 6), c] for p, c in reversed(stops)] if reverse else [list(s) for s in stops]
    )


def validmind_figure(widget: SimilarityHeatmap, text_auto: bool | str = False) -> Any:
    """The figure ValidMind's ``CosineSimilarityHeatmap`` draws, in the widget's current colours.

    ``px.imshow`` of the matrix with the title, axis titles, colour-bar title and colorscale,
    coloured over the widget's ``zmin``..``zmax``. ``text_auto=True`` writes every value
    in its cell as ValidMind does (slow beyond a few hundred texts).
    """
    try:
        import plotly.express as px
    except ImportError as error:
        raise ImportError("to_figure needs plotly: pip install plotly") from error
    figure = px.imshow(
        widget.matrix,
        text_auto=text_auto,
        color_continuous_scale=plotly_colorscale(widget.colorscale),
        zmin=widget.zmin,
        zmax=widget.zmax,
        title=widget.title,
    )
    figure.update_layout(
        xaxis_title=widget.xaxis_title,
        yaxis_title=widget.yaxis_title,
        coloraxis_colorbar={"title": {"text": widget.color_label}},
    )
    return figure
