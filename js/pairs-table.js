/**
 * The pairs table: tabs of the neighbour pass's lists (most and least similar pairs, pairs
 * above the threshold, outliers, hubs; for two sets of texts the leakage and, paired, the
 * least stable texts instead of hubs), a page of 100 rows at a time so 10,000 rows stay
 * smooth, a kind filter for pair lists. A row is a button: clicking it selects its cell;
 * the selected cell's row is marked when listed. Texts are data: textContent only.
 */
import { disagreementValue } from "./comparison.js";
import { make } from "./dom.js";
import { formatSimilarity, truncate } from "./format.js";

/** @typedef {import("./insight.js").Tables} Tables */
/** @typedef {import("./insight.js").TabName} TabName */
/** @typedef {import("./insight.js").PairRow} PairRow */
/** @typedef {import("./insight.js").OutlierRow} OutlierRow */
/** @typedef {import("./insight.js").HubRow} HubRow */

export const PAGE_SIZE = 100;
/** Characters of each text a row shows; its title holds the whole text. */
const ROW_CHARS = 60;

/** @type {[TabName, string][]} */
export const TABS = [
  ["top", "Most similar"],
  ["above", "Above threshold"],
  ["bottom", "Least similar"],
  ["outliers", "Outliers"],
  ["hubs", "Hubs"],
  ["disagreements", "Disagreements"],
  ["leakage", "Leakage"],
  ["stability", "Least stable"],
];
/** Tabs whose rows have no kind to filter by: one text per row, a text and its perturbed version, two models' pair. */
const NO_KIND = ["outliers", "hubs", "stability", "disagreements"];
/** Tabs shown only when Python sends their table (a comparison, two sets of texts, a paired set). */
const OPTIONAL = ["disagreements", "leakage", "stability"];

/**
 * The tabs to show: those Python sent a table for (before any, one set's five); two sets
 * have no hubs (a property of one set's neighbour lists).
 * @param {Tables | null} tables
 * @param {boolean} cross  Two sets of texts (rows × columns).
 * @returns {[TabName, string][]}
 */
export function visibleTabs(tables, cross) {
  if (!tables) return TABS.filter(([name]) => !OPTIONAL.includes(name));
  return TABS.filter(([name]) => name in tables && !(cross && name === "hubs"));
}
const KINDS = ["identical", "same words", "semantic"];
/** @param {number} value */
const count = (value) => value.toLocaleString("en-US");

/**
 * One table row as plain values: the cell it selects and what it shows.
 * @typedef {object} Entry
 * @property {[number, number]} cell  Input (row, col) its click selects.
 * @property {string} value  The similarity or count shown first.
 * @property {string | null} kind
 * @property {number[]} texts  Input indices of the texts shown: a row's, then a column's.
 */

/**
 * The rows of a tab, filtered by kind (pair tabs only; "" keeps every kind).
 * @param {Tables} tables
 * @param {TabName} tab
 * @param {string} kind
 * @param {[string, string]} [names]  The two models' names, for the Disagreements tab.
 * @returns {Entry[]}
 */
export function entries(tables, tab, kind = "", names = ["A", "B"]) {
  if (tab === "disagreements") {
    return (tables.disagreements ?? []).map((row) => ({
      cell: [row.row, row.col],
      value: disagreementValue(row, names),
      kind: null,
      texts: [row.row, row.col],
    }));
  }
  if (tab === "outliers") {
    return tables.outliers.map(({ index, neighbor, similarity }) => ({
      cell: [index, neighbor],
      value: formatSimilarity(similarity),
      kind: null,
      texts: [index, neighbor],
    }));
  }
  if (tab === "stability") {
    return (tables.stability ?? []).map(({ index, similarity }) => ({
      cell: [index, index],
      value: formatSimilarity(similarity),
      kind: null,
      texts: [index, index],
    }));
  }
  if (tab === "hubs") {
    return tables.hubs.map(({ index, count: times }) => ({
      cell: [index, index],
      value: `${count(times)}×`,
      kind: null,
      texts: [index],
    }));
  }
  return (tables[tab] ?? [])
    .filter((pair) => !kind || pair.kind === kind)
    .map(({ row, col, similarity, kind }) => ({ cell: [row, col], value: formatSimilarity(similarity), kind, texts: [row, col] }));
}

