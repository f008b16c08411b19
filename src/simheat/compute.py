"""Pairwise cosine similarity with NumPy: the numbers behind the heatmap, no widget involved."""

from __future__ import annotations

import os
import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np


def normalize_rows(embeddings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the rows of ``embeddings`` scaled to unit length, as float32, and a mask of zero rows.

    Zero rows stay zero, so every similarity they take part in is 0 (as in scikit-learn).
    """
    unit = np.array(embeddings, dtype=np.float32, order="C", copy=True)
    norms = np.sqrt(np.einsum("ij,ij->i", unit, unit))
    if not np.isfinite(norms).all():  # float32 squares overflowed: redo those rows in float64
        bad = ~np.isfinite(norms)
        norms[bad] = np.linalg.norm(unit[bad].astype(np.float64), axis=1)
    zero = norms == 0
    norms[zero] = 1.0
    unit /= norms[:, None].astype(np.float32)
    return unit, zero


def cosine_similarity(embeddings: np.ndarray) -> np.ndarray:
    """Return the N×N cosine similarity matrix of the rows of ``embeddings`` as float32.

    One BLAS product of the L2-normalised rows with themselves (NumPy runs ``A @ A.T`` as a
    symmetric rank-k update, so the result is exactly symmetric), clipped to [-1, 1] because
    float32 rounding can step just outside it. The diagonal is exactly 1, except for rows of
    zeros: they have similarity 0 with everything, themselves included, and a warning says which.
    """
    unit, zero = normalize_rows(embeddings)
    warn_zero_rows(zero, stacklevel=3)
    return unit_similarity(unit, zero)


def unit_similarity(unit: np.ndarray, zero: np.ndarray) -> np.ndarray:
    """The similarity matrix of rows already normalised by :func:`normalize_rows`.

    With SciPy, BLAS ``ssyrk`` computes one triangle (half the work of a full product),
    and one cache-blocked pass clips it and mirrors it into the other; NumPy's own
    ``A @ A.T`` mirrors element by element, which costs more than the arithmetic saved.
    """
    ssyrk = _ssyrk()
    if ssyrk is None or len(unit) < MIRROR_BLOCK:
        similarity = unit @ unit.T
        np.clip(similarity, -1.0, 1.0, out=similarity)
    else:
        # unit.T is Fortran-ordered: no copy. The result's lower triangle is valid in C order.
        similarity = ssyrk(1.0, unit.T, trans=1).T
        _clip_and_mirror_lower(similarity)
    np.fill_diagonal(similarity, np.where(zero, 0.0, 1.0).astype(np.float32))
    return similarity


MIRROR_BLOCK = 256  # 256×256 float32 blocks: a source and its target fit in L2 cache
PARALLEL_MIRROR_FROM = 4096  # below this, starting threads costs more than it saves


def _ssyrk():
    """SciPy's single-precision symmetric rank-k update, or None without SciPy."""
    try:
        from scipy.linalg.blas import ssyrk
    except ImportError:
        return None
    return ssyrk


def _clip_and_mirror_lower(matrix: np.ndarray, block: int = MIRROR_BLOCK) -> None:
    """Clip the lower triangle to [-1, 1] and copy it into the upper one, block by block.

    Large matrices are mirrored one strip of columns per task on all cores: the copies and
    the first touch of the upper triangle's pages (page faults) both run in parallel, since
    NumPy releases the GIL while copying.
    """
    starts = range(0, len(matrix), block)
    if len(matrix) < PARALLEL_MIRROR_FROM:
        for start in starts:
            _mirror_strip(matrix, start, block)
        return
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(lambda start: _mirror_strip(matrix, start, block), starts))


def _mirror_strip(matrix: np.ndarray, i: int, block: int) -> None:
    """Mirror the column strip ``i:i+block`` of the lower triangle into row strip ``i``."""
    n = len(matrix)
    for j in range(i + block, n, block):
        source = matrix[j : j + block, i : i + block]
        np.clip(source, -1.0, 1.0, out=source)
        matrix[i : i + block, j : j + block] = source.T
    diagonal = matrix[i : i + block, i : i + block]
    np.clip(diagonal, -1.0, 1.0, out=diagonal)
    upper = np.triu_indices(len(diagonal), 1)
    diagonal[upper] = diagonal.T[upper]


def warn_zero_rows(zero: np.ndarray, stacklevel: int = 2) -> None:
    """Warn, naming the rows, when some embeddings are all zeros (their similarities are 0)."""
    if zero.any():
        rows = np.flatnonzero(zero)
        warnings.warn(
            f"{rows.size} embedding(s) are all zeros (rows {_preview(rows)}); "
            "their similarity to every text is set to 0.",
            RuntimeWarning,
            stacklevel=stacklevel + 1,
        )


def sampled_range(unit: np.ndarray, sample: int = 2048, seed: int = 0) -> tuple[float, float]:
    """Smallest and largest off-diagonal similarity among a random sample of rows.

    The default colour range when the full matrix is too large to scan: the similarities
    of ``sample`` random rows with each other (about 4 million pairs) in one BLAS product.
    """
    rows = np.random.default_rng(seed).choice(len(unit), size=min(sample, len(unit)), replace=False)
    similarity = unit[np.sort(rows)] @ unit[np.sort(rows)].T
    off_diagonal = ~np.eye(len(rows), dtype=bool)
    values = similarity[off_diagonal] if len(rows) > 1 else similarity.ravel()
    return max(float(values.min()), -1.0), min(float(values.max()), 1.0)


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


def _preview(indices: np.ndarray, limit: int = 5) -> str:
    """Format the first few of ``indices`` for a message, e.g. ``"3, 7, 9 and 12 more"``."""
    shown = ", ".join(str(int(i)) for i in indices[:limit])
    return shown if indices.size <= limit else f"{shown} and {indices.size - limit} more"
