// What the widget reads from plotly.js, checked twice: against a fake graph div shaped like
// Plotly's (the arithmetic), and against the real plotly.js bundled in the widget (the
// private fields still exist and mean what we think: a plotly.js upgrade breaks here first).
import { describe, expect, it, vi } from "vitest";
import { buildFigure, fitSquare } from "../../js/figure-layout.js";
import { PlotlyGraph, rangeFrom } from "../../js/plotly-adapter.js";

const STYLE = {
  zmin: 0.1,
  zmax: 0.9,
  colorscale: "Blues",
  title: "t",
  xaxisTitle: "x",
  yaxisTitle: "y",
  colorLabel: "c",
  height: 400,
};

/** A graph div as Plotly leaves it after plotting a 3 × 3 heatmap at x 50–350, y 40–340. */
function fakeDiv() {
  const axis = (range, offset) => ({
    range,
    _offset: offset,
    _length: 300,
    p2l: (px) => range[0] + (px / 300) * (range[1] - range[0]),
  });
  const div = document.createElement("div");
  div._fullLayout = { width: 420, _size: { l: 50, r: 70, t: 40, b: 60, w: 300, h: 300 }, xaxis: axis([-0.5, 2.5], 50), yaxis: axis([2.5, -0.5], 40) };
  return div;
}

const noEvents = { onZooming: () => {}, onZoomed: () => {} };

describe("PlotlyGraph on a fake graph", () => {
  it("knows nothing before the first plot", () => {
    const graph = new PlotlyGraph(document.createElement("div"), noEvents);
    expect(graph.area()).toBeNull();
    expect(graph.margins()).toBeNull();
    expect(graph.width()).toBeNull();
  });

  it("reads the plot area, its ranges and pixel → value mapping", () => {
    const area = new PlotlyGraph(fakeDiv(), noEvents).area();
    expect(area.x).toMatchObject({ range: [-0.5, 2.5], offset: 50, length: 300 });
    expect(area.y).toMatchObject({ range: [2.5, -0.5], offset: 40, length: 300 });
    expect(area.x.toValue(150)).toBeCloseTo(1); // the middle column's centre
    expect(area.y.toValue(0)).toBeCloseTo(2.5);
  });

  it("copies the range, so a later Plotly update cannot change what was read", () => {
    const div = fakeDiv();
    const area = new PlotlyGraph(div, noEvents).area();
    div._fullLayout.xaxis.range[0] = 1;
    expect(area.x.range).toEqual([-0.5, 2.5]);
  });

  it("reads the margins and the width, and nothing else of _size", () => {
    const graph = new PlotlyGraph(fakeDiv(), noEvents);
    expect(graph.margins()).toEqual({ l: 50, r: 70, t: 40, b: 60 });
    expect(graph.width()).toBe(420);
  });
});

describe("rangeFrom", () => {
  it("reads both forms of a relayout event and ignores others", () => {
    expect(rangeFrom({ "xaxis.range[0]": 1, "xaxis.range[1]": 4 }, "xaxis")).toEqual([1, 4]);
    expect(rangeFrom({ "yaxis.range": [9, 2] }, "yaxis")).toEqual([9, 2]);
    expect(rangeFrom({ "xaxis.autorange": true }, "xaxis")).toBeUndefined();
    expect(rangeFrom({ "xaxis.range": ["a", "b"] }, "xaxis")).toBeUndefined();
  });
});

