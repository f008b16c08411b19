// The module anywidget loads: only a default export, as anywidget expects.
import { render } from "./widget.js";

export default { render };
