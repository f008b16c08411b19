/**
 * Entry point of the simheat widget (anywidget ESM): builds the toolbar, the heatmap and
 * the selection panel, and keeps them in step with the model's traits.
 *
 * Indices: Python speaks of texts in input order; the heatmap shows them in display order
 * (`_order`, when clustered; `_column_order` for the columns of two sets of texts).
 * Translation happens here and nowhere else.
 */
import { decodeArray } from "./codec.js";
import { ViewControl, comparisonLines, isComparison } from "./comparison.js";
import { Controls } from "./controls.js";
import { HeatmapView } from "./figure.js";
import { Histogram } from "./histogram.js";
import { InsightView } from "./insight-view.js";
import { PairsTable } from "./pairs-table.js";
import { SelectionPanel } from "./panel.js";
import { RequestClient } from "./requests.js";
import { applyTheme, watchTheme } from "./theme.js";
import { decodeTile, invert } from "./tiles.js";
import { readStyle, subscribe } from "./traits.js";

/** Width to draw at while the element is not yet in the page (it has no width then). */
const FALLBACK_WIDTH = 720;
/** Room kept beside the plot for the panel; narrower outputs put the panel below. */
const PANEL_WIDTH = 280;
const SIDE_BY_SIDE_MIN_WIDTH = 900;
/** Most slider updates sent to Python per second while dragging. */
const SAVE_INTERVAL_MS = 120;
/** Cells across the window a table row zooms to when its cell sits inside a block. */
const ZOOM_SPAN = 40;

/** What a view says once its kernel is gone (the comm is dead: nothing reaches Python). */
export const DISCONNECTED = "The kernel restarted: run the cell again to reconnect.";

/** A request Python refused or failed on: the widget goes on; the console says why. */
const warnFailed = (/** @type {Error} */ error) => console.warn(`simheat: ${error.message}`);

/** @typedef {import("./traits.js").Model} Model */
/** @typedef {import("./traits.js").WidgetTraits} WidgetTraits */

/**
 * Maps between input order (Python's indices) and display order (the heatmap's).
 * @param {Int32Array | null} order  display position → input index, or null for input order
 */
export function indexMaps(order) {
  const inverse = order && invert(order);
  return {
    /** @param {number} i */
    toInput: (i) => (order ? order[i] : i),
    /** @param {number} i */
    toDisplay: (i) => (inverse ? inverse[i] : i),
    /** @template T @param {T[]} items  in input order @returns {T[]} in display order */
    arrange: (items) => (order ? Array.from(order, (i) => items[i]) : items),
  };
}

/**
 * The column texts and labels of two sets of texts (input order), or null for one set.
 * @param {Model} model
 * @returns {import("./tooltip.js").Columns | null}
 */
export function columnsOf(model) {
  const texts = model.get("_column_texts") ?? [];
  return texts.length ? { texts, labels: model.get("_column_labels") ?? [] } : null;
}

/**
 * The selected pair for the panel: texts and labels from the model; the similarity from
 * Python's `selected` when it describes this cell, else from an exact tile cell if the
 * screen has one, else unknown (NaN) until Python answers.
 * @param {Model} model
 * @param {[number, number] | null} cell  Input (row, col).
 * @param {number | undefined} shownValue  The exact value on screen, if any.
 * @returns {import("./panel.js").Pair | null}
 */
export function pairAt(model, cell, shownValue) {
  if (!cell) return null;
  const [row, col] = cell;
  const texts = model.get("_texts");
  const labels = model.get("_labels");
  const columns = columnsOf(model) ?? { texts, labels }; // one set: the rows are the columns
  if (row >= texts.length || col >= columns.texts.length) return null;
  const selected = model.get("selected");
  const thisCell = selected && selected.row === row && selected.col === col ? selected : null;
  const fromPython = thisCell ? thisCell.similarity : undefined;
  const neighbors = selected && selected.row === row ? (selected.neighbors ?? []) : [];
  const names = model.get("_names");
  return {
    row,
    col,
    labelRow: labels[row],
    labelCol: columns.labels[col],
    textRow: texts[row],
    textCol: columns.texts[col],
    // In a comparison the cell on screen may be a difference: the similarity is Python's.
    similarity: fromPython ?? (isComparison(names) ? NaN : (shownValue ?? NaN)),
    ...(isComparison(names) ? { comparison: comparisonLines(thisCell, names) } : {}),
    neighbors: neighbors
      .filter(({ index }) => index < columns.texts.length)
      .map(({ index, similarity }) => ({ index, similarity, label: columns.labels[index], text: columns.texts[index] })),
    // Two sets of texts: a column's own text, or, paired on the diagonal, the perturbed one.
    ...(columns.texts !== texts && { sets: model.get("_paired") && row === col ? "paired" : "cross" }),
  };
}

