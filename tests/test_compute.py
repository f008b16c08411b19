import warnings

import numpy as np
import pytest

from simheat.core.similarity import (
    cosine_similarity,
    normalize_rows,
    off_diagonal_range,
    similarity_block,
)


def reference_cosine(embeddings: np.ndarray) -> np.ndarray:
    """Pair by pair in float64, the textbook formula."""
    e = embeddings.astype(np.float64)
    n = len(e)
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            norm = np.linalg.norm(e[i]) * np.linalg.norm(e[j])
            out[i, j] = 0.0 if norm == 0 else e[i] @ e[j] / norm
    return out


@pytest.mark.parametrize("shape", [(1, 3), (7, 5), (40, 384)])
def test_matches_float64_pairwise_reference(rng, shape):
    embeddings = rng.normal(size=shape) * rng.uniform(0.1, 50, size=(shape[0], 1))
    similarity = cosine_similarity(embeddings)
    assert similarity.dtype == np.float32
    assert similarity.shape == (shape[0], shape[0])
    np.testing.assert_allclose(similarity, reference_cosine(embeddings), atol=1e-5)


def test_symmetric_with_unit_diagonal_and_within_bounds(rng):
    similarity = cosine_similarity(rng.normal(size=(300, 64)).astype(np.float32))
    assert np.array_equal(similarity, similarity.T)
    assert np.all(similarity.diagonal() == 1.0)
    assert similarity.min() >= -1.0 and similarity.max() <= 1.0


def test_parallel_and_opposite_vectors_clip_to_exactly_one_and_minus_one():
    base = np.array([[0.1, 0.2, 0.3]], dtype=np.float32)
    similarity = cosine_similarity(np.vstack([base, base * 3, -base * 7]))
    assert similarity[0, 1] == pytest.approx(1.0, abs=1e-6) and similarity.max() <= 1.0
    assert similarity[0, 2] == pytest.approx(-1.0, abs=1e-6) and similarity.min() >= -1.0


def test_zero_rows_give_zero_similarity_with_a_warning_naming_them(rng):
    embeddings = rng.normal(size=(4, 6))
    embeddings[2] = 0.0
    with pytest.warns(RuntimeWarning, match=r"rows 2\b"):
        similarity = cosine_similarity(embeddings)
    assert np.all(similarity[2] == 0.0) and np.all(similarity[:, 2] == 0.0)
    assert similarity[0, 0] == 1.0


def test_no_warning_without_zero_rows(rng):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cosine_similarity(rng.normal(size=(5, 3)))


def test_does_not_modify_the_input(rng):
    embeddings = rng.normal(size=(6, 4))
    before = embeddings.copy()
    cosine_similarity(embeddings)
    assert np.array_equal(embeddings, before)


def test_normalize_rows_handles_huge_values_without_overflow():
    unit, zero = normalize_rows(np.array([[3e30, 4e30], [0.0, 0.0]]))
    np.testing.assert_allclose(unit[0], [0.6, 0.8], rtol=1e-6)
    assert zero.tolist() == [False, True]


def test_off_diagonal_range_ignores_the_diagonal_and_restores_it():
    similarity = np.array([[1.0, 0.2, 0.5], [0.2, 1.0, -0.1], [0.5, -0.1, 1.0]], dtype=np.float32)
    assert off_diagonal_range(similarity) == pytest.approx((-0.1, 0.5))
    assert np.all(similarity.diagonal() == 1.0)


@pytest.mark.parametrize("matrix", [np.ones((1, 1)), np.full((3, 3), 0.4)])
def test_off_diagonal_range_is_never_empty(matrix):
    lo, hi = off_diagonal_range(matrix.astype(np.float32))
    assert lo < hi


@pytest.fixture
def small_tiles(monkeypatch):
    """Take the tiled path on small matrices, with tiles that do not divide N."""
    import simheat.core.similarity as compute

    monkeypatch.setattr(compute, "TILED_FROM", 0)
    monkeypatch.setattr(compute, "TILE", 96)


@pytest.mark.parametrize("n", [95, 96, 97, 700])
def test_tiled_product_matches_the_plain_product(rng, small_tiles, n):
    embeddings = rng.normal(size=(n, 33)).astype(np.float32)
    similarity = cosine_similarity(embeddings)
    unit = embeddings / np.linalg.norm(embeddings, axis=1, keepdims=True)
    expected = np.clip(unit @ unit.T, -1, 1)
    np.fill_diagonal(expected, 1)
    assert similarity.dtype == np.float32
    assert similarity.flags.c_contiguous
    assert np.array_equal(similarity, similarity.T)
    np.testing.assert_allclose(similarity, expected, atol=2e-6)


def test_tiled_product_clips_duplicates_and_zeroes_zero_rows(rng, small_tiles):
    # Rows 5 and 650 are one vector (similarity 1, or just above before clipping), row 300
    # its opposite, row 400 zeros: the tiles holding those pairs lie off the diagonal.
    embeddings = rng.normal(size=(700, 33)).astype(np.float32) * 37.1
    embeddings[650] = embeddings[5]
    embeddings[300] = -embeddings[5]
    embeddings[400] = 0
    with pytest.warns(RuntimeWarning, match="rows 400"):
        similarity = cosine_similarity(embeddings)
    assert similarity.max() <= 1.0 and similarity.min() >= -1.0
    assert similarity[5, 650] == similarity[650, 5] == pytest.approx(1.0, abs=1e-6)
    assert similarity[5, 300] == similarity[300, 650] == pytest.approx(-1.0, abs=1e-6)
    assert not similarity[400].any() and not similarity[:, 400].any()
    assert np.array_equal(similarity, similarity.T)


def test_tiled_products_in_parallel_leave_blas_threads_as_they_were(rng, small_tiles):
    from concurrent.futures import ThreadPoolExecutor

    from threadpoolctl import threadpool_info

    def blas_threads():
        return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]

    before = blas_threads()
    embeddings = rng.normal(size=(500, 64)).astype(np.float32)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: cosine_similarity(embeddings), range(8)))
    assert blas_threads() == before
    assert all(np.array_equal(result, results[0]) for result in results)


def test_the_diagonal_rule_holds_for_any_rows_and_columns(rng):
    """Index arrays with repeats, in any order, slices: each text with itself is 1 (0 if zero)."""
    embeddings = rng.normal(size=(40, 8))
    embeddings[7] = 0.0
    embeddings[9] = embeddings[3] * 1e3  # a duplicate: its product may round above 1
    unit, zero = normalize_rows(embeddings)
    expected = np.clip(reference_cosine(embeddings), -1, 1)
    rows = np.array([7, 3, 3, 9, 0, 39, 7])
    cols = np.array([3, 7, 9, 3, 7, 39, 0, 3])
    block = similarity_block(unit, rows, cols, ~zero)
    np.testing.assert_allclose(block, expected[np.ix_(rows, cols)], atol=1e-6)
    assert block[1, 0] == block[2, 0] == 1.0 and block[0, 1] == block[6, 1] == 0.0
    assert block.max() <= 1.0 and block[3, 2] == 1.0
    sliced = similarity_block(unit, slice(5, 12), slice(0, 40), ~zero)
    np.testing.assert_allclose(sliced, expected[5:12], atol=1e-6)
