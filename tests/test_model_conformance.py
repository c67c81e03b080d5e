"""The model against every conformance case the official SDK wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import conformance_cases, needs
from tui.formats import load
from tui.model.summary import select

CASES = needs(conformance_cases(), "../shared/corpus/conformance")


def _expected(case: Path) -> dict:
    return json.loads((case / "expected.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name if p else "absent")
def test_counts_status_and_order(case: Path) -> None:
    expected = _expected(case)
    doc = load(case)
    assert str(doc.job_id) == expected["job_id"]
    assert doc.status.name == expected["job_status"]
    assert doc.collection_status.name == expected["job_level_metrics_status"]
    assert len(doc.metrics) == expected["num_metrics"]
    assert len(doc.events) == expected["num_events"]
    assert len(doc.data) == expected["num_metrics_data"]
    assert len(doc.event_metrics) == expected["num_event_metrics"]
    assert sum(m.hidden for m in doc.metrics) == expected["num_hidden_metrics"]
    assert [m.name for m in doc.display_order] == expected["display_order"]
    assert sorted(d.name for d in doc.unreferenced_data) == sorted(
        d if isinstance(d, str) else d["name"] for d in expected["unreferenced_metrics_data"]
    )


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name if p else "absent")
def test_each_metric(case: Path) -> None:
    expected = {m["id"]: m for m in _expected(case)["metrics"]}
    doc = load(case)
    for metric in doc.metrics:
        want = expected[metric.id.raw]
        assert metric.name == want["name"]
        assert metric.type.name == want["type"]
        assert metric.status.name == want["status"]
        assert metric.importance.name == want["importance"]
        assert metric.order == want["order"]
        assert metric.should_display == want["should_display"]
        assert metric.event_metric == want["event_metric"]
        assert metric.values_kind == want["values_kind"]
        assert [list(t) for t in metric.tags] == [
            [t["key"], t["value"]] if isinstance(t, dict) else list(t) for t in want["tags"]
        ]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name if p else "absent")
def test_double_summary_resolution(case: Path) -> None:
    expected = {m["id"]: m for m in _expected(case)["metrics"]}
    for metric in load(case).metrics:
        facts = expected[metric.id.raw].get("facts") or {}
        if metric.type.label != "DOUBLE_SUMMARY" or metric.values is None:
            continue
        rows = select(metric.values)
        if "resolved_per_category" in facts:
            got = {
                r.category: {
                    "position": r.position,
                    "value": r.value,
                    "status": r.status.name if r.status else None,
                }
                for r in rows
            }
            assert got == facts["resolved_per_category"]
        else:
            (row,) = rows
            assert row.position == facts["resolved_position"]
            assert row.value == facts["resolved_value"]
            assert (row.status.name if row.status else None) == facts["resolved_status"]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name if p else "absent")
def test_events_and_external_files(case: Path) -> None:
    expected = _expected(case)
    doc = load(case)
    for event, want in zip(doc.events, expected.get("events", []), strict=True):
        assert event.name == want["name"]
        assert event.status.name == want["status"]
        assert event.importance.name == want["importance"]
        assert event.timestamp_type.name == want["timestamp_type"]
        ts = want["timestamp"]
        assert event.timestamp_ns == ts["seconds"] * 10**9 + ts["nanos"]
        assert [m.name if m else None for m in event.metrics] == want["metric_names"]
    files = {d.file.raw: d.file for d in doc.data if d.file is not None}
    for want in expected["external_files"]:
        raw = want if isinstance(want, str) else want["path"]
        assert raw in files
        assert files[raw].ok == (want.get("exists", True) if isinstance(want, dict) else True)
