// Two sets of texts in the browser: an N × M matrix (rows = texts, columns = other texts),
// its axes, pointer, keyboard, tooltip, panel and the Leakage / Least stable tabs.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { buildFigure, selectionShapes, zoomRanges } from "../../js/figure-layout.js";
import { stabilityLine, statsLine } from "../../js/insight-view.js";
import { keyAction } from "../../js/keyboard.js";
import { PairsTable, entries, findSelected, visibleTabs } from "../../js/pairs-table.js";
import { SelectionPanel } from "../../js/panel.js";
import { cellUnder } from "../../js/pointer.js";
import { describeCell, readCell } from "../../js/tooltip.js";
import { columnsOf, pairAt } from "../../js/widget.js";
import { FakeModel, wireTile } from "./fake-model.js";

const STYLE = { zmin: 0, zmax: 1, colorscale: "Blues", title: "", xaxisTitle: "", yaxisTitle: "", colorLabel: "", height: 500 };
const SIZE = { width: 600, height: 500, side: 400 };

describe("the figure of N × M", () => {
  const rows = ["r0", "r1", "r2"];
  const cols = ["c0", "c1", "c2", "c3", "c4"];
  const state = { n: 3, m: 5, labels: rows, columnLabels: cols, style: STYLE, selection: [1, 3], revision: 0, xRange: null, yRange: null, size: SIZE, theme: null };

  it("puts the column labels on x and the row labels on y, each over its own length", () => {
    const { layout } = buildFigure(state);
    expect(layout.xaxis.range).toEqual([-0.5, 4.5]);
    expect(layout.yaxis.range).toEqual([2.5, -0.5]);
    expect(layout.xaxis.ticktext).toEqual(cols);
    expect(layout.yaxis.ticktext).toEqual(rows);
  });

  it("fills the square plot with oblong cells, and outlines no mirror cell", () => {
    const { layout } = buildFigure(state);
    expect(layout.yaxis.scaleanchor).toBeUndefined();
    expect(layout.shapes).toHaveLength(1);
    expect(layout.shapes[0]).toMatchObject({ x0: 2.5, x1: 3.5, y0: 0.5, y1: 1.5 });
    // One set keeps its square cells and the dotted mirror.
    const one = buildFigure({ ...state, m: 3, columnLabels: rows }).layout;
    expect(one.yaxis.scaleanchor).toBe("x");
    expect(one.shapes).toHaveLength(2);
    expect(selectionShapes([1, 3], false)).toHaveLength(1);
  });

  it("zooms within each axis's own length", () => {
    expect(zoomRanges(50, 2, 40, 100_000, 4)).toEqual({ x: [-0.5, 3.5], y: [70, 30] });
    expect(zoomRanges(99_999, 999, 40, 100_000, 1000)).toEqual({ x: [959.5, 999.5], y: [99_999.5, 99_959.5] });
  });
});

describe("pointer and keyboard in N × M", () => {
  // A 2 × 4 matrix on a 200 × 100 plot area at (0, 0).
  const area = {
    x: { range: [-0.5, 3.5], offset: 0, length: 200, toValue: (px) => -0.5 + px / 50 },
    y: { range: [1.5, -0.5], offset: 0, length: 100, toValue: (px) => -0.5 + px / 50 },
  };

  it("finds columns beyond the row count, and nothing beyond the columns", () => {
    expect(cellUnder(area, 175, 75, 2, 4)).toEqual([1, 3]);
    expect(cellUnder(area, 175, 75, 2)).toBeNull(); // as if square: column 3 of 2 is outside
  });

  it("moves the cursor within rows and columns apart", () => {
    const context = { n: 2, m: 4, step: 1, page: 2 };
    expect(keyAction("ArrowRight", [0, 2], context).cursor).toEqual([0, 3]);
    expect(keyAction("ArrowRight", [0, 3], context).cursor).toEqual([0, 3]);
    expect(keyAction("ArrowDown", [1, 3], context).cursor).toEqual([1, 3]);
    expect(keyAction("End", [0, 0], context).cursor).toEqual([1, 3]);
    expect(keyAction("PageDown", [0, 3], context).cursor).toEqual([1, 3]);
  });

  it("moves one block of rows or one block of columns, each its own size", () => {
    // A 100,000 × 1,000 overview: blocks of 98 rows × 1 column.
    const overview = { n: 100_000, m: 1000, step: 98, colStep: 1, page: 1000 };
    expect(keyAction("ArrowRight", [0, 0], overview).cursor).toEqual([0, 1]);
    expect(keyAction("ArrowDown", [0, 0], overview).cursor).toEqual([98, 0]);
  });
});

