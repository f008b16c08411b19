"""A static PNG of the heatmap as first shown: title, cells and colour bar, from plain values.

Notebook viewers that cannot run the widget (nbconvert HTML, GitHub, nbviewer, VS Code
after a reload) show this picture from the output's ``image/png``. It is drawn with NumPy
and written with :mod:`zlib`: no browser, no kaleido, no imaging library.

The picture is an indexed (palette) PNG: white, the text grey and 254 colours of the
colorscale, sampled and interpolated in RGB as the browser's lookup table is
(``js/colors.js``). At scale 1 it is at most 600 px a side; the cells are the overview
tile resampled to the plot's pixels (block means when there are more cells than
pixels). If a picture of many distinct cells would exceed the byte budget, its cells are
averaged in 2×2 blocks until it fits, so it stays small for any N.

Text uses a 5×7 bitmap font drawn for this module (ASCII 32-126). Accented letters are
drawn without their accents (é as e), dashes and curly quotes as their ASCII forms, and any
other character (CJK, emoji, ...) as an empty box.
"""

from __future__ import annotations

import re
import struct
import unicodedata
import zlib
from pathlib import Path

import numpy as np

from ..colorscales import colorscale_table, normalize_colorscale

MAX_BYTES = 150_000
MAX_SIDE = 600
BACKGROUND = (255, 255, 255)
TEXT = (68, 68, 68)  # Plotly's default font colour, #444
_FIRST_SCALE_INDEX = 2  # palette: 0 background, 1 text, then the colorscale
SCALE_COLOURS = 256 - _FIRST_SCALE_INDEX

# Layout at scale 1, in pixels; glyph sizes are multiples of the 5×7 font.
_MARGIN = 12
_TITLE_GLYPH = 3  # title glyphs 15×21 px
_LABEL_GLYPH = 2  # tick labels and colour-bar title 10×14 px
_TITLE_GAP = 14
_BAR_GAP = 14
_BAR_WIDTH = 18
_TICK_GAP = 6  # no tick marks (as Plotly's colour bar): a mark would read as a minus
_LABEL_GAP = 10
_MAX_PLOT = 480

# fmt: off
# The font: glyphs for ASCII 32 (space) to 126 (~), in order, each as 7 rows of 5 pixels,
# one row a hex byte whose bit 4 is the leftmost pixel. "0e11111f111111" is "A":
# .###. / #...# / #...# / ##### / #...# / #...# / #...#. Drawn for simheat (no third-party
# font data), released with it.
_FONT_HEX = (
    "00000000000000 04040404040004 0a0a0a00000000 0a0a1f0a1f0a0a 040f140e051e04 18190204081303 "  #  !"#$%
    "0c12140815120d 04040800000000 02040808080402 08040202020408 0004150e150400 0004041f040400 "  # &'()*+
    "000000000c0408 0000001f000000 00000000000c0c 00010204081000 0e11131519110e 040c040404040e "  # ,-./01
    "0e11010204081f 1f02040201110e 02060a121f0202 1f101e0101110e 0608101e11110e 1f010204080808 "  # 234567
    "0e11110e11110e 0e11110f01020c 000c0c000c0c00 000c0c000c0408 02040810080402 00001f001f0000 "  # 89:;<=
    "08040201020408 0e110102040004 0e11010d15150e 0e11111f111111 1e11111e11111e 0e11101010110e "  # >?@ABC
    "1c12111111121c 1f10101e10101f 1f10101e101010 0e11101711110f 1111111f111111 0e04040404040e "  # DEFGHI
    "0702020202120c 11121418141211 1010101010101f 111b1515111111 11111915131111 0e11111111110e "  # JKLMNO
    "1e11111e101010 0e11111115120d 1e11111e141211 0f10100e01011e 1f040404040404 1111111111110e "  # PQRSTU
    "11111111110a04 1111111515150a 11110a040a1111 11110a04040404 1f01020408101f 0e08080808080e "  # VWXYZ[
    "00100804020100 0e02020202020e 040a1100000000 0000000000001f 08040200000000 00000e010f110f "  # \]^_`a
    "1010161911111e 00000e1010110e 01010d1311110f 00000e111f100e 0609081c080808 000f11110f010e "  # bcdefg
    "10101619111111 04000c0404040e 0200060202120c 10101214181412 0c04040404040e 00001a15151111 "  # hijklm
    "00001619111111 00000e1111110e 00001e111e1010 00000d130f0101 00001619101010 00000e100e011e "  # nopqrs
    "08081c08080906 0000111111130d 00001111110a04 0000111115150a 0000110a040a11 000011110f010e "  # tuvwxy
    "00001f0204081f 02040408040402 04040404040404 08040402040408 00000815020000 "                 # z{|}~
)
# fmt: on
_BOX = "1f11111111111f"  # any character the font lacks
_ELLIPSIS = "00000000000015"  # "…", ends a cut title
_GLYPH_W, _GLYPH_H, _ADVANCE = 5, 7, 6


