"""The insight pass on a background thread, and the ``_insight`` payload it sends the browser.

:class:`InsightRunner` runs one :class:`~simheat.core.insight.Insight`'s passes (the
neighbour pass, then the exact quantiles) on a daemon thread, publishing ``running`` payloads
with their progress at most every :data:`PUBLISH_INTERVAL` seconds, then the ``ready``
payload; or ``error`` with the message. A threshold change recomputes only the threshold's
part (its count and its table): at once when the pass's kept pairs answer it, else on the
thread, since it needs a counting pass. The payload's shape is the contract with the front
end (see ``tests/test_widget_insight.py``): plain JSON values, NaN sent as None, texts and
labels left out (the browser has them).
"""

from __future__ import annotations

import atexit
import math
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core.insight import Insight
from ..core.neighbors import Cancel, PassCancelled

PUBLISH_INTERVAL = 0.2  # seconds between progress updates: at most ~5 a second
TABLE_ROWS = 1_000  # rows of the most/least similar, outliers and hubs tables
ABOVE_ROWS = 10_000  # rows of the above-threshold table (its total is sent beside it)
HISTOGRAM_BINS = 200  # the browser's histogram: at most this many bins

Publish = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Parts:
    """How a runner turns its core into the payload.

    The part no threshold changes, the threshold's part, and whether the kept pairs answer
    a threshold without another pass (one set of texts: below; two sets:
    ``widget/cross_payload.py``).
    """

    static: Callable[[Any], dict[str, Any]]
    threshold: Callable[[Any, float | None, Cancel | None], dict[str, Any]]
    answered: Callable[[Any, float | None], bool]


_RUNNING: weakref.WeakSet[InsightRunner] = weakref.WeakSet()  # runners whose thread may run


class InsightRunner:
    """One widget's insight: the cached :class:`Insight`, its thread and what it publishes.

    Args:
        core: the insight of the widget's unit rows (its cache serves the Python methods too).
        publish: sets the payload on the widget; must not hold the widget alive (a weak
            reference), since the thread holds it.
        parts: how the payload is made of ``core`` (default: one set of texts).
    """

    def __init__(self, core: Any, publish: Publish, parts: Parts | None = None) -> None:
        self.core = core
        self.parts = parts or ONE_SET
        self.error: BaseException | None = None
        self._publish = publish
        self._lock = threading.Lock()  # orders the payloads; never held while waiting for core
        self._cancelled = threading.Event()
        self._generation = 0  # bumped by each threshold change; stale results are dropped
        self._static: dict[str, Any] | None = None  # the payload's part no threshold changes
        self._thread: Job | None = None
        self._last_progress = -math.inf

    @property
    def thread(self) -> Job | None:
        """The pending or running job on the insight worker, or None when idle."""
        return self._thread

    def start(self) -> None:
        """Start the passes on a daemon thread, publishing ``running`` at once."""
        with self._lock:
            self._emit(_running(0.0))
            self._spawn()

    def wait(self, timeout: float | None = None) -> None:
        """Wait until the thread has published its last payload (or ``timeout`` seconds)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def finish(self) -> None:
        """Publish the finished insight now, computing it here if the worker has not yet.

        The worker runs every heatmap's passes one after another; a caller that needs this
        one's (``to_html``) does not wait for the others' turn.
        """
        core = self.check()
        core.compute(quantiles=True)  # a no-op once the worker has done it
        with self._lock:
            static = self._static = self._static or self.parts.static(core)
        part = self.parts.threshold(core, core.threshold, None)
        with self._lock:
            self._emit(ready(static, part))

    def cancel(self) -> None:
        """Stop the pass at its next tile, or drop it from the queue if it has not started.

        A dropped job lets go of this runner (and its rows) at once, however long the
        worker is busy with others.
        """
        self._cancelled.set()
        job = self._thread
        if job is not None and job.drop():
            _RUNNING.discard(self)

    def check(self) -> Insight:
        """The insight, or the thread's error raised again for the Python methods."""
        if self.error is not None:
            raise RuntimeError(f"the similarity insight failed: {self.error}") from self.error
        return self.core

    def set_threshold(self, threshold: float | None) -> None:
        """Use ``threshold`` from now on and publish its count and table."""
        self.core.threshold = threshold
        with self._lock:
            self._generation += 1
            generation, static, idle = self._generation, self._static, self._thread is None
        if self.error is not None or self._cancelled.is_set():
            return
        if static is not None and idle and self._answered_by_kept_pairs(threshold):
            part = self.parts.threshold(self.core, threshold, None)  # no pass: a few ms
            with self._lock:
                if generation == self._generation:
                    self._emit(ready(static, part))
            return
        with self._lock:
            if self._thread is None:
                self._spawn()  # else the running thread picks the new threshold up

    def _answered_by_kept_pairs(self, threshold: float | None) -> bool:
        return self.parts.answered(self.core, threshold)

    def _spawn(self) -> None:
        self._thread = Job(self._work)
        _RUNNING.add(self)
        WORKER.submit(self._thread)

    def _work(self) -> None:
        try:
            self.core.compute(self._on_progress, self._cancelled.is_set, quantiles=True)
            static = self._static or self.parts.static(self.core)
            with self._lock:
                self._static = static
            while not self._cancelled.is_set():
                with self._lock:
                    generation, threshold = self._generation, self.core.threshold
                try:  # a counting pass stops for a close, or for a newer threshold
                    part = self.parts.threshold(
                        self.core, threshold, lambda g=generation: self._stale(g)
                    )
                except PassCancelled:
                    continue  # the loop ends on a close, or counts the newer threshold
                with self._lock:
                    if generation == self._generation and not self._cancelled.is_set():
                        self._emit(ready(static, part))
                        self._thread = None
                        return
        except PassCancelled:
            pass
        except Exception as error:  # any failure is shown, and raised by the methods
            with self._lock:
                self.error = error
                self._emit({**_running(1.0), "status": "error", "error": _message(error)})
        with self._lock:
            self._thread = None

    def _stale(self, generation: int) -> bool:
        """Whether work for threshold ``generation`` is no longer wanted."""
        return self._cancelled.is_set() or generation != self._generation

    def _on_progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last_progress < PUBLISH_INTERVAL or done >= total:
            return
        with self._lock:
            if self._static is None:
                self._last_progress = now
                self._emit(_running(done / total))

    def _emit(self, payload: dict[str, Any]) -> None:
        """Publish (the caller holds ``_lock``, so payloads go out in the order made)."""
        if not self._cancelled.is_set():
            self._publish(payload)


