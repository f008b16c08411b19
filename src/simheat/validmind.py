"""simheat's tests for ValidMind, under the ``simheat.`` namespace.

They take the inputs and parameters of ValidMind's own embedding tests, so a validator
changes only the test id::

    import simheat.validmind

    simheat.validmind.register()
    vm.tests.run_test("simheat.CosineSimilarityHeatmap", inputs={"dataset": ds, "model": m})

The tests come through a ValidMind test provider (not ``@vm.test``): ValidMind then lists
them in ``vm.tests.list_tests()`` and describes them with ``describe_test`` like its own.
Needs ``pip install "simheat[validmind]"``; nothing else in simheat imports ValidMind.
"""

# No ``from __future__ import annotations``: ValidMind reads the real return annotations
# to tell which tests have a figure or a table.

import random
import re
from itertools import combinations
from typing import Any

import numpy as np

try:
    import pandas as pd
    import plotly.graph_objects as go
    import validmind.tests
    from validmind import RawData, tags, tasks
    from validmind.tests.model_validation.embeddings import StabilityAnalysisRandomNoise as _noise
    from validmind.vm_models import VMDataset, VMModel
except ImportError as error:  # pragma: no cover - exercised without ValidMind installed
    raise ImportError(
        'simheat.validmind needs ValidMind, which is not installed: pip install "simheat[validmind]"'
    ) from error

from . import SimilarityHeatmap  # the public name: stays valid when the package is reorganised

NAMESPACE = "simheat"

STATS_COLUMNS = ("n", "pairs", "mean", "std", "min", "p5", "median", "p95", "max")


def register() -> list[str]:
    """Make simheat's tests runnable by ``vm.tests.run_test`` as ``simheat.<TestName>``.

    Calling it again changes nothing: the same provider takes the same namespace.

    Returns:
        The test ids now available, e.g. ``["simheat.CosineSimilarityDistribution", ...]``.

    """
    validmind.tests.register_test_provider(NAMESPACE, _PROVIDER)
    return [f"{NAMESPACE}.{name}" for name in _PROVIDER.list_tests()]


@tags("visualization", "dimensionality_reduction", "embeddings")
@tasks("text_qa", "text_generation", "text_summarization")
def CosineSimilarityHeatmap(  # ValidMind names a test after its function
    dataset: VMDataset,
    model: VMModel,
    title: str = "Cosine Similarity Matrix",
    color: str = "Cosine Similarity",
    xaxis_title: str = "Index",
    yaxis_title: str = "Index",
    color_scale: str = "Blues",
) -> tuple[go.Figure, RawData]:
    """Shows the cosine similarities among a model's embeddings of a dataset's texts as a heatmap you can open.

    ### Purpose

    This test shows how similar a model's embeddings of the dataset's texts are to one another, pair by
    pair, as ValidMind's `CosineSimilarityHeatmap` does, and lets the validator read the two texts behind
    any cell. Cosine similarity, the cosine of the angle between two vectors, measures how closely two
    embeddings point the same way, which is how embedding models are meant to express that two texts mean
    the same thing.

    ### Test Mechanism

    The embeddings are the model's predictions for the dataset (`dataset.y_pred(model)`). Each embedding is
    normalised to unit length and the full matrix of pairwise cosine similarities is computed with NumPy
    (float32). The test returns a Plotly heatmap of the matrix with the same title, axis titles, colour-bar
    title and colour scale as ValidMind's test, coloured over the range of the off-diagonal values (so the
    diagonal's ones do not wash out the colours), and the matrix itself as raw data. Run in a notebook, it
    also shows simheat's interactive heatmap: hovering or clicking a cell shows both texts, the colour range
    and scale can be changed, and zooming reaches single pairs at any size.

    ### Signs of High Risk

    - High similarities (close to 1) almost everywhere: the model collapses different texts onto nearly the
    same direction, or the data is redundant; near-duplicate pairs show as bright cells off the diagonal.
    - Low or scattered similarities between texts that should agree (paraphrases, texts on one topic): the
    model does not capture a coherent set of features from the data.
    - Bright off-diagonal cells between texts that are unrelated when read side by side.

    ### Strengths

    - The texts behind every cell can be read in the notebook, so a suspicious value is checked at once.
    - Stays responsive with thousands of texts: the widget sends only what the screen can show.
    - Title, axis labels and colour scale are customisable, with the same parameters as ValidMind's test.

    ### Limitations

    - The static figure in the documentation shows colours only, not the values in the cells, and with many
    texts each cell is small.
    - The reading depends on the colour scale and range: a narrow range exaggerates small differences.
    - The full N×N matrix is kept for the raw data: beyond about 16,000 texts it exceeds simheat's memory
    budget and the test raises `MemoryError`.
    - Cosine similarity ignores the embeddings' lengths.
    """
    return _heatmap_test(
        dataset, model, "cosine", title, color, xaxis_title, yaxis_title, color_scale
    )


