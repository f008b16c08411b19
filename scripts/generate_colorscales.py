"""Regenerate ``src/simheat/colorscales.json`` from plotly.py's named colorscales.

The widget must list and draw every Plotly named colorscale without plotly.py at run time
and without a network, in Python (validation) and in the browser (drawing), so both read
one JSON table. Run after a plotly upgrade: ``python scripts/generate_colorscales.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import plotly.colors as pc

OUT = Path(__file__).resolve().parents[1] / "src" / "simheat" / "colorscales.json"
MODULES = [
    pc.plotlyjs,
    pc.sequential,
    pc.diverging,
    pc.cyclical,
    pc.colorbrewer,
    pc.cmocean,
    pc.carto,
]


def canonical_names() -> dict[str, str]:
    """Map each lower-case Plotly colorscale name to its usual spelling (``"rdbu"`` → ``"RdBu"``)."""
    wanted = set(pc.named_colorscales())
    names: dict[str, str] = {}
    for module in MODULES:
        for attr in dir(module):
            low = attr.lower()
            if low in wanted and low not in names and isinstance(getattr(module, attr), list):
                names[low] = attr
    missing = wanted - names.keys()
    if missing:
        raise SystemExit(f"no canonical spelling found for {sorted(missing)}")
    return names


def to_hex(color: str) -> str:
    """Return ``color`` (``#rgb``, ``#rrggbb`` or ``rgb(r, g, b)``) as ``#rrggbb``."""
    rgb = pc.hex_to_rgb(color) if color.startswith("#") else pc.unlabel_rgb(color)
    r, g, b = (round(float(v)) for v in rgb)
    return f"#{r:02x}{g:02x}{b:02x}"


def main() -> None:
    table = {}
    for low, name in sorted(canonical_names().items()):
        table[name] = [[round(float(pos), 6), to_hex(col)] for pos, col in pc.get_colorscale(low)]
    OUT.write_text(json.dumps(table, separators=(",", ":")) + "\n")
    print(f"wrote {len(table)} colorscales to {OUT}")


if __name__ == "__main__":
    main()
