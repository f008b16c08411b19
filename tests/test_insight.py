"""Insight's answers against brute force, scikit-learn, SciPy and sentence-transformers."""

import os

import numpy as np
import pytest

from simheat.core.insight import NEAR_DUPLICATE, Insight, pair_kind


def unit_rows(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return (x / norms).astype(np.float32)


def topics(n: int, d: int = 48, seed: int = 0, spread: float = 1.0):
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(4, d))
    group = rng.integers(0, 4, n)
    return unit_rows(centers[group] + spread * rng.normal(size=(n, d))), group


def upper(unit: np.ndarray) -> np.ndarray:
    similarity = np.clip(unit.astype(np.float64) @ unit.T.astype(np.float64), -1, 1)
    return similarity[np.triu_indices(len(unit), 1)]


def test_stats_match_the_exact_upper_triangle():
    unit, _ = topics(700)
    unit[3] = 0  # a zero row: its pairs are 0 and still count
    values = upper(unit)
    stats = Insight(unit, threshold=0.4).stats()
    assert stats["n"] == 700 and stats["pairs"] == values.size and stats["d"] == 48
    assert stats["mean"] == pytest.approx(values.mean(), abs=1e-6)
    assert stats["std"] == pytest.approx(values.std(), abs=1e-6)
    assert stats["anisotropy"] == stats["mean"]
    float32_values = np.clip(unit @ unit.T, -1, 1)[np.triu_indices(700, 1)]
    for name, q in {"min": 0, "p5": 0.05, "median": 0.5, "p95": 0.95, "max": 1}.items():
        assert stats[name] == pytest.approx(np.quantile(float32_values, q), abs=1e-7), name
    count = int((float32_values >= np.float32(0.4)).sum())
    assert count > 10_000  # more than the pass keeps: a counting pass answers
    assert stats["pairs_above_threshold"] == count
    assert stats["share_above_threshold"] == pytest.approx(count / values.size)
    assert Insight(unit).stats()["share_above_threshold"] is None


def test_effective_rank_is_roy_and_vetterli_on_the_unit_rows():
    unit, _ = topics(300)
    singular = np.linalg.svd(unit.astype(np.float64), compute_uv=False)
    p = singular / singular.sum()
    assert Insight(unit).stats()["effective_rank"] == pytest.approx(np.exp(-(p * np.log(p)).sum()))


def test_top_and_bottom_pairs_and_neighbors_by_brute_force():
    unit, _ = topics(500)
    texts = [f"text {i}" for i in range(500)]
    insight = Insight(unit, texts, labels=[f"L{i}" for i in range(500)])
    values = upper(unit)
    rows, cols = np.triu_indices(500, 1)
    order = np.argsort(-values)[:100]
    top = insight.top_pairs(100)
    assert [(r["row"], r["col"]) for r in top] == list(zip(rows[order], cols[order], strict=True))
    np.testing.assert_allclose([r["similarity"] for r in top], values[order], atol=1e-5)
    assert top[0]["text_row"] == texts[top[0]["row"]] and top[0]["label_col"] == f"L{top[0]['col']}"
    bottom = insight.bottom_pairs(20)
    order = np.argsort(values)[:20]
    assert [(r["row"], r["col"]) for r in bottom] == list(
        zip(rows[order], cols[order], strict=True)
    )
    # Asking for more pairs than the pass keeps runs a larger one.
    assert len(Insight(unit, pairs=100).top_pairs(300)) == 300
    similarity = unit.astype(np.float64) @ unit.T
    similarity[7, 7] = -np.inf
    near = insight.neighbors(7, k=15)
    assert [r["col"] for r in near] == np.argsort(-similarity[7])[:15].tolist()
    assert all(r["row"] == 7 for r in near)


def test_pairs_above_threshold():
    unit, _ = topics(300)
    insight = Insight(unit, threshold=0.5)
    values = upper(unit)
    found = insight.pairs_above()
    assert len(found) == int((values >= 0.5).sum())
    assert min(r["similarity"] for r in found) >= 0.5
    assert len(insight.pairs_above(0.5, limit=7)) == 7
    with pytest.raises(ValueError, match="needs a threshold"):
        Insight(unit).pairs_above()
    with pytest.raises(ValueError, match=r"\[-1, 1\]"):
        insight.pairs_above(1.5)


