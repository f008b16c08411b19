import { describe, expect, it } from "vitest";
import { paintCells } from "../../js/raster.js";

const LUT = Uint32Array.from({ length: 11 }, (_, i) => i * 100);

describe("paintCells", () => {
  it("maps the range linearly onto the table and clamps outside it", () => {
    const values = new Float32Array([-5, 0, 0.5, 1, 7]);
    const pixels = new Uint32Array(values.length);
    paintCells(values, LUT, 0, 1, pixels);
    expect(Array.from(pixels)).toEqual([0, 0, 500, 1000, 1000]);
  });

  it("follows a changed range", () => {
    const values = new Float32Array([0.2, 0.4]);
    const pixels = new Uint32Array(2);
    paintCells(values, LUT, 0.2, 0.4, pixels);
    expect(Array.from(pixels)).toEqual([0, 1000]);
    paintCells(values, LUT, 0, 0.4, pixels);
    expect(Array.from(pixels)).toEqual([500, 1000]);
  });

  it("gives NaN the first colour and survives an empty range", () => {
    const pixels = new Uint32Array(2);
    paintCells(new Float32Array([NaN, 0.3]), LUT, 0.3, 0.3, pixels);
    expect(Array.from(pixels)).toEqual([0, 0]);
  });
});
