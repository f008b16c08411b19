"""Time to heatmap on screen, colour-range change and bytes on the wire, in headless Chromium.

simheat against what users do today, in the same run on the same matrices: plain
``px.imshow`` and ValidMind's ``px.imshow(..., text_auto=True)`` (offline HTML pages with
plotly.js inlined), and plotly's ``FigureWidget`` for what crosses the comm.

    python bench/bench_render.py [--sizes 1000 2000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import statistics

import numpy as np
import plotly.express as px
import plotly.graph_objects as go
from common import REPO, chromium, embeddings, machine, ratio, seconds, serve, table
from ipywidgets.widgets.widget import _remove_buffers

from simheat import SimilarityHeatmap

OUT = REPO / "bench" / "out"
TIMEOUT_MS = 60_000
# plotly.py runs this once Plotly.newPlot has resolved (the figure is drawn): note the
# time at the next frame, as the simheat harness does, and expose the graph.
PLOTLY_PROBE = """
window.plotlyGraph = document.getElementById('{plot_id}');
requestAnimationFrame(function () { window.plotlyShownAt = performance.now(); });
"""


def write_state(widget: SimilarityHeatmap, case: str) -> None:
    """Write what the widget syncs to the browser: JSON traits and the overview's binary buffer."""
    state = widget.get_state()
    keep = {
        k: v
        for k, v in state.items()
        if not k.startswith("_")
        or k in ("_overview", "_order", "_bounds", "_texts", "_labels")
        or k.startswith("_column_")
        or k == "_paired"
    }
    overview = dict(keep.pop("_overview"))
    (OUT / f"{case}.bin").write_bytes(bytes(overview.pop("view")))
    keep = {k: v for k, v in keep.items() if k not in ("layout", "tabbable", "tooltip")}
    (OUT / f"{case}.json").write_text(json.dumps({**keep, "_overview": overview}))


def write_cases(n: int) -> tuple[SimilarityHeatmap, np.ndarray]:
    """Write the simheat state and the plotly pages for one matrix size."""
    widget = SimilarityHeatmap.from_embeddings(embeddings(n), [f"text {i}" for i in range(n)])
    write_state(widget, f"simheat-{n}")
    matrix = widget.matrix
    for name, text_auto in (("imshow", False), ("validmind", True)):
        figure = px.imshow(
            matrix,
            text_auto=text_auto,
            color_continuous_scale="Blues",
            title="Cosine Similarity Matrix",
        )
        html = figure.to_html(include_plotlyjs=True, full_html=True, post_script=PLOTLY_PROBE)
        (OUT / f"{name}-{n}.html").write_text(html)
    return widget, matrix


def time_page(browser, url: str, flag: str) -> float | None:
    """Seconds from navigation start until the page sets ``window[flag]``; None on time-out."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(url, timeout=TIMEOUT_MS)
        page.wait_for_function(f"() => window.{flag} !== undefined", timeout=TIMEOUT_MS)
        return page.evaluate(f"() => window.{flag}") / 1000
    except Exception:
        return None
    finally:
        page.close()


def median_page_time(browser, url: str, flag: str, repeats: int) -> float | None:
    """Median of :func:`time_page` over ``repeats`` fresh pages; None if any timed out."""
    times = [time_page(browser, url, flag) for _ in range(repeats)]
    return None if None in times else statistics.median(times)


def evaluate_when_shown(browser, url: str, flag: str, script: str):
    """Open ``url`` in a fresh page, wait until it sets ``window[flag]``, run ``script`` there."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(url, timeout=TIMEOUT_MS)
        page.wait_for_function(f"() => window.{flag} !== undefined", timeout=TIMEOUT_MS)
        return page.evaluate(script)
    finally:
        page.close()


def simheat_colour_change(browser, url: str) -> tuple[float, float]:
    """(cells repainted, colour bar redrawn too) in seconds after zmin changes, as anywidget does it."""
    return evaluate_when_shown(
        browser,
        url,
        "simheatShownAt",
        """async () => {
              const gd = document.querySelector('.simheat-graph');
              const model = window.simheatModel;
              const times = [];
              for (const zmin of [0.05, 0.1, 0.15, 0.2, 0.25]) {
                const drawn = new Promise((resolve) => gd.once('plotly_afterplot', resolve));
                const start = performance.now();
                model.set('zmin', zmin);              // the canvas repaints synchronously
                const repainted = performance.now() - start;
                await drawn;                           // Plotly's colour bar follows
                times.push([repainted, performance.now() - start]);
              }
              const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
              return [median(times.map((t) => t[0])) / 1000, median(times.map((t) => t[1])) / 1000];
            }""",
    )


def simheat_threshold_change(browser, url: str) -> float:
    """Seconds to repaint the cells when ``threshold`` changes (highlight at or above it, dim the rest)."""
    return evaluate_when_shown(
        browser,
        url,
        "simheatShownAt",
        """async () => {
              const model = window.simheatModel;
              const times = [];
              for (const threshold of [0.1, 0.2, 0.3, null, 0.25]) {
                const start = performance.now();
                model.set('threshold', threshold);     // the canvas repaints synchronously
                times.push(performance.now() - start);
                await new Promise(requestAnimationFrame);  // one user change a frame
              }
              return times.sort((a, b) => a - b)[2] / 1000;
            }""",
    )


