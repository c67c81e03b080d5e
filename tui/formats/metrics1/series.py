"""The Metrics 1.0 series codec: a serialized ``Series`` message to a Column.

The reader keeps every Series as its wire bytes (see wire.py) and gives each
Data this codec, so that a series is decoded only when a view asks for it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from google.protobuf.message import DecodeError

from tui.formats.metrics1 import strings, wire
from tui.model.columns import Column
from tui.schema import metrics_pb2

# A series' wire bytes: bytes from protobuf, or a view of the file's bytes for a big
# series that the parse left out of the message (sliced.py).
Buffer = bytes | memoryview

# What protobuf and numpy raise on bytes that are not what they claim to be.
DECODE_ERRORS = (DecodeError, ValueError, RuntimeError, UnicodeDecodeError, OverflowError)

_DECODERS = {
    "double": wire.doubles,
    "timestamp": wire.timestamps_ns,
    "status": wire.statuses,
    "string": wire.strings,
    "uuid": wire.uuids,
}


def series_kind(raw: Buffer) -> str:
    """What a serialized Series holds: double, timestamp, uuid, string, status, empty, corrupt."""
    try:
        return wire.split_series(raw)[0]
    except DECODE_ERRORS:
        return "corrupt"


def series_length(raw: Buffer) -> int:
    """Element count, decoding as little as the kind allows; 0 when corrupt."""
    try:
        return _length(raw)
    except DECODE_ERRORS:
        return 0


def _length(raw: Buffer) -> int:
    kind, payload = wire.split_series(raw)
    if kind == "double":
        body = wire._packed(payload)
        if body is not None and len(body) % 8 == 0:
            return len(body) // 8
    elif kind == "status":
        body = wire._packed(payload)
        if body is not None:
            return int(np.count_nonzero(np.frombuffer(body, dtype=np.uint8) < 0x80))
    elif kind == "timestamp" and len(payload) >= _SMALL:
        return wire.count_timestamps(payload)
    elif kind == "empty":
        return 0
    elif kind in _PARSED and len(payload) < _SMALL:
        # protobuf's own count (what the conversion would find)
        return len(_PARSED[kind].FromString(bytes(payload)).series)
    return len(convert(raw))


# Below _SMALL bytes protobuf's own parse counts or decodes a series in a few
# microseconds, where the numpy paths' fixed steps cost 50-170 µs (and the string
# codes' 100 µs just to refuse): 20,000 small metrics convert 30,000 series.
_SMALL = 4096  # bytes
_PARSED: dict[str, Any] = {
    "string": metrics_pb2.StringSeries,
    "timestamp": metrics_pb2.TimestampSeries,
}
_PARSERS = {"timestamp": wire.parsed_timestamps_ns, "status": wire.parsed_statuses}


def convert(raw: Buffer) -> Column:
    """Decode a serialized Series into a Column; never raises (see ``Column.error``)."""
    try:
        kind, payload = wire.split_series(raw)
        small = len(payload) < _SMALL
        if small and kind in _PARSERS:
            return Column(kind, _PARSERS[kind](payload))
        if kind == "string" and small:
            values, codes, labels, runs = strings.parsed(wire.parsed_strings(payload))
            return Column(kind, values, codes=codes, labels=labels, runs=runs)
        if kind == "string" and (found := strings.coded(payload)) is not None:
            values, codes, labels, runs = found
            return Column(kind, values, codes=codes, labels=labels, runs=runs)
        decoder = _DECODERS.get(kind)
        return Column(kind, decoder(payload) if decoder else Column.empty())
    except DECODE_ERRORS as exc:
        reason = f"the series cannot be decoded ({type(exc).__name__}: {exc})"
        return Column("corrupt", Column.empty(), reason[:200])


class WireCodec:
    """``SeriesCodec`` over serialized Series bytes."""

    def kind(self, raw: object) -> str:
        assert isinstance(raw, bytes | memoryview)
        return series_kind(raw)

    def length(self, raw: object) -> int:
        assert isinstance(raw, bytes | memoryview)
        return series_length(raw)

    def convert(self, raw: object) -> Column:
        assert isinstance(raw, bytes | memoryview)
        return convert(raw)

    def digest(self, raw: object) -> bytes | memoryview:
        assert isinstance(raw, bytes | memoryview)
        return raw  # compared with ==, which a view does by content: never copied


CODEC = WireCodec()
