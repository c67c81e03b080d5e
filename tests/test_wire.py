"""Series decoded from wire bytes agree with protobuf's own decoding."""

from __future__ import annotations

import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.formats.metrics1 import wire
from tui.formats.metrics1.series import convert, series_kind, series_length
from tui.schema import metrics_pb2

SECONDS = st.one_of(
    st.integers(0, 200), st.integers(-(2**40), 2**40), st.sampled_from([0, 10, 8, 16, 127, 128])
)
NANOS = st.one_of(st.integers(0, 999_999_999), st.sampled_from([0, 8, 10, 16, 127, 128]))


def _series(**member) -> bytes:
    return metrics_pb2.Series(**member).SerializeToString()


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(SECONDS, NANOS), max_size=300), st.sampled_from([64, 1 << 18]))
def test_timestamps(pairs, chunk) -> None:
    wire._CHUNK_BYTES, saved = chunk, wire._CHUNK_BYTES
    try:
        ts = metrics_pb2.TimestampSeries()
        for seconds, nanos in pairs:
            ts.series.add(seconds=seconds, nanos=nanos)
        raw = _series(timestamps=ts)
        column = convert(raw)
        expected = [min(max(s, -9_000_000_000), 9_000_000_000) * 10**9 + n for s, n in pairs]
        assert column.kind == "timestamp"
        assert column.values.tolist() == expected
        assert series_length(raw) == len(pairs)
    finally:
        wire._CHUNK_BYTES = saved


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=200))
def test_doubles(values) -> None:
    raw = _series(doubles=metrics_pb2.DoubleSeries(series=values))
    column = convert(raw)
    assert column.kind == "double"
    np.testing.assert_array_equal(column.values, np.array(values, dtype=np.float64))
    assert series_length(raw) == len(values)


def test_unpacked_doubles_take_the_slow_path() -> None:
    # A writer may emit each double as its own field (wire type 1) instead of packed.
    body = b"".join(b"\x09" + struct.pack("<d", v) for v in (1.5, -2.0, 3.25))
    raw = b"\x0a" + bytes([len(body)]) + body
    assert convert(raw).values.tolist() == [1.5, -2.0, 3.25]
    assert series_length(raw) == 3


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 2**31 - 1), max_size=200))
def test_statuses(values) -> None:
    raw = _series(statuses=metrics_pb2.MetricStatusSeries(series=values))
    column = convert(raw)
    assert column.kind == "status"
    assert column.values.tolist() == values
    assert series_length(raw) == len(values)


def test_strings_uuids_and_empty() -> None:
    raw = _series(strings=metrics_pb2.StringSeries(series=["a", "", "ü\x1b"]))
    assert convert(raw).values.tolist() == ["a", "", "ü\x1b"]
    raw = _series(uuids=metrics_pb2.UUIDSeries(series=[metrics_pb2.UUID(data="x")]))
    assert convert(raw).values.tolist() == ["x"]
    assert series_kind(b"") == "empty"
    assert len(convert(b"")) == 0


def test_two_members_on_the_wire_follow_protobuf() -> None:
    # Last member wins, as protobuf's own parser decides.
    raw = _series(doubles=metrics_pb2.DoubleSeries(series=[1.0])) + _series(
        statuses=metrics_pb2.MetricStatusSeries(series=[2, 3])
    )
    column = convert(raw)
    assert column.kind == "status"
    assert column.values.tolist() == [2, 3]


def test_timestamps_with_unknown_fields_take_the_slow_path() -> None:
    ts = metrics_pb2.TimestampSeries()
    ts.series.add(seconds=5, nanos=7)
    raw_ts = ts.SerializeToString()
    # Append an unknown varint field 3 inside the element: 0x18 0x01; fix the length byte.
    element = raw_ts[2:] + b"\x18\x01"
    payload = b"\x0a" + bytes([len(element)]) + element
    raw = b"\x12" + bytes([len(payload)]) + payload
    assert convert(raw).values.tolist() == [5 * 10**9 + 7]


def _mixed_series(rng: np.random.Generator, count: int) -> list[bytes]:
    ts = metrics_pb2.TimestampSeries()
    for seconds in rng.integers(-(2**40), 2**40, count).tolist():
        ts.series.add(seconds=seconds, nanos=int(rng.integers(0, 999_999_999)))
    ts.series.add(seconds=2**62, nanos=5)  # clipped alike on both paths
    statuses = [*rng.integers(0, 2**31 - 1, count).tolist(), 0, 1, 127, 128]
    return [
        _series(timestamps=ts),
        _series(statuses=metrics_pb2.MetricStatusSeries(series=statuses)),
        _series(strings=metrics_pb2.StringSeries(series=["a", "ü", "a", ""] * count)),
    ]


@pytest.mark.parametrize("count", [0, 3, 40, 400])
def test_small_series_parse_like_the_numpy_paths(
    monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """Below a few kB protobuf decodes a series; both ways must give the same column."""
    from tui.formats.metrics1 import series

    for raw in _mixed_series(np.random.default_rng(count), count):
        small = convert(raw)
        monkeypatch.setattr(series, "_SMALL", 0)  # every series through numpy
        big = convert(raw)
        monkeypatch.undo()
        assert small.kind == big.kind != "corrupt"
        assert small.values.dtype == big.values.dtype
        assert small.values.tolist() == big.values.tolist()
        if small.codes is not None:  # a small string series carries its codes too
            assert [small.labels[c] for c in small.codes.tolist()] == small.values.tolist()
            values = small.values.tolist()
            starts = [i for i in range(len(values)) if not i or values[i] != values[i - 1]]
            assert small.runs is not None and small.runs.tolist() == starts


def test_a_small_string_series_never_tries_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The numpy codes' set-up costs ~100 µs just to refuse a few labels: not asked."""
    from tui.formats.metrics1 import strings

    def refuse(payload: object) -> None:
        raise AssertionError("codes tried on a small series")

    monkeypatch.setattr(strings, "coded", refuse)
    raw = _series(strings=metrics_pb2.StringSeries(series=["left", "right", "front"]))
    assert convert(raw).values.tolist() == ["left", "right", "front"]
