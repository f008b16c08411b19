/**
 * Every synced trait the front end reads, in one table: its role, which says what to redo
 * when it changes (data: the matrix, its labels and groups; style: the figure and the
 * controls; selection: the outline and the panel; insight: the stats, histogram and pairs
 * table), and for a style trait, its key in the style object and the value a model without
 * Python shows (test and page models; Python always sends every trait, so its values win).
 * A new style option takes its Python trait, one line here and its use.
 * tests/test_js_traits.py checks this table against the widget's traits.
 *
 * This module imports nothing, so that test can load it on its own.
 */

/** @typedef {"data" | "style" | "selection" | "insight"} Role */

export const TRAITS = /** @type {const} */ ({
  _overview: { role: "data" },
  _order: { role: "data" },
  _texts: { role: "data" },
  _labels: { role: "data" },
  _bounds: { role: "data" },
  _groups: { role: "data" },
  _names: { role: "data" },
  _column_texts: { role: "data" },
  _column_labels: { role: "data" },
  _column_order: { role: "data" },
  _paired: { role: "data" },
  zmin: { role: "style", key: "zmin", fallback: 0 },
  zmax: { role: "style", key: "zmax", fallback: 1 },
  colorscale: { role: "style", key: "colorscale", fallback: "Blues" },
  order: { role: "style", key: "order", fallback: "input" },
  aggregation: { role: "style", key: "aggregation", fallback: "mean" },
  title: { role: "style", key: "title", fallback: "Cosine Similarity Matrix" },
  xaxis_title: { role: "style", key: "xaxisTitle", fallback: "Index" },
  yaxis_title: { role: "style", key: "yaxisTitle", fallback: "Index" },
  color_label: { role: "style", key: "colorLabel", fallback: "Cosine Similarity" },
  // null: fit the room (widget.js).
  height: { role: "style", key: "height", fallback: /** @type {number | null} */ (null) },
  threshold: { role: "style", key: "threshold", fallback: null },
  metric: { role: "style", key: "metric", fallback: "cosine" },
  // A comparison of two models: what is drawn (comparison.js); a one-model widget has no view.
  view: { role: "style", key: "view", fallback: "a" },
  selection: { role: "selection", fallback: null },
  selected: { role: "selection", fallback: null },
  _insight: { role: "insight" },
});

/** @typedef {typeof TRAITS} Traits */
/** @typedef {keyof Traits} TraitName */
/** @typedef {{[K in TraitName]: Traits[K] extends {role: "style"} ? K : never}[TraitName]} StyleTrait */
/**
 * @template T
 * @typedef {T extends string ? string : T extends number ? number : T extends null ? number | null : T} Widen
 */
/**
 * The figure's and controls' options, built from the style traits: e.g. {xaxisTitle: string}.
 * @typedef {{[K in StyleTrait as Traits[K]["key"]]: Widen<Traits[K]["fallback"]>}} Style
 */

/**
 * @typedef {object} Selected  Python's description of the selected pair (its `selected` trait).
 * @property {number} row
 * @property {number} col
 * @property {number} similarity
 * @property {{index: number, similarity: number}[]} [neighbors]  The row's nearest texts, most similar first.
 */
/** @typedef {Selected & Partial<import("./comparison.js").ComparedPair>} SelectedPair  With both models' values in a comparison. */
/**
 * The types of the traits that are not options (an option has its fallback's type).
 * @typedef {object} OtherTraits
 * @property {import("./tiles.js").WireTile} _overview
 * @property {import("./codec.js").WireArray | null} _order  Display position → input index.
 * @property {string[]} _texts
 * @property {string[]} _labels
 * @property {[number, number]} _bounds
 * @property {[number, number] | null} selection
 * @property {SelectedPair | null} selected
 * @property {string[]} _groups  One group per text in input order; empty without groups.
 * @property {string[]} [_names]  The two models' names in a comparison; absent or empty otherwise.
 * @property {string[]} _column_texts  The column texts in input order (columns=); empty for one set.
 * @property {string[]} _column_labels  One label per column text; empty for one set.
 * @property {import("./codec.js").WireArray | null} _column_order  Display column → input column index.
 * @property {boolean} _paired  Column i is a perturbed version of text i.
 * @property {import("./insight.js").Insight | null} _insight
 */
/**
 * Every synced trait with the type the browser receives.
 * @typedef {{[K in TraitName]: K extends keyof OtherTraits ? OtherTraits[K] : K extends StyleTrait ? Widen<Traits[K]["fallback"]> : unknown}} WidgetTraits
 */
/** @typedef {import("@anywidget/types").AnyModel<WidgetTraits>} AnyModel */
/**
 * The part of anywidget's model the widget uses. A page model (page-model.js) has it too,
 * but no `send`: there is no Python to ask.
 * @typedef {Pick<AnyModel, "get" | "set" | "on" | "off" | "save_changes"> & Partial<Pick<AnyModel, "send">>} Model
 */

const ENTRIES = /** @type {[TraitName, {role: Role, key?: string, fallback?: unknown}][]} */ (Object.entries(TRAITS));

/**
 * The names of the traits with this role, in table order.
 * @param {Role} role
 * @returns {TraitName[]}
 */
export function traitNames(role) {
  return ENTRIES.filter(([, trait]) => trait.role === role).map(([name]) => name);
}

/**
 * The style object from the model's style traits.
 * @param {Model} model
 * @returns {Style}
 */
export function readStyle(model) {
  const style = Object.fromEntries(
    ENTRIES.filter(([, trait]) => trait.role === "style").map(([name, { key, fallback }]) => [key, model.get(name) ?? fallback]),
  );
  return /** @type {Style} */ (style);
}

/**
 * Call each role's handler when one of its traits changes; returns what stops that.
 * @param {Model} model
 * @param {Record<Role, () => void>} handlers
 */
export function subscribe(model, handlers) {
  const subscriptions = ENTRIES.map(([name, { role }]) => /** @type {const} */ ([`change:${name}`, handlers[role]]));
  for (const [event, handler] of subscriptions) model.on(event, handler);
  return () => {
    for (const [event, handler] of subscriptions) model.off(event, handler);
  };
}

/** Every trait that has a fallback, set to it: the state of a model with no Python behind it. */
export function fallbackState() {
  return Object.fromEntries(ENTRIES.filter(([, trait]) => "fallback" in trait).map(([name, { fallback }]) => [name, fallback]));
}
