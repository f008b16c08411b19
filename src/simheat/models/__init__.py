"""Embedding models: the adapters that embed texts with the user's model, and the built-in ones."""

from .adapters import ADAPTERS, Adapter, EmbeddingError, Precomputed, embed_texts, find_adapter
from .lexical import LexicalEmbedder

__all__ = [
    "ADAPTERS",
    "Adapter",
    "EmbeddingError",
    "LexicalEmbedder",
    "Precomputed",
    "embed_texts",
    "find_adapter",
]
