"""Large N: time to overview on screen, zoom-step latency and peak memory, up to 100,000 texts.

    python bench/bench_scale.py [--sizes 20000 100000] [--cross 100000 1000]

``--cross N M`` adds two sets of texts (``columns=``): N × M cells, built in this process
(its peak memory is not measured).

simheat only: Python building the widget from embeddings, then the browser drawing its
overview (``px.imshow`` already takes 7.6 s at 4,000 texts and does not finish a ValidMind
``text_auto`` figure in 60 s: see bench_render.py; at 20,000 its HTML would be gigabytes).
A zoom step is Python computing the visible window at screen resolution; the browser then
paints it like a colour change (a few ms). Peak memory is the growth of the kernel's
resident size while building the widget, in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from bench_render import OUT, median_page_time, write_state
from common import REPO, chromium, embeddings, machine, median_time, seconds, serve, table

from simheat import SimilarityHeatmap
from simheat.widget.requests import MAX_SIDE, answer

CHILD = """
import sys, json, time
sys.path.insert(0, {bench!r})
from common import embeddings, peak_memory_probe
from simheat import SimilarityHeatmap
data = embeddings({n})
start_memory, peak_mib = peak_memory_probe()
start_memory()
start = time.perf_counter()
SimilarityHeatmap.from_embeddings(data, progress=False)
print(json.dumps([time.perf_counter() - start, peak_mib()]))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--cross", type=int, nargs=2, default=[100_000, 1_000], metavar=("N", "M"))
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    print(f"Machine: {machine()}\n")
    rows = []
    with chromium() as browser, serve(REPO) as base:
        for n in args.sizes:
            build, memory = json.loads(
                subprocess.run(
                    [sys.executable, "-c", CHILD.format(bench=str(REPO / "bench"), n=n)],
                    capture_output=True, text=True, check=True,
                ).stdout.strip().splitlines()[-1]
            )  # fmt: skip
            widget = SimilarityHeatmap.from_embeddings(embeddings(n), progress=False)
            write_state(widget, f"simheat-{n}")
            screen = median_page_time(
                browser, f"{base}/bench/harness/simheat.html?case=simheat-{n}", "simheatShownAt", 3
            )
            span = [n // 3, n // 3 + n // 20]
            request = {"type": "request", "id": "bench:1", "kind": "window",
                       "payload": {"rows": span, "cols": span, "max_side": MAX_SIDE // 2}}  # fmt: skip
            context = widget.request_context()
            zoom_python = median_time(lambda r=request, c=context: answer(c, r))
            rows.append(
                [
                    f"{n:,}",
                    seconds(build),
                    seconds(screen),
                    seconds(build + (screen or 0)),
                    seconds(zoom_python),
                    f"{memory:,.0f} MiB",
                ]
            )
        n, m = args.cross
        rows_data, columns = embeddings(n), embeddings(m, seed=1)
        start = time.perf_counter()
        widget = SimilarityHeatmap.from_embeddings(
            rows_data, column_embeddings=columns, progress=False
        )
        build = time.perf_counter() - start
        write_state(widget, f"simheat-{n}x{m}")
        screen = median_page_time(
            browser, f"{base}/bench/harness/simheat.html?case=simheat-{n}x{m}", "simheatShownAt", 3
        )
        request = {"type": "request", "id": "bench:2", "kind": "window",
                   "payload": {"rows": [n // 3, n // 3 + n // 20], "cols": [0, m], "max_side": MAX_SIDE // 2}}  # fmt: skip
        context = widget.request_context()
        zoom_python = median_time(lambda r=request, c=context: answer(c, r))
        rows.append(
            [f"{n:,} × {m:,}", seconds(build), seconds(screen), seconds(build + (screen or 0)),
             seconds(zoom_python), "–"]
        )  # fmt: skip
    print(table(
        ["N", "widget built (Python)", "overview on screen (browser)", "total", "zoom step: Python window", "peak extra memory"],
        rows,
    ))  # fmt: skip


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"\n({time.perf_counter() - start:.0f} s)")