def plotly_restyle_time(browser, url: str, values: str, restyle: str) -> float | None:
    """Seconds for ``restyle`` (JS run with ``gd`` and ``value``) on a px.imshow page, median of 3."""
    try:
        return evaluate_when_shown(
            browser,
            url,
            "plotlyShownAt",
            f"""async () => {{
              const gd = window.plotlyGraph;
              const times = [];
              for (const value of {values}) {{
                const start = performance.now();
                await (async () => {{ {restyle} }})();
                await new Promise(requestAnimationFrame);
                times.push(performance.now() - start);
              }}
              return times.sort((a, b) => a - b)[1] / 1000;
            }}""",
        )
    except Exception:
        return None


def plotly_threshold_change(browser, url: str) -> float | None:
    """Seconds to show only the cells at or above a threshold on a px.imshow page: ``restyle(z)``."""
    # gd._fullData holds the rows plotly.js decoded from plotly.py's bdata.
    masked = "gd._fullData[0].z.map((row) => Array.from(row, (v) => (v >= value ? v : null)))"
    return plotly_restyle_time(
        browser, url, "[0.1, 0.2, 0.3]", f"await Plotly.restyle(gd, {{z: [{masked}]}}, [0]);"
    )


def plotly_colour_change(browser, url: str) -> float | None:
    """Seconds for ``Plotly.restyle(zmin)`` on a px.imshow page (median of 3)."""
    return plotly_restyle_time(
        browser,
        url,
        "[0.05, 0.1, 0.15]",
        "await Plotly.restyle(gd, {zmin: value, zauto: false}, [0]);",
    )


def wire_bytes(widget: SimilarityHeatmap, matrix: np.ndarray) -> dict[str, float]:
    """Bytes per matrix cell that cross the comm: simheat vs FigureWidget (plain and text_auto)."""
    n2 = matrix.shape[0] ** 2

    def state_bytes(state: dict) -> int:
        json_state, _, buffers = _remove_buffers(state)
        return len(json.dumps(json_state, default=str)) + sum(memoryview(b).nbytes for b in buffers)

    ours = state_bytes(widget.get_state(key=["_overview", "_order", "_bounds"]))
    plain = go.FigureWidget(px.imshow(matrix))
    text = go.FigureWidget(px.imshow(matrix.astype(np.float64), text_auto=True))
    return {
        "simheat": ours / n2,
        "FigureWidget": state_bytes(plain.get_state(key=["_widget_data", "_widget_layout"])) / n2,
        "FigureWidget text_auto": state_bytes(
            text.get_state(key=["_widget_data", "_widget_layout"])
        )
        / n2,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    print(f"Machine: {machine()}\n")
    render_rows, colour_rows, threshold_rows, wire_rows = [], [], [], []
    with chromium() as browser, serve(REPO) as base:
        for n in args.sizes:
            widget, matrix = write_cases(n)
            url = {
                "simheat": f"{base}/bench/harness/simheat.html?case=simheat-{n}",
                "imshow": f"{base}/bench/out/imshow-{n}.html",
                "validmind": f"{base}/bench/out/validmind-{n}.html",
            }

            ours = median_page_time(browser, url["simheat"], "simheatShownAt", args.repeats)
            imshow = median_page_time(browser, url["imshow"], "plotlyShownAt", args.repeats)
            validmind = time_page(browser, url["validmind"], "plotlyShownAt")  # once: it is slow
            render_rows.append(
                [
                    f"{n:,}",
                    seconds(ours),
                    seconds(imshow),
                    seconds(validmind),
                    ratio(ours, imshow),
                    ratio(ours, validmind),
                ]
            )
            repaint, total = simheat_colour_change(browser, url["simheat"])
            plain_change = plotly_colour_change(browser, url["imshow"])
            colour_rows.append(
                [
                    f"{n:,}",
                    seconds(repaint),
                    seconds(total),
                    seconds(plain_change),
                    ratio(total, plain_change),
                ]
            )
            ours_threshold = simheat_threshold_change(browser, url["simheat"])
            plain_threshold = plotly_threshold_change(browser, url["imshow"])
            threshold_rows.append(
                [
                    f"{n:,}",
                    seconds(ours_threshold),
                    seconds(plain_threshold),
                    ratio(ours_threshold, plain_threshold),
                ]
            )
            wire = wire_bytes(widget, matrix)
            wire_rows.append(
                [
                    f"{n:,}",
                    f"{wire['simheat']:.2f}",
                    f"{wire['FigureWidget']:.2f}",
                    f"{wire['FigureWidget text_auto']:.2f}",
                    ratio(wire["simheat"], wire["FigureWidget"]),
                ]
            )
    print("Time to heatmap on screen (from navigation start, median):\n")
    print(
        table(
            [
                "N",
                "simheat",
                "px.imshow",
                "px.imshow text_auto (ValidMind)",
                "simheat / px.imshow",
                "simheat / ValidMind",
            ],
            render_rows,
        )
    )
    print("\nColour-range change (zmin), median:\n")
    print(
        table(
            [
                "N",
                "simheat cells repainted",
                "simheat incl. colour bar",
                "px.imshow restyle",
                "simheat / px.imshow",
            ],
            colour_rows,
        )
    )
    print("\nThreshold change (cells at or above it highlighted, the rest dimmed), median:\n")
    print(
        table(
            ["N", "simheat cells repainted", "px.imshow restyle(masked z)", "simheat / px.imshow"],
            threshold_rows,
        )
    )
    print("\nBytes per matrix cell sent to the browser:\n")
    print(
        table(
            ["N", "simheat", "FigureWidget", "FigureWidget text_auto", "simheat / FigureWidget"],
            wire_rows,
        )
    )


if __name__ == "__main__":
    main()