/**
 * Where the selected cell is listed: a pair in either order (in order only for two sets of
 * texts), an outlier's or hub's text.
 * @param {Entry[]} list
 * @param {[number, number] | null} selection
 * @param {boolean} [mirror]  (row, col) and (col, row) are one pair: one set of texts.
 */
export function findSelected(list, selection, mirror = true) {
  if (!selection) return -1;
  const [r, c] = selection;
  return list.findIndex(({ cell: [a, b], texts }) =>
    texts.length === 1 ? a === r || a === c : (a === r && b === c) || (mirror && a === c && b === r),
  );
}

export class PairsTable {
  /**
   * @param {HTMLElement} parent
   * @param {{onSelect: (row: number, col: number) => void}} events  Input indices.
   */
  constructor(parent, events) {
    this.events = events;
    /** @type {Tables | null} */
    this.tables = null;
    /** @type {string[]} */
    this.texts = [];
    /** @type {string[]} */
    this.labels = [];
    /** The column texts and labels of two sets (input order); null for one set. @type {import("./tooltip.js").Columns | null} */
    this.columns = null;
    /** @type {TabName} */
    this.tab = "top";
    this.kind = "";
    this.page = 0;
    /** @type {[number, number] | null} */
    this.selection = null;
    /** @type {Entry[]} */
    this.list = [];
    /** The two models' names when two are compared. @type {[string, string]} */
    this.names = ["A", "B"];

    this.root = make("section", "simheat-pairs");
    this.root.setAttribute("aria-label", "Pairs");
    this.tabList = make("div", "simheat-tabs");
    this.tabList.setAttribute("role", "tablist");
    this.tabButtons = TABS.map(([name, text]) => {
      const button = make("button", "simheat-tab", text);
      button.type = "button";
      button.setAttribute("role", "tab");
      button.dataset.tab = name;
      button.addEventListener("click", () => this.open(name));
      return button;
    });
    /** The tabs shown: a table's own (see visibleTabs). */
    this.tabs = visibleTabs(null, false);
    this.showTabs();
    this.tabList.addEventListener("keydown", (event) => this.arrowKeys(event));

    this.kindSelect = make("select", "simheat-kind");
    this.kindSelect.setAttribute("aria-label", "Kind");
    this.kindSelect.append(new Option("all kinds", ""), ...KINDS.map((kind) => new Option(kind, kind)));
    this.kindSelect.addEventListener("change", () => {
      this.kind = this.kindSelect.value;
      this.page = 0;
      this.render();
    });
    this.prev = make("button", "simheat-page", "‹ Prev");
    this.next = make("button", "simheat-page", "Next ›");
    this.prev.type = this.next.type = "button";
    this.prev.addEventListener("click", () => this.turn(-1));
    this.next.addEventListener("click", () => this.turn(1));
    this.status = make("span", "simheat-page-status");
    const bar = make("div", "simheat-pairs-bar");
    bar.append(this.kindSelect, this.prev, this.status, this.next);

    this.body = make("div", "simheat-rows");
    this.body.setAttribute("role", "tabpanel");
    this.root.append(this.tabList, bar, this.body);
    parent.append(this.root);
    this.render();
  }

  /**
   * New lists from Python, with the texts and labels they point into (input order).
   * @param {Tables | null} tables
   * @param {string[]} texts
   * @param {string[]} labels
   * @param {import("./tooltip.js").Columns | null} [columns]  Two sets: the column texts and labels.
   */
  setTables(tables, texts, labels, columns = null) {
    const same = tables === this.tables && texts === this.texts && columns?.texts === this.columns?.texts;
    this.tables = tables;
    this.texts = texts;
    this.labels = labels;
    this.columns = columns;
    this.tabs = visibleTabs(tables, columns !== null);
    this.showTabs();
    if (!this.tabs.some(([name]) => name === this.tab)) this.tab = this.tabs[0]?.[0] ?? "top";
    if (!same) this.render();
  }

