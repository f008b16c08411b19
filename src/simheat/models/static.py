"""simheat's built-in semantic model: a static token table distilled from all-MiniLM-L6-v2.

A text's embedding is the mean of its tokens' rows (model2vec-style) plus a learned vector for
its token count, so embedding is a dictionary look-up and a NumPy sum: thousands of texts per
second on a laptop core, no torch, no download. Tokens are BERT's WordPiece pieces, except
frequent words that BERT cuts into pieces, which have rows of their own.
``scripts/distill_default_model.py`` rebuilds the model from the teacher; the table keeps
all-MiniLM-L6-v2's Apache-2.0 licence (see ``data/NOTICE``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files

import numpy as np

from .wordpiece import WordPiece

TABLE = "minilm-static.npz"
VOCAB = "vocab.txt"
WORDS = "words.txt"
BLOCK_TOKENS = 16_384  # tokens gathered at once: a few MiB, so a block stays in cache


class StaticEmbedder:
    """Embed texts as the mean of static token vectors, shifted by a vector for their length.

    Args:
        table: ``(len(vocab) + len(words), d)`` float32 token vectors, row = token id.
        vocab: The WordPiece vocabulary, in id order.
        words: Whole words with rows of their own, after the vocabulary's.
        length_bias: ``(L, d)`` vectors added to the mean of a text of n tokens (row
            ``min(n, L - 1)``): the mean alone drifts towards the average token as texts grow
            longer, which the teacher's embeddings do not. None adds nothing.

    Attributes:
        table: The token vectors.
        tokenizer: The WordPiece tokenizer over ``vocab`` and ``words``.
        length_bias: The length vectors, or None.
    """

    def __init__(
        self,
        table: np.ndarray,
        vocab: list[str],
        words: Sequence[str] = (),
        length_bias: np.ndarray | None = None,
    ) -> None:
        if len(table) != len(vocab) + len(words):
            raise ValueError(
                f"the table has {len(table):,} rows for {len(vocab):,} tokens and "
                f"{len(words):,} words: rebuild it with scripts/distill_default_model.py"
            )
        self.table = table
        self.tokenizer = WordPiece(vocab, words=words)
        self.length_bias = length_bias

    def __repr__(self) -> str:
        return f"StaticEmbedder({self.table.shape[0]:,} tokens × {self.table.shape[1]} dims, all-MiniLM-L6-v2 distilled)"

    @property
    def dim(self) -> int:
        """Length of each embedding."""
        return self.table.shape[1]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` as the means of their tokens' rows plus their length vectors.

        Args:
            texts: The texts to embed.

        Returns:
            A ``(len(texts), dim)`` float32 array; a text without tokens (empty, only spaces)
            gets a row of zeros.
        """
        token_ids = [self.tokenizer.encode(text) for text in texts]
        counts = np.array([len(ids) for ids in token_ids], dtype=np.int64)
        flat = np.fromiter(
            (i for ids in token_ids for i in ids), dtype=np.int64, count=int(counts.sum())
        )
        starts = np.cumsum(counts) - counts
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # Texts of one length at a time, as a (texts, length, dim) block: a gather and a sum,
        # several times faster than np.add.reduceat over ragged rows.
        for length in np.unique(counts[counts > 0]):
            same = np.flatnonzero(counts == length)
            step = max(1, BLOCK_TOKENS // length)
            for first in range(0, len(same), step):
                texts_here = same[first : first + step]
                rows = self.table[flat[starts[texts_here, None] + np.arange(length)]]
                out[texts_here] = rows.sum(axis=1) / np.float32(length)
            if self.length_bias is not None:
                out[same] += self.length_bias[min(length, len(self.length_bias) - 1)]
        return out


@lru_cache(maxsize=1)
def load_default() -> StaticEmbedder:
    """Return the built-in model, loaded once from the package data (offline, no torch)."""
    data = files(__package__).joinpath("data")
    with data.joinpath(TABLE).open("rb") as handle, np.load(handle) as archive:
        table = archive["rows"].astype(np.float32) * archive["scales"].astype(np.float32)[:, None]
        length_bias = archive["length_bias"].astype(np.float32)
    vocab = data.joinpath(VOCAB).read_text(encoding="utf-8").splitlines()
    words = data.joinpath(WORDS).read_text(encoding="utf-8").splitlines()
    return StaticEmbedder(table, vocab, words, length_bias)