@tags("visualization", "dimensionality_reduction", "embeddings")
@tasks("text_qa", "text_generation", "text_summarization")
def EuclideanDistanceHeatmap(
    dataset: VMDataset,
    model: VMModel,
    title: str = "Euclidean Distance Matrix",
    color: str = "Euclidean Distance",
    xaxis_title: str = "Index",
    yaxis_title: str = "Index",
    color_scale: str = "Blues",
) -> tuple[go.Figure, RawData]:
    """Shows the Euclidean distances among a model's embeddings of a dataset's texts as a heatmap you can open.

    ### Purpose

    This test shows how far apart a model's embeddings of the dataset's texts are, pair by pair, as
    ValidMind's `EuclideanDistanceHeatmap` does, and lets the validator read the two texts behind any
    cell. Unlike cosine similarity, the Euclidean distance also sees the embeddings' lengths: two texts
    pointing the same way but with different norms are far apart.

    ### Test Mechanism

    The embeddings are the model's predictions for the dataset (`dataset.y_pred(model)`), used as they
    are (not normalised), as ValidMind's test uses them. The full matrix of pairwise distances is
    computed with NumPy from the identity ‖a − b‖² = ‖a‖² + ‖b‖² − 2a·b on centred embeddings in float64
    (so near-copies keep their small distance); the diagonal is exactly 0. The test returns a Plotly
    heatmap with the same title, axis titles, colour-bar title and colour scale as ValidMind's test,
    coloured over the range of the off-diagonal distances, and the distance matrix as raw data. Run in a
    notebook, it also shows simheat's interactive heatmap: hovering or clicking a cell shows both texts,
    and zooming reaches single pairs at any size.

    ### Signs of High Risk

    - Uniformly small distances: the model does not tell the texts apart (or the data lacks variety).
    - Very uneven distances, a few texts far from all others: inconsistent representations, often texts
    of another kind (empty, boilerplate, another language); their rows stand out as a dark or light band.
    - Distances driven by length rather than meaning: compare with the cosine heatmap of the same model.

    ### Strengths

    - The texts behind every cell can be read in the notebook, so a suspicious distance is checked at once.
    - Exact distances of near-copies (no float32 cancellation), and the same parameters as ValidMind's test.
    - Stays responsive with thousands of texts: overviews show each block's root mean square distance,
    exact from block sums, and zooming reaches single pairs.

    ### Limitations

    - Distances depend on the embeddings' scale: models with different norms are not comparable by value.
    - The static figure shows colours only, not the values in the cells.
    - The full N×N matrix is kept for the raw data: beyond about 16,000 texts it exceeds simheat's memory
    budget and the test raises `MemoryError`.
    """
    return _heatmap_test(
        dataset, model, "euclidean", title, color, xaxis_title, yaxis_title, color_scale
    )


