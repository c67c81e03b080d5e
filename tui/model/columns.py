"""One series of a MetricsData as a numpy column, decoded on first use.

A metrics file may hold millions of points that the first screen never shows,
so a MetricsData keeps each Series as its wire bytes and decodes it only when
a view asks (see wire.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from google.protobuf.message import DecodeError

from tui.model import wire

# Element kinds a column can hold; "empty" when the Series has no member set,
# "corrupt" when its bytes do not decode.
KINDS = ("double", "timestamp", "uuid", "string", "status", "empty", "corrupt")

# What protobuf and numpy raise on bytes that are not what they claim to be.
DECODE_ERRORS = (DecodeError, ValueError, RuntimeError, UnicodeDecodeError, OverflowError)


@dataclass(frozen=True, slots=True)
class Column:
    """A decoded series.

    ``values`` dtype by kind: double → float64; timestamp → int64 nanoseconds;
    status → int32 enum numbers; uuid and string → object arrays of str.
    """

    kind: str
    values: np.ndarray
    error: str | None = None  # why a corrupt series could not be decoded

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


_DECODERS = {
    "double": wire.doubles,
    "timestamp": wire.timestamps_ns,
    "status": wire.statuses,
    "string": wire.strings,
    "uuid": wire.uuids,
}


def series_kind(raw: bytes) -> str:
    """What a serialized Series holds: double, timestamp, uuid, string, status, empty, corrupt."""
    try:
        return wire.split_series(raw)[0]
    except DECODE_ERRORS:
        return "corrupt"


def series_length(raw: bytes) -> int:
    """Element count, decoding as little as the kind allows; 0 when corrupt."""
    try:
        return _length(raw)
    except DECODE_ERRORS:
        return 0


def _length(raw: bytes) -> int:
    kind, payload = wire.split_series(raw)
    if kind == "double":
        body = wire._packed(payload)
        if body is not None and len(body) % 8 == 0:
            return len(body) // 8
    elif kind == "status":
        body = wire._packed(payload)
        if body is not None:
            return int(np.count_nonzero(np.frombuffer(body, dtype=np.uint8) < 0x80))
    elif kind == "timestamp":
        return wire.count_timestamps(payload)
    elif kind == "empty":
        return 0
    return len(convert(raw))


def convert(raw: bytes) -> Column:
    """Decode a serialized Series into a Column; never raises (see ``Column.error``)."""
    try:
        kind, payload = wire.split_series(raw)
        decoder = _DECODERS.get(kind)
        return Column(kind, decoder(payload) if decoder else Column.empty())
    except DECODE_ERRORS as exc:
        reason = f"the series cannot be decoded ({type(exc).__name__}: {exc})"
        return Column("corrupt", Column.empty(), reason[:200])
