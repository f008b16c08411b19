"""The built-in semantic model: a static token table distilled from all-MiniLM-L6-v2."""

import json
from pathlib import Path

import numpy as np
import pytest

from simheat import SimilarityHeatmap
from simheat.models.static import load_default
from simheat.models.wordpiece import WordPiece, basic_words

EVAL = json.loads((Path(__file__).parent / "data" / "eval_texts.json").read_text())


@pytest.fixture(scope="module")
def model():
    return load_default()


def test_shape_dtype_and_determinism(model):
    vectors = model.encode(["A cat sat on the mat.", "Stocks fell."])
    assert vectors.shape == (2, 256) and vectors.dtype == np.float32
    assert np.array_equal(vectors, model.encode(["A cat sat on the mat.", "Stocks fell."]))
    assert load_default() is model  # loaded once


def test_text_without_tokens_embeds_to_zeros(model):
    vectors = model.encode(["", "   ", "ok"])
    assert not vectors[0].any() and not vectors[1].any() and vectors[2].any()


def test_unknown_characters_do_not_break_it(model):
    vectors = model.encode(["🦜🦜🦜", "ẞ ǅ ﬁ ™", "x" * 500])
    assert np.isfinite(vectors).all()


def test_basic_tokenizer_lowers_strips_accents_and_splits_punctuation():
    assert basic_words("Café, naïve RÉSUMÉ!") == ["cafe", ",", "naive", "resume", "!"]
    assert basic_words("it's 3:45pm") == ["it", "'", "s", "3", ":", "45pm"]


def test_wordpiece_longest_match_with_continuations():
    tokenizer = WordPiece(["[UNK]", "un", "##believ", "##able", "believ", "##ably", "the"])
    assert tokenizer.encode("The unbelievable") == [6, 1, 2, 3]
    assert tokenizer.encode("unbelievably") == [1, 2, 5]
    assert tokenizer.encode("zzz") == [0]


def test_real_vocabulary_splits_known_words(model):
    ids = model.tokenizer.encode("tokenization")
    vocab = {i: t for t, i in model.tokenizer.ids.items()}
    assert [vocab[i] for i in ids] == ["token", "##ization"]


def test_paraphrases_score_above_unrelated_texts(model):
    """Measured on texts not used to build the model: the paraphrase of a text is its nearest neighbour."""
    texts = EVAL["texts"]
    assert len(texts) >= 200 and len(EVAL["paraphrases"]) >= 20
    similarity = SimilarityHeatmap(texts, progress=False).matrix
    hits = 0
    for a, b in EVAL["paraphrases"]:
        others = [k for k in range(len(texts)) if k not in (a, b)]
        hits += (
            similarity[a, b] > similarity[a, others].max()
            and similarity[b, a] > similarity[b, others].max()
        )
    assert hits / len(EVAL["paraphrases"]) >= 0.85


def test_it_is_the_default_model(texts):
    default = SimilarityHeatmap(texts)
    np.testing.assert_allclose(default.embeddings, load_default().encode(texts))
    # Semantic: the rate-hike paraphrase beats the unrelated sport text.
    assert default.matrix[0, 1] > default.matrix[0, 3] + 0.1
