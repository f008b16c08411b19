import { beforeEach, describe, expect, it } from "vitest";
import { Tooltip, describeCell, readCell, tooltipLeft } from "../../js/tooltip.js";

const LABELS = ["a", "b", "c"];
const TEXTS = ["first", "second " + "word ".repeat(40), "<b>third</b>"];

describe("readCell", () => {
  it("reads a pair as a screen reader says it, labels only when they add something", () => {
    const cell = { value: 0.69212, rows: [9, 10], cols: [8, 9], exact: true, aggregation: "exact" };
    const labels = Array.from({ length: 10 }, (_, i) => (i >= 8 ? `cooking ${i - 8}` : String(i)));
    expect(readCell([9, 8], cell, labels)).toBe("Row 9, cooking 1; column 8, cooking 0; similarity 0.692");
    expect(readCell([2, 3], { ...cell, rows: [2, 3], cols: [3, 4] }, labels)).toBe("Row 2; column 3; similarity 0.692");
  });

  it("reads a block by its span, size and what Enter does", () => {
    const cell = { value: 0.5, rows: [0, 100], cols: [100, 200], exact: false, aggregation: "mean" };
    expect(readCell([0, 100], cell, [])).toBe(
      "Rows 0 to 99, columns 100 to 199: a block of 10,000 pairs, mean similarity 0.500; Enter selects its most similar pair, plus zooms in",
    );
  });

  it("speaks of distances and the closest pair for the euclidean metric", () => {
    const pair = { value: 1.5, rows: [2, 3], cols: [3, 4], exact: true, aggregation: "exact" };
    expect(readCell([2, 3], pair, [], { metric: "euclidean" })).toBe("Row 2; column 3; distance 1.500");
    const block = { value: 0.25, rows: [0, 10], cols: [0, 10], exact: false, aggregation: "max" };
    expect(readCell([0, 0], block, [], { metric: "euclidean" })).toBe(
      "Rows 0 to 9, columns 0 to 9: a block of 100 pairs, min distance 0.250; Enter selects its closest pair, plus zooms in",
    );
    expect(readCell([2, 3], pair, [], { metric: "dot" })).toBe("Row 2; column 3; dot product 1.500");
  });
});

describe("describeCell", () => {
  it("names the pair, its similarity and both texts, cut to fit", () => {
    const cell = { value: 0.91234, rows: [0, 1], cols: [1, 2], exact: true, aggregation: "exact" };
    const [pair, row, col] = describeCell([0, 1], cell, LABELS, TEXTS);
    expect(pair).toBe("a × b: 0.912");
    expect(row).toBe("row 0: first");
    expect(col.startsWith("col 1: second word")).toBe(true);
    expect(col.endsWith("…")).toBe(true);
    expect(col.length).toBe("col 1: ".length + 80);
  });

  it("describes a block by its rows, columns, aggregation and size", () => {
    const cell = { value: 0.5, rows: [4, 8], cols: [0, 2], exact: false, aggregation: "max" };
    expect(describeCell([5, 1], cell, LABELS, TEXTS)).toEqual([
      "rows 4–7 × cols 0–1: max 0.500",
      "a block of 8 pairs; click to select its most similar pair, drag to zoom in",
    ]);
    // A distance's "max" block holds its smallest distance: the closest pair.
    expect(describeCell([5, 1], cell, LABELS, TEXTS, [], { metric: "euclidean" })).toEqual([
      "rows 4–7 × cols 0–1: min 0.500",
      "a block of 8 pairs; click to select its closest pair, drag to zoom in",
    ]);
  });
});

describe("describeCell with groups", () => {
  it("adds the groups of the row and the column", () => {
    const cell = { exact: true, value: 0.5, rows: [1, 2], cols: [0, 1], aggregation: "exact" };
    const lines = describeCell([1, 0], cell, ["a", "b"], ["x", "y"], ["intent <b>", "other"]);
    expect(lines.at(-1)).toBe("groups: other × intent <b>");
    expect(describeCell([1, 0], cell, ["a", "b"], ["x", "y"])).toHaveLength(3);
  });
});

describe("tooltipLeft", () => {
  it("sits right of the pointer, flips left near the right edge, never past the left edge", () => {
    expect(tooltipLeft(100, 200, 500)).toBe(112);
    expect(tooltipLeft(400, 200, 500)).toBe(188);
    expect(tooltipLeft(50, 200, 220)).toBe(0);
  });
});

describe("Tooltip", () => {
  let container;

  beforeEach(() => {
    document.body.innerHTML = "";
    container = document.createElement("div");
    container.getBoundingClientRect = () => ({ left: 20, top: 10, width: 600, height: 400 });
    document.body.append(container);
  });

  it("shows one line a row as text, below and right of the pointer, and hides", () => {
    const tooltip = new Tooltip(container);
    expect(tooltip.root.hidden).toBe(true);
    tooltip.show(["a × c: 0.5", TEXTS[2]], 120, 60);
    expect(tooltip.root.hidden).toBe(false);
    expect([...tooltip.root.children].map((line) => line.textContent)).toEqual(["a × c: 0.5", "<b>third</b>"]);
    expect(tooltip.root.querySelector("b")).toBeNull();
    expect(tooltip.root.style.left).toBe("112px");
    expect(tooltip.root.style.top).toBe("62px");
    tooltip.hide();
    expect(tooltip.root.hidden).toBe(true);
  });
});
