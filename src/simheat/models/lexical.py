"""A dependency-free lexical embedder: TF-IDF-weighted hashed character n-grams.

It measures how much two texts share *spelling* (words, stems, typos), not meaning: two
paraphrases with different words score low. It is here so that a heatmap can be drawn
anywhere with nothing but NumPy; pass a real embedding model for semantic similarity.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter

import numpy as np

_WORD = re.compile(r"\w+", re.UNICODE)


class LexicalEmbedder:
    """Embed texts as TF-IDF-weighted counts of hashed character n-grams of their words.

    Each word is padded (``" word "``) and cut into n-grams of ``ngram_range`` lengths;
    each n-gram is hashed (CRC-32, stable across runs) into one of ``dim`` buckets. Term
    frequencies are log-scaled and weighted by inverse document frequency over the texts of
    the same call, so n-grams every text shares count little.
    """

    def __init__(self, dim: int = 4096, ngram_range: tuple[int, int] = (3, 5)) -> None:
        self.dim = dim
        self.ngram_range = ngram_range

    def __repr__(self) -> str:
        return f"LexicalEmbedder(dim={self.dim}, ngram_range={self.ngram_range})"

    def _buckets(self, text: str) -> Counter[int]:
        low, high = self.ngram_range
        counts: Counter[int] = Counter()
        for word in _WORD.findall(text.lower()):
            padded = f" {word} "
            for n in range(low, high + 1):
                for start in range(max(1, len(padded) - n + 1)):
                    gram = padded[start : start + n].encode()
                    counts[zlib.crc32(gram) % self.dim] += 1
        return counts

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return an ``(len(texts), dim)`` float32 array of TF-IDF n-gram vectors."""
        tf = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            counts = self._buckets(text)
            if counts:
                tf[row, list(counts)] = list(counts.values())
        np.log1p(tf, out=tf)
        document_frequency = np.count_nonzero(tf, axis=0)
        idf = np.log((1 + len(texts)) / (1 + document_frequency)) + 1
        return tf * idf.astype(np.float32)
