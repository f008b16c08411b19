"""simheat's ValidMind tests against ValidMind's own, run by the real ValidMind in its venv."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.validmind

VALIDMIND = "validmind.model_validation.embeddings."
SECTIONS = ("Purpose", "Test Mechanism", "Signs of High Risk", "Strengths", "Limitations")


@pytest.fixture(scope="module")
def runs(run_in_validmind) -> dict:
    return run_in_validmind("compare_tests.py")


def rgb(colour: str) -> tuple[int, int, int]:
    """'#f7fbff' or 'rgb(247,251,255)' as a triple, to compare colours written either way."""
    colour = colour.strip()
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return tuple(int(float(part)) for part in colour[colour.index("(") + 1 : -1].split(","))


def off_diagonal(matrix: np.ndarray) -> np.ndarray:
    return matrix[np.triu_indices(matrix.shape[0], k=1)]


def test_register_is_idempotent_and_lists_the_tests(runs):
    expected = [
        "simheat.CosineSimilarityComparison",
        "simheat.CosineSimilarityDistribution",
        "simheat.CosineSimilarityHeatmap",
        "simheat.EuclideanDistanceHeatmap",
        "simheat.NearDuplicates",
        "simheat.StabilityAnalysisKeyword",
        "simheat.StabilityAnalysisRandomNoise",
    ]
    assert runs["registered"] == [expected, expected]
    assert runs["listed"] == expected  # vm.tests.list_tests() sees the provider's tests


@pytest.mark.parametrize(
    "name",
    [
        "CosineSimilarityHeatmap",
        "EuclideanDistanceHeatmap",
        "CosineSimilarityComparison",
        "StabilityAnalysisRandomNoise",
        "StabilityAnalysisKeyword",
    ],
)
def test_heatmap_has_validminds_inputs_and_parameters(runs, name):
    ours = runs["signatures"][f"simheat.{name}"]
    theirs = runs["signatures"][f"{VALIDMIND}{name}"]
    expected = ["dataset", "models" if name == "CosineSimilarityComparison" else "model"]
    assert ours["inputs"] == theirs["inputs"] == expected
    assert {k: v["default"] for k, v in ours["params"].items()} == {
        k: v["default"] for k, v in theirs["params"].items()
    }


def test_distribution_takes_validminds_inputs(runs):
    ours = runs["signatures"]["simheat.CosineSimilarityDistribution"]
    theirs = runs["signatures"][f"{VALIDMIND}CosineSimilarityDistribution"]
    assert ours["inputs"] == theirs["inputs"]
    assert set(theirs["params"]) <= set(ours["params"])  # extras have defaults: a swap works


@pytest.mark.parametrize("case", ["CosineSimilarityHeatmap", "CosineSimilarityHeatmap:custom"])
def test_heatmap_raw_matrix_equals_validminds(runs, case):
    ours = np.array(runs[f"simheat:{case}"]["raw"]["similarity_matrix"])
    theirs = np.array(runs[f"validmind:{case}"]["raw"]["similarity_matrix"])
    assert ours.shape == theirs.shape == (30, 30)
    np.testing.assert_allclose(ours, theirs, atol=1e-6, rtol=0)
    # and both are the cosine of the embeddings, computed here in float64
    unit = np.array(runs["embeddings"])
    unit /= np.linalg.norm(unit, axis=1, keepdims=True)
    np.testing.assert_allclose(ours, unit @ unit.T, atol=1e-6, rtol=0)
    assert ours[3, 5] == pytest.approx(1.0, abs=1e-6)  # a scaled copy


def test_euclidean_raw_matrix_equals_validminds_and_scipys(runs):
    from scipy.spatial.distance import cdist

    ours = np.array(runs["simheat:EuclideanDistanceHeatmap"]["raw"]["distance_matrix"])
    theirs = np.array(runs["validmind:EuclideanDistanceHeatmap"]["raw"]["distance_matrix"])
    vectors = np.array(runs["embeddings"])
    assert ours.shape == theirs.shape == (30, 30)
    # ValidMind's sklearn distances and ours in float32 from float64 work; the raw vectors.
    np.testing.assert_allclose(ours, theirs, atol=1e-5, rtol=1e-6)
    np.testing.assert_allclose(ours, cdist(vectors, vectors), atol=1e-5, rtol=1e-6)
    assert (np.diagonal(ours) == 0).all()
    assert ours[3, 5] == pytest.approx(2 * np.linalg.norm(vectors[3]), rel=1e-6)  # 3× a copy


@pytest.mark.parametrize(
    "case",
    ["CosineSimilarityHeatmap", "CosineSimilarityHeatmap:custom", "EuclideanDistanceHeatmap"],
)
def test_heatmap_figure_content_equals_validminds(runs, case):
    [ours] = runs[f"simheat:{case}"]["figures"]
    [theirs] = runs[f"validmind:{case}"]["figures"]
    for key in ("title", "xaxis_title", "yaxis_title", "colorbar_title", "trace_type"):
        assert ours[key] == theirs[key], key
    assert len(ours["colorscale"]) == len(theirs["colorscale"]) > 2
    for (our_at, our_colour), (their_at, their_colour) in zip(
        ours["colorscale"], theirs["colorscale"], strict=True
    ):
        assert our_at == pytest.approx(their_at, abs=1e-6)
        assert rgb(our_colour) == rgb(their_colour)


def test_heatmap_titles_follow_validmind(runs):
    model = runs["model_input_id"]
    default = runs["simheat:CosineSimilarityHeatmap"]["figures"][0]
    custom = runs["simheat:CosineSimilarityHeatmap:custom"]["figures"][0]
    assert default["title"] == f"Cosine Similarity Matrix - {model}"
    assert (custom["title"], custom["xaxis_title"], custom["yaxis_title"]) == (
        f"Embedding similarity - {model}",
        "Text",
        "Text (again)",
    )
    assert custom["colorbar_title"] == "cosine"
    assert rgb(custom["colorscale"][0][1]) == (0x44, 0x01, 0x54)  # Viridis starts dark purple


def test_heatmap_shows_no_widget_outside_a_notebook(runs):
    assert runs["displayed_outside_notebook"] == 0  # the notebook test checks that it does there


def test_heatmap_raw_data_names_model_and_dataset(runs):
    ours = runs["simheat:CosineSimilarityHeatmap"]["raw"]
    theirs = runs["validmind:CosineSimilarityHeatmap"]["raw"]
    assert set(ours) == set(theirs) == {"similarity_matrix", "model", "dataset"}
    assert (ours["model"], ours["dataset"]) == (theirs["model"], theirs["dataset"])


def test_distribution_leaves_out_the_diagonal(runs):
    ours = np.array(runs["simheat:CosineSimilarityDistribution"]["raw"]["similarity_scores"])
    theirs = np.array(runs["validmind:CosineSimilarityDistribution"]["raw"]["similarity_scores"])
    n = 30
    assert theirs.size == n * n  # ValidMind's: the whole matrix, the N ones of the diagonal in
    assert ours.size == n * (n - 1) // 2  # ours: each pair of distinct texts once
    np.testing.assert_allclose(ours, off_diagonal(theirs.reshape(n, n)), atol=1e-6, rtol=0)


def test_distribution_stats_table(runs):
    [table] = runs["simheat:CosineSimilarityDistribution"]["tables"]
    assert runs["validmind:CosineSimilarityDistribution"]["tables"] == []  # the extra table
    assert table["title"] == "Off-diagonal cosine similarity"
    [row] = table["rows"]
    assert list(row) == ["n", "pairs", "mean", "std", "min", "p5", "median", "p95", "max"]
    n = 30
    values = off_diagonal(
        np.array(
            runs["validmind:CosineSimilarityDistribution"]["raw"]["similarity_scores"]
        ).reshape(n, n)
    )
    assert (row["n"], row["pairs"]) == (n, n * (n - 1) // 2)
    expected = {
        "mean": values.mean(),
        "std": values.std(),
        "min": values.min(),
        "p5": np.percentile(values, 5),
        "median": np.median(values),
        "p95": np.percentile(values, 95),
        "max": values.max(),
    }
    for key, value in expected.items():
        # ValidMind rounds table cells to 4 decimals
        assert row[key] == pytest.approx(value, abs=1e-4), key


def test_distribution_histogram(runs):
    [ours] = runs["simheat:CosineSimilarityDistribution"]["figures"]
    [theirs] = runs["validmind:CosineSimilarityDistribution"]["figures"]
    for key in ("title", "xaxis_title", "yaxis_title", "trace_type"):
        assert ours[key] == theirs[key], key
    scores = np.array(runs["simheat:CosineSimilarityDistribution"]["raw"]["similarity_scores"])
    counts, edges = np.histogram(scores, bins=100)
    assert ours["histfunc"] == "sum"
    assert ours["y"] == counts.tolist()
    assert sum(ours["y"]) == scores.size
    np.testing.assert_allclose(ours["x"], (edges[:-1] + edges[1:]) / 2, atol=1e-9)
    assert ours["xbins"]["start"] == pytest.approx(edges[0])
    assert ours["xbins"]["end"] == pytest.approx(edges[-1])
    assert ours["xbins"]["size"] == pytest.approx(edges[1] - edges[0])


@pytest.mark.parametrize(
    "name",
    [
        "CosineSimilarityHeatmap",
        "CosineSimilarityDistribution",
        "EuclideanDistanceHeatmap",
        "CosineSimilarityComparison",
        "StabilityAnalysisRandomNoise",
        "StabilityAnalysisKeyword",
    ],
)
def test_description_has_validminds_sections(runs, name):
    description = runs[f"simheat:{name}"]["description"]
    for section in SECTIONS:
        assert f"<h3>{section}</h3>" in description, section
    # Same rendering as ValidMind's own (its keyword test cannot run through run_test).
    theirs = "CosineSimilarityHeatmap" if name == "StabilityAnalysisKeyword" else name
    assert "<h3>Purpose</h3>" in runs[f"validmind:{theirs}"]["description"]


def validminds_matrix(runs) -> np.ndarray:
    return np.array(runs["validmind:CosineSimilarityHeatmap"]["raw"]["similarity_matrix"])


def test_near_duplicates_top_pairs_are_the_most_similar_pairs_of_validminds_matrix(runs):
    result = runs["simheat:NearDuplicates"]
    groups, pairs = result["tables"]
    assert groups["title"] == "Groups of texts at or above 0.5"
    assert pairs["title"] == "The 5 most similar pairs"
    matrix = validminds_matrix(runs)
    top = np.sort(off_diagonal(matrix))[::-1][:5]
    # Text 5 is a scaled copy of text 3: their pairs with any third text tie, so compare the
    # values in order and each pair's own value, not the order of tied pairs.
    found = [pair["similarity"] for pair in pairs["rows"]]
    np.testing.assert_allclose(found, top, atol=1e-4)  # ValidMind rounds cells to 4 decimals
    for pair in pairs["rows"]:
        assert pair["row"] < pair["col"]
        assert pair["similarity"] == pytest.approx(matrix[pair["row"], pair["col"]], abs=1e-4)
        assert pair["kind"] == "semantic"  # distinct made-up texts: "text 3", "text 5"
    assert (pairs["rows"][0]["row"], pairs["rows"][0]["col"]) == (3, 5)  # the planted copy
    heatmap_title = runs["simheat:CosineSimilarityHeatmap"]["figures"][0]["title"]
    assert result["figures"][0]["title"] == heatmap_title


@pytest.mark.parametrize(
    ("case", "threshold"), [("NearDuplicates", 0.5), ("NearDuplicates:default", 0.95)]
)
def test_near_duplicate_groups_are_the_components_of_pairs_above_the_threshold(
    runs, case, threshold
):
    from scipy.sparse.csgraph import connected_components

    matrix = validminds_matrix(runs)
    above = (matrix >= threshold - 1e-6) & ~np.eye(len(matrix), dtype=bool)
    _, labels = connected_components(above, directed=False)
    expected = sorted(
        (np.flatnonzero(labels == g).tolist() for g in set(labels.tolist())),
        key=lambda members: (-len(members), members[0]),
    )
    expected = [members for members in expected if len(members) > 1]
    groups = runs[f"simheat:{case}"]["tables"][0]["rows"]
    assert [[int(i) for i in g["indices"].split(", ")] for g in groups] == expected
    assert [g["size"] for g in groups] == [len(members) for members in expected]
    if threshold == 0.95:  # the planted scaled copy (3, 5) and near copy (2, 7)
        assert expected == [[2, 7], [3, 5]]


def test_near_duplicates_description_has_validminds_sections(runs):
    description = runs["simheat:NearDuplicates"]["description"]
    for section in SECTIONS:
        assert f"<h3>{section}</h3>" in description, section


def test_unknown_test_id_says_what_exists(runs):
    message = runs["unknown_test_error"]
    assert "NoSuchTest" in message
    assert "CosineSimilarityHeatmap" in message


def test_comparison_keeps_validminds_table_and_adds_agreement_checked_by_scipy(runs):
    from scipy.stats import spearmanr

    [theirs] = runs["validmind:CosineSimilarityComparison"]["tables"][0]["rows"]
    [ours] = runs["simheat:CosineSimilarityComparison"]["tables"][0]["rows"]
    for key in ("Combination", "Mean", "Median", "Standard Deviation", "Minimum", "Maximum"):
        assert ours[key] == pytest.approx(theirs[key], abs=1e-4), key
    a, b = np.array(runs["embeddings"]), np.array(runs["model_b_embeddings"])
    unit_a = a / np.linalg.norm(a, axis=1, keepdims=True)
    unit_b = b / np.linalg.norm(b, axis=1, keepdims=True)
    rho = spearmanr(off_diagonal(unit_a @ unit_a.T), off_diagonal(unit_b @ unit_b.T)).statistic
    assert ours["Spearman ρ"] == pytest.approx(rho, abs=1e-4)  # the table rounds to 4 places

    # Overlap@10: the Jaccard index of each text's 10 nearest in A and in B, by brute force.
    # A text whose 10th and 11th nearest tie (to float32 rounding; text 5 is a scaled copy of
    # text 3) may list either: its Jaccard lies between the two choices.
    def top10_choices(unit):
        similarity = unit @ unit.T
        np.fill_diagonal(similarity, -np.inf)
        choices = []
        for row in similarity:
            order = np.argsort(-row, kind="stable")
            first = set(order[:10])
            tied = row[order[9]] - row[order[10]] < 1e-6
            choices.append([first, (first - {order[9]}) | {order[10]}] if tied else [first])
        return choices

    lows, highs = [], []
    for options_a, options_b in zip(top10_choices(unit_a), top10_choices(unit_b), strict=True):
        values = [len(x & y) / len(x | y) for x in options_a for y in options_b]
        lows.append(min(values))
        highs.append(max(values))
    means = [np.mean(lows), np.mean(highs)]
    assert min(means) - 1e-4 <= ours["Overlap@10"] <= max(means) + 1e-4
    # The figure: the difference heatmap instead of ValidMind's N² bars.
    [figure] = runs["simheat:CosineSimilarityComparison"]["figures"]
    assert figure["trace_type"] == "heatmap"
    assert runs["validmind:CosineSimilarityComparison"]["figures"][0]["trace_type"] == "bar"
    raw = runs["simheat:CosineSimilarityComparison"]["raw"]["similarity_matrices"]
    theirs_raw = runs["validmind:CosineSimilarityComparison"]["raw"]["similarity_matrices"]
    np.testing.assert_allclose(
        raw[0]["similarity_matrix"], theirs_raw[0]["similarity_matrix"], atol=1e-6
    )


@pytest.mark.parametrize("name", ["StabilityAnalysisRandomNoise", "StabilityAnalysisKeyword"])
def test_stability_equals_validminds_with_the_same_perturbation(runs, name):
    theirs = runs[f"validmind:{name}"]
    ours = runs[f"simheat:{name}"]
    [our_row], [their_row] = ours["tables"][0]["rows"], theirs["tables"][0]["rows"]
    assert our_row.keys() == their_row.keys()  # mean, min, max, median, std, Pass/Fail
    for key, value in their_row.items():  # run_test rounds to 4 places
        assert our_row[key] == (value if isinstance(value, str) else pytest.approx(value, abs=1e-4))
    similarities = np.array(ours["raw"]["original_perturbed_similarity"]["similarities"])
    expected = np.array(theirs["raw"]["original_perturbed_similarity"]["similarities"])
    np.testing.assert_allclose(similarities, expected, atol=1e-5)
    assert (similarities < 0.999).sum() >= 3  # the perturbation changed texts
    # The least stable texts, each beside its perturbed version, least stable first.
    least = ours["tables"][1]["rows"]
    assert [row["similarity"] for row in least] == sorted(row["similarity"] for row in least)
    assert least[0]["similarity"] == pytest.approx(similarities.min(), abs=1e-4)
    assert least[0]["text"] != least[0]["perturbed_text"]
    assert [f["trace_type"] for f in ours["figures"]] == ["histogram"]