describe("tooltip and screen reader name the column's own text", () => {
  const cell = { value: 0.5, rows: [1, 2], cols: [3, 4], exact: true, aggregation: "exact" };
  const columns = { labels: ["d0", "d1", "d2", "d3"], texts: ["doc zero", "doc one", "doc two", "doc three"] };

  it("describes the row's text and the column's text", () => {
    const lines = describeCell([1, 3], cell, ["q0", "q1"], ["query zero", "query one"], [], {}, columns);
    expect(lines).toEqual(["q1 × d3: 0.500", "row 1: query one", "col 3: doc three"]);
  });

  it("reads the row's label and the column's label", () => {
    expect(readCell([1, 3], cell, ["q0", "q1"], {}, columns.labels)).toBe("Row 1, q1; column 3, d3; similarity 0.500");
  });
});

describe("pairAt with two sets", () => {
  const model = (paired) =>
    new FakeModel({
      _overview: wireTile([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], { col_stop: 3 }),
      _texts: ["original a", "original b"],
      _labels: ["a", "b"],
      _column_texts: ["perturbed a", "perturbed b", "other"],
      _column_labels: ["pa", "pb", "o"],
      _paired: paired,
      selected: { row: 1, col: 2, similarity: 0.6, neighbors: [{ index: 2, similarity: 0.6 }, { index: 1, similarity: 0.5 }] },
    });

  it("takes the column's text and label, and the neighbours from the column texts", () => {
    const pair = pairAt(model(false), [1, 2], undefined);
    expect(pair).toMatchObject({ textRow: "original b", textCol: "other", labelCol: "o", similarity: 0.6, sets: "cross" });
    expect(pair?.neighbors?.map((n) => n.text)).toEqual(["other", "perturbed b"]);
    expect(pairAt(model(false), [1, 3], undefined)).toBeNull(); // no column 3
    expect(columnsOf(model(false))?.texts).toHaveLength(3);
  });

  it("marks a paired cell on the diagonal, and only there", () => {
    expect(pairAt(model(true), [1, 1], 0.5)?.sets).toBe("paired");
    expect(pairAt(model(true), [1, 2], 0.5)?.sets).toBe("cross");
  });
});

describe("the panel of a paired cell", () => {
  beforeEach(() => {
    document.body.innerHTML = "";
  });

  it("shows the original and the perturbed text side by side", () => {
    const panel = new SelectionPanel(document.body);
    const pair = { row: 4, col: 4, labelRow: "4", labelCol: "4", textRow: "<b>the text</b>", textCol: "the txet", similarity: 0.81, sets: /** @type {const} */ ("paired") };
    panel.show(pair);
    const side = document.querySelector(".simheat-side-by-side");
    expect(side?.children).toHaveLength(2);
    expect([...document.querySelectorAll(".simheat-text-label")].map((e) => e.textContent)).toEqual(["Original 4", "Perturbed 4"]);
    expect(document.querySelector(".simheat-text-body")?.textContent).toBe("<b>the text</b>"); // as text
    expect(document.querySelector("b")).toBeNull();
    panel.show({ ...pair, sets: "cross", neighbors: [{ index: 1, label: "d1", text: "doc", similarity: 0.5 }] });
    expect(document.querySelector(".simheat-side-by-side")).toBeNull();
    expect(document.body.textContent).toContain("Nearest column texts to row 4");
  });
});

