"""Each option is declared once: the same check at construction and on assignment."""

import numpy as np
import pytest
from traitlets import TraitError

from simheat import OptionError, SimilarityHeatmap
from simheat.widget.options import HeatmapOptions, option_names
from simheat.widget.validation import parse_bytes

TEXTS = ["a cat sat", "a dog ran", "the cat slept", "stocks fell", "markets rose"]

# Each bad value of each option, with a fragment of the message both paths must give.
BAD_VALUES = [
    ("colorscale", "Bluez", r"unknown colorscale 'Bluez'.*Blues.*Viridis"),
    ("colorscale", 5, "colorscale must be a name such as 'Blues', got int"),
    ("zmin", float("nan"), "zmin must be a finite number, got float nan"),
    ("zmin", float("inf"), "zmin must be a finite number"),
    ("zmin", "0.5", "zmin must be a finite number, got str '0.5'"),
    ("zmax", True, "zmax must be a finite number, got bool"),
    ("zmax", float("-inf"), "zmax must be a finite number"),
    (
        "height",
        5,
        r"height must be a whole number of pixels ≥ 200 \(or None: fit the room\), got int 5",
    ),
    (
        "height",
        12.5,
        r"height must be a whole number of pixels ≥ 200 \(or None: fit the room\), got float",
    ),
    ("height", "big", "height must be a whole number of pixels"),
    ("height", True, "height must be a whole number of pixels"),
    ("order", "sorted", "order must be one of 'input', 'cluster'; got 'sorted'"),
    ("order", 1, "order must be one of 'input', 'cluster'; got 1"),
    ("aggregation", "median", "aggregation must be one of 'mean', 'max'; got 'median'"),
    ("title", 5, "title must be a string, got int 5"),
    ("xaxis_title", None, "xaxis_title must be a string, got NoneType"),
    ("yaxis_title", ["Text"], "yaxis_title must be a string, got list"),
    ("color_label", b"bytes", "color_label must be a string, got bytes"),
    ("threshold", 1.5, r"threshold must be a similarity in \[-1, 1\] or None, got float 1.5"),
    ("threshold", -2, r"threshold must be a similarity in \[-1, 1\] or None, got int -2"),
    ("threshold", float("nan"), "threshold must be a similarity in .* got float nan"),
    ("threshold", "0.9", "threshold must be a similarity in .* got str '0.9'"),
    ("threshold", True, "threshold must be a similarity in .* got bool"),
    (
        "stability_threshold",
        None,
        r"stability_threshold must be a similarity in \[-1, 1\], got NoneType",
    ),
    (
        "stability_threshold",
        1.01,
        r"stability_threshold must be a similarity in \[-1, 1\], got float",
    ),
]


@pytest.fixture(scope="module")
def heatmap():
    return SimilarityHeatmap(TEXTS, "lexical")


def test_every_option_has_at_least_one_bad_value_checked():
    assert {name for name, _, _ in BAD_VALUES} == set(option_names())


@pytest.mark.parametrize(("name", "value", "message"), BAD_VALUES)
def test_a_bad_value_gets_the_same_error_at_construction(name, value, message):
    calls = []

    def model(batch):
        calls.append(batch)
        return np.ones((len(batch), 3))

    with pytest.raises(OptionError, match=message):
        SimilarityHeatmap(TEXTS, model, **{name: value})
    assert calls == []  # refused before anything is computed


@pytest.mark.parametrize(("name", "value", "message"), BAD_VALUES)
def test_a_bad_value_gets_the_same_error_on_assignment(heatmap, name, value, message):
    before = getattr(heatmap, name)
    with pytest.raises(OptionError, match=message):
        setattr(heatmap, name, value)
    assert getattr(heatmap, name) == before


def test_option_error_is_a_value_error_and_a_trait_error():
    assert issubclass(OptionError, ValueError) and issubclass(OptionError, TraitError)


