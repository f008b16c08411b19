/**
 * The toolbar: a dual slider with typed entry for the colour range, the threshold, and a
 * colorscale menu with a reverse toggle. Controls write to the widget model; the model is the one source
 * of truth, so Python, linked widgets and these controls always agree.
 */
import { COLORSCALE_NAMES, joinColorscale, parseColorscale } from "./colors.js";

/**
 * @typedef {object} ControlState
 * @property {number} zmin
 * @property {number} zmax
 * @property {string} colorscale
 * @property {string} order  "input" or "cluster"
 * @property {string} aggregation  "mean" or "max"
 * @property {boolean} aggregated  Whether cells stand for blocks (more texts than cells).
 * @property {number | null} threshold  Cells at or above it are highlighted; null: none.
 */

/**
 * @typedef {object} ControlEvents
 * @property {(zmin: number, zmax: number, final: boolean) => void} onRange  `final` once the user lets go.
 * @property {(colorscale: string) => void} onColorscale
 * @property {(order: string) => void} onOrder
 * @property {(aggregation: string) => void} onAggregation
 * @property {(threshold: number | null) => void} onThreshold  Null when the box is cleared.
 */

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string>} [attrs]
 * @returns {HTMLElementTagNameMap[K]}
 */
function make(tag, attrs = {}) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

export class Controls {
  /**
   * @param {HTMLElement} parent
   * @param {ControlEvents} events
   */
  constructor(parent, events) {
    this.events = events;
    /** What the controls show; none until the first `update`. @type {ControlState | null} */
    this.state = null;
    this.bounds = /** @type {[number, number]} */ ([0, 1]);
    this.typingThreshold = false;
    this.root = make("div", { class: "simheat-controls", role: "toolbar", "aria-label": "Heatmap controls" });

    const range = make("fieldset", { class: "simheat-range" });
    range.append(Object.assign(make("legend"), { textContent: "Color range" }));
    this.minBox = make("input", { type: "number", "aria-label": "Color range minimum value", step: "any" });
    this.maxBox = make("input", { type: "number", "aria-label": "Color range maximum value", step: "any" });
    this.minSlider = make("input", { type: "range", "aria-label": "Color range minimum" });
    this.maxSlider = make("input", { type: "range", "aria-label": "Color range maximum" });
    /** The sliders' track: the histogram (histogram.js) is drawn in it, on the same scale. */
    const track = make("div", { class: "simheat-dual" });
    this.track = track;
    track.append(this.minSlider, this.maxSlider);
    range.append(this.minBox, track, this.maxBox);

    const scale = make("div", { class: "simheat-scale" });
    const label = Object.assign(make("label"), { textContent: "Colorscale " });
    this.select = make("select", { "aria-label": "Colorscale" });
    this.select.append(...COLORSCALE_NAMES.map((name) => new Option(name, name)));
    label.append(this.select);
    const reverse = Object.assign(make("label"), { textContent: " Reverse" });
    this.reverse = make("input", { type: "checkbox", "aria-label": "Reverse colorscale" });
    reverse.prepend(this.reverse);
    scale.append(label, reverse);

    this.order = choice("Order", [
      ["input", "input"],
      ["cluster", "clustered"],
    ]);
    this.aggregation = choice("Blocks", [
      ["mean", "mean"],
      ["max", "max"],
    ]);
    const threshold = Object.assign(make("label", { class: "simheat-threshold" }), { textContent: "Threshold " });
    this.thresholdBox = make("input", { type: "number", "aria-label": "Threshold", step: "any", placeholder: "none" });
    threshold.append(this.thresholdBox);
    /** Where the histogram says how many pairs reach the threshold. */
    this.thresholdLabel = threshold;
    this.root.append(range, threshold, scale, this.order.label, this.aggregation.label);
    parent.append(this.root);
    this.bind();
  }

