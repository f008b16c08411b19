// Bundle js/index.js (the widget, with plotly.js) into src/simheat/static/, where the Python package
// finds it. `node js/build.mjs --watch` rebuilds on change (use with ANYWIDGET_HMR=1).
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const options = {
  absWorkingDir: root,
  entryPoints: { widget: "js/index.js" },
  outdir: "src/simheat/static",
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2020",
  // plotly.js expects a browser `global`; its CSS is injected at run time by plotly itself.
  // `define` is undefined in the bundle: plotly.js carries UMD wrappers (d3 and others) that,
  // on a page with requirejs (VS Code's widget renderer, the classic Notebook), would register
  // themselves with the page's AMD `define` instead of filling their exports, leaving d3 empty
  // inside the bundle (`….select is not a function`). tests/test_bundle.py keeps it so.
  define: { global: "window", define: "undefined" },
  loader: { ".css": "empty" },
  logLevel: "info",
};

if (process.argv.includes("--watch")) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
  // The same widget as a classic script, inlined by `to_html` into offline pages.
  await esbuild.build({ ...options, entryPoints: { standalone: "js/standalone.js" }, format: "iife" });
  await esbuild.build({ ...options, entryPoints: { widget: "js/widget.css" }, loader: {} });
}
