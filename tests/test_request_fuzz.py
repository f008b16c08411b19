"""Fuzzed browser messages: whatever arrives, one reply, never an exception, never past the cap.

A message from the browser is untrusted. hypothesis sends random and adversarial payloads
for every request kind (wrong types, NaN, negative and huge spans, reversed ranges, missing
and extra keys) through the widget's real message path; each must get exactly one reply
(an error, or an answer within the cap), and the widget must still answer a good request.
"""

from __future__ import annotations

import os

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simheat import SimilarityHeatmap
from simheat.widget.requests import HANDLERS, MAX_ID_LENGTH, MAX_SIDE

N = 1500  # above the 1,024 cap, so a whole-matrix window must be aggregated
EXAMPLES = int(os.environ.get("SIMHEAT_HYPOTHESIS_EXAMPLES", "150"))

# Numbers a hostile or buggy page could send through JSON (and a few it could not).
numbers = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.sampled_from([0, 1, -1, N - 1, N, N + 1, 2**31, -(2**31), 2**63]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
spans = st.one_of(
    st.lists(numbers, min_size=0, max_size=4),
    st.tuples(st.integers(-(10**9), 10**9), st.integers(-(10**9), 10**9)).map(list),
    st.text(max_size=10),
    numbers,
    st.dictionaries(st.text(max_size=5), numbers, max_size=3),
)
payloads = st.one_of(
    st.fixed_dictionaries(
        {"rows": spans, "cols": spans},
        optional={"max_side": numbers, "extra": numbers},
    ),
    st.dictionaries(st.sampled_from(["rows", "cols", "max_side", "x"]), spans, max_size=4),
    st.lists(numbers, max_size=3),
    numbers,
    st.text(max_size=20),
)
ids = st.one_of(
    st.text(min_size=1, max_size=12),
    st.text(min_size=MAX_ID_LENGTH + 1, max_size=MAX_ID_LENGTH + 5),
    numbers,
)
messages = st.one_of(
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(["request", "window", "reply", ""]),
            "id": ids,
            "kind": st.one_of(st.sampled_from([*HANDLERS, "delete", ""]), numbers),
            "payload": payloads,
        }
    ),
    st.dictionaries(st.sampled_from(["type", "id", "kind", "payload"]), numbers, max_size=4),
    numbers,
    st.text(max_size=20),
)


class Recorder:
    """Stands in for the comm: collects what the widget sends back."""

    def __init__(self) -> None:
        self.sent: list[tuple[dict, list]] = []

    def __call__(self, content: dict, buffers: list | None = None) -> None:
        self.sent.append((content, buffers or []))


def _widget() -> tuple[SimilarityHeatmap, Recorder]:
    embeddings = np.random.default_rng(11).normal(size=(N, 6)).astype(np.float32)
    widget = SimilarityHeatmap.from_embeddings(embeddings, progress=False)
    recorder = Recorder()
    widget.send = recorder  # the reply path, without a kernel
    return widget, recorder


WIDGET, SENT = _widget()


def good_request(request_id: str = "view:good") -> dict:
    payload = {"rows": [0, 40], "cols": [100, 130], "max_side": 1024}
    return {"type": "request", "id": request_id, "kind": "window", "payload": payload}


def check_reply(message: object, content: dict, buffers: list) -> None:
    """One reply, naming the request when it had a usable id; an answer within the cap."""
    assert content["type"] == "reply"
    request_id = message.get("id") if isinstance(message, dict) else None
    if isinstance(request_id, str) and 0 < len(request_id) <= MAX_ID_LENGTH:
        assert content["id"] == request_id
    else:
        assert content["id"] is None
    if content["ok"] is False:
        assert isinstance(content["error"], str) and content["error"]
        assert buffers == []
        return
    result = content["result"]
    if "shape" in result:  # a window: never more than the cap, and the bytes match
        rows, cols = result["shape"]
        assert 1 <= rows <= MAX_SIDE and 1 <= cols <= MAX_SIDE
        assert len(buffers) == 1 and len(buffers[0]) == rows * cols * 4
        assert 0 <= result["row_start"] < result["row_stop"] <= N
        assert 0 <= result["col_start"] < result["col_stop"] <= N
    else:  # a selected block: a real pair of the matrix
        assert 0 <= result["row"] < N and 0 <= result["col"] < N


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages)
def test_any_message_gets_one_reply_and_never_an_exception(message):
    before = len(SENT.sent)
    WIDGET._handle_custom_msg(message, [])  # how ipywidgets hands a browser message over
    assert len(SENT.sent) == before + 1
    check_reply(message, *SENT.sent[-1])


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    st.sampled_from(sorted(HANDLERS)),
    st.integers(-(10**12), 10**12),
    st.integers(-(10**12), 10**12),
    st.integers(-(10**12), 10**12),
    st.integers(-(10**12), 10**12),
    st.integers(-(10**12), 10**12),
)
def test_well_formed_spans_of_any_size_are_capped_or_refused(kind, r0, r1, c0, c1, side):
    message = {
        "type": "request",
        "id": "view:span",
        "kind": kind,
        "payload": {"rows": [r0, r1], "cols": [c0, c1]}
        | ({"max_side": side} if kind == "window" else {}),
    }
    WIDGET._handle_custom_msg(message, [])
    check_reply(message, *SENT.sent[-1])


def test_a_flood_of_a_thousand_requests_is_answered_one_by_one_and_the_widget_goes_on():
    rng = np.random.default_rng(5)
    before = len(SENT.sent)
    for i in range(1000):
        start = int(rng.integers(-50, N))
        payload = {"rows": [start, start + int(rng.integers(-5, 3000))], "cols": [0, N]}
        WIDGET._handle_custom_msg(
            {"type": "request", "id": f"flood:{i}", "kind": "window", "payload": payload}, []
        )
    replies = SENT.sent[before:]
    assert [content["id"] for content, _ in replies] == [f"flood:{i}" for i in range(1000)]
    assert all(
        max(content["result"]["shape"]) <= MAX_SIDE for content, _ in replies if content["ok"]
    )
    WIDGET._handle_custom_msg(good_request(), [])
    content, buffers = SENT.sent[-1]
    assert content["ok"] and content["id"] == "view:good"
    values = np.frombuffer(buffers[0], dtype=np.float32).reshape(content["result"]["shape"])
    np.testing.assert_allclose(values, WIDGET.window(slice(0, 40), slice(100, 130)), atol=1e-6)
