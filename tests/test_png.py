"""The static picture: read back with an independent PNG decoder and checked pixel by pixel."""

from __future__ import annotations

import base64
import re
import struct
import subprocess
import sys
import zlib

import nbformat
import numpy as np
import pytest

from simheat import SimilarityHeatmap
from simheat.colorscales import colorscale_table
from simheat.outputs.png import MAX_BYTES, fit_text, heatmap_png, resample

WHITE = (255, 255, 255)


def decode_png(data: bytes) -> np.ndarray:
    """A minimal PNG reader (8-bit palette or RGB, all five filters): (height, width, 3) uint8."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    chunks, pos = {}, 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body), f"bad CRC in {kind}"
        chunks[kind] = chunks.get(kind, b"") + body
        pos += 12 + length
    width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert depth == 8 and colour in (2, 3) and b"IEND" in chunks
    channels = 3 if colour == 2 else 1
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = width * channels
    out = np.zeros((height, stride), dtype=np.int32)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]
        row = np.frombuffer(line, np.uint8).astype(np.int32)
        prior = out[y - 1] if y else np.zeros(stride, np.int32)
        if kind == 0:
            out[y] = row
        elif kind == 2:
            out[y] = (row + prior) % 256
        else:  # Sub, Average and Paeth depend on the pixel to the left: byte by byte
            for x in range(stride):
                left = out[y, x - channels] if x >= channels else 0
                up, corner = prior[x], prior[x - channels] if x >= channels else 0
                if kind == 1:
                    pred = left
                elif kind == 3:
                    pred = (left + up) // 2
                else:
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                out[y, x] = (row[x] + pred) % 256
    if colour == 3:
        palette = np.frombuffer(chunks[b"PLTE"], np.uint8).reshape(-1, 3)
        return palette[out]
    return out.reshape(height, width, 3).astype(np.uint8)


def scale_colour(name: str, t: float) -> np.ndarray:
    """The colour at ``t`` in [0, 1] of a Plotly scale, straight from its stops."""
    stops = colorscale_table()[name]
    positions = [p for p, _ in stops]
    rgb = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for _, c in stops], float)
    return np.array([np.interp(np.clip(t, 0, 1), positions, rgb[:, k]) for k in range(3)])


def hex_colour(pixel: np.ndarray) -> str:
    return "#" + "".join(f"{int(c):02x}" for c in pixel)


def cell_area(image: np.ndarray) -> tuple[int, int, int]:
    """(left, top, side) of the cells: the first non-white run across the middle row and column."""
    row = image[image.shape[0] // 2]
    coloured = np.flatnonzero(np.any(row != WHITE, axis=1))
    left = coloured[0]
    right = left + np.argmax(np.all(row[left:] == WHITE, axis=1))
    column = image[:, (left + right) // 2]
    coloured = np.flatnonzero(np.any(column != WHITE, axis=1))
    # The title is above, separated by white: take the run that contains the middle row.
    runs = np.split(coloured, np.flatnonzero(np.diff(coloured) > 1) + 1)
    run = next(r for r in runs if r[0] <= image.shape[0] // 2 <= r[-1])
    assert right - left == len(run), "the cells should be square"
    return left, run[0], right - left


@pytest.fixture
def small(texts):
    return SimilarityHeatmap(texts, colorscale="Viridis", title="Five texts", progress=False)


def test_picture_is_small_and_shows_the_matrix(small):
    png = small._png()
    image = decode_png(png)
    assert max(image.shape[:2]) <= 600 and len(png) <= MAX_BYTES
    left, top, side = cell_area(image)
    n, matrix = 5, small.matrix
    assert side >= 300, "the cells should fill most of the picture"
    for i in range(n):
        for j in range(n):
            y, x = top + int((i + 0.5) * side / n), left + int((j + 0.5) * side / n)
            t = (matrix[i, j] - small.zmin) / (small.zmax - small.zmin)
            expected = scale_colour("Viridis", t)
            assert np.abs(image[y, x] - expected).max() <= 2.5, (i, j, image[y, x], expected)
    # The diagonal (1 ≥ zmax) is the scale's top colour.
    top_colour = colorscale_table()["Viridis"][-1][1]
    for i in range(n):
        y, x = top + int((i + 0.5) * side / n), left + int((i + 0.5) * side / n)
        assert hex_colour(image[y, x]) == top_colour


def test_colour_bar_runs_from_zmax_at_the_top_to_zmin(small):
    image = decode_png(small._png())
    left, top, side = cell_area(image)
    row = image[top + side // 2]
    bar_x = left + side + np.argmax(np.any(row[left + side :] != WHITE, axis=1)) + 2
    bar = image[top : top + side, bar_x].astype(float)
    np.testing.assert_allclose(bar[0], scale_colour("Viridis", 1.0), atol=1)
    np.testing.assert_allclose(bar[-1], scale_colour("Viridis", 0.0), atol=1)
    middle = scale_colour("Viridis", 0.5)
    assert np.abs(bar[side // 2] - middle).max() <= 3


def test_reversed_scale_and_range_changes_reach_the_picture(small):
    small.colorscale = "Blues_r"
    with small.hold_trait_notifications():
        small.zmin, small.zmax = 0.0, 2.0  # the diagonal (1.0) sits mid-scale
    image = decode_png(small._png())
    left, top, side = cell_area(image)
    centre = image[top + side // 10, left + side // 10]
    assert np.abs(centre - scale_colour("Blues", 0.5)).max() <= 2.5


@pytest.mark.parametrize("n", [5, 5_000])
def test_any_size_stays_under_600_px_and_150_kb(n, rng):
    centres = rng.normal(size=(12, 48))
    embeddings = centres[rng.integers(0, 12, n)] + 0.8 * rng.normal(size=(n, 48))
    heatmap = SimilarityHeatmap.from_embeddings(embeddings.astype(np.float32), progress=False)
    png = heatmap._png()
    image = decode_png(png)
    assert max(image.shape[:2]) <= 600
    assert len(png) <= MAX_BYTES
    print(f"N={n}: {image.shape[1]}×{image.shape[0]} px, {len(png):,} bytes")


def test_incompressible_cells_are_averaged_until_they_fit(rng):
    noise = rng.uniform(size=(1024, 1024)).astype(np.float32)
    full = heatmap_png(noise, 0.0, 1.0, "Viridis", max_bytes=None)
    assert len(full) > MAX_BYTES  # the case the budget exists for
    png = heatmap_png(noise, 0.0, 1.0, "Viridis")
    assert len(png) <= MAX_BYTES
    assert decode_png(png).shape == decode_png(full).shape  # same layout, coarser cells


def test_block_means_match_brute_force(rng):
    values = rng.normal(size=(1000, 700))
    small = resample(values, 480, 300)
    rows = (np.arange(1000) * 480) // 1000
    cols = (np.arange(700) * 300) // 700
    for p, q in [(0, 0), (17, 250), (479, 299), (240, 3)]:
        assert small[p, q] == pytest.approx(values[np.ix_(rows == p, cols == q)].mean())
    # Fewer cells than pixels: each pixel repeats the cell under it.
    np.testing.assert_array_equal(resample(np.eye(3), 6, 6), np.kron(np.eye(3), np.ones((2, 2))))


def test_titles_are_cut_with_an_ellipsis_and_any_character_is_drawn():
    assert fit_text("Cosine Similarity Matrix", 1000, 3) == "Cosine Similarity Matrix"
    cut = fit_text("A very long title " * 10, 300, 3)
    assert cut.endswith("…") and (len(cut) * 6 - 1) * 3 <= 300
    values = np.eye(4, dtype=np.float32)

    def title_of(text: str) -> np.ndarray:
        return decode_png(heatmap_png(values, 0, 1, "Blues", text))[:40]

    assert (title_of("Ahnlichkeit") == title_of("Ähnlichkeit")).all()  # the accent is dropped
    assert (title_of("a - b") == title_of("a — b")).all()
    boxes = title_of("类似")
    assert (boxes != title_of("")).any()  # other characters are drawn (as boxes), not dropped
    assert (boxes == title_of("中文")).all()  # ... every one the same box


def test_mime_bundle_carries_the_picture_beside_the_widget(small):
    data, _metadata = small._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data and "text/plain" in data
    assert base64.b64decode(data["image/png"]) == small._png()
    data, _ = small._repr_mimebundle_(exclude=["image/png"])
    assert "image/png" not in data


def test_to_png_writes_the_picture_at_a_scale(small, tmp_path):
    one = decode_png(small.to_png(tmp_path / "one.png").read_bytes())
    two = decode_png(small.to_png(tmp_path / "two.png", scale=2).read_bytes())
    assert two.shape[:2] == (2 * one.shape[0], 2 * one.shape[1])
    np.testing.assert_array_equal(two[::2, ::2], one)
    with pytest.raises(ValueError, match="scale must be a whole number"):
        small.to_png(tmp_path / "bad.png", scale=0.5)
    with pytest.raises(ValueError, match="non-empty 2-D"):
        heatmap_png(np.zeros(5), 0, 1, "Blues")
    with pytest.raises(ValueError, match="unknown colorscale 'Nope'"):
        heatmap_png(np.eye(3), 0, 1, "Nope")


def test_nbconvert_html_of_an_executed_notebook_shows_the_picture(tmp_path, texts):
    cells = [
        "from simheat import SimilarityHeatmap",
        f"heatmap = SimilarityHeatmap({texts!r}, colorscale='Viridis', progress=False)\nheatmap",
    ]
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(c) for c in cells],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(notebook, tmp_path / "picture.ipynb")
    # Without widget state nbconvert shows the best static output: the state, when stored,
    # would make it embed the live widget instead (which needs its JS from a CDN).
    subprocess.run(
        [
            sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--execute",
            "--ExecutePreprocessor.store_widget_state=False", "picture.ipynb",
        ],
        cwd=tmp_path, check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    html = (tmp_path / "picture.html").read_text(encoding="utf-8")
    images = re.findall(r'<img [^>]*src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 1
    assert "SimilarityHeatmap of 5 texts" not in html  # the picture, not the text repr
    image = decode_png(base64.b64decode(images[0]))
    left, top, side = cell_area(image)
    centre = image[top + side // 10, left + side // 10]  # cell (0, 0), on the diagonal
    assert hex_colour(centre) == colorscale_table()["Viridis"][-1][1]
