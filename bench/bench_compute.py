"""The similarity matrix: simheat against scikit-learn (float32) and NumPy (float64).

Same embeddings, same run; the tools take turns, five rounds after a warm-up, medians:

    python bench/bench_compute.py [--sizes 1000 5000 10000] [--dims 384 768] [--large]

``--large`` adds N = 20,000 (1.6 GB a matrix). Peak memory is measured per tool in a
child process: the growth of its peak resident size over the embeddings.
"""

from __future__ import annotations

import argparse

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
from common import embeddings, peak_memory_probe
from bench_compute import TOOLS
data = embeddings({n}, {dim})
start, peak_mib = peak_memory_probe()
start()
TOOLS[{tool!r}](data)
print(json.dumps(peak_mib()))
"""


def simheat_similarity(data: np.ndarray) -> np.ndarray:
    from simheat import cosine_similarity

    return cosine_similarity(data)


def sklearn_similarity(data: np.ndarray) -> np.ndarray:
    from sklearn.metrics.pairwise import cosine_similarity

    return cosine_similarity(data.astype(np.float32, copy=False))


def numpy_float64(data: np.ndarray) -> np.ndarray:
    unit = data.astype(np.float64) / np.linalg.norm(data, axis=1, keepdims=True)
    return unit @ unit.T


TOOLS = {
    "simheat": simheat_similarity,
    "scikit-learn float32": sklearn_similarity,
    "NumPy float64": numpy_float64,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--dims", type=int, nargs="+", default=[384, 768])
    parser.add_argument("--large", action="store_true", help="also N = 20,000")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    sizes = args.sizes + ([20_000] if args.large else [])
    print(f"Machine: {machine()}\n")
    rows = []
    for dim in args.dims:
        for n in sizes:
            data = embeddings(n, dim)
            times = interleaved_medians(TOOLS, data, args.repeats)
            memory = {name: peak_mib_in_child(CHILD, n=n, dim=dim, tool=name) for name in TOOLS}
            rows.append(
                [
                    f"{n:,}",
                    dim,
                    seconds(times["simheat"]),
                    seconds(times["scikit-learn float32"]),
                    seconds(times["NumPy float64"]),
                    ratio(times["simheat"], times["scikit-learn float32"]),
                    ratio(times["simheat"], times["NumPy float64"]),
                    f"{memory['simheat']:,.0f} / {memory['scikit-learn float32']:,.0f} / {memory['NumPy float64']:,.0f}",
                ]
            )
    headers = [
        "N",
        "d",
        "simheat",
        "scikit-learn f32",
        "NumPy f64",
        "simheat / sklearn",
        "simheat / NumPy",
        "peak MiB (simheat / sklearn / NumPy)",
    ]
    print(table(headers, rows))


if __name__ == "__main__":
    main()
