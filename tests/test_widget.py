"""The widget's traits: defaults, validation, and linking with other widgets."""

import gc
import time
import tracemalloc
import weakref

import ipywidgets as widgets
import numpy as np
import pytest
import traitlets
from traitlets import TraitError

from simheat import SimilarityHeatmap, colorscale_names
from simheat.widget.codec import array_from_wire


@pytest.fixture
def heatmap(texts):
    return SimilarityHeatmap(texts, labels=[f"t{i}" for i in range(len(texts))])


def test_defaults_follow_validmind(heatmap):
    assert heatmap.title == "Cosine Similarity Matrix"
    assert (heatmap.xaxis_title, heatmap.yaxis_title) == ("Index", "Index")
    assert heatmap.color_label == "Cosine Similarity"
    assert heatmap.colorscale == "Blues"
    assert heatmap.selection is None and heatmap.selected is None


def test_default_range_is_the_off_diagonal_range(heatmap):
    off = heatmap.matrix[~np.eye(len(heatmap.matrix), dtype=bool)]
    assert heatmap.zmin == pytest.approx(off.min())
    assert heatmap.zmax == pytest.approx(off.max())
    assert heatmap.zmax < 1.0


def test_given_range_is_kept(texts):
    w = SimilarityHeatmap(texts, zmin=-1, zmax=1)
    assert (w.zmin, w.zmax) == (-1.0, 1.0)


def test_state_sent_to_the_browser_holds_the_matrix_as_binary(heatmap):
    state = heatmap.get_state()
    wire = state["_overview"]
    assert isinstance(wire["view"], memoryview)
    assert wire["dtype"] == "float32"
    assert np.array_equal(array_from_wire(wire), heatmap.matrix)
    assert wire["aggregation"] == "exact"
    assert (wire["row_start"], wire["row_stop"], wire["row_step"]) == (0, 5, 1)
    assert state["_order"] is None
    assert state["_bounds"] == [pytest.approx(heatmap.matrix.min()), pytest.approx(1.0)]
    assert state["_texts"] == heatmap.texts
    assert state["_labels"] == ["t0", "t1", "t2", "t3", "t4"]


def test_matrix_is_read_only(heatmap):
    with pytest.raises(ValueError, match="read-only"):
        heatmap.matrix[0, 1] = 5


def test_selection_fills_selected(heatmap, texts):
    heatmap.selection = (1, 0)
    assert heatmap.selected == {
        "row": 1,
        "col": 0,
        "text_row": texts[1],
        "text_col": texts[0],
        "label_row": "t1",
        "label_col": "t0",
        "similarity": pytest.approx(float(heatmap.matrix[1, 0])),
        "neighbors": [
            {"index": int(i), "similarity": pytest.approx(float(heatmap.matrix[1, i]))}
            for i in sorted((0, 2, 3, 4), key=lambda i: -heatmap.matrix[1, i])
        ],
    }
    heatmap.selection = None
    assert heatmap.selected is None


def test_selection_from_the_browser_arrives_as_a_list(heatmap):
    heatmap.set_state({"selection": [2, 3]})
    assert heatmap.selection == (2, 3)
    assert heatmap.selected["text_col"] == heatmap.texts[3]


@pytest.mark.parametrize("cell", [(0, 5), (-1, 0), (9, 9)])
def test_selection_outside_the_matrix_is_refused(heatmap, cell):
    with pytest.raises(TraitError, match="outside the matrix"):
        heatmap.selection = cell


def test_selected_is_read_only(heatmap):
    with pytest.raises(TraitError):
        heatmap.selected = {"row": 0}


def test_colorscale_names_are_normalised_and_reversible(heatmap):
    heatmap.colorscale = "viridis"
    assert heatmap.colorscale == "Viridis"
    heatmap.colorscale = "rdbu_R"
    assert heatmap.colorscale == "RdBu_r"
    assert {"Blues", "Viridis", "RdBu", "Turbo", "Plasma"} <= set(colorscale_names())


def test_unknown_colorscale_trait_error_lists_choices(heatmap):
    with pytest.raises(TraitError, match="Viridis"):
        heatmap.colorscale = "rainbowz"
    assert heatmap.colorscale == "Blues"


def test_zmin_above_zmax_is_refused_and_state_kept(heatmap):
    before = (heatmap.zmin, heatmap.zmax)
    with pytest.raises(TraitError, match=r"zmin \(.*\) is greater than zmax"):
        heatmap.zmin = heatmap.zmax + 0.1
    assert (heatmap.zmin, heatmap.zmax) == before


