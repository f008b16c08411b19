/**
 * The heatmap's keyboard, as a pure function: a key and the cursor cell → the new cursor
 * and what to do. Plotly's heatmap has no keyboard access (plotly/plotly.js#562); this is ours.
 *
 * Arrows move the cursor one cell (one block in an overview), PageUp/PageDown a screen of
 * rows, Home/End to the first/last cell; Enter or Space selects the cursor cell, Escape
 * clears the selection, + and - zoom in and out around the cursor.
 */

/** @typedef {"move" | "select" | "clear" | "zoomIn" | "zoomOut"} KeyAction */

/**
 * @typedef {object} KeyContext
 * @property {number} n  Rows of the matrix.
 * @property {number} [m]  Columns (default `n`: one set of texts).
 * @property {number} step  Rows one arrow press moves: 1, or a block's size in an overview.
 * @property {number} [colStep]  Columns one arrow press moves (default `step`; N × M blocks
 *   rows and columns apart).
 * @property {number} page  Rows a PageUp/PageDown moves: what the screen shows.
 */

/**
 * What `key` does with the cursor at `cursor` (display (row, col), or null before the
 * first key: the first move starts at the top-left cell). Null for keys the heatmap leaves
 * to the page (Tab, letters, modified keys).
 * @param {string} key  `KeyboardEvent.key`
 * @param {[number, number] | null} cursor
 * @param {KeyContext} context
 * @returns {{action: KeyAction, cursor: [number, number]} | null}
 */
export function keyAction(key, cursor, { n, m = n, step, colStep = step, page }) {
  if (n < 1 || m < 1) return null;
  const at = cursor ?? /** @type {[number, number]} */ ([0, 0]);
  const clamp = (/** @type {number} */ i, /** @type {number} */ length) => Math.min(length - 1, Math.max(0, i));
  /** @param {number} dRow @param {number} dCol */
  const move = (dRow, dCol) => ({
    action: /** @type {const} */ ("move"),
    cursor: /** @type {[number, number]} */ (cursor ? [clamp(at[0] + dRow, n), clamp(at[1] + dCol, m)] : at),
  });
  const s = Math.max(1, Math.round(step));
  const sc = Math.max(1, Math.round(colStep));
  const p = Math.max(s, Math.round(page));
  switch (key) {
    case "ArrowUp":
      return move(-s, 0);
    case "ArrowDown":
      return move(s, 0);
    case "ArrowLeft":
      return move(0, -sc);
    case "ArrowRight":
      return move(0, sc);
    case "PageUp":
      return move(-p, 0);
    case "PageDown":
      return move(p, 0);
    case "Home":
      return { action: "move", cursor: [0, 0] };
    case "End":
      return { action: "move", cursor: [n - 1, m - 1] };
    case "Enter":
    case " ":
      return { action: "select", cursor: at };
    case "Escape":
      return { action: "clear", cursor: at };
    case "+":
    case "=":
      return { action: "zoomIn", cursor: at };
    case "-":
    case "_":
      return { action: "zoomOut", cursor: at };
    default:
      return null;
  }
}

/**
 * The axis range that zooms by `factor` (½: in, 2: out) around `centre`, within the
 * matrix's cells (-0.5 … n - 0.5) and kept in the range's own order (reversed for y).
 * @param {[number, number]} range  The visible range.
 * @param {number} centre  The cursor's row or column.
 * @param {number} factor
 * @param {number} n
 * @returns {[number, number]}
 */
export function zoomRange(range, centre, factor, n) {
  const full = n;
  const span = Math.min(full, Math.max(1, Math.abs(range[1] - range[0]) * factor));
  const lo = Math.min(n - 0.5 - span, Math.max(-0.5, centre - span / 2));
  const hi = lo + span;
  return range[0] <= range[1] ? [lo, hi] : [hi, lo];
}

/**
 * The range that shows `index` (a row or column), panned as little as needed; the same
 * range when it already does.
 * @param {[number, number]} range
 * @param {number} index
 * @returns {[number, number]}
 */
export function panTo(range, index) {
  const lo = Math.min(...range);
  const hi = Math.max(...range);
  const shift = index - 0.5 < lo ? index - 0.5 - lo : index + 0.5 > hi ? index + 0.5 - hi : 0;
  if (shift === 0) return range;
  return [range[0] + shift, range[1] + shift];
}
