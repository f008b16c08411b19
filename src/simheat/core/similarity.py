"""Pairwise cosine similarity with NumPy: the numbers behind the heatmap, no widget involved.

The one rule every view of the matrix follows lives here: products of unit rows, clipped
to [-1, 1], the diagonal exactly 1 (0 for an all-zero embedding).
"""

from __future__ import annotations

import functools
import os
import threading
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import numpy as np
from threadpoolctl import ThreadpoolController

# Rows or columns of a block: a slice (contiguous, no copy) or an array of indices.
Index = slice | np.ndarray


def normalize_rows(embeddings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the rows of ``embeddings`` scaled to unit length, as float32, and a mask of zero rows.

    Zero rows stay zero, so every similarity they take part in is 0 (as in scikit-learn).
    """
    unit = np.array(embeddings, dtype=np.float32, order="C", copy=True)
    norms = np.sqrt(np.einsum("ij,ij->i", unit, unit))
    # float32 squares overflow for huge rows and underflow to 0 for tiny ones: scale those
    # rows in float64 (a float32 norm of a huge row would itself overflow).
    redo = ~np.isfinite(norms)
    if (norms == 0).any():
        redo |= (norms == 0) & unit.any(axis=1)
    if redo.any():
        rows = unit[redo].astype(np.float64)
        unit[redo] = rows / np.linalg.norm(rows, axis=1, keepdims=True)
        norms[redo] = 1.0
    zero = norms == 0
    norms[zero] = 1.0
    unit /= norms[:, None].astype(np.float32)
    return unit, zero


def cosine_similarity(embeddings: np.ndarray) -> np.ndarray:
    """Return the N×N cosine similarity matrix of the rows of ``embeddings`` as float32.

    A symmetric BLAS product of the L2-normalised rows with themselves (one triangle's work,
    see :func:`symmetric_products`; the result is exactly symmetric), clipped to [-1, 1] because
    float32 rounding can step just outside it. The diagonal is exactly 1, except for rows of
    zeros: they have similarity 0 with everything, themselves included, and a warning says which.
    """
    unit, zero = normalize_rows(embeddings)
    warn_zero_rows(zero, stacklevel=3)
    return unit_similarity(unit, zero)


def unit_similarity(unit: np.ndarray, zero: np.ndarray) -> np.ndarray:
    """The similarity matrix of rows already normalised by :func:`normalize_rows`."""
    nonzero = ~zero
    return symmetric_products(
        unit, lambda tile, rows, cols: apply_diagonal_rule(tile, rows, cols, nonzero)
    )


# Turns a tile of products of rows ``rows`` × ``cols`` into cells, in place (and returns it).
Finish = Callable[[np.ndarray, slice, slice], np.ndarray]


def symmetric_products(rows: np.ndarray, finish: Finish) -> np.ndarray:
    """The N×N matrix of products of ``rows`` with themselves, each tile passed through ``finish``.

    Small matrices take one NumPy product (``A @ A.T`` runs as BLAS ``syrk``). From
    :data:`TILED_FROM` rows on, the upper triangle is cut into square tiles that all cores
    take in turn, each with single-threaded BLAS: a tile's product is finished (the diagonal
    rule, a distance) and copied to its mirror image while it is still in cache, so the half
    of the work that a symmetric product saves is not spent again on a separate pass over
    the whole matrix (nor on page faults of one thread while the other waits).
    """
    n = len(rows)
    if n < TILED_FROM:
        return finish(rows @ rows.T, slice(0, n), slice(0, n)).astype(np.float32, copy=False)
    products = np.empty((n, n), dtype=np.float32)
    starts = range(0, n, TILE)
    tiles = [(i, j) for i in starts for j in starts if j >= i]
    with _single_threaded_blas(), ThreadPoolExecutor(max_workers=_cores()) as pool:
        for _ in pool.map(lambda tile: _fill_tile(rows, finish, products, *tile), tiles):
            pass
    return products


def similarity_block(unit: np.ndarray, rows: Index, cols: Index, nonzero: np.ndarray) -> np.ndarray:
    """Exact similarities of unit rows ``rows`` with unit rows ``cols`` (slices or index arrays)."""
    return apply_diagonal_rule(unit[rows] @ unit[cols].T, rows, cols, nonzero)


def apply_diagonal_rule(
    products: np.ndarray, rows: Index, cols: Index, nonzero: np.ndarray
) -> np.ndarray:
    """The one rule of every similarity, applied in place to products of unit rows.

    ``products[i, j]`` is the product of unit rows ``rows[i]`` and ``cols[j]`` (slices or
    index arrays into the same rows as ``nonzero``). It is clipped to [-1, 1] (float32
    rounding steps just outside for near-duplicates), and a text with itself is exactly 1,
    or 0 for an all-zero embedding (similar to nothing, itself included, as in scikit-learn).
    """
    # Rounding steps outside [-1, 1] only for (near-)duplicate rows: check before writing.
    if products.size and (products.max() > 1.0 or products.min() < -1.0):
        np.clip(products, -1.0, 1.0, out=products)
    n = len(nonzero)
    row_index, col_index = as_indices(rows, n), as_indices(cols, n)
    i, j = same_texts(row_index, col_index)
    products[i, j] = nonzero[row_index[i]]
    return products


def as_indices(index: slice | np.ndarray, n: int) -> np.ndarray:
    """A slice or index array into ``n`` rows, as an index array."""
    return np.arange(*index.indices(n)) if isinstance(index, slice) else np.asarray(index)


def same_texts(rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (i, j) with ``rows[i] == cols[j]`` (repeated indices included), by sorting once."""
    sorter = np.argsort(cols, kind="stable")
    ordered = cols[sorter]
    first = np.searchsorted(ordered, rows, "left")
    counts = np.searchsorted(ordered, rows, "right") - first
    i = np.repeat(np.arange(len(rows)), counts)
    # For each match, its place among the matches of its row: 0, 1, ... counts[i] - 1.
    within = np.arange(len(i)) - np.repeat(np.cumsum(counts) - counts, counts)
    return i, sorter[np.repeat(first, counts) + within]


