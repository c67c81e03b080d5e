"""Metrics sets: the config checks ReSim's demo test runs on them, each located, and
``--metrics-set NAME``, which runs only that set's metrics as a batch given it would."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.m2_corpus import write_case
from tui.formats.metrics2.build import build
from tui.formats.metrics2.preview import Preview, preview
from tui.model.problems import Severity

CONFIG = """\
version: 1
topics:
  speed:
    schema:
      v: float
metrics:
  Top Speed:
    type: test
    query_string: SELECT MAX(v) FROM speed
    template_type: system
    template: scalar
  Mean Speed:
    type: batch
    query_string: SELECT AVG(v) FROM speed
    template_type: system
    template: scalar
  Speed Trend:
    type: dashboard
    query_string: SELECT AVG(v) FROM speed
    template_type: system
    template: scalar
  Forgotten:
    type: test
    query_string: SELECT MIN(v) FROM speed
    template_type: system
    template: scalar
metrics sets:
  nightly:
    metrics:
      - Top Speed
      - Mean Speed
  mixed:
    metrics:
      - Top Speed
      - Speed Trend
      - Nowhere
  trend:
    metrics:
      - Speed Trend
dashboards:
  Speed over time:
    metrics_set: trend
    day_range: 7
"""


def _case(folder: Path, config: str = CONFIG) -> Path:
    rows = [("speed", {"v": v}, i * 1_000_000_000) for i, v in enumerate((3.0, 5.0, 4.0))]
    return write_case(folder, config, rows)


def _line(text: str, after: str = "") -> int:
    """The 1-based line of CONFIG that holds ``text`` (the first after ``after``)."""
    lines = CONFIG.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


def _ran(out: Preview) -> list[str]:
    return sorted(o.metric.name for o in out.outcomes)


def _by_rule(out: Preview, rule: str) -> list[tuple[str, int | None, str]]:
    return [
        (p.location.field, p.location.index, p.severity.name)
        for p in out.problems
        if p.rule == rule
    ]


def test_the_set_checks_name_the_line_of_the_member_at_fault(tmp_path: Path) -> None:
    out = preview(_case(tmp_path), use_cache=False)
    assert _by_rule(out, "metric-in-no-set") == [
        ("metrics.Forgotten", _line("  Forgotten:"), "WARNING")
    ]
    assert _by_rule(out, "set-unknown-metric") == [
        ("metrics sets.mixed.metrics[2]", _line("- Nowhere"), "ERROR")
    ]
    # 'mixed' is no dashboard's set, so only a batch can use it, and it holds one
    assert _by_rule(out, "set-dashboard-metric") == [
        ("metrics sets.mixed.metrics[1]", _line("- Speed Trend", "  mixed:"), "WARNING")
    ]
    # with no --metrics-set every metric runs
    assert _ran(out) == ["Forgotten", "Mean Speed", "Speed Trend", "Top Speed"]


def test_a_dashboards_set_holds_only_dashboard_metrics(tmp_path: Path) -> None:
    config = CONFIG.replace("    metrics_set: trend", "    metrics_set: nightly")
    out = preview(_case(tmp_path, config), use_cache=False)
    found = [p for p in out.problems if p.rule == "dashboard-set-type"]
    assert [(p.location.field, p.location.index) for p in found] == [
        ("dashboards.Speed over time.metrics_set", _line("metrics_set:"))
    ]
    assert "Top Speed, Mean Speed" in found[0].message


def test_metrics_set_runs_only_its_metrics_and_says_so(tmp_path: Path) -> None:
    out = preview(_case(tmp_path), use_cache=False, metrics_set="nightly")
    assert _ran(out) == ["Mean Speed", "Top Speed"]
    assert _by_rule(out, "metrics-set-in-force") == [
        ("metrics sets.nightly", _line("  nightly:"), "INFO")
    ]
    doc = build(out)
    assert doc.scope == "metrics set nightly"
    about = next(m for m in doc.metrics if m.name == "About this preview")
    assert "Metrics set: nightly (--metrics-set)" in about.values.text  # type: ignore[union-attr]
    names = {m.name for m in doc.metrics}
    assert "Forgotten" not in names and "Speed Trend" not in names


def test_a_batch_set_never_runs_its_dashboard_metrics(tmp_path: Path) -> None:
    out = preview(_case(tmp_path), use_cache=False, metrics_set="mixed")
    assert _ran(out) == ["Top Speed"]
    refused = [p for p in out.problems if p.rule == "batch-set-dashboard-metric"]
    assert [(p.location.field, p.location.index, p.severity) for p in refused] == [
        ("metrics sets.mixed.metrics[1]", _line("- Speed Trend", "  mixed:"), Severity.ERROR)
    ]
    assert "sets used by batches hold none" in refused[0].message


def test_an_unknown_set_computes_nothing_and_lists_the_sets(tmp_path: Path) -> None:
    out = preview(_case(tmp_path), use_cache=False, metrics_set="weekly")
    assert out.outcomes == []
    (unknown,) = [p for p in out.problems if p.rule == "metrics-set-unknown"]
    assert unknown.severity == Severity.ERROR
    assert unknown.hint == "sets here: mixed, nightly, trend"


@pytest.mark.slow
def test_show_and_check_take_metrics_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main
    from tui.formats.metrics2 import reader

    case = _case(tmp_path)
    try:
        assert main(["show", str(case), "--metrics-set", "nightly", "--no-color"]) == 0
        shown = capsys.readouterr().out
        assert "metrics set nightly" in shown
        assert "Top Speed" in shown and "Forgotten" not in shown
        status = main(["check", str(case), "--metrics-set", "weekly", "--format", "json"])
        assert status == 1
        assert "--metrics-set 'weekly' is not a set of this config" in capsys.readouterr().out
    finally:
        reader.METRICS_SET[:] = []
