// A partial plotly.js: the core (axes, zoom, pan, colour bars) plus the heatmap trace,
// about a quarter of the full bundle. Bundled into the widget, never loaded from a CDN.
import Plotly from "plotly.js/lib/core";
import heatmap from "plotly.js/lib/heatmap";
import Registry from "plotly.js/src/registry";

Plotly.register([heatmap]);

/**
 * Relayout as the mode bar and zoom box do: the change counts as the user's, so later
 * updates keep it under the same uirevision (a plain `relayout` would be undone by them).
 */
export const guiRelayout = (element, update) => Registry.call("_guiRelayout", element, update);

export default Plotly;