/**
 * Render the widget into `el`; returns the cleanup that anywidget calls on removal.
 * @param {Pick<import("@anywidget/types").RenderProps<WidgetTraits>, "el"> & {model: Model}} context  anywidget's
 *   render props, or a page model's (standalone.js)
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
  /**
   * @template {keyof WidgetTraits} K
   * @param {K} name
   * @param {WidgetTraits[K]} value
   */
  const setAndSave = (name, value) => {
    model.set(name, value);
    model.save_changes();
  };

  const controls = new Controls(root, {
    onRange(zmin, zmax, final) {
      model.set("zmin", zmin);
      model.set("zmax", zmax);
      save(final);
    },
    onColorscale: (colorscale) => setAndSave("colorscale", colorscale),
    onOrder: (order) => setAndSave("order", order),
    onAggregation: (aggregation) => setAndSave("aggregation", aggregation),
    onThreshold: (threshold) => setAndSave("threshold", threshold),
  });
  const viewControl = new ViewControl(controls.root, (view) => setAndSave("view", view));
  const histogram = new Histogram(controls.track, controls.thresholdLabel);
  const body = document.createElement("div");
  body.className = "simheat-body";
  root.append(body);

  let maps = indexMaps(null);
  let columnMaps = indexMaps(null); // two sets: the columns' own order; one set: the rows'
  /** @param {string} name */
  const orderOf = (name) => {
    const wire = model.get(/** @type {"_order" | "_column_order"} */ (name));
    return wire ? /** @type {Int32Array} */ (decodeArray(wire).values) : null;
  };
  // Requests to Python: none in a standalone page (no kernel; zoom keeps the overview's cells).
  const requests = model.send ? new RequestClient(/** @type {any} */ (model)) : null;
  let latestWindow = 0;
  const view = new HeatmapView(body, {
    width: el.clientWidth || FALLBACK_WIDTH,
    onSelect: (row, col) => setAndSave("selection", [maps.toInput(row), columnMaps.toInput(col)]),
    onClear: () => setAndSave("selection", null),
    onSelectBlock: (rows, cols) => requests?.request("select_block", { rows, cols }).catch(warnFailed),
    onWindow(rows, cols, maxSide) {
      const mine = ++latestWindow;
      requests?.request("window", { rows, cols, max_side: maxSide }).then(({ result, buffers }) => {
        if (mine !== latestWindow) return; // the user zoomed on: a stale answer
        view.setDetail(decodeTile({ ...result, view: buffers[0] }));
        if (model.get("selection")) onSelection(); // the selected value may now be on screen
      }, warnFailed);
    },
  });
  const panel = new SelectionPanel(body, {
    onNeighbor(index) {
      const row = model.get("selection")?.[0];
      if (row !== undefined) setAndSave("selection", [row, index]);
    },
  });
  const below = document.createElement("div");
  below.className = "simheat-below";
  root.append(below);
  const insightView = new InsightView(below, { onOpen: (tab) => table.open(tab) });
  const table = new PairsTable(below, {
    onSelect(row, col) {
      setAndSave("selection", [row, col]);
      // Inside an aggregated overview the cell is a speck: go there, finer cells follow.
      if (view.cells.overview?.aggregation !== "exact") view.zoomTo(maps.toDisplay(row), columnMaps.toDisplay(col), ZOOM_SPAN);
    },
  });

  const onData = () => {
    maps = indexMaps(orderOf("_order"));
    const columns = columnsOf(model);
    columnMaps = columns ? indexMaps(orderOf("_column_order")) : maps;
    const groups = model.get("_groups") ?? [];
    const names = model.get("_names") ?? [];
    viewControl.setNames(requests ? names : []); // a page without Python cannot draw another view
    if (isComparison(names)) table.names = names;
    view.setData(
      decodeTile(model.get("_overview")),
      maps.arrange(model.get("_labels")),
      maps.arrange(model.get("_texts")),
      groups.length === model.get("_texts").length ? maps.arrange(groups) : [],
      columns && { labels: columnMaps.arrange(columns.labels), texts: columnMaps.arrange(columns.texts) },
    );
    const [lo, hi] = model.get("_bounds");
    controls.setBounds(lo, hi);
    onStyle();
    onInsight();
    onSelection();
  };
  const onStyle = () => {
    const style = readStyle(model);
    controls.update({ ...style, aggregated: view.cells.overview?.aggregation !== "exact" });
    viewControl.update(style.view);
    view.setStyle(style);
    drawHistogram();
  };
  const drawHistogram = () => {
    const insight = model.get("_insight");
    // The histogram is model A's similarities: drawn behind A's colour range only.
    const showsA = !isComparison(model.get("_names")) || model.get("view") === "a";
    histogram.update({
      // The insight's histogram is of cosine similarities: on another metric's scale, none.
      histogram: showsA && (model.get("metric") ?? "cosine") === "cosine" ? (insight?.histogram ?? null) : null,
      bounds: controls.bounds,
      zmin: model.get("zmin"),
      zmax: model.get("zmax"),
      threshold: model.get("threshold") ?? null,
      aboveTotal: insight?.above_total ?? null,
    });
  };
  const onInsight = () => {
    const insight = model.get("_insight");
    insightView.update(insight, model.get("threshold") != null, model.get("metric"));
    table.root.hidden = !insight; // no pass yet (or a Python without one): no empty table
    table.setTables(insight?.tables ?? null, model.get("_texts"), model.get("_labels"), columnsOf(model));
    table.highlight(model.get("selection") ?? null);
    drawHistogram();
  };
  const onSelection = () => {
    const cell = model.get("selection") ?? null;
    const shown = cell && view.cells.cellAt(maps.toDisplay(cell[0]), columnMaps.toDisplay(cell[1]));
    view.setSelection(cell && [maps.toDisplay(cell[0]), columnMaps.toDisplay(cell[1])]);
    panel.show(pairAt(model, cell, shown?.exact ? shown.value : undefined), model.get("metric"));
    table.highlight(cell);
  };

  const unsubscribe = subscribe(model, { data: onData, style: onStyle, selection: onSelection, insight: onInsight });
  onData();

  // Light or dark as the host is, also when it switches while the widget is shown.
  const theme = watchTheme(root, (colours) => view.setTheme(colours));
  view.setTheme(applyTheme(root));

  // ipywidgets marks the model's comm dead when the kernel restarts (comm_live false,
  // "comm_live_update"); it never comes back to life: a new kernel has new widgets.
  const onCommLive = () => {
    if (/** @type {{comm_live?: boolean}} */ (model).comm_live === true) return;
    root.dataset.disconnected = "true";
    if (root.querySelector(".simheat-disconnected")) return;
    const notice = Object.assign(document.createElement("p"), { className: "simheat-disconnected", textContent: DISCONNECTED });
    notice.setAttribute("role", "status");
    root.prepend(notice);
  };
  model.on("comm_live_update", onCommLive);

  // Follow the width of the output area once the element is in the page, and the window's height.
  const fit = () => {
    theme.check(); // computed colours exist only once in the page
    const full = body.clientWidth;
    const width = full >= SIDE_BY_SIDE_MIN_WIDTH ? full - PANEL_WIDTH : full;
    if (width > 200) view.resize(width);
  };
  const resizer = new ResizeObserver(fit);
  resizer.observe(body);
  window.addEventListener("resize", fit);

  return () => {
    clearTimeout(saveTimer);
    resizer.disconnect();
    window.removeEventListener("resize", fit);
    theme.stop();
    model.off("comm_live_update", onCommLive);
    unsubscribe();
    requests?.dispose();
    view.destroy();
    root.remove();
  };
}
