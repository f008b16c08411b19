/**
 * The heatmap: Plotly draws the axes, title, colour bar and selection outline and owns
 * zoom and pan; the cells are painted into a canvas under Plotly's transparent plot area.
 * Recolouring is one pass over the cells with a lookup table (a few ms) instead of a
 * Plotly re-plot of N² cells (seconds). Cells come as tiles: an overview of the whole
 * matrix and, once zoomed in, a finer tile of the visible window (see tiles.js).
 */
import Plotly from "./plotly.js";
import { buildLut, colorscaleStops } from "./colors.js";
import { axisTicks, formatSimilarity, truncate } from "./format.js";
import { paintCells } from "./raster.js";
import { MAX_CELLS, needsDetail, tileCellAt, visibleSpan } from "./tiles.js";

/** @typedef {import("./tiles.js").Tile} Tile */
/** @typedef {import("./tiles.js").TileCell} TileCell */

/**
 * @typedef {object} FigureStyle
 * @property {number} zmin
 * @property {number} zmax
 * @property {string} colorscale
 * @property {string} title
 * @property {string} xaxisTitle
 * @property {string} yaxisTitle
 * @property {string} colorLabel
 * @property {number} height
 */

/**
 * @typedef {object} ViewEvents
 * @property {(row: number, col: number) => void} onSelect  An exact cell was clicked (display indices).
 * @property {(rows: [number, number], cols: [number, number]) => void} onSelectBlock  An aggregated cell was clicked.
 * @property {(rows: [number, number], cols: [number, number], maxSide: number) => void} onWindow  The view needs finer cells.
 */

/** @typedef {{tile: Tile, canvas: HTMLCanvasElement, image: ImageData, key: string}} PaintedTile */

