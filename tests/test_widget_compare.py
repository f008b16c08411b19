"""The comparison widget: SimilarityHeatmap.compare / compare_embeddings, its view, selection
and the numbers it sends, each against a direct computation."""

from __future__ import annotations

import time

import numpy as np
import pytest
from scipy.stats import spearmanr

from simheat import OptionError, SimilarityHeatmap
from simheat.widget.codec import array_from_wire
from simheat.widget.requests import answer

TEXTS = [
    "The bank raised interest rates.",
    "Rates went up at the central bank.",
    "Knead the dough and let it rise.",
    "Bread needs yeast and time.",
    "The striker scored a late goal.",
    "A penalty decided the match.",
    "Heavy rain is expected tomorrow.",
    "Storms will bring wind and rain.",
]


def embeddings(n: int, seed: int, widths=(10, 7)):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(n, widths[0]))
    b = a @ rng.normal(size=(widths[0], widths[1])) + rng.normal(size=(n, widths[1]))
    return a, b


def cosine(e):
    u = e / np.linalg.norm(e, axis=1, keepdims=True)
    out = np.clip(u @ u.T, -1, 1)
    np.fill_diagonal(out, 1.0)
    return out


def build(n=40, seed=0, **options):
    a, b = embeddings(n, seed)
    options = {"progress": False, "names": ("big", "small"), **options}
    return SimilarityHeatmap.compare_embeddings(a, b, **options), a, b


def overview(widget) -> np.ndarray:
    return array_from_wire(widget._overview)


def test_compare_embeds_with_both_models_and_matrix_stays_a():
    w = SimilarityHeatmap.compare(
        TEXTS, None, "lexical", names=("MiniLM", "lexical"), progress=False
    )
    one = SimilarityHeatmap(TEXTS, None, progress=False)
    other = SimilarityHeatmap(TEXTS, "lexical", progress=False)
    np.testing.assert_array_equal(w.matrix, one.matrix)
    np.testing.assert_array_equal(w.matrix_a, one.matrix)
    np.testing.assert_array_equal(w.matrix_b, other.matrix)
    assert w.names == ("MiniLM", "lexical") and w._names == ["MiniLM", "lexical"]
    assert w.view == "a" and (w.zmin, w.zmax) == (one.zmin, one.zmax)
    assert isinstance(w, SimilarityHeatmap)
    assert not hasattr(one, "view")  # a one-model heatmap is as it was


def test_widths_may_differ():
    w, _a, b = build(n=30)
    assert w.embeddings.shape[1] == 10 and w.embeddings_b.shape[1] == 7
    np.testing.assert_allclose(w.matrix_b, cosine(b), atol=1e-6)


def test_difference_view_sends_a_minus_b_with_a_symmetric_diverging_range():
    w, a, b = build()
    w.view = "difference"
    expected = cosine(a) - cosine(b)
    np.testing.assert_allclose(overview(w), expected, atol=2e-6)
    off = ~np.eye(40, dtype=bool)
    largest = np.abs(expected[off]).max()
    assert w.zmin == pytest.approx(-largest, abs=1e-6) and w.zmax == pytest.approx(
        largest, abs=1e-6
    )
    assert w._bounds == [w.zmin, w.zmax]
    assert w.colorscale == "RdBu" and w.color_label == "big − small"
    w.view = "b"
    np.testing.assert_allclose(overview(w), cosine(b), atol=1e-6)


def test_each_view_keeps_what_the_user_set():
    w, *_ = build(colorscale="Viridis")
    w.zmin = 0.1
    w.view = "difference"
    w.colorscale = "PiYG"
    w.view = "a"
    assert (w.zmin, w.colorscale, w.color_label) == (0.1, "Viridis", "Cosine Similarity")
    w.view = "b"  # B starts with its own range and the colours chosen for A
    assert w.colorscale == "Viridis" and w.zmin != 0.1
    w.view = "difference"
    assert w.colorscale == "PiYG"
    w.view = "rank difference"
    assert w.colorscale == "RdBu" and w.zmin == -w.zmax


def test_a_view_given_at_construction_starts_there():
    w, a, _b = build(view="rank difference")
    assert w.colorscale == "RdBu" and w.color_label == "Rank difference (big − small)"
    assert w.zmin == -w.zmax
    w.view = "a"
    assert w.colorscale == "Blues"
    np.testing.assert_allclose(overview(w), cosine(a), atol=1e-6)


@pytest.mark.parametrize("value", ["c", "A", "diff", 1, None])
def test_a_bad_view_is_refused_at_construction_and_on_assignment(value):
    with pytest.raises(
        OptionError, match="view must be one of 'a', 'b', 'difference', 'rank difference'"
    ):
        build(view=value)
    w, *_ = build()
    with pytest.raises(OptionError, match="view must be one of"):
        w.view = value
    assert w.view == "a"