def _glyph_table() -> dict[str, np.ndarray]:
    """Each character of the font as a (7, 5) boolean array."""
    codes = _FONT_HEX.split()
    assert len(codes) == 95, "one glyph for each of ASCII 32-126"
    rows = {chr(32 + i): code for i, code in enumerate(codes)} | {"…": _ELLIPSIS, "": _BOX}
    bits = 1 << np.arange(_GLYPH_W - 1, -1, -1)
    return {
        char: (np.frombuffer(bytes.fromhex(code), np.uint8)[:, None] & bits) > 0
        for char, code in rows.items()
    }


_GLYPHS = _glyph_table()


# Look-alikes the font can draw: typographic dashes and quotes as their ASCII forms.
_ASCII_FORMS = str.maketrans("‐‑‒–—−‘’‚“”„", "------'''\"\"\"")


def _glyph(char: str) -> np.ndarray:
    """The glyph of ``char``: its own, its unaccented letter (é → e), or the box."""
    if char in _GLYPHS:
        return _GLYPHS[char]
    base = unicodedata.normalize("NFKD", char.translate(_ASCII_FORMS))[:1]
    return _GLYPHS.get(base, _GLYPHS[""])


def text_mask(text: str, glyph_scale: int = 1) -> np.ndarray:
    """``text`` on one line as a boolean pixel mask, each font pixel a square of ``glyph_scale``."""
    text = re.sub(r"\s+", " ", text)
    mask = np.zeros((_GLYPH_H, max(0, len(text) * _ADVANCE - 1)), dtype=bool)
    for i, char in enumerate(text):
        mask[:, i * _ADVANCE : i * _ADVANCE + _GLYPH_W] = _glyph(char)
    return mask.repeat(glyph_scale, axis=0).repeat(glyph_scale, axis=1)


def fit_text(text: str, width: int, glyph_scale: int) -> str:
    """``text`` cut to ``width`` pixels, ending with "…" when cut."""
    text = re.sub(r"\s+", " ", text).strip()
    room = max(1, (width // glyph_scale + 1) // _ADVANCE)
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


def colorscale_stops(name: str) -> list[tuple[float, str]]:
    """The stops of a colorscale trait value such as ``"Blues"`` or ``"Viridis_r"``."""
    name = normalize_colorscale(name)  # an unknown name raises, listing the choices
    reverse = name.endswith("_r")
    stops = [(float(p), c) for p, c in colorscale_table()[name[:-2] if reverse else name]]
    return [(1 - p, c) for p, c in reversed(stops)] if reverse else stops


def colorscale_lut(stops: list[tuple[float, str]], size: int = SCALE_COLOURS) -> np.ndarray:
    """``size`` RGB colours sampled evenly along ``stops``, linear in RGB like ``buildLut`` in JS."""
    positions = np.array([p for p, _ in stops])
    rgb = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for _, c in stops], dtype=float)
    t = np.linspace(0.0, 1.0, size)
    channels = [np.interp(t, positions, rgb[:, ch]) for ch in range(3)]
    return np.rint(np.stack(channels, axis=1)).astype(np.uint8)


def scale_indices(values: np.ndarray, zmin: float, zmax: float) -> np.ndarray:
    """Palette indices of ``values``: ≤ zmin the first scale colour, ≥ zmax the last, as in JS."""
    last = SCALE_COLOURS - 1
    factor = last / (zmax - zmin) if zmax > zmin else 0.0
    t = np.nan_to_num((np.asarray(values, dtype=np.float64) - zmin) * factor, nan=0.0)
    return (np.clip(np.floor(t + 0.5), 0, last) + _FIRST_SCALE_INDEX).astype(np.uint8)


