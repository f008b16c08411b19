"""Static outputs of a heatmap: a Plotly figure for reports, a standalone HTML page."""
