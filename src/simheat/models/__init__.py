"""Embedding models: adapters for the user's model, batching with progress, and the built-in models."""

from .adapters import ADAPTERS, Adapter, EmbedOptions, Precomputed, find_adapter
from .embed import DEFAULT_BATCH_SIZE, EmbeddingError, embed_texts
from .lexical import LexicalEmbedder

__all__ = [
    "ADAPTERS",
    "DEFAULT_BATCH_SIZE",
    "Adapter",
    "EmbedOptions",
    "EmbeddingError",
    "LexicalEmbedder",
    "Precomputed",
    "embed_texts",
    "find_adapter",
]
