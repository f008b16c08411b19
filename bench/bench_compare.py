"""Comparing two models on the same texts: simheat against NumPy + SciPy done directly.

Once the embeddings exist: both similarity matrices, Spearman ρ of their off-diagonal
similarities, and overlap@10 (Jaccard of each text's 10 nearest in both). Same data (two
"models": A, d = 384, and B, d = 256, a noisy linear image of A), same run; the tools take
turns, a warm-up round then three, medians:

    python bench/bench_compare.py [--sizes 5000] [--repeats 3]

- simheat: ``Comparison(SimilarityMatrix(a), SimilarityMatrix(b)).agreement()``: every pair
  ranked (N ≤ 5,000), the dense rank difference for the heatmap's view kept too.
- simheat widget: ``SimilarityHeatmap.compare_embeddings(a, b).agreement()``: the same,
  plus the widget (overview tiles) while model A's insight pass runs on its thread.
- NumPy + SciPy: float32 products of the normalised rows, ``scipy.stats.spearmanr`` on the
  two flattened upper triangles, ``argpartition`` top-10 per row, Jaccard.

Both answers are checked to agree (ρ to 1e-6, every text's overlap exactly).
"""

from __future__ import annotations

import argparse
import os

import numpy as np
from common import (
    embeddings,
    interleaved_medians,
    machine,
    peak_mib_in_child,
    ratio,
    seconds,
    table,
)

CHILD = """
import json, sys
sys.path.insert(0, {bench!r})
from bench_compare import TOOLS, two_models
pair = two_models({n})
TOOLS[{tool!r}]((pair[0][:64], pair[1][:64]))  # imports are not the data's memory
from common import peak_memory_probe
start, peak_mib = peak_memory_probe()
start()
TOOLS[{tool!r}](pair)
print(json.dumps(peak_mib()))
"""


def two_models(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Model A's embeddings (clustered, d = 384) and model B's (d = 256), of the same texts."""
    a = embeddings(n, 384, seed)
    rng = np.random.default_rng(seed + 1)
    b = a @ rng.normal(size=(384, 256)).astype(np.float32) / 20
    return a, b + rng.normal(size=b.shape).astype(np.float32)


def simheat_core(pair: tuple[np.ndarray, np.ndarray]) -> dict:
    from simheat.core.compare import Comparison
    from simheat.core.matrix import SimilarityMatrix

    return Comparison(SimilarityMatrix(pair[0]), SimilarityMatrix(pair[1])).agreement()


def simheat_widget(pair: tuple[np.ndarray, np.ndarray]) -> dict:
    from simheat import SimilarityHeatmap

    widget = SimilarityHeatmap.compare_embeddings(*pair, progress=False)
    result = widget.agreement()
    widget.close()
    return result


def numpy_scipy(pair: tuple[np.ndarray, np.ndarray]) -> dict:
    from scipy.stats import spearmanr

    matrices = []
    for e in pair:
        unit = e / np.linalg.norm(e, axis=1, keepdims=True)
        matrices.append(unit @ unit.T)
    n = len(matrices[0])
    upper = np.triu_indices(n, 1)
    rho = spearmanr(matrices[0][upper], matrices[1][upper]).statistic
    tops = []
    for m in matrices:
        np.fill_diagonal(m, -np.inf)
        tops.append(np.argpartition(-m, 9, axis=1)[:, :10])
    shared = (tops[0][:, :, None] == tops[1][:, None, :]).sum(axis=(1, 2))
    overlap = shared / (20.0 - shared)
    return {"spearman": float(rho), "overlap": overlap, "overlap_mean": float(overlap.mean())}


TOOLS = {"simheat": simheat_core, "simheat widget": simheat_widget, "NumPy + SciPy": numpy_scipy}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"Machine: {machine()}\n")
    rows = []
    for n in args.sizes:
        pair = two_models(n)
        ours, theirs = simheat_core(pair), numpy_scipy(pair)
        assert abs(ours["spearman"] - theirs["spearman"]) < 1e-6, (
            ours["spearman"],
            theirs["spearman"],
        )
        assert np.array_equal(ours["overlap"], theirs["overlap"])
        times = interleaved_medians(TOOLS, pair, args.repeats)  # type: ignore[arg-type]
        memory = {
            name: peak_mib_in_child(CHILD, n=n, tool=name) for name in ("simheat", "NumPy + SciPy")
        }
        rows.append(
            [
                f"{n:,}",
                f"{ours['spearman']:.4f}",
                f"{ours['overlap_mean']:.3f}",
                seconds(times["simheat"]),
                seconds(times["simheat widget"]),
                seconds(times["NumPy + SciPy"]),
                ratio(times["simheat"], times["NumPy + SciPy"]),
                ratio(times["simheat widget"], times["NumPy + SciPy"]),
                f"{memory['simheat']:,.0f} / {memory['NumPy + SciPy']:,.0f}",
            ]
        )
    headers = [
        "N",
        "ρ",
        "overlap@10",
        "simheat",
        "simheat widget",
        "NumPy + SciPy",
        "simheat / NumPy + SciPy",
        "widget / NumPy + SciPy",
        "peak MiB (simheat / NumPy + SciPy)",
    ]
    print(
        f"Both matrices, Spearman ρ and overlap@10 after the embeddings exist, median of {args.repeats}:\n"
    )
    print(table(headers, rows))
    # The machine may be shared: say how busy it was (2 cores: a load above 2 slows everyone).
    print(
        f"\nLoad average at the end (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )


if __name__ == "__main__":
    main()
