"""Marks beside the data, never over it; thresholds at their true height (issue 11).

A failure mark that replaces a bar's cells makes a stack look shorter; a rule
snapped to a text row puts "fails below 0.5" on the 0 tick. Each test draws the
same data with and without the mark and checks that the data is untouched.
"""

from __future__ import annotations

import numpy as np
import pytest

from tui.charts import bars as b
from tui.charts import xy
from tui.charts.histogram import render as histogram
from tui.charts.types import Palette

FAIL_WARN, FAIL_BLOCK = 2, 5
MARKS = ("×", "!")


def _plot_area(text: str) -> list[str]:
    lines = text.split("\n")
    top = next(i for i, line in enumerate(lines) if "┌" in line or "└" in line)
    return lines[top:]


def _bars(stack: bool, statuses: bool, horizontal: bool) -> str:
    values = [np.array([3.0, 7.0, 2.0]), np.array([4.0, 1.0, 5.0]), np.array([2.0, 2.0, 6.0])]
    status = [
        np.array([FAIL_BLOCK, 1, 1]),
        np.array([1, FAIL_WARN, 1]),
        np.array([1, 1, FAIL_BLOCK]),
    ]
    series = [
        b.BarSeries(f"s{i}", v, statuses=status[i] if statuses else None)
        for i, v in enumerate(values)
    ]
    # Names wide enough that the failure legend never takes a row of its own.
    bars = b.Bars(["alpha", "beta", "gamma"], series, stack=stack, horizontal=horizontal)
    body, *_ = b.draw(bars, 90, 24, "none", Palette())
    return body.plain


@pytest.mark.parametrize("stack", [True, False], ids=["stacked", "side_by_side"])
@pytest.mark.parametrize("horizontal", [False, True], ids=["vertical", "horizontal"])
def test_failure_marks_leave_every_bar_whole(stack: bool, horizontal: bool) -> None:
    plain = _plot_area(_bars(stack, False, horizontal))
    marked = _plot_area(_bars(stack, True, horizontal))
    assert any(m in "".join(marked) for m in MARKS), "no failure mark drawn"
    # Every cell of every bar is where it was, as it was (a mark may move the value
    # printed after a horizontal bar, never a bar).
    assert _fills(marked) == _fills(plain)


FILL = set("█▓▒░=+~o") | set(b.bars_vertical.VERTICAL_EIGHTHS[1:]) | set("▏▎▍▌▋▊▉")


def _fills(lines: list[str]) -> set[tuple[int, int, str]]:
    return {(r, c, ch) for r, line in enumerate(lines) for c, ch in enumerate(line) if ch in FILL}


def test_failure_marks_are_in_the_legend() -> None:
    header = _bars(True, True, False).split("\n")[0]
    assert "× FAIL_BLOCK" in header and "! FAIL_WARN" in header


def test_histogram_marks_the_buckets_that_hold_failing_values(tmp_path) -> None:
    import uuid

    from resim.metrics.python.metrics import SeriesMetricsData
    from resim.metrics.python.metrics_utils import (
        HistogramBucket,
        MetricImportance,
        MetricStatus,
    )
    from resim.metrics.python.metrics_writer import ResimMetricsWriter

    from tests.sdk_jobs import objects
    from tui.formats import load

    values = np.array([0.5, 1.5, 1.6, 2.5, 3.5, 3.6, 3.7])
    passed, warn = MetricStatus.PASSED_METRIC_STATUS, MetricStatus.FAIL_WARN_METRIC_STATUS
    status = [passed, passed, passed, passed, warn, warn, passed]
    writer = ResimMetricsWriter(uuid.uuid4())
    writer.add_histogram_metric("Latency").with_values_data(
        SeriesMetricsData("latency", series=values)
    ).with_statuses_data(SeriesMetricsData("status", series=objects(status))).with_buckets(
        [HistogramBucket(lower=float(i), upper=float(i + 1)) for i in range(4)]
    ).with_lower_bound(0.0).with_upper_bound(4.0).with_x_axis_name("latency (s)").with_status(
        passed
    ).with_importance(MetricImportance.MEDIUM_IMPORTANCE)
    (tmp_path / "metrics.binproto").write_bytes(writer.write().metrics_msg.SerializeToString())
    metric = next(load(tmp_path).metrics_named("Latency"))
    chart = histogram(metric, metric.values, 60, 16, "none", Palette(), None)
    assert chart.summary[0].failing == 2
    area = _plot_area(chart.body.plain)
    marks = [(r, c) for r, line in enumerate(area) for c, ch in enumerate(line) if ch == "!"]
    assert len(marks) == 1, chart.body.plain  # one bucket, 3-4, holds both failing values
    labels = next(line for line in area if "3–4" in line)
    centre = labels.index("3–4") + 1
    bottom = area[area.index(labels) - 2]  # the plot's lowest row: every bar's foot
    start = bottom.rindex(" ", 0, centre) + 1
    end = bottom.index(" ", centre) - 1
    _, col = marks[0]
    assert start - 1 <= col <= end + 1, chart.body.plain  # on or beside that bar
    assert "! FAIL_WARN" in chart.body.plain.split("\n")[0]


def _xy(extra: xy.Line | None, threshold: float | None) -> list[str]:
    t = np.arange(0, 100, dtype=np.int64) * 10**8
    ramp = xy.Line("ramp", t, np.linspace(0.0, 10.0, len(t)))
    lines = [ramp] + ([extra] if extra is not None else [])
    rules = [xy.Threshold(threshold, "fails below 0.5")] if threshold is not None else []
    plot = xy.XYPlot(lines, xy.XAxis.of_time(0), thresholds=rules)
    return _plot_area(xy.draw(plot, 70, 20, "truecolor", Palette()).plain)


@pytest.mark.parametrize("value", [0.5, 2.2, 9.1])
def test_thresholds_sit_at_their_true_height(value: float) -> None:
    # A rule at v is drawn in exactly the dots a flat line at v is drawn in.
    t = np.arange(0, 100, dtype=np.int64) * 10**8
    flat = xy.Line("flat", t, np.full(len(t), value))
    ruled, lined = _xy(None, value), _xy(flat, None)
    assert ruled == lined
    zero_row = next(line for line in ruled if line.lstrip().startswith("0"))
    if value == 0.5:  # in the 0 row, but its top quarter: not the 0 tick's dot
        assert "⠉" in zero_row
