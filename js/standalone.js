/**
 * Boots every heatmap of a standalone HTML page (see `SimilarityHeatmap.to_html`): each
 * `<script type="application/x-simheat+json">` holds one widget's state, its binary arrays
 * as base64, and the widget renders right after it. Works offline, with no kernel (zooming
 * shows the overview's cells: finer ones would need Python).
 */
import { PageModel } from "./page-model.js";
import { render } from "./widget.js";

/**
 * Turn base64 into a DataView, as the comm would hand over binary buffers.
 * @param {string} base64
 */
export function base64ToView(base64) {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new DataView(bytes.buffer);
}

for (const script of document.querySelectorAll('script[type="application/x-simheat+json"]')) {
  const state = JSON.parse(script.textContent ?? "{}");
  for (const [name, value] of Object.entries(state)) {
    if (value && typeof value === "object" && "base64" in value) {
      state[name] = { ...value, view: base64ToView(value.base64) };
    }
  }
  const el = document.createElement("div");
  script.after(el);
  render({ model: new PageModel(state), el });
}
