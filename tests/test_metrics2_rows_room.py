"""What makes an append to a big emissions file cost its own rows: the topic columns
grow in place (room kept after them), the bands' states are counted once per row, and
a column's digest for the reload's comparison is made once, by slices, not by value."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from tui.formats.metrics2.arrays import CODEC, Array
from tui.formats.metrics2.emissions import TopicRows
from tui.formats.metrics2.preview import preview

SCHEMA = {"v": "float", "lane": "string", "on": "boolean", "n": "int"}


def _bulk(n: int) -> TopicRows:
    rows = TopicRows(SCHEMA)
    lanes = np.empty(n, dtype=object)
    lanes[:] = ["left" if i % 3 else "right" for i in range(n)]
    rows.add_arrays(
        np.arange(1, n + 1),
        {
            "v": np.arange(n, dtype=np.float64),
            "lane": lanes,
            "on": np.arange(n) % 2 == 0,
            "n": np.arange(n),
        },
        np.arange(n) * 10,
    )
    return rows


def _add(rows: TopicRows, line: int, lane: str = "mid", n: int = 7, ts: float = 0) -> None:
    rows.add(line, {"v": 0.5, "lane": lane, "on": True, "n": n}, ts or line * 10)


def test_an_append_writes_after_the_rows_and_what_was_handed_out_stays() -> None:
    rows = _bulk(1000)
    before = {f: rows.columns[f] for f in SCHEMA} | {"ts": rows.timestamps}
    copies = {f: c.copy() for f, c in before.items()}
    for line in range(1001, 1011):
        _add(rows, line)
    after = {f: rows.columns[f] for f in SCHEMA} | {"ts": rows.timestamps}
    for f, column in after.items():
        # The same memory, so the join copied the 10 new rows, not the 1,000 old ones.
        assert np.shares_memory(column, before[f]), f
        assert len(column) == 1010 and not column.flags.writeable
        assert np.array_equal(before[f], copies[f])  # a Document built before keeps its rows
        assert np.array_equal(column[:1000], copies[f])
    assert list(after["lane"][1000:]) == ["mid"] * 10
    assert list(rows.lines[-3:]) == [1008, 1009, 1010]


def test_rows_that_do_not_simply_follow_are_joined_in_full_and_in_order() -> None:
    rows = _bulk(5)
    _add(rows, 6)
    assert len(rows) == 6
    # A float timestamp and an int beyond 64 bits: the arrays must change type.
    rows.add(7, {"v": 1.0, "lane": "x", "on": False, "n": 2**70}, 7.5)
    assert rows.timestamps.dtype == np.float64 and rows.timestamps[-1] == 7.5
    assert rows.columns["n"].dtype == object and rows.columns["n"][-1] == 2**70
    # Rows of an earlier line (a part read out of order) are put back in line order.
    late = TopicRows(SCHEMA)
    _add(late, 10, "b")
    late.columns  # noqa: B018 - joined
    _add(late, 4, "a")
    assert list(late.lines) == [4, 10] and list(late.columns["lane"]) == ["a", "b"]
    _add(late, 11, "c")
    assert list(late.lines) == [4, 10, 11] and list(late.columns["lane"]) == ["a", "b", "c"]


def test_room_grows_as_rows_keep_coming() -> None:
    rows = _bulk(4)
    for line in range(5, 400):
        _add(rows, line, lane=f"l{line % 5}", n=line)
        if line % 37 == 0:
            assert list(rows.columns["n"][-1:]) == [line]
    assert len(rows) == 399 and list(rows.columns["n"][4:]) == list(range(5, 400))
    assert list(rows.lines) == list(range(1, 400))


def test_the_states_of_a_band_are_the_distinct_values_after_every_append() -> None:
    rows = _bulk(30)
    assert rows.distinct("lane") == {"left", "right"} and rows.distinct("on") == {True, False}
    seen, _ = rows._distinct["lane"]
    assert seen == 30  # counted once: the next call looks at the new rows only
    _add(rows, 31, "mid")
    assert rows.distinct("lane") == {"left", "right", "mid"}
    assert rows._distinct["lane"][0] == 31
    late = TopicRows(SCHEMA)
    _add(late, 10, "b")
    assert late.distinct("lane") == {"b"}
    _add(late, 4, "a")  # joined in full, in another order: counted again
    assert late.distinct("lane") == {"a", "b"}
    given = late.distinct("lane")
    given.add("mine")  # the caller's own set
    assert late.distinct("lane") == {"a", "b"}


def _reference_digest(kind: str, values: np.ndarray) -> bytes:
    """The digest as defined: each value's text and a NUL after it."""
    h = hashlib.blake2b(kind.encode(), digest_size=16)
    for item in values.tolist():
        h.update(str(item).encode("utf-8", "replace") + b"\x00")
    return h.digest()


@pytest.mark.parametrize(
    "values",
    [
        ["left", "right", "left"],
        ["a", "b\ud800c", 1, None, 2.5, [1, "x"]],  # not all text; a lone surrogate
        [],
        [f"s{i}" for i in range(70_000)],  # more than one slice
    ],
)
def test_a_text_columns_digest_is_each_values_text_and_made_once(values: list[object]) -> None:
    column = np.empty(len(values), dtype=object)
    column[:] = values
    raw = Array("string", column)
    first = CODEC.digest(raw)
    assert first == _reference_digest("string", column)
    assert CODEC.digest(raw) is first  # kept with the array: its values never change
    assert CODEC.digest(Array("double", np.arange(3.0))) != CODEC.digest(
        Array("double", np.arange(4.0))
    )


def test_a_document_built_before_an_append_keeps_its_rows(tmp_path: Path) -> None:
    from tui.formats.metrics2.build import build

    (tmp_path / ".resim" / "metrics").mkdir(parents=True)
    (tmp_path / ".resim" / "metrics" / "config.resim.yml").write_text(
        "version: 1\ntopics:\n  odo:\n    schema:\n      v: float\n      lane: string\n"
    )
    emissions = tmp_path / "emissions.resim.jsonl"

    def write(start: int, count: int) -> None:
        with emissions.open("a") as out:
            for i in range(start, start + count):
                meta = {"topic": "odo", "timestamp": i}
                out.write(json.dumps({"$metadata": meta, "$data": {"v": i, "lane": f"l{i % 2}"}}))
                out.write("\n")

    write(0, 50)
    first = build(preview(tmp_path))
    values = {m.name: m for m in first.metrics}["odo.v"].values
    before = values.values[0].data.column().values.copy()
    write(50, 5)
    second = build(preview(tmp_path))
    after = {m.name: m for m in second.metrics}["odo.v"].values.values[0].data.column().values
    assert len(after) == 55 and np.array_equal(after[:50], before)
    assert np.array_equal(values.values[0].data.column().values, before)
    lanes = {m.name: m for m in second.metrics}["odo.lane"].values
    assert sorted(lanes.states_set) == ["l0", "l1"]
