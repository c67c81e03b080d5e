"""A Plotly figure stored as a protobuf Struct, converted to plain Python safely.

The Struct comes from the file, so it may be nested thousands of levels deep,
hold millions of values or carry typed arrays that do not decode. Conversion
is iterative (no recursion), stops at ``max_depth`` levels and after
``max_nodes`` values, and reports each of those as a FigureError with a
sentence for the user. Typed arrays (Plotly 6+: ``{"dtype", "bdata"}``,
optional ``shape``) decode to numpy with ``typed_array``.
"""

from __future__ import annotations

import base64
import binascii
import math
from typing import Any

import numpy as np

MAX_DEPTH = 64
MAX_NODES = 4_000_000
MAX_TYPED_BYTES = 256 * 1024 * 1024

# Plotly's typed-array dtypes, all little-endian.
DTYPES = {
    "i1": "<i1",
    "u1": "<u1",
    "i2": "<i2",
    "u2": "<u2",
    "i4": "<i4",
    "u4": "<u4",
    "f4": "<f4",
    "f8": "<f8",
    "i8": "<i8",
    "u8": "<u8",
    "u1c": "<u1",
}


class FigureError(Exception):
    """The figure cannot be used; the message is one sentence for the user."""


def to_python(
    struct: Any, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES
) -> dict[str, Any]:
    """Convert a ``google.protobuf.Struct`` to dicts, lists, floats, strs, bools and None."""
    root: dict[str, Any] = {}
    budget = [max_nodes]
    # Each entry: a Struct or ListValue still to copy, the container to fill, its depth.
    stack: list[tuple[Any, Any, int]] = [(struct, root, 1)]
    while stack:
        source, target, depth = stack.pop()
        if depth > max_depth:
            raise FigureError(f"the figure is nested deeper than {max_depth} levels")
        if isinstance(target, dict):
            items = source.fields.items()
            budget[0] -= len(source.fields)
        else:
            items = enumerate(source.values)
            budget[0] -= len(source.values)
            target.extend([None] * len(source.values))
        if budget[0] < 0:
            raise FigureError(f"the figure holds more than {max_nodes:,} values")
        for key, value in items:
            kind = value.WhichOneof("kind")
            if kind == "struct_value":
                child: Any = {}
                stack.append((value.struct_value, child, depth + 1))
            elif kind == "list_value":
                child = _numbers(value.list_value)
                if child is not None:
                    budget[0] -= len(child)
                    if budget[0] < 0:
                        raise FigureError(f"the figure holds more than {max_nodes:,} values")
                else:
                    child = []
                    stack.append((value.list_value, child, depth + 1))
            elif kind == "number_value":
                child = value.number_value
            elif kind == "string_value":
                child = value.string_value
            elif kind == "bool_value":
                child = value.bool_value
            else:
                child = None
            target[key] = child
    return root


def _numbers(values: Any) -> list[float] | None:
    """A list made only of numbers, read from its wire bytes at C speed; else None.

    Each element of such a ListValue serializes to the same 11 bytes: tag of
    ``values`` (0x0A), length 9, tag of ``number_value`` (0x11), 8 bytes of double.
    """
    n = len(values.values)
    if n < 64:
        return None
    raw = np.frombuffer(values.SerializeToString(), dtype=np.uint8)
    if raw.size != n * 11:
        return None
    rows = raw.reshape(n, 11)
    if not (
        (rows[:, 0] == 0x0A).all() and (rows[:, 1] == 0x09).all() and (rows[:, 2] == 0x11).all()
    ):
        return None
    return np.ascontiguousarray(rows[:, 3:]).view("<f8").ravel().tolist()


def is_typed_array(value: object) -> bool:
    return isinstance(value, dict) and "bdata" in value and "dtype" in value


def typed_array(value: dict[str, Any]) -> np.ndarray:
    """Decode ``{"dtype", "bdata", "shape"?}``; raises FigureError when it does not."""
    dtype = value.get("dtype")
    data = value.get("bdata")
    if not isinstance(dtype, str) or dtype not in DTYPES:
        raise FigureError(f"typed array of unknown dtype {str(dtype)[:20]!r}")
    if not isinstance(data, str):
        raise FigureError("typed array whose bdata is not a string")
    if len(data) > MAX_TYPED_BYTES * 4 // 3 + 4:
        raise FigureError("typed array too large")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise FigureError("typed array whose bdata is not base64") from None
    kind = np.dtype(DTYPES[dtype])
    if len(raw) % kind.itemsize:
        raise FigureError(f"typed array of {len(raw)} bytes is not a whole number of {dtype}")
    array = np.frombuffer(raw, dtype=kind)
    shape = _shape(value.get("shape"))
    if shape is not None:
        if math.prod(shape) != array.size:
            raise FigureError(f"typed array shape {shape} does not hold {array.size} values")
        array = array.reshape(shape)
    return array


def _shape(raw: object) -> tuple[int, ...] | None:
    if raw is None:
        return None
    parts: list[Any]  # numbers or text, as the writer put them
    if isinstance(raw, str):
        parts = [p.strip() for p in raw.split(",") if p.strip()]
    elif isinstance(raw, list | tuple):
        parts = list(raw)
    elif isinstance(raw, float | int):
        parts = [raw]
    else:
        raise FigureError("typed array shape is not a list")
    try:
        shape = tuple(int(float(p)) for p in parts)
    except (TypeError, ValueError):
        raise FigureError("typed array shape is not made of numbers") from None
    if not shape or len(shape) > 4 or any(d < 0 for d in shape):
        raise FigureError(f"typed array shape {shape} is not usable")
    return shape
