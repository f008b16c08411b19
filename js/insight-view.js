/**
 * What the neighbour pass found, under the heatmap: one stats line, the signs of risk as a
 * short list (each with its number; a click opens the table's tab with the evidence), a
 * progress bar while the pass runs and its error if it failed. Plain text only.
 */
import { make } from "./dom.js";
import { valueWords } from "./format.js";
import { TAB_OF_SIGN } from "./insight.js";

/** @typedef {import("./insight.js").Insight} Insight */
/** @typedef {import("./insight.js").Stats} Stats */
/** @typedef {import("./insight.js").GroupStats} GroupStats */
/** @typedef {import("./insight.js").TabName} TabName */

/** @param {number} value @param {number} [digits] */
const fixed = (value, digits = 3) => (Number.isFinite(value) ? value.toFixed(digits) : "–");
/** @param {number} value */
const count = (value) => (Number.isFinite(value) ? value.toLocaleString("en-US") : "–");

/**
 * The stats line: n, pairs, mean ± std, median, p5–p95, anisotropy, effective rank / width.
 * @param {Stats} stats
 */
export function statsLine(stats) {
  const cross = stats.n_cols != null; // two sets: rows × columns, no anisotropy of one set
  const parts = [
    cross ? `${count(stats.n)} × ${count(stats.n_cols ?? NaN)} texts` : `n ${count(stats.n)}`,
    `${count(stats.pairs)} ${cross ? "cells" : "pairs"}`,
    `mean ${fixed(stats.mean)} ± ${fixed(stats.std)}`,
    `median ${fixed(stats.median)}`,
    `p5–p95 ${fixed(stats.p5)} to ${fixed(stats.p95)}`,
  ];
  if (stats.anisotropy != null) parts.push(`anisotropy ${fixed(stats.anisotropy)}`);
  if (stats.effective_rank != null) parts.push(`effective rank ${fixed(stats.effective_rank, 1)} / ${count(stats.width)}`);
  return parts.join(" · ");
}

/**
 * The stability line of a paired matrix: each text against its perturbed version, and
 * ValidMind's pass rule (mean ≥ threshold).
 * @param {import("./insight.js").Stability} stability
 */
export function stabilityLine({ mean, min, median, threshold, passed }) {
  const verdict = passed ? `passed (mean ≥ ${fixed(threshold, 2)})` : `failed (mean < ${fixed(threshold, 2)})`;
  return `stability: mean ${fixed(mean)}, median ${fixed(median)}, min ${fixed(min)} · ${verdict}`;
}

/**
 * The groups line: mean similarity within each group, between groups (the mean over pairs
 * of groups) and the separation score, when Python gave groups.
 * @param {GroupStats} groups
 */
export function groupsLine({ names, within, between, separation }) {
  const across = between.flatMap((row, g) => row.filter((_, h) => h !== g));
  const meanBetween = across.length ? across.reduce((a, b) => a + b, 0) / across.length : NaN;
  const inside = names.map((name, g) => `${name} ${fixed(within[g])}`).join(", ");
  const parts = [`within groups: ${inside}`, `between groups ${fixed(meanBetween)}`];
  if (separation != null) parts.push(`separation ${fixed(separation)}`);
  return parts.join(" · ");
}

export class InsightView {
  /**
   * @param {HTMLElement} parent
   * @param {{onOpen: (tab: TabName) => void}} events  A verdict asks for its evidence.
   */
  constructor(parent, events) {
    this.events = events;
    this.root = make("section", "simheat-insight");
    this.root.setAttribute("aria-label", "Insight");
    parent.append(this.root);
    this.update(null, false);
  }

  /**
   * @param {Insight | null} insight
   * @param {boolean} hasThreshold  Near-duplicates then open "Above threshold", else "Most similar".
   * @param {string} [metric]  The heatmap's metric: the insight is on cosine similarity whatever it is.
   */
  update(insight, hasThreshold, metric = "cosine") {
    if (!insight) {
      this.root.replaceChildren();
      return;
    }
    const parts = [];
    if (insight.status === "running") parts.push(progressBar(insight.progress));
    if (insight.status === "error") parts.push(make("p", "simheat-error", `Insight failed: ${insight.error ?? "unknown error"}`));
    if (metric !== "cosine" && insight.stats) {
      parts.push(make("p", "simheat-hint", `The figures below are of cosine similarity; the heatmap shows ${valueWords({ metric }).value}.`));
    }
    if (insight.stats) parts.push(make("p", "simheat-stats", statsLine(insight.stats)));
    if (insight.stats?.stability) parts.push(make("p", "simheat-stats", stabilityLine(insight.stats.stability)));
    if (insight.groups) parts.push(make("p", "simheat-stats", groupsLine(insight.groups)));
    if (insight.verdicts.length) {
      const list = make("ul", "simheat-verdicts");
      for (const verdict of insight.verdicts) {
        const item = make("li", "simheat-verdict");
        const tab = verdict.sign === "near-duplicates" && !hasThreshold ? "top" : TAB_OF_SIGN[verdict.sign];
        const sign = tab ? make("button", "simheat-verdict-sign", verdict.sign) : make("strong", "simheat-verdict-sign", verdict.sign);
        if (tab) {
          /** @type {HTMLButtonElement} */ (sign).type = "button";
          sign.title = "Show the pairs behind it";
          sign.addEventListener("click", () => this.events.onOpen(tab));
        }
        item.append(sign, document.createTextNode(` ${verdict.message}`));
        item.title = verdict.source;
        list.append(item);
      }
      parts.push(list);
    }
    this.root.replaceChildren(...parts);
  }
}

/** @param {number} progress  0 to 1. */
function progressBar(progress) {
  const percent = Math.round(Math.max(0, Math.min(1, progress)) * 100);
  const bar = make("div", "simheat-progress");
  bar.setAttribute("role", "progressbar");
  bar.setAttribute("aria-label", "Neighbour pass");
  bar.setAttribute("aria-valuemin", "0");
  bar.setAttribute("aria-valuemax", "100");
  bar.setAttribute("aria-valuenow", String(percent));
  const fill = make("div", "simheat-progress-fill");
  fill.style.width = `${percent}%`;
  bar.append(fill, make("span", "simheat-progress-text", `Finding neighbours… ${percent} %`));
  return bar;
}
