"""The insight in a real JupyterLab: pairs table, histogram, threshold, neighbours, groups.

What a person sees (rows, bars, the panel, pixels) and what Python receives (``selection``,
``threshold``), on the quickstart's texts plus a pair of reordered words and a stray text.
"""

from __future__ import annotations

import json

import pytest

from .conftest import DOCS, NOTEBOOKS, numbered_texts_cell

EXTRA = """\
texts += ["The dog bit the man.", "The man bit the dog.", "Zebra quantum banjo marmalade."]
labels += ["reorder 0", "reorder 1", "stray"]
heatmap = SimilarityHeatmap(texts, labels=labels)
heatmap"""


def quickstart_cells() -> list[str]:
    """The quickstart's import and texts cells (the first two code cells)."""
    notebook = json.loads((NOTEBOOKS / "quickstart.ipynb").read_text())
    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    return code[:2]


@pytest.fixture(scope="module")
def insight(lab, open_notebook):
    name = lab.write_notebook("insight.ipynb", [*quickstart_cells(), EXTRA])
    notebook = open_notebook(name)
    kernel = notebook.kernel
    assert kernel.wait_for("heatmap._insight['status']", "ready", timeout=60) == "ready"
    notebook.texts = kernel.eval("texts")
    notebook.top = kernel.eval("heatmap._insight['tables']['top']")
    heatmap = notebook.heatmap()
    heatmap.root.locator(".simheat-row").first.wait_for()
    yield notebook
    assert notebook.console.errors == []


def type_threshold(heatmap, value: str) -> float:
    """Type ``value`` in the Threshold box and press Enter; the ms the widget's handler took.

    The handler repaints synchronously: on the box, a capturing listener runs before it and
    one added after it runs once it is done.
    """
    box = heatmap.root.get_by_label("Threshold", exact=True)
    box.evaluate(
        """b => {
          window.simheatTimes = {};
          const at = (key) => () => { window.simheatTimes[key] = performance.now(); };
          b.addEventListener('keydown', at('start'), {capture: true, once: true});
          b.addEventListener('keydown', at('end'), {once: true});
        }"""
    )
    box.fill(value)
    box.press("Enter")
    return heatmap.page.evaluate("() => simheatTimes.end - simheatTimes.start")


def rows(heatmap):
    return heatmap.root.locator(".simheat-pairs .simheat-row")


def test_clicking_a_table_row_selects_the_cell_and_fills_the_panel(insight):
    heatmap, kernel, texts = insight.heatmap(), insight.kernel, insight.texts
    first = insight.top[0]
    cell = (first["row"], first["col"])
    # The most similar pair of the quickstart is its exact duplicate (rows 0 and 7).
    assert sorted(cell) == [0, 7]
    row = rows(heatmap).first
    assert f"{first['similarity']:.3f}" in row.inner_text()
    row.click()
    assert kernel.wait_for("heatmap.selection", cell) == cell
    panel = heatmap.panel.inner_text()
    assert texts[cell[0]] in panel and texts[cell[1]] in panel
    assert row.get_attribute("aria-pressed") == "true"
    shapes = heatmap.layout("gd.layout.shapes")
    assert (shapes[-2]["x0"], shapes[-2]["y0"]) == (cell[1] - 0.5, cell[0] - 0.5)


def test_clicking_a_cell_highlights_its_row(insight):
    heatmap, kernel = insight.heatmap(), insight.kernel
    third = insight.top[2]
    heatmap.click_cell(third["col"], third["row"])  # the mirror cell: the same pair
    expected = (third["col"], third["row"])
    assert kernel.wait_for("heatmap.selection", expected) == expected
    pressed = heatmap.root.locator('.simheat-pairs .simheat-row[aria-pressed="true"]')
    pressed.wait_for()
    assert pressed.count() == 1
    assert rows(heatmap).nth(2).get_attribute("aria-pressed") == "true"


def test_neighbours_in_the_panel_select_their_pair(insight):
    heatmap, kernel = insight.heatmap(), insight.kernel
    kernel.run("heatmap.selection = (8, 8)")
    heatmap.panel.get_by_text("Nearest texts to row 8").wait_for()
    neighbours = heatmap.panel.locator(".simheat-neighbor")
    expected = kernel.eval("[n['index'] for n in heatmap.selected['neighbors']]")
    assert neighbours.count() == len(expected) == 10
    # Row 8 (kneading dough) has its paraphrase, row 9, nearest.
    assert expected[0] == 9
    neighbours.nth(1).click()
    assert kernel.wait_for("heatmap.selection", (8, expected[1])) == (8, expected[1])


