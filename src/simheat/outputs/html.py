"""Standalone, offline HTML of a heatmap: plotly.js, the widget code and the data inlined."""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Mapping
from typing import Any

from ..assets import static_file

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


def json_ready(state: Mapping[str, Any]) -> dict[str, Any]:
    """Synced state as JSON-ready data: binary arrays (``{"view": memoryview, ...}``) as base64."""
    ready = dict(state)
    for name, value in state.items():
        if isinstance(value, dict) and "view" in value:
            ready[name] = {k: v for k, v in value.items() if k != "view"}
            ready[name]["base64"] = base64.b64encode(value["view"]).decode("ascii")
    return ready


def standalone_html(state: Mapping[str, Any], title: str) -> str:
    """Return one HTML page that shows a widget of synced ``state`` interactively, offline.

    ``state`` is the widget's own synced traits (binary arrays as ``array_to_wire`` makes
    them); ``title`` is the page's title, escaped here.
    """
    script = static_file("standalone.js")
    # No "<" at all inside the script element: "</script" would end it, and "<!--" then
    # "<script" (from two texts) would make the parser swallow the closing tag.
    data = json.dumps(json_ready(state), ensure_ascii=False)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return PAGE.format(
        title=html.escape(title),
        css=static_file("widget.css").read_text(),
        state=data,
        script=_inline_script(script.read_text()),
    )
