"""The neighbour pass behind the insight: simheat against sentence-transformers' paraphrase mining.

Same unit embeddings, same run; the tools take turns, three rounds after a warm-up, medians:

    python bench/bench_insight.py [--sizes 20000] [--large] [--repeats 3]

- simheat pass: ``neighbor_pass`` (top-10 per row, 10,000 most and least similar pairs, the
  exact histogram), all cores, float32.
- simheat stats: ``Insight(unit).stats()`` after the pass: exact mean/std from Σu and UᵀU and
  the exact quantiles (one more pass over the tiles).
- paraphrase mining: ``sentence_transformers.util.paraphrase_mining_embeddings(top_k=10)``
  (torch CPU, its default thread count).
- NumPy: the full float32 product and ``argpartition`` for the top 10 per row.
- product floor: the tiled symmetric product alone, nothing kept (what any exact pass costs).

``--large`` adds N = 100,000, where simheat runs alone and once (the others need tens of GiB
there); sizes above 50,000 given with ``--sizes`` run the same way.
Peak memory is measured per tool in a fresh process: the growth of its peak resident size
over the embeddings.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

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
from bench_insight import TOOLS, unit_embeddings
from common import peak_memory_probe
unit = unit_embeddings({n}, {dim})
TOOLS[{tool!r}](unit[:64])  # imports and thread pools are not the data's memory
start, peak_mib = peak_memory_probe()
start()
TOOLS[{tool!r}](unit)
print(json.dumps(peak_mib()))
"""


ALONE_FROM = 50_000  # above this N only simheat runs (once)


def unit_embeddings(n: int, dim: int) -> np.ndarray:
    data = embeddings(n, dim)
    return (data / np.linalg.norm(data, axis=1, keepdims=True)).astype(np.float32)


def simheat_pass(unit: np.ndarray) -> object:
    from simheat.core.neighbors import neighbor_pass

    return neighbor_pass(unit, k=10)


def simheat_stats(unit: np.ndarray) -> object:
    from simheat.core.insight import Insight

    insight = Insight(unit)
    insight.compute()
    start = time.perf_counter()
    insight.stats()
    return time.perf_counter() - start  # the time after the pass


def paraphrase_mining(unit: np.ndarray) -> object:
    import torch
    from sentence_transformers import util

    return util.paraphrase_mining_embeddings(torch.from_numpy(unit), top_k=10)


def numpy_argpartition(unit: np.ndarray) -> object:
    similarity = unit @ unit.T
    np.fill_diagonal(similarity, -np.inf)
    return np.argpartition(similarity, similarity.shape[1] - 10, axis=1)[:, -10:]


def product_floor(unit: np.ndarray) -> object:
    from simheat.core.neighbors import _run_tiles

    return _run_tiles(unit, lambda i0, j0, block: None)


TOOLS = {
    "simheat pass": simheat_pass,
    "paraphrase mining": paraphrase_mining,
    "NumPy": numpy_argpartition,
    "product floor": product_floor,
}


def blas() -> str:
    """Which BLAS kernel NumPy runs (threadpoolctl), e.g. ``openblas SkylakeX``."""
    from threadpoolctl import threadpool_info

    found = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    return ", ".join(f"{i['internal_api']} {i.get('architecture', '')}".strip() for i in found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000])
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--large", action="store_true", help="also N = 100,000 (simheat alone)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"Machine: {machine()}; BLAS: {blas()}\n")
    rows = []
    notes = []
    sizes = args.sizes + ([100_000] if args.large else [])
    for n in sizes:
        unit = unit_embeddings(n, args.dim)
        if n > ALONE_FROM:  # the others need tens of GiB here: simheat alone, once
            from simheat.core.insight import Insight

            insight = Insight(unit)
            wall, cpu = time.perf_counter(), time.process_time()
            insight.compute()  # the neighbour pass
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            stats = time.perf_counter()
            insight.stats()
            stats = time.perf_counter() - stats
            memory = peak_mib_in_child(CHILD, n=n, dim=args.dim, tool="simheat pass")
            notes.append(f"N = {n:,}: the pass took {cpu:.1f} s of CPU time in {wall:.1f} s.")
            rows.append([f"{n:,}", seconds(wall), seconds(stats), *["–"] * 5, f"{memory:,.0f} / –"])
            continue
        times = interleaved_medians(TOOLS, unit, args.repeats)
        stats = statistics.median(simheat_stats(unit) for _ in range(args.repeats))
        memory = {
            name: peak_mib_in_child(CHILD, n=n, dim=args.dim, tool=name)
            for name in ("simheat pass", "paraphrase mining")
        }
        rows.append(
            [
                f"{n:,}",
                seconds(times["simheat pass"]),
                seconds(stats),
                seconds(times["paraphrase mining"]),
                seconds(times["NumPy"]),
                seconds(times["product floor"]),
                ratio(times["simheat pass"], times["paraphrase mining"]),
                ratio(times["simheat pass"], times["NumPy"]),
                f"{memory['simheat pass']:,.0f} / {memory['paraphrase mining']:,.0f}",
            ]
        )
    headers = [
        "N",
        "simheat pass",
        "simheat stats (after the pass)",
        "paraphrase mining top_k=10",
        "NumPy product + argpartition",
        "tiled product alone",
        "pass / paraphrase mining",
        "pass / NumPy",
        "peak MiB (pass / paraphrase mining)",
    ]
    print(f"d = {args.dim}, unit rows (float32), median of {args.repeats}:\n")
    print(table(headers, rows))
    for note in notes:
        print(f"\n{note}")
    # The machine may be shared: say how busy it was (2 cores: a load above 2 slows everyone).
    print(
        f"\nLoad average at the end (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )


if __name__ == "__main__":
    main()
