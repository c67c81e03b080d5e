"""Series content, read through the model's Data objects.

The model may keep a series as a protobuf message or as its wire bytes, decoded lazily;
the rules only ask what member a series holds, how long it is, and (for warnings) its
values. A series whose bytes cannot be decoded is a file the official validator could
not even parse, so that is recorded here as an error once, and the series then reads as
absent instead of raising.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tui.validate.context import Context

# The model's element kinds → the official Series member names.
MEMBER = {
    "double": "doubles",
    "timestamp": "timestamps",
    "uuid": "uuids",
    "string": "strings",
    "status": "statuses",
}


def keys(ctx: Context, position: int) -> list[str]:
    """The category keys of grouped data, in map order ([] for anything else)."""
    data = ctx.doc.data[position]
    return list(data.map_keys) if data.shape == "grouped" else []


def member(ctx: Context, position: int, category: str | None) -> str | None:
    """The Series member set (``doubles`` ...), or None for none or corrupt bytes."""
    found = _shape(ctx, position, category)
    return found[0] if found is not None else None


def length(ctx: Context, position: int, category: str | None) -> int | None:
    """Element count; None when the bytes are corrupt (already reported)."""
    found = _shape(ctx, position, category)
    return found[1] if found is not None else None


def _shape(ctx: Context, position: int, category: str | None) -> tuple[str | None, int] | None:
    """(member, length) of a series, read once: the rules ask each series' member and
    length several times (its data, each pair it is in, each series it indexes),
    220,000 asks at 20k metrics. None once its bytes are known to be corrupt, which
    a conversion may find later still: that is asked first."""
    if position in ctx.corrupt:
        return None
    key = (position, category)
    found = ctx.shapes.get(key)
    if found is None:
        found = _guard(ctx, position, _reader(category), category)
        if found is None:
            return None
        ctx.shapes[key] = found
    return found


def _reader(category: str | None) -> Any:
    def read(data: Any) -> tuple[str | None, int]:
        kind = data.element_kind(category)
        return MEMBER.get(kind) if isinstance(kind, str) else None, int(data.length(category))

    return read


def values(ctx: Context, position: int, category: str | None) -> np.ndarray | None:
    """The decoded series (float64, int32 statuses, object strings); None if corrupt."""
    column = _guard(ctx, position, lambda data: data.column(category), category, converts=True)
    return column.values if column is not None else None


def _guard(
    ctx: Context, position: int, read: Any, category: str | None = None, converts: bool = False
) -> Any:
    if position in ctx.corrupt:
        return None
    data = ctx.doc.data[position]
    key = (position, category)
    try:
        result = read(data)
        # Converting may find what reading the kind and length did not: ask again then.
        reason = None if key in ctx.sound and not converts else _corrupt_reason(data, category)
    except Exception as exc:  # any decode failure of untrusted bytes means "corrupt"
        result, reason = None, type(exc).__name__
    if reason is None:
        ctx.sound.add(key)
        return result
    ctx.corrupt.add(position)
    ctx.error(
        ctx.data(position, "series"),
        f"a series cannot be decoded ({reason}); the file is corrupt",
        "series-corrupt",
        "rewrite the file; protobuf itself cannot parse this series",
    )
    return None


def _corrupt_reason(data: Any, category: str | None) -> str | None:
    """The model reports undecodable bytes instead of raising; ask it once per series."""
    if data.shape not in ("series", "grouped"):
        return None
    error = data.series_error(category)
    return error.split(" (", 1)[-1].split(":", 1)[0] if error else None