def test_outliers_and_hubs_by_brute_force():
    from scipy.stats import skew

    unit, _ = topics(400)
    insight = Insight(unit)
    similarity = unit.astype(np.float64) @ unit.T
    np.fill_diagonal(similarity, -np.inf)
    nearest = similarity.max(axis=1)
    outliers = insight.outliers(10)
    assert [r["index"] for r in outliers] == np.argsort(nearest)[:10].tolist()
    np.testing.assert_allclose(
        [r["similarity"] for r in outliers], np.sort(nearest)[:10], atol=1e-5
    )
    assert outliers[0]["neighbor"] == int(np.argmax(similarity[outliers[0]["index"]]))
    # N_10: how often each text is among the 10 nearest of another.
    ten = np.argsort(-similarity, axis=1)[:, :10]
    counts = np.bincount(ten.ravel(), minlength=400)
    hubs = insight.hubs(5)
    assert [r["count"] for r in hubs] == np.sort(counts)[::-1][:5].tolist()
    assert counts[hubs[0]["index"]] == hubs[0]["count"]
    assert insight.hubness() == pytest.approx(skew(counts))
    assert insight.stats()["hubness"] == pytest.approx(skew(counts))


def test_group_stats_and_separation_match_scikit_learn():
    from sklearn.metrics import silhouette_score

    unit, group = topics(240, spread=1.5)
    names = np.array(["alpha", "beta", "gamma", "delta"])[group]
    result = Insight(unit, groups=names.tolist()).stats()["groups"]
    assert result["separation"] == pytest.approx(
        silhouette_score(unit, names, metric="cosine"), abs=1e-6
    )
    similarity = unit.astype(np.float64) @ unit.T
    for g, name in enumerate(result["names"]):
        members = names == name
        block = similarity[np.ix_(members, members)]
        m = members.sum()
        assert result["within"][g] == pytest.approx((block.sum() - np.trace(block)) / (m * (m - 1)))
        other = result["names"].index("beta")
        assert (
            result["between"][g][other]
            == pytest.approx(similarity[np.ix_(members, names == "beta")].mean())
            or g == other
        )
    with pytest.raises(ValueError, match="one entry per text"):
        Insight(unit, groups=["a"])


def test_a_group_of_one_text_has_no_within_similarity():
    unit, _ = topics(40, spread=1.5)
    groups = ["lone"] + ["many"] * 39  # "lone" has no pair of its own
    result = Insight(unit, groups=groups).stats()["groups"]
    lone = result["names"].index("lone")
    assert np.isnan(result["within"][lone]) and np.isnan(result["between"][lone][lone])
    assert np.isfinite(result["within"][1 - lone])
    assert result["sizes"][lone] == 1


def test_kinds_of_duplicates():
    assert pair_kind("convert tabs to spaces", "convert spaces to tabs") == "same words"
    assert pair_kind("Hello  World", "hello world") == "identical"
    assert pair_kind("The dog bit the man.", "The man bit the dog.") == "same words"
    assert pair_kind("Raise the rates", "Lift the rates") == "semantic"


def planted(seed: int = 3):
    """Two topics, three planted near-duplicate pairs, one triple, and one outlier."""
    rng = np.random.default_rng(seed)
    d = 64
    centers = rng.normal(size=(2, d)) * 1.5
    base = centers[rng.integers(0, 2, 120)] + rng.normal(size=(120, d))
    texts = [f"text number {i} about topic" for i in range(120)]
    duplicates = [(5, 60), (17, 18), (30, 99)]
    for a, b in duplicates:
        base[b] = base[a] + 0.05 * rng.normal(size=d)
    texts[60] = texts[5].upper() + "  "  # identical up to case and spaces
    texts[18] = " ".join(reversed(texts[17].split()))  # same words reordered
    base[41] = base[40] + 0.05 * rng.normal(size=d)
    base[42] = base[40] + 0.05 * rng.normal(size=d)  # a group of three
    outlier = 77
    base[outlier] = rng.normal(size=d) * 0.2 + 5 * np.eye(d)[0] - 3 * centers.mean(axis=0)
    return unit_rows(base), texts, [*duplicates, (40, 41), (40, 42), (41, 42)], outlier


def test_planted_duplicates_outlier_and_kinds():
    unit, texts, duplicates, outlier = planted()
    insight = Insight(unit, texts)
    found = {(r["row"], r["col"]) for r in insight.pairs_above(NEAR_DUPLICATE)}
    assert set(duplicates) <= found
    assert insight.outliers(1)[0]["index"] == outlier
    groups = insight.duplicate_groups()
    assert groups[0]["indices"] == [40, 41, 42] and groups[0]["size"] == 3
    by_members = {tuple(g["indices"]): g["kind"] for g in groups}
    assert by_members[(5, 60)] == "identical"
    assert by_members[(17, 18)] == "same words"
    assert by_members[(30, 99)] == "semantic"
    kinds = {(r["row"], r["col"]): r["kind"] for r in insight.top_pairs(6)}
    assert kinds[(5, 60)] == "identical" and kinds[(17, 18)] == "same words"
    verdicts = {v["sign"]: v for v in insight.verdicts()}
    assert verdicts["near-duplicates"]["value"] == len(found) >= 6
    assert verdicts["near-duplicates"]["groups"] == 4
    assert verdicts["near-duplicates"]["identical"] == 1
    assert verdicts["near-duplicates"]["same_words"] == 1
    assert "1 group(s) of identical texts" in verdicts["near-duplicates"]["message"]
    assert outlier in verdicts["isolated texts"]["indices"]
    assert "collapsed space" not in verdicts


