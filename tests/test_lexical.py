import numpy as np

from simheat import LexicalEmbedder, cosine_similarity


def test_shared_spelling_scores_higher_than_unrelated_text():
    texts = ["the cat sat on the mat", "the cats sat on mats", "quarterly revenue forecast missed"]
    similarity = cosine_similarity(LexicalEmbedder().encode(texts))
    assert similarity[0, 1] > 0.5
    assert similarity[0, 1] > similarity[0, 2] + 0.3


def test_deterministic_across_instances_and_shape():
    texts = ["alpha beta", "gamma"]
    a = LexicalEmbedder(dim=512).encode(texts)
    b = LexicalEmbedder(dim=512).encode(texts)
    assert a.shape == (2, 512) and a.dtype == np.float32
    assert np.array_equal(a, b)


def test_text_without_words_embeds_to_zeros():
    vectors = LexicalEmbedder().encode(["!!!", "words here"])
    assert not vectors[0].any() and vectors[1].any()