describe("PlotlyGraph with the real plotly.js", () => {
  /** jsdom has no canvas: Plotly's heatmap trace paints into a context that does nothing. */
  function stubCanvas() {
    const context = new Proxy({}, { get: () => () => ({ data: new Uint8ClampedArray(4) }) });
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(() => context);
  }

  async function plotted(events = noEvents) {
    stubCanvas();
    const div = document.createElement("div");
    document.body.append(div);
    const graph = new PlotlyGraph(div, events);
    const size = fitSquare(600, STYLE.height, null);
    const figure = buildFigure({ n: 10, labels: [], style: STYLE, selection: null, revision: 1, xRange: null, yRange: null, size, theme: null });
    await graph.draw(figure);
    return { graph, div, size };
  }

  it("finds the margins, plot area and ranges where Plotly put them", async () => {
    const { graph, size } = await plotted();
    const margins = graph.margins();
    const area = graph.area();
    expect(graph.width()).toBe(size.width);
    // Inside the margins, and square (scaleanchor): 10 cells take as many pixels each way.
    expect(area.x.offset).toBeGreaterThanOrEqual(margins.l);
    expect(area.y.offset).toBeGreaterThanOrEqual(margins.t);
    expect(area.x.offset + area.x.length).toBeLessThanOrEqual(size.width - margins.r + 0.5);
    expect(area.y.offset + area.y.length).toBeLessThanOrEqual(STYLE.height - margins.b + 0.5);
    expect(area.x.length).toBeGreaterThan(50);
    expect(area.x.length).toBeCloseTo(area.y.length, 0);
    expect(area.x.range).toEqual([-0.5, 9.5]);
    expect(area.y.range).toEqual([9.5, -0.5]); // row 0 at the top
    // Pixels into the plot area → cells: both edges, and the centre of a cell.
    expect(area.x.toValue(0)).toBeCloseTo(-0.5);
    expect(area.x.toValue(area.x.length)).toBeCloseTo(9.5);
    expect(area.y.toValue(0)).toBeCloseTo(-0.5);
    expect(area.y.toValue((2.5 / 10) * area.y.length)).toBeCloseTo(2);
  });

  it("updates in place after the first plot and reports zooms", async () => {
    const onZoomed = vi.fn();
    const onZooming = vi.fn();
    const { graph, div } = await plotted({ onZooming, onZoomed });
    // A pan in progress: the moved axis from the event, the other from the layout.
    div.emit("plotly_relayouting", { "xaxis.range[0]": 1, "xaxis.range[1]": 3 });
    expect(onZooming).toHaveBeenCalledWith([1, 3], [9.5, -0.5]);
    const Plotly = (await import("../../js/plotly.js")).default;
    await Plotly.relayout(div, { "xaxis.range": [2, 4], "yaxis.range": [6, 1] });
    expect(onZoomed).toHaveBeenCalledTimes(1);
    expect(graph.area().x.range).toEqual([2, 4]);
    await Plotly.relayout(div, { title: { text: "other" } });
    expect(onZoomed).toHaveBeenCalledTimes(1); // not an axis change
    const before = div.querySelector(".main-svg");
    await graph.draw(buildFigure({ n: 10, labels: [], style: { ...STYLE, title: "again" }, selection: [1, 2], revision: 1, xRange: null, yRange: null, size: { width: 500, height: 500, side: 300 }, theme: null }));
    expect(div.querySelector(".main-svg")).toBe(before); // react, not a new plot
    expect(div.querySelector(".gtitle").textContent).toBe("again");
    graph.purge();
    expect(graph.area()).toBeNull();
  });

  it("zooms for the keyboard as a drag does: reported, and kept by later updates", async () => {
    const onZoomed = vi.fn();
    const { graph } = await plotted({ onZooming: vi.fn(), onZoomed });
    await graph.zoomTo([1, 5], [7, 2]);
    expect(onZoomed).toHaveBeenCalledTimes(1);
    expect(graph.area().x.range).toEqual([1, 5]);
    expect(graph.area().y.range).toEqual([7, 2]);
    // An update with the same uirevision keeps it, as it keeps a dragged zoom; a new one resets it.
    const figure = (revision) => buildFigure({ n: 10, labels: [], style: STYLE, selection: [1, 1], revision, xRange: null, yRange: null, size: { width: 500, height: 500, side: 300 }, theme: null });
    await graph.draw(figure(1));
    expect(graph.area().x.range).toEqual([1, 5]);
    await graph.draw(figure(2));
    expect(graph.area().x.range).toEqual([-0.5, 9.5]);
    graph.purge();
  });
});
