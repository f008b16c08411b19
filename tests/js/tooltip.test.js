import { beforeEach, describe, expect, it } from "vitest";
import { Tooltip, describeCell, tooltipLeft } from "../../js/tooltip.js";

const LABELS = ["a", "b", "c"];
const TEXTS = ["first", "second " + "word ".repeat(40), "<b>third</b>"];

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
