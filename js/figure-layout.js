/**
 * The Plotly figure as plain data: an invisible two-cell heatmap that carries the colour
 * bar, axes spanning the cells with label ticks, the selection as rectangle shapes, and a
 * width that keeps the cells square. Cells themselves are on a canvas (cell-layer.js).
 */
import { colorscaleStops } from "./colors.js";
import { axisTicks } from "./format.js";

/** @typedef {import("./plotly-adapter.js").Margins} Margins */
/** @typedef {import("./plotly-adapter.js").PlotlyFigure} PlotlyFigure */

/** @typedef {import("./traits.js").Style} FigureStyle  One key a style trait (traits.js). */

/**
 * @typedef {object} FigureState  Everything the figure shows.
 * @property {number} n  Rows of the matrix.
 * @property {number} [m]  Columns of the matrix (default `n`: one set of texts).
 * @property {string[]} labels  Row labels, in display order.
 * @property {string[]} [columnLabels]  Column labels in display order (default `labels`).
 * @property {FigureStyle} style
 * @property {[number, number] | null} selection  Display (row, col).
 * @property {number[]} [boundaries]  Display positions after which a new group starts.
 * @property {number} revision  Plotly's uirevision: the user's zoom survives until it changes.
 * @property {[number, number] | null} xRange  The visible ranges, for the ticks (null: all).
 * @property {[number, number] | null} yRange
 * @property {{width: number, height: number, side: number}} size  From `fitSquare`.
 * @property {Theme | null} theme  The host's colours (theme.js); null: Plotly's own.
 */

/** @typedef {import("./theme.js").Theme} Theme */

const SELECTION_COLOR = "#e4572e";
const BOUNDARY_COLOR = "rgba(31, 35, 40, 0.75)";
/** Margins to plan with before Plotly has settled on its own. */
const FIRST_GUESS = { l: 110, r: 110, t: 40, b: 110 };

/**
 * @param {FigureState} state
 * @returns {PlotlyFigure}
 */