def test_the_threshold_recolours_and_updates_the_count(insight):
    heatmap, kernel = insight.heatmap(), insight.kernel
    before = heatmap.pixels()
    box = heatmap.root.get_by_label("Threshold", exact=True)
    repaint_ms = type_threshold(heatmap, "0.5")
    print(f"threshold change handled (cells repainted) in {repaint_ms:.1f} ms")
    assert kernel.wait_for("heatmap.threshold", 0.5) == 0.5
    assert heatmap.wait_for_pixels_change(before)["checksum"] != before["checksum"]
    # The count shown is the count of pairs at or above 0.5, counted here from the matrix.
    count = kernel.eval(
        "int((heatmap.matrix[__import__('numpy').triu_indices(len(texts), 1)] >= 0.5).sum())"
    )
    caption = heatmap.root.locator(".simheat-histogram-caption")
    caption.get_by_text(f"≥ 0.500: {count:,} pair").wait_for()
    # Clearing the box sets None: the colours come back.
    dimmed = heatmap.pixels()
    box.fill("")
    box.press("Enter")
    assert kernel.wait_for("heatmap.threshold", None) is None
    assert heatmap.wait_for_pixels_change(dimmed)["checksum"] == before["checksum"]


def test_the_histogram_is_drawn_and_follows_the_range_handles(insight):
    heatmap, kernel = insight.heatmap(), insight.kernel
    bars = heatmap.root.locator(".simheat-dual rect.simheat-bar")
    counts = kernel.eval("heatmap._insight['histogram']['counts']")
    assert bars.count() == sum(1 for c in counts if c) > 5
    shade = heatmap.root.locator(".simheat-histogram-range")
    before = float(shade.get_attribute("x"))
    inside = heatmap.root.locator(".simheat-dual rect.simheat-bar-in").count()
    kernel.run("heatmap.zmin = 0.4")
    heatmap.page.wait_for_function(
        f"s => Number(s.getAttribute('x')) > {before + 1}", arg=shade.element_handle()
    )
    assert heatmap.root.locator(".simheat-dual rect.simheat-bar-in").count() < inside
    # The shade starts where the slider's minimum handle is: same scale, same track.
    handle = heatmap.root.get_by_label("Color range minimum", exact=True)
    lo, hi = float(handle.get_attribute("min")), float(handle.get_attribute("max"))
    box = shade.bounding_box()
    track = heatmap.root.locator(".simheat-histogram").bounding_box()
    assert box["x"] - track["x"] == pytest.approx((0.4 - lo) / (hi - lo) * track["width"], abs=2)


def test_screenshot_of_the_table_and_histogram(insight):
    heatmap, kernel = insight.heatmap(), insight.kernel
    kernel.run("heatmap.zmin = 0.1; heatmap.threshold = 0.6; heatmap.selection = (9, 8)")
    heatmap.root.locator(".simheat-histogram-threshold").wait_for(state="attached")
    heatmap.root.get_by_role("tab", name="Above threshold").click()
    heatmap.root.locator('.simheat-pairs .simheat-row[aria-pressed="true"]').wait_for()
    heatmap.page.wait_for_timeout(300)
    DOCS.mkdir(exist_ok=True)
    heatmap.screenshot(DOCS / "screenshot-insight.png")


@pytest.fixture(scope="module")
def big(lab, open_notebook):
    cells = [numbered_texts_cell(2000, seed=1, show="heatmap")]
    notebook = open_notebook(lab.write_notebook("insight_big.ipynb", cells))
    assert notebook.kernel.wait_for("heatmap._insight['status']", "ready", timeout=120) == "ready"
    yield notebook
    assert notebook.console.errors == []


def test_a_row_inside_the_overview_zooms_to_its_cell(big):
    heatmap, kernel = big.heatmap(), big.kernel
    row = rows(heatmap).first
    row.wait_for()
    first = kernel.eval("heatmap._insight['tables']['top'][0]")
    row.click()
    cell = (first["row"], first["col"])
    assert kernel.wait_for("heatmap.selection", cell) == cell
    heatmap.page.wait_for_function(
        "gd => Math.abs(gd._fullLayout.yaxis.range[0] - gd._fullLayout.yaxis.range[1]) < 100",
        arg=heatmap.graph.element_handle(),
    )
    y_range = sorted(heatmap.layout("gd._fullLayout.yaxis.range"))
    x_range = sorted(heatmap.layout("gd._fullLayout.xaxis.range"))
    assert y_range[0] < cell[0] < y_range[1] and x_range[0] < cell[1] < x_range[1]
    # Python answers the zoom with exact cells: the tooltip names the pair's texts.
    tooltip = heatmap.wait_for_tooltip(*cell, f"text number {cell[1]}")
    assert f"text number {cell[0]}" in tooltip