TILE = 768  # a tile's product is efficient BLAS work, and a tile and its mirror stay in cache
TILED_FROM = 4096  # below this, one multi-threaded product beats starting a pool of tiles


def _fill_tile(rows: np.ndarray, finish: Finish, products: np.ndarray, i: int, j: int) -> None:
    """Fill tile (i, j) of the upper triangle and its mirror (j, i) below the diagonal."""
    row_span, col_span = slice(i, min(i + TILE, len(rows))), slice(j, min(j + TILE, len(rows)))
    tile = products[row_span, col_span]
    if rows.dtype == products.dtype:  # in place, in cache
        # With i == j both operands are one buffer: NumPy takes BLAS syrk and mirrors the tile.
        np.matmul(rows[row_span], rows[col_span].T, out=tile)
        finish(tile, row_span, col_span)
    else:  # float64 rows (euclidean): finished in float64, then stored
        tile[...] = finish(rows[row_span] @ rows[col_span].T, row_span, col_span)
    if i != j:
        products[col_span, row_span] = tile.T


def _cores() -> int:
    """The number of cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@contextmanager
def _single_threaded_blas() -> Iterator[None]:
    """Run BLAS on one thread per caller while our own threads share the cores.

    Several threads each calling a multi-threaded BLAS would start cores × cores threads.
    The limit is process-wide, so one tiled product runs at a time: two overlapping ones
    could restore the limits out of order and leave BLAS on one thread for good.
    """
    with _TILED_PRODUCT, _blas_libraries().limit(limits=1, user_api="blas"):
        yield


_TILED_PRODUCT = threading.Lock()


@functools.cache
def _blas_libraries() -> ThreadpoolController:
    """The loaded BLAS libraries, as threadpoolctl sees them (a ~10 ms scan: done once)."""
    return ThreadpoolController()


def check_embeddings(embeddings: Any, n: int | None = None) -> np.ndarray:
    """Return ``embeddings`` as a finite 2-D float array of ``n`` rows, or raise saying what is wrong.

    Accepts NumPy arrays and anything ``np.asarray`` understands (lists of lists, objects with
    ``__array__`` such as torch tensors on the CPU).
    """
    if embeddings is None:
        raise TypeError("embeddings is None; give one vector of numbers per text")
    try:
        array = np.asarray(embeddings)
    except Exception as error:
        raise TypeError(
            f"embeddings could not be read as an array ({error}); are all vectors the same length?"
        ) from error
    if np.iscomplexobj(array):  # casting would drop the imaginary part without a word
        raise TypeError(
            f"embeddings are complex (dtype {array.dtype}); cosine similarity here needs real "
            "vectors: pass np.real(...), np.abs(...) or both parts side by side"
        )
    if array.dtype != bool and (array.dtype == object or not np.issubdtype(array.dtype, np.number)):
        raise TypeError(
            f"embeddings must be numbers, got dtype {array.dtype}; are all vectors the same length?"
        )
    if array.ndim != 2:
        raise ValueError(f"embeddings must be 2-D (one row per text), got shape {array.shape}")
    if n is not None and array.shape[0] != n:
        raise ValueError(
            f"embeddings has {array.shape[0]} rows but there are {n} texts; give one row per text"
        )
    if array.shape[1] == 0:
        raise ValueError("embeddings has 0 columns; each text needs a vector of at least 1 value")
    if array.shape[0] == 0:
        raise ValueError("embeddings is empty: give at least one row")
    finite = np.isfinite(array).all(axis=1)
    if not finite.all():
        rows = np.flatnonzero(~finite)
        raise ValueError(
            f"embeddings has NaN or infinite values in {rows.size} row(s): {preview_indices(rows)}; "
            "check the model's output for those texts"
        )
    huge = np.abs(array).max(axis=1) > np.finfo(np.float32).max if array.dtype.kind == "f" else ()
    if np.any(huge):  # similarities are computed in float32: these rows would become inf
        raise ValueError(
            f"embeddings has values beyond float32's range (±3.4e38) in row(s) "
            f"{preview_indices(np.flatnonzero(huge))}; divide them by a constant (cosine does not change)"
        )
    return array


def warn_zero_rows(zero: np.ndarray, stacklevel: int = 2) -> None:
    """Warn, naming the rows, when some embeddings are all zeros (their similarities are 0)."""
    if zero.any():
        rows = np.flatnonzero(zero)
        warnings.warn(
            f"{rows.size} embedding(s) are all zeros (rows {preview_indices(rows)}); "
            "their similarity to every text is set to 0.",
            RuntimeWarning,
            stacklevel=stacklevel + 1,
        )


def sample_rows(n: int, sample: int = 2048, seed: int = 0) -> np.ndarray:
    """Sorted random rows (all of them up to ``sample``): whose pairs estimate a colour range.

    The default colour range when the full matrix is too large to scan is the
    :func:`off_diagonal_range` of these rows with each other (about 4 million pairs).
    """
    return np.sort(np.random.default_rng(seed).choice(n, size=min(sample, n), replace=False))


def off_diagonal_range(similarity: np.ndarray) -> tuple[float, float]:
    """Return the smallest and largest similarity off the diagonal.

    The default colour range: the diagonal of ones would otherwise wash out the colours of
    every real pair. With fewer than two texts (or all pairs equal) the range widens to
    include [0, 1] so that it is never empty.
    """
    n = similarity.shape[0]
    if n < 2:
        lo = hi = float(similarity[0, 0]) if n else 1.0
    else:
        diagonal = similarity.diagonal().copy()
        np.fill_diagonal(similarity, np.inf)
        lo = float(similarity.min())
        np.fill_diagonal(similarity, -np.inf)
        hi = float(similarity.max())
        np.fill_diagonal(similarity, diagonal)
    if lo == hi:
        lo, hi = min(lo, 0.0), max(hi, 1.0)
    return lo, hi


def preview_indices(indices: np.ndarray, limit: int = 5) -> str:
    """Format the first few of ``indices`` for a message, e.g. ``"3, 7, 9 and 12 more"``."""
    shown = ", ".join(str(int(i)) for i in indices[:limit])
    return shown if indices.size <= limit else f"{shown} and {indices.size - limit} more"
