/** Text helpers for ticks, hover and the panel. Everything here returns plain strings. */

/**
 * Shorten `text` to at most `max` characters, ending with "…" when cut.
 * @param {string} text
 * @param {number} max
 */
export function truncate(text, max) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/**
 * What the cells hold: the metric (one model) or, in a comparison, the view drawn.
 * @typedef {{metric?: string, view?: string}} ValueKind
 */

/**
 * What the cells' values are called, and the pair a click on a block selects.
 * @param {ValueKind} [kind]  Default: cosine similarity.
 * @returns {{value: string, pick: string}}
 */
export function valueWords({ metric = "cosine", view = "a" } = {}) {
  if (view === "difference" || view === "rank difference") return { value: view, pick: `pair of largest ${view}` };
  if (metric === "euclidean") return { value: "distance", pick: "closest pair" };
  if (metric === "dot") return { value: "dot product", pick: "pair of largest dot product" };
  return { value: "similarity", pick: "most similar pair" };
}

/**
 * A block's aggregation as its value is: "max" of a distance is the smallest distance.
 * @param {string} aggregation
 * @param {ValueKind} [kind]
 */
export function aggregationName(aggregation, { metric = "cosine", view = "a" } = {}) {
  const distance = metric === "euclidean" && (view === "a" || view === "b");
  return distance && aggregation === "max" ? "min" : aggregation;
}

/**
 * Format a similarity to 3 decimals.
 * @param {number} value
 */
export function formatSimilarity(value) {
  return Number.isFinite(value) ? value.toFixed(3) : "–";
}

/**
 * Tick positions and texts for the cells visible in `range`, at most one every `minGap`
 * pixels, on a 1-2-5 stride so the ticks stay put while panning.
 * @param {[number, number]} range  Axis range in cell units (cell i spans i ± 0.5).
 * @param {number} n  Number of cells.
 * @param {string[]} labels
 * @param {number} lengthPx  Length of the axis in pixels.
 * @param {number} [minGap]  Pixels between two ticks, at least.
 * @param {number} [maxChars]  Longest tick text.
 * @returns {{tickvals: number[], ticktext: string[]}}
 */
export function axisTicks(range, n, labels, lengthPx, minGap = 16, maxChars = 14) {
  const lo = Math.max(0, Math.ceil(Math.min(...range)));
  const hi = Math.min(n - 1, Math.floor(Math.max(...range)));
  const tickvals = [];
  if (hi >= lo && lengthPx > 0) {
    const span = Math.abs(range[1] - range[0]);
    const stride = niceStride((span * minGap) / lengthPx);
    for (let i = Math.ceil(lo / stride) * stride; i <= hi; i += stride) tickvals.push(i);
  }
  return {
    tickvals,
    ticktext: tickvals.map((i) => escapePlotlyText(truncate(labels[i] ?? String(i), maxChars))),
  };
}

/**
 * Make a label show literally in Plotly text: Plotly reads `<b>`, `<a href>`, `<br>` and
 * entities in axis text as markup, and labels are data.
 * @param {string} text
 */
export function escapePlotlyText(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The smallest of 1, 2, 5, 10, 20, 50, … that is ≥ `step`.
 * @param {number} step
 */
export function niceStride(step) {
  if (!(step > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(step));
  for (const m of [1, 2, 5, 10]) if (m * power >= step) return m * power;
  return 10 * power;
}
