import { describe, expect, it } from "vitest";
import { decodeTile, invert, needsDetail, tileCellAt, visibleSpan } from "../../js/tiles.js";

function wire(values, shape, geometry) {
  const flat = new Float32Array(values);
  return { view: new DataView(flat.buffer), dtype: "float32", shape, ...geometry };
}

// 5×5 display rows/cols in blocks of 2: cells cover [0,2), [2,4), [4,5).
const AGGREGATED = decodeTile(
  wire([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], [3, 3], {
    row_start: 0, row_stop: 5, row_step: 2, col_start: 0, col_stop: 5, col_step: 2, aggregation: "mean", max_side: 3,
  }),
);

describe("tiles", () => {
  it("decodes geometry and values", () => {
    expect(AGGREGATED).toMatchObject({ rows: 3, cols: 3, rowStep: 2, colStop: 5, aggregation: "mean" });
    expect(AGGREGATED.values[4]).toBeCloseTo(0.5);
  });

  it("takes the cap on cells a side from Python; a tile without one allows its own size", () => {
    expect(AGGREGATED.maxSide).toBe(3);
    const detail = decodeTile(
      wire([1, 0.3], [1, 2], { row_start: 7, row_stop: 8, row_step: 1, col_start: 3, col_stop: 5, col_step: 1, aggregation: "exact" }),
    );
    expect(detail.maxSide).toBe(2);
  });

  it("finds the block under a display position, with a ragged last block", () => {
    expect(tileCellAt(AGGREGATED, 3, 1)).toEqual({
      value: expect.closeTo(0.4, 5), rows: [2, 4], cols: [0, 2], exact: false, aggregation: "mean",
    });
    expect(tileCellAt(AGGREGATED, 4, 4)).toMatchObject({ rows: [4, 5], cols: [4, 5] });
    expect(tileCellAt(AGGREGATED, 5, 0)).toBeNull();
  });

  it("marks exact cells", () => {
    const exact = decodeTile(
      wire([1, 0.3], [1, 2], { row_start: 7, row_stop: 8, row_step: 1, col_start: 3, col_stop: 5, col_step: 1, aggregation: "exact" }),
    );
    expect(tileCellAt(exact, 7, 4)).toEqual({ value: expect.closeTo(0.3, 5), rows: [7, 8], cols: [4, 5], exact: true, aggregation: "exact" });
  });

  it("turns an axis range into the visible rows, either direction", () => {
    expect(visibleSpan([-0.5, 4.5], 5)).toEqual([0, 5]);
    expect(visibleSpan([10.2, 3.7], 100)).toEqual([4, 11]);
    expect(visibleSpan([-40, 1e6], 100)).toEqual([0, 100]);
  });

  it("asks for detail only when the zoom outgrows the tile's blocks", () => {
    const big = { ...AGGREGATED, rowStep: 100, colStep: 100 };
    expect(needsDetail(big, [0, 100_000], [0, 100_000], 800)).toBe(false);
    expect(needsDetail(big, [0, 20_000], [0, 20_000], 800)).toBe(true);
    expect(needsDetail({ ...big, rowStep: 1, colStep: 1 }, [0, 10], [0, 10], 800)).toBe(false);
  });

  it("inverts a permutation", () => {
    expect(Array.from(invert(Int32Array.from([2, 0, 1])))).toEqual([1, 2, 0]);
  });
});