def _answered(core: Insight, threshold: float | None) -> bool:
    return threshold is None or core.neighbor_pass.complete_at_least(threshold)


def _running(progress: float) -> dict[str, Any]:
    return {
        "status": "running",
        "progress": float(progress),
        "error": None,
        "stats": None,
        "histogram": None,
        "verdicts": [],
        "groups": None,
        "tables": None,
        "above_total": None,
    }


def _message(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def ready(static: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    """The ``ready`` payload: the static part with the threshold's count and table."""
    return {
        **static,
        "stats": {**static["stats"], **part["stats"]},
        # A part may bring more tables that follow the threshold (two sets: "leakage").
        "tables": {**static["tables"], "above": part["above"], **part.get("tables", {})},
        "above_total": part["above_total"],
        # Two sets: the verdicts follow the thresholds too (leakage, stability).
        "verdicts": part.get("verdicts", static["verdicts"]),
    }


def static_part(core: Insight) -> dict[str, Any]:
    """What no threshold changes: statistics, histogram, verdicts, groups and four tables."""
    stats = core.stats()
    names = ("n", "pairs", "mean", "std", "min", "p5", "median", "p95", "max", "anisotropy")
    counts, edges = core.histogram()
    groups = None
    if "groups" in stats:
        groups = {key: stats["groups"][key] for key in ("names", "within", "between", "separation")}
    verdict_keys = ("sign", "message", "value", "limit", "source")
    return _plain(
        {
            "status": "ready",
            "progress": 1.0,
            "error": None,
            "stats": {
                **{name: stats[name] for name in names},
                "effective_rank": stats["effective_rank"],
                "width": stats["d"],
            },
            "histogram": rebin(counts, edges, HISTOGRAM_BINS),
            "verdicts": [{key: v[key] for key in verdict_keys} for v in core.verdicts()],
            "groups": groups,
            "tables": {
                "top": _pair_rows(core.top_pairs(TABLE_ROWS)),
                "bottom": _pair_rows(core.bottom_pairs(TABLE_ROWS)),
                "outliers": [
                    {"index": r["index"], "neighbor": r["neighbor"], "similarity": r["similarity"]}
                    for r in core.outliers(TABLE_ROWS)
                ],
                "hubs": [{"index": r["index"], "count": r["count"]} for r in core.hubs(TABLE_ROWS)],
            },
        }
    )


def threshold_part(
    core: Insight, threshold: float | None, cancel: Cancel | None = None
) -> dict[str, Any]:
    """The threshold's share and count of pairs, its table (at most ABOVE_ROWS) and total."""
    if threshold is None or core.n < 2:
        count = share = None
        above: list[dict[str, Any]] = []
    else:
        count = core.count_at_least(threshold, cancel)
        share = count / (core.n * (core.n - 1) // 2)
        above = _pair_rows(core.pairs_above(threshold, limit=ABOVE_ROWS))
    return _plain(
        {
            "stats": {"share_above_threshold": share, "count_above_threshold": count},
            "above": above,
            "above_total": count,
        }
    )


def rebin(counts: np.ndarray, edges: np.ndarray, bins: int) -> dict[str, list]:
    """At most ``bins`` bins over the occupied range, each a run of whole original bins.

    Merging whole bins keeps every count exact; the range starts at the first non-empty bin.
    """
    occupied = np.flatnonzero(counts)
    if not occupied.size:
        return {"edges": [], "counts": []}
    lo, hi = int(occupied[0]), int(occupied[-1]) + 1
    width = -(-(hi - lo) // bins)
    merged = -(-(hi - lo) // width)
    padded = np.zeros(lo + merged * width, dtype=np.int64)
    padded[: len(counts)] = counts[: len(padded)]
    step = edges[1] - edges[0]
    starts = edges[0] + step * (lo + width * np.arange(merged + 1))
    return {
        "edges": np.minimum(starts, edges[-1]).tolist(),
        "counts": padded[lo:].reshape(merged, width).sum(axis=1).tolist(),
    }


def _pair_rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"row": r["row"], "col": r["col"], "similarity": r["similarity"], "kind": r["kind"]}
        for r in records
    ]


def _plain(value: Any) -> Any:
    """JSON-ready: NumPy scalars as Python numbers, NaN and infinities as None."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    return value


# Looked up when called, so that a test (or a debugger) replacing a part is heard.
ONE_SET = Parts(
    lambda core: static_part(core),
    lambda core, threshold, cancel: threshold_part(core, threshold, cancel),
    lambda core, threshold: _answered(core, threshold),
)


class Job:
    """One runner's passes, queued on the worker; joined like a thread."""

    daemon = True  # it runs on the worker's daemon thread

    def __init__(self, work: Callable[[], None]) -> None:
        self.work: Callable[[], None] | None = work
        self.started = False
        self.done = threading.Event()

    def run(self) -> None:
        """Do the work, then mark the job done (even if it raised); a dropped job does nothing."""
        work = self.work
        if work is None:
            return
        self.started = True
        try:
            work()
        finally:
            self.done.set()

    def drop(self) -> bool:
        """Let go of the work if it has not started (its heatmap's rows are freed at once).

        Takes no lock: a heatmap is closed by the garbage collector too (ipywidgets'
        ``__del__``), which may run inside the worker's critical section on this thread, so
        the job stays queued, empty, until the worker passes it by. Whether it was dropped.
        """
        if self.started:
            return False
        self.work = None
        self.done.set()
        return True

    def join(self, timeout: float | None = None) -> None:
        """Wait until the job is done, or ``timeout`` seconds."""
        self.done.wait(timeout)

    def is_alive(self) -> bool:
        """Whether the job is still queued or running."""
        return not self.done.is_set()


class Worker:
    """One background thread for every heatmap's passes, one pass at a time, newest first.

    A thread per heatmap let a notebook (or a test suite) that builds many heatmaps run as
    many passes at once, each calling BLAS/LAPACK from its own thread: OpenBLAS then
    thrashes, and every pass takes far longer than all of them one after another. The
    thread ends when the queue is empty and starts again with the next job. The newest job
    runs next (the heatmap just shown is the one being looked at); a closed heatmap's job
    leaves the queue, or ends at its next tile if it is running.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: deque[Job] = deque()
        self._thread: threading.Thread | None = None

    def submit(self, job: Job) -> None:
        """Queue ``job``; start the thread if it is not running."""
        with self._lock:
            self._queue.append(job)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._drain, name="simheat-insight", daemon=True
                )
                self._thread.start()

    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._queue:
                    self._thread = None
                    return
                job = self._queue.pop()
            job.run()


WORKER = Worker()


@atexit.register
def _stop_all() -> None:
    """At exit, stop the passes still running.

    A daemon thread killed inside BLAS makes OpenBLAS complain ("Bad memory unallocation")
    as the process ends.
    """
    runners = list(_RUNNING)
    for runner in runners:
        runner.cancel()
    for runner in runners:
        runner.wait(timeout=2.0)
