"""Two sets of texts in a real JupyterLab: a test × train heatmap with planted near-copies.

What a person sees (axes over N × M, the Leakage tab's rows, the panel's two texts, the
tooltip) and what Python receives (``selection``), and a paired heatmap whose Least stable
tab shows a text beside its perturbed version.
"""

from __future__ import annotations

import pytest

N_TEST, N_TRAIN, PLANTED = 24, 40, {3: 31, 11: 5, 20: 17}  # test row → train row it copies

SETUP = f"""\
import numpy as np
from simheat import SimilarityHeatmap

rng = np.random.default_rng(12)
train = rng.normal(size=({N_TRAIN}, 16))
test = rng.normal(size=({N_TEST}, 16))
planted = {PLANTED!r}
for row, source in planted.items():
    test[row] = train[source] + 0.01 * rng.normal(size=16)
train_texts = [f"training text {{i}}" for i in range({N_TRAIN})]
test_texts = [f"test text {{i}}" for i in range({N_TEST})]"""

LEAKAGE = """\
leaks = SimilarityHeatmap.from_embeddings(
    test, test_texts, labels=[f"te{i}" for i in range(len(test))],
    column_embeddings=train, column_texts=train_texts,
    column_labels=[f"tr{i}" for i in range(len(train))],
)
leaks"""

PAIRED = """\
noise = np.linspace(0.05, 3.0, len(test))[:, None] * rng.normal(size=test.shape)
stability = SimilarityHeatmap.from_embeddings(
    test, test_texts, column_embeddings=test + noise,
    column_texts=[f"perturbed text {i}" for i in range(len(test))], paired=True,
)
stability"""


@pytest.fixture(scope="module")
def notebook(lab, open_notebook):
    name = lab.write_notebook("cross_leakage.ipynb", [SETUP, LEAKAGE, PAIRED])
    opened = open_notebook(name, widgets=2)
    kernel = opened.kernel
    for widget in ("leaks", "stability"):
        assert kernel.wait_for(f"{widget}._insight['status']", "ready", timeout=60) == "ready"
    yield opened
    assert opened.console.errors == []


def open_tab(heatmap, name: str):
    heatmap.root.get_by_role("tab", name=name, exact=True).click()
    return heatmap.root.locator(".simheat-pairs .simheat-row")


def test_the_heatmap_is_n_by_m_on_screen(notebook):
    heatmap = notebook.heatmap(0)
    assert heatmap.layout("gd._fullLayout.xaxis.range") == [-0.5, N_TRAIN - 0.5]
    assert heatmap.layout("gd._fullLayout.yaxis.range") == [N_TEST - 0.5, -0.5]
    x_ticks = heatmap.layout("gd._fullLayout.xaxis.ticktext")
    y_ticks = heatmap.layout("gd._fullLayout.yaxis.ticktext")
    # Column labels along x up to the last columns (beyond the rows), row labels along y.
    assert (
        all(t.startswith("tr") for t in x_ticks) and max(int(t[2:]) for t in x_ticks) >= N_TRAIN - 2
    )
    assert (
        all(t.startswith("te") for t in y_ticks) and max(int(t[2:]) for t in y_ticks) >= N_TEST - 2
    )
    canvas = heatmap.pixels()
    assert canvas["colours"] > 5  # the cells are painted
    tooltip = heatmap.hover_cell(20, 17)
    assert "te20 × tr17" in tooltip and "test text 20" in tooltip and "training text 17" in tooltip
    assert (
        f"{N_TEST} × {N_TRAIN} texts" in heatmap.root.locator(".simheat-stats").first.inner_text()
    )


def test_the_leakage_tab_lists_the_planted_rows_and_a_click_selects_one(notebook):
    heatmap, kernel = notebook.heatmap(0), notebook.kernel
    rows = open_tab(heatmap, "Leakage")
    assert rows.count() == len(PLANTED)
    shown = [rows.nth(i).inner_text() for i in range(rows.count())]
    for test_row, train_row in PLANTED.items():
        assert any(
            f"test text {test_row}" in s and f"training text {train_row}" in s for s in shown
        ), shown
    target = next(i for i, s in enumerate(shown) if "test text 11" in s)
    rows.nth(target).click()
    assert kernel.wait_for("leaks.selection", (11, 5)) == (11, 5)
    panel = heatmap.panel.inner_text()
    assert "test text 11" in panel and "training text 5" in panel
    assert "Nearest column texts to row 11" in panel
    assert rows.nth(target).get_attribute("aria-pressed") == "true"
    shapes = heatmap.layout("gd.layout.shapes")
    assert len(shapes) == 1  # the cell, no mirror: (5, 11) is another pair
    assert (shapes[0]["x0"], shapes[0]["y0"]) == (4.5, 10.5)


