"""Standalone, offline HTML of a heatmap: plotly.js, the widget code and the data inlined."""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .widget import SimilarityHeatmap

STATIC = Path(__file__).parent / "static"

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body {{ margin: 16px; }}</style>
<style>{css}</style>
</head>
<body>
<script type="application/x-simheat+json">{state}</script>
<script>{script}</script>
</body>
</html>
"""


def _inline_script(code: str) -> str:
    """Make JavaScript safe inside a script element: an escaped closing tag means the same to JS."""
    return code.replace("</script", "<\\/script")


def page_state(widget: SimilarityHeatmap) -> dict[str, Any]:
    """The widget's synced state as JSON-ready data, the matrix as base64 float32."""
    state = {name: getattr(widget, name) for name in widget.keys if not name.startswith("_")}
    state = {
        k: v for k, v in state.items() if isinstance(v, (str, int, float, list, tuple, type(None)))
    }
    matrix = widget.matrix
    state["_matrix"] = {
        "base64": base64.b64encode(matrix.astype("float32", copy=False).tobytes()).decode("ascii"),
        "dtype": "float32",
        "shape": list(matrix.shape),
    }
    state["_texts"] = widget.texts
    state["_labels"] = widget.labels
    return state


def standalone_html(widget: SimilarityHeatmap) -> str:
    """Return one HTML page that shows ``widget`` interactively, with no server or network."""
    script = STATIC / "standalone.js"
    if not script.exists():
        raise FileNotFoundError(
            f"{script} is missing: the widget's JavaScript was not built (run `npm run build`)"
        )
    state = json.dumps(page_state(widget), ensure_ascii=False).replace("</", "<\\/")
    return PAGE.format(
        title=html.escape(widget.title),
        css=(STATIC / "widget.css").read_text(),
        state=state,
        script=_inline_script(script.read_text()),
    )