def test_both_bounds_can_move_together(heatmap):
    with heatmap.hold_trait_notifications():
        heatmap.zmin = 5.0
        heatmap.zmax = 6.0
    assert (heatmap.zmin, heatmap.zmax) == (5.0, 6.0)


def test_browser_update_of_both_bounds_at_once(heatmap):
    heatmap.set_state({"zmin": 0.7, "zmax": 0.9})
    assert (heatmap.zmin, heatmap.zmax) == (0.7, 0.9)


def test_non_finite_bound_is_refused(heatmap):
    with pytest.raises(TraitError, match="finite"):
        heatmap.zmax = float("inf")


def test_traitlets_link_between_two_heatmaps(texts):
    a = SimilarityHeatmap(texts)
    b = SimilarityHeatmap(texts, "lexical", colorscale="Reds")
    traitlets.link((a, "selection"), (b, "selection"))
    a.selection = (0, 2)
    assert b.selection == (0, 2)
    b.selection = (3, 1)
    assert a.selection == (3, 1)


def test_link_to_an_ipywidgets_slider(heatmap):
    slider = widgets.FloatSlider(value=heatmap.zmax, min=-1, max=1, step=0.01)
    traitlets.link((slider, "value"), (heatmap, "zmax"))
    slider.value = 0.95
    assert heatmap.zmax == 0.95
    heatmap.zmax = 0.9
    assert slider.value == 0.9


def test_link_to_a_float_range_slider_with_transforms(heatmap):
    rng = widgets.FloatRangeSlider(value=(heatmap.zmin, heatmap.zmax), min=-1, max=1, step=0.01)
    traitlets.link(
        (rng, "value"), (heatmap, "zmin"), transform=(lambda v: v[0], lambda z: (z, rng.value[1]))
    )
    traitlets.link(
        (rng, "value"), (heatmap, "zmax"), transform=(lambda v: v[1], lambda z: (rng.value[0], z))
    )
    rng.value = (heatmap.zmin, 0.99)
    assert heatmap.zmax == 0.99
    heatmap.zmin = -0.5
    assert rng.value == (-0.5, 0.99)


def test_jslink_accepts_the_synced_traits(heatmap, texts):
    other = SimilarityHeatmap(texts)
    link = widgets.jslink((heatmap, "colorscale"), (other, "colorscale"))
    assert link.source == (heatmap, "colorscale")
    for name in ("selection", "zmin", "zmax", "colorscale", "title"):
        assert heatmap.trait_metadata(name, "sync")
        assert heatmap.trait_metadata(name, "help")


def test_observe_selection(heatmap):
    seen = []
    heatmap.observe(lambda change: seen.append(change["new"]), names="selection")
    heatmap.selection = (1, 2)
    assert seen == [(1, 2)]


def test_observe_selected(heatmap):
    seen = []
    heatmap.observe(lambda change: seen.append(change["new"]["similarity"]), names="selected")
    heatmap.selection = (0, 1)
    assert seen == [pytest.approx(float(heatmap.matrix[0, 1]))]


def test_from_embeddings_uses_them_as_they_are(texts, rng):
    embeddings = rng.normal(size=(5, 8))
    w = SimilarityHeatmap.from_embeddings(embeddings, texts, colorscale="Greens")
    assert np.array_equal(w.embeddings, embeddings)
    assert w.matrix[0, 1] == pytest.approx(
        embeddings[0]
        @ embeddings[1]
        / np.linalg.norm(embeddings[0])
        / np.linalg.norm(embeddings[1]),
        abs=1e-6,
    )
    assert w.colorscale == "Greens"


def test_from_embeddings_without_texts_shows_labels(rng):
    w = SimilarityHeatmap.from_embeddings(rng.normal(size=(3, 4)).tolist(), labels=["a", "b", "c"])
    assert w.texts == ["a", "b", "c"]


def test_texts_from_numpy_and_pandas(texts):
    pd = pytest.importorskip("pandas")
    from_array = SimilarityHeatmap(np.array(texts))
    from_series = SimilarityHeatmap(pd.Series(texts, index=list("abcde")))
    assert from_array.texts == texts == from_series.texts
    assert np.array_equal(from_array.matrix, from_series.matrix)