const HOVER_CHARS = 80;
const CLICK_SLOP_PX = 4;
const SELECTION_COLOR = "#e4572e";
const WINDOW_DEBOUNCE_MS = 60;
/** Re-plots allowed to fit the width to Plotly's margins after a change. */
const MAX_REFITS = 2;

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
    this.canvas = document.createElement("canvas");
    this.canvas.className = "simheat-cells";
    this.graph = /** @type {any} */ (document.createElement("div"));
    this.graph.className = "simheat-graph";
    this.tooltip = document.createElement("div");
    this.tooltip.className = "simheat-tooltip";
    this.tooltip.hidden = true;
    this.root.append(this.canvas, this.graph, this.tooltip);
    parent.append(this.root);

    this.n = 0;
    /** Display labels and texts (already in display order). @type {string[]} */
    this.labels = [];
    /** @type {string[]} */
    this.texts = [];
    /** @type {PaintedTile | null} */
    this.base = null;
    /** @type {PaintedTile | null} */
    this.detail = null;
    /** @type {[number, number] | null} */
    this.selection = null;
    /** @type {FigureStyle | null} */
    this.style = null;
    this.plotted = false;
    this.queued = false;
    /** Plotly's uirevision: the user's zoom survives updates until this changes. */
    this.revision = 0;
    this.refits = 0;
    /** @type {Promise<unknown>} */
    this.ready = Promise.resolve();
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.windowTimer = undefined;
    this.listen();
  }

  /**
   * Show a new matrix: its overview tile and display-ordered labels and texts.
   * @param {Tile} overview
   * @param {string[]} labels
   * @param {string[]} texts
   */
  setData(overview, labels, texts) {
    // New rows (other data or another order): zoom back out on the next plot.
    if (labels !== this.labels) this.revision += 1;
    this.n = overview.rowStop;
    this.labels = labels;
    this.texts = texts;
    this.base = this.paintTile(overview);
    this.detail = null;
    this.draw();
    this.requestWindow();
  }

  /**
   * A finer tile of the visible window arrived.
   * @param {Tile} tile
   */
  setDetail(tile) {
    this.detail = this.paintTile(tile);
    this.draw();
  }

  /**
   * Apply colours, titles and size; repaints cells only when the colours changed.
   * @param {FigureStyle} style
   */
  setStyle(style) {
    this.style = style;
    this.refits = 0;
    for (const painted of [this.base, this.detail]) if (painted) this.repaint(painted);
    this.draw();
    return this.plot();
  }

  /** @param {[number, number] | null} cell  Display (row, col). */
  setSelection(cell) {
    this.selection = cell;
    return this.plot();
  }

  /** @param {number} width */
  resize(width) {
    if (Math.abs(width - this.width) < 2) return this.ready;
    this.width = width;
    this.refits = 0;
    return this.plot();
  }

  /**
   * Give a tile its own off-screen canvas, one pixel per cell.
   * @param {Tile} tile
   * @returns {PaintedTile}
   */
  paintTile(tile) {
    const canvas = document.createElement("canvas");
    canvas.width = tile.cols;
    canvas.height = tile.rows;
    // One pixel buffer per tile, reused by every recolouring (a slider drag repaints often).
    const image = new ImageData(Math.max(1, tile.cols), Math.max(1, tile.rows));
    const painted = { tile, canvas, image, key: "" };
    this.repaint(painted);
    return painted;
  }

  /** @param {PaintedTile} painted */
  repaint(painted) {
    if (!this.style) return;
    const { zmin, zmax, colorscale } = this.style;
    const key = `${zmin}|${zmax}|${colorscale}`;
    if (key === painted.key) return;
    const { tile, image } = painted;
    paintCells(tile.values, buildLut(colorscaleStops(colorscale)), zmin, zmax, new Uint32Array(image.data.buffer));
    painted.canvas.getContext("2d")?.putImageData(image, 0, 0);
    painted.key = key;
  }

  /**
   * Draw or update the Plotly figure; resolves when it is on screen. Calls made while an
   * update is queued are merged into it: it reads the latest state when it runs.
   */
  plot() {
    if (!this.style || this.queued) return this.ready;
    this.queued = true;
    const first = !this.plotted;
    this.plotted = true;
    this.ready = this.ready
      .then(() => {
        this.queued = false;
        const { data, layout, config } = this.figure(/** @type {FigureStyle} */ (this.style));
        return (first ? Plotly.newPlot : Plotly.react)(this.graph, data, layout, config);
      })
      .then(() => {
        if (first) this.listenPlotly();
        this.draw();
        // The margins are known only now: refit if the guess was off. Margins depend on
        // the width (tick labels), so this is bounded: it must not chase its own tail.
        const planned = this.graph._fullLayout.width;
        const wanted = this.fit(/** @type {FigureStyle} */ (this.style).height).width;
        if (Math.abs(wanted - planned) > 4 && this.refits < MAX_REFITS) {
          this.refits += 1;
          this.plot();
        }
      })
      .catch((error) => console.error("simheat: could not draw the heatmap", error));
    return this.ready;
  }

  /**
   * The Plotly figure: an invisible 2-cell heatmap carries the colour bar; axes span the
   * cells; the selection is a rectangle shape.
   * @param {FigureStyle} style
   */
  figure(style) {
    const n = this.n;
    const full = this.graph._fullLayout;
    const xRange = full?.xaxis?.range ?? [-0.5, n - 0.5];
    const yRange = full?.yaxis?.range ?? [n - 0.5, -0.5];
    const { width, side } = this.fit(style.height);
    const colorbar = {
      type: "heatmap",
      z: [[style.zmin, style.zmax]],
      zmin: style.zmin,
      zmax: style.zmax,
      zauto: false,
      colorscale: colorscaleStops(style.colorscale),
      opacity: 0,
      hoverinfo: "skip",
      colorbar: { title: { text: style.colorLabel, side: "right" }, thickness: 14 },
    };
    const axis = { showgrid: false, zeroline: false, ticks: "outside", ticklen: 3, automargin: true };
    const layout = {
      width,
      height: style.height,
      title: { text: style.title, x: 0.02, xanchor: "left" },
      margin: { l: 60, r: 20, t: 50, b: 50 },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      dragmode: "zoom",
      hovermode: false,
      uirevision: this.revision,
      xaxis: {
        ...axis,
        ...axisTicks(xRange, n, this.labels, side),
        title: { text: style.xaxisTitle },
        range: [-0.5, n - 0.5],
        constrain: "domain",
      },
      yaxis: {
        ...axis,
        ...axisTicks(yRange, n, this.labels, side),
        title: { text: style.yaxisTitle },
        range: [n - 0.5, -0.5],
        scaleanchor: "x",
        constrain: "domain",
      },
      shapes: this.selectionShapes(),
    };
    const config = {
      displaylogo: false,
      responsive: false,
      showTips: false,
      // toImage would miss the canvas cells; select/lasso mean nothing on a heatmap.
      modeBarButtonsToRemove: ["toImage", "select2d", "lasso2d", "autoScale2d"],
    };
    return { data: [colorbar], layout, config };
  }

  /**
   * Figure width and plot side for square cells: the margins Plotly settled on last time
   * (tick labels, colour bar) plus a square plot area, so no empty band is left between
   * the cells and the colour bar. Before the first plot, the margins are a guess.
   * @param {number} height
   */
  fit(height) {
    const size = this.graph._fullLayout?._size ?? { l: 110, r: 110, t: 50, b: 110 };
    const side = Math.max(100, height - size.t - size.b);
    const width = Math.min(this.width, Math.round(size.l + side + size.r));
    return { width, side: Math.min(side, width - size.l - size.r) };
  }

  /** Outline of the selected cell, and a dashed one on its mirror across the diagonal. */
  selectionShapes() {
    if (!this.selection) return [];
    const [row, col] = this.selection;
    /** @param {number} r @param {number} c @param {string} dash */
    const box = (r, c, dash) => ({
      type: "rect",
      x0: c - 0.5,
      x1: c + 0.5,
      y0: r - 0.5,
      y1: r + 0.5,
      line: { color: SELECTION_COLOR, width: 2, dash },
      fillcolor: "rgba(0,0,0,0)",
    });
    return row === col ? [box(row, col, "solid")] : [box(row, col, "solid"), box(col, row, "dot")];
  }

  /**
   * Copy the visible part of each tile onto the screen canvas, aligned with Plotly's axes:
   * the overview first, the finer tile of the zoomed window over it.
   * @param {number[]} [xRange]  Override while a pan is in progress.
   * @param {number[]} [yRange]
   */
  draw(xRange, yRange) {
    const full = this.graph._fullLayout;
    if (!full?.xaxis || !this.n) return;
    const xa = full.xaxis;
    const ya = full.yaxis;
    const ratio = window.devicePixelRatio || 1;
    Object.assign(this.canvas.style, {
      left: `${xa._offset}px`,
      top: `${ya._offset}px`,
      width: `${xa._length}px`,
      height: `${ya._length}px`,
    });
    const w = Math.round(xa._length * ratio);
    const h = Math.round(ya._length * ratio);
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    const ctx = this.canvas.getContext("2d");
    if (!ctx) return;
    const [x0, x1] = [...(xRange ?? xa.range)].sort((a, b) => a - b);
    const [y0, y1] = [...(yRange ?? ya.range)].sort((a, b) => a - b);
    // Cell edges in data units → canvas pixels.
    const px = (/** @type {number} */ x) => ((x - x0) / (x1 - x0)) * w;
    const py = (/** @type {number} */ y) => ((y - y0) / (y1 - y0)) * h;
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, w, h);
    for (const painted of [this.base, this.detail]) {
      if (!painted) continue;
      const t = painted.tile;
      const left = px(t.colStart - 0.5);
      const top = py(t.rowStart - 0.5);
      ctx.save();
      // Clip to the tile's window: its last block may cover fewer rows than a full step.
      ctx.beginPath();
      ctx.rect(left, top, px(t.colStop - 0.5) - left, py(t.rowStop - 0.5) - top);
      ctx.clip();
      const right = px(t.colStart - 0.5 + t.cols * t.colStep);
      const bottom = py(t.rowStart - 0.5 + t.rows * t.rowStep);
      ctx.drawImage(painted.canvas, left, top, right - left, bottom - top);
      ctx.restore();
    }
  }

  /**
   * The display (row, col) under a pointer position, or null outside the cells.
   * @param {number} clientX
   * @param {number} clientY
   * @returns {[number, number] | null}
   */
  cellAt(clientX, clientY) {
    const full = this.graph._fullLayout;
    if (!full?.xaxis || !this.n) return null;
    const box = this.graph.getBoundingClientRect();
    const px = clientX - box.left - full.xaxis._offset;
    const py = clientY - box.top - full.yaxis._offset;
    if (px < 0 || py < 0 || px > full.xaxis._length || py > full.yaxis._length) return null;
    const col = Math.round(full.xaxis.p2l(px));
    const row = Math.round(full.yaxis.p2l(py));
    return row >= 0 && col >= 0 && row < this.n && col < this.n ? [row, col] : null;
  }

  /**
   * What the screen shows at display (row, col): the finest tile cell covering it.
   * @param {number} row
   * @param {number} col
   * @returns {TileCell | null}
   */
  tileCell(row, col) {
    const fine = this.detail && tileCellAt(this.detail.tile, row, col);
    return fine || (this.base && tileCellAt(this.base.tile, row, col));
  }

  /** Hover tooltip, click to select, and canvas redraws that follow Plotly's zoom and pan. */
  listen() {
    /** @type {{x: number, y: number} | null} */
    let down = null;
    const graph = this.graph;
    this.onPointerDown = (/** @type {PointerEvent} */ e) => {
      down = e.button === 0 ? { x: e.clientX, y: e.clientY } : null;
    };
    // Plotly covers the page while dragging, so the release is caught on the window.
    this.onPointerUp = (/** @type {PointerEvent} */ e) => {
      if (!down) return;
      const moved = Math.hypot(e.clientX - down.x, e.clientY - down.y);
      down = null;
      const at = moved <= CLICK_SLOP_PX ? this.cellAt(e.clientX, e.clientY) : null;
      const cell = at && this.tileCell(...at);
      if (!at || !cell) return;
      if (cell.exact) this.events.onSelect(...at);
      else this.events.onSelectBlock(cell.rows, cell.cols);
    };
    this.onPointerMove = (/** @type {PointerEvent} */ e) => {
      const at = e.buttons ? null : this.cellAt(e.clientX, e.clientY);
      this.showTooltip(at, e);
    };
    this.onPointerLeave = () => this.showTooltip(null);
    graph.addEventListener("pointerdown", this.onPointerDown, true);
    graph.addEventListener("pointermove", this.onPointerMove);
    graph.addEventListener("pointerleave", this.onPointerLeave);
    window.addEventListener("pointerup", this.onPointerUp, true);
  }

  /** Plotly events exist only once the graph has been plotted. */
  listenPlotly() {
    const graph = this.graph;
    graph.on("plotly_relayouting", (/** @type {Record<string, number>} */ e) =>
      this.draw(
        rangeFrom(e, "xaxis") ?? graph._fullLayout.xaxis.range,
        rangeFrom(e, "yaxis") ?? graph._fullLayout.yaxis.range,
      ),
    );
    // After a zoom or pan: new ticks for the visible cells, and finer cells if needed.
    graph.on("plotly_relayout", (/** @type {Record<string, unknown>} */ e) => {
      if (Object.keys(e).some((k) => k.startsWith("xaxis.") || k.startsWith("yaxis.") || k === "autosize")) {
        this.plot();
        this.requestWindow();
      }
    });
  }

  /** Ask for the visible window at screen resolution once the view settles (debounced). */
  requestWindow() {
    clearTimeout(this.windowTimer);
    this.windowTimer = setTimeout(() => {
      const full = this.graph._fullLayout;
      if (!full?.xaxis || !this.base) return;
      const rows = visibleSpan(full.yaxis.range, this.n);
      const cols = visibleSpan(full.xaxis.range, this.n);
      const screen = Math.max(full.xaxis._length, full.yaxis._length) * (window.devicePixelRatio || 1);
      const pixels = Math.min(MAX_CELLS, Math.ceil(screen));
      if (needsDetail(this.base.tile, rows, cols, pixels)) {
        this.events.onWindow(rows, cols, pixels);
      } else if (this.detail) {
        this.detail = null;
        this.draw();
      }
    }, WINDOW_DEBOUNCE_MS);
  }

  /**
   * @param {[number, number] | null} at  Display (row, col) under the pointer.
   * @param {PointerEvent} [event]
   */
  showTooltip(at, event) {
    const cell = at && this.tileCell(...at);
    if (!at || !cell || !event) {
      this.tooltip.hidden = true;
      return;
    }
    this.tooltip.replaceChildren(
      ...this.describe(at, cell).map((line) => Object.assign(document.createElement("div"), { textContent: line })),
    );
    const box = this.root.getBoundingClientRect();
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    this.tooltip.hidden = false;
    // Beside the pointer; on its left near the right edge, but never past the left edge.
    const w = this.tooltip.offsetWidth;
    const left = x + 12 + w <= box.width ? x + 12 : Math.max(0, x - w - 12);
    this.tooltip.style.left = `${left}px`;
    this.tooltip.style.top = `${y + 12}px`;
  }

  /**
   * Tooltip lines for the cell under the pointer: the pair, or the block it sums up.
   * @param {[number, number]} at
   * @param {TileCell} cell
   * @returns {string[]}
   */
  describe([row, col], cell) {
    if (cell.exact) {
      return [
        `${this.labels[row]} × ${this.labels[col]}: ${formatSimilarity(cell.value)}`,
        `row ${row}: ${truncate(this.texts[row], HOVER_CHARS)}`,
        `col ${col}: ${truncate(this.texts[col], HOVER_CHARS)}`,
      ];
    }
    const [r0, r1] = cell.rows;
    const [c0, c1] = cell.cols;
    return [
      `rows ${r0}–${r1 - 1} × cols ${c0}–${c1 - 1}: ${cell.aggregation} ${formatSimilarity(cell.value)}`,
      `a block of ${(r1 - r0) * (c1 - c0)} pairs; click to select its most similar pair, drag to zoom in`,
    ];
  }

  destroy() {
    clearTimeout(this.windowTimer);
    this.graph.removeEventListener("pointerdown", this.onPointerDown, true);
    this.graph.removeEventListener("pointermove", this.onPointerMove);
    this.graph.removeEventListener("pointerleave", this.onPointerLeave);
    window.removeEventListener("pointerup", this.onPointerUp, true);
    Plotly.purge(this.graph);
    this.root.remove();
  }
}

/**
 * Read an axis range from a Plotly relayout event, e.g. {"xaxis.range[0]": a, "xaxis.range[1]": b}.
 * @param {Record<string, unknown>} event
 * @param {string} axis
 * @returns {number[] | undefined}
 */
export function rangeFrom(event, axis) {
  const a = event[`${axis}.range[0]`];
  const b = event[`${axis}.range[1]`];
  if (typeof a === "number" && typeof b === "number") return [a, b];
  const range = event[`${axis}.range`];
  return Array.isArray(range) ? range : undefined;
}
