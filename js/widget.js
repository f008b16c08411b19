/**
 * Entry point of the simheat widget (anywidget ESM): builds the toolbar, the heatmap and
 * the selection panel, and keeps them in step with the model's traits.
 */
import { decodeArray } from "./codec.js";
import { Controls } from "./controls.js";
import { HeatmapView } from "./figure.js";
import { SelectionPanel } from "./panel.js";

/** Width to draw at while the element is not yet in the page (it has no width then). */
const FALLBACK_WIDTH = 720;
/** Room kept beside the plot for the panel; narrower outputs put the panel below. */
const PANEL_WIDTH = 280;
const SIDE_BY_SIDE_MIN_WIDTH = 900;
/** Most slider updates sent to Python per second while dragging. */
const SAVE_INTERVAL_MS = 120;

/**
 * @typedef {object} Model  The part of anywidget's model this widget uses.
 * @property {(name: string) => any} get
 * @property {(name: string, value: any) => void} set
 * @property {() => void} save_changes
 * @property {(event: string, callback: () => void) => void} on
 * @property {(event: string, callback: () => void) => void} off
 */

/**
 * The pair under `cell`, for the panel.
 * @param {Model} model
 * @param {[number, number] | null} cell
 * @param {ArrayLike<number>} values
 */
export function pairAt(model, cell, values) {
  if (!cell) return null;
  const [row, col] = cell;
  const texts = model.get("_texts");
  const labels = model.get("_labels");
  if (row >= texts.length || col >= texts.length) return null;
  return {
    row,
    col,
    labelRow: labels[row],
    labelCol: labels[col],
    textRow: texts[row],
    textCol: texts[col],
    similarity: values[row * texts.length + col],
  };
}

/**
 * Smallest and largest of `values`.
 * @param {ArrayLike<number>} values
 * @returns {[number, number]}
 */
export function extent(values) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * Render the widget into `el`; returns the cleanup that anywidget calls on removal.
 * @param {{model: Model, el: HTMLElement}} context
 */
export function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "simheat";
  el.append(root);

  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let saveTimer;
  let lastSave = 0;
  const save = (/** @type {boolean} */ now) => {
    clearTimeout(saveTimer);
    const wait = now ? 0 : Math.max(0, SAVE_INTERVAL_MS - (Date.now() - lastSave));
    saveTimer = setTimeout(() => {
      lastSave = Date.now();
      model.save_changes();
    }, wait);
  };

  const controls = new Controls(root, {
    onRange(zmin, zmax, final) {
      model.set("zmin", zmin);
      model.set("zmax", zmax);
      save(final);
    },
    onColorscale(colorscale) {
      model.set("colorscale", colorscale);
      model.save_changes();
    },
  });
  const body = document.createElement("div");
  body.className = "simheat-body";
  root.append(body);
  const view = new HeatmapView(body, {
    width: el.clientWidth || FALLBACK_WIDTH,
    onSelect(cell) {
      model.set("selection", cell);
      model.save_changes();
    },
  });
  const panel = new SelectionPanel(body);

  /** @type {ArrayLike<number>} */
  let values = new Float32Array(0);
  const onData = () => {
    const { values: decoded, shape } = decodeArray(model.get("_matrix"));
    values = decoded;
    view.setData(values, shape[0], model.get("_labels"), model.get("_texts"));
    controls.setBounds(...extent(values));
    onStyle();
    onSelection();
  };
  const onStyle = () => {
    const state = { zmin: model.get("zmin"), zmax: model.get("zmax"), colorscale: model.get("colorscale") };
    controls.update(state);
    view.setStyle({
      ...state,
      title: model.get("title"),
      xaxisTitle: model.get("xaxis_title"),
      yaxisTitle: model.get("yaxis_title"),
      colorLabel: model.get("color_label"),
      height: model.get("height"),
    });
  };
  const onSelection = () => {
    const cell = model.get("selection") ?? null;
    view.setSelection(cell);
    panel.show(pairAt(model, cell, values));
  };

  const dataEvents = ["change:_matrix", "change:_texts", "change:_labels"];
  const styleEvents = ["zmin", "zmax", "colorscale", "title", "xaxis_title", "yaxis_title", "color_label", "height"].map(
    (name) => `change:${name}`,
  );
  for (const event of dataEvents) model.on(event, onData);
  for (const event of styleEvents) model.on(event, onStyle);
  model.on("change:selection", onSelection);
  onData();

  // Follow the width of the output area once the element is in the page.
  const resizer = new ResizeObserver(() => {
    const full = body.clientWidth;
    const width = full >= SIDE_BY_SIDE_MIN_WIDTH ? full - PANEL_WIDTH : full;
    if (width > 200) view.resize(width);
  });
  resizer.observe(body);

  return () => {
    clearTimeout(saveTimer);
    resizer.disconnect();
    for (const event of dataEvents) model.off(event, onData);
    for (const event of styleEvents) model.off(event, onStyle);
    model.off("change:selection", onSelection);
    view.destroy();
    root.remove();
  };
}

export default { render };
