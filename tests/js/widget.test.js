import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeModel, wireMatrix } from "./fake-model.js";

// plotly.js needs a real browser; here it is replaced by a recorder of what it was asked to draw.
const plotly = vi.hoisted(() => {
  const calls = [];
  // Like Plotly: x pixels grow from range[0]; y pixels grow downwards from range[1].
  const fakeAxis = (range, vertical) => {
    const [from, to] = vertical ? [range[1], range[0]] : range;
    return { range, _offset: 50, _length: 300, p2l: (px) => from + (px / 300) * (to - from) };
  };
  const draw = vi.fn(async (gd, data, layout) => {
    calls.push({ data, layout });
    gd._fullLayout = { xaxis: fakeAxis(layout.xaxis.range, false), yaxis: fakeAxis(layout.yaxis.range, true) };
    gd.on ??= vi.fn();
  });
  return { calls, newPlot: draw, react: draw, purge: vi.fn() };
});
vi.mock("../../js/plotly.js", () => ({ default: plotly }));

const { render, pairAt } = await import("../../js/widget.js");

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
    _matrix: wireMatrix(MATRIX),
    _texts: ["first text", "second <b>text</b>", "third text"],
    _labels: ["a", "b", "c"],
    zmin: 0.2,
    zmax: 0.9,
    colorscale: "Blues",
    title: "Cosine Similarity Matrix",
    xaxis_title: "Index",
    yaxis_title: "Index",
    color_label: "Cosine Similarity",
    height: 500,
    selection: null,
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

  it("cleans up: Plotly purged, listeners and observers gone", () => {
    const before = StubResizeObserver.disconnected;
    cleanup();
    expect(plotly.purge).toHaveBeenCalled();
    expect(model.listenerCount()).toBe(0);
    expect(StubResizeObserver.disconnected).toBe(before + 1);
    expect(el.querySelector(".simheat")).toBeNull();
  });
});

describe("pairAt", () => {
  it("describes a cell, or nothing outside the matrix", () => {
    const model = makeModel();
    const values = new Float32Array(MATRIX.flat());
    expect(pairAt(model, [0, 2], values)).toEqual({
      row: 0,
      col: 2,
      labelRow: "a",
      labelCol: "c",
      textRow: "first text",
      textCol: "third text",
      similarity: expect.closeTo(0.9, 5),
    });
    expect(pairAt(model, [5, 0], values)).toBeNull();
    expect(pairAt(model, null, values)).toBeNull();
  });
});
