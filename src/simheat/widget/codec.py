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
    array = np.ascontiguousarray(array)
    if array.dtype.name not in WIRE_DTYPES:
        raise TypeError(f"cannot send dtype {array.dtype} to the browser; use one of {WIRE_DTYPES}")
    return {
        "view": memoryview(array).cast("B"),
        "dtype": array.dtype.name,
        "shape": list(array.shape),
    }


def array_from_wire(wire: dict[str, Any]) -> np.ndarray:
    """Unpack what :func:`array_to_wire` made (or what the browser sent back) into a NumPy array."""
    return np.frombuffer(wire["view"], dtype=wire["dtype"]).reshape(wire["shape"])


def tile_to_wire(tile: Tile) -> dict[str, Any]:
    """A tile as a synced trait or message: its geometry, values as a binary float32 buffer."""
    return {**array_to_wire(tile.values.astype(np.float32, copy=False)), **tile.geometry()}
