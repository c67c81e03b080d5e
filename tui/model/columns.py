"""One series of a MetricsData as a numpy column, decoded on first use.

A metrics file may hold millions of points that the first screen never shows,
so a MetricsData keeps each series in the reader's own encoding and decodes it
only when a view asks. How is the reader's business: it hands the Data a
``SeriesCodec`` (the Metrics 1.0 one is tui/formats/metrics1/series.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

# Element kinds a column can hold; "empty" when the Series has no member set,
# "corrupt" when its bytes do not decode.
KINDS = ("double", "timestamp", "uuid", "string", "status", "empty", "corrupt")


@dataclass(frozen=True, slots=True)
class Column:
    """A decoded series.

    ``values`` dtype by kind: double → float64; timestamp → int64 nanoseconds;
    status → int32 enum numbers; uuid and string → object arrays of str.

    A string column of few distinct values (a states series) may also carry
    ``codes`` into ``labels``, with ``values[i] == labels[codes[i]]``, and ``runs``,
    the index of each element that differs from the one before (0 first), when the
    reader found them without a pass in Python: a chart then works on integers.
    """

    kind: str
    values: np.ndarray
    error: str | None = None  # why a corrupt series could not be decoded
    codes: np.ndarray | None = None
    labels: tuple[str, ...] = ()
    runs: np.ndarray | None = None

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


class SeriesCodec(Protocol):
    """How a reader's encoded series (``raw``) becomes a Column. Never raises."""

    def kind(self, raw: object) -> str:
        """What the series holds: one of KINDS."""
        ...

    def length(self, raw: object) -> int:
        """Element count, decoding as little as it can; 0 when corrupt."""
        ...

    def convert(self, raw: object) -> Column:
        """The decoded column (kind "corrupt" with ``error`` when it cannot be)."""
        ...

    def digest(self, raw: object) -> bytes | memoryview:
        """Bytes that are equal exactly when the content is (for change detection)."""
        ...
