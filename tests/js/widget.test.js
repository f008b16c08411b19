import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeModel, fakeInsight, wireTile } from "./fake-model.js";

vi.mock("../../js/plotly.js", () => import("./fake-plotly.js"));
const { default: plotly } = await import("./fake-plotly.js");

const { render, pairAt, indexMaps, DISCONNECTED } = await import("../../js/widget.js");

class StubResizeObserver {
  observe() {}
  disconnect() {
    StubResizeObserver.disconnected += 1;
  }
}
StubResizeObserver.disconnected = 0;

/** jsdom has no ImageData; the widget only needs its shape and pixel buffer. */
class StubImageData {
  constructor(width, height) {
    this.width = width;
    this.height = height;
    this.data = new Uint8ClampedArray(width * height * 4);
  }
}

const MATRIX = [
  [1, 0.2, 0.9],
  [0.2, 1, 0.4],
  [0.9, 0.4, 1],
];

function makeModel(overrides = {}) {
  return new FakeModel({
    _overview: wireTile(MATRIX),
    _order: null,
    _bounds: [0.2, 1],
    _texts: ["first text", "second <b>text</b>", "third text"],
    _labels: ["a", "b", "c"],
    zmin: 0.2,
    zmax: 0.9,
    title: "Cosine Similarity Matrix",
    height: 500,
    ...overrides,
  });
}