  /** Wire user input to the callbacks; a handle cannot pass the other one. */
  bind() {
    /** @param {"min" | "max"} which @param {number} value @param {boolean} final */
    const move = (which, value, final) => {
      const state = this.state;
      if (!state || !Number.isFinite(value)) return;
      const zmin = which === "min" ? Math.min(value, state.zmax) : state.zmin;
      const zmax = which === "max" ? Math.max(value, state.zmin) : state.zmax;
      this.events.onRange(zmin, zmax, final);
    };
    this.minSlider.addEventListener("input", () => move("min", this.minSlider.valueAsNumber, false));
    this.maxSlider.addEventListener("input", () => move("max", this.maxSlider.valueAsNumber, false));
    this.minSlider.addEventListener("change", () => move("min", this.minSlider.valueAsNumber, true));
    this.maxSlider.addEventListener("change", () => move("max", this.maxSlider.valueAsNumber, true));
    this.minBox.addEventListener("change", () => move("min", this.minBox.valueAsNumber, true));
    this.maxBox.addEventListener("change", () => move("max", this.maxBox.valueAsNumber, true));
    // Typing: the box holds what the user is writing, until it is applied.
    this.thresholdBox.addEventListener("input", () => (this.typingThreshold = true));
    const threshold = () => {
      this.typingThreshold = false;
      const typed = this.thresholdBox.value.trim();
      const value = typed === "" ? null : Number(typed);
      if (value === null || Number.isFinite(value)) this.events.onThreshold(value);
    };
    this.thresholdBox.addEventListener("change", threshold);
    // Chromium fires no change on Enter in a number box: Enter applies it too.
    this.thresholdBox.addEventListener("keydown", (event) => {
      if (event.key === "Enter") threshold();
    });
    const scale = () => this.events.onColorscale(joinColorscale(this.select.value, this.reverse.checked));
    this.select.addEventListener("change", scale);
    this.reverse.addEventListener("change", scale);
    this.order.select.addEventListener("change", () => this.events.onOrder(this.order.select.value));
    this.aggregation.select.addEventListener("change", () =>
      this.events.onAggregation(this.aggregation.select.value),
    );
  }

  /**
   * Bound the sliders by the matrix's smallest and largest value.
   * @param {number} lo
   * @param {number} hi
   */
  setBounds(lo, hi) {
    this.bounds = /** @type {[number, number]} */ ([lo, hi > lo ? hi : lo + 1]);
    for (const slider of [this.minSlider, this.maxSlider]) {
      slider.min = String(this.bounds[0]);
      slider.max = String(this.bounds[1]);
      // Any value, not a grid anchored at an odd minimum: a typed 0.5 stays 0.5.
      slider.step = "any";
    }
  }

  /**
   * Show the model's state (called on every change, from the user, Python or a link).
   * @param {ControlState} state
   */
  update(state) {
    this.state = state;
    this.minSlider.value = String(state.zmin);
    this.maxSlider.value = String(state.zmax);
    // Don't rewrite a box the user is typing in.
    if (document.activeElement !== this.minBox) this.minBox.value = round(state.zmin);
    if (document.activeElement !== this.maxBox) this.maxBox.value = round(state.zmax);
    if (!this.typingThreshold) {
      this.thresholdBox.value = state.threshold == null ? "" : round(state.threshold);
    }
    const { base, reversed } = parseColorscale(state.colorscale);
    this.select.value = base;
    this.reverse.checked = reversed;
    this.order.select.value = state.order;
    this.aggregation.select.value = state.aggregation;
    // Blocks only exist when there are more texts than cells.
    this.aggregation.label.hidden = !state.aggregated;
  }
}

/**
 * A labelled `<select>`; the label's text is its accessible name.
 * @param {string} name
 * @param {[string, string][]} options  [value, text] pairs
 */
function choice(name, options) {
  const label = Object.assign(make("label"), { textContent: `${name} ` });
  const select = make("select", { "aria-label": name });
  select.append(...options.map(([value, text]) => new Option(text, value)));
  label.append(select);
  return { label, select };
}

/** @param {number} value */
function round(value) {
  return String(Math.round(value * 1e4) / 1e4);
}