def test_selected_gains_both_values_and_ranks():
    w, a, b = build()
    w.view = "difference"
    w.selection = (3, 11)
    s = w.selected
    ma, mb = cosine(a), cosine(b)
    upper = np.triu_indices(40, 1)
    assert s["similarity_a"] == pytest.approx(ma[3, 11], abs=1e-6)
    assert s["similarity_b"] == pytest.approx(mb[3, 11], abs=1e-6)
    assert s["similarity"] == s["similarity_a"]
    assert s["rank_a"] == 1 + int((w.matrix[upper] > w.matrix[3, 11]).sum())
    assert s["rank_b"] == 1 + int((w.matrix_b[upper] > w.matrix_b[3, 11]).sum())
    assert s["value"] == pytest.approx(ma[3, 11] - mb[3, 11], abs=1e-6)
    assert s["view"] == "difference"
    w.view = "b"  # the selection stays; what it says of the shown view follows
    assert w.selection == (3, 11) and w.selected["value"] == pytest.approx(mb[3, 11], abs=1e-6)


def request(widget, kind, payload):
    reply, buffers = answer(
        widget.request_context(), {"type": "request", "id": "v:1", "kind": kind, "payload": payload}
    )
    assert reply["ok"], reply
    return reply["result"], buffers


def test_zoom_windows_and_block_clicks_follow_the_view():
    w, _a, _b = build(n=1100, seed=2, view="difference")
    assert w._overview["row_step"] == 2
    result, buffers = request(w, "window", {"rows": [100, 160], "cols": [0, 50]})
    values = np.frombuffer(buffers[0], dtype="<f4").reshape(result["shape"])
    np.testing.assert_allclose(values, (w.matrix - w.matrix_b)[100:160, 0:50], atol=1e-6)
    result, _ = request(w, "select_block", {"rows": [0, 10], "cols": [10, 20]})
    block = (w.matrix - w.matrix_b)[0:10, 10:20]
    i, j = np.unravel_index(np.argmax(np.abs(block)), block.shape)
    assert (result["row"], result["col"]) == (i, 10 + j)
    assert w.selection == (i, 10 + j)


def test_cluster_order_shows_both_models_in_a_s_order():
    w, a, b = build(order="cluster", view="difference")
    order = w._numbers.order
    assert order is not None
    expected = (cosine(a) - cosine(b))[np.ix_(order, order)]
    np.testing.assert_allclose(overview(w), expected, atol=2e-6)
    np.testing.assert_array_equal(w._compared.b.order, order)


def test_agreement_and_disagreements_match_a_direct_computation():
    w, _a, _b = build()
    result = w.agreement(changed=3)
    upper = np.triu_indices(40, 1)
    assert result["spearman"] == pytest.approx(
        spearmanr(w.matrix[upper], w.matrix_b[upper]).statistic
    )
    assert result["names"] == ("big", "small")
    assert len(result["changed_most"]) == 3
    first = result["changed_most"][0]
    assert first["text"] == w.texts[first["index"]] and first["overlap"] == min(result["overlap"])
    found = w.disagreements(5)
    assert next(set(r) for r in found) >= {
        "row", "col", "similarity_a", "similarity_b", "rank_a", "rank_b", "text_row", "label_col",
    }  # fmt: skip
    frame = w.disagreements(5, as_frame=True)
    assert list(frame["row"]) == [r["row"] for r in found]
    with pytest.raises(ValueError, match="k must be a whole number"):
        w.disagreements(-1)


def test_the_pairs_table_gets_a_disagreements_tab():
    w, *_ = build()
    w._runner.finish()
    table = w._insight["tables"]["disagreements"]
    found = w.disagreements(len(table))
    assert [(r["row"], r["col"]) for r in table] == [(r["row"], r["col"]) for r in found]
    assert table[0].keys() == {"row", "col", "similarity_a", "similarity_b"}
    assert w._insight["tables"]["top"]  # the rest of the insight: model A's
    w.threshold = 0.5  # a threshold's new payload keeps the tab
    deadline = time.monotonic() + 30
    while w._insight["stats"]["count_above_threshold"] is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert w._insight["stats"]["count_above_threshold"] is not None
    assert w._insight["tables"]["disagreements"] == table


def test_to_figure_draws_the_current_view():
    w, _a, _b = build(n=10)
    w.view = "difference"
    figure = w.to_figure()
    np.testing.assert_allclose(np.asarray(figure.data[0].z), w.matrix - w.matrix_b, atol=1e-6)


def test_close_releases_both_models():
    w, *_ = build()
    w.close()
    with pytest.raises(RuntimeError, match="closed"):
        w.matrix_b  # noqa: B018


def test_over_the_memory_budget_every_view_draws_and_ranks_are_estimated():
    w, a, b = build(n=60, memory_budget=0)
    with pytest.raises(MemoryError):
        w.matrix_b  # noqa: B018
    expected = cosine(a) - cosine(b)
    w.view = "difference"
    np.testing.assert_allclose(overview(w), expected, atol=1e-5)
    w.view = "rank difference"
    assert np.abs(overview(w)).max() <= 1.0
    w.selection = (2, 9)
    assert w.selected["ranks_exact"] is False
    assert 1 <= w.selected["rank_a"] <= 60 * 59 // 2
    result = w.agreement()
    assert result["exact"] is False
    low, high = result["spearman_interval"]
    assert low <= result["spearman"] <= high
    overlap = result["overlap"]  # exact at any N: from each model's neighbour pass
    np.testing.assert_allclose(result["overlap_mean"], overlap.mean())
    assert w.disagreements(3)[0]["row"] < w.disagreements(3)[0]["col"]
