"""Turn whatever embedding model the user has into ``list[str] -> (N, d) array``.

Each adapter is a small unit: a test that recognises a kind of model and a function that
embeds with it. :data:`ADAPTERS` is tried in order, so a new kind of model is one new entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..validation import check_embeddings
from .lexical import LexicalEmbedder


class EmbeddingError(RuntimeError):
    """The user's model failed, or gave something that is not one embedding per text."""


@dataclass(frozen=True)
class Precomputed:
    """Embeddings computed earlier, standing in for a model (see ``SimilarityHeatmap.from_embeddings``)."""

    embeddings: np.ndarray

    def __repr__(self) -> str:
        return f"Precomputed(shape={self.embeddings.shape})"


@dataclass(frozen=True)
class Adapter:
    """One kind of model: ``matches(model)`` recognises it, ``embed(model, texts)`` uses it."""

    name: str
    matches: Callable[[Any], bool]
    embed: Callable[[Any, list[str]], Any]


def _builtin(name: str) -> Any:
    """Return the built-in model called ``name``."""
    if name == "lexical":
        return LexicalEmbedder()
    raise ValueError(
        f"unknown built-in model {name!r}; use None or 'lexical', or pass your own model"
    )


ADAPTERS: list[Adapter] = [
    Adapter("precomputed", lambda m: isinstance(m, Precomputed), lambda m, texts: m.embeddings),
    Adapter("default", lambda m: m is None, lambda m, texts: LexicalEmbedder().encode(texts)),
    Adapter("built-in", lambda m: isinstance(m, str), lambda m, texts: _builtin(m).encode(texts)),
    # sentence-transformers, model2vec and any other object with .encode(list[str]).
    Adapter(
        "encode", lambda m: callable(getattr(m, "encode", None)), lambda m, texts: m.encode(texts)
    ),
    Adapter("callable", callable, lambda m, texts: m(texts)),
]


def find_adapter(model: Any) -> Adapter:
    """Return the first adapter that recognises ``model``, or raise ``TypeError`` listing what works."""
    for adapter in ADAPTERS:
        if adapter.matches(model):
            return adapter
    raise TypeError(
        f"cannot embed with {type(model).__name__}: pass None (built-in model), 'lexical', "
        "an object with .encode(list_of_texts) (sentence-transformers, model2vec), "
        "or a function list_of_texts -> array of shape (n_texts, dim)"
    )


def embed_texts(texts: list[str], model: Any) -> np.ndarray:
    """Embed ``texts`` with ``model`` and return a checked ``(len(texts), d)`` array.

    A failing model is re-raised as :class:`EmbeddingError` naming the model; output that
    is not one finite vector per text is reported the same way.
    """
    adapter = find_adapter(model)
    if isinstance(model, str):
        _builtin(model)  # an unknown name is the user's typo, not a model failure
    try:
        output = adapter.embed(model, texts)
    except Exception as error:
        raise EmbeddingError(
            f"the model {_describe(model)} raised {type(error).__name__} while embedding "
            f"{len(texts)} texts: {error}"
        ) from error
    try:
        return check_embeddings(output, len(texts))
    except (TypeError, ValueError) as error:
        raise EmbeddingError(
            f"the model {_describe(model)} gave unusable embeddings: {error}"
        ) from error


def _describe(model: Any) -> str:
    """Name ``model`` briefly for an error message."""
    text = repr(model)
    return text if len(text) <= 80 else f"{type(model).__module__}.{type(model).__qualname__}"
