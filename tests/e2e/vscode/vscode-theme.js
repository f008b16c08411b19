// What VS Code does to a webview before any renderer runs: the theme's colours as --vscode-*
// variables on <html> and the theme kind as a body class (Light Modern / Dark Modern values).
(() => {
  const THEMES = {
    light: {
      "editor-background": "#ffffff",
      "editor-foreground": "#3b3b3b",
      "descriptionForeground": "#3b3b3b",
      "widget-border": "#e5e5e5",
      "panel-border": "#e5e5e5",
      "focusBorder": "#005fb8",
      "input-background": "#ffffff",
      "input-foreground": "#3b3b3b",
      "input-border": "#cecece",
      "textLink-foreground": "#005fb8",
    },
    dark: {
      "editor-background": "#1f1f1f",
      "editor-foreground": "#cccccc",
      "descriptionForeground": "#9d9d9d",
      "widget-border": "#313131",
      "panel-border": "#2b2b2b",
      "focusBorder": "#0078d4",
      "input-background": "#313131",
      "input-foreground": "#cccccc",
      "input-border": "#3c3c3c",
      "textLink-foreground": "#4daafc",
    },
  };
  const kind = new URLSearchParams(location.search).get("theme") === "dark" ? "dark" : "light";
  const root = document.documentElement;
  for (const [name, value] of Object.entries(THEMES[kind])) root.style.setProperty(`--vscode-${name}`, value);
  root.style.setProperty("--vscode-font-family", 'system-ui, "Ubuntu", "Droid Sans", sans-serif');
  root.style.setProperty("--vscode-font-size", "13px");
  root.style.setProperty("--vscode-font-weight", "normal");
  // Run as the body's first child, so the class is there before anything renders.
  document.body.classList.add(`vscode-${kind}`);
  document.body.dataset.vscodeThemeKind = `vscode-${kind}`;
})();
