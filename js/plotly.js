// A partial plotly.js: the core (axes, zoom, pan, colour bars) plus the heatmap trace,
// about a quarter of the full bundle. Bundled into the widget, never loaded from a CDN.
import Plotly from "plotly.js/lib/core";
import heatmap from "plotly.js/lib/heatmap";
import Registry from "plotly.js/src/registry";

Plotly.register([heatmap]);

// Plotly's registry, for the one internal the adapter needs (its GUI relayout).
export { Registry };

export default Plotly;