def _heatmap_test(
    dataset: VMDataset,
    model: VMModel,
    metric: str,
    title: str,
    color: str,
    xaxis_title: str,
    yaxis_title: str,
    color_scale: str,
) -> tuple[go.Figure, RawData]:
    """A heatmap test's figure and raw matrix, as ValidMind's test of ``metric`` returns them."""
    heatmap = _heatmap(
        dataset,
        model,
        metric=metric,
        title=f"{title} - {model.input_id}",  # as ValidMind titles its figure
        color_label=color,
        xaxis_title=xaxis_title,
        yaxis_title=yaxis_title,
        colorscale=color_scale,
    )
    if _in_notebook():
        from IPython.display import display

        display(heatmap)
    raw_name = "similarity_matrix" if metric == "cosine" else "distance_matrix"
    return heatmap.to_figure(), RawData(
        **{raw_name: heatmap.matrix}, model=model.input_id, dataset=dataset.input_id
    )


@tags("llm", "text_data", "embeddings", "visualization")
@tasks("feature_extraction")
def CosineSimilarityDistribution(
    dataset: VMDataset,
    model: VMModel,
    title: str = "Cosine Similarity Distribution",
    nbins: int = 100,
) -> tuple[go.Figure, dict[str, pd.DataFrame], RawData]:
    """Shows how the cosine similarities between distinct texts are distributed, with their summary statistics.

    ### Purpose

    This test summarises how similar the model's embeddings of different texts are, to tell a healthy
    spread from a collapsed space (everything similar) or an incoherent one. Unlike ValidMind's
    `CosineSimilarityDistribution`, which histograms the whole matrix, it leaves out the diagonal: each
    text's similarity with itself is always 1 and would add N meaningless values at the top of the range.

    ### Test Mechanism

    The embeddings are the model's predictions for the dataset (`dataset.y_pred(model)`). The pairwise cosine
    similarities are computed with NumPy, and each pair of distinct texts is counted once (the upper
    triangle of the matrix, N(N-1)/2 values). The test returns a Plotly histogram of these values in
    `nbins` equal bins between their minimum and maximum (the counts are computed in Python, so the figure
    stays small at any size), a table of their count, mean, standard deviation, minimum, 5th percentile,
    median, 95th percentile and maximum, and the values themselves as raw data.

    ### Signs of High Risk

    - A mean or median close to 1 with a small spread: the embeddings are collapsed (anisotropic), so
    similarity no longer separates related from unrelated texts.
    - A 95th percentile or maximum close to 1: near-duplicate pairs in the data or the model.
    - A distribution with no tail of high values on data known to hold paraphrases: the model misses them.

    ### Strengths

    - Exact statistics of every pair, the diagonal excluded, in a table that can be compared across models.
    - The histogram is pre-binned: a few hundred numbers in the report instead of N² values.

    ### Limitations

    - It describes all pairs together: it does not say which texts are similar (the heatmap test does).
    - The shape of the histogram depends on the number of bins.
    - Cosine similarity ignores the embeddings' lengths.
    - The full N×N matrix is computed: beyond about 16,000 texts the test raises `MemoryError`.
    """
    if not (isinstance(nbins, int) and nbins >= 1):
        raise ValueError(f"nbins must be a whole number ≥ 1, got {nbins!r}")
    heatmap = _heatmap(dataset, model)
    matrix = heatmap.matrix
    if matrix.shape[0] < 2:
        raise ValueError(
            f"the distribution needs at least 2 texts to have a pair; the dataset has {matrix.shape[0]}"
        )
    values = _off_diagonal_values(matrix)
    stats = off_diagonal_stats(matrix)  # to become heatmap.stats() when the widget has it
    figure = _histogram(values, nbins, title)
    return (
        figure,
        {"Off-diagonal cosine similarity": pd.DataFrame([{k: stats[k] for k in STATS_COLUMNS}])},
        RawData(similarity_scores=values, model=model.input_id, dataset=dataset.input_id),
    )


