"""NumPy arrays across the widget comm as raw binary buffers, never as JSON lists.

An array travels as ``{"view": memoryview, "dtype": "float32", "shape": [n, n]}``; ipywidgets
lifts the memoryview out of the JSON into a binary buffer, and the browser gets a DataView.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from ..core.matrix import Tile

WIRE_DTYPES = ("float32", "uint16", "uint8", "int32")


def array_to_wire(array: np.ndarray) -> dict[str, Any]:
    """Pack ``array`` (one of ``WIRE_DTYPES``) for a synced trait, without copying if it is C-contiguous."""
    array = np.asarray(array)
    name = array.dtype.name
    if name not in WIRE_DTYPES:
        raise TypeError(f"cannot send dtype {array.dtype} to the browser; use one of {WIRE_DTYPES}")
    shape = list(array.shape)
    # The browser's typed arrays read little-endian bytes in C order. Flat bytes, not a
    # cast memoryview: a cast refuses empty and 0-d arrays.
    array = np.ascontiguousarray(array, dtype=np.dtype(name).newbyteorder("<"))
    return {"view": memoryview(array.reshape(-1).view(np.uint8)), "dtype": name, "shape": shape}


def array_from_wire(wire: dict[str, Any]) -> np.ndarray:
    """Unpack what :func:`array_to_wire` made (or what the browser sent back) into a NumPy array."""
    dtype = np.dtype(wire["dtype"]).newbyteorder("<")
    return np.frombuffer(wire["view"], dtype=dtype).reshape(wire["shape"])


def tile_to_wire(tile: Tile) -> dict[str, Any]:
    """A tile as a synced trait or message: its geometry, values as a binary float32 buffer."""
    return {**array_to_wire(tile.values.astype(np.float32, copy=False)), **tile.geometry()}
