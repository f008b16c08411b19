/**
 * A stand-in for anywidget's model: get/set/on/off/save_changes with Backbone-like
 * "change:<name>" events, recording what would be sent to Python.
 */
export class FakeModel {
  /** @param {Record<string, any>} state */
  constructor(state) {
    this.state = { ...state };
    /** @type {Map<string, Set<() => void>>} */
    this.listeners = new Map();
    /** Attributes set since the last save, as anywidget tracks them. */
    this.dirty = new Set();
    /** One entry per save_changes: the attributes that would be sent to Python. */
    this.saved = [];
  }

  /** @param {string} name */
  get(name) {
    return this.state[name];
  }

  /** @param {string} name @param {any} value */
  set(name, value) {
    this.state[name] = value;
    this.dirty.add(name);
    this.emit(`change:${name}`);
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

  /** @param {string} event @param {() => void} callback */
  on(event, callback) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event).add(callback);
  }

  /** @param {string} event @param {() => void} callback */
  off(event, callback) {
    this.listeners.get(event)?.delete(callback);
  }

  /** @param {string} event */
  emit(event) {
    for (const callback of this.listeners.get(event) ?? []) callback();
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
