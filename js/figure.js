/**
 * The heatmap view: Plotly draws the axes, title, colour bar and selection outline and owns
 * zoom and pan (plotly-adapter.js); the cells are painted on a canvas under Plotly's
 * transparent plot area (cell-layer.js). Cells come as tiles: an overview of the whole
 * matrix and, once zoomed in, a finer tile of the visible window that this view asks for.
 */
import { CellLayer } from "./cell-layer.js";
import { boundaries, buildFigure, fitSquare, zoomRanges } from "./figure-layout.js";
import { KeyboardCursor } from "./keyboard-cursor.js";
import { PlotlyGraph } from "./plotly-adapter.js";
import { listenPointer } from "./pointer.js";
import { needsDetail, visibleSpan } from "./tiles.js";
import { Tooltip } from "./tooltip.js";

/** @typedef {import("./tiles.js").Tile} Tile */
/** @typedef {import("./figure-layout.js").FigureStyle} FigureStyle */
/** @typedef {import("./theme.js").Theme} Theme */
/** @typedef {import("./tooltip.js").Columns} Columns */

/**
 * @typedef {object} ViewEvents
 * @property {(row: number, col: number) => void} onSelect  An exact cell was clicked (display indices).
 * @property {(rows: [number, number], cols: [number, number]) => void} onSelectBlock  An aggregated cell was clicked.
 * @property {(rows: [number, number], cols: [number, number], maxSide: number) => void} onWindow  The view needs finer cells.
 * @property {() => void} onClear  Escape: no cell selected.
 */

const WINDOW_DEBOUNCE_MS = 60;
/** Re-plots allowed to fit the width to Plotly's margins after a change. */
const MAX_REFITS = 2;
/** Share of the window's height a figure of automatic height may take. */
const VIEWPORT_SHARE = 0.85;

export class HeatmapView {
  /**
   * @param {HTMLElement} parent  Where the plot goes.
   * @param {{width: number} & ViewEvents} options
   */
  constructor(parent, { width, ...events }) {
    this.width = width;
    this.events = events;
    this.root = document.createElement("div");
    this.root.className = "simheat-plot";
    const canvas = document.createElement("canvas");
    canvas.className = "simheat-cells";
    this.graphElement = document.createElement("div");
    this.graphElement.className = "simheat-graph";
    this.root.append(canvas, this.graphElement);
    this.tooltip = new Tooltip(this.root);
    parent.append(this.root);

    this.cells = new CellLayer(canvas);
    this.graph = new PlotlyGraph(this.graphElement, {
      onZooming: (x, y) => this.draw(x, y),
      // After a zoom or pan: new ticks for the visible cells, and finer cells if needed.
      onZoomed: () => {
        this.refits = 0; // new ticks, new margins: the width may need refitting again
        this.plot();
        this.requestWindow();
      },
    });
    /** Rows and columns of the matrix (equal for one set of texts). */
    this.n = 0;
    this.m = 0;
    /** Display labels and texts of the rows (already in display order). @type {string[]} */
    this.labels = [];
    /** @type {string[]} */
    this.texts = [];
    /** The columns' own labels and texts (N × M), in display order; null: the rows'. @type {Columns | null} */
    this.columns = null;
    /** Display groups (empty without groups) and the positions where one ends. @type {string[]} */
    this.groups = [];
    /** @type {number[]} */
    this.boundaries = [];
    /** @type {[number, number] | null} */
    this.selection = null;
    /** @type {FigureStyle | null} */
    this.style = null;
    /** @type {Theme | null} */
    this.theme = null;
    this.maxHeight = Math.round(window.innerHeight * VIEWPORT_SHARE);
    this.queued = false;
    /** Plotly's uirevision: the user's zoom survives updates until this changes. */
    this.revision = 0;
    this.refits = 0;
    /** @type {Promise<unknown>} */
    this.ready = Promise.resolve();
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.windowTimer = undefined;
    /** Stops following the pointer. */
    this.unfollow = listenPointer(this);
    this.keys = new KeyboardCursor(this);
  }

  /**
   * Show a new matrix: its overview tile and display-ordered labels and texts.
   * @param {Tile} overview
   * @param {string[]} labels
   * @param {string[]} texts
   * @param {string[]} [groups]  One per text in display order; empty without groups.
   * @param {Columns | null} [columns]  The column texts of N × M (display order); null for one set.
   */
  setData(overview, labels, texts, groups = [], columns = null) {
    // New rows or columns (other data or another order): zoom back out on the next plot.
    if (labels !== this.labels || columns?.labels !== this.columns?.labels) this.revision += 1;
    this.n = overview.rowStop;
    this.m = overview.colStop;
    this.labels = labels;
    this.texts = texts;
    this.columns = columns;
    this.groups = groups;
    this.boundaries = boundaries(groups);
    this.cells.setOverview(overview);
    this.draw();
    this.requestWindow();
  }