def test_callable_and_encode_models_are_used(texts, rng):
    table = rng.normal(size=(5, 6))

    class Encoder:
        def encode(self, batch):
            return table[: len(batch)]

    by_encode = SimilarityHeatmap(texts, Encoder())
    by_callable = SimilarityHeatmap(texts, lambda batch: table[: len(batch)])
    np.testing.assert_allclose(by_encode.matrix, by_callable.matrix)
    assert np.array_equal(by_encode.embeddings, table)


def test_labels_are_strings(texts):
    w = SimilarityHeatmap(texts, labels=[1, 2.5, None, "x", ("a", 1)])
    assert w.labels == ["1", "2.5", "None", "x", "('a', 1)"]


def test_a_closed_heatmap_is_garbage_collected(rng):
    w = SimilarityHeatmap.from_embeddings(rng.normal(size=(300, 64)), progress=False)
    freed = weakref.ref(w)
    w.close()
    del w
    gc.collect()
    assert freed() is None


def test_close_releases_the_matrix_even_while_the_heatmap_is_referenced(rng):
    w = SimilarityHeatmap.from_embeddings(rng.normal(size=(300, 64)), progress=False)
    numbers = weakref.ref(w.request_context().matrix)
    w.close()
    gc.collect()
    assert numbers() is None and w.get_state()["_overview"] == {}
    with pytest.raises(RuntimeError, match="this heatmap is closed"):
        w.matrix  # noqa: B018


def test_create_display_and_close_200_times_leaves_traced_memory_flat(rng):
    from ipywidgets.widgets.widget import _instances  # ipywidgets' registry of live widgets

    from simheat.widget import insight_pass

    embeddings = rng.normal(size=(300, 64)).astype(np.float32)  # 0.4 MB of matrix per heatmap

    def cycle():
        heatmap = SimilarityHeatmap.from_embeddings(embeddings, progress=False)
        heatmap._repr_mimebundle_()  # what displaying it builds: the widget view and the picture
        heatmap.close()

    # Other tests' heatmaps may still be open, their insight passes queued or running on the
    # worker: stop them, so that their allocations are not counted as these cycles'.
    for runner in list(insight_pass._RUNNING):
        runner.cancel()
    deadline = time.monotonic() + 60
    while insight_pass.WORKER._thread is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    cycle()  # caches filled once (colorscales, the widget code)
    gc.collect()
    open_before = sum(isinstance(w, SimilarityHeatmap) for w in _instances.values())
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(200):
            cycle()
        gc.collect()
        growth = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert abs(growth) < 5 * 2**20, f"{growth / 2**20:.1f} MiB kept by 200 closed heatmaps"
    # Other tests' heatmaps may still be open; none of these 200 is registered any more.
    assert sum(isinstance(w, SimilarityHeatmap) for w in _instances.values()) == open_before


def test_the_widget_code_is_given_to_anywidget_as_text_unless_hot_reloading(monkeypatch):
    from simheat.assets import static_file, widget_code

    assert SimilarityHeatmap._esm == static_file("widget.js").read_text(encoding="utf-8")
    assert widget_code("widget.css") == static_file("widget.css").read_text(encoding="utf-8")
    monkeypatch.setenv("ANYWIDGET_HMR", "1")
    assert widget_code("widget.js") == static_file("widget.js")  # a path: anywidget watches it


def test_closing_takes_no_lock_the_garbage_collector_may_hold():
    """ipywidgets closes a collected widget in ``__del__``, on whatever thread collects it.

    Closing a heatmap whose insight job is queued or running once took the worker's lock; a
    collection inside the worker's own critical section then deadlocked the process (seen:
    a script hanging at exit). Here the lock is held, as the collector may hold it, and
    the heatmap is closed on the same thread: it must return, in a child process so that a
    deadlock fails the test instead of hanging it.
    """
    import subprocess
    import sys

    script = (
        "import numpy as np\n"
        "from simheat import SimilarityHeatmap\n"
        "from simheat.widget import insight_pass\n"
        "e = np.random.default_rng(0).normal(size=(20000, 384)).astype('float32')\n"
        "first = SimilarityHeatmap.from_embeddings(e, progress=False)  # its pass runs\n"
        "second = SimilarityHeatmap.from_embeddings(e[:3000], progress=False)  # queued\n"
        "with insight_pass.WORKER._lock:\n"
        "    first.close()\n"
        "    second.close()\n"
        "print('closed')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "closed"
