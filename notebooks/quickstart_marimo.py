"""simheat in marimo: `marimo edit notebooks/quickstart_marimo.py` (or `marimo run`)."""

import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo

    from simheat import SimilarityHeatmap

    texts = [
        "The central bank raised interest rates to fight inflation.",
        "Policy makers lifted the benchmark rate to cool rising prices.",
        "Knead the dough for ten minutes until it is smooth.",
        "Work the bread dough by hand until it becomes stretchy.",
        "Heavy rain is forecast for the weekend.",
        "Expect downpours on Saturday and Sunday.",
    ]
    heatmap = mo.ui.anywidget(SimilarityHeatmap(texts, height=420))
    heatmap
    return heatmap, mo


@app.cell
def _(heatmap, mo):
    # Re-runs whenever the widget's state changes: Python sees every click.
    selection = heatmap.value.get("selection")
    mo.md(f"Python sees the selection: **{selection}**")
    return


if __name__ == "__main__":
    app.run()
