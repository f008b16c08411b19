/**
 * The "Selected pair" panel: both texts in full, their labels and indices, the similarity,
 * and the row's nearest texts, each a button that selects that pair. For two sets of texts
 * the neighbours are column texts; for a paired cell (text i against its perturbed version
 * i) the two texts stand side by side as "Original" and "Perturbed". Texts are data, so
 * they are only ever set as textContent, never as HTML.
 */
import { make } from "./dom.js";
import { formatSimilarity, truncate, valueWords } from "./format.js";

/** Characters of each neighbour's text shown; its title holds the whole text. */
const NEIGHBOR_CHARS = 70;

/** @typedef {{index: number, label: string, text: string, similarity: number}} Neighbor */

/**
 * @typedef {object} Pair
 * @property {number} row
 * @property {number} col
 * @property {string} labelRow
 * @property {string} labelCol
 * @property {string} textRow
 * @property {string} textCol
 * @property {number} similarity
 * @property {Neighbor[]} [neighbors]  The row's nearest texts, most similar first.
 * @property {string[]} [comparison]  Two models compared: what each says of the pair (comparison.js), shown instead of the similarity.
 * @property {"one" | "cross" | "paired"} [sets]  One set of texts (default), rows × columns,
 *   or a paired cell on the diagonal of text × perturbed text.
 */

// The title is no heading: a widget cannot know the page's heading levels (axe's heading-order);
// the region's name ("Selected pair") is what a screen reader navigates by.
export class SelectionPanel {
  /**
   * @param {HTMLElement} parent
   * @param {{onNeighbor?: (index: number) => void}} [events]  A neighbour was clicked (input index).
   */
  constructor(parent, events = {}) {
    this.events = events;
    this.root = make("section", "simheat-panel");
    this.root.setAttribute("role", "region");
    this.root.setAttribute("aria-label", "Selected pair");
    this.root.setAttribute("aria-live", "polite");
    parent.append(this.root);
    this.show(null);
  }

  /**
   * @param {Pair | null} pair
   * @param {string} [metric]  What the value is: "cosine" (default), "dot", "euclidean".
   */
  show(pair, metric = "cosine") {
    if (!pair) {
      this.root.replaceChildren(
        make("div", "simheat-panel-title", "Selected pair"),
        make("p", "simheat-hint", "Click a cell to read the two texts it compares."),
      );
      return;
    }
    const values = pair.comparison?.length
      ? pair.comparison.map((line) => make("div", "simheat-similarity simheat-compared", line))
      : [make("div", "simheat-similarity", `${capitalize(valueWords({ metric }).value)} ${formatSimilarity(pair.similarity)}`)];
    const texts =
      pair.sets === "paired"
        ? [sideBySide(this.text("Original", pair.row, pair.labelRow, pair.textRow), this.text("Perturbed", pair.col, pair.labelCol, pair.textCol))]
        : [this.text("Row", pair.row, pair.labelRow, pair.textRow), this.text("Column", pair.col, pair.labelCol, pair.textCol)];
    this.root.replaceChildren(
      make("div", "simheat-panel-title", "Selected pair"),
      ...values,
      ...texts,
    );
    if (pair.neighbors?.length) this.root.append(this.neighborList(pair));
  }

  /** @param {Pair} pair */
  neighborList(pair) {
    const block = make("div", "simheat-neighbors");
    const which = pair.sets && pair.sets !== "one" ? "column texts" : "texts";
    const heading = make("div", "simheat-neighbors-label", `Nearest ${which} to row ${pair.row}`);
    const list = make("ol", "simheat-neighbor-list");
    for (const neighbor of pair.neighbors ?? []) {
      const button = make("button", "simheat-neighbor");
      /** @type {HTMLButtonElement} */ (button).type = "button";
      button.setAttribute("aria-pressed", String(neighbor.index === pair.col));
      button.title = `${neighbor.label}: ${neighbor.text}`;
      button.append(
        make("span", "simheat-row-value", formatSimilarity(neighbor.similarity)),
        make("span", "simheat-row-label", neighbor.label),
        make("span", "simheat-neighbor-text", truncate(neighbor.text, NEIGHBOR_CHARS)),
      );
      button.addEventListener("click", () => this.events.onNeighbor?.(neighbor.index));
      const item = document.createElement("li");
      item.append(button);
      list.append(item);
    }
    block.append(heading, list);
    return block;
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

/** @param {string} word */
function capitalize(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * Two text blocks in one row: an original beside its perturbed version.
 * @param {HTMLElement} left
 * @param {HTMLElement} right
 */
function sideBySide(left, right) {
  const row = make("div", "simheat-side-by-side");
  row.append(left, right);
  return row;
}