  /** Put the visible tabs' buttons in the tab list, in TABS order. */
  showTabs() {
    const names = this.tabs.map(([name]) => name);
    this.tabList.replaceChildren(...this.tabButtons.filter((b) => names.includes(/** @type {TabName} */ (b.dataset.tab))));
  }

  /** Open a tab at its first page. @param {TabName} tab */
  open(tab) {
    this.tab = tab;
    this.page = 0;
    this.render();
  }

  /** Mark the selected cell's row and turn to its page. @param {[number, number] | null} selection */
  highlight(selection) {
    this.selection = selection;
    const at = findSelected(this.list, selection, this.columns === null);
    if (at >= 0) this.page = Math.floor(at / PAGE_SIZE);
    this.render();
  }

  /** @param {number} step */
  turn(step) {
    this.page = Math.max(0, Math.min(this.pages() - 1, this.page + step));
    this.render();
  }

  pages() {
    return Math.max(1, Math.ceil(this.list.length / PAGE_SIZE));
  }

  /** Left and right arrows move between tabs, as in a WAI-ARIA tab list. @param {KeyboardEvent} event */
  arrowKeys(event) {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const tabs = this.tabs;
    const at = tabs.findIndex(([name]) => name === this.tab);
    const [name] = tabs[(at + step + tabs.length) % tabs.length];
    this.open(name);
    this.tabButtons.find((b) => b.dataset.tab === name)?.focus();
  }

  render() {
    const pairTab = !NO_KIND.includes(this.tab);
    for (const button of this.tabButtons) {
      const current = button.dataset.tab === this.tab;
      button.setAttribute("aria-selected", String(current));
      button.tabIndex = current ? 0 : -1;
    }
    this.kindSelect.hidden = !pairTab;
    this.list = this.tables ? entries(this.tables, this.tab, pairTab ? this.kind : "", this.names) : [];
    this.page = Math.min(this.page, this.pages() - 1);
    const start = this.page * PAGE_SIZE;
    const shown = this.list.slice(start, start + PAGE_SIZE);
    const selected = findSelected(this.list, this.selection, this.columns === null);
    this.status.textContent = this.list.length
      ? `${count(start + 1)}–${count(start + shown.length)} of ${count(this.list.length)}`
      : "";
    this.prev.disabled = this.page === 0;
    this.next.disabled = this.page >= this.pages() - 1;
    if (!this.tables) {
      this.body.replaceChildren(make("p", "simheat-hint", "The pairs appear once the neighbour pass is done."));
      return;
    }
    if (!shown.length) {
      const empty =
        this.tab === "above"
          ? "No pairs at or above the threshold (set one above)."
          : this.tab === "leakage"
            ? "No row has a column at or above the leakage threshold."
            : "Nothing to list.";
      this.body.replaceChildren(make("p", "simheat-hint", empty));
      return;
    }
    this.body.replaceChildren(...shown.map((entry, i) => this.row(entry, start + i === selected)));
  }

  /**
   * @param {Entry} entry
   * @param {boolean} selected
   */
  row(entry, selected) {
    const button = make("button", "simheat-row");
    button.type = "button";
    button.setAttribute("aria-pressed", String(selected));
    button.append(make("span", "simheat-row-value", entry.value));
    entry.texts.forEach((index, position) => {
      // A row's text, then a column's: from the column texts when there are two sets.
      const { texts, labels } = position === 1 && this.columns ? this.columns : this;
      const text = make("span", "simheat-row-text");
      const label = labels[index] ?? String(index);
      text.append(make("span", "simheat-row-label", label), make("span", "", truncate(texts[index] ?? "", ROW_CHARS)));
      text.title = `${label}: ${texts[index] ?? ""}`;
      button.append(text);
    });
    if (entry.kind) button.append(make("span", `simheat-badge simheat-badge-${entry.kind.replace(" ", "-")}`, entry.kind));
    button.addEventListener("click", () => this.events.onSelect(...entry.cell));
    return button;
  }
}
