"""The bulk read (DuckDB parses, SQL checks) gives the per-line reader's verdicts.

Every corpus case and a file of lines written to trip the bulk checks are read
both ways, with the bulk read forced on small files; rows, problems and metric
results must be the same.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from tests.m2_corpus import CASES, CORPUS
from tui.formats.metrics2 import bulk
from tui.formats.metrics2.preview import Preview, preview

CONFIG = """\
version: 1
topics:
  pose:
    schema:
      x: float
      n: int
      lane: string
      ok: boolean
      state: status
  marks:
    schema:
      label: string
    event: true
metrics:
  Peak:
    type: test
    query_string: SELECT MAX(x) AS v, COUNT(*) AS c, SUM(n) AS s FROM pose
    template_type: system
    template: scalar
"""


def _row(
    x: object = 1.5, n: object = 2, lane: object = "a", ts: object = 10, **more: object
) -> str:
    data = {"x": x, "n": n, "lane": lane, "ok": True, "state": "PASSED"}
    data.update(more)
    return json.dumps({"$metadata": {"topic": "pose", "timestamp": ts}, "$data": data})


TRICKY = [
    _row(),
    "",
    "   ",
    _row(x=3),  # an int in a float column
    _row(x=float("nan")),  # NaN: Python's json reads it
    '{"$metadata": {"topic": "pose", "timestamp": 1}, "$data": {"x": inf, "n": 1, '
    '"lane": "a", "ok": true, "state": "PASSED"}}',  # inf: not JSON for Python
    '{"$metadata": {"topic": "pose", "timestamp": 1}, "$data": {"x": 1.0, "n": 1, '
    '"lane": "a", "ok": true, "state": "PASSED",}}',  # a trailing comma
    '{"$metadata": {"topic": "pose", "topic": "marks", "timestamp": 1}, "$data": '
    '{"x": 1.0, "n": 1, "lane": "a", "ok": true, "state": "PASSED"}}',  # repeated key
    '{"$metadata": {"topic": "pose", "timestamp": 1}, "$data": {"x": 1.0, "n": 1, '
    '"l\\u0061ne": "a", "lane": "b", "ok": true, "state": "PASSED"}}',  # escaped repeat
    _row(lane="caf\u00e9 \u2192 \U0001f600"),
    _row(lane='quote " and \\ backslash, and /slash/'),
    _row(lane=""),  # an empty string: the text between the quotes is empty
    _row(lane="tab\tnew\nline"),  # escaped: read as JSON, not cut between the quotes
    '{"$metadata": {"topic": "pose", "timestamp": 1}, "$data": {"x": 1.0, "n": 1, '
    '"lane": "a", "lane": "b", "ok": true, "state": "PASSED"}}',  # a plain repeated key
    '{"$metadata": {"topic": "pose", "timestamp": 1}, "$data": {"x": 1.0, "n": 1, '
    '"lane": "a", "ok": true, "state": "PASSED", "lane2": "b"}}',  # one key too many
    _row(n=True),  # a bool in an int column
    _row(n=2**63),  # beyond int64
    _row(n=1.0),
    _row(x="1.5"),
    _row(ts=-5),
    _row(ts=2.5),
    _row(ts=None),
    _row(ts=2**64),
    _row(ts="soon"),
    _row(extra=1),
    json.dumps({"$metadata": {"topic": "pose", "timestamp": 1}, "$data": {"x": 1.0}}),
    json.dumps({"$metadata": {"topic": "pose", "timestamp": 1, "event": True}, "$data": {}}),
    json.dumps(
        {
            "$metadata": {"topic": "pose", "timestamp": 3, "event": False},
            "$data": json.loads(_row())["$data"],
        }
    ),
    json.dumps(
        {"$metadata": {"topic": "marks", "timestamp": 4, "event": True}, "$data": {"label": "go"}}
    ),
    json.dumps({"$metadata": {"topic": "ghost", "timestamp": 4}, "$data": {"v": 1}}),
    json.dumps({"$metadata": {"topic": 7, "timestamp": 4}, "$data": {"v": 1}}),
    json.dumps({"$metadata": "pose", "$data": {}}),
    json.dumps([1, 2]),
    "not json at all",
    '{"$metadata": {"topic": "pose", "timestamp": 1}, "$data": {"x": 1.0, "n": 1, '
    '"lane": null, "ok": true, "state": "PASSED"}}',
    _row(ok=1),
    _row(state="MAYBE"),  # a status outside an event topic: any string
    _row(x=1e308),
    '{"$metadata": {"topic": "pose", "timestamp": 1}, "$data": {"x": 1e400, "n": 1, '
    '"lane": "a", "ok": true, "state": "PASSED"}}',  # 1e400: inf for Python
    '{"$metadata":{"topic":"pose","timestamp":9},"$data":{"state":"PASSED","ok":false,'
    '"lane":"z","n":-4,"x":-0.0}}',  # compact, keys in another order
    *[_row(x=i / 7, n=i, ts=100 + i) for i in range(50)],
]


def _both(directory: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Preview, Preview]:
    slow = preview(directory, use_cache=False)
    monkeypatch.setattr(bulk, "MIN_BYTES", 0)
    fast = preview(directory, use_cache=False)
    monkeypatch.setattr(bulk, "MIN_BYTES", bulk.MIN_BYTES)
    return slow, fast


def _same_cell(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def _assert_same(slow: Preview, fast: Preview) -> None:
    said = [(p.rule, p.location, p.message, p.severity, p.hint) for p in slow.problems]
    assert said == [(p.rule, p.location, p.message, p.severity, p.hint) for p in fast.problems]
    assert slow.emissions.keys() == fast.emissions.keys()
    for job, a in slow.emissions.items():
        b = fast.emissions[job]
        assert a.rows.keys() == b.rows.keys()
        for topic, ra in a.rows.items():
            rb = b.rows[topic]
            assert len(ra) == len(rb), topic
            assert ra.timestamps.dtype == rb.timestamps.dtype
            assert ra.timestamps.tolist() == rb.timestamps.tolist()
            assert ra.missing.tolist() == rb.missing.tolist()
            for f in ra.fields:
                ca, cb = ra.columns[f], rb.columns[f]
                assert ca.dtype == cb.dtype, (topic, f)
                pairs = zip(ca.tolist(), cb.tolist(), strict=True)
                assert all(_same_cell(x, y) for x, y in pairs), (topic, f)
        assert [(e.topic, e.line, e.data) for e in a.events] == [
            (e.topic, e.line, e.data) for e in b.events
        ]
        assert a.undeclared == b.undeclared
    results = [(o.metric.name, o.job, o.status, o.rows) for o in slow.outcomes]
    assert results == [(o.metric.name, o.job, o.status, o.rows) for o in fast.outcomes]


@pytest.mark.skipif(not CASES, reason="no ../shared/corpus/m2 here")
@pytest.mark.parametrize("case", CASES)
def test_corpus_case_reads_the_same_in_bulk(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _assert_same(*_both(CORPUS / case, monkeypatch))


def test_lines_that_trip_the_bulk_checks_read_as_line_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".resim" / "metrics").mkdir(parents=True)
    (tmp_path / ".resim" / "metrics" / "config.resim.yml").write_text(CONFIG)
    text = "\n".join(TRICKY) + "\n" + _row(ts=999)[:-7]  # and a half-written last line
    (tmp_path / "emissions.resim.jsonl").write_text(text)
    slow, fast = _both(tmp_path, monkeypatch)
    _assert_same(slow, fast)
    assert len(fast.emissions["local-job"].rows["pose"]) > 50
    assert any(p.rule == "invalid-json" for p in fast.problems)


def test_the_bulk_read_takes_the_plain_rows_itself(tmp_path: Path) -> None:
    """Not a silent fall back: plain rows come back as arrays, the odd line as rest."""
    from tui.formats.metrics2.config import find, load

    (tmp_path / ".resim" / "metrics").mkdir(parents=True)
    (tmp_path / ".resim" / "metrics" / "config.resim.yml").write_text(CONFIG)
    lines = [_row(x=i / 3, n=i, ts=i) for i in range(20)]
    lines.insert(5, _row(extra=1))
    path = tmp_path / "emissions.resim.jsonl"
    path.write_text("\n".join(lines) + "\n")
    topics = load(find(tmp_path, None), tmp_path).topics
    chunk = bulk.read(path, 0, len(lines), topics)
    assert chunk is not None
    numbers, columns, stamps = chunk.rows["pose"]
    assert numbers.tolist() == [n for n in range(1, 22) if n != 6]
    assert columns["n"].tolist() == list(range(20))
    assert np.allclose(columns["x"], [i / 3 for i in range(20)])
    assert stamps.tolist() == list(range(20))
    assert [n for n, _ in chunk.rest] == [6]


@pytest.mark.parametrize(
    "data, ok",
    [
        (b'{"a": 1}\n', True),
        ('{"a": "\u00e9"}\n'.encode(), True),
        (b'{"a": 1}\r\n', False),
        (b'{"a": "\x01"}\n', False),
        (b'{"a": "\xff"}\n', False),
    ],
)
def test_only_plain_text_goes_to_the_bulk_read(data: bytes, ok: bool) -> None:
    assert bulk.safe(data) is ok
