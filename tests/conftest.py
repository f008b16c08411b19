"""Shared fixtures for the Python tests."""

from __future__ import annotations

import numpy as np
import pytest

TOPIC_TEXTS = [
    "The central bank raised interest rates to fight inflation.",
    "Policy makers lifted the benchmark rate to cool rising prices.",
    "Knead the dough for ten minutes until smooth.",
    "The striker scored twice in the second half.",
    "Heavy rain is forecast for the weekend.",
]


@pytest.fixture
def texts() -> list[str]:
    return list(TOPIC_TEXTS)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(1234)