export function buildFigure({ n, m = n, labels, columnLabels = labels, style, selection, boundaries = [], revision, xRange, yRange, size, theme }) {
  const oneSet = columnLabels === labels;
  const colorbar = {
    type: "heatmap",
    z: [[style.zmin, style.zmax]],
    zmin: style.zmin,
    zmax: style.zmax,
    zauto: false,
    colorscale: colorscaleStops(style.colorscale),
    opacity: 0,
    hoverinfo: "skip",
    colorbar: { title: { text: style.colorLabel, side: "right" }, thickness: 14, ...(theme && { outlinecolor: theme.muted, tickcolor: theme.muted }) },
  };
  const xTicks = axisTicks(xRange ?? [-0.5, m - 0.5], m, columnLabels, size.side);
  const axis = {
    showgrid: false,
    zeroline: false,
    ticks: "outside",
    ticklen: 3,
    automargin: true,
    ...(theme && { linecolor: theme.muted, tickcolor: theme.muted }),
  };
  const layout = {
    width: size.width,
    height: size.height,
    ...(theme && themeLayout(theme)),
    title: { text: style.title, x: 0.02, xanchor: "left" },
    margin: { l: 60, r: 20, t: 40, b: 40 },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    dragmode: "zoom",
    hovermode: false,
    uirevision: revision,
    xaxis: {
      ...axis,
      ...xTicks,
      tickangle: tickAngle(xTicks.ticktext, size.side),
      title: { text: style.xaxisTitle },
      range: [-0.5, m - 0.5],
      constrain: "domain",
    },
    yaxis: {
      ...axis,
      ...axisTicks(yRange ?? [n - 0.5, -0.5], n, labels, size.side),
      title: { text: style.yaxisTitle },
      range: [n - 0.5, -0.5], // row 0 at the top
      // Square cells for one set; N × M fills the square plot with oblong cells (a
      // 100,000 × 1,000 matrix would otherwise be a hairline).
      ...(oneSet && { scaleanchor: "x" }),
      constrain: "domain",
    },
    shapes: [...boundaryShapes(boundaries, n), ...selectionShapes(selection, oneSet)],
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

/** Pixels a tick character takes, about (Plotly's 12 px font). */
const CHAR_PX = 7;

/**
 * Upright x tick labels when they fit side by side, else vertical: chosen here, not by
 * Plotly, so the bottom margin does not flip with the width (the width follows the margins).
 * @param {string[]} ticktext
 * @param {number} side  Pixels of the axis.
 */
export function tickAngle(ticktext, side) {
  const longest = Math.max(0, ...ticktext.map((text) => text.length));
  return ticktext.length * longest * CHAR_PX <= side ? 0 : -90;
}

/**
 * Fonts, title and mode bar in the host's colours (the cells keep their colorscale).
 * @param {Theme} theme
 */
function themeLayout(theme) {
  const font = { color: theme.fg, ...(theme.fontFamily && { family: theme.fontFamily }) };
  return { font, modebar: { bgcolor: "rgba(0,0,0,0)", color: theme.muted, activecolor: theme.fg } };
}

/**
 * Figure size and plot side for square cells: the margins Plotly settled on last time
 * (tick labels, colour bar) plus a square plot area, so no empty band is left between
 * the cells and the colour bar. With no height given, the square takes the width it has,
 * up to `maxHeight` for the whole figure.
 * @param {number} maxWidth  Room available.
 * @param {number | null} height  Figure height, or null to fit the room.
 * @param {Margins | null} margins  Plotly's last margins; null before the first plot (a guess then).
 * @param {number} [maxHeight]  Tallest the figure may be when it fits the room.
 */
export function fitSquare(maxWidth, height, margins, maxHeight = Infinity) {
  const size = margins ?? FIRST_GUESS;
  const tall = height ?? Math.min(maxHeight, size.t + size.b + maxWidth - size.l - size.r);
  const side = Math.max(100, Math.floor(tall - size.t - size.b));
  const width = Math.min(maxWidth, Math.round(size.l + side + size.r));
  const fitted = Math.min(side, width - size.l - size.r);
  return { width, height: height ?? Math.round(fitted + size.t + size.b), side: fitted };
}

/**
 * Outline of the selected cell, and a dashed one on its mirror across the diagonal.
 * @param {[number, number] | null} selection  Display (row, col).
 * @param {boolean} [mirror]  Outline the mirror cell too: one set of texts (N × M has none).
 */
export function selectionShapes(selection, mirror = true) {
  if (!selection) return [];
  const [row, col] = selection;
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
  return row === col || !mirror ? [box(row, col, "solid")] : [box(row, col, "solid"), box(col, row, "dot")];
}

/**
 * The display positions after which the group changes: a boundary between i and i + 1.
 * @param {string[]} groups  One per text in display order.
 * @returns {number[]}
 */
export function boundaries(groups) {
  const found = [];
  for (let i = 0; i + 1 < groups.length; i++) if (groups[i] !== groups[i + 1]) found.push(i);
  return found;
}

/**
 * A line across the whole matrix at each group boundary, one horizontal and one vertical.
 * @param {number[]} after  From `boundaries`.
 * @param {number} n
 */
export function boundaryShapes(after, n) {
  const line = { color: BOUNDARY_COLOR, width: 1 };
  return after.flatMap((i) => [
    { type: "line", x0: -0.5, x1: n - 0.5, y0: i + 0.5, y1: i + 0.5, line, layer: "above" },
    { type: "line", x0: i + 0.5, x1: i + 0.5, y0: -0.5, y1: n - 0.5, line, layer: "above" },
  ]);
}

/**
 * Axis ranges showing `span` cells around display (row, col), kept inside the matrix.
 * @param {number} row
 * @param {number} col
 * @param {number} span
 * @param {number} n  Rows.
 * @param {number} [m]  Columns (default `n`).
 * @returns {{x: [number, number], y: [number, number]}}  y in Plotly's order (bottom first).
 */
export function zoomRanges(row, col, span, n, m = n) {
  /** @param {number} centre @param {number} length @returns {[number, number]} */
  const around = (centre, length) => {
    const side = Math.min(length, Math.max(1, span));
    const lo = Math.max(-0.5, Math.min(centre - side / 2, length - 0.5 - side));
    return [lo, lo + side];
  };
  const [top, bottom] = around(row, n);
  return { x: around(col, m), y: [bottom, top] };
}
