"""Parse a big metrics file a slice at a time, and leave its big series out of protobuf.

protobuf's parse (upb) holds the GIL for the whole call, and so does every later call
that touches a big bytes field: reading it copies it, ``ByteSize`` encodes it,
``ListFields`` copies it again. In a 400 MB file (a 20M-point series among 20,000
metrics) each of these held the GIL for 0.2-0.7 s of CPU, seconds on a loaded machine,
and the UI thread, which needs the GIL to read a key or paint, stalled for as long.

Two things keep every such call short:

- the top-level fields are merged into the message a slice of at most ``SLICE`` bytes
  at a time (by the protobuf spec, merging consecutive pieces of a message's wire
  bytes is parsing the whole), with a pause between slices for the other threads;
- a MetricsData whose series (or a category's series) is over ``BIG`` bytes is merged
  with an empty series in its place, and the series is kept as a view of the file's
  bytes (``Held``), which the resolver gives the Data instead: no copy at all.

Anything this walk does not understand (groups, a series given twice, bytes cut short)
is parsed the ordinary way, so errors and edge cases are protobuf's own.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

SLICE = 1 << 20  # bytes merged at a time: a few milliseconds of parse at most
BIG = 1 << 20  # a series this long is kept out of protobuf
# Files up to this size are parsed in one call: at most ~50 ms of CPU even when all
# small objects (20,000 metrics in 7 MB: 43 ms), less than the walk here would add.
WHOLE = 8 << 20

_METRICS = 2  # JobMetrics.job_level_metrics, a MetricCollection
_DATA = 3  # JobMetrics.metrics_data
_SERIES = 10  # MetricsData.series
_GROUPED = 11  # MetricsData.series_per_category
_FILE = 12  # MetricsData.external_file
_LEN = 2  # wire type of length-delimited fields


@dataclass(slots=True)
class Held:
    """Series kept out of the message, by MetricsData position (and category)."""

    series: dict[int, memoryview] = field(default_factory=dict)
    grouped: dict[int, dict[str, memoryview]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.series or self.grouped)


class _Irregular(Exception):
    """Bytes this walk does not take apart: the ordinary parse reads them."""


def merge_sliced(message: Any, raw: bytes) -> Held:
    """Merge ``raw`` (a serialized LazyJobMetrics) into the empty ``message``; returns
    the series left out of it. Raises what ``ParseFromString`` raises on bad bytes."""
    try:
        pieces, held = _plan(raw)
    except (_Irregular, UnicodeDecodeError):
        message.ParseFromString(raw)
        return Held()
    pending: list[memoryview | bytes] = []
    size = 0
    for piece in pieces:
        pending.append(piece)
        size += len(piece)
        if size >= SLICE:
            _merge(message, pending)
            pending, size = [], 0
            time.sleep(0)  # the GIL goes to whoever waits for it (the UI thread)
    _merge(message, pending)
    return held


def _merge(message: Any, pending: list[memoryview | bytes]) -> None:
    if len(pending) == 1:
        message.MergeFromString(pending[0])
    elif pending:
        message.MergeFromString(b"".join(pending))


# Offsets below are into the file's bytes, never into copies: a MetricsData of a
# 20M-point series is 200 MB, and a copy of it held the GIL as long as a parse did.


def _plan(raw: bytes) -> tuple[list[memoryview | bytes], Held]:
    """The top-level fields of ``raw`` in order (the big MetricsData hollowed, a big
    MetricCollection split), in pieces of about a slice, and the series taken out."""
    view = memoryview(raw)
    pieces: list[memoryview | bytes] = []
    held = Held()
    position = 0  # of the next MetricsData
    start = 0  # of the run of fields not yet in a piece
    for number, kind, begin, body, end in _fields(raw, 0, len(raw)):
        replaced: list[bytes] | None = None
        if number == _DATA and kind == _LEN:
            if end - body > BIG:
                hollow = _hollow(raw, body, end, position, held)
                replaced = [_field(_DATA, hollow)] if hollow is not None else None
            position += 1
        elif number == _METRICS and kind == _LEN and end - body > SLICE:
            replaced = _split(raw, body, end)
        if replaced is not None:
            if start < begin:
                pieces.append(view[start:begin])
            pieces += replaced
            start = end
        elif end - start > SLICE and start < begin:
            pieces.append(view[start:begin])
            start = begin
    if start < len(raw):
        pieces.append(view[start:])
    return pieces, held


def _split(raw: bytes, start: int, stop: int) -> list[bytes]:
    """A big MetricCollection as several, each of a slice's worth of its fields: merged
    one after the other they are the one collection (its metrics appended in order)."""
    view = memoryview(raw)
    out = []
    for _, _, begin, _, end in _fields(raw, start, stop):
        if end - start > SLICE and start < begin:
            out.append(_field(_METRICS, view[start:begin]))
            start = begin
    out.append(_field(_METRICS, view[start:stop]))
    return out


def _hollow(raw: bytes, start: int, stop: int, position: int, held: Held) -> bytes | None:
    """The MetricsData at ``raw[start:stop]`` with its big series emptied, or None to keep
    it whole (nothing big in it, or a shape where emptying could change what protobuf
    reads)."""
    view = memoryview(raw)
    shapes = [f for f in _fields(raw, start, stop) if f[0] in (_SERIES, _GROUPED, _FILE)]
    if len(shapes) != 1 or shapes[0][1] != _LEN:
        return None  # the oneof set twice: the last wins, or sub-messages merge
    number, _, begin, body, end = shapes[0]
    if end - body <= BIG:
        return None
    if number == _SERIES:
        held.series[position] = view[body:end]
        emptied = _field(_SERIES, b"")
    elif number == _GROUPED:
        categories: dict[str, memoryview] = {}
        emptied = _field(_GROUPED, _hollow_map(raw, body, end, categories))
        if not categories:
            return None
        held.grouped[position] = categories
    else:
        return None
    return b"".join((view[start:begin], emptied, view[end:stop]))


def _hollow_map(raw: bytes, start: int, stop: int, categories: dict[str, memoryview]) -> bytes:
    """The SeriesPerCategory at ``raw[start:stop]`` with its big values emptied into
    ``categories`` (by key; a key repeated later with a small value is protobuf's to
    keep, so it is dropped here)."""
    view = memoryview(raw)
    out: list[memoryview | bytes] = []
    for number, kind, begin, body, end in _fields(raw, start, stop):
        if number != 1 or kind != _LEN:
            out.append(view[begin:end])
            continue
        parts = _fields(raw, body, end)
        keys = [p for p in parts if p[0] == 1]
        values = [p for p in parts if p[0] == 2]
        if len(keys) > 1 or len(values) > 1 or any(p[1] != _LEN for p in keys + values):
            raise _Irregular  # protobuf's rules for repeats inside an entry: its own parse
        key = raw[keys[0][3] : keys[0][4]].decode() if keys else ""
        if values and values[0][4] - values[0][3] > BIG:
            _, _, value_begin, value_body, value_end = values[0]
            categories[key] = view[value_body:value_end]
            emptied = (view[body:value_begin], _field(2, b""), view[value_end:end])
            out.append(_field(1, b"".join(emptied)))
        else:
            categories.pop(key, None)
            out.append(view[begin:end])
    return b"".join(out)


def _fields(buf: bytes, at: int, stop: int) -> list[tuple[int, int, int, int, int]]:
    """(number, wire type, start, body start, end) of each field in ``buf[at:stop]``.

    About a microsecond a field (a 20,000-metric file has 50,000): the usual one-byte
    tags and lengths are read inline, from bytes (indexing a memoryview is slower)."""
    found = []
    while at < stop:
        begin = at
        key = buf[at]
        at += 1
        if key >= 0x80:
            key, at = _varint(buf, begin, stop)
        kind = key & 7
        if kind == _LEN:
            if at >= stop:
                raise _Irregular
            length = buf[at]
            if length >= 0x80:
                length, body = _varint(buf, at, stop)
            else:
                body = at + 1
            end = body + length
        elif kind == 0:
            body = at
            end = _varint(buf, at, stop)[1]
        elif kind == 1 or kind == 5:
            body = at
            end = at + (8 if kind == 1 else 4)
        else:
            raise _Irregular  # groups (3, 4) and the unused 6, 7
        if end > stop or key >> 3 == 0:
            raise _Irregular
        found.append((key >> 3, kind, begin, body, end))
        at = end
    return found


def _varint(buf: bytes, at: int, stop: int) -> tuple[int, int]:
    value = shift = 0
    while at < stop and shift < 64:
        byte = buf[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7
    raise _Irregular


def _field(number: int, body: bytes | memoryview) -> bytes:
    return b"".join((_encode((number << 3) | _LEN), _encode(len(body)), body))


def _encode(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)
