"""One series of a MetricsData as a numpy column, converted on first use.

A metrics file may hold millions of points that the first screen never shows,
so a MetricsData keeps its protobuf ``Series`` and converts it only when a
view asks. Conversion is thread-safe enough for one worker: the result is
computed fully before it is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from tui.model import wire

# Element kinds a column can hold; "empty" when the Series has no member set.
KINDS = ("double", "timestamp", "uuid", "string", "status", "empty")


@dataclass(frozen=True, slots=True)
class Column:
    """A converted series.

    ``values`` dtype by kind: double → float64; timestamp → int64 nanoseconds;
    status → int32 enum numbers; uuid and string → object arrays of str.
    """

    kind: str
    values: np.ndarray

    @staticmethod
    def empty() -> np.ndarray:
        return np.zeros(0, dtype=np.float64)

    def __len__(self) -> int:
        return int(self.values.shape[0])

    @property
    def seconds(self) -> np.ndarray:
        """Timestamps as float64 seconds (for axes); doubles as they are."""
        if self.kind == "timestamp":
            return self.values / 1e9
        return self.values.astype(np.float64, copy=False)


def series_kind(series: Any) -> str:
    member = series.WhichOneof("series")
    return {
        "doubles": "double",
        "timestamps": "timestamp",
        "uuids": "uuid",
        "strings": "string",
        "statuses": "status",
    }.get(member or "", "empty")


def series_length(series: Any) -> int:
    """Element count without converting anything."""
    member = series.WhichOneof("series")
    return len(getattr(series, member).series) if member else 0


def convert(series: Any) -> Column:
    """Convert a protobuf ``Series`` to a Column."""
    kind = series_kind(series)
    if kind == "double":
        values = wire.doubles(series.doubles)
    elif kind == "timestamp":
        values = wire.timestamps_ns(series.timestamps)
    elif kind == "status":
        values = wire.statuses(series.statuses)
    elif kind == "string":
        values = np.array(list(series.strings.series), dtype=object)
    elif kind == "uuid":
        values = np.array([u.data for u in series.uuids.series], dtype=object)
    else:
        values = Column.empty()
    return Column(kind, values)
