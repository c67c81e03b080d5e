"""Time axes say what they count, and their ticks are true (issue 11).

Each case is written the way users write it, with the official SDK (protobuf
timestamps) or Plotly Express with pandas (ISO strings at nanosecond
precision), and drawn without colour. The goldens pin the tick labels and the
axis title; the asserts pin what a golden could hide: the marks sit under the
tick of their time, and no point is lost at the ends of the axis.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.express as px
import pytest
from resim.metrics.python.metrics import SeriesMetricsData
from resim.metrics.python.metrics_utils import MetricImportance, MetricStatus, Timestamp
from resim.metrics.python.metrics_writer import ResimMetricsWriter

from tests.conftest import ROOT
from tests.sdk_jobs import objects
from tui.charts import render
from tui.charts.plotly import draw_figure
from tui.charts.types import Palette
from tui.formats import load

GOLDEN = ROOT / "tests" / "golden"
WIDTH, HEIGHT = 80, 14
DAY = 86400.0
NOON_2025 = 1735732800.0  # 2025-01-01T12:00:00Z


def _stamp(seconds: float) -> Timestamp:
    whole = int(np.floor(seconds))
    return Timestamp(secs=whole, nanos=round((seconds - whole) * 1e9))


def _job(folder: Path, seconds: np.ndarray, y: np.ndarray, start: float | None = None) -> str:
    """A double-over-time metric written by the SDK; returns its drawing without colour."""
    writer = ResimMetricsWriter(uuid.uuid4())
    times = SeriesMetricsData("times", series=objects([_stamp(s) for s in seconds]))
    values = SeriesMetricsData("speed", series=y, index_data=times, unit="m/s")
    status = SeriesMetricsData(
        "status",
        series=objects([MetricStatus.PASSED_METRIC_STATUS] * len(y)),
        index_data=times,
    )
    metric = (
        writer.add_double_over_time_metric("Speed")
        .with_doubles_over_time_data([values])
        .with_statuses_over_time_data([status])
        .with_failure_definitions([])
        .with_status(MetricStatus.PASSED_METRIC_STATUS)
        .with_importance(MetricImportance.MEDIUM_IMPORTANCE)
    )
    if start is not None:
        metric.with_start_time(_stamp(start)).with_end_time(_stamp(float(seconds[-1])))
    folder.mkdir(parents=True, exist_ok=True)
    message = writer.write().metrics_msg
    (folder / "metrics.binproto").write_bytes(message.SerializeToString())
    doc = load(folder)
    chart = render(next(doc.metrics_named("Speed")), WIDTH, HEIGHT, color="none")
    assert not chart.notes, chart.notes
    return chart.body.plain


def _plotly(frame: pd.DataFrame) -> str:
    figure = json.loads(px.line(frame, x="when", y="value", markers=True).to_json())
    chart = draw_figure(figure, WIDTH, HEIGHT, "none", Palette())
    assert not any("not drawn" in n for n in chart.notes), chart.notes
    return chart.body.plain


def _golden(name: str, drawn: str) -> None:
    path = GOLDEN / f"time_axis__{name}.txt"
    if os.environ.get("UPDATE_GOLDENS"):
        path.write_text(drawn + "\n", encoding="utf-8")
    assert drawn + "\n" == path.read_text(encoding="utf-8")


def _axis(drawn: str) -> tuple[str, str, str]:
    """The axis line, the tick labels and the title under the plot."""
    lines = drawn.split("\n")
    at = next(i for i, line in enumerate(lines) if "└" in line)
    return lines[at], lines[at + 1], lines[at + 2]


def _label_at(labels: str, text: str) -> int:
    """The centre column of a tick label."""
    start = labels.index(text)
    return start + len(text) // 2


def _step_column(drawn: str) -> int:
    """The column of the vertical stroke of a step down (the one drawn in every row
    between the two levels)."""
    lines = drawn.split("\n")
    at = next(i for i, line in enumerate(lines) if "└" in line)
    middle = lines[at // 2]
    return next(c for c, ch in enumerate(middle) if c > 3 and "\u2801" <= ch <= "\u28ff")


def test_relative_times_read_as_written(tmp_path: Path) -> None:
    # A window from start_time = 2 s: the axis starts at 2, and a step at 8 s sits
    # under the tick "8" (it sat under "6" when the axis counted from start_time).
    t = np.round(np.arange(2.0, 18.0 + 1e-9, 0.05), 3)
    y = np.where(t < 8, 27.0, 22.0)
    drawn = _job(tmp_path, t, y, start=2.0)
    _golden("relative", drawn)
    _, labels, title = _axis(drawn)
    assert title.strip() == "time (s)"
    assert labels.split() == [str(v) for v in range(2, 19, 2)]
    assert abs(_step_column(drawn) - _label_at(labels, " 8 ") - 1) <= 1


def test_absolute_times_within_a_day_say_the_date(tmp_path: Path) -> None:
    t = NOON_2025 + np.arange(0.0, 90.0, 0.5)
    drawn = _job(tmp_path, t, np.sin(t - NOON_2025))
    _golden("absolute", drawn)
    _, labels, title = _axis(drawn)
    assert title.strip() == "time (UTC, 2025-01-01)"
    assert labels.split()[0] == "12:00:00"
    assert "12:01:00" in labels


def test_multi_day_times_carry_the_day(tmp_path: Path) -> None:
    t = NOON_2025 + np.arange(0.0, 2.5 * DAY, 600.0)
    drawn = _job(tmp_path, t, np.cos(t / 3600))
    _golden("multi_day", drawn)
    _, labels, title = _axis(drawn)
    assert title.strip() == "time (UTC, 2025)"
    days = [text for text in labels.split() if "-" in text]
    assert {"01-02", "01-03"} <= set(days)  # each midnight names its day


@pytest.mark.slow  # importing Plotly Express takes a second
def test_fractional_second_strings_keep_every_point() -> None:
    # What pandas writes: ISO strings with nine decimals.
    when = pd.Timestamp("2025-01-01T01:52:56.278802") + pd.to_timedelta(
        np.arange(6) * 1.25, unit="s"
    )
    frame = pd.DataFrame({"when": when, "value": [0.0, 1, 0, 1, 0, 5]})
    figure = json.loads(px.line(frame, x="when", y="value").to_json())
    assert "56.278802000" in figure["data"][0]["x"][0]
    drawn = _plotly(frame)
    _golden("fractional_strings", drawn)
    axis, labels, title = _axis(drawn)
    assert title.strip() == "when (UTC, 2025-01-01)"
    # 01:52:58 is 1.721198 s into the 6.25 s the axis spans.
    left, right = axis.index("└") + 1, len(axis) - 2
    expected = left + 1.721198 / 6.25 * (right - left)
    assert abs(_label_at(labels, "01:52:58") - expected) <= 1
    # The last segment climbs to 5 at the right edge: the last column is drawn there.
    upper = [line for line in drawn.split("\n")[1:5]]
    assert any("\u2801" <= line[right] <= "\u28ff" for line in upper), upper


@pytest.mark.parametrize("where", ["sdk", pytest.param("plotly", marks=pytest.mark.slow)])
def test_a_single_point(tmp_path: Path, where: str) -> None:
    if where == "sdk":
        drawn = _job(tmp_path, np.array([NOON_2025 + 0.278802]), np.array([3.0]))
        title_text = "time (UTC, 2025-01-01)"
    else:
        frame = pd.DataFrame({"when": [pd.Timestamp("2025-01-01T01:52:56.278802")], "value": [3.0]})
        drawn = _plotly(frame)
        title_text = "when (UTC, 2025-01-01)"
    _golden(f"single_point_{where}", drawn)
    _, labels, title = _axis(drawn)
    assert title.strip() == title_text
    assert len(set(labels.split())) == len(labels.split()) >= 2  # true, distinct ticks
    assert any("\u2801" <= ch <= "\u28ff" or ch == "•" for ch in drawn)