def resample(values: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """``values`` on a ``rows`` × ``cols`` grid: repeated when smaller, block means when larger."""
    return _fit_axis(_fit_axis(np.asarray(values, dtype=np.float64), 0, rows), 1, cols)


def _fit_axis(values: np.ndarray, axis: int, size: int) -> np.ndarray:
    """Fit one axis of ``values`` to ``size`` pixels.

    With fewer cells than pixels, each pixel shows the cell under its centre (as an
    unsmoothed canvas does); with more, pixel p averages cells ``ceil(p·m/size)`` up to
    the next pixel's first (prefix sums: one pass).
    """
    m = values.shape[axis]
    if m <= size:
        return np.take(values, (np.arange(size) * m) // size, axis=axis)
    bounds = -((-np.arange(size + 1) * m) // size)
    sums = np.cumsum(values, axis=axis)
    sums = np.concatenate([np.zeros_like(np.take(sums, [0], axis=axis)), sums], axis=axis)
    block = np.diff(np.take(sums, bounds, axis=axis), axis=axis)
    shape = [1, 1]
    shape[axis] = size
    return block / np.diff(bounds).reshape(shape)


def nice_ticks(zmin: float, zmax: float, target: int = 6) -> tuple[list[float], int]:
    """Tick values on a 1-2-5 step inside [zmin, zmax] and the decimals to print them with."""
    span = zmax - zmin
    if not span > 0:
        return [zmin], 2
    raw = span / target
    power = 10.0 ** np.floor(np.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw * (1 - 1e-9))
    first = np.ceil(zmin / step - 1e-9)
    ticks = [float(k * step) for k in np.arange(first, np.floor(zmax / step + 1e-9) + 1)]
    return ticks, max(0, int(-np.floor(np.log10(step) + 1e-9)))


def heatmap_png(
    values: np.ndarray,
    zmin: float,
    zmax: float,
    colorscale: str,
    title: str = "",
    color_label: str = "",
    scale: int = 1,
    max_bytes: int | None = MAX_BYTES,
) -> bytes:
    """Draw the heatmap as a PNG: ``title`` over the cells, the colour bar on their right.

    Args:
        values: The cells to show (the widget's overview tile, display order), 2-D.
        zmin: Similarity drawn with the scale's first colour (and anything below it).
        zmax: Similarity drawn with the scale's last colour (and anything above it).
        colorscale: A Plotly colorscale name as the widget's trait holds it (``"_r"`` reverses).
        title: The title above the cells.
        color_label: The colour bar's title, written upwards beside it.
        scale: Pixels per pixel of the picture: 1 gives at most 600 px a side, 2 twice that.
        max_bytes: Largest PNG at scale 1, in bytes (``None``: no limit). Detail is
            averaged away until the picture fits; other scales draw the same cells.

    Returns:
        The PNG file's bytes.

    """
    values = np.asarray(values)
    if values.ndim != 2 or 0 in values.shape:
        raise ValueError(f"values must be a non-empty 2-D array, got shape {values.shape}")
    if not (isinstance(scale, int) and 1 <= scale <= 8):
        raise ValueError(f"scale must be a whole number from 1 to 8, got {scale!r}")
    layout = _Layout(zmin, zmax, title, color_label)
    palette = np.vstack([BACKGROUND, TEXT, colorscale_lut(colorscale_stops(colorscale))])
    full = resample(values, layout.plot, layout.plot)
    detail = layout.plot  # cells a side in the picture; fewer only to fit max_bytes

    def render(detail: int, scale: int) -> bytes:
        cells = full if detail == layout.plot else resample(full, detail, detail)
        image = layout.draw(scale_indices(cells, zmin, zmax))
        return _encode(image.repeat(scale, axis=0).repeat(scale, axis=1), palette)

    png = render(detail, 1)
    while max_bytes is not None and len(png) > max_bytes and detail > 16:
        detail //= 2  # too many distinct cells to compress: average 2×2 blocks
        png = render(detail, 1)
    return png if scale == 1 else render(detail, scale)


class _Layout:
    """Where title, cells, colour bar and labels go, at scale 1."""

    def __init__(self, zmin: float, zmax: float, title: str, color_label: str) -> None:
        self.zmin, self.zmax = zmin, zmax
        ticks, decimals = nice_ticks(zmin, zmax)
        self.ticks = [(t, f"{t + 0.0:.{decimals}f}") for t in ticks]
        label_px = _LABEL_GLYPH * (_ADVANCE * max(len(s) for _, s in self.ticks) - 1)
        glyph_h = _GLYPH_H * _LABEL_GLYPH
        right = (_BAR_GAP + _BAR_WIDTH + _TICK_GAP + label_px + _LABEL_GAP + glyph_h) + _MARGIN
        self.top = _MARGIN + _GLYPH_H * _TITLE_GLYPH + _TITLE_GAP
        self.plot = min(_MAX_PLOT, MAX_SIDE - _MARGIN - right, MAX_SIDE - self.top - _MARGIN)
        self.width = _MARGIN + self.plot + right
        self.height = self.top + self.plot + _MARGIN
        self.title = fit_text(title, self.width - 2 * _MARGIN, _TITLE_GLYPH)
        self.bar_x = _MARGIN + self.plot + _BAR_GAP
        self.label_x = self.bar_x + _BAR_WIDTH + _TICK_GAP
        self.color_label = fit_text(color_label, self.plot, _LABEL_GLYPH)
        self.color_label_x = self.label_x + label_px + _LABEL_GAP

    def draw(self, cells: np.ndarray) -> np.ndarray:
        """The picture as palette indices, one per pixel."""
        image = np.zeros((self.height, self.width), dtype=np.uint8)
        side, top = self.plot, self.top
        image[top : top + side, _MARGIN : _MARGIN + side] = _stretch(cells, side)
        # Colour bar: zmax at the top, zmin at the bottom, one scale colour per pixel row.
        levels = np.linspace(SCALE_COLOURS - 1, 0, side)
        bar = (np.floor(levels + 0.5) + _FIRST_SCALE_INDEX).astype(np.uint8)
        image[top : top + side, self.bar_x : self.bar_x + _BAR_WIDTH] = bar[:, None]
        for value, label in self.ticks:
            y = top + self._tick_y(value)
            mask = text_mask(label, _LABEL_GLYPH)
            _paint(image, mask, self.label_x, y - mask.shape[0] // 2)
        _paint(image, text_mask(self.title, _TITLE_GLYPH), _MARGIN, _MARGIN)
        label = np.rot90(text_mask(self.color_label, _LABEL_GLYPH))  # reads upwards
        _paint(image, label, self.color_label_x, top + (side - label.shape[0]) // 2)
        return image

    def _tick_y(self, value: float) -> int:
        if not self.zmax > self.zmin:
            return self.plot // 2
        return round((self.zmax - value) / (self.zmax - self.zmin) * (self.plot - 1))


def _stretch(cells: np.ndarray, side: int) -> np.ndarray:
    """Nearest-neighbour enlargement of ``cells`` to ``side`` × ``side`` pixels."""
    rows = (np.arange(side) * cells.shape[0]) // side
    cols = (np.arange(side) * cells.shape[1]) // side
    return cells[rows][:, cols]


def _paint(image: np.ndarray, mask: np.ndarray, x: int, y: int) -> None:
    """Set the text colour where ``mask`` is true, its top-left corner at (x, y), clipped."""
    h, w = image.shape
    y0, x0 = max(0, y), max(0, x)
    y1, x1 = min(h, y + mask.shape[0]), min(w, x + mask.shape[1])
    if y1 > y0 and x1 > x0:
        region = image[y0:y1, x0:x1]
        region[mask[y0 - y : y1 - y, x0 - x : x1 - x]] = 1


def _encode(indices: np.ndarray, palette: np.ndarray) -> bytes:
    """An 8-bit palette PNG of ``indices`` (rows × columns), each row filtered Sub or Up or not."""
    height, width = indices.shape
    none = indices.astype(np.uint8)
    sub = np.diff(none, axis=1, prepend=np.uint8(0))  # uint8 arithmetic wraps, as PNG's does
    up = np.diff(none, axis=0, prepend=np.uint8(0))
    options = np.stack([none, sub, up])  # filter types 0, 1, 2
    # libpng's heuristic: per row, the filter whose bytes, read as signed, sum smallest.
    cost = np.abs(options.view(np.int8).astype(np.int32)).sum(axis=2)
    best = cost.argmin(axis=0)
    filtered = options[best, np.arange(height)]
    raw = np.hstack([best.astype(np.uint8)[:, None], filtered]).tobytes()
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"PLTE", palette.astype(np.uint8).tobytes()),
            _chunk(b"IDAT", zlib.compress(raw, 6)),
            _chunk(b"IEND", b""),
        ]
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def write_png(path: str | Path, png: bytes) -> Path:
    """Write ``png`` to ``path`` and return the path."""
    path = Path(path)
    path.write_bytes(png)
    return path
