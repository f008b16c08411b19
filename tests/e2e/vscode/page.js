/**
 * VS Code's notebook widget renderer, outside VS Code: @vscode/jupyter-ipywidgets8 (the very
 * module vscode-jupyter loads in its output webview) on a real Jupyter Server kernel. A
 * KernelConnection stands in for VS Code's postMessage kernel proxy; the rest follows
 * vscode-jupyter's webview side (src/webviews/webview-side/ipywidgets/kernel): its script
 * loader registers a widget module's path in requirejs when the manager asks for it (offline:
 * the environment's share/jupyter/nbextensions), and each widget output is wrapped in
 * `.cell-output-ipywidget-background` as its renderer does.
 *
 * The test drives it through `window.vscodePage` (there once the kernel is up): `kernelId`,
 * `run(code)`.
 */
import { KernelManager, ServerConnection } from "@jupyterlab/services";
import { activate } from "./ipywidgets.js";

const WIDGET_MIMETYPE = "application/vnd.jupyter.widget-view+json";
const params = new URLSearchParams(location.search);
const container = /** @type {HTMLElement} */ (document.getElementById("container"));

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// As the renderer does on `ipywidget-renderer-init` with version 8.
activate();
window.vscIPyWidgets8.load();

/** vscode-jupyter's ScriptManager.getScriptLoader(), answering from the local nbextensions. */
const widgetsRegisteredInRequireJs = new Set();
const scriptLoader = {
  widgetsRegisteredInRequireJs,
  /** @param {string} moduleName */
  loadWidgetScript: async (moduleName) => {
    // registerScriptsInRequireJs: the script's URL without `.js`, as a requirejs path.
    const url = new URL(`nbextensions/${moduleName}/index`, location.href).href;
    window.requirejs.config({ paths: { [moduleName]: url } });
    widgetsRegisteredInRequireJs.add(moduleName);
  },
  /** @param {string} className @param {string} moduleName @param {string} moduleVersion @param {unknown} error */
  errorHandler: (className, moduleName, moduleVersion, error) =>
    console.error(`Failed to load widget class ${moduleName}:${moduleVersion}/${className}`, error),
  successHandler: () => {},
};

const serverSettings = ServerConnection.makeSettings({
  baseUrl: params.get("server") ?? "",
  wsUrl: (params.get("server") ?? "").replace(/^http/, "ws"),
  token: params.get("token") ?? "",
  appendToken: true,
});
const kernel = await new KernelManager({ serverSettings }).startNew({ name: "python3" });
await kernel.info; // the kernel has answered: up and running, as VS Code waits for it
const manager = new window.vscIPyWidgets.WidgetManager(kernel, container, scriptLoader, (message) =>
  console.debug(message),
);

/**
 * The widget's model, once the manager has processed its comm_open (vscode-jupyter's
 * renderWidget waits the same way for the model of a display to exist).
 * @param {string} modelId
 */
async function modelFor(modelId) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const model = manager.get_model(modelId);
    if (model) return model;
    await sleep(50);
  }
  throw new Error(`no widget model ${modelId}`);
}

/**
 * renderIPyWidget + WidgetManager.renderWidget: the output element gets the renderer's
 * class, and the view is displayed in a `.cell-output-ipywidget-background` inside it.
 * @param {{model_id: string}} data
 * @param {HTMLElement} element
 */
async function renderWidget(data, element) {
  element.className += " cell-output-ipywidget-background";
  const output = document.createElement("div");
  output.className = "cell-output cell-output";
  const ele = document.createElement("div");
  ele.className = "cell-output-ipywidget-background";
  element.appendChild(ele);
  ele.appendChild(output);
  const model = await modelFor(data.model_id);
  const view = await manager.create_view(model, { el: ele });
  return manager.display_view(data, view, { node: ele });
}

/**
 * Run one cell: its outputs go into a new cell container, as VS Code lays them out.
 * @param {string} code
 */
async function run(code) {
  const cell = document.createElement("div");
  cell.className = "cell_container";
  const outputs = document.createElement("div");
  outputs.className = "output_container";
  cell.appendChild(outputs);
  container.appendChild(cell);
  const future = kernel.requestExecute({ code });
  future.onIOPub = (message) => {
    const content = /** @type {any} */ (message.content);
    const type = message.header.msg_type;
    if (type === "error") console.error(`${content.ename}: ${content.evalue}`);
    if (type !== "display_data" && type !== "execute_result") return;
    const element = document.createElement("div");
    element.className = "output";
    outputs.appendChild(element);
    if (content.data[WIDGET_MIMETYPE]) {
      renderWidget(content.data[WIDGET_MIMETYPE], element).catch((error) =>
        console.error(`Failed to render widget: ${error}`),
      );
    } else {
      element.textContent = content.data["text/plain"] ?? "";
    }
  };
  const reply = /** @type {any} */ (await future.done);
  if (reply.content.status !== "ok") throw new Error(`cell failed: ${reply.content.evalue}`);
}

/**
 * VS Code's webview preload (handleWheel) hands every wheel event that the output neither
 * cancels nor scrolls itself to the notebook, which scrolls: count what the notebook would get.
 */
const wheel = { passedOn: 0, cancelled: 0 };
window.addEventListener("wheel", (event) => {
  if (event.defaultPrevented) wheel.cancelled += 1;
  else wheel.passedOn += 1;
});

window.vscodePage = { kernelId: kernel.id, run, wheel };
