"""Large inputs: the browser gets screen-sized tiles, Python never needs the N×N matrix."""

import numpy as np
import pytest
from traitlets import TraitError

from simheat import SimilarityHeatmap
from simheat.core.similarity import cosine_similarity
from simheat.widget.codec import array_from_wire
from simheat.widget.requests import answer


@pytest.fixture
def embeddings(rng):
    return rng.normal(size=(1500, 24)).astype(np.float32)


def request(kind, payload, request_id="view:7"):
    return {"type": "request", "id": request_id, "kind": kind, "payload": payload}


def test_overview_is_at_most_1024_cells_a_side(embeddings):
    w = SimilarityHeatmap.from_embeddings(embeddings)
    overview = w.get_state()["_overview"]
    assert overview["shape"] == [750, 750] and overview["row_step"] == 2
    assert overview["aggregation"] == "mean"
    values = array_from_wire(overview)
    np.testing.assert_allclose(values[3, 5], w.matrix[6:8, 10:12].mean(), atol=1e-6)


def test_zoom_request_gets_an_exact_window_as_a_binary_buffer(embeddings):
    w = SimilarityHeatmap.from_embeddings(embeddings)
    payload = {"rows": [100, 400], "cols": [900, 1200], "max_side": 600}
    reply, buffers = answer(w.request_context(), request("window", payload))
    assert (reply["type"], reply["id"], reply["ok"]) == ("reply", "view:7", True)
    tile = reply["result"]
    assert tile["aggregation"] == "exact"
    assert (tile["row_start"], tile["row_stop"], tile["col_start"]) == (100, 400, 900)
    values = np.frombuffer(buffers[0], dtype=np.float32).reshape(tile["shape"])
    np.testing.assert_allclose(values, w.matrix[100:400, 900:1200], atol=1e-6)


def test_clicking_an_aggregated_cell_selects_its_strongest_pair(embeddings):
    embeddings[1010] = embeddings[1003] * 3  # a near-duplicate inside one block
    w = SimilarityHeatmap.from_embeddings(embeddings)
    payload = {"rows": [1000, 1016], "cols": [1000, 1016]}
    reply, _ = answer(w.request_context(), request("select_block", payload))
    assert set(w.selection) == {1003, 1010}
    assert (reply["result"]["row"], reply["result"]["col"]) == w.selection
    assert w.selected["similarity"] == pytest.approx(1.0, abs=1e-6)


def test_max_aggregation_reveals_the_hidden_duplicate(embeddings):
    embeddings[1400] = embeddings[3]
    w = SimilarityHeatmap.from_embeddings(embeddings, aggregation="max")
    overview = array_from_wire(w.get_state()["_overview"])
    assert overview[3 // 2, 1400 // 2] == pytest.approx(1.0, abs=1e-6)
    w.aggregation = "mean"
    assert array_from_wire(w.get_state()["_overview"])[1, 700] < 0.5


def test_above_the_memory_budget_nothing_n_squared_is_kept(embeddings):
    w = SimilarityHeatmap.from_embeddings(embeddings, memory_budget=1_000_000)
    with pytest.raises(
        MemoryError, match=r"1,500×1,500 matrix needs 8.6 MiB.*heatmap.window\(rows, cols\)"
    ):
        w.matrix  # noqa: B018
    reference = cosine_similarity(embeddings)
    np.testing.assert_allclose(
        w.window(slice(10, 20), [5, 1499]), reference[10:20][:, [5, 1499]], atol=1e-6
    )
    np.testing.assert_allclose(
        w.window(range(3), range(3)), np.eye(3) * 0 + reference[:3, :3], atol=1e-6
    )
    w.selection = (4, 900)
    assert w.selected["similarity"] == pytest.approx(reference[4, 900], abs=1e-6)
    lo, hi = w.zmin, w.zmax  # from a sample of pairs: inside the true off-diagonal range
    off = reference[~np.eye(1500, dtype=bool)]
    assert off.min() <= lo < hi <= off.max()


def test_cluster_order_keeps_input_indices(rng):
    centers = rng.normal(size=(3, 16))
    points = np.repeat(centers, 20, axis=0) + 0.05 * rng.normal(size=(60, 16))
    shuffle = rng.permutation(60)
    w = SimilarityHeatmap.from_embeddings(points[shuffle], order="cluster")
    order = array_from_wire(w.get_state()["_order"])
    assert sorted(order.tolist()) == list(range(60))
    groups = (shuffle // 20)[order]
    assert np.count_nonzero(groups[1:] != groups[:-1]) == 2  # three contiguous blocks
    shown = array_from_wire(w.get_state()["_overview"])
    np.testing.assert_allclose(shown, w.matrix[np.ix_(order, order)], atol=1e-6)
    w.order = "input"
    assert w.get_state()["_order"] is None


def test_order_and_aggregation_are_validated(texts):
    with pytest.raises(ValueError, match="order must be one of 'input', 'cluster'"):
        SimilarityHeatmap(texts, order="sorted")
    w = SimilarityHeatmap(texts)
    with pytest.raises(TraitError, match="aggregation must be one of 'mean', 'max'"):
        w.aggregation = "median"