def NearDuplicates(
    dataset: VMDataset,
    model: VMModel,
    threshold: float = 0.95,
    top: int = 20,
) -> tuple[go.Figure, dict[str, pd.DataFrame], RawData]:
    """Finds the texts the model treats as (near-)duplicates, as groups and pairs with their kind.

    ### Purpose

    Redundant data and a model that cannot tell texts apart both show as pairs of distinct texts
    whose embeddings are almost the same. This test names them: the groups of texts joined by
    such pairs and the most similar pairs, each marked by kind, so a validator can tell true
    duplicates from texts the model wrongly merges.

    ### Test Mechanism

    The embeddings are the model's predictions for the dataset (`dataset.y_pred(model)`). One
    tiled pass over the pairwise cosine similarities (each pair once, the diagonal left out)
    keeps the most similar pairs. Pairs at or above `threshold` (default 0.95) join texts into
    groups (connected components: a chain a~b~c is one group), largest first. Each pair and
    group gets a kind: `identical` (the same text after case and whitespace normalisation),
    `same words` (the same words in another order, which embedding models barely see: "the dog
    bit the man" and "the man bit the dog"), or `semantic`. The test returns the heatmap figure,
    a table of the groups and a table of the `top` most similar pairs, with the pairs as raw data.

    ### Signs of High Risk

    - Many groups of kind `identical`: the dataset is redundant; evaluation on it over-counts.
    - Groups of kind `same words`: the model ignores word order, where meaning depends on it.
    - Large `semantic` groups of texts that mean different things: the space is collapsing.

    ### Strengths

    - Every pair at or above the threshold is found, without holding the N×N matrix.
    - The kind of each pair separates data problems from model problems.
    - The same pairs and scores as sentence-transformers' `paraphrase_mining_embeddings`.

    ### Limitations

    - The threshold is a choice: 0.95 is a common default, not a property of the model.
    - Kinds are judged on the texts' words only; paraphrases with other words are `semantic`.
    - Cosine similarity ignores the embeddings' lengths.
    """
    if not (isinstance(top, int) and top >= 1):
        raise ValueError(f"top must be a whole number ≥ 1, got {top!r}")
    heatmap = _heatmap(
        dataset, model, threshold=threshold, title=f"Cosine Similarity Matrix - {model.input_id}"
    )
    groups = pd.DataFrame(
        [
            {
                **{key: group[key] for key in ("group", "size", "kind", "similarity", "pairs")},
                "indices": ", ".join(map(str, group["indices"])),
                "texts": " | ".join(group["texts"]),
            }
            for group in heatmap.duplicate_groups(threshold)
        ],
        columns=["group", "size", "kind", "similarity", "pairs", "indices", "texts"],
    )
    pairs = heatmap.top_pairs(top, as_frame=True)
    return (
        heatmap.to_figure(),
        {
            f"Groups of texts at or above {threshold}": groups,
            f"The {top} most similar pairs": pairs,
        },
        RawData(
            top_pairs=pairs[["row", "col", "similarity", "kind"]].to_numpy(),
            model=model.input_id,
            dataset=dataset.input_id,
        ),
    )


