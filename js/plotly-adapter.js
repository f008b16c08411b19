/**
 * The one module that touches plotly.js: it draws the figure, forwards zoom and pan events,
 * and reads the geometry Plotly works out while drawing (margins, plot area, axis ranges)
 * from Plotly's private `_fullLayout`; it zooms as Plotly's GUI does (`_guiEditing`). A
 * plotly.js upgrade that renames those breaks here, and tests/js/plotly-adapter.test.js
 * says what this module relies on.
 */
import Plotly, { Registry } from "./plotly.js";

/**
 * Relayout as the mode bar and zoom box do: the change counts as the user's, so later
 * updates keep it under the same uirevision (a plain `relayout` would be undone by them).
 * @param {HTMLElement} element
 * @param {Record<string, unknown>} update
 */
const guiRelayout = (element, update) => Registry.call("_guiRelayout", element, update);

/**
 * @typedef {object} AxisGeometry  One axis of the plot area.
 * @property {[number, number]} range  Visible range in data units, in Plotly's order
 *   (for the y axis of a heatmap, the bottom value first).
 * @property {number} offset  Pixels from the graph's left (x) or top (y) edge to the plot area.
 * @property {number} length  Pixels the plot area spans along the axis.
 * @property {(pixel: number) => number} toValue  Pixels into the plot area → data value.
 */

/** @typedef {{x: AxisGeometry, y: AxisGeometry}} PlotArea  Where the axes are on screen. */

/** @typedef {{l: number, r: number, t: number, b: number}} Margins  Pixels around the plot area. */

/** @typedef {{data: object[], layout: Record<string, unknown>, config: object}} PlotlyFigure */

/**
 * @typedef {object} GraphEvents
 * @property {(x: [number, number], y: [number, number]) => void} onZooming  A zoom box or pan
 *   is being dragged: the ranges it would show.
 * @property {() => void} onZoomed  The axes changed (zoom, pan, reset, autosize).
 */

/**
 * What Plotly leaves on the graph div after a plot: the private fields read here.
 * @typedef {object} PlotlyAxis
 * @property {number[]} range
 * @property {number} _offset
 * @property {number} _length
 * @property {(pixel: number) => number} p2l
 */

/**
 * @typedef {HTMLElement & {
 *   _fullLayout?: {width?: number, _size?: Margins, xaxis?: PlotlyAxis, yaxis?: PlotlyAxis, _guiEditing?: boolean},
 *   on?: (event: string, callback: (event: Record<string, unknown>) => void) => void,
 * }} PlotlyDiv
 */

export class PlotlyGraph {
  /**
   * @param {HTMLElement} element  The div Plotly draws into.
   * @param {GraphEvents} events
   */
  constructor(element, events) {
    this.element = /** @type {PlotlyDiv} */ (element);
    this.events = events;
    this.plotted = false;
  }

  /**
   * Draw the figure the first time, update it in place after that.
   * @param {PlotlyFigure} figure
   */
  async draw({ data, layout, config }) {
    if (this.plotted) {
      await Plotly.react(this.element, data, layout, config);
      return;
    }
    this.plotted = true;
    await Plotly.newPlot(this.element, data, layout, config);
    this.listen(); // Plotly's `on` exists only once the div has been plotted
  }

  /** Where the plot area is and what it shows; null before the first plot. @returns {PlotArea | null} */
  area() {
    const full = this.element._fullLayout;
    if (!full?.xaxis || !full.yaxis) return null;
    return { x: axisGeometry(full.xaxis), y: axisGeometry(full.yaxis) };
  }

  /** The margins Plotly settled on (tick labels, colour bar); null before the first plot. @returns {Margins | null} */
  margins() {
    const size = this.element._fullLayout?._size;
    return size ? { l: size.l, r: size.r, t: size.t, b: size.b } : null;
  }

  /** Width of the figure on screen, in pixels; null before the first plot. @returns {number | null} */
  width() {
    return this.element._fullLayout?.width ?? null;
  }

  /**
   * Show these axis ranges (a keyboard zoom or pan), as if the user had dragged them: later
   * updates keep them, and Plotly reports it as a zoom (onZoomed).
   * @param {[number, number]} x
   * @param {[number, number]} y
   */
  async zoomTo(x, y) {
    if (!this.plotted) return;
    await guiRelayout(this.element, { "xaxis.range": x, "yaxis.range": y });
  }

  purge() {
    Plotly.purge(this.element);
  }

  /** @private */
  listen() {
    const on = this.element.on;
    if (!on) return;
    on.call(this.element, "plotly_relayouting", (event) => {
      const area = this.area();
      if (!area) return;
      this.events.onZooming(rangeFrom(event, "xaxis") ?? area.x.range, rangeFrom(event, "yaxis") ?? area.y.range);
    });
    on.call(this.element, "plotly_relayout", (event) => {
      if (Object.keys(event).some((k) => k.startsWith("xaxis.") || k.startsWith("yaxis.") || k === "autosize")) {
        this.events.onZoomed();
      }
    });
  }
}

/**
 * @param {PlotlyAxis} axis
 * @returns {AxisGeometry}
 */
function axisGeometry(axis) {
  return {
    range: [axis.range[0], axis.range[1]],
    offset: axis._offset,
    length: axis._length,
    toValue: (pixel) => axis.p2l(pixel),
  };
}

/**
 * Read an axis range from a Plotly relayout event, e.g. {"xaxis.range[0]": a, "xaxis.range[1]": b}.
 * @param {Record<string, unknown>} event
 * @param {string} axis
 * @returns {[number, number] | undefined}
 */
export function rangeFrom(event, axis) {
  const a = event[`${axis}.range[0]`];
  const b = event[`${axis}.range[1]`];
  if (typeof a === "number" && typeof b === "number") return [a, b];
  const range = event[`${axis}.range`];
  return Array.isArray(range) && typeof range[0] === "number" && typeof range[1] === "number"
    ? [range[0], range[1]]
    : undefined;
}
