"""Embed texts in batches with any supported model: progress, clear failures, checked output."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from ..core.similarity import check_embeddings
from .adapters import Adapter, EmbedOptions, check_builtin_name, find_adapter
from .progress import Progress

DEFAULT_BATCH_SIZE = 256


class EmbeddingError(RuntimeError):
    """The user's model failed, or gave something that is not one embedding per text."""


def embed_texts(
    texts: list[str],
    model: Any,
    *,
    batch_size: int | None = None,
    model_name: str | None = None,
    progress: bool = True,
) -> np.ndarray:
    """Embed ``texts`` with ``model`` in batches and return a checked ``(len(texts), d)`` float array.

    Beyond a second of work a progress bar shows batches, texts/s and time left. A failing
    model is re-raised as :class:`EmbeddingError` naming the batch and the first text it
    fails on; ``KeyboardInterrupt`` passes through untouched.
    """
    if batch_size is not None and (not isinstance(batch_size, int) or batch_size < 1):
        raise ValueError(f"batch_size must be a positive whole number, got {batch_size!r}")
    check_builtin_name(model)
    adapter = find_adapter(model)
    size = min(batch_size or DEFAULT_BATCH_SIZE, adapter.max_batch or len(texts))
    options = EmbedOptions(batch_size=size, model_name=model_name)
    if not adapter.batched:
        size = len(texts)
    batches = [texts[start : start + size] for start in range(0, len(texts), size)]
    parts = []
    with Progress(len(texts), "Embedding", enabled=progress) as bar:
        for number, batch in enumerate(batches, start=1):
            start = (number - 1) * size
            try:
                output = adapter.embed(model, batch, options)
            except Exception as error:
                raise _batch_error(
                    adapter, model, batch, options, number, len(batches), start, error
                ) from error
            parts.append(_checked(output, len(batch), model, number, len(batches), start))
            bar.advance(len(batch))
    dims = {part.shape[1] for part in parts}
    if len(dims) > 1:
        raise EmbeddingError(
            f"the model {_describe(model)} gave vectors of different lengths across batches: {sorted(dims)}"
        )
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _checked(output: Any, n: int, model: Any, number: int, count: int, start: int) -> np.ndarray:
    """Check one batch's output, naming the batch and rows in input order on failure."""
    if isinstance(output, Iterator):  # a generator of vectors, as fastembed-style models yield
        output = list(output)
    try:
        return check_embeddings(output, n)
    except (TypeError, ValueError) as error:
        where = f" (batch {number} of {count}, starting at text {start})" if count > 1 else ""
        raise EmbeddingError(
            f"the model {_describe(model)} gave unusable embeddings{where}: {error}"
        ) from error


def _batch_error(
    adapter: Adapter,
    model: Any,
    batch: list[str],
    options: EmbedOptions,
    number: int,
    count: int,
    start: int,
    error: Exception,
) -> EmbeddingError:
    """Describe a failed batch, with the first text the model fails on alone when it can be found."""
    culprit = _first_failing_text(adapter, model, batch, options) if len(batch) > 1 else 0
    where = f"batch {number} of {count}" if count > 1 else f"{len(batch)} texts"
    text = (
        f"; the first text it fails on is texts[{start + culprit}]" if culprit is not None else ""
    )
    return EmbeddingError(
        f"the model {_describe(model)} raised {type(error).__name__} while embedding {where}{text}: {error}"
    )


def _first_failing_text(
    adapter: Adapter, model: Any, batch: list[str], options: EmbedOptions
) -> int | None:
    """Index in ``batch`` of the first text that makes the model fail, by bisection (log2(n) calls)."""
    if not adapter.batched:
        return None

    def fails(part: list[str]) -> bool:
        try:
            adapter.embed(model, part, options)
        except Exception:
            return True
        return False

    lo, hi = 0, len(batch)  # invariant: the first failing text, if any, is in batch[lo:hi]
    if not fails(batch):
        return None  # the failure depends on the batch as a whole, not on one text
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if fails(batch[lo:mid]):
            hi = mid
        else:
            lo = mid
    return lo


def _describe(model: Any) -> str:
    """Name ``model`` briefly for an error message."""
    text = repr(model)
    return text if len(text) <= 80 else f"{type(model).__module__}.{type(model).__qualname__}"
