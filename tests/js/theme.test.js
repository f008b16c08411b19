import { afterEach, describe, expect, it } from "vitest";
import { applyTheme, hostSignals, isDark, luminance, parseRgb, watchTheme } from "../../js/theme.js";

const NONE = { jpThemeLight: undefined, classes: [], dataTheme: undefined, background: undefined };

afterEach(() => {
  document.body.className = "";
  document.documentElement.className = "";
  delete document.body.dataset.jpThemeLight;
  delete document.body.dataset.theme;
  document.body.style.backgroundColor = "";
  document.body.replaceChildren();
});

describe("isDark", () => {
  it("follows JupyterLab's flag first, then VS Code's and marimo's classes, then data-theme", () => {
    expect(isDark({ ...NONE, jpThemeLight: "false" })).toBe(true);
    expect(isDark({ ...NONE, jpThemeLight: "true", classes: ["dark"] })).toBe(false);
    expect(isDark({ ...NONE, classes: ["vscode-dark"] })).toBe(true);
    expect(isDark({ ...NONE, classes: ["vscode-light"] })).toBe(false);
    expect(isDark({ ...NONE, classes: ["vscode-high-contrast", "vscode-high-contrast-light"] })).toBe(false);
    expect(isDark({ ...NONE, classes: ["vscode-high-contrast"] })).toBe(true);
    expect(isDark({ ...NONE, classes: ["dark"] })).toBe(true); // marimo's <body class="dark">
    expect(isDark({ ...NONE, dataTheme: "dark" })).toBe(true);
  });

  it("otherwise judges by the page's background, and is light when it knows nothing", () => {
    expect(isDark({ ...NONE, background: "rgb(30, 30, 30)" })).toBe(true);
    expect(isDark({ ...NONE, background: "rgb(255, 255, 255)" })).toBe(false);
    expect(isDark(NONE)).toBe(false);
  });
});

describe("colour helpers", () => {
  it("parses computed colours and weighs their luminance", () => {
    expect(parseRgb("rgb(1, 2, 3)")).toEqual([1, 2, 3, 1]);
    expect(parseRgb("rgba(1, 2, 3, 0.5)")).toEqual([1, 2, 3, 0.5]);
    expect(parseRgb("red")).toBeNull();
    expect(luminance([255, 255, 255, 1])).toBeCloseTo(1);
    expect(luminance([0, 0, 0, 1])).toBe(0);
    expect(luminance([0, 255, 0, 1])).toBeGreaterThan(luminance([0, 0, 255, 1]));
  });
});

describe("hostSignals and applyTheme", () => {
  it("reads the page's classes and flags, and the background behind the widget", () => {
    document.body.classList.add("vscode-dark");
    document.body.dataset.jpThemeLight = "false";
    document.body.style.backgroundColor = "rgb(20, 20, 20)";
    const root = document.body.appendChild(document.createElement("div"));
    const signals = hostSignals(root);
    expect(signals.classes).toContain("vscode-dark");
    expect(signals.jpThemeLight).toBe("false");
    expect(signals.background).toBe("rgb(20, 20, 20)");
  });

  it("reads VS Code's theme kind as well as its classes", () => {
    document.body.dataset.vscodeThemeKind = "vscode-high-contrast";
    const root = document.body.appendChild(document.createElement("div"));
    expect(applyTheme(root).dark).toBe(true);
    delete document.body.dataset.vscodeThemeKind;
  });

  it("finds the background across a shadow root (marimo)", () => {
    const host = document.body.appendChild(document.createElement("div"));
    host.style.backgroundColor = "rgb(10, 10, 10)";
    const root = host.attachShadow({ mode: "open" }).appendChild(document.createElement("div"));
    expect(hostSignals(root).background).toBe("rgb(10, 10, 10)");
    expect(applyTheme(root).dark).toBe(true);
  });

  it("marks the root and reads its resolved colours", () => {
    document.body.dataset.jpThemeLight = "false";
    const root = document.body.appendChild(document.createElement("div"));
    root.style.setProperty("--simheat-fg", "rgb(230, 237, 243)");
    root.style.setProperty("--simheat-muted", "rgb(145, 152, 161)");
    const theme = applyTheme(root);
    expect(root.dataset.simheatTheme).toBe("dark");
    expect(theme).toMatchObject({ dark: true, fg: "rgb(230, 237, 243)", muted: "rgb(145, 152, 161)" });
  });
});

describe("watchTheme", () => {
  it("reports a switch of the host's theme, and only a change", async () => {
    document.body.dataset.jpThemeLight = "true";
    const root = document.body.appendChild(document.createElement("div"));
    const seen = [];
    const watch = watchTheme(root, (theme) => seen.push(theme.dark));
    document.body.dataset.jpThemeLight = "false";
    await new Promise((resolve) => setTimeout(resolve, 0)); // mutation observers run
    document.body.dataset.jpThemeName = "JupyterLab Dark"; // no change of light or dark
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([true]);
    expect(root.dataset.simheatTheme).toBe("dark");
    watch.stop();
    document.body.dataset.jpThemeLight = "true";
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([true]);
  });
});
