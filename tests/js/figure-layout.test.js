import { describe, expect, it } from "vitest";
import { boundaries, boundaryShapes, buildFigure, fitSquare, selectionShapes, tickAngle, zoomRanges } from "../../js/figure-layout.js";

describe("fitSquare", () => {
  it("makes the plot area square within Plotly's margins", () => {
    const margins = { l: 70, r: 90, t: 40, b: 60 };
    // 500 high: a 400 px square plus the side margins, if the room allows.
    expect(fitSquare(1000, 500, margins)).toEqual({ width: 560, height: 500, side: 400 });
    expect(fitSquare(400, 500, margins)).toEqual({ width: 400, height: 500, side: 240 });
  });

  it("guesses margins before the first plot and keeps at least 100 px", () => {
    expect(fitSquare(2000, 560, null)).toEqual({ width: 630, height: 560, side: 410 });
    expect(fitSquare(2000, 150, null).side).toBe(100);
  });

  it("with no height, takes the width it has, up to the height allowed", () => {
    const margins = { l: 70, r: 90, t: 40, b: 60 };
    // 1,000 px wide, 2,000 allowed: the square is as wide as the room minus the side margins.
    expect(fitSquare(1000, null, margins, 2000)).toEqual({ width: 1000, height: 940, side: 840 });
    // 700 px allowed in height: a 600 px square, and the width shrinks to fit it.
    expect(fitSquare(1000, null, margins, 700)).toEqual({ width: 760, height: 700, side: 600 });
  });
});

describe("tickAngle", () => {
  it("keeps labels upright when they fit side by side, else turns them vertical", () => {
    expect(tickAngle(["a", "b", "c"], 300)).toBe(0);
    expect(tickAngle(Array(36).fill("cooking 1"), 640)).toBe(-90);
    expect(tickAngle([], 300)).toBe(0);
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
    const state = { n: 100, labels, style, selection: null, revision: 3, size: { width: 600, height: 500, side: 400 }, theme: null };
    const whole = buildFigure({ ...state, xRange: null, yRange: null }).layout;
    const zoomed = buildFigure({ ...state, xRange: [9.5, 12.5], yRange: [12.5, 9.5] }).layout;
    expect(whole.xaxis.tickvals.length).toBeLessThan(30);
    expect(zoomed.xaxis.ticktext).toEqual(["t10", "t11", "t12"]);
    expect(zoomed.yaxis.range).toEqual([99.5, -0.5]); // the zoom is the user's, kept by uirevision
    expect(zoomed.uirevision).toBe(3);
    expect(whole.height).toBe(500);
  });

  it("draws text and axes in the host's colours, and keeps the colorscale", () => {
    const style = { zmin: 0, zmax: 1, colorscale: "Blues", title: "", xaxisTitle: "", yaxisTitle: "", colorLabel: "", height: null };
    const state = { n: 4, labels: [], style, selection: null, revision: 0, xRange: null, yRange: null, size: { width: 600, height: 500, side: 400 } };
    const theme = { dark: true, fg: "rgb(230, 237, 243)", muted: "rgb(145, 152, 161)", bg: "rgb(13, 17, 23)", fontFamily: "Lato" };
    const dark = buildFigure({ ...state, theme });
    const plain = buildFigure({ ...state, theme: null });
    expect(dark.layout.font).toEqual({ color: theme.fg, family: "Lato" });
    expect(dark.layout.xaxis.linecolor).toBe(theme.muted);
    expect(dark.layout.yaxis.tickcolor).toBe(theme.muted);
    expect(dark.layout.paper_bgcolor).toBe("rgba(0,0,0,0)"); // the widget's own background shows through
    expect(dark.data[0].colorscale).toEqual(plain.data[0].colorscale);
    expect(plain.layout.font).toBeUndefined(); // Plotly's defaults
  });
});
