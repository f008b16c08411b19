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

/**
 * Python's `_insight` as the contract describes it (docs of js/insight.js), for 3 texts by
 * default: a finished pass with every table, a histogram and one verdict of each kind.
 * @param {Record<string, any>} [overrides]
 */
export function fakeInsight(overrides = {}) {
  return {
    status: "ready",
    progress: 1,
    error: null,
    stats: {
      n: 3,
      pairs: 3,
      mean: 0.5,
      std: 0.29439,
      min: 0.2,
      p5: 0.22,
      median: 0.4,
      p95: 0.85,
      max: 0.9,
      share_above_threshold: null,
      count_above_threshold: null,
      anisotropy: 0.5,
      effective_rank: 2.4,
      width: 32,
    },
    histogram: { edges: [0.2, 0.4, 0.6, 0.8, 1.0], counts: [1, 1, 0, 1] },
    verdicts: [
      { sign: "near-duplicates", message: "1 pair(s) of texts have similarity ≥ 0.95.", value: 1, limit: 0.95, source: "usual cutoff" },
      { sign: "collapsed space", message: "Anisotropy 0.700: every text looks alike.", value: 0.7, limit: 0.5, source: "Ethayarajh (2019)" },
      { sign: "isolated texts", message: "1 text(s) are far from every other text.", value: 1, limit: -3.5, source: "Iglewicz & Hoaglin (1993)" },
    ],
    groups: null,
    tables: {
      top: [
        { row: 0, col: 2, similarity: 0.9, kind: "semantic" },
        { row: 1, col: 2, similarity: 0.4, kind: "same words" },
        { row: 0, col: 1, similarity: 0.2, kind: "identical" },
      ],
      above: [],
      bottom: [
        { row: 0, col: 1, similarity: 0.2, kind: "identical" },
        { row: 1, col: 2, similarity: 0.4, kind: "same words" },
      ],
      outliers: [{ index: 1, neighbor: 2, similarity: 0.4 }],
      hubs: [{ index: 2, count: 2 }],
    },
    above_total: null,
    ...overrides,
  };
}