GROUPED = """\
from simheat import SimilarityHeatmap
texts = ["Rain all day tomorrow.", "The striker scored twice.", "A sunny weekend ahead.",
         "The match ended in a draw.", "Snow expected on the hills.", "The coach was sacked."]
groups = ["weather", "sport", "weather", "sport", "weather", "sport"]
heatmap = SimilarityHeatmap(texts, groups=groups)
heatmap"""


@pytest.fixture(scope="module")
def grouped(lab, open_notebook):
    notebook = open_notebook(lab.write_notebook("insight_groups.ipynb", [GROUPED]))
    yield notebook
    assert notebook.console.errors == []


def test_group_boundaries_are_drawn_and_named_on_hover(grouped):
    heatmap = grouped.heatmap()
    # Shown group by group: one boundary after the third text, across and down.
    lines = heatmap.layout("gd.layout.shapes.filter(s => s.type === 'line')")
    assert sorted((line["x0"], line["y0"]) for line in lines) == [(-0.5, 2.5), (2.5, -0.5)]
    tooltip = heatmap.hover_cell(0, 5)
    assert "groups: weather × sport" in tooltip or "groups: sport × weather" in tooltip
    # The means within and between groups and the separation, as Python computed them.
    kernel = grouped.kernel
    assert kernel.wait_for("heatmap._insight['status']", "ready", timeout=60) == "ready"
    separation = kernel.eval("heatmap._insight['groups']['separation']")
    line = heatmap.root.locator(".simheat-stats", has_text="within groups")
    line.wait_for()
    assert "weather" in line.inner_text() and "sport" in line.inner_text()
    assert f"separation {separation:.3f}" in line.inner_text()
    # Displayed texts 0 and 1 are in the same group.
    same = heatmap.hover_cell(0, 1).split("groups: ")[1].split(" × ")
    assert same[0] == same[1].strip() and same[0] in ("weather", "sport")


def test_the_threshold_recolours_2000_texts(big):
    heatmap, kernel = big.heatmap(), big.kernel
    before = heatmap.pixels()
    repaint_ms = type_threshold(heatmap, "0.3")
    print(f"threshold change at N = 2,000 handled (cells repainted) in {repaint_ms:.1f} ms")
    assert kernel.wait_for("heatmap.threshold", 0.3) == 0.3
    assert heatmap.wait_for_pixels_change(before)["checksum"] != before["checksum"]


def test_the_pass_shows_its_progress_while_the_heatmap_stays_usable(lab, open_notebook):
    # 50,000 texts: about 1.25 billion pairs, a pass of many seconds on these machines.
    cell = numbered_texts_cell(50_000, seed=2, show="heatmap").replace("(50000, 32)", "(50000, 16)")
    notebook = open_notebook(lab.write_notebook("insight_progress.ipynb", [cell]))
    heatmap, kernel = notebook.heatmap(), notebook.kernel
    bar = heatmap.root.locator(".simheat-progress")
    bar.wait_for(timeout=30_000)
    first = heatmap.root.locator(".simheat-progress-text").inner_text()
    assert first.startswith("Finding neighbours…") and first.endswith("%")
    # While Python's thread works, the heatmap answers the pointer.
    tooltip = heatmap.hover_cell(10_000, 40_000)
    assert "a block of" in tooltip
    assert kernel.eval("heatmap._insight['status']") == "running"
    heatmap.page.wait_for_function(
        "([bar, first]) => !bar.isConnected || bar.textContent !== first",
        arg=[bar.element_handle(), first],
        timeout=60_000,
    )  # the bar moves on (or the pass is done)
    assert kernel.wait_for("heatmap._insight['status']", "ready", timeout=240) == "ready"
    bar.wait_for(state="detached", timeout=10_000)
    stats = heatmap.root.locator(".simheat-stats").first.inner_text()
    assert "n 50,000" in stats and "1,249,975,000 pairs" in stats
    assert notebook.console.errors == []
