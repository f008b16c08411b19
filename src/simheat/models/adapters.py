"""Turn whatever embedding model the user has into ``list[str] -> (N, d) array``.

Each adapter is a small unit: a test that recognises a kind of model and a function that
embeds one batch with it. :data:`ADAPTERS` is tried in order (the first match wins), so a
new kind of model is one new entry:

1. ``Precomputed`` embeddings (from ``SimilarityHeatmap.from_embeddings``)
2. ``None``: the built-in semantic model (all-MiniLM-L6-v2 distilled into a static table);
   a string: a built-in model by name (``"minilm-static"``, ``"lexical"``)
3. an OpenAI-compatible client: ``client.embeddings.create(input=..., model=model_name)``
4. a LangChain ``Embeddings``: ``.embed_documents(texts)``
5. anything with ``.encode(texts)``: sentence-transformers, model2vec
6. a fastembed-style model: ``.embed(texts)`` yielding one vector per text
7. any callable ``texts -> array``
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .lexical import LexicalEmbedder
from .static import load_default

# The largest batch the OpenAI embeddings endpoint accepts.
OPENAI_MAX_BATCH = 2048


@dataclass(frozen=True)
class Precomputed:
    """Embeddings computed earlier, standing in for a model (see ``SimilarityHeatmap.from_embeddings``)."""

    embeddings: np.ndarray

    def __repr__(self) -> str:
        return f"Precomputed(shape={self.embeddings.shape})"


@dataclass(frozen=True)
class EmbedOptions:
    """What the user asked for beyond the model: the batch size and, for APIs, a model name."""

    batch_size: int
    model_name: str | None = None


@dataclass(frozen=True)
class Adapter:
    """One kind of model: ``matches(model)`` recognises it, ``embed(model, batch, options)`` uses it.

    ``batched`` is False for models that must see all texts at once (the lexical model's
    IDF weights come from the whole corpus) and for precomputed embeddings.
    """

    name: str
    matches: Callable[[Any], bool]
    embed: Callable[[Any, list[str], EmbedOptions], Any]
    batched: bool = True
    max_batch: int | None = None


def _builtin(name: str | None) -> Any:
    """Return the built-in model called ``name`` (``None``: the default, ``"minilm-static"``)."""
    if name in (None, "minilm-static"):
        return load_default()
    if name == "lexical":
        return LexicalEmbedder()
    raise ValueError(
        f"unknown built-in model {name!r}; use None (or 'minilm-static') or 'lexical', "
        "or pass your own model"
    )


def _supported_kwargs(method: Callable[..., Any], wanted: dict[str, Any]) -> dict[str, Any]:
    """The entries of ``wanted`` that ``method`` names as parameters (never unknown kwargs)."""
    try:
        parameters = inspect.signature(method).parameters
    except (TypeError, ValueError):
        return {}
    return {k: v for k, v in wanted.items() if k in parameters}


def _encode(model: Any, batch: list[str], options: EmbedOptions) -> Any:
    """sentence-transformers / model2vec ``.encode``, with the options the method takes."""
    wanted = {
        "batch_size": options.batch_size,
        "convert_to_numpy": True,
        "normalize_embeddings": True,
        "show_progress_bar": False,
    }
    return model.encode(batch, **_supported_kwargs(model.encode, wanted))


def _openai(client: Any, batch: list[str], options: EmbedOptions) -> Any:
    """OpenAI-compatible ``embeddings.create``; results put back in input order by ``.index``."""
    if not options.model_name:
        raise ValueError(
            "an OpenAI-compatible client needs model_name=..., e.g. 'text-embedding-3-small'"
        )
    response = client.embeddings.create(input=batch, model=options.model_name)
    ordered = sorted(response.data, key=lambda item: item.index)
    return np.asarray([item.embedding for item in ordered], dtype=np.float32)


def _fastembed(model: Any, batch: list[str], options: EmbedOptions) -> Any:
    """fastembed-style ``.embed``: a generator of one vector per text."""
    kwargs = _supported_kwargs(model.embed, {"batch_size": options.batch_size})
    return np.vstack(list(model.embed(batch, **kwargs)))


def _is_openai_client(model: Any) -> bool:
    return callable(getattr(getattr(model, "embeddings", None), "create", None))


ADAPTERS: list[Adapter] = [
    Adapter(
        "precomputed",
        lambda m: isinstance(m, Precomputed),
        lambda m, b, o: m.embeddings,
        batched=False,
    ),
    Adapter(
        "built-in",
        lambda m: m is None or m == "minilm-static",
        lambda m, b, o: load_default().encode(b),
    ),
    # The lexical model's IDF weights come from all the texts together: one batch.
    Adapter(
        "lexical",
        lambda m: isinstance(m, str),
        lambda m, b, o: _builtin(m).encode(b),
        batched=False,
    ),
    Adapter("openai", _is_openai_client, _openai, max_batch=OPENAI_MAX_BATCH),
    Adapter(
        "langchain",
        lambda m: callable(getattr(m, "embed_documents", None)),
        lambda m, b, o: m.embed_documents(b),
    ),
    Adapter("encode", lambda m: callable(getattr(m, "encode", None)), _encode),
    Adapter("fastembed", lambda m: callable(getattr(m, "embed", None)), _fastembed),
    Adapter("callable", callable, lambda m, b, o: m(b)),
]


def find_adapter(model: Any) -> Adapter:
    """Return the first adapter that recognises ``model``, or raise ``TypeError`` listing what works."""
    for adapter in ADAPTERS:
        if adapter.matches(model):
            return adapter
    raise TypeError(
        f"cannot embed with {type(model).__name__}: pass None (built-in model), 'lexical', "
        "a sentence-transformers or model2vec model (.encode), a LangChain Embeddings "
        "(.embed_documents), an OpenAI client with model_name=..., a fastembed model (.embed), "
        "or a function list_of_texts -> array of shape (n_texts, dim)"
    )


def check_builtin_name(model: Any) -> None:
    """Raise ``ValueError`` now for a misspelt built-in model name (a user error, not a model failure)."""
    if isinstance(model, str):
        _builtin(model)
