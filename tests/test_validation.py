"""Every bad input gets a clear error before anything is computed or shown."""

import numpy as np
import pytest
from traitlets import TraitError

from simheat import EmbeddingError, SimilarityHeatmap


def constant_model(dim=4):
    return lambda batch: np.ones((len(batch), dim))


@pytest.mark.parametrize(
    ("texts", "error", "message"),
    [
        ([], ValueError, "texts is empty"),
        ("just one string", TypeError, "not one str; wrap it"),
        (["fine", 42, "also fine"], TypeError, r"texts\[1\] is int"),
        (["fine", None], TypeError, r"texts\[1\] is NoneType"),
        (["fine", "   "], ValueError, r"texts\[1\] is empty"),
        (np.array([["a", "b"], ["c", "d"]]), ValueError, "must be 1-D"),
        (5, TypeError, "must be a list of strings"),
    ],
)
def test_bad_texts(texts, error, message):
    with pytest.raises(error, match=message):
        SimilarityHeatmap(texts, constant_model())


def test_texts_are_checked_before_the_model_runs():
    calls = []
    with pytest.raises(TypeError):
        SimilarityHeatmap(["ok", 3], lambda batch: calls.append(batch))
    assert calls == []


def test_labels_of_the_wrong_length(texts):
    with pytest.raises(ValueError, match=r"labels has 2 entries but there are 5 texts"):
        SimilarityHeatmap(texts, constant_model(), labels=["a", "b"])


@pytest.mark.parametrize(
    ("embeddings", "message"),
    [
        (np.ones(5), r"must be 2-D .* shape \(5,\)"),
        (np.ones((4, 3)), "has 4 rows but there are 5 texts"),
        (np.ones((5, 0)), "0 columns"),
        ([[1, 2], [3]], "could not be read|dtype object"),
        (np.array([["a"]] * 5), "must be numbers"),
    ],
)
def test_embeddings_of_the_wrong_shape_or_type(texts, embeddings, message):
    with pytest.raises((ValueError, TypeError), match=message):
        SimilarityHeatmap.from_embeddings(embeddings, texts)


def test_nan_and_inf_rows_are_named(texts):
    embeddings = np.ones((5, 3))
    embeddings[1, 0] = np.nan
    embeddings[3, 2] = np.inf
    with pytest.raises(ValueError, match=r"2 row\(s\): 1, 3"):
        SimilarityHeatmap.from_embeddings(embeddings, texts)


def test_a_model_that_raises_is_reported_with_context(texts):
    def broken(batch):
        raise RuntimeError("GPU on fire")

    with pytest.raises(
        EmbeddingError,
        match=r"raised RuntimeError while embedding 5 texts; the first text it fails on is texts\[0\]: GPU on fire",
    ) as info:
        SimilarityHeatmap(texts, broken)
    assert isinstance(info.value.__cause__, RuntimeError)


def test_a_model_with_the_wrong_output_is_reported(texts):
    with pytest.raises(EmbeddingError, match="has 2 rows but there are 5 texts"):
        SimilarityHeatmap(texts, lambda batch: np.ones((2, 3)))


def test_a_model_giving_nan_is_reported(texts):
    with pytest.raises(EmbeddingError, match=r"NaN or infinite values in 5 row\(s\)"):
        SimilarityHeatmap(texts, lambda batch: np.full((len(batch), 3), np.nan))


def test_something_that_is_not_a_model(texts):
    with pytest.raises(TypeError, match=r"cannot embed with int: pass None"):
        SimilarityHeatmap(texts, 3)


def test_an_unknown_builtin_model_name(texts):
    with pytest.raises(ValueError, match="unknown built-in model 'lexicall'"):
        SimilarityHeatmap(texts, "lexicall")


def test_keyboard_interrupt_is_not_wrapped(texts):
    def interrupted(batch):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        SimilarityHeatmap(texts, interrupted)


@pytest.mark.parametrize(("zmin", "zmax"), [(0.9, 0.1), (2.0, None), (None, -2.0)])
def test_zmin_above_zmax(texts, zmin, zmax):
    with pytest.raises(ValueError, match=r"zmin \(.*\) is greater than zmax"):
        SimilarityHeatmap(texts, None, zmin=zmin, zmax=zmax)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "0.5"])
def test_non_finite_or_non_numeric_range(texts, value):
    with pytest.raises(ValueError, match="zmin must be a finite number"):
        SimilarityHeatmap(texts, None, zmin=value)


def test_unknown_keyword_arguments_get_a_suggestion(texts):
    with pytest.raises(TypeError, match=r"'colour_scale' \(did you mean 'colorscale'\?\)"):
        SimilarityHeatmap(texts, None, colour_scale="Blues")


def test_unknown_keyword_arguments_of_from_embeddings(texts):
    with pytest.raises(TypeError, match=r"'xaxis' \(did you mean 'xaxis_title'\?\)"):
        SimilarityHeatmap.from_embeddings(np.eye(5), texts, xaxis="Text")


def test_unknown_colorscale_lists_the_choices(texts):
    with pytest.raises(TraitError, match=r"unknown colorscale 'Bluez'.*Blues.*Viridis"):
        SimilarityHeatmap(texts, None, colorscale="Bluez")


def test_height_must_be_pixels(texts):
    with pytest.raises(ValueError, match="height must be a whole number"):
        SimilarityHeatmap(texts, None, height=12.5)


def test_a_failing_batch_names_the_batch_and_the_first_bad_text():
    texts = [f"text {i}" for i in range(10)]
    texts[6] = "poison"
    texts[8] = "poison"

    def picky(batch):
        if "poison" in batch:
            raise ValueError("cannot embed poison")
        return np.ones((len(batch), 3))

    with pytest.raises(
        EmbeddingError,
        match=r"batch 2 of 3; the first text it fails on is texts\[6\]: cannot embed poison",
    ):
        SimilarityHeatmap(texts, picky, batch_size=4)


def test_a_failure_of_the_whole_batch_names_no_text():
    calls = []

    def flaky(batch):
        calls.append(len(batch))
        if len(calls) == 1:
            raise TimeoutError("server busy")
        return np.ones((len(batch), 3))

    with pytest.raises(
        EmbeddingError, match=r"raised TimeoutError while embedding 3 texts: server busy"
    ):
        SimilarityHeatmap(["a", "b", "c"], flaky)


def test_bad_rows_in_a_later_batch_are_named_in_input_order():
    def nan_at_five(batch):
        out = np.ones((len(batch), 2))
        if "t5" in batch:
            out[batch.index("t5")] = np.nan
        return out

    with pytest.raises(EmbeddingError, match=r"batch 2 of 2, starting at text 4.*row\(s\): 1"):
        SimilarityHeatmap([f"t{i}" for i in range(8)], nan_at_five, batch_size=4)


@pytest.mark.parametrize("batch_size", [0, -3, 2.5])
def test_bad_batch_size(texts, batch_size):
    with pytest.raises(ValueError, match="batch_size must be a positive whole number"):
        SimilarityHeatmap(texts, constant_model(), batch_size=batch_size)
