/**
 * The heatmap: Plotly draws the axes, title, colour bar and selection outline and owns
 * zoom and pan; the cells themselves are painted into a canvas under Plotly's transparent
 * plot area. Recolouring is then one pass over the matrix with a lookup table (a few ms)
 * instead of a Plotly re-plot of N² cells (seconds).
 */
import Plotly from "./plotly.js";
import { buildLut, colorscaleStops } from "./colors.js";
import { axisTicks, formatSimilarity, truncate } from "./format.js";
import { paintCells } from "./raster.js";

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

/** @typedef {[number, number] | null} Cell  (row, col) in input order. */

const HOVER_CHARS = 80;
const CLICK_SLOP_PX = 4;
const SELECTION_COLOR = "#e4572e";

export class HeatmapView {
  /**
   * @param {HTMLElement} parent  Where the plot goes.
   * @param {{width: number, onSelect: (cell: [number, number]) => void}} options
   */
  constructor(parent, { width, onSelect }) {
    this.width = width;
    this.onSelect = onSelect;
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

    /** Off-screen canvas with one pixel per cell, recoloured on colour changes. */
    this.cells = document.createElement("canvas");
    this.n = 0;
    /** @type {ArrayLike<number>} */
    this.values = new Float32Array(0);
    /** @type {string[]} */
    this.labels = [];
    /** @type {string[]} */
    this.texts = [];
    /** @type {Cell} */
    this.selection = null;
    /** @type {FigureStyle | null} */
    this.style = null;
    this.plotted = false;
    this.queued = false;
    /** @type {Promise<unknown>} */
    this.ready = Promise.resolve();
    this.listen();
  }

  /**
   * Show a new matrix.
   * @param {ArrayLike<number>} values  Row-major n×n similarities.
   * @param {number} n
   * @param {string[]} labels
   * @param {string[]} texts
   */
  setData(values, n, labels, texts) {
    this.values = values;
    this.n = n;
    this.labels = labels;
    this.texts = texts;
    this.cells.width = n;
    this.cells.height = n;
    this.image = new ImageData(Math.max(n, 1), Math.max(n, 1));
    this.pixels = new Uint32Array(this.image.data.buffer);
    this.paintedKey = "";
  }

  /**
   * Apply colours, titles and size; repaints cells only when the colours changed.
   * @param {FigureStyle} style
   */
  setStyle(style) {
    this.style = style;
    this.paint();
    return this.plot();
  }

  /** @param {Cell} cell */
  setSelection(cell) {
    this.selection = cell;
    return this.plot();
  }

  /** @param {number} width */
  resize(width) {
    if (Math.abs(width - this.width) < 2) return this.ready;
    this.width = width;
    return this.plot();
  }

  /** Paint the off-screen cells for the current colour range and scale. */
  paint() {
    const style = /** @type {FigureStyle} */ (this.style);
    const key = `${style.zmin}|${style.zmax}|${style.colorscale}|${this.n}`;
    if (key === this.paintedKey || !this.image || !this.pixels) return;
    const lut = buildLut(colorscaleStops(style.colorscale));
    paintCells(this.values, lut, style.zmin, style.zmax, this.pixels);
    this.cells.getContext("2d")?.putImageData(this.image, 0, 0);
    this.paintedKey = key;
    this.draw();
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
        // The margins are known only now: refit once if the guess was off.
        const planned = this.graph._fullLayout.width;
        if (Math.abs(this.fit(/** @type {FigureStyle} */ (this.style).height).width - planned) > 4) this.plot();
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
      uirevision: n,
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
   * Copy the visible window of cells onto the screen canvas, aligned with Plotly's axes.
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
    const [x0, x1] = [...(xRange ?? xa.range)].sort((a, b) => a - b);
    const [y0, y1] = [...(yRange ?? ya.range)].sort((a, b) => a - b);
    const ctx = this.canvas.getContext("2d");
    if (!ctx) return;
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, w, h);
    ctx.drawImage(this.cells, x0 + 0.5, y0 + 0.5, x1 - x0, y1 - y0, 0, 0, w, h);
  }

  /**
   * The cell under a pointer position, or null outside the cells.
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
      const cell = moved <= CLICK_SLOP_PX ? this.cellAt(e.clientX, e.clientY) : null;
      if (cell) this.onSelect(cell);
    };
    this.onPointerMove = (/** @type {PointerEvent} */ e) => {
      const cell = e.buttons ? null : this.cellAt(e.clientX, e.clientY);
      this.showTooltip(cell, e);
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
    // After a zoom or pan: new ticks for the visible cells (this redraws the canvas too).
    graph.on("plotly_relayout", (/** @type {Record<string, unknown>} */ e) => {
      if (Object.keys(e).some((k) => k.startsWith("xaxis.") || k.startsWith("yaxis.") || k === "autosize")) {
        this.plot();
      }
    });
  }

  /**
   * @param {[number, number] | null} cell
   * @param {PointerEvent} [event]
   */
  showTooltip(cell, event) {
    if (!cell || !event) {
      this.tooltip.hidden = true;
      return;
    }
    const [row, col] = cell;
    const lines = [
      `${this.labels[row]} × ${this.labels[col]}: ${formatSimilarity(this.values[row * this.n + col])}`,
      `row ${row}: ${truncate(this.texts[row], HOVER_CHARS)}`,
      `col ${col}: ${truncate(this.texts[col], HOVER_CHARS)}`,
    ];
    this.tooltip.replaceChildren(
      ...lines.map((line) => Object.assign(document.createElement("div"), { textContent: line })),
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

  destroy() {
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
