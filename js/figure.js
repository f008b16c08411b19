/**
 * The heatmap view: Plotly draws the axes, title, colour bar and selection outline and owns
 * zoom and pan (plotly-adapter.js); the cells are painted on a canvas under Plotly's
 * transparent plot area (cell-layer.js). Cells come as tiles: an overview of the whole
 * matrix and, once zoomed in, a finer tile of the visible window that this view asks for.
 */
import { CellLayer } from "./cell-layer.js";
import { boundaries, buildFigure, fitSquare, zoomRanges } from "./figure-layout.js";
import { keyAction, panTo, zoomRange } from "./keyboard.js";
import { PlotlyGraph } from "./plotly-adapter.js";
import { cellUnder, followPointer, toPixel } from "./pointer.js";
import { needsDetail, visibleSpan } from "./tiles.js";
import { Tooltip, describeCell, readCell } from "./tooltip.js";

/** @typedef {import("./tiles.js").Tile} Tile */
/** @typedef {import("./figure-layout.js").FigureStyle} FigureStyle */
/** @typedef {import("./theme.js").Theme} Theme */

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
const KEYS_HELP = "Arrow keys move between cells, Page Up and Page Down by a screen, Enter selects, Escape clears, plus and minus zoom.";

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
    // The keyboard's way in: focusable, its keys its own (not the notebook's shortcuts).
    this.root.tabIndex = 0;
    this.root.setAttribute("role", "application");
    this.root.setAttribute("aria-roledescription", "similarity heatmap");
    this.root.setAttribute("aria-label", `Similarity heatmap. ${KEYS_HELP}`);
    this.root.setAttribute("data-lm-suppress-shortcuts", "true");
    const canvas = document.createElement("canvas");
    canvas.className = "simheat-cells";
    this.graphElement = document.createElement("div");
    this.graphElement.className = "simheat-graph";
    this.cursorElement = document.createElement("div");
    this.cursorElement.className = "simheat-cursor";
    this.cursorElement.hidden = true;
    /** Read by screen readers when the cursor moves. */
    this.live = document.createElement("div");
    this.live.className = "simheat-live";
    this.live.setAttribute("aria-live", "polite");
    this.root.append(canvas, this.graphElement, this.cursorElement, this.live);
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
    this.n = 0;
    /** Display labels and texts (already in display order). @type {string[]} */
    this.labels = [];
    /** @type {string[]} */
    this.texts = [];
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
    /** The keyboard's cell, display (row, col). @type {[number, number] | null} */
    this.cursor = null;
    /** The heatmap has the focus from the keyboard: the cursor shows (not after a click). */
    this.keyboardFocus = false;
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
    this.unfollow = () => {};
    this.listen();
  }

  /**
   * Show a new matrix: its overview tile and display-ordered labels and texts.
   * @param {Tile} overview
   * @param {string[]} labels
   * @param {string[]} texts
   * @param {string[]} [groups]  One per text in display order; empty without groups.
   */
  setData(overview, labels, texts, groups = []) {
    // New rows (other data or another order): zoom back out on the next plot.
    if (labels !== this.labels) this.revision += 1;
    this.n = overview.rowStop;
    this.labels = labels;
    this.texts = texts;
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
    const { x, y } = zoomRanges(row, col, span, this.n);
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
      labels: this.labels,
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
    this.drawCursor();
  }

  /** Outline the keyboard's cell (its block, in an overview), clipped to the plot area. */
  drawCursor() {
    const area = this.graph.area();
    const cell = this.cursor && this.cells.cellAt(...this.cursor);
    if (!area || !cell || !this.keyboardFocus) {
      this.cursorElement.hidden = true;
      return;
    }
    const xs = cell.cols.map((c) => toPixel(area.x, c - 0.5));
    const ys = cell.rows.map((r) => toPixel(area.y, r - 0.5));
    const clip = (/** @type {number} */ p, /** @type {number} */ length) => Math.min(length, Math.max(0, p));
    const left = clip(Math.min(...xs), area.x.length);
    const right = clip(Math.max(...xs), area.x.length);
    const top = clip(Math.min(...ys), area.y.length);
    const bottom = clip(Math.max(...ys), area.y.length);
    this.cursorElement.hidden = right - left < 1 || bottom - top < 1;
    Object.assign(this.cursorElement.style, {
      left: `${area.x.offset + left}px`,
      top: `${area.y.offset + top}px`,
      width: `${right - left}px`,
      height: `${bottom - top}px`,
    });
  }

  /**
   * A key pressed on the focused heatmap; true if it was the heatmap's.
   * @param {string} key
   */
  onKey(key) {
    const area = this.graph.area();
    if (!area || !this.n) return false;
    const under = this.cursor && this.cells.cellAt(...this.cursor);
    const rows = visibleSpan(area.y.range, this.n);
    const step = under ? under.rows[1] - under.rows[0] : 1;
    const result = keyAction(key, this.cursor, { n: this.n, step, page: rows[1] - rows[0] });
    if (!result) return false;
    this.keyboardFocus = true;
    const [row, col] = result.cursor;
    const cell = this.cells.cellAt(row, col);
    if (result.action === "select" && cell) {
      if (cell.exact) this.events.onSelect(row, col);
      else this.events.onSelectBlock(cell.rows, cell.cols);
    } else if (result.action === "clear") {
      this.events.onClear();
    } else if (result.action === "zoomIn" || result.action === "zoomOut") {
      const factor = result.action === "zoomIn" ? 0.5 : 2;
      this.graph.zoomTo(zoomRange(area.x.range, col, factor, this.n), zoomRange(area.y.range, row, factor, this.n));
    } else if (result.action === "move") {
      this.moveCursor(result.cursor);
    }
    return true;
  }

  /**
   * Put the keyboard's cell at display (row, col), pan it into view, and read it out.
   * @param {[number, number]} at
   * @param {boolean} [pan]  Pan the view to show it (not on focus: a click must not move the view).
   */
  moveCursor(at, pan = true) {
    this.cursor = at;
    const area = this.graph.area();
    if (area && pan) {
      const x = panTo(area.x.range, at[1]);
      const y = panTo(area.y.range, at[0]);
      if (x !== area.x.range || y !== area.y.range) this.graph.zoomTo(x, y);
    }
    const cell = this.cells.cellAt(...at);
    if (cell) this.live.textContent = readCell(at, cell, this.labels);
    this.drawCursor();
  }

  /**
   * The display (row, col) under a pointer position, or null outside the cells.
   * @param {number} clientX
   * @param {number} clientY
   * @returns {[number, number] | null}
   */
  cellAt(clientX, clientY) {
    const area = this.graph.area();
    const box = this.graphElement.getBoundingClientRect();
    return area && this.n ? cellUnder(area, clientX - box.left, clientY - box.top, this.n) : null;
  }

  /** Hover tooltip and click to select; Plotly handles the drags. */
  listen() {
    /** @param {number} clientX @param {number} clientY */
    const under = (clientX, clientY) => {
      const at = this.cellAt(clientX, clientY);
      const cell = at && this.cells.cellAt(...at);
      return at && cell ? { at, cell } : null;
    };
    this.unfollow = followPointer(this.graphElement, {
      onClick: (clientX, clientY) => {
        const hit = under(clientX, clientY);
        if (hit?.cell.exact) this.events.onSelect(...hit.at);
        else if (hit) this.events.onSelectBlock(hit.cell.rows, hit.cell.cols);
      },
      onHover: (clientX, clientY) => {
        const hit = under(clientX, clientY);
        if (hit) this.tooltip.show(describeCell(hit.at, hit.cell, this.labels, this.texts, this.groups), clientX, clientY);
        else this.tooltip.hide();
      },
      onLeave: () => this.tooltip.hide(),
    });
    /** @param {KeyboardEvent} event */
    const onKeyDown = (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (this.onKey(event.key)) {
        event.preventDefault(); // no page scroll on arrows and Space
        event.stopPropagation(); // nor the notebook's own shortcuts
      }
    };
    // Focus shows the cursor where the selection is (or the first cell), and reads it.
    const onFocus = () => {
      this.keyboardFocus = this.root.matches(":focus-visible");
      this.moveCursor(this.cursor ?? this.selection ?? [0, 0], false);
    };
    const onBlur = () => {
      this.keyboardFocus = false;
      this.drawCursor();
    };
    const onPointerDown = () => {
      this.keyboardFocus = false;
      this.drawCursor();
    };
    this.root.addEventListener("keydown", onKeyDown);
    this.root.addEventListener("focus", onFocus);
    this.root.addEventListener("blur", onBlur);
    this.root.addEventListener("pointerdown", onPointerDown);
    const unfollow = this.unfollow;
    this.unfollow = () => {
      unfollow();
      this.root.removeEventListener("keydown", onKeyDown);
      this.root.removeEventListener("focus", onFocus);
      this.root.removeEventListener("blur", onBlur);
      this.root.removeEventListener("pointerdown", onPointerDown);
    };
  }

  /** Ask for the visible window at screen resolution once the view settles (debounced). */
  requestWindow() {
    clearTimeout(this.windowTimer);
    this.windowTimer = setTimeout(() => {
      const area = this.graph.area();
      const overview = this.cells.overview;
      if (!area || !overview) return;
      const rows = visibleSpan(area.y.range, this.n);
      const cols = visibleSpan(area.x.range, this.n);
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
    this.graph.purge();
    this.root.remove();
  }
}