/** Wait for the widget's queued Plotly calls. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("render", () => {
  let el;
  let model;
  let cleanup;

  beforeEach(async () => {
    vi.stubGlobal("ResizeObserver", StubResizeObserver);
    vi.stubGlobal("ImageData", StubImageData);
    plotly.calls.length = 0;
    plotly.relayout.mockClear();
    plotly.guiRelayout.mockClear();
    document.body.innerHTML = "";
    el = document.createElement("div");
    document.body.append(el);
    model = makeModel();
    cleanup = render({ model, el });
    await settle();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("builds the toolbar, the plot and the panel under one .simheat root", () => {
    const root = el.querySelector(".simheat");
    expect(root.querySelector('[aria-label="Colorscale"]')).not.toBeNull();
    expect(root.querySelector(".simheat-plot canvas.simheat-cells")).not.toBeNull();
    expect(root.querySelector('[role="region"][aria-label="Selected pair"]')).not.toBeNull();
  });

  it("draws the figure with ValidMind's titles, the colour range and a fixed pixel size", () => {
    const { data, layout } = plotly.calls.at(-1);
    expect(layout.title.text).toBe("Cosine Similarity Matrix");
    expect(layout.xaxis.title.text).toBe("Index");
    expect(layout.width).toBeGreaterThan(0);
    expect(layout.height).toBe(500);
    expect(layout.yaxis.range).toEqual([2.5, -0.5]); // row 0 at the top
    expect(data[0].colorbar.title.text).toBe("Cosine Similarity");
    expect([data[0].zmin, data[0].zmax]).toEqual([0.2, 0.9]);
    expect(layout.xaxis.ticktext).toEqual(["a", "b", "c"]);
  });

  it("follows zmax and colorscale set from Python", async () => {
    model.setFromPython("zmax", 0.5);
    model.setFromPython("colorscale", "Viridis_r");
    await settle();
    const { data } = plotly.calls.at(-1);
    expect(data[0].zmax).toBe(0.5);
    expect(data[0].colorscale[0][1]).toBe("#fde725"); // Viridis' last colour, first when reversed
    expect(el.querySelector('[aria-label="Color range maximum"]').valueAsNumber).toBeCloseTo(0.5, 2);
    expect(el.querySelector('[aria-label="Colorscale"]').value).toBe("Viridis");
    expect(model.saved).toEqual([]); // nothing echoed back to Python
  });

  it("sends a colorscale chosen in the menu to Python", () => {
    const select = el.querySelector('[aria-label="Colorscale"]');
    select.value = "Viridis";
    select.dispatchEvent(new Event("change"));
    expect(model.saved.at(-1)).toEqual({ colorscale: "Viridis" });
  });

  it("recolours at once while dragging but throttles what goes to Python", async () => {
    vi.useFakeTimers();
    try {
      const slider = el.querySelector('[aria-label="Color range minimum"]');
      for (const value of ["0.3", "0.35", "0.4", "0.45"]) {
        slider.value = value;
        slider.dispatchEvent(new Event("input"));
      }
      expect(model.get("zmin")).toBeCloseTo(0.45, 2);
      expect(model.saved.length).toBe(0);
      vi.advanceTimersByTime(200);
      expect(model.saved.length).toBe(1);
      expect(model.saved[0].zmin).toBeCloseTo(0.45, 2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("fills the panel when Python sets the selection", async () => {
    model.setFromPython("selection", [1, 2]);
    await settle();
    const panel = el.querySelector('[aria-label="Selected pair"]');
    expect(panel.textContent).toContain("second <b>text</b>");
    expect(panel.textContent).toContain("third text");
    expect(panel.textContent).toContain("Similarity 0.400");
    expect(panel.querySelector("b")).toBeNull();
    const shapes = plotly.calls.at(-1).layout.shapes;
    expect(shapes[0]).toMatchObject({ x0: 1.5, x1: 2.5, y0: 0.5, y1: 1.5 });
  });

  it("selects the clicked cell and sends it to Python", () => {
    const graph = el.querySelector(".simheat-graph");
    graph.getBoundingClientRect = () => ({ left: 0, top: 0, width: 400, height: 400 });
    // Cell (row 0, col 2): x = 50 + 300 * (2 + 0.5) / 3, y = 50 + 300 * 0.5 / 3.
    const at = { clientX: 300, clientY: 100, button: 0, bubbles: true };
    graph.dispatchEvent(new MouseEvent("pointerdown", at));
    window.dispatchEvent(new MouseEvent("pointerup", at));
    expect(model.get("selection")).toEqual([0, 2]);
    expect(model.saved.at(-1)).toEqual({ selection: [0, 2] });
    expect(el.querySelector('[aria-label="Selected pair"]').textContent).toContain("Similarity 0.900");
  });

  it("treats a drag as a zoom, not a click", () => {
    const graph = el.querySelector(".simheat-graph");
    graph.getBoundingClientRect = () => ({ left: 0, top: 0, width: 400, height: 400 });
    graph.dispatchEvent(new MouseEvent("pointerdown", { clientX: 100, clientY: 100, button: 0 }));
    window.dispatchEvent(new MouseEvent("pointerup", { clientX: 200, clientY: 200, button: 0 }));
    expect(model.get("selection")).toBeNull();
  });

  it("selects a pairs-table row's cell and marks the row of a cell selected from Python", async () => {
    expect(el.querySelector(".simheat-pairs").hidden).toBe(true); // no pass yet: no empty table
    model.setFromPython("_insight", fakeInsight());
    expect(el.querySelector(".simheat-pairs").hidden).toBe(false);
    const rows = () => [...el.querySelectorAll(".simheat-row")];
    expect(rows()[1].textContent).toContain("second <b>text</b>");
    rows()[1].click();
    expect(model.saved.at(-1)).toEqual({ selection: [1, 2] });
    expect(plotly.guiRelayout).not.toHaveBeenCalled(); // exact cells: no zoom needed
    model.setFromPython("selection", [2, 0]);
    await settle();
    expect(rows().map((r) => r.getAttribute("aria-pressed"))).toEqual(["true", "false", "false"]);
  });

  it("shows the stats line, opens Outliers from its verdict, and a progress bar while running", () => {
    model.setFromPython("_insight", fakeInsight({ status: "running", progress: 0.5, stats: null, tables: null }));
    expect(el.querySelector('[role="progressbar"]').getAttribute("aria-valuenow")).toBe("50");
    model.setFromPython("_insight", fakeInsight());
    expect(el.querySelector('[role="progressbar"]')).toBeNull();
    expect(el.querySelector(".simheat-stats").textContent).toContain("n 3 · 3 pairs");
    [...el.querySelectorAll("button.simheat-verdict-sign")].find((b) => b.textContent === "isolated texts").click();
    const tab = el.querySelector('[role="tab"][aria-selected="true"]');
    expect(tab.textContent).toBe("Outliers");
  });

  it("sends a typed threshold to Python, and None when cleared; Python's shows in the box", async () => {
    const box = el.querySelector('[aria-label="Threshold"]');
    box.value = "0.5";
    box.dispatchEvent(new Event("change"));
    expect(model.saved.at(-1)).toEqual({ threshold: 0.5 });
    box.value = "";
    box.dispatchEvent(new Event("change"));
    expect(model.saved.at(-1)).toEqual({ threshold: null });
    await settle();
    const plots = plotly.calls.length;
    model.setFromPython("threshold", 0.25);
    await settle();
    expect(box.value).toBe("0.25");
    expect(plotly.calls.length).toBe(plots); // a recolouring of the cells, no re-plot
    model.setFromPython("zmax", 0.8);
    await settle();
    expect(plotly.calls.length).toBeGreaterThan(plots); // the colour bar follows zmax
  });

  it("marks the threshold and its pair count on the histogram in the slider track", () => {
    model.setFromPython("_insight", fakeInsight({ above_total: 2 }));
    model.setFromPython("threshold", 0.4);
    const track = el.querySelector(".simheat-dual");
    expect(track.querySelectorAll("rect.simheat-bar")).toHaveLength(3);
    expect(track.querySelector(".simheat-histogram-threshold")).not.toBeNull();
    expect(el.querySelector(".simheat-histogram-caption").textContent).toBe("≥ 0.400: 2 pairs");
  });

  it("lists the selected row's neighbours in the panel; a click selects that pair", async () => {
    model.setFromPython("selection", [0, 2]);
    model.setFromPython("selected", { row: 0, col: 2, similarity: 0.9, neighbors: [{ index: 2, similarity: 0.9 }, { index: 1, similarity: 0.2 }] });
    const neighbors = [...el.querySelectorAll(".simheat-neighbor")];
    expect(neighbors.map((n) => n.textContent)).toEqual(["0.900cthird text", "0.200bsecond <b>text</b>"]);
    expect(neighbors[0].getAttribute("aria-pressed")).toBe("true");
    neighbors[1].click();
    expect(model.saved.at(-1)).toEqual({ selection: [0, 1] });
  });

  it("draws a line at each group boundary and names the groups on hover", async () => {
    model.setFromPython("_groups", ["x", "x", "y"]);
    await settle();
    const lines = plotly.calls.at(-1).layout.shapes.filter((shape) => shape.type === "line");
    expect(lines.map((l) => [l.x0, l.x1, l.y0, l.y1])).toEqual([
      [-0.5, 2.5, 1.5, 1.5],
      [1.5, 1.5, -0.5, 2.5],
    ]);
  });

  it("cleans up: Plotly purged, listeners and observers gone", () => {
    const before = StubResizeObserver.disconnected;
    cleanup();
    expect(plotly.purge).toHaveBeenCalled();
    expect(model.listenerCount()).toBe(0);
    expect(StubResizeObserver.disconnected).toBe(before + 1);
    expect(el.querySelector(".simheat")).toBeNull();
  });
  it("selects and clears with the keyboard alone, and reads the cursor cell out", async () => {
    const plot = el.querySelector(".simheat-plot");
    expect(plot.tabIndex).toBe(0);
    expect(plot.getAttribute("aria-label")).toMatch(/Arrow keys/);
    const press = (key) => plot.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
    plot.focus();
    press("Home");
    const down = new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true, cancelable: true });
    plot.dispatchEvent(down);
    expect(down.defaultPrevented).toBe(true); // the page does not scroll
    expect(el.querySelector(".simheat-live[aria-live=polite]").textContent).toBe("Row 1, b; column 0, a; similarity 0.200");
    press("Enter");
    expect(model.get("selection")).toEqual([1, 0]);
    expect(model.saved.at(-1)).toEqual({ selection: [1, 0] });
    press("Escape");
    expect(model.get("selection")).toBeNull();
    const tab = new KeyboardEvent("keydown", { key: "Tab", bubbles: true, cancelable: true });
    plot.dispatchEvent(tab);
    expect(tab.defaultPrevented).toBe(false); // Tab still leaves the heatmap
  });
});

describe("pairAt", () => {
  it("takes texts from the model and the value from Python's selected, else from the screen", () => {
    const model = makeModel();
    expect(pairAt(model, [0, 2], 0.9)).toEqual({
      row: 0,
      col: 2,
      labelRow: "a",
      labelCol: "c",
      textRow: "first text",
      textCol: "third text",
      similarity: 0.9,
      neighbors: [],
    });
    expect(pairAt(model, [0, 2], undefined).similarity).toBeNaN();
    const neighbors = [{ index: 2, similarity: 0.75 }, { index: 1, similarity: 0.2 }];
    model.setFromPython("selected", { row: 0, col: 2, similarity: 0.75, neighbors });
    expect(pairAt(model, [0, 2], undefined).similarity).toBe(0.75);
    // The neighbours are the row's: they stay for another column of the same row.
    expect(pairAt(model, [0, 1], undefined).neighbors).toEqual([
      { index: 2, similarity: 0.75, label: "c", text: "third text" },
      { index: 1, similarity: 0.2, label: "b", text: "second <b>text</b>" },
    ]);
    expect(pairAt(model, [1, 2], undefined).neighbors).toEqual([]);
    expect(pairAt(model, [5, 0], 0.1)).toBeNull();
    expect(pairAt(model, null, 0.1)).toBeNull();
  });
});

describe("indexMaps", () => {
  it("translates between input and display order", () => {
    const maps = indexMaps(Int32Array.from([2, 0, 1]));
    expect([0, 1, 2].map(maps.toInput)).toEqual([2, 0, 1]);
    expect([0, 1, 2].map(maps.toDisplay)).toEqual([1, 2, 0]);
    expect(maps.arrange(["a", "b", "c"])).toEqual(["c", "a", "b"]);
    expect(indexMaps(null).arrange(["a"])).toEqual(["a"]);
  });
});

describe("render with more texts than cells", () => {
  // 6 texts shown as a 3×3 overview of 2×2 blocks, in a clustered order.
  const ORDER = Int32Array.from([5, 4, 3, 2, 1, 0]);
  let el;
  let model;

  beforeEach(async () => {
    vi.stubGlobal("ResizeObserver", StubResizeObserver);
    vi.stubGlobal("ImageData", StubImageData);
    document.body.innerHTML = "";
    el = document.createElement("div");
    document.body.append(el);
    model = makeModel({
      _overview: wireTile(
        [
          [0.9, 0.1, 0.2],
          [0.1, 0.8, 0.3],
          [0.2, 0.3, 0.7],
        ],
        { row_stop: 6, col_stop: 6, row_step: 2, col_step: 2, aggregation: "mean" },
      ),
      _order: { view: new DataView(ORDER.buffer), dtype: "int32", shape: [6] },
      _texts: ["t0", "t1", "t2", "t3", "t4", "t5"],
      _labels: ["l0", "l1", "l2", "l3", "l4", "l5"],
      order: "cluster",
    });
    render({ model, el });
    await settle();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("labels the axes in display order and offers the block aggregation", () => {
    const { layout } = plotly.calls.at(-1);
    expect(layout.xaxis.ticktext).toEqual(["l5", "l4", "l3", "l2", "l1", "l0"]);
    expect(layout.yaxis.range).toEqual([5.5, -0.5]);
    expect(el.querySelector('[aria-label="Blocks"]').closest("label").hidden).toBe(false);
    expect(el.querySelector('[aria-label="Order"]').value).toBe("cluster");
  });

  it("asks Python for the strongest pair of a clicked block", () => {
    const graph = el.querySelector(".simheat-graph");
    graph.getBoundingClientRect = () => ({ left: 0, top: 0, width: 400, height: 400 });
    // Display cell (row 4, col 1): x = 50 + 300 * 1.5 / 6, y = 50 + 300 * 4.5 / 6.
    const at = { clientX: 125, clientY: 275, button: 0, bubbles: true };
    graph.dispatchEvent(new MouseEvent("pointerdown", at));
    window.dispatchEvent(new MouseEvent("pointerup", at));
    expect(model.sent.at(-1)).toMatchObject({
      type: "request",
      kind: "select_block",
      payload: { rows: [4, 6], cols: [0, 2] },
    });
    expect(model.get("selection")).toBeNull();
  });

  it("outlines a selection from Python at its display position", async () => {
    model.setFromPython("selection", [5, 0]); // input indices → display (0, 5)
    await settle();
    expect(plotly.calls.at(-1).layout.shapes[0]).toMatchObject({ x0: 4.5, y0: -0.5 });
    expect(el.querySelector('[aria-label="Selected pair"]').textContent).toContain("t5");
  });

  it("asks for finer cells, shows Python's answer and drops stale ones", async () => {
    await new Promise((resolve) => setTimeout(resolve, 100)); // the request is debounced
    const request = model.sent.find((m) => m.kind === "window");
    expect(request).toMatchObject({ type: "request", payload: { rows: [0, 6], cols: [0, 6], max_side: 300 } });
    model.setFromPython("selection", [5, 0]); // display (0, 5): inside an aggregated block
    const panel = el.querySelector('[aria-label="Selected pair"]');
    expect(panel.textContent).toContain("Similarity –");
    const answer = (id, value) => [
      { type: "reply", id, ok: true, result: { shape: [1, 2], dtype: "float32", row_start: 0, row_stop: 1,
        row_step: 1, col_start: 4, col_stop: 6, col_step: 1, aggregation: "exact" } },
      [new DataView(new Float32Array([0.1, value]).buffer)],
    ];
    model.receive(...answer("another-view:1", 0.99)); // another view's reply: not taken
    await settle();
    expect(panel.textContent).toContain("Similarity –");
    model.receive(...answer(request.id, 0.55));
    await settle();
    expect(panel.textContent).toContain("Similarity 0.550");
  });

  it("warns in the console when Python refuses a request, and goes on", async () => {
    await new Promise((resolve) => setTimeout(resolve, 100)); // the request is debounced
    const request = model.sent.find((m) => m.kind === "window");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    model.receive({ type: "reply", id: request.id, ok: false, error: "window request refused: rows" }, []);
    await settle();
    expect(warn).toHaveBeenCalledWith("simheat: window request refused: rows");
    warn.mockRestore();
  });

  it("zooms to a table row's cell when it sits inside a block", async () => {
    // Input pair (5, 0) sits at display (0, 5); 40 cells around it, clamped to the 6 there are.
    model.setFromPython("_insight", fakeInsight({ tables: { ...fakeInsight().tables, top: [{ row: 5, col: 0, similarity: 0.9, kind: null }] } }));
    el.querySelector(".simheat-row").click();
    await settle();
    expect(model.get("selection")).toEqual([5, 0]);
    expect(plotly.guiRelayout).toHaveBeenLastCalledWith(expect.anything(), { "xaxis.range": [-0.5, 5.5], "yaxis.range": [5.5, -0.5] });
  });

  it("draws group boundaries between display positions, in display order", async () => {
    // Input groups a a a b b b; display order 5 4 3 2 1 0: one boundary after display 2.
    model.setFromPython("_groups", ["a", "a", "a", "b", "b", "b"]);
    await settle();
    const lines = plotly.calls.at(-1).layout.shapes.filter((shape) => shape.type === "line");
    expect(lines.map((l) => l.y0)).toEqual([2.5, -0.5]);
  });

  it("never asks for more cells a side than Python's overview allows", async () => {
    const overview = { ...model.get("_overview"), max_side: 4 };
    model.sent.length = 0;
    model.setFromPython("_overview", overview);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the request is debounced
    expect(model.sent.find((m) => m.kind === "window")).toMatchObject({ payload: { rows: [0, 6], cols: [0, 6], max_side: 4 } });
  });

  it("on a block, Enter asks Python for its most similar pair, as a click does", async () => {
    const plot = el.querySelector(".simheat-plot");
    plot.focus();
    plot.dispatchEvent(new KeyboardEvent("keydown", { key: "End", bubbles: true }));
    expect(el.querySelector(".simheat-live").textContent).toMatch(/^Rows 4 to 5, columns 4 to 5: a block of 4 pairs/);
    model.sent.length = 0;
    plot.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(model.sent).toMatchObject([{ type: "request", kind: "select_block", payload: { rows: [4, 6], cols: [4, 6] } }]);
  });

  it("says plainly that the kernel is gone when the comm dies", () => {
    expect(el.textContent).not.toContain(DISCONNECTED);
    model.emit("comm_live_update");
    const notice = el.querySelector("[role=status].simheat-disconnected");
    expect(notice.textContent).toBe("The kernel restarted: run the cell again to reconnect.");
    model.emit("comm_live_update");
    expect(el.querySelectorAll(".simheat-disconnected")).toHaveLength(1);
  });
});
