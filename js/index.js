// The module anywidget loads: only a default export, as anywidget expects.
import { render } from "./widget.js";

/** @type {import("@anywidget/types").AnyWidget<import("./traits.js").WidgetTraits>} */
export default { render };
