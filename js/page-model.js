/**
 * A widget model that lives in the page, for heatmaps exported to standalone HTML: the
 * same get/set/on/off/save_changes as anywidget's model, with no kernel behind it.
 */
/** @typedef {(...args: any[]) => void} Listener  As anywidget's: a custom message's handler takes (content, buffers). */

export class PageModel {
  /** @param {Record<string, any>} state */
  constructor(state) {
    this.state = { ...state };
    /** @type {Map<string, Set<Listener>>} */
    this.listeners = new Map();
  }

  /** @param {string} name */
  get(name) {
    return this.state[name];
  }

  /** @param {string} name @param {any} value */
  set(name, value) {
    this.state[name] = value;
    this.emit(`change:${name}`);
  }

  /** Nothing to send: the page is the only place the state lives. */
  save_changes() {}

  /** @param {string} event @param {Listener} callback */
  on(event, callback) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)?.add(callback);
  }

  /** @param {string} event @param {Listener} callback */
  off(event, callback) {
    this.listeners.get(event)?.delete(callback);
  }

  /** @param {string} event */
  emit(event) {
    for (const callback of this.listeners.get(event) ?? []) callback();
  }
}
