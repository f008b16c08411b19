/**
 * The host's theme: light or dark, and the colours the widget draws with. The colours are
 * CSS variables on the `.simheat` root (widget.css), each reading the host's own variable
 * first (JupyterLab and Notebook 7 `--jp-*`, VS Code `--vscode-*`) and our light or dark
 * default last; this module picks the default (the root's `data-simheat-theme`) and reads
 * the resolved colours back for Plotly, which cannot read CSS. Colorscales never change.
 */

/**
 * @typedef {object} Theme  Colours for the figure, resolved from the root's CSS variables.
 * @property {boolean} dark
 * @property {string} fg  Text, titles, tick labels.
 * @property {string} muted  Axis lines and ticks.
 * @property {string} bg  Background of the widget.
 * @property {string} fontFamily
 */

/**
 * @typedef {object} HostSignals  What the page says about its theme.
 * @property {string | undefined} jpThemeLight  JupyterLab's `data-jp-theme-light` on <body>: "true" or "false".
 * @property {string[]} classes  Classes of <html> and <body> (VS Code's `vscode-dark`, marimo's
 *   `dark`), and VS Code's `data-vscode-theme-kind` (the same names).
 * @property {string | undefined} dataTheme  A `data-theme` on <html> or <body>.
 * @property {string | undefined} background  The first opaque background behind the widget (computed, "rgb(…)").
 */

const DARK_CLASSES = ["vscode-dark", "vscode-high-contrast", "dark", "dark-theme", "theme-dark"];
const LIGHT_CLASSES = ["vscode-light", "vscode-high-contrast-light", "light", "light-theme", "theme-light"];

/**
 * Whether the host is dark: JupyterLab's flag, then VS Code's and other hosts' classes
 * (marimo puts `dark` on <body>), then `data-theme`, then how bright the page behind is.
 * @param {HostSignals} signals
 */
export function isDark({ jpThemeLight, classes, dataTheme, background }) {
  if (jpThemeLight === "true" || jpThemeLight === "false") return jpThemeLight === "false";
  // vscode-high-contrast-light also carries vscode-high-contrast: light classes first.
  if (classes.some((c) => LIGHT_CLASSES.includes(c))) return false;
  if (classes.some((c) => DARK_CLASSES.includes(c))) return true;
  if (dataTheme === "dark" || dataTheme === "light") return dataTheme === "dark";
  const rgb = background && parseRgb(background);
  return rgb ? luminance(rgb) < 0.4 : false;
}

/**
 * [r, g, b] (0–255) and alpha of a computed colour "rgb(…)" / "rgba(…)", or null.
 * @param {string} colour
 * @returns {[number, number, number, number] | null}
 */
export function parseRgb(colour) {
  const match = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(colour.trim());
  if (!match) return null;
  const alphaText = match[4];
  const alpha = alphaText === undefined ? 1 : alphaText.endsWith("%") ? parseFloat(alphaText) / 100 : Number(alphaText);
  return [Number(match[1]), Number(match[2]), Number(match[3]), alpha];
}

/**
 * Relative luminance (WCAG) of an sRGB colour, 0 (black) to 1 (white).
 * @param {[number, number, number, number]} rgb
 */
export function luminance([r, g, b]) {
  const lin = (/** @type {number} */ c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/**
 * Read the page's theme signals around `element` (which may sit in a shadow root, as in marimo).
 * @param {HTMLElement} element
 * @returns {HostSignals}
 */
export function hostSignals(element) {
  const { body, documentElement: html } = document;
  return {
    jpThemeLight: body.dataset.jpThemeLight,
    classes: [...Array.from(html.classList), ...Array.from(body.classList), body.dataset.vscodeThemeKind ?? ""],
    dataTheme: body.dataset.theme ?? html.dataset.theme,
    background: backgroundBehind(element),
  };
}

/**
 * The first opaque background colour of `element`'s ancestors, crossing shadow roots.
 * @param {HTMLElement} element
 */
function backgroundBehind(element) {
  /** @type {Node | null} */
  let node = element.parentNode;
  while (node) {
    if (node instanceof ShadowRoot) node = node.host;
    if (!(node instanceof Element)) break;
    const colour = getComputedStyle(node).backgroundColor;
    const rgb = colour ? parseRgb(colour) : null;
    if (rgb && rgb[3] > 0.5) return colour;
    node = node.parentNode;
  }
  return undefined;
}

/**
 * Mark `root` light or dark (which defaults widget.css falls back on) and read its colours.
 * @param {HTMLElement} root  The `.simheat` element.
 * @returns {Theme}
 */
export function applyTheme(root) {
  const dark = isDark(hostSignals(root));
  root.dataset.simheatTheme = dark ? "dark" : "light";
  const style = getComputedStyle(root);
  const read = (/** @type {string} */ name) => style.getPropertyValue(name).trim();
  return {
    dark,
    fg: read("--simheat-fg"),
    muted: read("--simheat-muted"),
    bg: read("--simheat-bg"),
    fontFamily: style.fontFamily,
  };
}

/** Attributes by which hosts switch theme on <html> and <body>. */
const THEME_ATTRIBUTES = ["class", "style", "data-jp-theme-light", "data-jp-theme-name", "data-theme", "data-vscode-theme-kind"];
/** A second look after a switch, for hosts that flip the flag before their stylesheet applies. */
const SETTLE_MS = 400;

/**
 * Call `onChange` with the new theme whenever the host switches theme. `check` looks again
 * (e.g. once the root is in the page: before that it has no computed colours); `stop` ends it.
 * @param {HTMLElement} root
 * @param {(theme: Theme) => void} onChange
 */
export function watchTheme(root, onChange) {
  let last = JSON.stringify(applyTheme(root));
  const check = () => {
    const theme = applyTheme(root);
    const now = JSON.stringify(theme);
    if (now !== last) {
      last = now;
      onChange(theme);
    }
  };
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let settle;
  const observer = new MutationObserver(() => {
    check();
    clearTimeout(settle);
    settle = setTimeout(check, SETTLE_MS);
  });
  for (const target of [document.documentElement, document.body]) {
    observer.observe(target, { attributes: true, attributeFilter: THEME_ATTRIBUTES });
  }
  return {
    check,
    stop() {
      clearTimeout(settle);
      observer.disconnect();
    },
  };
}
