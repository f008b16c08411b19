/**
 * Tiles: a grid of similarities covering a window of the matrix in display order, each
 * cell one pair (exact) or one block of pairs (mean or max). The overview covers the whole
 * matrix; a zoom asks Python for the visible window at screen resolution.
 */
import { decodeArray } from "./codec.js";

/**
 * @typedef {object} Tile
 * @property {Float32Array} values  Row-major, `rows × cols` cells.
 * @property {number} rows  Cells down.
 * @property {number} cols  Cells across.
 * @property {number} rowStart  First display row covered.
 * @property {number} rowStop  One past the last display row covered.
 * @property {number} rowStep  Display rows per cell.
 * @property {number} colStart
 * @property {number} colStop
 * @property {number} colStep
 * @property {string} aggregation  "exact", "mean" or "max".
 * @property {number} maxSide  Most cells a side Python sends for any window. Python's
 *   overview says (`max_side`); a tile that does not (a detail tile answering a request)
 *   is taken to allow as many as it has.
 */

/**
 * @typedef {object} TileCell  What one tile cell stands for.
 * @property {number} value
 * @property {[number, number]} rows  Display rows [start, stop).
 * @property {[number, number]} cols  Display columns [start, stop).
 * @property {boolean} exact  One pair of texts, not a block.
 * @property {string} aggregation
 */

/**
 * A tile as Python sends it: a float32 wire array and its geometry.
 * @typedef {import("./codec.js").WireArray & {
 *   row_start: number, row_stop: number, row_step: number,
 *   col_start: number, col_stop: number, col_step: number,
 *   aggregation: string, max_side?: number,
 * }} WireTile
 */

/**
 * A tile from its wire form: geometry plus a binary float32 buffer.
 * @param {WireTile} wire
 * @returns {Tile}
 */
export function decodeTile(wire) {
  const { values, shape } = decodeArray(wire);
  return {
    values: /** @type {Float32Array} */ (values),
    rows: shape[0],
    cols: shape[1],
    rowStart: wire.row_start,
    rowStop: wire.row_stop,
    rowStep: wire.row_step,
    colStart: wire.col_start,
    colStop: wire.col_stop,
    colStep: wire.col_step,
    aggregation: wire.aggregation,
    maxSide: wire.max_side ?? Math.max(shape[0], shape[1]),
  };
}

/**
 * The tile cell over display position (row, col), or null outside the tile.
 * @param {Tile} tile
 * @param {number} row
 * @param {number} col
 * @returns {TileCell | null}
 */
export function tileCellAt(tile, row, col) {
  if (row < tile.rowStart || row >= tile.rowStop || col < tile.colStart || col >= tile.colStop) return null;
  const i = Math.floor((row - tile.rowStart) / tile.rowStep);
  const j = Math.floor((col - tile.colStart) / tile.colStep);
  const r0 = tile.rowStart + i * tile.rowStep;
  const c0 = tile.colStart + j * tile.colStep;
  return {
    value: tile.values[i * tile.cols + j],
    rows: [r0, Math.min(tile.rowStop, r0 + tile.rowStep)],
    cols: [c0, Math.min(tile.colStop, c0 + tile.colStep)],
    exact: tile.rowStep === 1 && tile.colStep === 1,
    aggregation: tile.aggregation,
  };
}

/**
 * The display window [start, stop) of rows or columns visible in an axis range.
 * @param {number[]} range  Plotly axis range in cell units (either direction).
 * @param {number} n
 * @returns {[number, number]}
 */
export function visibleSpan(range, n) {
  const lo = Math.min(range[0], range[1]);
  const hi = Math.max(range[0], range[1]);
  const start = Math.max(0, Math.floor(lo + 0.5));
  const stop = Math.min(n, Math.ceil(hi + 0.5));
  return [start, Math.max(start + 1, stop)];
}

/**
 * Whether a zoomed window needs finer cells than `tile` has: more than one cell a pixel
 * is wasted, fewer hides detail.
 * @param {Tile} tile
 * @param {[number, number]} rows
 * @param {[number, number]} cols
 * @param {number} pixels  Cells a side the screen can show.
 */
export function needsDetail(tile, rows, cols, pixels) {
  if (tile.rowStep === 1 && tile.colStep === 1) return false;
  const span = Math.max(rows[1] - rows[0], cols[1] - cols[0]);
  return span / Math.max(tile.rowStep, tile.colStep) < pixels;
}

/**
 * Inverse of a permutation: position of each input index in display order.
 * @param {Int32Array} order  display position → input index
 */
export function invert(order) {
  const inverse = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) inverse[order[i]] = i;
  return inverse;
}
