/**
 * The heatmap for a person without a mouse: the plot area is focusable, arrow keys move a
 * cursor cell (outlined), Enter or Space selects it, Escape clears, plus and minus zoom
 * around it, and a polite live region reads the cell for screen readers. What each key does
 * is keyboard.js's pure `keyAction`; this module wires it to one `HeatmapView`.
 */
import { keyAction, panTo, zoomRange } from "./keyboard.js";
import { toPixel } from "./pointer.js";
import { visibleSpan } from "./tiles.js";
import { readCell } from "./tooltip.js";

/** @typedef {import("./figure.js").HeatmapView} HeatmapView */

const KEYS_HELP =
  "Arrow keys move between cells, Page Up and Page Down by a screen, Enter selects, Escape clears, plus and minus zoom.";

export class KeyboardCursor {
  /** @param {HeatmapView} view */
  constructor(view) {
    this.view = view;
    const root = view.root;
    // The keyboard's way in: focusable, its keys its own (not the notebook's shortcuts).
    root.tabIndex = 0;
    root.setAttribute("role", "application");
    root.setAttribute("aria-roledescription", "similarity heatmap");
    root.setAttribute("aria-label", `Similarity heatmap. ${KEYS_HELP}`);
    root.setAttribute("data-lm-suppress-shortcuts", "true");
    this.element = document.createElement("div");
    this.element.className = "simheat-cursor";
    this.element.hidden = true;
    /** Read by screen readers when the cursor moves. */
    this.live = document.createElement("div");
    this.live.className = "simheat-live";
    this.live.setAttribute("aria-live", "polite");
    root.append(this.element, this.live);
    /** The keyboard's cell, display (row, col). @type {[number, number] | null} */
    this.cursor = null;
    /** The heatmap has the focus from the keyboard: the cursor shows (not after a click). */
    this.keyboardFocus = false;

    /** @param {KeyboardEvent} event */
    const onKeyDown = (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (this.onKey(event.key)) {
        event.preventDefault(); // no page scroll on arrows and Space
        event.stopPropagation(); // nor the notebook's own shortcuts
      }
    };
    // Focus shows the cursor where the selection is (or the first cell), and reads it.
    const onFocus = () => {
      this.keyboardFocus = root.matches(":focus-visible");
      this.move(this.cursor ?? view.selection ?? [0, 0], false);
    };
    const hide = () => {
      this.keyboardFocus = false;
      this.draw();
    };
    root.addEventListener("keydown", onKeyDown);
    root.addEventListener("focus", onFocus);
    root.addEventListener("blur", hide);
    root.addEventListener("pointerdown", hide);
    this.dispose = () => {
      root.removeEventListener("keydown", onKeyDown);
      root.removeEventListener("focus", onFocus);
      root.removeEventListener("blur", hide);
      root.removeEventListener("pointerdown", hide);
    };
  }

  /** Outline the keyboard's cell (its block, in an overview), clipped to the plot area. */
  draw() {
    const { graph, cells } = this.view;
    const area = graph.area();
    const cell = this.cursor && cells.cellAt(...this.cursor);
    if (!area || !cell || !this.keyboardFocus) {
      this.element.hidden = true;
      return;
    }
    const xs = cell.cols.map((c) => toPixel(area.x, c - 0.5));
    const ys = cell.rows.map((r) => toPixel(area.y, r - 0.5));
    const clip = (/** @type {number} */ p, /** @type {number} */ length) => Math.min(length, Math.max(0, p));
    const left = clip(Math.min(...xs), area.x.length);
    const right = clip(Math.max(...xs), area.x.length);
    const top = clip(Math.min(...ys), area.y.length);
    const bottom = clip(Math.max(...ys), area.y.length);
    this.element.hidden = right - left < 1 || bottom - top < 1;
    Object.assign(this.element.style, {
      left: `${area.x.offset + left}px`,
      top: `${area.y.offset + top}px`,
      width: `${right - left}px`,
      height: `${bottom - top}px`,
    });
  }

  /**
   * A key pressed on the focused heatmap; true if it was the heatmap's.
   * @param {string} key
   */
  onKey(key) {
    const { graph, cells, n, m, events } = this.view;
    const area = graph.area();
    if (!area || !n) return false;
    const under = this.cursor && cells.cellAt(...this.cursor);
    const rows = visibleSpan(area.y.range, n);
    const step = under ? under.rows[1] - under.rows[0] : 1;
    const colStep = under ? under.cols[1] - under.cols[0] : 1;
    const result = keyAction(key, this.cursor, { n, m, step, colStep, page: rows[1] - rows[0] });
    if (!result) return false;
    this.keyboardFocus = true;
    const [row, col] = result.cursor;
    const cell = cells.cellAt(row, col);
    if (result.action === "select" && cell) {
      if (cell.exact) events.onSelect(row, col);
      else events.onSelectBlock(cell.rows, cell.cols);
    } else if (result.action === "clear") {
      events.onClear();
    } else if (result.action === "zoomIn" || result.action === "zoomOut") {
      const factor = result.action === "zoomIn" ? 0.5 : 2;
      graph.zoomTo(zoomRange(area.x.range, col, factor, m), zoomRange(area.y.range, row, factor, n));
    } else if (result.action === "move") {
      this.move(result.cursor);
    }
    return true;
  }

  /**
   * Put the keyboard's cell at display (row, col), pan it into view, and read it out.
   * @param {[number, number]} at
   * @param {boolean} [pan]  Pan the view to show it (not on focus: a click must not move the view).
   */
  move(at, pan = true) {
    this.cursor = at;
    const { graph, cells, labels, columns } = this.view;
    const area = graph.area();
    if (area && pan) {
      const x = panTo(area.x.range, at[1]);
      const y = panTo(area.y.range, at[0]);
      if (x !== area.x.range || y !== area.y.range) graph.zoomTo(x, y);
    }
    const cell = cells.cellAt(...at);
    if (cell) this.live.textContent = readCell(at, cell, labels, this.view.style ?? {}, columns?.labels);
    this.draw();
  }
}
