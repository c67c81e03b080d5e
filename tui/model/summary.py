"""Which element a double summary shows, as the format defines it.

By position (``series_index``), by a timestamp, UUID or string key looked up
in the value series' index (first match wins), or element 0 when no index is
given. Grouped data gives one row per category. A selection that finds
nothing says why instead of falling back to element 0.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import numpy as np

from tui.model.data import Data
from tui.model.enums import MetricStatus
from tui.model.ids import Id
from tui.model.values import DoubleSummaryValues, SummaryIndex


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One selected element: ``value`` is None when nothing could be selected (see ``note``)."""

    category: str | None
    position: int | None
    value: float | None
    status: MetricStatus | None
    note: str | None = None


def select(values: DoubleSummaryValues) -> list[SummaryRow]:
    data = values.value.data
    if data is None:
        return [SummaryRow(None, None, None, None, "value data missing")]
    if data.shape == "grouped":
        return [_select_one(values, data, name) for name in data.categories]
    return [_select_one(values, data, None)]


def describe_index(index: SummaryIndex | None) -> str:
    if index is None:
        return "first element (no index)"
    if index.kind == "series_index":
        return f"element #{index.value}"
    if index.kind == "timestamp":
        return f"at t = {index.value / 1e9:g} s"
    return f"at {index.kind} key {index.value}"


def _select_one(values: DoubleSummaryValues, data: Data, category: str | None) -> SummaryRow:
    column = data.column(category)
    if column.kind != "double":
        return SummaryRow(
            category, None, None, None, f"value data holds {column.kind}, not doubles"
        )
    position, note = _position(values.index, data, category, len(column))
    if position is None:
        return SummaryRow(category, None, None, None, note)
    status = None
    status_data = values.status.data
    if status_data is not None:
        statuses = status_data.column(category)
        if statuses.kind == "status" and position < len(statuses):
            status = MetricStatus(int(statuses.values[position]))
    return SummaryRow(category, position, float(column.values[position]), status)


def _position(
    index: SummaryIndex | None, data: Data, category: str | None, length: int
) -> tuple[int | None, str | None]:
    if length == 0:
        return None, "the value series is empty"
    if index is None:
        return 0, None
    if index.kind == "series_index":
        if index.value < length:
            return int(index.value), None
        return None, f"no value at index {index.value} (the series has {length})"
    keys = data.index_column(category)
    if keys is None:
        return None, f"the value series has no index to look up a {index.kind} key in"
    found = _find(keys.values, keys.kind, index)
    if found is None or found >= length:
        return None, f"key {_show(index)} not found in the index"
    return found, None


def _find(keys: np.ndarray, kind: str, index: SummaryIndex) -> int | None:
    if index.kind == "timestamp" and kind == "timestamp":
        hits = np.flatnonzero(keys == index.value)
        return int(hits[0]) if hits.size else None
    if index.kind == "string" and kind == "string":
        for i, key in enumerate(keys):
            if key == index.value:
                return i
        return None
    if index.kind == "uuid" and kind == "uuid":
        wanted = (index.value if isinstance(index.value, Id) else Id.parse(str(index.value))).key
        for i, key in enumerate(keys):
            if Id.parse(key).key == wanted:
                return i
        return None
    return None


def _show(index: SummaryIndex) -> str:
    if index.kind == "timestamp":
        return f"t = {index.value / 1e9:g} s"
    if isinstance(index.value, uuid.UUID | Id):
        return str(index.value)
    return repr(index.value)
