"""Tiles at screen resolution: block means and maxima must equal the full matrix's."""

import numpy as np
import pytest

from simheat.core.matrix import SimilarityMatrix, block_step
from simheat.core.similarity import cosine_similarity


def blocks(matrix, rs, cs, reduce):
    """Reference: reduce each rs×cs block of ``matrix`` with ``reduce`` (ragged edges allowed)."""
    n_r, n_c = -(-matrix.shape[0] // rs), -(-matrix.shape[1] // cs)
    return np.array(
        [
            [reduce(matrix[i * rs : (i + 1) * rs, j * cs : (j + 1) * cs]) for j in range(n_c)]
            for i in range(n_r)
        ]
    )


@pytest.fixture(params=[False, True], ids=["from-embeddings", "from-full-matrix"])
def setup(request, rng):
    embeddings = rng.normal(size=(103, 16))
    embeddings[40] = 0.0  # a zero row must not break means or maxima
    with pytest.warns(RuntimeWarning):
        full = cosine_similarity(embeddings)
    with pytest.warns(RuntimeWarning):
        matrix = SimilarityMatrix(embeddings, memory_budget=1 << 30 if request.param else 0)
    assert (matrix.full is not None) == request.param
    return matrix, full


def test_block_step():
    assert [block_step(n, 10) for n in (1, 10, 11, 100, 101)] == [1, 1, 2, 10, 11]


def test_small_window_is_exact(setup):
    tiles, full = setup
    tile = tiles.tile((10, 50), (30, 70), max_side=64)
    assert tile.exact and tile.values.shape == (40, 40)
    np.testing.assert_allclose(tile.values, full[10:50, 30:70], atol=1e-6)
    assert tile.values[40 - 10, 40 - 30] == 0.0  # the zero row's own diagonal cell
    assert tile.values[35 - 10, 35 - 30] == 1.0


def test_block_means_equal_the_means_of_the_matrix(setup):
    tiles, full = setup
    tile = tiles.tile((0, 103), (0, 103), max_side=10)
    assert (tile.row_step, tile.col_step) == (11, 11)
    assert tile.values.shape == (10, 10)
    np.testing.assert_allclose(tile.values, blocks(full, 11, 11, np.mean), atol=1e-5)


def test_block_maxima_ignore_the_diagonal(setup):
    tiles, full = setup
    tile = tiles.tile((5, 103), (0, 60), max_side=7, aggregation="max")
    off = full.copy()
    np.fill_diagonal(off, -np.inf)
    expected = blocks(off[5:103, 0:60], tile.row_step, tile.col_step, np.max)
    np.testing.assert_allclose(tile.values, expected, atol=1e-6)
    assert tile.values.max() < 1.0


def test_a_hidden_duplicate_shows_in_the_max_not_the_mean(rng):
    embeddings = rng.normal(size=(400, 32))
    embeddings[350] = embeddings[20] * 2  # a near-duplicate far from its twin
    tiles = SimilarityMatrix(embeddings, memory_budget=0)
    means = tiles.tile((0, 400), (0, 400), max_side=8)
    maxima = tiles.tile((0, 400), (0, 400), max_side=8, aggregation="max")
    block_row, block_col = 20 // 50, 350 // 50
    assert maxima.values[block_row, block_col] == pytest.approx(1.0, abs=1e-6)
    assert means.values[block_row, block_col] < 0.2


def test_strongest_pair(setup):
    tiles, full = setup
    row, col, value = tiles.strongest_pair((0, 103), (0, 103))
    off = full.copy()
    np.fill_diagonal(off, -np.inf)
    assert value == pytest.approx(off.max(), abs=1e-6)
    assert full[row, col] == pytest.approx(value, abs=1e-6) and row != col


def test_windows_are_clamped_to_the_matrix(setup):
    tiles, _ = setup
    tile = tiles.tile((-50, 10_000), (100, 200), max_side=1000)
    assert (tile.row_start, tile.row_stop, tile.col_start, tile.col_stop) == (0, 103, 100, 103)


def test_display_order_permutes_rows_and_columns(setup, rng):
    tiles, full = setup
    order = rng.permutation(103)
    ordered = tiles
    ordered.set_order(order)
    exact = ordered.tile((0, 103), (0, 103), max_side=200)
    np.testing.assert_allclose(exact.values, full[np.ix_(order, order)], atol=1e-6)
    means = ordered.tile((0, 103), (0, 103), max_side=10)
    np.testing.assert_allclose(
        means.values, blocks(full[np.ix_(order, order)], 11, 11, np.mean), atol=1e-5
    )
    maxima = ordered.tile((0, 103), (0, 103), max_side=10, aggregation="max")
    off = full[np.ix_(order, order)]
    np.fill_diagonal(off, -np.inf)
    np.testing.assert_allclose(maxima.values, blocks(off, 11, 11, np.max), atol=1e-6)
    row, col, value = ordered.strongest_pair((0, 103), (0, 103))
    assert full[ordered.to_input(row), ordered.to_input(col)] == pytest.approx(value, abs=1e-6)


def test_unknown_aggregation(setup):
    tiles, _ = setup
    with pytest.raises(ValueError, match="'mean' or 'max'"):
        tiles.tile((0, 103), (0, 103), max_side=4, aggregation="median")
