import { describe, expect, it } from "vitest";
import { boundaries, boundaryShapes, buildFigure, fitSquare, selectionShapes, zoomRanges } from "../../js/figure-layout.js";

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

describe("zoomRanges", () => {
  it("centres `span` cells on the cell, inside the matrix", () => {
    expect(zoomRanges(1000, 500, 40, 2000)).toEqual({ x: [480, 520], y: [1020, 980] });
    // Near the edges the window slides in rather than showing empty space.
    expect(zoomRanges(3, 1998, 40, 2000)).toEqual({ x: [1959.5, 1999.5], y: [39.5, -0.5] });
    expect(zoomRanges(2, 2, 40, 6)).toEqual({ x: [-0.5, 5.5], y: [5.5, -0.5] });
  });
});

describe("boundaries and boundaryShapes", () => {
  it("finds where the group changes and draws a line across the matrix there, both ways", () => {
    expect(boundaries(["a", "a", "b", "b", "b", "c"])).toEqual([1, 4]);
    expect(boundaries(["a", "a"])).toEqual([]);
    expect(boundaries([])).toEqual([]);
    const shapes = boundaryShapes([1], 6);
    expect(shapes.map((s) => [s.type, s.x0, s.x1, s.y0, s.y1])).toEqual([
      ["line", -0.5, 5.5, 1.5, 1.5],
      ["line", 1.5, 1.5, -0.5, 5.5],
    ]);
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
