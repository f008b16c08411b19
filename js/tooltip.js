/**
 * The hover tooltip: what the cell under the pointer stands for (a pair of texts, or the
 * block it sums up), beside the pointer. Texts are data: set as textContent, never HTML.
 */
import { aggregationName, formatSimilarity, truncate, valueWords } from "./format.js";

/** @typedef {import("./tiles.js").TileCell} TileCell */
/** @typedef {import("./format.js").ValueKind} ValueKind */
/** @typedef {{labels: string[], texts: string[]}} Columns  The column texts of N × M, in display order. */

/** Characters of each text the tooltip shows; the panel shows them in full. */
const HOVER_CHARS = 80;
/** Pixels between the pointer and the tooltip. */
const GAP_PX = 12;

/**
 * Tooltip lines for a cell: the pair and both texts, or the block and how to look inside.
 * @param {[number, number]} at  Display (row, col) under the pointer.
 * @param {TileCell} cell  The tile cell covering it.
 * @param {string[]} labels  In display order.
 * @param {string[]} texts  In display order.
 * @param {string[]} [groups]  In display order; empty without groups.
 * @param {ValueKind} [kind]  What the cells hold (default: cosine similarity).
 * @param {Columns | null} [columns]  The columns' own labels and texts (N × M); null: the rows'.
 * @returns {string[]}
 */
export function describeCell([row, col], cell, labels, texts, groups = [], kind = {}, columns = null) {
  const lines = cell.exact ? describePair([row, col], cell, labels, texts, columns ?? { labels, texts }) : describeBlock(cell, kind);
  return groups.length ? [...lines, `groups: ${groups[row]} × ${groups[col]}`] : lines;
}

/**
 * @param {[number, number]} at
 * @param {TileCell} cell
 * @param {string[]} labels
 * @param {string[]} texts
 * @param {Columns} columns
 */
function describePair([row, col], cell, labels, texts, columns) {
  return [
    `${labels[row]} × ${columns.labels[col]}: ${formatSimilarity(cell.value)}`,
    `row ${row}: ${truncate(texts[row], HOVER_CHARS)}`,
    `col ${col}: ${truncate(columns.texts[col], HOVER_CHARS)}`,
  ];
}

/** @param {TileCell} cell @param {ValueKind} kind */
function describeBlock(cell, kind) {
  const [r0, r1] = cell.rows;
  const [c0, c1] = cell.cols;
  const aggregation = aggregationName(cell.aggregation, kind);
  return [
    `rows ${r0}–${r1 - 1} × cols ${c0}–${c1 - 1}: ${aggregation} ${formatSimilarity(cell.value)}`,
    `a block of ${(r1 - r0) * (c1 - c0)} pairs; click to select its ${valueWords(kind).pick}, drag to zoom in`,
  ];
}

/**
 * What a screen reader says of the keyboard's cell, e.g. "Row 9, cooking 1; column 8,
 * cooking 0; similarity 0.692" (a label equal to its index is not repeated).
 * @param {[number, number]} at  Display (row, col).
 * @param {TileCell} cell  The tile cell covering it.
 * @param {string[]} labels  In display order.
 * @param {ValueKind} [kind]  What the cells hold (default: cosine similarity).
 * @param {string[]} [columnLabels]  The columns' own (N × M), in display order; default `labels`.
 */
export function readCell([row, col], cell, labels, kind = {}, columnLabels = labels) {
  const words = valueWords(kind);
  /** @param {string} axis @param {number} i */
  const axisName = (axis, i) => {
    const label = (axis === "Row" ? labels : columnLabels)[i];
    return label === undefined || label === String(i) ? `${axis} ${i}` : `${axis} ${i}, ${label}`;
  };
  if (cell.exact) return `${axisName("Row", row)}; ${axisName("column", col)}; ${words.value} ${formatSimilarity(cell.value)}`;
  const [r0, r1] = cell.rows;
  const [c0, c1] = cell.cols;
  const pairs = ((r1 - r0) * (c1 - c0)).toLocaleString("en-US");
  return (
    `Rows ${r0} to ${r1 - 1}, columns ${c0} to ${c1 - 1}: a block of ${pairs} pairs, ` +
    `${aggregationName(cell.aggregation, kind)} ${words.value} ${formatSimilarity(cell.value)}; ` +
    `Enter selects its ${words.pick}, plus zooms in`
  );
}


/**
 * Left edge of the tooltip: right of the pointer, on its left when that would pass the
 * container's right edge, but never past the container's left edge.
 * @param {number} x  Pointer, in pixels from the container's left edge.
 * @param {number} width  The tooltip's width.
 * @param {number} containerWidth
 */
export function tooltipLeft(x, width, containerWidth) {
  return x + GAP_PX + width <= containerWidth ? x + GAP_PX : Math.max(0, x - width - GAP_PX);
}

export class Tooltip {
  /** @param {HTMLElement} container  Positioned element the tooltip is placed in. */
  constructor(container) {
    this.container = container;
    this.root = document.createElement("div");
    this.root.className = "simheat-tooltip";
    this.root.hidden = true;
    container.append(this.root);
  }

  /**
   * @param {string[]} lines
   * @param {number} clientX  Pointer position in the viewport.
   * @param {number} clientY
   */
  show(lines, clientX, clientY) {
    this.root.replaceChildren(...lines.map((line) => Object.assign(document.createElement("div"), { textContent: line })));
    const box = this.container.getBoundingClientRect();
    const x = clientX - box.left;
    const y = clientY - box.top;
    this.root.hidden = false; // visible before measuring: a hidden element has no width
    this.root.style.left = `${tooltipLeft(x, this.root.offsetWidth, box.width)}px`;
    this.root.style.top = `${y + GAP_PX}px`;
  }

  hide() {
    this.root.hidden = true;
  }
}
