"""Two sets of texts (rows × columns): simheat against NumPy doing the same by hand.

Same embeddings, same run, medians of a few rounds, the tools taking turns:

    python bench/bench_cross.py [--rows 100000] [--cols 1000] [--dim 384] [--repeats 3]

- **overview**: what ``SimilarityHeatmap(texts, model, columns=...)`` computes after the
  embeddings exist, before anything is drawn: the overview of at most 1,024 cells a side
  (block means from block sums; the N × M matrix itself only up to 16 million cells). NumPy: normalise, one
  product, clip, block means by reshape.
- **insight**: the matrix and the passes behind the stats, the tables and the Leakage tab
  (exact quantiles, histogram, extreme cells, each row's best column), reading the held
  matrix as the widget does. NumPy: the same from its own product (``np.quantile``,
  ``np.histogram``, ``argmax``, ``argpartition``).
"""

from __future__ import annotations

import argparse

import numpy as np
from common import embeddings, interleaved_medians, machine, ratio, seconds, table

MAX_SIDE = 1024


def simheat_overview(data: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    from simheat.core.cross import CrossMatrix

    rows, cols = data
    matrix = CrossMatrix(rows, cols)
    return matrix.tile((0, len(rows)), (0, len(cols)), MAX_SIDE, "mean").values


def numpy_overview(data: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    rows, cols = data
    a = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    b = cols / np.linalg.norm(cols, axis=1, keepdims=True)
    full = np.clip(a @ b.T, -1, 1)
    rs, cs = -(-len(rows) // MAX_SIDE), -(-len(cols) // MAX_SIDE)
    whole = (len(rows) // rs) * rs, (len(cols) // cs) * cs
    return (
        full[: whole[0], : whole[1]]
        .reshape(whole[0] // rs, rs, whole[1] // cs, cs)
        .mean(axis=(1, 3))
    )


def simheat_insight(data: tuple[np.ndarray, np.ndarray]) -> object:
    from simheat.core.cross import CrossMatrix
    from simheat.core.cross_insight import CrossInsight

    rows, cols = data
    matrix = CrossMatrix(rows, cols)  # as the widget: the passes read the held matrix
    core = CrossInsight(matrix.unit, matrix.column_unit, pairs=10_000, matrix=matrix.full)
    core.compute(quantiles=True)
    return core.leakage(0.95)


def numpy_insight(data: tuple[np.ndarray, np.ndarray]) -> object:
    rows, cols = data
    a = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    b = cols / np.linalg.norm(cols, axis=1, keepdims=True)
    full = np.clip(a @ b.T, -1, 1)
    flat = full.ravel()
    np.quantile(flat, [0, 0.05, 0.5, 0.95, 1])
    np.histogram(flat, bins=2048, range=(-1, 1))
    np.argpartition(-flat, 10_000)[:10_000]
    np.argpartition(flat, 10_000)[:10_000]
    best = full.argmax(axis=1)
    return np.flatnonzero(full[np.arange(len(full)), best] >= 0.95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cols", type=int, default=1_000)
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    both = embeddings(args.rows + args.cols, args.dim)
    data = both[: args.rows], both[args.rows :]
    print(machine())
    print(f"\n{args.rows:,} × {args.cols:,} texts, d = {args.dim}, after the embeddings exist\n")
    results = []
    for name, ours, theirs in (
        ("overview (matrix + block means)", simheat_overview, numpy_overview),
        ("insight (stats, tables, leakage)", simheat_insight, numpy_insight),
    ):
        times = interleaved_medians({"simheat": ours, "NumPy": theirs}, data, args.repeats)
        results.append(
            [
                name,
                seconds(times["simheat"]),
                seconds(times["NumPy"]),
                ratio(times["simheat"], times["NumPy"]),
            ]
        )
    print(table(["step", "simheat", "NumPy by hand", "simheat / NumPy"], results))


if __name__ == "__main__":
    main()
