/**
 * plotly.js needs a real browser; in jsdom it is replaced by this recorder of what it was
 * asked to draw. A test mocks the module with it:
 *   vi.mock("../../js/plotly.js", () => import("./fake-plotly.js"));
 * and reads `calls` (one {data, layout} per draw) from the same module.
 */
import { vi } from "vitest";

/** @type {{data: any, layout: any}[]} */
export const calls = [];

/** Like Plotly: x pixels grow from range[0]; y pixels grow downwards from range[1]. */
const fakeAxis = (/** @type {[number, number]} */ range, /** @type {boolean} */ vertical) => {
  const [from, to] = vertical ? [range[1], range[0]] : range;
  return { range, _offset: 50, _length: 300, p2l: (/** @type {number} */ px) => from + (px / 300) * (to - from) };
};

const draw = vi.fn(async (gd, data, layout) => {
  calls.push({ data, layout });
  gd._fullLayout = { xaxis: fakeAxis(layout.xaxis.range, false), yaxis: fakeAxis(layout.yaxis.range, true) };
  gd.on ??= vi.fn();
});

const plotly = { calls, newPlot: draw, react: draw, relayout: vi.fn(async () => {}), guiRelayout: vi.fn(async () => {}), purge: vi.fn() };

export default plotly;
export const Registry = { call: (/** @type {string} */ _name, /** @type {any[]} */ ...args) => plotly.guiRelayout(...args) };
