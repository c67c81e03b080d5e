"""Decode series from their wire bytes with numpy.

The file is parsed through the schema's Lazy* messages, which leave every
Series as the bytes it was written as. Reading those bytes element by
element in Python would cost ~100-400 ns per element (seconds for a 5M-point
series); instead:

- packed doubles are raw little-endian float64: ``np.frombuffer``;
- packed enums (statuses) are varints, almost always one byte each;
- timestamps are a list of sub-messages, each a run of varints. Every token
  in a ``TimestampSeries`` (element tag, element length, field tag, value) is
  a varint and every element has an even number of them, so once decoded the
  tokens pair up as (tag, value): the tag of each pair tells an element
  header, seconds or nanos apart without a sequential parse.

Each fast path checks what it assumes; when the bytes do not fit (unknown
fields, unpacked encodings) the slow path parses them with protobuf, which is
always right.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from tui.schema import metrics_pb2

# Decode varints a slice at a time so temporaries stay small.
_CHUNK_BYTES = 1 << 18
MAX_SECONDS = 9_000_000_000  # int64 nanoseconds reach 9.22e9 s

# Series member → (field tag byte, kind)
_MEMBERS = {0x0A: "double", 0x12: "timestamp", 0x1A: "uuid", 0x22: "string", 0x2A: "status"}
_MEMBER_NAMES = {
    "doubles": "double",
    "timestamps": "timestamp",
    "uuids": "uuid",
    "strings": "string",
    "statuses": "status",
}


def _header(raw: memoryview | bytes) -> tuple[int, int, int] | None:
    """(tag, payload start, payload length) of a message holding one LEN field."""
    if len(raw) < 2:
        return None
    tag = raw[0]
    length, shift, pos = 0, 0, 1
    while pos < len(raw) and pos < 11:
        byte = raw[pos]
        length |= (byte & 0x7F) << shift
        pos += 1
        if byte < 0x80:
            return tag, pos, length
        shift += 7
    return None


def split_series(raw: bytes | memoryview) -> tuple[str, memoryview]:
    """A serialized Series → (element kind, payload bytes of its member)."""
    if not raw:
        return "empty", memoryview(b"")
    view = memoryview(raw)
    head = _header(view)
    if head is not None and head[0] in _MEMBERS and head[1] + head[2] == len(raw):
        return _MEMBERS[head[0]], view[head[1] :]
    series = metrics_pb2.Series.FromString(bytes(raw))  # the rare irregular series
    member = series.WhichOneof("series")
    if member is None:
        return "empty", memoryview(b"")
    return _MEMBER_NAMES[member], memoryview(getattr(series, member).SerializeToString())


def _packed(payload: memoryview) -> memoryview | None:
    """The packed body of a one-field repeated scalar message (``0A len body``)."""
    if not len(payload):
        return payload
    head = _header(payload)
    if head is None or head[0] != 0x0A or head[1] + head[2] != len(payload):
        return None
    return payload[head[1] :]


def doubles(payload: memoryview) -> np.ndarray:
    body = _packed(payload)
    if body is not None and len(body) % 8 == 0:
        return np.frombuffer(body, dtype="<f8").astype(np.float64, copy=False)
    series = metrics_pb2.DoubleSeries.FromString(bytes(payload)).series
    return np.fromiter(series, dtype=np.float64, count=len(series))


def statuses(payload: memoryview) -> np.ndarray:
    body = _packed(payload)
    if body is not None:
        decoded = varints(np.frombuffer(body, dtype=np.uint8))
        if decoded is not None:
            return decoded.astype(np.int64).astype(np.int32)
    return parsed_statuses(payload)


def parsed_statuses(payload: memoryview) -> np.ndarray:
    """``statuses`` through protobuf: always right, and the cheaper way for a few."""
    series = metrics_pb2.MetricStatusSeries.FromString(bytes(payload)).series
    return np.fromiter(series, dtype=np.int32, count=len(series))


def strings(payload: memoryview) -> np.ndarray:
    return np.array(parsed_strings(payload), dtype=object)


def parsed_strings(payload: memoryview) -> list[str]:
    return list(metrics_pb2.StringSeries.FromString(bytes(payload)).series)


def uuids(payload: memoryview) -> np.ndarray:
    series = metrics_pb2.UUIDSeries.FromString(bytes(payload)).series
    return np.array([u.data for u in series], dtype=object)


def timestamps_ns(payload: memoryview) -> np.ndarray:
    """A TimestampSeries → int64 nanoseconds (clipped to what int64 holds)."""
    parts: list[np.ndarray] = []
    for piece in _timestamp_slices(np.frombuffer(payload, dtype=np.uint8)):
        if piece is None:
            break
        chunk, tags, value_first, value_last = piece
        values = _decode_at(chunk, value_first, value_last)
        # Each slice holds whole elements: element j owns the pairs after its header.
        owner = np.cumsum(tags == 0x0A) - 1
        count = int(owner[-1]) + 1
        seconds = np.zeros(count, dtype=np.int64)
        nanos = np.zeros(count, dtype=np.int64)
        is_sec = tags == 0x08
        is_nano = tags == 0x10
        seconds[owner[is_sec]] = values[is_sec].view(np.int64)
        nanos[owner[is_nano]] = values[is_nano].view(np.int64)
        parts.append(combine_ns(seconds, nanos))
    else:
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    return parsed_timestamps_ns(payload)


def parsed_timestamps_ns(payload: memoryview) -> np.ndarray:
    """``timestamps_ns`` through protobuf: always right, and the cheaper way for a few.
    Clipped as ``combine_ns`` clips, in Python ints (no int64 step can overflow)."""
    series = metrics_pb2.TimestampSeries.FromString(bytes(payload)).series
    return np.array([timestamp_ns(t) for t in series], dtype=np.int64)


def timestamp_ns(timestamp: Any) -> int:
    """``combine_ns`` of one Timestamp message, in Python ints (numpy's set-up costs
    ~10 µs a call, more than the sum; no int64 step can overflow)."""
    seconds = min(max(timestamp.seconds, -MAX_SECONDS), MAX_SECONDS)
    return int(seconds * 1_000_000_000 + timestamp.nanos)


def count_timestamps(payload: memoryview) -> int:
    """Elements of a TimestampSeries: its element headers, found without decoding values."""
    total = 0
    for piece in _timestamp_slices(np.frombuffer(payload, dtype=np.uint8)):
        if piece is None:
            return len(metrics_pb2.TimestampSeries.FromString(bytes(payload)).series)
        total += int(np.count_nonzero(piece[1] == 0x0A))
    return total


def combine_ns(seconds: np.ndarray, nanos: np.ndarray) -> np.ndarray:
    seconds = np.clip(seconds, -MAX_SECONDS, MAX_SECONDS)
    total: np.ndarray = seconds * 1_000_000_000 + nanos
    return total


_Slice = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _timestamp_slices(buf: np.ndarray) -> Iterator[_Slice | None]:
    """Whole elements of a TimestampSeries, a slice at a time.

    Yields (bytes, tags, value_first, value_last): the tag byte of every
    (tag, value) pair and where each value's varint starts and ends. Tags are
    one byte each in a well-formed series; yields None when the bytes do not
    fit that shape.
    """
    pos = 0
    while pos < buf.size:
        end = min(pos + _CHUNK_BYTES, buf.size)
        if end < buf.size:
            tail = np.flatnonzero(buf[pos:end] < 0x80)
            if tail.size == 0:
                yield None
                return
            end = pos + int(tail[-1]) + 1
        chunk = buf[pos:end]
        last = np.flatnonzero(chunk < 0x80)
        if last.size == 0 or last[-1] != chunk.size - 1:
            yield None
            return
        first = np.empty_like(last)
        first[0] = 0
        first[1:] = last[:-1] + 1
        tag_first = first[0::2]
        if not np.array_equal(tag_first, last[0::2][: tag_first.size]):
            yield None  # a tag longer than one byte: not a plain Timestamp
            return
        tags = chunk[tag_first]
        headers = np.flatnonzero(tags == 0x0A)
        if headers.size == 0 or headers[0] != 0:
            yield None
            return
        if end < buf.size:
            # The last element may continue in the next slice: leave it there.
            keep = int(headers[-1])
            if keep == 0:
                yield None
                return
            tags = tags[:keep]
            consumed = int(last[2 * keep - 1]) + 1
        else:
            if last.size % 2:
                yield None
                return
            consumed = chunk.size
        ok = (tags == 0x0A) | (tags == 0x08) | (tags == 0x10)
        if not ok.all():
            yield None
            return
        count = tags.size
        yield chunk, tags, first[1 : 2 * count : 2], last[1 : 2 * count : 2]
        pos += consumed


def _decode_at(buf: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """The varints of ``buf`` spanning [first, last] each, as uint64."""
    lengths = last - first + 1
    out: np.ndarray = (buf[first] & 0x7F).astype(np.uint64)
    sel = np.flatnonzero(lengths > 1)
    k = 1
    while sel.size:
        part = (buf[first[sel] + k] & 0x7F).astype(np.uint64)
        out[sel] |= part << np.uint64(7 * k)
        k += 1
        sel = sel[lengths[sel] > k]
    return out


def varints(buf: np.ndarray, last: np.ndarray | None = None) -> np.ndarray | None:
    """Decode a run of complete varints (uint8 array) to uint64; None if malformed.

    ``last`` may pass in ``np.flatnonzero(buf < 0x80)`` when the caller has it.
    """
    if buf.size == 0:
        return np.zeros(0, dtype=np.uint64)
    if last is None:
        last = np.flatnonzero(buf < 0x80)
    if last.size == 0 or last[-1] != buf.size - 1:
        return None
    lengths = np.diff(last, prepend=-1)
    longest = int(lengths.max())
    if longest == 1:
        return buf.astype(np.uint64)
    if longest > 10:
        return None
    # Byte k of every varint longer than k, gathered at once: one pass per byte
    # position, at most ten, over only the varints that are that long.
    return _decode_at(buf, last - lengths + 1, last)
