import { describe, expect, it } from "vitest";
import { buildFigure, fitSquare, selectionShapes } from "../../js/figure-layout.js";

describe("fitSquare", () => {
  it("makes the plot area square within Plotly's margins", () => {
    const margins = { l: 70, r: 90, t: 40, b: 60 };
    // 500 high: a 400 px square plus the side margins, if the room allows.
    expect(fitSquare(1000, 500, margins)).toEqual({ width: 560, side: 400 });
    expect(fitSquare(400, 500, margins)).toEqual({ width: 400, side: 240 });
  });

  it("guesses margins before the first plot and keeps at least 100 px", () => {
    expect(fitSquare(2000, 560, null)).toEqual({ width: 620, side: 400 });
    expect(fitSquare(2000, 150, null).side).toBe(100);
  });
});

describe("selectionShapes", () => {
  it("outlines the cell, and its mirror dotted unless on the diagonal", () => {
    expect(selectionShapes(null)).toEqual([]);
    expect(selectionShapes([2, 2]).map((s) => s.line.dash)).toEqual(["solid"]);
    const [cell, mirror] = selectionShapes([1, 3]);
    expect(cell).toMatchObject({ x0: 2.5, x1: 3.5, y0: 0.5, y1: 1.5 });
    expect(mirror).toMatchObject({ x0: 0.5, y0: 2.5, line: { dash: "dot" } });
  });
});

describe("buildFigure", () => {
  it("ticks the visible range only", () => {
    const labels = Array.from({ length: 100 }, (_, i) => `t${i}`);
    const style = { zmin: 0, zmax: 1, colorscale: "Blues", title: "", xaxisTitle: "", yaxisTitle: "", colorLabel: "", height: 500 };
    const state = { n: 100, labels, style, selection: null, revision: 3, size: { width: 600, side: 400 } };
    const whole = buildFigure({ ...state, xRange: null, yRange: null }).layout;
    const zoomed = buildFigure({ ...state, xRange: [9.5, 12.5], yRange: [12.5, 9.5] }).layout;
    expect(whole.xaxis.tickvals.length).toBeLessThan(30);
    expect(zoomed.xaxis.ticktext).toEqual(["t10", "t11", "t12"]);
    expect(zoomed.yaxis.range).toEqual([99.5, -0.5]); // the zoom is the user's, kept by uirevision
    expect(zoomed.uirevision).toBe(3);
  });
});
