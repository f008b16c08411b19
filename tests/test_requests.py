"""The browser's requests: every one gets a reply, a bad one an error, and the widget goes on."""

import re

import numpy as np
import pytest

from simheat import SimilarityHeatmap
from simheat.core.matrix import SimilarityMatrix
from simheat.core.similarity import cosine_similarity
from simheat.widget import requests
from simheat.widget.requests import MAX_SIDE, Context, answer

N = 2100


@pytest.fixture(scope="module")
def embeddings():
    return np.random.default_rng(3).normal(size=(N, 8)).astype(np.float32)


@pytest.fixture(scope="module")
def context(embeddings):
    return Context(SimilarityMatrix(embeddings))


def request(kind="window", payload=None, request_id="view:1"):
    payload = {"rows": [0, 10], "cols": [0, 10]} if payload is None else payload
    return {"type": "request", "id": request_id, "kind": kind, "payload": payload}


def test_a_window_reply_carries_the_exact_values(context, embeddings):
    reply, buffers = answer(context, request(payload={"rows": [5, 25], "cols": [40, 43]}))
    assert reply["ok"] and reply["id"] == "view:1" and reply["result"]["shape"] == [20, 3]
    values = np.frombuffer(buffers[0], dtype=np.float32).reshape(20, 3)
    np.testing.assert_allclose(values, cosine_similarity(embeddings)[5:25, 40:43], atol=1e-6)


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("not an object", "a request must be an object, got str"),
        ({"type": "request", "kind": "window", "payload": {}}, "a request needs an id"),
        (request(request_id=7), "a request needs an id"),
        (request(request_id="x" * 101), "a request needs an id"),
        (request(kind="delete_everything"), "unknown request 'delete_everything'"),
        ({**request(), "type": "window"}, "unknown request 'window' of type 'window'"),
        (request(payload=[0, 10]), "the window request's payload must be an object"),
        (request(payload={"rows": [0, 10]}), r"payload needs \['cols', 'rows'\]"),
        (
            request(payload={"rows": [0, 10], "cols": [0, 10], "side": 5}),
            r"may have \['max_side'\]; got \['cols', 'rows', 'side'\]",
        ),
        (request(payload={"rows": "0:10", "cols": [0, 10]}), "rows must be .start, stop."),
        (request(payload={"rows": [0, 10.5], "cols": [0, 10]}), "two whole numbers"),
        (request(payload={"rows": [0, True], "cols": [0, 10]}), "two whole numbers"),
        (request(payload={"rows": [0, 10, 20], "cols": [0, 10]}), "two whole numbers"),
        (
            request(payload={"rows": [50, 10], "cols": [0, 10]}),
            r"rows \[50, 10\] is empty or reversed",
        ),
        (request(payload={"rows": [7, 7], "cols": [0, 10]}), "empty or reversed"),
        (request(payload={"rows": [-9, -1], "cols": [0, 10]}), "lies outside the matrix"),
        (request(payload={"rows": [N, N + 5], "cols": [0, 10]}), "lies outside the matrix"),
        (
            request(payload={"rows": [0, 10], "cols": [0, 10], "max_side": 0}),
            "max_side must be at least 1",
        ),
        (
            request(payload={"rows": [0, 10], "cols": [0, 10], "max_side": "all"}),
            "max_side must be a whole number",
        ),
        (
            request("select_block", {"rows": [0, N], "cols": [0, 2]}),
            r"rows \[0, 2100\] spans 2100 texts; a block spans at most 33",
        ),
    ],
)
def test_a_malformed_request_gets_an_error_reply(context, message, error):
    reply, buffers = answer(context, message)
    assert reply["type"] == "reply" and reply["ok"] is False and buffers == []
    request_id = message.get("id") if isinstance(message, dict) else None
    valid_id = isinstance(request_id, str) and len(request_id) <= 100
    assert reply["id"] == (request_id if valid_id else None)  # its view can tell it is its own
    assert re.search(error, reply["error"]), reply["error"]


def test_an_oversized_window_is_capped_at_max_side(context):
    payload = {"rows": [-(10**12), 10**12], "cols": [0, N], "max_side": 10**9}
    reply, buffers = answer(context, request(payload=payload))
    tile = reply["result"]
    assert reply["ok"] and (tile["row_start"], tile["row_stop"]) == (0, N)  # clamped
    assert max(tile["shape"]) <= MAX_SIDE and tile["row_step"] == 3
    assert len(buffers[0]) == tile["shape"][0] * tile["shape"][1] * 4


def test_a_failing_handler_is_an_error_reply_not_an_exception(context, monkeypatch, caplog):
    def broken(context, payload):
        raise ZeroDivisionError("a bug")

    monkeypatch.setitem(requests.HANDLERS, "window", broken)
    reply, _ = answer(context, request())
    assert reply == {
        "type": "reply",
        "id": "view:1",
        "ok": False,
        "error": "window request failed in Python: ZeroDivisionError: a bug",
    }
    assert "the window request failed" in caplog.text  # and the traceback is logged


def test_the_widget_answers_every_message_and_keeps_working(embeddings):
    w = SimilarityHeatmap.from_embeddings(embeddings[:300], progress=False)
    sent = []
    w.send = lambda content, buffers=None: sent.append((content, buffers))
    # The way ipywidgets hands a custom message from the browser to the widget.
    w._handle_custom_msg({"kind": "window"}, [])
    w._handle_custom_msg(request(payload={"rows": [0, 10**9], "cols": "all"}, request_id="a:1"), [])
    w._handle_custom_msg(request("select_block", {"rows": [20, 22], "cols": [4, 6]}, "a:2"), [])
    w._handle_custom_msg(request(payload={"rows": [0, 4], "cols": [0, 4]}, request_id="a:3"), [])
    assert [(c["id"], c["ok"]) for c, _ in sent] == [
        (None, False),
        ("a:1", False),
        ("a:2", True),
        ("a:3", True),
    ]
    assert w.selection == (sent[2][0]["result"]["row"], sent[2][0]["result"]["col"])
    np.testing.assert_allclose(
        np.frombuffer(sent[3][1][0], dtype=np.float32).reshape(4, 4), w.matrix[:4, :4], atol=1e-6
    )


def test_the_overview_tells_the_browser_the_cap(embeddings):
    w = SimilarityHeatmap.from_embeddings(embeddings[:50], progress=False)
    assert w.get_state()["_overview"]["max_side"] == MAX_SIDE == 1024
