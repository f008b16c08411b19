/**
 * A stand-in for anywidget's model: the page model, plus a record of what would be sent
 * to Python and a way to play Python changing a trait.
 */
import { PageModel } from "../../js/page-model.js";

export class FakeModel extends PageModel {
  /** @param {Record<string, any>} state */
  constructor(state) {
    super(state);
    /** Attributes set since the last save, as anywidget tracks them. */
    this.dirty = new Set();
    /** One entry per save_changes: the attributes that would be sent to Python. */
    this.saved = [];
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
 * A matrix as it arrives from Python: a DataView over raw float32 bytes.
 * @param {number[][]} rows
 */
export function wireMatrix(rows) {
  const flat = new Float32Array(rows.flat());
  return { view: new DataView(flat.buffer), dtype: "float32", shape: [rows.length, rows.length] };
}
