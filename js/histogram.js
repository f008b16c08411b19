/**
 * The distribution of off-diagonal similarities, drawn in the colour-range slider's track
 * on the slider's own value scale: the colour range is chosen knowing where the data lies.
 * Bars inside [zmin, zmax] are shaded, the threshold is a line, and the caption under the
 * track says how many pairs reach it. SVG built with createElementNS; no HTML from data.
 */
import { formatSimilarity } from "./format.js";

/** @typedef {import("./insight.js").HistogramData} HistogramData */

const SVG = "http://www.w3.org/2000/svg";
/** viewBox units across the track (the SVG stretches to the track's width). */
const WIDTH = 1000;
const HEIGHT = 100;

/**
 * @typedef {object} HistogramState
 * @property {HistogramData | null} histogram
 * @property {[number, number]} bounds  The sliders' min and max: the x scale.
 * @property {number} zmin
 * @property {number} zmax
 * @property {number | null} threshold
 * @property {number | null} aboveTotal  Pairs at or above the threshold, once known.
 */

/**
 * Bars in viewBox units: x from the slider scale, heights by the square root of the
 * counts so the few pairs in a tail (the near-duplicates) stay visible beside the bulk.
 * @param {HistogramData} histogram
 * @param {[number, number]} bounds
 * @returns {{x: number, width: number, height: number, lo: number, hi: number}[]}
 */
export function histogramBars({ edges, counts }, [lo, hi]) {
  const span = hi - lo || 1;
  const tallest = Math.sqrt(Math.max(1, ...counts));
  /** @param {number} v */
  const x = (v) => Math.min(WIDTH, Math.max(0, ((v - lo) / span) * WIDTH));
  return counts.map((count, i) => ({
    x: x(edges[i]),
    width: Math.max(0, x(edges[i + 1]) - x(edges[i])),
    height: (Math.sqrt(count) / tallest) * HEIGHT,
    lo: edges[i],
    hi: edges[i + 1],
  }));
}

/**
 * @param {string} tag
 * @param {Record<string, string | number>} attrs
 */
function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

export class Histogram {
  /**
   * @param {HTMLElement} track  The sliders' track (Controls.track).
   * @param {HTMLElement} captionParent  Where the threshold's pair count goes.
   */
  constructor(track, captionParent) {
    this.svg = svg("svg", {
      class: "simheat-histogram",
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      preserveAspectRatio: "none",
      role: "img",
      "aria-label": "Distribution of similarities",
    });
    track.prepend(this.svg);
    this.caption = document.createElement("div");
    this.caption.className = "simheat-histogram-caption";
    this.caption.setAttribute("aria-live", "polite");
    captionParent.append(this.caption);
    this.update({ histogram: null, bounds: [0, 1], zmin: 0, zmax: 1, threshold: null, aboveTotal: null });
  }

  /** Redraw (cheap: at most 200 bars); called on every handle move. @param {HistogramState} state */
  update({ histogram, bounds, zmin, zmax, threshold, aboveTotal }) {
    this.svg.replaceChildren();
    this.svg.style.display = histogram ? "" : "none";
    this.caption.textContent = captionText(threshold, aboveTotal);
    if (!histogram) return;
    const [lo, hi] = bounds;
    const x = (/** @type {number} */ v) => ((v - lo) / (hi - lo || 1)) * WIDTH;
    const from = Math.max(0, x(zmin));
    const to = Math.min(WIDTH, x(zmax));
    if (to > from) this.svg.append(svg("rect", { class: "simheat-histogram-range", x: from, y: 0, width: to - from, height: HEIGHT }));
    for (const bar of histogramBars(histogram, bounds)) {
      if (!bar.height || !bar.width) continue;
      const inside = bar.hi > zmin && bar.lo < zmax;
      this.svg.append(
        svg("rect", {
          class: inside ? "simheat-bar simheat-bar-in" : "simheat-bar",
          x: bar.x,
          y: HEIGHT - bar.height,
          width: bar.width,
          height: bar.height,
        }),
      );
    }
    if (threshold !== null && threshold >= lo && threshold <= hi) {
      const at = x(threshold);
      this.svg.append(svg("line", { class: "simheat-histogram-threshold", x1: at, x2: at, y1: 0, y2: HEIGHT }));
    }
  }
}

/**
 * @param {number | null} threshold
 * @param {number | null} aboveTotal
 */
export function captionText(threshold, aboveTotal) {
  if (threshold === null) return "";
  const count = aboveTotal === null ? "counting…" : `${aboveTotal.toLocaleString("en-US")} pair${aboveTotal === 1 ? "" : "s"}`;
  return `≥ ${formatSimilarity(threshold)}: ${count}`;
}
