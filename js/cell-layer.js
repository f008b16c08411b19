/**
 * The cells under Plotly's transparent plot area: each tile is painted once into an
 * off-screen canvas, one pixel per cell (raster.js), and composited onto the screen canvas
 * at the axes' scale: the overview first, the finer tile of the zoomed window over it.
 * Recolouring repaints the off-screen pixels only (a few ms), never a Plotly re-plot; a
 * threshold is a recolouring too: the cells below it take a translucent copy of the colours.
 */
import { buildLut, colorscaleStops } from "./colors.js";
import { dimLut, paintCells } from "./raster.js";
import { tileCellAt } from "./tiles.js";

/** @typedef {import("./tiles.js").Tile} Tile */
/** @typedef {import("./tiles.js").TileCell} TileCell */
/** @typedef {import("./plotly-adapter.js").PlotArea} PlotArea */
/**
 * @typedef {object} CellColors
 * @property {number} zmin
 * @property {number} zmax
 * @property {string} colorscale
 * @property {number | null} [threshold]  Cells below it are dimmed (made translucent).
 */
/** @typedef {{x: number, y: number, width: number, height: number}} Rect  Canvas pixels. */
/** @typedef {{tile: Tile, canvas: HTMLCanvasElement, image: ImageData, key: string}} PaintedTile */

/** Opacity of the cells below the threshold: their colour still reads, faintly. */
const DIMMED_OPACITY = 0.3;

export class CellLayer {
  /** @param {HTMLCanvasElement} canvas  The screen canvas, placed over the plot area. */
  constructor(canvas) {
    this.canvas = canvas;
    /** @type {PaintedTile | null} */
    this.base = null;
    /** @type {PaintedTile | null} */
    this.detail = null;
    /** @type {CellColors | null} */
    this.colors = null;
  }

  /** The overview tile, covering the whole matrix. @returns {Tile | null} */
  get overview() {
    return this.base?.tile ?? null;
  }

  /** A new matrix: its overview replaces every tile. @param {Tile} tile */
  setOverview(tile) {
    this.base = this.paint(tile);
    this.detail = null;
  }

  /** A finer tile of the visible window. @param {Tile} tile */
  setDetail(tile) {
    this.detail = this.paint(tile);
  }

  /** Drop the finer tile (zoomed back out); whether there was one. */
  clearDetail() {
    const had = this.detail !== null;
    this.detail = null;
    return had;
  }

  /** Repaint the tiles whose colours changed. @param {CellColors} colors */
  recolor(colors) {
    this.colors = colors;
    for (const painted of [this.base, this.detail]) if (painted) this.repaint(painted);
  }

  /**
   * What the screen shows at display (row, col): the finest tile cell covering it.
   * @param {number} row
   * @param {number} col
   * @returns {TileCell | null}
   */
  cellAt(row, col) {
    return (this.detail && tileCellAt(this.detail.tile, row, col)) || (this.base && tileCellAt(this.base.tile, row, col));
  }

  /**
   * Size the screen canvas to the plot area and copy the visible part of each tile onto it.
   * @param {PlotArea} area
   * @param {[number, number]} [xRange]  Overrides the area's range while a pan is in progress.
   * @param {[number, number]} [yRange]
   */
  draw(area, xRange = area.x.range, yRange = area.y.range) {
    const ratio = window.devicePixelRatio || 1;
    Object.assign(this.canvas.style, {
      left: `${area.x.offset}px`,
      top: `${area.y.offset}px`,
      width: `${area.x.length}px`,
      height: `${area.y.length}px`,
    });
    const width = Math.round(area.x.length * ratio);
    const height = Math.round(area.y.length * ratio);
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    const ctx = this.canvas.getContext("2d");
    if (!ctx) return;
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, width, height);
    for (const painted of [this.base, this.detail]) {
      if (!painted) continue;
      const { clip, image } = placeTile(painted.tile, xRange, yRange, width, height);
      ctx.save();
      ctx.beginPath();
      ctx.rect(clip.x, clip.y, clip.width, clip.height);
      ctx.clip();
      ctx.drawImage(painted.canvas, image.x, image.y, image.width, image.height);
      ctx.restore();
    }
  }

  /**
   * Give a tile its own off-screen canvas, one pixel per cell.
   * @param {Tile} tile
   * @returns {PaintedTile}
   */
  paint(tile) {
    const canvas = document.createElement("canvas");
    canvas.width = tile.cols;
    canvas.height = tile.rows;
    // One pixel buffer per tile, reused by every recolouring (a slider drag repaints often).
    const image = new ImageData(Math.max(1, tile.cols), Math.max(1, tile.rows));
    const painted = { tile, canvas, image, key: "" };
    this.repaint(painted);
    return painted;
  }

  /** @param {PaintedTile} painted */
  repaint(painted) {
    if (!this.colors) return;
    const { zmin, zmax, colorscale, threshold = null } = this.colors;
    const key = `${zmin}|${zmax}|${colorscale}|${threshold}`;
    if (key === painted.key) return;
    const { tile, image } = painted;
    const lut = buildLut(colorscaleStops(colorscale));
    const highlight = threshold === null ? null : { threshold, dimmed: dimLut(lut, DIMMED_OPACITY) };
    paintCells(tile.values, lut, zmin, zmax, new Uint32Array(image.data.buffer), highlight);
    painted.canvas.getContext("2d")?.putImageData(image, 0, 0);
    painted.key = key;
  }
}

/**
 * Where a tile goes on a canvas showing `xRange` × `yRange` (cell i spans i ± 0.5):
 * `image` is its cells' full extent, `clip` its window, which is smaller when the last
 * block covers fewer rows or columns than a full step.
 * @param {Tile} tile
 * @param {[number, number]} xRange
 * @param {[number, number]} yRange
 * @param {number} width  Canvas pixels across.
 * @param {number} height  Canvas pixels down.
 * @returns {{clip: Rect, image: Rect}}
 */
export function placeTile(tile, xRange, yRange, width, height) {
  const [x0, x1] = [Math.min(...xRange), Math.max(...xRange)];
  const [y0, y1] = [Math.min(...yRange), Math.max(...yRange)];
  /** @param {number} x */
  const px = (x) => ((x - x0) / (x1 - x0)) * width;
  /** @param {number} y */
  const py = (y) => ((y - y0) / (y1 - y0)) * height;
  const left = px(tile.colStart - 0.5);
  const top = py(tile.rowStart - 0.5);
  /** @param {number} right @param {number} bottom @returns {Rect} */
  const rect = (right, bottom) => ({ x: left, y: top, width: right - left, height: bottom - top });
  return {
    clip: rect(px(tile.colStop - 0.5), py(tile.rowStop - 0.5)),
    image: rect(px(tile.colStart - 0.5 + tile.cols * tile.colStep), py(tile.rowStart - 0.5 + tile.rows * tile.rowStep)),
  };
}
