import { describe, expect, it } from "vitest";
import { keyAction, panTo, zoomRange } from "../../js/keyboard.js";

const CONTEXT = { n: 10, step: 1, page: 4 };

describe("keyAction", () => {
  it("starts at the first cell, then moves by a cell with the arrows, within the matrix", () => {
    expect(keyAction("ArrowDown", null, CONTEXT)).toEqual({ action: "move", cursor: [0, 0] });
    expect(keyAction("ArrowDown", [3, 5], CONTEXT)).toEqual({ action: "move", cursor: [4, 5] });
    expect(keyAction("ArrowUp", [3, 5], CONTEXT).cursor).toEqual([2, 5]);
    expect(keyAction("ArrowLeft", [3, 5], CONTEXT).cursor).toEqual([3, 4]);
    expect(keyAction("ArrowRight", [3, 5], CONTEXT).cursor).toEqual([3, 6]);
    expect(keyAction("ArrowUp", [0, 0], CONTEXT).cursor).toEqual([0, 0]);
    expect(keyAction("ArrowRight", [9, 9], CONTEXT).cursor).toEqual([9, 9]);
  });

  it("moves a screen with PageUp/PageDown and jumps with Home/End", () => {
    expect(keyAction("PageDown", [3, 5], CONTEXT).cursor).toEqual([7, 5]);
    expect(keyAction("PageDown", [8, 5], CONTEXT).cursor).toEqual([9, 5]);
    expect(keyAction("PageUp", [3, 5], CONTEXT).cursor).toEqual([0, 5]);
    expect(keyAction("Home", [3, 5], CONTEXT)).toEqual({ action: "move", cursor: [0, 0] });
    expect(keyAction("End", [3, 5], CONTEXT)).toEqual({ action: "move", cursor: [9, 9] });
  });

  it("moves a block at a time in an overview", () => {
    const overview = { n: 10_000, step: 100, page: 10_000 };
    expect(keyAction("ArrowRight", [0, 0], overview).cursor).toEqual([0, 100]);
    expect(keyAction("ArrowDown", [9_950, 0], overview).cursor).toEqual([9_999, 0]);
  });

  it("selects with Enter or Space, clears with Escape, zooms with + and -", () => {
    expect(keyAction("Enter", [2, 3], CONTEXT)).toEqual({ action: "select", cursor: [2, 3] });
    expect(keyAction(" ", [2, 3], CONTEXT).action).toBe("select");
    expect(keyAction("Escape", [2, 3], CONTEXT).action).toBe("clear");
    expect(keyAction("+", [2, 3], CONTEXT).action).toBe("zoomIn");
    expect(keyAction("=", [2, 3], CONTEXT).action).toBe("zoomIn");
    expect(keyAction("-", [2, 3], CONTEXT).action).toBe("zoomOut");
  });

  it("leaves other keys to the page, and does nothing on an empty matrix", () => {
    expect(keyAction("Tab", [2, 3], CONTEXT)).toBeNull();
    expect(keyAction("a", [2, 3], CONTEXT)).toBeNull();
    expect(keyAction("ArrowDown", null, { ...CONTEXT, n: 0 })).toBeNull();
  });
});

describe("zoomRange", () => {
  it("halves or doubles the span around the cursor, within the cells and in the axis's order", () => {
    expect(zoomRange([-0.5, 9.5], 5, 0.5, 10)).toEqual([2.5, 7.5]);
    expect(zoomRange([9.5, -0.5], 5, 0.5, 10)).toEqual([7.5, 2.5]); // y: reversed
    expect(zoomRange([-0.5, 9.5], 0, 0.5, 10)).toEqual([-0.5, 4.5]); // clamped at the edge
    expect(zoomRange([2.5, 7.5], 5, 2, 10)).toEqual([-0.5, 9.5]); // out: never past the matrix
    expect(zoomRange([4.5, 5.5], 5, 0.5, 10)).toEqual([4.5, 5.5]); // one cell at least
  });
});

describe("panTo", () => {
  it("pans as little as shows the index, and not at all when it is shown", () => {
    const shown = [1.5, 5.5];
    expect(panTo(shown, 3)).toBe(shown);
    expect(panTo([1.5, 5.5], 7)).toEqual([3.5, 7.5]);
    expect(panTo([5.5, 1.5], 0)).toEqual([4, 0].map((v) => v - 0.5)); // reversed y axis
  });
});
