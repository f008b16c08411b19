"""The numbers behind one heatmap: embeddings, unit rows, the matrix if it fits, and its tiles."""

from __future__ import annotations

import numpy as np

from .compute import (
    normalize_rows,
    off_diagonal_range,
    sampled_range,
    unit_similarity,
    warn_zero_rows,
)
from .ordering import cluster_order
from .tiles import SimilarityTiles

BYTES_PER_CELL = 4
DEFAULT_MEMORY_BUDGET = 1 << 30  # 1 GiB: the full matrix up to about 16,000 texts


def _format_bytes(size: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if size < 1024 or unit == "TiB":
            return f"{size:,.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


class SimilarityData:
    """Similarities of embeddings, with the full N×N matrix only under ``memory_budget`` bytes.

    Args:
        embeddings: ``(N, d)`` checked, finite embeddings in input order.
        memory_budget: Largest full matrix to hold, in bytes; above it, every view is
            computed from the embeddings on demand.
    """

    def __init__(self, embeddings: np.ndarray, memory_budget: int = DEFAULT_MEMORY_BUDGET) -> None:
        self.embeddings = embeddings
        self.unit, zero = normalize_rows(embeddings)
        warn_zero_rows(zero, stacklevel=4)
        self.n = len(self.unit)
        self.memory_budget = memory_budget
        self.full = unit_similarity(self.unit, zero) if self.matrix_bytes <= memory_budget else None
        if self.full is not None:
            self.default_range = off_diagonal_range(self.full)
            self.bounds = (float(self.full.min()), float(self.full.max()))
            self.full.flags.writeable = False
        else:
            self.default_range = sampled_range(self.unit)
            self.bounds = (self.default_range[0], 1.0)
        self.order: np.ndarray | None = None
        self.tiles = SimilarityTiles(self.unit, self.full)

    @property
    def matrix_bytes(self) -> int:
        """Size of the full matrix in float32."""
        return self.n * self.n * BYTES_PER_CELL

    def matrix(self) -> np.ndarray:
        """The full matrix (read-only), or a ``MemoryError`` that says what to use instead."""
        if self.full is None:
            raise MemoryError(
                f"the full {self.n:,}×{self.n:,} matrix needs {_format_bytes(self.matrix_bytes)}, over "
                f"the memory budget of {_format_bytes(self.memory_budget)}: use "
                "heatmap.window(rows, cols) for a part of it, or raise memory_budget="
            )
        return self.full

    def set_order(self, name: str) -> None:
        """Show rows in ``"input"`` order or ``"cluster"`` order (similar texts together)."""
        self.order = None if name == "input" else cluster_order(self.unit).astype(np.int32)
        self.tiles = SimilarityTiles(self.unit, self.full, self.order)

    def value(self, row: int, col: int) -> float:
        """The similarity of input rows ``row`` and ``col``."""
        return float(self.block([row], [col])[0, 0])

    def block(self, rows: np.ndarray | list[int], cols: np.ndarray | list[int]) -> np.ndarray:
        """Exact similarities of input rows ``rows`` with input columns ``cols``."""
        rows, cols = np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)
        if self.full is not None:
            return self.full[np.ix_(rows, cols)]
        values = self.unit[rows] @ self.unit[cols].T
        np.clip(values, -1.0, 1.0, out=values)
        same = rows[:, None] == cols[None, :]
        nonzero = np.einsum("ij,ij->i", self.unit[rows], self.unit[rows]) > 0
        values[same] = np.broadcast_to(nonzero[:, None], same.shape)[same]
        return values