describe("the Leakage and Least stable tabs", () => {
  const tables = {
    top: [{ row: 0, col: 2, similarity: 0.99, kind: "identical" }],
    above: [],
    bottom: [{ row: 1, col: 0, similarity: -0.2, kind: "semantic" }],
    outliers: [{ index: 1, neighbor: 0, similarity: 0.1 }],
    hubs: [],
    leakage: [
      { row: 0, col: 2, similarity: 0.99, kind: "identical" },
      { row: 1, col: 1, similarity: 0.96, kind: "semantic" },
    ],
    stability: [
      { index: 1, similarity: 0.4 },
      { index: 0, similarity: 0.9 },
    ],
  };

  it("are shown when Python sent them, and hubs are not for two sets", () => {
    const names = (list) => list.map(([name]) => name);
    expect(names(visibleTabs(tables, true))).toEqual(["top", "above", "bottom", "outliers", "leakage", "stability"]);
    const { leakage: _l, stability: _s, ...one } = tables;
    expect(names(visibleTabs(one, false))).toEqual(["top", "above", "bottom", "outliers", "hubs"]);
    expect(names(visibleTabs(null, false))).toEqual(["top", "above", "bottom", "outliers", "hubs"]);
  });

  it("list the cells they select: a leaked row's best column, a text and its perturbed version", () => {
    expect(entries(tables, "leakage").map((e) => e.cell)).toEqual([
      [0, 2],
      [1, 1],
    ]);
    expect(entries(tables, "stability")[0]).toMatchObject({ cell: [1, 1], value: "0.400", texts: [1, 1], kind: null });
    // Two sets: (row, col) is not (col, row).
    expect(findSelected(entries(tables, "leakage"), [2, 0], false)).toBe(-1);
    expect(findSelected(entries(tables, "leakage"), [0, 2], false)).toBe(0);
  });

  it("show the row's text and the column's text, and select the cell on click", () => {
    document.body.innerHTML = "";
    const onSelect = vi.fn();
    const table = new PairsTable(document.body, { onSelect });
    const columns = { texts: ["train zero", "train one", "train two"], labels: ["t0", "t1", "t2"] };
    table.setTables(tables, ["test zero", "test one"], ["q0", "q1"], columns);
    const tabNames = [...document.querySelectorAll('[role="tab"]')].map((t) => t.textContent);
    expect(tabNames).toEqual(["Most similar", "Above threshold", "Least similar", "Outliers", "Leakage", "Least stable"]);
    table.open("leakage");
    const rows = [...document.querySelectorAll(".simheat-row")];
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain("test zero");
    expect(rows[0].textContent).toContain("train two");
    rows[1].dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(onSelect).toHaveBeenCalledWith(1, 1);
    table.open("stability");
    const first = document.querySelector(".simheat-row");
    expect(first?.textContent).toContain("test one");
    expect(first?.textContent).toContain("train one");
  });
});

describe("the stats of two sets", () => {
  const stats = { n: 37, n_cols: 23, pairs: 851, mean: 0.1, std: 0.2, min: -0.5, p5: -0.3, median: 0.1, p95: 0.5, max: 0.9, anisotropy: null, effective_rank: null, width: 6, share_above_threshold: null, count_above_threshold: null };

  it("say rows × columns and cells, without one set's anisotropy", () => {
    const line = statsLine(stats);
    expect(line).toContain("37 × 23 texts");
    expect(line).toContain("851 cells");
    expect(line).not.toContain("anisotropy");
  });

  it("say whether the paired texts pass ValidMind's stability rule", () => {
    expect(stabilityLine({ mean: 0.65, min: 0.2, median: 0.7, threshold: 0.7, passed: false })).toBe(
      "stability: mean 0.650, median 0.700, min 0.200 · failed (mean < 0.70)",
    );
    expect(stabilityLine({ mean: 0.9, min: 0.8, median: 0.9, threshold: 0.7, passed: true })).toContain("passed (mean ≥ 0.70)");
  });
});