@tags("llm", "text_data", "embeddings", "visualization")
@tasks("feature_extraction")
def CosineSimilarityComparison(
    dataset: VMDataset, models: list[VMModel]
) -> tuple[go.Figure, pd.DataFrame, RawData]:
    """Compares how different embedding models see the same texts: where they agree, and the pairs where they do not.

    ### Purpose

    A validator replacing or upgrading an embedding model needs to know whether the candidate
    orders the texts as the current model does, and which pairs it sees differently. ValidMind's
    `CosineSimilarityComparison` flattens the cosine similarities between the two models'
    embeddings into a bar chart of N² values; this test keeps ValidMind's statistics table and
    adds what answers the question: how well the two models' similarity rankings agree, how many
    of each text's nearest neighbours they share, and a heatmap of where they differ.

    ### Test Mechanism

    For every pair of models (A, B), the embeddings are their predictions for the dataset
    (`dataset.y_pred(model)`). The table has ValidMind's columns (mean, median, standard
    deviation, minimum and maximum of the cosine similarities between A's and B's embeddings,
    `cosine_similarity(A, B)`, when the two have the same width; empty otherwise) and simheat's:
    Spearman ρ between the two models' off-diagonal similarities (each pair once; exact up to
    5,000 texts, beyond from a random sample of a million pairs with a 95 % interval), and the
    mean overlap@10 (the Jaccard index of each text's 10 nearest texts in A and in B). The
    figure of each pair is the difference heatmap A − B of the two similarity matrices
    (diverging colours centred on 0). In a notebook, the interactive comparison is shown too:
    its View control switches between A, B, A − B and the rank difference, and its
    Disagreements tab lists the pairs one model calls near and the other far.

    ### Signs of High Risk

    - A low Spearman ρ: the models order pairs of texts differently; results tuned on one do not
    carry over to the other.
    - A low mean overlap@10: retrieval with the candidate returns other neighbours.
    - Large blocks of one colour in the difference heatmap: a topic the models see differently.

    ### Strengths

    - Works for models of different widths (ValidMind's cross-model cosine needs equal widths).
    - Exact ρ and overlap, tested against SciPy and brute force; the disagreeing pairs can be read.

    ### Limitations

    - Agreement is about the models' rankings of these texts, not about either model's quality.
    - The difference heatmap compares raw similarities, which depend on each model's scale; the
    rank difference (in the widget) and ρ do not.
    - The full N×N matrices are computed: beyond about 16,000 texts the figure raises `MemoryError`.
    """
    if len(models) < 2:
        raise ValueError(f"CosineSimilarityComparison needs at least 2 models, got {len(models)}")
    figures, rows, matrices = [], [], []
    texts = _texts(dataset)
    for model_a, model_b in combinations(models, 2):
        a, b = np.stack(dataset.y_pred(model_a)), np.stack(dataset.y_pred(model_b))
        names = (model_a.input_id, model_b.input_id)
        heatmap = SimilarityHeatmap.compare_embeddings(
            a, b, texts, names=names, view="difference", progress=False,
            title=f"Cosine Similarity Difference - {names[0]} − {names[1]}",
        )  # fmt: skip
        agreement = heatmap.agreement()
        cross = _cross_cosine(a, b) if a.shape[1] == b.shape[1] else None
        rows.append(
            {
                "Combination": f"{names[0]} vs {names[1]}",
                **_summary(cross),
                "Spearman ρ": agreement["spearman"],
                "Overlap@10": agreement["overlap_mean"],
            }
        )
        matrices.append({"model_A": names[0], "model_B": names[1], "similarity_matrix": cross})
        if _in_notebook():
            from IPython.display import display

            display(heatmap)
        figures.append(heatmap.to_figure())
    return (
        *figures,
        pd.DataFrame(rows),
        RawData(
            similarity_matrices=pd.DataFrame(matrices),
            dataset=dataset.input_id,
            models=[model.input_id for model in models],
        ),
    )


