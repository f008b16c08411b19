"""BERT's WordPiece tokenizer in pure Python.

Lower-case, strip accents, split punctuation, then cut each word into the longest vocabulary
pieces (``##`` marks a continuation). Enough to look up a static embedding table distilled
from a BERT-family model, with no tokenizer dependency. Optional whole words get ids of their
own after the vocabulary, so a table can hold a row for a word BERT cuts into pieces. Words
are cached, so re-tokenising a corpus is mostly dict look-ups.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

MAX_WORD_CHARS = 100
# ASCII text takes a regex fast path with the same result: every printable ASCII character that
# is neither a letter, a digit nor a space is punctuation to BERT, and control characters go.
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ASCII_WORD = re.compile(r"[a-z0-9]+|[^a-z0-9\s]")


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def basic_words(text: str) -> list[str]:
    """Lower-cased, accent-free words and single punctuation marks, as BERT's basic tokenizer gives."""
    if text.isascii():
        return _ASCII_WORD.findall(_ASCII_CONTROL.sub("", text).lower())
    chars = []
    for char in unicodedata.normalize("NFD", text.lower()):
        category = unicodedata.category(char)
        if (
            category == "Mn"
            or char == "\ufffd"
            or (category.startswith("C") and char not in "\t\n\r")
        ):
            continue  # accents and control characters
        if _is_punctuation(char) or _is_cjk(ord(char)):
            chars.append(f" {char} ")
        else:
            chars.append(" " if char.isspace() else char)
    return "".join(chars).split()


class WordPiece:
    """Greedy longest-match WordPiece over a vocabulary (one token per line, id = line number).

    Args:
        vocab: The WordPiece vocabulary, in id order.
        unknown: The token for words no piece fits.
        words: Whole words with ids of their own, numbered after ``vocab`` (the first gets id
            ``len(vocab)``): a listed word is one token, not its pieces. Without them the ids
            are BERT's.
    """

    def __init__(self, vocab: list[str], unknown: str = "[UNK]", words: Sequence[str] = ()) -> None:
        self.ids = {token: i for i, token in enumerate(vocab)}
        self.unknown = self.ids[unknown]
        self.whole_words = {word: len(vocab) + i for i, word in enumerate(words)}
        self.word_ids = lru_cache(maxsize=200_000)(self._word_ids)

    def _word_ids(self, word: str) -> tuple[int, ...]:
        if word in self.whole_words:
            return (self.whole_words[word],)
        if len(word) > MAX_WORD_CHARS:
            return (self.unknown,)
        pieces = []
        start = 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else f"##{word[start:end]}"
                if piece in self.ids:
                    pieces.append(self.ids[piece])
                    break
                end -= 1
            else:
                return (self.unknown,)  # no piece fits: the whole word is unknown, as in BERT
            start = end
        return tuple(pieces)

    def encode(self, text: str) -> list[int]:
        """Token ids of ``text`` (no [CLS]/[SEP])."""
        ids: list[int] = []
        for word in basic_words(text):
            ids.extend(self.word_ids(word))
        return ids