  /** A finer tile of the visible window arrived. @param {Tile} tile */
  setDetail(tile) {
    this.cells.setDetail(tile);
    this.draw();
  }

  /** Apply colours, titles, size and threshold; repaints cells only when their colours changed. @param {FigureStyle} style */
  setStyle(style) {
    const before = this.style;
    this.style = style;
    this.cells.recolor(style);
    this.draw();
    // A threshold only recolours cells: the Plotly figure (axes, colour bar) stays as it is.
    const same = before && Object.entries(style).every(([key, value]) => key === "threshold" || before[/** @type {keyof FigureStyle} */ (key)] === value);
    if (same) return this.ready;
    this.refits = 0;
    return this.plot();
  }

  /** The host's colours changed (theme.js). @param {Theme} theme */
  setTheme(theme) {
    this.theme = theme;
    return this.plot();
  }

  /** @param {[number, number] | null} cell  Display (row, col). */
  setSelection(cell) {
    this.selection = cell;
    return this.plot();
  }

  /**
   * Zoom to `span` cells around display (row, col); the finer cells follow as after any zoom.
   * @param {number} row
   * @param {number} col
   * @param {number} span
   */
  zoomTo(row, col, span) {
    const { x, y } = zoomRanges(row, col, span, this.n, this.m);
    return this.ready.then(() => this.graph.zoomTo(x, y));
  }

  /** The room changed: the output's width, or the window's height. @param {number} width */
  resize(width) {
    const maxHeight = Math.round(window.innerHeight * VIEWPORT_SHARE);
    if (Math.abs(width - this.width) < 2 && maxHeight === this.maxHeight) return this.ready;
    this.width = width;
    this.maxHeight = maxHeight;
    this.refits = 0;
    return this.plot();
  }

  /**
   * Draw or update the Plotly figure; resolves when it is on screen. Calls made while an
   * update is queued are merged into it: it reads the latest state when it runs.
   */
  plot() {
    if (!this.style || this.queued) return this.ready;
    this.queued = true;
    this.ready = this.ready
      .then(() => {
        this.queued = false;
        return this.graph.draw(this.figure(/** @type {FigureStyle} */ (this.style)));
      })
      .then(() => {
        this.draw();
        // The margins are known only now: refit if the guess was off. Margins depend on
        // the width (tick labels), so this is bounded: it must not chase its own tail.
        const planned = this.graph.width() ?? 0;
        const wanted = this.size(/** @type {FigureStyle} */ (this.style)).width;
        if (Math.abs(wanted - planned) > 4 && this.refits < MAX_REFITS) {
          this.refits += 1;
          this.plot();
        }
      })
      .catch((error) => console.error("simheat: could not draw the heatmap", error));
    return this.ready;
  }

  /** @param {FigureStyle} style */
  figure(style) {
    const area = this.graph.area();
    return buildFigure({
      n: this.n,
      m: this.m,
      labels: this.labels,
      columnLabels: this.columns?.labels ?? this.labels,
      style,
      selection: this.selection,
      boundaries: this.boundaries,
      revision: this.revision,
      xRange: area?.x.range ?? null,
      yRange: area?.y.range ?? null,
      size: this.size(style),
      theme: this.theme?.fg ? this.theme : null, // none until the root is in the page
    });
  }

  /** @param {FigureStyle} style */
  size(style) {
    return fitSquare(this.width, style.height, this.graph.margins(), this.maxHeight);
  }

  /**
   * Composite the cells under the axes.
   * @param {[number, number]} [xRange]  Override while a pan is in progress.
   * @param {[number, number]} [yRange]
   */
  draw(xRange, yRange) {
    const area = this.graph.area();
    if (area && this.n) this.cells.draw(area, xRange, yRange);
    this.keys?.draw();
  }

  /** Ask for the visible window at screen resolution once the view settles (debounced). */
  requestWindow() {
    clearTimeout(this.windowTimer);
    this.windowTimer = setTimeout(() => {
      const area = this.graph.area();
      const overview = this.cells.overview;
      if (!area || !overview) return;
      const rows = visibleSpan(area.y.range, this.n);
      const cols = visibleSpan(area.x.range, this.m);
      const screen = Math.max(area.x.length, area.y.length) * (window.devicePixelRatio || 1);
      // Never more than Python sends: its cap travels with the overview.
      const pixels = Math.min(overview.maxSide, Math.ceil(screen));
      if (needsDetail(overview, rows, cols, pixels)) {
        this.events.onWindow(rows, cols, pixels);
      } else if (this.cells.clearDetail()) {
        this.draw();
      }
    }, WINDOW_DEBOUNCE_MS);
  }

  destroy() {
    clearTimeout(this.windowTimer);
    this.unfollow();
    this.keys.dispose();
    this.graph.purge();
    this.root.remove();
  }
}
