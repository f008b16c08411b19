"""simheat's built-in semantic model: a static token table distilled from all-MiniLM-L6-v2.

A text's embedding is the mean of its WordPiece tokens' rows (model2vec-style), so
embedding is a dictionary look-up and a NumPy sum: thousands of texts per second on a
laptop core, no torch, no download. ``scripts/distill_default_model.py`` rebuilds the
table from the teacher; the table keeps all-MiniLM-L6-v2's Apache-2.0 licence (see
``data/NOTICE``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files

import numpy as np

from .wordpiece import WordPiece

TABLE = "minilm-static.npz"
VOCAB = "vocab.txt"


class StaticEmbedder:
    """Embed texts as the mean of static token vectors.

    Args:
        table: ``(V, d)`` float32 token vectors, row = token id.
        vocab: The V tokens, in id order (the WordPiece vocabulary).

    Attributes:
        table: The token vectors.
        tokenizer: The WordPiece tokenizer over ``vocab``.
    """

    def __init__(self, table: np.ndarray, vocab: list[str]) -> None:
        self.table = table
        self.tokenizer = WordPiece(vocab)

    def __repr__(self) -> str:
        return f"StaticEmbedder({self.table.shape[0]:,} tokens × {self.table.shape[1]} dims, all-MiniLM-L6-v2 distilled)"

    @property
    def dim(self) -> int:
        """Length of each embedding."""
        return self.table.shape[1]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` as the means of their tokens' rows.

        Args:
            texts: The texts to embed.

        Returns:
            A ``(len(texts), dim)`` float32 array; a text without tokens (empty, only spaces)
            gets a row of zeros.
        """
        token_ids = [self.tokenizer.encode(text) for text in texts]
        counts = np.array([len(ids) for ids in token_ids])
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        filled = counts > 0
        if filled.any():
            flat = np.fromiter(
                (i for ids in token_ids for i in ids), dtype=np.int64, count=int(counts.sum())
            )
            starts = np.concatenate([[0], np.cumsum(counts[filled])[:-1]])
            sums = np.add.reduceat(self.table[flat], starts, axis=0)
            out[filled] = sums / counts[filled, None].astype(np.float32)
        return out


@lru_cache(maxsize=1)
def load_default() -> StaticEmbedder:
    """Return the built-in model, loaded once from the package data (offline, no torch)."""
    data = files(__package__).joinpath("data")
    with data.joinpath(TABLE).open("rb") as handle, np.load(handle) as archive:
        table = archive["rows"].astype(np.float32) * archive["scales"].astype(np.float32)[:, None]
    vocab = data.joinpath(VOCAB).read_text(encoding="utf-8").splitlines()
    return StaticEmbedder(table, vocab)