def test_crossed_range_gets_the_same_error_both_ways(heatmap):
    message = r"zmin \(0.9\) is greater than zmax \(0.1\); swap them"
    with pytest.raises(OptionError, match=message):
        SimilarityHeatmap(TEXTS, "lexical", zmin=0.9, zmax=0.1)
    before = heatmap.zmin, heatmap.zmax
    with pytest.raises(OptionError, match=message), heatmap.hold_trait_notifications():
        heatmap.zmin = 0.9
        heatmap.zmax = 0.1
    assert (heatmap.zmin, heatmap.zmax) == before  # rolled back


def test_good_values_are_normalised_the_same_both_ways(heatmap):
    built = SimilarityHeatmap(TEXTS, "lexical", colorscale="viridis_R", height=np.int64(300))
    heatmap.colorscale, heatmap.height = "viridis_R", np.int64(300)
    assert (built.colorscale, built.height) == (heatmap.colorscale, heatmap.height)
    assert (built.colorscale, type(built.height)) == ("Viridis_r", int)


def test_height_is_automatic_unless_given(heatmap):
    assert SimilarityHeatmap(TEXTS, "lexical").height is None
    heatmap.height = 400
    heatmap.height = None  # back to fitting the room
    assert heatmap.height is None


def test_zmin_and_zmax_none_at_construction_mean_the_data_range():
    w = SimilarityHeatmap(TEXTS, "lexical", zmin=None, zmax=0.95)
    similarity = w.matrix[~np.eye(len(TEXTS), dtype=bool)]
    assert w.zmin == pytest.approx(similarity.min()) and w.zmax == 0.95


def test_every_option_has_help_and_is_in_the_class_docs():
    doc = " ".join(SimilarityHeatmap.__doc__.split())
    for name, trait in HeatmapOptions.class_own_traits().items():
        assert trait.help, f"{name} has no help"
        assert f"{name}: {' '.join(trait.help.split())}" in doc
    for name in ("selection", "selected"):
        assert SimilarityHeatmap.class_traits()[name].help


def test_unknown_option_suggests_the_closest_name_among_all_keywords():
    with pytest.raises(TypeError, match=r"'heigth' \(did you mean 'height'\?\)"):
        SimilarityHeatmap(TEXTS, "lexical", heigth=300)
    with pytest.raises(TypeError, match=r"'memory_budjet' \(did you mean 'memory_budget'\?\)"):
        SimilarityHeatmap(TEXTS, "lexical", memory_budjet="1GB")


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (1 << 30, 1 << 30),
        ("1GB", 10**9),
        ("512MiB", 512 * 2**20),
        ("1.5 gib", 3 * 2**29),
        ("800", 800),
        (0, 0),
        (2.5e6, 2_500_000),
    ],
)
def test_memory_budget_takes_bytes_or_a_size_string(size, expected):
    assert parse_bytes(size, "memory_budget") == expected


@pytest.mark.parametrize(
    ("size", "message"),
    [
        ("1 GiBs", r"memory_budget='1 GiBs' is not a memory size; give a number of bytes"),
        ("lots", "is not a memory size"),
        (-1, "memory_budget must be a size of 0 bytes or more, got -1"),
        (True, "must be a size of 0 bytes or more"),
        (float("inf"), "memory_budget must be finite"),
        (None, "must be a size of 0 bytes or more, got None"),
    ],
)
def test_bad_memory_budget_is_refused_before_embedding(size, message):
    with pytest.raises(OptionError, match=message):
        SimilarityHeatmap(TEXTS, lambda batch: pytest.fail("embedded"), memory_budget=size)


def test_memory_budget_string_decides_whether_the_matrix_is_kept():
    texts = [f"text number {i}" for i in range(600)]  # 600² float32 = 1.44 MB
    assert SimilarityHeatmap(texts, "lexical", memory_budget="2MB").matrix.shape == (600, 600)
    with pytest.raises(MemoryError, match=r"over the memory budget of 976\.6 KiB"):
        SimilarityHeatmap(texts, "lexical", memory_budget="1MB").matrix  # noqa: B018