def test_clicking_a_cell_past_the_row_count_reaches_python(notebook):
    heatmap, kernel = notebook.heatmap(0), notebook.kernel
    heatmap.click_cell(2, 35)  # column 35 > 24 rows: only an N × M matrix has it
    assert kernel.wait_for("leaks.selection", (2, 35)) == (2, 35)
    assert "training text 35" in heatmap.panel.inner_text()


def test_the_keyboard_moves_within_n_by_m_and_reads_both_labels(notebook):
    heatmap, kernel, page = notebook.heatmap(0), notebook.kernel, notebook.page
    heatmap.root.locator(".simheat-plot").focus()
    page.keyboard.press("End")  # the last cell: the last row, the last column (not (23, 23))
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # already at the last column: stays
    page.keyboard.press("ArrowLeft")
    similarity = kernel.eval(f"round(float(leaks.matrix[{N_TEST - 1}, {N_TRAIN - 2}]), 3)")
    spoken = f"Row {N_TEST - 1}, te{N_TEST - 1}; column {N_TRAIN - 2}, tr{N_TRAIN - 2}; similarity {similarity:.3f}"
    live = heatmap.root.locator("[aria-live=polite].simheat-live")
    page.wait_for_function(
        "([el, text]) => el.textContent === text", arg=[live.element_handle(), spoken]
    )
    page.keyboard.press("Enter")
    cell = (N_TEST - 1, N_TRAIN - 2)
    assert kernel.wait_for("leaks.selection", cell) == cell


def test_least_stable_shows_the_original_beside_its_perturbed_version(notebook):
    heatmap, kernel = notebook.heatmap(1), notebook.kernel
    least = kernel.eval("stability.least_stable(1)[0]['index']")
    rows = open_tab(heatmap, "Least stable")
    assert rows.count() == N_TEST
    assert f"test text {least}" in rows.first.inner_text()
    rows.first.click()
    assert kernel.wait_for("stability.selection", (least, least)) == (least, least)
    side = heatmap.panel.locator(".simheat-side-by-side")
    assert side.locator(".simheat-text-label").all_inner_texts() == [
        f"Original {least}",
        f"Perturbed {least}",
    ]
    bodies = side.locator(".simheat-text-body").all_inner_texts()
    assert bodies == [f"test text {least}", f"perturbed text {least}"]
    assert "stability: mean" in heatmap.root.locator(".simheat-insight").inner_text()


BIG = """\
import numpy as np
from simheat import SimilarityHeatmap

rng = np.random.default_rng(3)
big = SimilarityHeatmap.from_embeddings(
    rng.normal(size=(3000, 32)), [f"query {i}" for i in range(3000)],
    column_embeddings=rng.normal(size=(1500, 32)),
    column_texts=[f"document {j}" for j in range(1500)],
)
big"""


@pytest.fixture(scope="module")
def big(lab, open_notebook):
    opened = open_notebook(lab.write_notebook("cross_big.ipynb", [BIG]))
    assert opened.kernel.wait_for("big._insight['status']", "ready", timeout=120) == "ready"
    yield opened
    assert opened.console.errors == []


def test_an_overview_of_n_by_m_blocks_zooms_to_exact_cells_from_python(big):
    heatmap, kernel = big.heatmap(), big.kernel
    assert kernel.eval("(big._overview['row_step'], big._overview['col_step'])") == (3, 2)
    assert heatmap.layout("gd._fullLayout.xaxis.range") == [-0.5, 1499.5]
    assert heatmap.layout("gd._fullLayout.yaxis.range") == [2999.5, -0.5]
    heatmap.zoom_in((0.7, 0.2), size=0.05)
    row, col = heatmap.centre_cell()
    assert 1000 < col < 1500 and row < 3000  # the right part of the columns, past the rows' scale
    tooltip = heatmap.wait_for_tooltip(row, col, f"document {col}")
    value = kernel.eval(f"round(float(big.matrix[{row}, {col}]), 3)")
    assert f"query {row}" in tooltip and f"{value:.3f}" in tooltip
    heatmap.click_cell(row, col)
    assert kernel.wait_for("big.selection", (row, col)) == (row, col)
