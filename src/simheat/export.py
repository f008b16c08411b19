"""Standalone, offline HTML of a heatmap: plotly.js, the widget code and the data inlined."""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget

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
    """The widget's own synced state as JSON-ready data, binary arrays as base64."""
    # Leave out Jupyter's plumbing and the widget code (the page inlines it once).
    inherited = {*anywidget.AnyWidget.class_traits(sync=True), "_esm", "_css", "_anywidget_id"}
    names = [name for name in widget.class_traits(sync=True) if name not in inherited]
    state = widget.get_state(key=names)
    for name, value in state.items():
        if isinstance(value, dict) and "view" in value:  # a binary array: base64 in a page
            state[name] = {k: v for k, v in value.items() if k != "view"}
            state[name]["base64"] = base64.b64encode(value["view"]).decode("ascii")
    return state


def standalone_html(widget: SimilarityHeatmap) -> str:
    """Return one HTML page that shows ``widget`` interactively, with no server or network."""
    script = STATIC / "standalone.js"
    if not script.exists():
        raise FileNotFoundError(
            f"{script} is missing: the widget's JavaScript was not built (run `npm run build`)"
        )
    # No "<" at all inside the script element: "</script" would end it, and "<!--" then
    # "<script" (from two texts) would make the parser swallow the closing tag.
    state = json.dumps(page_state(widget), ensure_ascii=False)
    state = state.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return PAGE.format(
        title=html.escape(widget.title),
        css=(STATIC / "widget.css").read_text(),
        state=state,
        script=_inline_script(script.read_text()),
    )
