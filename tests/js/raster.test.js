import { describe, expect, it } from "vitest";
import { dimLut, paintCells } from "../../js/raster.js";

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

describe("paintCells with a threshold", () => {
  it("keeps the colour of cells at or above it and dims the rest, NaN included", () => {
    const dimmed = Uint32Array.from(LUT, (c) => c + 1);
    const values = new Float32Array([0.2, 0.5, 0.7, NaN, 1]);
    const pixels = new Uint32Array(values.length);
    paintCells(values, LUT, 0, 1, pixels, { threshold: 0.5, dimmed });
    expect(Array.from(pixels)).toEqual([201, 500, 700, 1, 1000]);
  });

  it("paints what it paints without a threshold when every cell reaches it", () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => i / 999);
    const plain = new Uint32Array(values.length);
    const highlighted = new Uint32Array(values.length);
    paintCells(values, LUT, 0.1, 0.9, plain);
    paintCells(values, LUT, 0.1, 0.9, highlighted, { threshold: -1, dimmed: new Uint32Array(LUT.length) });
    expect(highlighted).toEqual(plain);
  });
});

describe("dimLut", () => {
  it("keeps each colour and makes it translucent, so the background shows through", () => {
    const lut = new Uint32Array(2);
    new Uint8ClampedArray(lut.buffer).set([0, 100, 200, 255, 40, 40, 40, 255]);
    const bytes = Array.from(new Uint8ClampedArray(dimLut(lut, 0.25).buffer));
    expect(bytes).toEqual([0, 100, 200, 64, 40, 40, 40, 64]);
    expect(new Uint8ClampedArray(lut.buffer)[3]).toBe(255); // the input is untouched
  });
});
