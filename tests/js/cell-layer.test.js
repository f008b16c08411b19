import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CellLayer, placeTile } from "../../js/cell-layer.js";
import { decodeTile } from "../../js/tiles.js";
import { wireTile } from "./fake-model.js";

/** jsdom has no ImageData; the layer only needs its shape and pixel buffer. */
class StubImageData {
  constructor(width, height) {
    this.width = width;
    this.height = height;
    this.data = new Uint8ClampedArray(width * height * 4);
  }
}

/** 5 × 5 display rows/cols in blocks of 2: cells [0,2), [2,4), [4,5) (the last block is ragged). */
const BLOCKS = decodeTile(
  wireTile(
    [
      [0.1, 0.2, 0.3],
      [0.4, 0.5, 0.6],
      [0.7, 0.8, 0.9],
    ],
    { row_stop: 5, col_stop: 5, row_step: 2, col_step: 2, aggregation: "mean" },
  ),
);

describe("placeTile", () => {
  it("stretches the cells over their rows and columns and clips the ragged last block", () => {
    // The whole matrix on a 500 × 500 canvas: 100 px a display row.
    const { clip, image } = placeTile(BLOCKS, [-0.5, 4.5], [4.5, -0.5], 500, 500);
    expect(clip).toEqual({ x: 0, y: 0, width: 500, height: 500 });
    expect(image).toEqual({ x: 0, y: 0, width: 600, height: 600 }); // 3 blocks of 2 rows
  });

  it("follows a zoom: a window of rows 1–2, cols 2–3 on a 200 × 100 canvas", () => {
    const { clip, image } = placeTile(BLOCKS, [1.5, 3.5], [0.5, 2.5], 200, 100);
    // x: 100 px a column from 1.5; y: 50 px a row from 0.5, whichever way the axis runs.
    expect(clip).toEqual({ x: -200, y: -50, width: 500, height: 250 });
    expect(image).toEqual({ x: -200, y: -50, width: 600, height: 300 });
  });

  it("places a detail tile at its own window", () => {
    const detail = decodeTile(wireTile([[0.5, 0.6]], { row_start: 3, row_stop: 4, col_start: 1, col_stop: 3 }));
    const { clip, image } = placeTile(detail, [-0.5, 4.5], [-0.5, 4.5], 500, 500);
    expect(clip).toEqual({ x: 100, y: 300, width: 200, height: 100 });
    expect(image).toEqual(clip);
  });
});

describe("CellLayer", () => {
  let layer;

  beforeEach(() => {
    vi.stubGlobal("ImageData", StubImageData);
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(() => null);
    layer = new CellLayer(document.createElement("canvas"));
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("answers with the finest tile covering a cell", () => {
    layer.setOverview(BLOCKS);
    expect(layer.cellAt(3, 3)).toMatchObject({ exact: false, rows: [2, 4] });
    const detail = decodeTile(wireTile([[0.55, 0.65]], { row_start: 3, row_stop: 4, col_start: 2, col_stop: 4 }));
    layer.setDetail(detail);
    expect(layer.cellAt(3, 3)).toMatchObject({ exact: true, value: expect.closeTo(0.65, 5) });
    expect(layer.cellAt(0, 0)).toMatchObject({ exact: false }); // outside the detail tile
    expect(layer.clearDetail()).toBe(true);
    expect(layer.clearDetail()).toBe(false);
    expect(layer.cellAt(3, 3)).toMatchObject({ exact: false });
  });

  it("paints one pixel a cell and repaints only when the colours change", () => {
    layer.setOverview(BLOCKS);
    const image = layer.base.image;
    expect(image.data.every((byte) => byte === 0)).toBe(true); // no colours yet: nothing painted
    layer.recolor({ zmin: 0.1, zmax: 0.9, colorscale: "Greys" });
    const pixels = new Uint32Array(image.data.buffer);
    expect(pixels.length).toBe(9);
    expect(new Set(pixels).size).toBe(9); // nine values, nine colours
    // Greys runs from white to black: the red channel falls as the values rise.
    const reds = () => Array.from({ length: 9 }, (_, i) => image.data[i * 4]);
    const first = reds();
    expect(first).toEqual([...first].sort((a, b) => b - a));
    layer.recolor({ zmin: 0.1, zmax: 0.9, colorscale: "Greys" });
    expect(reds()).toEqual(first);
    layer.recolor({ zmin: 0.1, zmax: 0.9, colorscale: "Greys_r" });
    const reversed = reds();
    expect(reversed).toEqual([...reversed].sort((a, b) => a - b));
    expect([reversed[0], reversed[8]]).toEqual([first[8], first[0]]);
  });

  it("dims the cells below a threshold (translucent, same colour), and undims them", () => {
    layer.setOverview(BLOCKS);
    const image = layer.base.image;
    const colors = { zmin: 0.1, zmax: 0.9, colorscale: "Greys" };
    layer.recolor(colors);
    const plain = Array.from(image.data);
    layer.recolor({ ...colors, threshold: 0.5 });
    // Values 0.1 … 0.9: the first four are below 0.5.
    const alphas = Array.from({ length: 9 }, (_, i) => image.data[i * 4 + 3]);
    expect(alphas).toEqual([76, 76, 76, 76, 255, 255, 255, 255, 255]); // 30 % opaque
    const rgb = (data) => Array.from(data).filter((_, i) => i % 4 !== 3);
    expect(rgb(image.data)).toEqual(rgb(plain));
    layer.recolor(colors);
    expect(Array.from(image.data)).toEqual(plain);
  });

  it("sizes the screen canvas to the plot area, in device pixels", () => {
    vi.stubGlobal("devicePixelRatio", 2);
    layer.setOverview(BLOCKS);
    const axis = (offset) => ({ range: [-0.5, 4.5], offset, length: 150, toValue: (px) => px });
    layer.draw({ x: axis(60), y: axis(40) });
    expect(layer.canvas.style.left).toBe("60px");
    expect(layer.canvas.style.top).toBe("40px");
    expect(layer.canvas.style.width).toBe("150px");
    expect([layer.canvas.width, layer.canvas.height]).toEqual([300, 300]);
  });
});