@tags("llm", "text_data", "embeddings", "visualization")
@tasks("feature_extraction")
def StabilityAnalysisRandomNoise(
    dataset: VMDataset,
    model: VMModel,
    probability: float = 0.02,
    mean_similarity_threshold: float = 0.7,
) -> tuple[go.Figure, dict[str, pd.DataFrame], RawData]:
    """Measures how far small random edits move each text's embedding, and names the texts they move most.

    ### Purpose

    An embedding model used in production meets typos, dropped and swapped words. This test,
    ValidMind's `StabilityAnalysisRandomNoise` made inspectable, perturbs each text a little and
    measures the cosine similarity between the embedding of the text and that of its perturbed
    version: a stable model keeps them close. Beyond ValidMind's summary and pass flag, it lists
    the texts that moved most, each beside its perturbed version, so a validator sees which edits
    the model is sensitive to.

    ### Test Mechanism

    Each text of the dataset's text column is perturbed as ValidMind does: for each word, with
    `probability`, one of swapping two adjacent words, a typo, deleting a word or inserting a
    random word (ValidMind's own helpers, Python's `random`). The model embeds the perturbed texts
    (`model.predict`), and simheat's paired heatmap (texts × perturbed texts) gives the cosine
    similarity of each text with its own perturbed version. The table has ValidMind's columns
    (mean, min, max, median, standard deviation of those similarities, and Pass when the mean is
    above `mean_similarity_threshold`), with a second table of the least stable texts; the figure
    is the histogram of the similarities.

    ### Signs of High Risk

    - A mean similarity below the threshold (Fail): small edits move embeddings far.
    - A long low tail in the histogram, or least-stable texts that differ only by a typo: the model
    is brittle on exactly the inputs users mistype.

    ### Strengths

    - The same perturbation and pass rule as ValidMind's test, with the texts behind the numbers.
    - In a notebook, the paired heatmap shows every text against every perturbed text.

    ### Limitations

    - The perturbation is random: results vary between runs unless `random` is seeded.
    - A low probability leaves most short texts unchanged (similarity 1), which lifts the mean.
    - Cosine similarity ignores the embeddings' lengths.
    """
    perturb = _noise_perturbation(probability)
    return _stability_test(dataset, model, perturb, mean_similarity_threshold)


@tags("llm", "text_data", "embeddings", "visualization")
@tasks("feature_extraction")
def StabilityAnalysisKeyword(
    dataset: VMDataset,
    model: VMModel,
    keyword_dict: dict[str, str],
    mean_similarity_threshold: float = 0.7,
) -> tuple[go.Figure, dict[str, pd.DataFrame], RawData]:
    """Measures how far replacing chosen keywords moves each text's embedding, and names the texts it moves most.

    ### Purpose

    Some words should not change what a text means to the model (a product name, a synonym the
    business uses), others should. This test, ValidMind's `StabilityAnalysisKeyword` made
    inspectable, replaces the keywords of `keyword_dict` in each text and measures the cosine
    similarity between the embedding of the text and that of its edited version, and lists the
    texts that moved most, each beside its edited version.

    ### Test Mechanism

    Each text of the dataset's text column is split into word tokens (with their trailing
    punctuation) and each token found in `keyword_dict` is replaced, exactly as ValidMind's test
    does (including its rule that a token with punctuation is looked up with it). The model
    embeds the edited texts (`model.predict`), and simheat's paired heatmap (texts × edited
    texts) gives the cosine similarity of each text with its own edited version. The table has
    ValidMind's columns (mean, min, max, median, standard deviation, and Pass when the mean is
    above `mean_similarity_threshold`), with a second table of the least stable texts; the figure
    is the histogram of the similarities.

    ### Signs of High Risk

    - A mean similarity below the threshold (Fail): the keywords carry more weight in the
    embeddings than the rest of the text.
    - Least-stable texts whose edit should not change their meaning: the model is sensitive to
    surface forms where it should not be.

    ### Strengths

    - The same edits and pass rule as ValidMind's test, with the texts behind the numbers.
    - Deterministic: the same dictionary gives the same result.

    ### Limitations

    - Only exact keyword matches are replaced; inflected forms are not.
    - Texts without any keyword are unchanged (similarity 1), which lifts the mean.
    - Cosine similarity ignores the embeddings' lengths.
    """
    return _stability_test(
        dataset, model, _keyword_perturbation(keyword_dict), mean_similarity_threshold
    )


