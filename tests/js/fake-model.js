/**
 * A stand-in for anywidget's model: the page model, plus a record of what would be sent
 * to Python and a way to play Python changing a trait. Traits not given take their
 * fallback from js/traits.js.
 */
import { PageModel } from "../../js/page-model.js";
import { fallbackState } from "../../js/traits.js";

export class FakeModel extends PageModel {
  /** @param {Record<string, any>} state */
  constructor(state) {
    super({ ...fallbackState(), ...state });
    /** Attributes set since the last save, as anywidget tracks them. */
    this.dirty = new Set();
    /** One entry per save_changes: the attributes that would be sent to Python. */
    this.saved = [];
    /** Custom messages sent to Python. */
    this.sent = [];
  }

  /** @param {any} content */
  send(content) {
    this.sent.push(content);
  }

  /** Python sending a custom message. @param {any} content @param {DataView[]} buffers */
  receive(content, buffers) {
    for (const callback of this.listeners.get("msg:custom") ?? []) callback(content, buffers);
  }

  /** @param {string} name @param {any} value */
  set(name, value) {
    this.dirty.add(name);
    super.set(name, value);
  }

  save_changes() {
    this.saved.push(Object.fromEntries([...this.dirty].map((k) => [k, this.state[k]])));
    this.dirty.clear();
  }

  /** Python changing a trait: no save follows. @param {string} name @param {any} value */
  setFromPython(name, value) {
    this.state[name] = value;
    this.emit(`change:${name}`);
  }

  listenerCount() {
    return [...this.listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }
}

/**
 * A tile as it arrives from Python: geometry plus a DataView over raw float32 bytes.
 * By default the overview of a whole square matrix in exact cells, with Python's cap.
 * @param {number[][]} rows
 * @param {Record<string, any>} [geometry]
 */
export function wireTile(rows, geometry = {}) {
  const flat = new Float32Array(rows.flat());
  const n = rows.length;
  return {
    view: new DataView(flat.buffer),
    dtype: "float32",
    shape: [rows.length, rows[0].length],
    row_start: 0,
    row_stop: n,
    row_step: 1,
    col_start: 0,
    col_stop: n,
    col_step: 1,
    aggregation: "exact",
    max_side: 1024,
    ...geometry,
  };
}
