/**
 * Two models compared (Python's `SimilarityHeatmap.compare`): the View control, what the
 * Selected pair panel says of both models, and the Disagreements table's rows. A heatmap
 * of one model has no names (`_names` is empty) and shows none of this.
 */
import { make } from "./dom.js";
import { formatSimilarity } from "./format.js";

/** @typedef {"a" | "b" | "difference" | "rank difference"} ViewName */
/** @typedef {{row: number, col: number, similarity_a: number, similarity_b: number}} DisagreementRow */
/**
 * Python's description of the selected pair in a comparison (its `selected` trait).
 * @typedef {object} ComparedPair
 * @property {number} similarity_a
 * @property {number} similarity_b
 * @property {number | null} rank_a  1 = the model's most similar pair; null for a text with itself.
 * @property {number | null} rank_b
 * @property {number} difference  A − B.
 * @property {number} rank_difference  A's percentile minus B's.
 */

/** Longest model name shown in a table row or the dropdown. */
const NAME_CHARS = 24;

/** @param {string} name */
const short = (name) => (name.length > NAME_CHARS ? `${name.slice(0, NAME_CHARS - 1)}…` : name);

/**
 * Whether the widget compares two models.
 * @param {string[] | undefined} names  The `_names` trait.
 * @returns {names is [string, string]}
 */
export function isComparison(names) {
  return Array.isArray(names) && names.length === 2;
}

/**
 * The View dropdown's choices: [value, text] pairs.
 * @param {[string, string]} names
 * @returns {[ViewName, string][]}
 */
export function viewChoices([a, b]) {
  return [
    ["a", short(a)],
    ["b", short(b)],
    ["difference", `${short(a)} − ${short(b)}`],
    ["rank difference", "rank difference"],
  ];
}

/** @param {number} value */
function signed(value) {
  return Number.isFinite(value) && value > 0 ? `+${formatSimilarity(value)}` : formatSimilarity(value);
}

/** @param {number | null | undefined} rank */
function rankText(rank) {
  return rank == null ? "" : ` · rank ${rank.toLocaleString("en-US")}`;
}

/**
 * What the panel says of the selected pair in both models: one line each, then the
 * differences; dashes while Python's answer for this cell has not come yet.
 * @param {Partial<ComparedPair> | null} pair  Python's `selected` when it describes this cell.
 * @param {[string, string]} names
 * @returns {string[]}
 */
export function comparisonLines(pair, [a, b]) {
  const p = pair ?? {};
  return [
    `${a} ${formatSimilarity(p.similarity_a ?? NaN)}${rankText(p.rank_a)}`,
    `${b} ${formatSimilarity(p.similarity_b ?? NaN)}${rankText(p.rank_b)}`,
    `${a} − ${b} ${signed(p.difference ?? NaN)}`,
    `Rank difference ${signed(p.rank_difference ?? NaN)}`,
  ];
}

/**
 * The value a Disagreements row shows: both models' similarities.
 * @param {DisagreementRow} row
 * @param {[string, string]} names
 */
export function disagreementValue(row, [a, b]) {
  return `${short(a)} ${formatSimilarity(row.similarity_a)} · ${short(b)} ${formatSimilarity(row.similarity_b)}`;
}

/** The "View" dropdown among the controls, shown only in a comparison. */
export class ViewControl {
  /**
   * @param {HTMLElement} parent  The toolbar.
   * @param {(view: ViewName) => void} onView  The user chose a view.
   */
  constructor(parent, onView) {
    this.label = make("label", "simheat-view", "View ");
    this.select = make("select", "");
    this.select.setAttribute("aria-label", "View");
    this.label.append(this.select);
    this.label.hidden = true;
    /** @type {string[]} */
    this.names = [];
    this.select.addEventListener("change", () => onView(/** @type {ViewName} */ (this.select.value)));
    parent.append(this.label);
  }

  /** The models' names (none: not a comparison, the control hides). @param {string[]} names */
  setNames(names) {
    if (names.length === this.names.length && names.every((name, i) => name === this.names[i])) return;
    this.names = names;
    this.label.hidden = !isComparison(names);
    if (isComparison(names)) this.select.replaceChildren(...viewChoices(names).map(([value, text]) => new Option(text, value)));
  }

  /** Show the model's view. @param {string} view */
  update(view) {
    if (!this.label.hidden) this.select.value = view;
  }
}
