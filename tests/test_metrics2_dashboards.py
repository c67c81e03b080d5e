"""Dashboards: a dashboard metric over a folder of jobs takes only the jobs inside its
dashboard's day_range of the newest job (by the job's time), and its card says which;
several files defining dashboards merge as the SDK does (the last wins), said once."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.m2_corpus import emit, write_config
from tui.formats.metrics2.build import build
from tui.formats.metrics2.config import find, load
from tui.formats.metrics2.preview import Preview, preview

DAY = 86_400

CONFIG = """\
version: 1
topics:
  speed:
    schema:
      v: float
metrics:
  Jobs in Range:
    type: dashboard
    query_string: SELECT COUNT(DISTINCT job_id) AS jobs, MAX(v) AS top FROM speed
    template_type: system
    template: table
  Fleet Top Speed:
    type: dashboard
    query_string: SELECT MAX(v) FROM speed
    template_type: system
    template: scalar
    status:
      query_string: SELECT 1 FROM speed WHERE v > ?
      block: 8
  All Jobs:
    type: batch
    query_string: SELECT COUNT(DISTINCT job_id) FROM speed
    template_type: system
    template: scalar
metrics sets:
  week:
    metrics: [Jobs in Range, Fleet Top Speed]
  quarter:
    metrics: [Jobs in Range]
  nightly:
    metrics: [All Jobs]
dashboards:
  Last week:
    metrics_set: week
    day_range: 7
  Last quarter:
    metrics_set: quarter
    day_range: 90
"""

# job → (days before the newest job, top speed)
JOBS = {"today": (0, 5.0), "five-days": (5, 6.0), "month": (30, 9.0), "year": (365, 12.0)}


def _emit(path: Path, config: Path, top: float) -> None:
    emit(config, path, [("speed", {"v": v}, i * 1_000_000_000) for i, v in enumerate((1.0, top))])


def _batch(root: Path, *, manifest: bool) -> Path:
    config = write_config(root, CONFIG)
    newest = 1_790_000_000.0
    entries = []
    for name, (age, top) in JOBS.items():
        path = root / name / "emissions.resim.jsonl"
        path.parent.mkdir()
        _emit(path, config, top)
        when = newest - age * DAY
        if manifest:
            # ISO 8601 for some jobs, epoch seconds for others: both are read
            stamp: object = when if age % 2 else _iso(when)
            entries.append(
                {
                    "job_id": f"job-{name}",
                    "experience_name": name,
                    "directory": name,
                    "creation_timestamp": stamp,
                }
            )
            os.utime(path, (newest, newest))  # the file times must not decide
        else:
            os.utime(path, (when, when))
    if manifest:
        (root / "jobs.json").write_text(json.dumps({"batch_id": "b", "jobs": entries}))
    return root


def _iso(epoch: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")


def _values(out: Preview) -> dict[tuple[str, str], list[tuple[object, ...]]]:
    return {(o.metric.name, o.window.dashboard if o.window else ""): o.rows for o in out.outcomes}


def test_a_dashboard_metric_takes_the_jobs_inside_its_day_range(tmp_path: Path) -> None:
    out = preview(_batch(tmp_path, manifest=False), use_cache=False)
    values = _values(out)
    assert values[("Jobs in Range", "Last week")] == [(2, 6.0)]  # today, five-days
    assert values[("Jobs in Range", "Last quarter")] == [(3, 9.0)]  # and month
    assert values[("Fleet Top Speed", "Last week")] == [(6.0,)]
    assert values[("All Jobs", "")] == [(4,)]  # a batch metric sees every job
    status = {o.metric.name: o.status for o in out.outcomes}
    # the year-old job's 12.0 would block: it is outside the range
    assert status["Fleet Top Speed"] == "PASSED"


def test_the_card_says_which_jobs_the_range_took(tmp_path: Path) -> None:
    doc = build(preview(_batch(tmp_path, manifest=False), use_cache=False))
    by_name = {m.name: m for m in doc.metrics}
    # a metric in two dashboards is one card per dashboard; in one, it keeps its name
    assert "Jobs in Range [Last week]" in by_name and "Jobs in Range [Last quarter]" in by_name
    week = by_name["Fleet Top Speed"].description
    assert "dashboard 'Last week': day_range 7 days before the newest job" in week
    assert "by file time): 2 of 4 jobs; left out: month, year" in week


def test_jobs_json_creation_timestamp_is_the_jobs_time(tmp_path: Path) -> None:
    out = preview(_batch(tmp_path, manifest=True), use_cache=False)
    assert _values(out)[("Jobs in Range", "Last week")] == [(2, 6.0)]
    note = next(o.window.note for o in out.outcomes if o.window and o.window.dashboard)
    assert "by creation_timestamp" in note and "2026-09-21 14:13 UTC" in note


def test_a_day_range_that_is_no_number_is_warned_and_the_default_taken(tmp_path: Path) -> None:
    root = _batch(tmp_path, manifest=False)
    config = root / ".resim" / "metrics" / "config.resim.yml"
    config.write_text(CONFIG.replace("day_range: 7", "day_range: a week"))
    out = preview(root, use_cache=False)
    (warned,) = [p for p in out.problems if p.rule == "dashboard-day-range"]
    assert warned.location.field == "dashboards.Last week.day_range"
    assert warned.location.index == CONFIG.splitlines().index("    day_range: 7") + 1
    assert _values(out)[("Fleet Top Speed", "Last week")] == [(9.0,)]  # 31 days: month in


def test_the_last_file_with_dashboards_wins_and_the_warning_names_it(tmp_path: Path) -> None:
    folder = tmp_path / ".resim" / "metrics"
    folder.mkdir(parents=True)
    (folder / "a.resim.yml").write_text(
        "version: 1\ndashboards:\n  Old:\n    metrics_set: s\n  Shared:\n    metrics_set: s\n"
    )
    (folder / "b.resim.yml").write_text(
        "version: 1\ntopics:\n  t:\n    schema:\n      v: float\n"
        "dashboards:\n  Shared:\n    metrics_set: s\n"
    )
    config = load(find(tmp_path), tmp_path)
    assert list(config.dashboards) == ["Shared"]
    (note,) = [p for p in config.problems if p.rule == "merge-dashboards"]
    assert (note.location.name, note.location.index) == (".resim/metrics/b.resim.yml", 6)
    assert "the SDK keeps only the last, .resim/metrics/b.resim.yml (Shared)" in note.message
    assert "drops those of .resim/metrics/a.resim.yml (Old, Shared)" in note.message
    assert "refuses a name defined twice (Shared)" in note.message
