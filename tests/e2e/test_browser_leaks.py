"""Showing a heatmap again and again in JupyterLab must not grow the page's memory.

One 2,000-text heatmap is displayed into an ``ipywidgets.Output`` and cleared, 50 times,
from the notebook's kernel. After a forced garbage collection the JS heap must be back
within 10 % of its baseline, the model must hold no listener of a removed view, and no
ResizeObserver, window listener or Plotly graph of a removed view may be left.
"""

from __future__ import annotations

import pytest

CYCLES = 50
N_TEXTS = 2000

# Counts what removed views could leave behind: ResizeObservers observing, window
# "pointerup" listeners (the widget's one window listener). Installed before the page loads.
COUNTERS_JS = """(() => {
  const Native = window.ResizeObserver;
  let observing = 0;
  window.ResizeObserver = class extends Native {
    observe(...args) { if (!this.__simheatOn) { this.__simheatOn = true; observing += 1; } return super.observe(...args); }
    disconnect() { if (this.__simheatOn) { this.__simheatOn = false; observing -= 1; } return super.disconnect(); }
  };
  const listeners = new Set();
  const add = window.addEventListener, remove = window.removeEventListener;
  window.addEventListener = function (type, fn, options) {
    if (type === 'pointerup') listeners.add(fn);
    return add.call(this, type, fn, options);
  };
  window.removeEventListener = function (type, fn, options) {
    if (type === 'pointerup') listeners.delete(fn);
    return remove.call(this, type, fn, options);
  };
  window.__simheatCounters = () => ({observers: observing, pointerup: listeners.size});
})();"""

# Listeners on the widget's model in the page, by event, found through the widget manager
# of the notebook's outputs (JupyterLab's WidgetRenderer). "ours" came through anywidget's
# model proxy (it passes a per-view context: the only way the widget's code listens);
# "others" are ipywidgets' own.
MODEL_LISTENERS_JS = """async (modelId) => {
  const panel = window.jupyterapp.shell.currentWidget;
  for (const cell of panel.content.widgets) {
    for (const child of cell.outputArea?.widgets ?? []) {
      for (const widget of child.widgets ?? []) {
        const delegate = widget._manager;
        if (!delegate) continue;
        const manager = delegate.promise ? await delegate.promise : delegate;
        const model = await manager.get_model(modelId);
        const counts = {ours: {}, others: {}};
        for (const [event, list] of Object.entries(model._events ?? {})) {
          for (const handler of list) {
            const side = handler.context ? counts.ours : counts.others;
            side[event] = (side[event] ?? 0) + 1;
          }
        }
        return counts;
      }
    }
  }
  throw new Error('no widget manager found in the notebook');
}"""
# What a removed view's cells and graph are made of: none may survive it.
LIVE = ("ImageData", "HTMLCanvasElement", "ResizeObserver")

SHOWN_JS = "() => document.querySelectorAll('.simheat .simheat-graph .xtick').length > 0"
GONE_JS = "() => !document.querySelector('.simheat') && !document.querySelector('.js-plotly-plot')"


def used_heap(page, cdp) -> int:
    """Bytes of JS heap in use after forced garbage collections."""
    for _ in range(3):
        cdp.send("HeapProfiler.collectGarbage")
        page.wait_for_timeout(150)
    return cdp.send("Runtime.getHeapUsage")["usedSize"]


def live_objects(cdp, constructor: str) -> int:
    """How many objects made by ``constructor`` are alive (queryObjects collects garbage first)."""
    prototype = cdp.send("Runtime.evaluate", {"expression": f"{constructor}.prototype"})
    found = cdp.send("Runtime.queryObjects", {"prototypeObjectId": prototype["result"]["objectId"]})
    length = cdp.send(
        "Runtime.callFunctionOn",
        {
            "objectId": found["objects"]["objectId"],
            "functionDeclaration": "function () { return this.length; }",
            "returnByValue": True,
        },
    )
    return length["result"]["value"]


def total(counts: dict) -> int:
    return sum(counts.values())


@pytest.fixture
def leak_page(browser):
    """A page that counts observers and window listeners from the start."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(COUNTERS_JS)
    yield context
    context.close()


def test_displaying_and_clearing_50_times_frees_the_views(lab, leak_page):
    from .conftest import OpenNotebook

    name = lab.write_notebook(
        "leaks.ipynb",
        [
            "import ipywidgets, numpy as np\n"
            "from simheat import SimilarityHeatmap\n"
            f"embeddings = np.random.default_rng(0).normal(size=({N_TEXTS}, 32)).astype(np.float32)\n"
            "heatmap = SimilarityHeatmap.from_embeddings(embeddings, progress=False)\n"
            "out = ipywidgets.Output()\n"
            "out.append_display_data(heatmap)\n"
            "out"
        ],
    )
    page = leak_page.new_page()
    notebook = OpenNotebook(page, lab, name)
    try:
        kernel = notebook.kernel
        model_id = kernel.eval("heatmap.model_id")
        shown = page.evaluate(MODEL_LISTENERS_JS, model_id)
        clear, show = "out.outputs = ()", "out.append_display_data(heatmap)"
        kernel.run(clear)
        page.wait_for_function(GONE_JS)
        cdp = page.context.new_cdp_session(page)
        baseline = used_heap(page, cdp)
        objects = {name: live_objects(cdp, name) for name in LIVE}
        listeners = page.evaluate(MODEL_LISTENERS_JS, model_id)
        counters = page.evaluate("() => window.__simheatCounters()")
        assert total(shown["ours"]) > total(listeners["ours"])  # the count sees a view's
        for _ in range(CYCLES):
            kernel.run(show)
            page.wait_for_function(SHOWN_JS, timeout=30_000)
            kernel.run(clear)
            page.wait_for_function(GONE_JS, timeout=30_000)
        after = used_heap(page, cdp)
        now = page.evaluate(MODEL_LISTENERS_JS, model_id)
        upstream = now["others"].get("msg:custom", 0) - listeners["others"].get("msg:custom", 0)
        print(
            f"\nJS heap, {CYCLES} display/clear cycles of {N_TEXTS:,} texts: "
            f"baseline {baseline / 2**20:.1f} MiB, after {after / 2**20:.1f} MiB "
            f"({after / baseline - 1:+.1%}); ipywidgets' msg:custom listeners +{upstream}"
        )
        assert after <= 1.10 * baseline, f"heap {baseline:,} → {after:,} bytes"
        assert now["ours"] == listeners["ours"]  # every listener of the widget's code is off
        # ipywidgets' WidgetView adds model.on("msg:custom", ...) per view and never removes
        # it (its views leak, not ours): at most one per cycle, none from this widget.
        assert upstream <= CYCLES
        assert {name: live_objects(cdp, name) for name in LIVE} == objects
        assert page.evaluate("() => window.__simheatCounters()") == counters
        assert notebook.console.errors == []
    finally:
        notebook.close()
