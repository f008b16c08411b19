import numpy as np
import pytest
from ipywidgets.widgets.widget import _put_buffers, _remove_buffers

from simheat.widget.codec import array_from_wire, array_to_wire


@pytest.mark.parametrize("dtype", ["float32", "uint16", "uint8", "int32"])
def test_round_trip_through_the_comm_serialisation(dtype):
    array = (np.arange(12).reshape(3, 4) * 7).astype(dtype)
    state = {"_matrix": array_to_wire(array), "zmin": 0.1}
    # What ipywidgets does on the way out: binary buffers leave the JSON.
    json_state, paths, buffers = _remove_buffers(state)
    assert paths == [["_matrix", "view"]]
    assert "view" not in json_state["_matrix"]
    assert sum(len(memoryview(b).cast("B")) for b in buffers) == array.nbytes
    # ...and on the way back in.
    _put_buffers(json_state, paths, [bytes(b) for b in buffers])
    assert np.array_equal(array_from_wire(json_state["_matrix"]), array)


def test_sends_four_bytes_per_cell_for_float32_without_copying():
    array = np.random.default_rng(0).random((50, 50), dtype=np.float32)
    wire = array_to_wire(array)
    assert wire == {"view": wire["view"], "dtype": "float32", "shape": [50, 50]}
    assert wire["view"].nbytes == 4 * 50 * 50
    assert np.shares_memory(np.frombuffer(wire["view"], dtype=np.float32), array)


def test_non_contiguous_arrays_are_packed():
    array = np.arange(16, dtype=np.float32).reshape(4, 4).T
    assert np.array_equal(array_from_wire(array_to_wire(array)), array)


def test_unsupported_dtype_is_refused():
    with pytest.raises(TypeError, match="float64"):
        array_to_wire(np.zeros(3))
