"""Shared pieces of the benchmarks: data, a quiet local web server, Chromium, and tables."""

from __future__ import annotations

import functools
import http.server
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
# The benchmarks start Chromium exactly as the end-to-end tests do.
sys.path.insert(0, str(REPO))
from tools.chromium import CHROMIUM_ARGS, MISSING, chromium_path  # noqa: E402


def embeddings(n: int, dim: int = 384, seed: int = 0, clusters: int = 12) -> np.ndarray:
    """Clustered random embeddings: texts of a few topics, as real corpora have."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(clusters, dim)).astype(np.float32)
    topic = rng.integers(0, clusters, n)
    return centers[topic] + 0.8 * rng.normal(size=(n, dim)).astype(np.float32)


def median_time(run: Callable[[], object], repeats: int = 3) -> float:
    """Median wall time of ``run`` in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_memory_probe() -> tuple[Callable[[], None], Callable[[], float]]:
    """(start, peak_mib): the growth of this process's peak resident memory since ``start()``.

    Linux keeps a process's high-water mark across fork and exec, so a child would inherit
    its parent's; writing 5 to /proc/self/clear_refs resets it first.
    """

    def status(field: str) -> float:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field):
                return float(line.split()[1]) / 1024  # kB → MiB
        raise KeyError(field)

    base = {}

    def start() -> None:
        Path("/proc/self/clear_refs").write_text("5")
        base["rss"] = status("VmRSS:")

    def peak_mib() -> float:
        return status("VmHWM:") - base["rss"]

    return start, peak_mib


def interleaved_medians(
    tools: dict[str, Callable[[np.ndarray], object]], data: np.ndarray, repeats: int
) -> dict[str, float]:
    """Median time per tool, the tools taking turns so that each meets the same memory state.

    Fresh gigabyte allocations on a virtual machine cost more or less from one moment to the
    next (page faults); taking turns spreads that over all tools alike, and the order turns
    each round so that no tool always follows the one that freed the most memory. One
    untimed warm-up round first.
    """
    names = list(tools)
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(repeats + 1):
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
            start = time.perf_counter()
            tools[name](data)
            if round_:
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def peak_mib_in_child(child: str, **fields: object) -> float:
    """Extra peak resident memory of one call, in MiB, from ``child`` run in a fresh process.

    ``child`` is Python source with ``{bench}`` (this folder) and ``fields`` to fill in; its
    last printed line is the figure, as JSON.
    """
    code = child.format(bench=str(Path(__file__).parent), **fields)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> str:
    """One line about the machine: CPU, cores, memory, Chromium."""
    cpu = "unknown CPU"
    if Path("/proc/cpuinfo").exists():
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    chromium = chromium_path()
    version = (
        subprocess.run([chromium, "--version"], capture_output=True, text=True).stdout.strip()
        if chromium
        else "no Chromium"
    )
    blas = os.environ.get("OPENBLAS_CORETYPE", "default")
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}, OPENBLAS_CORETYPE={blas}, {version}"


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free loopback port; yields the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium browser (Playwright driving Debian's Chromium)."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise SystemExit(f"no Chromium: {MISSING}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def table(headers: list[str], rows: list[list[object]]) -> str:
    """A Markdown table."""
    cells = [[str(c) for c in row] for row in rows]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    return "\n".join(lines)


def seconds(value: float | None) -> str:
    """Format a duration: ms below a second."""
    if value is None:
        return "did not finish in 60 s"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def ratio(ours: float | None, theirs: float | None) -> str:
    """Ours / theirs, e.g. ``0.12×``; ``<`` bound when theirs timed out."""
    if ours is None:
        return "–"
    if theirs is None:
        return "< " + f"{ours / 60:.3f}×"
    return f"{ours / theirs:.3f}×" if ours / theirs < 0.1 else f"{ours / theirs:.2f}×"
