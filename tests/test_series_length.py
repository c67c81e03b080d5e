"""A series' length is read off its bytes without converting it where it can be, and is
always the length its conversion has (protobuf's), corrupt bytes included."""

from __future__ import annotations

import random

import pytest

from tui.formats.metrics1 import series
from tui.schema import metrics_pb2


def _strings(values: list[str]) -> bytes:
    message = metrics_pb2.Series()
    message.strings.series.extend(values)
    raw: bytes = message.SerializeToString()
    return raw


def _timestamps(count: int, rng: random.Random) -> bytes:
    message = metrics_pb2.Series()
    for _ in range(count):
        stamp = message.timestamps.series.add()
        stamp.seconds, stamp.nanos = rng.randint(-(2**40), 2**40), rng.randint(0, 999_999_999)
    raw: bytes = message.SerializeToString()
    return raw


def _cases() -> list[bytes]:
    rng = random.Random(7)
    words = ["left", "", "停止", "x" * 127, "y" * 128, "line\nbreak", "Ü"]
    cases = [_strings([rng.choice(words) for _ in range(rng.randint(0, 40))]) for _ in range(80)]
    good = _strings(["left", "right", "front"])
    cases += [
        good[:-1],  # cut inside the last record
        good[:2] + b"\xff\xfe" + good[4:],  # not UTF-8
        good[:2] + b"\xc3" + good[3:],  # half a two-byte character
        good + b"\x10\x01",  # another field after the records
        good.replace(b"\x0a\x04left", b"\x0a\x84\x00left", 1),  # a two-byte length
    ]
    stamps = _timestamps(8, rng)
    cases += [_timestamps(rng.randint(0, 300), rng) for _ in range(20)]
    cases += [stamps[:-1], stamps[:5] + b"\xff" + stamps[6:], stamps + b"\x10\x01"]
    return cases


@pytest.mark.parametrize("raw", _cases())
def test_length_is_the_converted_length(raw: bytes) -> None:
    assert series.series_length(raw) == len(series.convert(raw))


def test_a_few_labels_are_counted_without_converting(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(raw: bytes) -> object:
        raise AssertionError("converted to count")

    monkeypatch.setattr(series, "convert", refuse)
    assert series.series_length(_strings(["left", "right", "front"])) == 3
