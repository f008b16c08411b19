"""The browser's requests and Python's replies: one handler per kind, every payload checked.

Browser → Python (a custom message)::

    {"type": "request", "id": "<viewId>:<n>", "kind": "window", "payload": {...}}

Python → browser, always exactly one reply with the request's id::

    {"type": "reply", "id": ..., "ok": True, "result": {...}}   (+ binary buffers)
    {"type": "reply", "id": ..., "ok": False, "error": "what is wrong"}

A message from the browser is untrusted: each handler checks its payload's types, ranges
and sizes (a window never makes Python compute or send more than :data:`MAX_SIDE` cells a
side), and :func:`answer` turns every failure, a refused payload or a bug, into an error
reply; nothing raises into the kernel. Every view of a widget receives every reply: the
id, unique per view and request, lets each view take only its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..core.cross import CrossMatrix
from ..core.matrix import SimilarityMatrix
from .codec import tile_to_wire

# Cells a side the browser receives at most: about the plot's pixels, never N². The browser
# reads it from the overview (``_overview["max_side"]``) rather than a copy of its own.
MAX_SIDE = 1024
# A clicked block is one displayed cell: at most 1/64 of the matrix a side (a plot shows
# more than 64 cells a side), so a request cannot make Python scan the whole matrix.
MIN_BLOCKS_A_SIDE = 64
MAX_ID_LENGTH = 100

log = logging.getLogger("simheat")


class RequestError(ValueError):
    """A request Python refuses; its message goes back to the browser."""


@dataclass(frozen=True)
class Context:
    """What a handler may use: the numbers, the aggregation shown, and how to select a pair."""

    matrix: SimilarityMatrix | CrossMatrix
    aggregation: str = "mean"
    select: Callable[[int, int], None] = lambda row, col: None


@dataclass
class Answer:
    """A handler's result (JSON-ready) and the binary buffers that travel with it."""

    result: dict[str, Any]
    buffers: list[Any] = field(default_factory=list)


def whole_number(payload: dict[str, Any], key: str) -> int:
    """``payload[key]`` if it is a whole number (JSON gives int; bools are refused)."""
    value = payload.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RequestError(f"{key} must be a whole number, got {value!r:.60}")
    return value


def span(payload: dict[str, Any], key: str, n: int, longest: int | None = None) -> tuple[int, int]:
    """``payload[key]`` as ``(start, stop)`` of display indices, clamped to ``[0, n]``.

    Refused: anything but two whole numbers, an empty or reversed span, a span wholly
    outside the matrix, or one longer than ``longest``.
    """
    value = payload.get(key)
    if not (
        isinstance(value, (list, tuple))
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise RequestError(f"{key} must be [start, stop], two whole numbers; got {value!r:.60}")
    start, stop = value
    if start >= stop:
        raise RequestError(
            f"{key} [{start}, {stop}] is empty or reversed: start must be below stop"
        )
    clamped = max(0, start), min(n, stop)
    if clamped[0] >= clamped[1]:
        raise RequestError(f"{key} [{start}, {stop}] lies outside the matrix (0 to {n})")
    if longest is not None and clamped[1] - clamped[0] > longest:
        raise RequestError(
            f"{key} [{start}, {stop}] spans {clamped[1] - clamped[0]} texts; a block spans at most {longest}"
        )
    return clamped


def check_keys(
    payload: dict[str, Any], required: set[str], optional: frozenset = frozenset()
) -> None:
    """Refuse a payload with missing or unknown keys (a sign the two sides disagree)."""
    missing, unknown = required - payload.keys(), payload.keys() - required - optional
    if missing or unknown:
        raise RequestError(
            f"payload needs {sorted(required)}"
            + (f", may have {sorted(optional)}" if optional else "")
            + f"; got {sorted(map(str, payload))}"
        )


def window(context: Context, payload: dict[str, Any]) -> Answer:
    """A tile of ``rows`` × ``cols`` (display order) with at most ``max_side`` ≤ 1,024 cells a side."""
    check_keys(payload, {"rows", "cols"}, frozenset({"max_side"}))
    matrix = context.matrix
    rows, cols = span(payload, "rows", matrix.n_rows), span(payload, "cols", matrix.n_cols)
    side = whole_number(payload, "max_side") if "max_side" in payload else MAX_SIDE
    if side < 1:
        raise RequestError(f"max_side must be at least 1, got {side}")
    tile = matrix.tile(rows, cols, min(side, MAX_SIDE), context.aggregation)
    wire = tile_to_wire(tile)
    return Answer(wire, [wire.pop("view")])


def select_block(context: Context, payload: dict[str, Any]) -> Answer:
    """Select the most similar pair of a clicked block (display order); reply with it."""
    check_keys(payload, {"rows", "cols"})
    matrix = context.matrix
    rows = span(payload, "rows", matrix.n_rows, max(1, -(-matrix.n_rows // MIN_BLOCKS_A_SIDE)))
    cols = span(payload, "cols", matrix.n_cols, max(1, -(-matrix.n_cols // MIN_BLOCKS_A_SIDE)))
    row, col, value = matrix.strongest_pair(rows, cols)
    row, col = matrix.to_input(row), matrix.column_to_input(col)
    context.select(row, col)
    return Answer({"row": row, "col": col, "similarity": value})


HANDLERS: dict[str, Callable[[Context, dict[str, Any]], Answer]] = {
    "window": window,
    "select_block": select_block,
}


def reply_error(request_id: str | None, error: str) -> tuple[dict[str, Any], list[Any]]:
    """The error reply to request ``request_id``."""
    return {"type": "reply", "id": request_id, "ok": False, "error": error}, []


def answer(context: Context, message: Any) -> tuple[dict[str, Any], list[Any]]:
    """The reply (content, buffers) to one message from the browser; never raises."""
    if not isinstance(message, dict):
        return reply_error(None, f"a request must be an object, got {type(message).__name__}")
    request_id = message.get("id")
    if not isinstance(request_id, str) or not 0 < len(request_id) <= MAX_ID_LENGTH:
        return reply_error(
            None, f"a request needs an id: a string of 1 to {MAX_ID_LENGTH} characters"
        )
    kind, payload = message.get("kind"), message.get("payload")
    if message.get("type") != "request" or kind not in HANDLERS:
        return reply_error(
            request_id,
            f"unknown request {kind!r:.40} of type {message.get('type')!r:.40}; "
            f"known kinds: {', '.join(HANDLERS)}",
        )
    if not isinstance(payload, dict):
        return reply_error(request_id, f"the {kind} request's payload must be an object")
    try:
        result = HANDLERS[kind](context, payload)
    except RequestError as error:
        return reply_error(request_id, f"{kind} request refused: {error}")
    except Exception as error:  # a bug here must not break the kernel: report it both ways
        log.exception("simheat: the %s request failed", kind)
        return reply_error(
            request_id, f"{kind} request failed in Python: {type(error).__name__}: {error}"
        )
    reply = {"type": "reply", "id": request_id, "ok": True, "result": result.result}
    return reply, result.buffers
