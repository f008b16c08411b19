/**
 * The "Selected pair" panel: both texts in full, their labels and indices, and the
 * similarity. Texts are data, so they are only ever set as textContent, never as HTML.
 */
import { formatSimilarity } from "./format.js";

/**
 * @typedef {object} Pair
 * @property {number} row
 * @property {number} col
 * @property {string} labelRow
 * @property {string} labelCol
 * @property {string} textRow
 * @property {string} textCol
 * @property {number} similarity
 */

/**
 * @param {string} tag
 * @param {string} className
 * @param {string} [text]
 */
function make(tag, className, text = "") {
  const el = document.createElement(tag);
  el.className = className;
  el.textContent = text;
  return el;
}

// The title is no heading: a widget cannot know the page's heading levels (axe's heading-order);
// the region's name ("Selected pair") is what a screen reader navigates by.
export class SelectionPanel {
  /** @param {HTMLElement} parent */
  constructor(parent) {
    this.root = make("section", "simheat-panel");
    this.root.setAttribute("role", "region");
    this.root.setAttribute("aria-label", "Selected pair");
    this.root.setAttribute("aria-live", "polite");
    parent.append(this.root);
    this.show(null);
  }

  /** @param {Pair | null} pair */
  show(pair) {
    if (!pair) {
      this.root.replaceChildren(
        make("div", "simheat-panel-title", "Selected pair"),
        make("p", "simheat-hint", "Click a cell to read the two texts it compares."),
      );
      return;
    }
    this.root.replaceChildren(
      make("div", "simheat-panel-title", "Selected pair"),
      make("div", "simheat-similarity", `Similarity ${formatSimilarity(pair.similarity)}`),
      this.text("Row", pair.row, pair.labelRow, pair.textRow),
      this.text("Column", pair.col, pair.labelCol, pair.textCol),
    );
  }

  /**
   * @param {string} axis
   * @param {number} index
   * @param {string} label
   * @param {string} text
   */
  text(axis, index, label, text) {
    const block = make("div", "simheat-text");
    const heading = label === String(index) ? `${axis} ${index}` : `${axis} ${index} · ${label}`;
    block.append(make("div", "simheat-text-label", heading), make("div", "simheat-text-body", text));
    return block;
  }
}
