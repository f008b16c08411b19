/**
 * The pointer over the cells: which cell it is on, and clicks told apart from drags (a
 * drag is Plotly's zoom box or pan, a click selects a cell).
 */
import { describeCell } from "./tooltip.js";

/** @typedef {import("./plotly-adapter.js").PlotArea} PlotArea */

/** A press and release further apart than this is a drag, not a click. */
const CLICK_SLOP_PX = 4;

/**
 * @typedef {object} PointerEvents
 * @property {(clientX: number, clientY: number) => void} onClick
 * @property {(clientX: number, clientY: number) => void} onHover  Moved with no button down.
 * @property {() => void} onLeave  Left the element, or started dragging.
 */

/**
 * The display (row, col) of an n × m matrix under a point of the graph, or null outside the cells.
 * @param {PlotArea} area
 * @param {number} x  Pixels from the graph's left edge.
 * @param {number} y  Pixels from the graph's top edge.
 * @param {number} n  Rows.
 * @param {number} [m]  Columns (default `n`).
 * @returns {[number, number] | null}
 */
export function cellUnder(area, x, y, n, m = n) {
  const px = x - area.x.offset;
  const py = y - area.y.offset;
  if (px < 0 || py < 0 || px > area.x.length || py > area.y.length) return null;
  const col = Math.round(area.x.toValue(px));
  const row = Math.round(area.y.toValue(py));
  return row >= 0 && col >= 0 && row < n && col < m ? [row, col] : null;
}

/**
 * Pixels into the plot area of a data value along one axis: the inverse of `toValue`,
 * which is linear on a heatmap's axes.
 * @param {import("./plotly-adapter.js").AxisGeometry} axis
 * @param {number} value
 */
export function toPixel(axis, value) {
  const start = axis.toValue(0);
  const end = axis.toValue(axis.length);
  return end === start ? 0 : ((value - start) / (end - start)) * axis.length;
}

/**
 * Follow the pointer over `element`; returns the function that stops following it.
 * @param {HTMLElement} element
 * @param {PointerEvents} events
 */
export function followPointer(element, events) {
  /** @type {{x: number, y: number} | null} */
  let down = null;
  /** @param {PointerEvent} e */
  const onDown = (e) => {
    down = e.button === 0 ? { x: e.clientX, y: e.clientY } : null;
  };
  // Plotly covers the page while dragging, so the release is caught on the window.
  /** @param {PointerEvent} e */
  const onUp = (e) => {
    if (!down) return;
    const moved = Math.hypot(e.clientX - down.x, e.clientY - down.y);
    down = null;
    if (moved <= CLICK_SLOP_PX) events.onClick(e.clientX, e.clientY);
  };
  /** @param {PointerEvent} e */
  const onMove = (e) => (e.buttons ? events.onLeave() : events.onHover(e.clientX, e.clientY));
  const onLeave = () => events.onLeave();
  element.addEventListener("pointerdown", onDown, true);
  element.addEventListener("pointermove", onMove);
  element.addEventListener("pointerleave", onLeave);
  window.addEventListener("pointerup", onUp, true);
  return () => {
    element.removeEventListener("pointerdown", onDown, true);
    element.removeEventListener("pointermove", onMove);
    element.removeEventListener("pointerleave", onLeave);
    window.removeEventListener("pointerup", onUp, true);
  };
}

/**
 * Hover tooltip and click to select on a heatmap view; Plotly handles the drags.
 * @param {import("./figure.js").HeatmapView} view
 * @returns {() => void}  Stops listening.
 */
export function listenPointer(view) {
  /** @param {number} clientX @param {number} clientY */
  const under = (clientX, clientY) => {
    const area = view.graph.area();
    const box = view.graphElement.getBoundingClientRect();
    const at = area && view.n ? cellUnder(area, clientX - box.left, clientY - box.top, view.n, view.m) : null;
    const cell = at && view.cells.cellAt(...at);
    return at && cell ? { at, cell } : null;
  };
  return followPointer(view.graphElement, {
    onClick: (clientX, clientY) => {
      const hit = under(clientX, clientY);
      if (hit?.cell.exact) view.events.onSelect(...hit.at);
      else if (hit) view.events.onSelectBlock(hit.cell.rows, hit.cell.cols);
    },
    onHover: (clientX, clientY) => {
      const hit = under(clientX, clientY);
      if (hit) view.tooltip.show(describeCell(hit.at, hit.cell, view.labels, view.texts, view.groups, view.style ?? {}, view.columns), clientX, clientY);
      else view.tooltip.hide();
    },
    onLeave: () => view.tooltip.hide(),
  });
}