def _keyword_perturbation(keyword_dict: dict[str, str]) -> Any:
    """ValidMind's keyword edit of one text: word tokens with their punctuation, rejoined by spaces."""

    def perturb(text: Any) -> Any:
        if not isinstance(text, str):
            return text
        tokens = []
        for token in re.findall(r"[\w']+[.,!?;]?|[\w']+", text):
            word = re.match(r"[\w']+", token).group()  # type: ignore[union-attr]
            # As ValidMind: the whole token (punctuation included) is looked up.
            found = token.lower() in keyword_dict
            tokens.append(keyword_dict[word.lower()] + token[len(word) :] if found else token)
        return " ".join(tokens)

    return perturb


def _noise_perturbation(probability: float) -> Any:
    """ValidMind's random-noise edit of one text, built from its own helpers."""
    edits = {
        "swap": _noise.random_swap,
        "delete": _noise.random_deletion,
        "insert": _noise.random_insertion,
    }

    def perturb(text: Any) -> Any:
        if not isinstance(text, str):
            return text
        words = text.split()
        for _ in range(len(words)):
            if random.random() <= probability:
                action = random.choice(["swap", "typo", "delete", "insert"])
                if action == "typo":
                    index = random.randint(0, len(words) - 1)
                    words[index] = _noise.introduce_typo(words[index])
                else:
                    words = edits[action](words)
        return " ".join(words)

    return perturb


def _stability_test(
    dataset: VMDataset, model: VMModel, perturb: Any, threshold: float
) -> tuple[go.Figure, dict[str, pd.DataFrame], RawData]:
    """Embed each text and its perturbed version; the paired heatmap's stability answers."""
    if not dataset.text_column:
        raise ValueError("a stability test needs the dataset's text_column: the texts to perturb")
    original_frame = dataset.df[[dataset.text_column]]
    perturbed_frame = original_frame.copy()
    perturbed_frame[dataset.text_column] = perturbed_frame[dataset.text_column].map(perturb)
    original = np.stack(dataset.y_pred(model))
    perturbed = np.stack(model.predict(perturbed_frame))
    texts = [str(t) for t in original_frame[dataset.text_column]]
    heatmap = SimilarityHeatmap.from_embeddings(
        original, texts, column_embeddings=perturbed, paired=True, progress=False,
        column_texts=[str(t) for t in perturbed_frame[dataset.text_column]],
        stability_threshold=threshold, title=f"Stability - {model.input_id}",
    )  # fmt: skip
    similarities = np.diagonal(heatmap.matrix).astype(np.float64)
    mean = float(similarities.mean())
    summary = {
        "Mean Similarity": mean,
        "Min Similarity": float(similarities.min()),
        "Max Similarity": float(similarities.max()),
        "Median Similarity": float(np.median(similarities)),
        "Std Similarity": float(similarities.std()),
        "Pass/Fail": "Pass" if mean > threshold else "Fail",  # ValidMind's rule: above
    }
    least = heatmap.least_stable(min(20, len(texts)), as_frame=True)
    if _in_notebook():
        from IPython.display import display

        display(heatmap)
    figure = _histogram(similarities, 100, "Cosine Similarity Distribution")
    return (
        figure,
        {"Stability": pd.DataFrame([summary]), "Least stable texts": least},
        RawData(
            original_perturbed_similarity={
                "original_embeddings": original,
                "perturbed_embeddings": perturbed,
                "similarities": similarities,
            },
            model=model.input_id,
            dataset=dataset.input_id,
        ),
    )


def _cross_cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarities of A's rows with B's rows (ValidMind's cross-model matrix)."""
    a = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), np.finfo(float).tiny)
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), np.finfo(float).tiny)
    return a @ b.T


def _summary(values: np.ndarray | None) -> dict[str, float | None]:
    """ValidMind's statistics columns of a matrix's values (None where there is no matrix)."""
    if values is None:
        return dict.fromkeys(("Mean", "Median", "Standard Deviation", "Minimum", "Maximum"))
    flat = values.ravel()
    return {
        "Mean": float(flat.mean()),
        "Median": float(np.median(flat)),
        "Standard Deviation": float(flat.std()),
        "Minimum": float(flat.min()),
        "Maximum": float(flat.max()),
    }


