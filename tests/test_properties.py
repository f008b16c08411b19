"""Property tests of the numbers (hypothesis): every matrix, block and window a user can see.

Each property is checked against a brute-force float64 computation of the cosine, not
against simheat's own code. Examples are small (at most ~60 texts) so the file runs in
seconds; ``SIMHEAT_HYPOTHESIS_EXAMPLES`` raises the count for a longer hunt.
"""

from __future__ import annotations

import os
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import simheat
from simheat import SimilarityHeatmap

try:  # the codec moves to simheat.widget.codec (issue "structure"); either place works
    from simheat.widget.codec import WIRE_DTYPES, array_from_wire, array_to_wire
except ImportError:
    from simheat.codec import WIRE_DTYPES, array_from_wire, array_to_wire

EXAMPLES = int(os.environ.get("SIMHEAT_HYPOTHESIS_EXAMPLES", "60"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TOLERANCE = 2e-6  # float32 products of unit rows against float64


# --- The only access to internals: adapt these lines when the widget's insides move. ---


def tile(widget: SimilarityHeatmap, rows, cols, max_side: int, aggregation: str):
    """The aggregated tile the browser gets for a display-order window ``rows`` × ``cols``."""
    return widget._numbers.tile(rows, cols, max_side, aggregation)


def display_order(widget: SimilarityHeatmap) -> np.ndarray:
    """Display position → input index (``arange`` in input order)."""
    order = widget._numbers.order
    return np.arange(len(widget.texts)) if order is None else np.asarray(order)


# --- Independent reference and strategies. ---


def brute_cosine(embeddings: np.ndarray) -> np.ndarray:
    """Cosine similarity in float64, row by row: 1 on the diagonal, 0 for all-zero rows."""
    e = np.asarray(embeddings, dtype=np.float64)
    n = len(e)
    out = np.zeros((n, n))
    norms = [float(np.sqrt(row @ row)) for row in e]
    for i in range(n):
        for j in range(n):
            if norms[i] > 0 and norms[j] > 0:
                out[i, j] = 1.0 if i == j else (e[i] @ e[j]) / (norms[i] * norms[j])
    return np.clip(out, -1.0, 1.0)


# Entries are multiples of 1/4 in [-4, 4]: exact in every float type, zero rows are common,
# duplicate and opposite rows appear, and no norm under- or overflows float32.
entries = st.integers(-16, 16).map(lambda k: k / 4)


@st.composite
def embeddings(draw, min_rows: int = 1, max_rows: int = 12, max_dims: int = 6) -> np.ndarray:
    n = draw(st.integers(min_rows, max_rows))
    d = draw(st.integers(1, max_dims))
    e = draw(hnp.arrays(np.float64, (n, d), elements=entries))
    e[draw(hnp.arrays(bool, n))] = 0.0  # all-zero rows, often (the diagonal rule's exception)
    return e


def heatmap(e: np.ndarray, **options) -> SimilarityHeatmap:
    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore", RuntimeWarning
        )  # all-zero rows warn; that is tested elsewhere
        return SimilarityHeatmap.from_embeddings(e, progress=False, **options)


# --- The matrix. ---


@PROPERTY
@given(embeddings())
def test_matrix_is_symmetric_bounded_and_has_the_diagonal_rule(e):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        m = simheat.cosine_similarity(e)
    zero = ~e.any(axis=1)
    assert m.dtype == np.float32 and m.shape == (len(e), len(e))
    assert np.array_equal(m, m.T)
    assert m.min() >= -1.0 and m.max() <= 1.0
    assert np.array_equal(np.diag(m), np.where(zero, 0.0, 1.0))
    np.testing.assert_allclose(m, brute_cosine(e), atol=TOLERANCE)
    assert np.array_equal(heatmap(e).matrix, m)  # the widget shows the same numbers


@PROPERTY
@given(embeddings(min_rows=2), st.randoms(use_true_random=False))
def test_cluster_order_changes_the_display_not_the_numbers(e, random):
    plain, clustered = heatmap(e), heatmap(e, order="cluster")
    # The matrix in input order does not depend on the display order...
    assert np.array_equal(clustered.matrix, plain.matrix)
    order = display_order(clustered)
    assert sorted(order.tolist()) == list(range(len(e)))  # a permutation of the rows
    # ...and what is displayed is that matrix, rows and columns permuted alike.
    n = len(e)
    shown = tile(clustered, (0, n), (0, n), 1024, "mean").values
    assert np.array_equal(shown, plain.matrix[np.ix_(order, order)])
    # Permuting the input permutes the matrix, in either order.
    p = list(range(n))
    random.shuffle(p)
    for option in ("input", "cluster"):
        permuted = heatmap(e[p], order=option)
        np.testing.assert_allclose(permuted.matrix, plain.matrix[np.ix_(p, p)], atol=TOLERANCE)


# --- Aggregated tiles: every block against its exact cells. ---


@st.composite
def tiled_cases(draw):
    e = draw(embeddings(min_rows=3, max_rows=60, max_dims=5))
    n = len(e)
    r0 = draw(st.integers(0, n - 1))
    r1 = draw(st.integers(r0 + 1, n))
    if draw(st.booleans()):  # windows on the diagonal, as the overview and most zooms are
        c0, c1 = r0, r1
    else:
        c0 = draw(st.integers(0, n - 1))
        c1 = draw(st.integers(c0 + 1, n))
    max_side = draw(st.integers(1, 7))
    order = draw(st.sampled_from(["input", "cluster"]))
    budget = draw(st.sampled_from([0, 1 << 30]))  # without and with the full matrix
    return e, (r0, r1), (c0, c1), max_side, order, budget


@PROPERTY
@given(tiled_cases(), st.sampled_from(["mean", "max"]))
# A last block of one row and one column on the diagonal, of an all-zero embedding: 0, not 1.
@example((np.array([[1.0], [1.0], [1.0], [1.0], [0.0]]), (0, 5), (0, 5), 3, "input", 0), "max")
# The same under cluster order: the lone block's row is a display position, not an input index.
@example((np.array([[0.0]] * 39 + [[0.25]]), (33, 40), (33, 40), 3, "cluster", 0), "max")
def test_each_block_is_the_mean_or_the_off_diagonal_max_of_its_exact_cells(case, aggregation):
    e, rows, cols, max_side, order, budget = case
    widget = heatmap(e, order=order, memory_budget=budget)
    index = display_order(widget)
    exact = brute_cosine(e)[np.ix_(index, index)]  # display order
    t = tile(widget, rows, cols, max_side, aggregation)
    assert (t.row_start, t.row_stop, t.col_start, t.col_stop) == (*rows, *cols)
    assert t.values.shape[0] <= max_side and t.values.shape[1] <= max_side
    assert t.values.shape == (
        -(-(rows[1] - rows[0]) // t.row_step),
        -(-(cols[1] - cols[0]) // t.col_step),
    )
    for i in range(t.values.shape[0]):
        a, b = t.row_start + i * t.row_step, min(t.row_start + (i + 1) * t.row_step, t.row_stop)
        for j in range(t.values.shape[1]):
            c, d = t.col_start + j * t.col_step, min(t.col_start + (j + 1) * t.col_step, t.col_stop)
            block = exact[a:b, c:d]
            if t.row_step == t.col_step == 1 or aggregation == "mean":
                expected = block.mean()
            else:
                off = [exact[r, k] for r in range(a, b) for k in range(c, d) if r != k]
                expected = max(off) if off else exact[a, c]  # a lone diagonal cell shows itself
            assert abs(t.values[i, j] - expected) <= 1e-5, (i, j, t.values[i, j], expected)


# --- Exact windows. ---

indices = st.lists(st.integers(0, 29), min_size=1, max_size=8)
spans = st.tuples(st.integers(-30, 30), st.integers(-30, 30), st.sampled_from([1, 2, 3, -1]))


@PROPERTY
@given(
    embeddings(min_rows=1, max_rows=30),
    st.one_of(indices, spans),
    st.one_of(indices, spans),
    st.sampled_from(["input", "cluster"]),
)
def test_window_is_the_same_slice_of_the_full_matrix(e, rows, cols, order):
    n = len(e)
    pick = [
        slice(*x) if isinstance(x, tuple) else [i % n for i in x]  # lists stay inside the matrix
        for x in (rows, cols)
    ]
    reference = np.arange(n)
    r, c = reference[pick[0]], reference[pick[1]]
    full = heatmap(e, order=order)
    lean = heatmap(e, order=order, memory_budget=0)  # no N×N matrix: computed on demand
    window = full.window(pick[0], pick[1])
    assert window.shape == (len(r), len(c))
    assert np.array_equal(window, full.matrix[np.ix_(r, c)])
    np.testing.assert_allclose(lean.window(pick[0], pick[1]), window, atol=TOLERANCE)
    np.testing.assert_allclose(window, brute_cosine(e)[np.ix_(r, c)], atol=TOLERANCE)
    with pytest.raises(MemoryError, match="memory budget"):
        _ = lean.matrix


# --- The binary codec. ---

shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5)


@PROPERTY
@given(st.sampled_from(WIRE_DTYPES), st.sampled_from(["<", ">", "="]), shapes, st.data())
def test_codec_round_trips_every_dtype_and_shape_it_accepts(name, byteorder, shape, data):
    dtype = np.dtype(name).newbyteorder(byteorder)
    array = data.draw(hnp.arrays(dtype, shape))
    if data.draw(st.booleans()) and array.ndim >= 2:
        array = array.T  # not C-contiguous
    wire = array_to_wire(array)
    assert wire["dtype"] == name and wire["shape"] == list(array.shape)
    # What the browser receives is little-endian bytes of the values.
    assert bytes(wire["view"]) == array.astype(np.dtype(name).newbyteorder("<")).tobytes()
    for view in (wire["view"], bytes(wire["view"])):  # a memoryview here, bytes from the browser
        back = array_from_wire({**wire, "view": view})
        assert back.dtype.name == name and back.shape == array.shape
        assert np.array_equal(back, array, equal_nan=back.dtype.kind == "f")


OTHER_DTYPES = (
    *("float64", "float16", "int64", "int16", "int8", "uint32", "uint64", "bool"),
    *("complex64", "complex128", "object", "<U3", "datetime64[s]"),
)


@PROPERTY
@given(st.sampled_from(OTHER_DTYPES), shapes)
def test_codec_refuses_every_other_dtype(name, shape):
    array = np.zeros(shape, dtype=name)
    with pytest.raises(TypeError, match="cannot send dtype"):
        array_to_wire(array)
