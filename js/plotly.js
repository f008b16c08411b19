// A partial plotly.js: the core (axes, zoom, pan, colour bars) plus the heatmap trace,
// about a quarter of the full bundle. Bundled into the widget, never loaded from a CDN.
import Plotly from "plotly.js/lib/core";
import heatmap from "plotly.js/lib/heatmap";

Plotly.register([heatmap]);

export default Plotly;