def test_duplicate_groups_beyond_the_kept_pairs_use_a_threshold_pass():
    unit, texts, _, _ = planted()
    few = Insight(unit, texts, pairs=2)  # the kept pairs cannot hold all duplicates
    many = Insight(unit, texts)
    strip = [{k: g[k] for k in ("indices", "kind", "size")} for g in few.duplicate_groups()]
    assert strip == [
        {k: g[k] for k in ("indices", "kind", "size")} for g in many.duplicate_groups()
    ]
    assert few.count_at_least(NEAR_DUPLICATE) == many.count_at_least(NEAR_DUPLICATE)


def test_a_collapsed_space_is_flagged_and_a_healthy_one_is_not():
    rng = np.random.default_rng(0)
    direction = rng.normal(size=384)
    collapsed = unit_rows(
        direction + 0.1 * rng.normal(size=(500, 384)) * np.linalg.norm(direction) / 4
    )
    signs = [v for v in Insight(collapsed).verdicts() if v["sign"] == "collapsed space"]
    assert signs and all(isinstance(v["value"], float) for v in signs)
    assert any("Anisotropy" in v["message"] for v in signs)
    healthy = unit_rows(rng.normal(size=(500, 384)))
    assert Insight(healthy).verdicts() == []
    stats = Insight(healthy).stats()
    assert abs(stats["anisotropy"]) < 0.01 and stats["effective_rank"] > 0.8 * 384


def test_records_as_a_data_frame():
    unit, texts, _, _ = planted()
    frame = Insight(unit, texts).top_pairs(5, as_frame=True)
    assert list(frame.columns) == [
        "row",
        "col",
        "similarity",
        "kind",
        "text_row",
        "text_col",
        "label_row",
        "label_col",
    ]
    assert len(frame) == 5 and frame["similarity"].is_monotonic_decreasing


def test_small_inputs():
    one = Insight(unit_rows([[1.0, 0.0]]), ["only"])
    assert one.stats()["pairs"] == 0 and np.isnan(one.stats()["median"])
    assert one.top_pairs() == [] and one.verdicts() == []
    two = Insight(unit_rows([[1.0, 0.0], [0.6, 0.8]]))
    stats = two.stats()
    assert stats["median"] == pytest.approx(0.6) and stats["min"] == stats["max"] == stats["median"]


@pytest.mark.heavy
def test_top_pairs_equal_sentence_transformers_paraphrase_mining():
    if os.environ.get("SIMHEAT_REQUIRE_HEAVY") == "1":
        import torch
        from sentence_transformers import util
    else:
        torch = pytest.importorskip("torch")
        util = pytest.importorskip("sentence_transformers.util")
    unit, _ = topics(3000, d=384, spread=2.0)
    theirs = util.paraphrase_mining_embeddings(torch.from_numpy(unit), top_k=100)[:100]
    ours = Insight(unit).top_pairs(100)
    assert [(r["row"], r["col"]) for r in ours] == [(i, j) for _, i, j in theirs]
    np.testing.assert_allclose(
        [r["similarity"] for r in ours], [s for s, _, _ in theirs], atol=1e-5
    )


def test_compute_reports_progress_over_both_passes_and_caches():
    unit, _ = topics(300)
    insight = Insight(unit)
    assert not insight.ready
    seen = []
    insight.compute(progress=lambda done, total: seen.append((done, total)), quantiles=True)
    assert seen == [(1, 2), (2, 2)]  # one tile per pass at N = 300: the pass, then quantiles
    assert insight.ready
    first = insight.neighbor_pass
    insight.stats()
    assert insight.neighbor_pass is first  # no second pass


def test_separation_is_none_when_undefined():
    unit, _ = topics(6)
    assert Insight(unit, groups=list("abcdef")).group_stats()["separation"] is None
    assert Insight(unit, groups=list("aaaaaa")).group_stats()["separation"] is None


def test_a_cancelled_counting_pass_raises_and_keeps_nothing():
    from simheat.core.neighbors import PassCancelled

    unit, _ = topics(300, spread=1.5)
    insight = Insight(unit, pairs=10)  # 10 kept pairs: a low threshold needs a counting pass
    insight.compute()
    with pytest.raises(PassCancelled):
        insight.count_at_least(0.0, cancel=lambda: True)
    similarity = unit.astype(np.float64) @ unit.T
    expected = int(np.count_nonzero(similarity[np.triu_indices(300, k=1)] >= 0.0))
    assert insight.count_at_least(0.0) == expected  # the cancelled pass left no count behind
