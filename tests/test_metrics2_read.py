"""Metrics 2.0 reading: values the SDK writes that the tables cannot hold, and the
caches a reload leans on (they must hand out what a fresh parse would)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.formats.metrics2 import bulk, sql, yamlsafe
from tui.formats.metrics2.preview import Preview, preview

CONFIG = """\
version: 1
topics:
  odo:
    schema:
      ticks: int
      v: float
metrics:
  Ticks:
    type: test
    query_string: SELECT COUNT(ticks) AS known, COUNT(*) AS rows FROM odo
    template_type: system
    template: scalar
"""


def _case(tmp_path: Path, ticks: list[int]) -> Path:
    (tmp_path / ".resim" / "metrics").mkdir(parents=True)
    (tmp_path / ".resim" / "metrics" / "config.resim.yml").write_text(CONFIG)
    lines = [
        json.dumps({"$metadata": {"topic": "odo", "timestamp": i}, "$data": {"ticks": t, "v": 1.0}})
        for i, t in enumerate(ticks)
    ]
    (tmp_path / "emissions.resim.jsonl").write_text("\n".join(lines) + "\n")
    return tmp_path


def _rows(out: Preview, metric: str) -> list[tuple[object, ...]]:
    outcome = out.outcome(metric)
    assert outcome is not None
    return outcome.rows


@pytest.mark.parametrize("big", [2**63, -(2**63) - 1, 10**30])
@pytest.mark.parametrize("in_bulk", [False, True])
def test_an_int_beyond_64_bits_is_a_located_warning(
    tmp_path: Path, big: int, in_bulk: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if in_bulk:
        monkeypatch.setattr(bulk, "MIN_BYTES", 0)
    case = _case(tmp_path, [1, 2**63 - 1, big, -(2**63)])
    out = preview(case, use_cache=False)
    said = [p for p in out.problems if p.rule == "int-beyond-64-bits"]
    assert [(p.location.index, p.severity.name) for p in said] == [(3, "WARNING")]
    assert "'ticks'" in said[0].message and "NULL" in said[0].message
    # the row still loads (the SDK wrote it); only the one value is NULL in SQL
    assert _rows(out, "Ticks") == [(3, 4)]


def test_ints_at_the_64_bit_limits_are_not_warned(tmp_path: Path) -> None:
    case = _case(tmp_path, [2**63 - 1, -(2**63), 0])
    out = preview(case, use_cache=False)
    assert not [p for p in out.problems if p.rule == "int-beyond-64-bits"]
    assert _rows(out, "Ticks") == [(3, 3)]


def test_a_cached_translation_is_the_callers_own() -> None:
    first = sql.translate("SELECT v FROM speed WHERE v > ?", threshold=1.5)
    first.tables.append("mutated")
    first.caveats.append("mutated")
    again = sql.translate("SELECT v FROM speed WHERE v > ?", threshold=1.5)
    assert again.tables == ["speed"] and again.caveats == []
    assert "1.5" in again.sql
    other = sql.translate("SELECT v FROM speed WHERE v > ?", threshold=2.5)
    assert "2.5" in other.sql  # the threshold is part of what is cached


def test_a_cached_yaml_document_is_the_callers_own() -> None:
    text = "version: 1\ntopics:\n  a:\n    schema:\n      v: float\n"
    first = yamlsafe.load(text)
    first.value["topics"]["a"]["schema"]["v"] = "changed"
    again = yamlsafe.load(text)
    assert again.value["topics"]["a"]["schema"]["v"] == "float"
    assert again.line(("topics", "a")) == first.line(("topics", "a")) == 3
    with pytest.raises(yamlsafe.YamlError):
        yamlsafe.load("a: [1, 2")  # errors are raised every time, not cached away
    with pytest.raises(yamlsafe.YamlError):
        yamlsafe.load("a: [1, 2")


def test_safe_checks_utf8_across_its_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "_SLICE", 3)
    euro = "€".encode()
    assert bulk.safe(b"ab" + euro + b"cd" + euro)
    assert bulk.safe(memoryview(b"x" * 10 + euro)[: 10 + len(euro)])
    assert not bulk.safe(euro[:2] + b"abc" + euro[2:])  # split by ASCII: not UTF-8
    assert not bulk.safe(b"abc" + euro[:2])  # cut at the end
    assert not bulk.safe(b"abcdef\x01")


def test_a_replaced_read_stops_its_queries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit saved while the metrics compute starts a new read and cancels the old
    one's worker; the old read, whose result is thrown away, runs no more queries.
    A read nobody stops computes everything."""
    from tui.formats.metrics2 import preview as module
    from tui.formats.metrics2.engine import DuckEngine

    case = _case(tmp_path, [1, 2, 3])
    config = case / ".resim" / "metrics" / "config.resim.yml"
    config.write_text(
        config.read_text()
        + "".join(
            f"  Sum {i}:\n    type: test\n    query_string: SELECT SUM(v) + {i} AS s FROM odo\n"
            "    template_type: system\n    template: scalar\n"
            for i in range(3)
        )
    )
    ran: list[str] = []
    real = DuckEngine.run

    def run(self: DuckEngine, sql: str, **how: object) -> object:
        ran.append(sql)
        return real(self, sql, **how)  # type: ignore[arg-type]

    monkeypatch.setattr(DuckEngine, "run", run)
    older = module.preview(case, stop=lambda: len(ran) >= 1)  # replaced after one query
    assert len(ran) == 1
    assert [o.status for o in older.outcomes[1:]] == ["ERROR"] * 3
    assert all(o.error == module.SUPERSEDED for o in older.outcomes[1:])
    newer = module.preview(case, stop=lambda: False)
    assert [o.rows for o in newer.outcomes] == [[(3, 3)], [(3.0,)], [(4.0,)], [(5.0,)]]


def test_the_platforms_own_files_fill_the_built_in_tables(tmp_path: Path) -> None:
    """resource_metrics.resim.jsonl and test_length_metric.resim.jsonl sit beside the
    test's emissions in a downloaded job: their topics are the built-in tables, never
    unknown topics, and queries read them."""
    from tui.formats.metrics2.build import build

    case = _case(tmp_path, [1, 2])
    config = case / ".resim" / "metrics" / "config.resim.yml"
    config.write_text(
        config.read_text()
        + "  Peak CPU:\n    type: test\n"
        + "    query_string: SELECT MAX(cpu_percent) AS v FROM container_performance\n"
        + "    template_type: system\n    template: scalar\n"
        + "  Length:\n    type: test\n"
        + "    query_string: SELECT seconds FROM test_length_seconds\n"
        + "    template_type: system\n    template: scalar\n"
    )

    def emit(topic: str, ts: int, data: dict[str, object]) -> str:
        return json.dumps({"$metadata": {"topic": topic, "timestamp": ts}, "$data": data}) + "\n"

    (case / "resource_metrics.resim.jsonl").write_text(
        emit("container_performance", 0, {"cpu_percent": 12.5, "memory_mb": 300})
        + emit("container_performance", 10, {"cpu_percent": 80.0, "memory_mb": 310})
    )
    (case / "test_length_metric.resim.jsonl").write_text(
        emit("test_length_seconds", 0, {"seconds": 42.0})
    )
    out = preview(case, use_cache=False)
    assert not [p for p in out.problems if p.severity.name != "INFO"], out.problems
    assert _rows(out, "Peak CPU") == [(80.0,)]
    assert _rows(out, "Length") == [(42.0,)]
    assert _rows(out, "Ticks") == [(2, 2)]  # the test's own topic is untouched
    names = {d.name for d in build(out).data}
    assert "container_performance (platform).cpu_percent" in names