def off_diagonal_stats(matrix: np.ndarray) -> dict[str, float]:
    """Summary of the similarities between distinct texts, each pair counted once.

    Args:
        matrix: An N×N symmetric similarity matrix, N ≥ 2.

    Returns:
        ``n`` (texts), ``pairs`` (N(N-1)/2), then ``mean``, ``std`` (population), ``min``,
        ``p5``, ``median``, ``p95`` and ``max`` of the upper triangle, as plain floats.

    """
    values = _off_diagonal_values(matrix).astype(np.float64)
    p5, median, p95 = np.percentile(values, [5, 50, 95])
    return {
        "n": int(matrix.shape[0]),
        "pairs": int(values.size),
        "mean": float(values.mean()),
        "std": float(values.std()),
        "min": float(values.min()),
        "p5": float(p5),
        "median": float(median),
        "p95": float(p95),
        "max": float(values.max()),
    }


def _off_diagonal_values(matrix: np.ndarray) -> np.ndarray:
    """The upper triangle of ``matrix`` above the diagonal, row by row."""
    return matrix[np.triu_indices(matrix.shape[0], k=1)]


def _histogram(values: np.ndarray, nbins: int, title: str) -> go.Figure:
    """A Plotly histogram of ``values`` binned by NumPy: only the bin counts go in the figure."""
    counts, edges = np.histogram(values, bins=nbins)
    width = float(edges[1] - edges[0])
    figure = go.Figure(
        go.Histogram(
            x=(edges[:-1] + edges[1:]) / 2,  # one point per bin, weighted by its count
            y=counts,
            histfunc="sum",
            xbins={"start": float(edges[0]), "end": float(edges[-1]), "size": width},
            autobinx=False,
            name="pairs",
        )
    )
    figure.update_layout(
        title=title, xaxis_title="Cosine Similarity", yaxis_title="count", bargap=0
    )
    return figure


def _heatmap(dataset: VMDataset, model: VMModel, **options: Any) -> SimilarityHeatmap:
    """The widget of the model's embeddings of the dataset, with the dataset's texts if it names them."""
    embeddings = np.stack(dataset.y_pred(model))  # as ValidMind's embedding tests read them
    return SimilarityHeatmap.from_embeddings(embeddings, _texts(dataset), progress=False, **options)


def _texts(dataset: VMDataset) -> list[str] | None:
    """The dataset's texts, if it names its text column."""
    if not dataset.text_column:
        return None
    return [str(text) for text in dataset.df[dataset.text_column]]


def _in_notebook() -> bool:
    """Whether this runs in a Jupyter kernel, where a widget can be shown."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


TESTS = {
    "CosineSimilarityComparison": CosineSimilarityComparison,
    "CosineSimilarityDistribution": CosineSimilarityDistribution,
    "NearDuplicates": NearDuplicates,
    "CosineSimilarityHeatmap": CosineSimilarityHeatmap,
    "EuclideanDistanceHeatmap": EuclideanDistanceHeatmap,
    "StabilityAnalysisKeyword": StabilityAnalysisKeyword,
    "StabilityAnalysisRandomNoise": StabilityAnalysisRandomNoise,
}


class SimheatTestProvider:
    """ValidMind test provider for the ``simheat`` namespace (see ``validmind.tests.test_providers``)."""

    def list_tests(self) -> list[str]:
        """The ids of simheat's tests, without the namespace."""
        return sorted(TESTS)

    def load_test(self, test_id: str) -> Any:
        """The test function called ``test_id`` (without the namespace).

        Raises:
            FileNotFoundError: for an unknown id, as ValidMind's protocol asks.

        """
        try:
            return TESTS[test_id]
        except KeyError:
            raise FileNotFoundError(
                f"simheat has no test {test_id!r}; it has {', '.join(sorted(TESTS))}"
            ) from None


_PROVIDER = SimheatTestProvider()
