"""Fixes from a user's review of the charts, each on a file written with the official SDK."""

from __future__ import annotations

import itertools
import json
import re
import uuid
from pathlib import Path

import numpy as np
import pytest
from resim.metrics.proto import metrics_pb2
from resim.metrics.python.metrics import SeriesMetricsData
from resim.metrics.python.metrics_utils import (
    HistogramBucket,
    MetricImportance,
    MetricStatus,
    Timestamp,
)
from resim.metrics.python.metrics_writer import ResimMetricsWriter
from rich.color import ColorSystem
from rich.console import Console
from rich.style import Style

from tests.conftest import BAD
from tests.mutations import all_series
from tests.sdk_jobs import objects
from tui.charts import Palette, render
from tui.charts.summary_table import summary_table
from tui.formats import load
from tui.model import Metric

PASSED = MetricStatus.PASSED_METRIC_STATUS
MEDIUM = MetricImportance.MEDIUM_IMPORTANCE


def _save(writer: ResimMetricsWriter, folder: Path, *, empty: str = "") -> list[Metric]:
    """Write the job and load it back; ``empty`` names a kind of series (``"strings"``...)
    to empty in every data: still of that kind, with no element (the SDK refuses to)."""
    message = writer.write().metrics_msg
    if empty:
        for series in all_series(message):
            if series.WhichOneof("series") == empty:
                getattr(series, empty).Clear()
                getattr(series, empty).SetInParent()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.binproto").write_bytes(message.SerializeToString())
    return load(folder).metrics


def _figure(folder: Path, figure: dict) -> Metric:
    writer = ResimMetricsWriter(uuid.uuid4())
    writer.add_plotly_metric("Figure").with_plotly_data(json.dumps(figure)).with_status(
        PASSED
    ).with_importance(MEDIUM)
    return _save(writer, folder)[0]


def test_plotly_trace_names_follow_one_rule(tmp_path: Path) -> None:
    long = "n" * 60
    traces = [
        {"type": "scatter", "y": [1, 2, 3], "name": ""},  # blank: unnamed
        {"type": "scatter", "y": [1, 2, 3], "name": "   "},  # blank: unnamed
        {"type": "scatter", "y": [1, 2, 3], "name": ["a", "b"]},  # not a scalar: unnamed
        {"type": "scatter", "y": [1, 2, 3], "name": True},  # a bool is no name
        {"type": "scatter", "y": [1, 2, 3], "name": 7},  # Plotly shows numbers
        {"type": "bar", "x": ["a"], "y": [1], "name": {"text": "x"}},
        {"type": "bar", "x": ["a"], "y": [2], "name": long},
        {"type": "bar", "base": [0], "x": [1], "y": ["r"], "orientation": "h", "name": long},
    ]
    chart = render(_figure(tmp_path, {"data": traces}), 120, 60, color="none")
    names = [row.name for row in chart.summary]
    # Unnamed traces are numbered by their place in the figure, whatever their type.
    assert names[:6] == ["trace 0", "trace 1", "trace 2", "trace 3", "7", "trace 5"]
    # One width for every family (bars and the timeline alike).
    assert names[6] == names[7] == "n" * 39 + "…"


def _states(
    folder: Path,
    series: list[list[str]],
    states: set[str],
    failing: set[str],
    *,
    empty: str = "",
) -> Metric:
    writer = ResimMetricsWriter(uuid.uuid4())
    metric = writer.add_states_over_time_metric("Mode")
    for k, values in enumerate(series):
        times = SeriesMetricsData(
            f"t{k}", series=objects([Timestamp(secs=i, nanos=0) for i in range(len(values))])
        )
        data = SeriesMetricsData(f"mode {k}", series=objects(values), index_data=times)
        metric.append_states_over_time_data(data, f"band {k}")
    metric.with_states_set(states).with_failure_states(failing).with_status(PASSED).with_importance(
        MEDIUM
    )
    return _save(writer, folder, empty=empty)[0]


def test_states_with_only_empty_series_say_no_data(tmp_path: Path) -> None:
    # States without values, on a timestamp index that has some.
    metric = _states(tmp_path, [["A"], ["B"]], {"A", "B"}, set(), empty="strings")
    assert all(r.data is not None and r.data.length() == 0 for r in metric.values.states)
    chart = render(metric, 60, 12, color="none")
    assert chart.body.plain == "no data"
    assert chart.notes.count("no data") == 1
    assert not any("could not draw" in n for n in chart.notes)


def _lines(folder: Path, series: dict[str, np.ndarray], statuses: dict[str, list] | None = None):
    """A double-over-time metric with one line per entry (statuses optional, per series)."""
    writer = ResimMetricsWriter(uuid.uuid4())
    data, status_data = [], []
    for name, values in series.items():
        times = SeriesMetricsData(
            f"{name} t", series=objects([Timestamp(secs=i, nanos=0) for i in range(len(values))])
        )
        data.append(SeriesMetricsData(name, series=values, index_data=times, unit="m"))
        if statuses is not None:
            status_data.append(
                SeriesMetricsData(
                    f"{name} status", series=objects(statuses[name]), index_data=times
                )
            )
    metric = writer.add_double_over_time_metric("Lines").with_doubles_over_time_data(data)
    if statuses is not None:
        metric.with_statuses_over_time_data(status_data)
    metric.with_status(PASSED).with_importance(MEDIUM)
    return _save(writer, folder)[0]


def _ansi_colours(text) -> set[int]:
    found = set()
    for span in text.spans:
        style = span.style if isinstance(span.style, Style) else Style.parse(str(span.style))
        if style.color is not None:
            found.add(style.color.downgrade(ColorSystem.STANDARD).number)
    return found


def test_sixteen_colour_series_are_never_red_or_yellow(tmp_path: Path) -> None:
    ramp = np.linspace(0.0, 1.0, 50)
    metric = _lines(tmp_path, {f"s{k}": ramp + k for k in range(8)})
    orange_theme = Palette(series=("#0178d4", "#ffa62b", "#f5a742", "#e8d44d", "#f85149"))
    for palette in (None, orange_theme, Palette()):
        chart = render(metric, 100, 30, color="16", palette=palette)
        colours = _ansi_colours(chart.body)
        assert not colours & {1, 3, 9, 11}, colours  # red and yellow say fail and warn
        assert len(colours - {8}) == 8  # eight series, eight colours (8: the grey axis)


def test_summary_counts_what_min_max_and_mean_leave_out(tmp_path: Path) -> None:
    values = np.array([1.2, np.inf, 6.854, np.nan, np.inf, -np.inf, 4.0, np.inf])
    metric = _lines(tmp_path, {"TTC": values, "plain": np.arange(8.0)})
    chart = render(metric, 80, 20, color="none")
    ttc, plain = chart.summary
    assert (ttc.min, ttc.max, ttc.last) == (1.2, 6.854, np.inf)
    assert (ttc.pos_inf, ttc.neg_inf, ttc.nan) == (3, 1, 1)
    assert ttc.not_finite == "3 +∞, 1 -∞, 1 NaN" and plain.not_finite == ""
    console = Console(width=100, color_system=None, record=True)
    console.print(summary_table(chart))
    shown = console.export_text()
    assert "not finite" in shown and "3 +∞, 1 -∞, 1 NaN" in shown
    assert "min, max, mean: finite values only" in shown
    only_plain = render(_lines(tmp_path / "b", {"plain": np.arange(8.0)}), 80, 20, color="none")
    console = Console(width=100, color_system=None, record=True)
    console.print(summary_table(only_plain))
    assert "not finite" not in console.export_text()  # no column when every value is finite


def test_failing_counts_only_statuses_that_pair_with_a_point() -> None:
    folder = BAD / "length_mismatch"
    if not folder.is_dir():
        pytest.skip("bad-input corpus not found")
    metric = next(m for m in load(folder).metrics if m.name == "TTC")
    chart = render(metric, 80, 20, color="none")
    (row,) = chart.summary
    assert row.count == 5 and row.failing <= row.count
    assert any("27 statuses for 5 points" in note for note in chart.notes), chart.notes
    # The legend lists only marks that are drawn: the failing statuses are past the points.
    assert "FAIL_BLOCK" not in chart.body.plain and "×" not in chart.body.plain


def test_failing_statuses_past_the_values_are_not_counted(tmp_path: Path) -> None:
    block = MetricStatus.FAIL_BLOCK_METRIC_STATUS
    values = np.array([1.0, 2.0, 3.0, 4.0])
    _lines(tmp_path, {"a": values}, {"a": [PASSED, block, PASSED, PASSED]})
    # The SDK writes as many statuses as values; keep one value in the file, all statuses.
    message = metrics_pb2.JobMetrics.FromString((tmp_path / "metrics.binproto").read_bytes())
    for data in message.metrics_data:
        if data.name == "a":
            del data.series.doubles.series[1:]
    (tmp_path / "metrics.binproto").write_bytes(message.SerializeToString())
    metric = load(tmp_path).metrics[0]
    chart = render(metric, 80, 20, color="none")
    (row,) = chart.summary
    assert (row.count, row.failing) == (1, 0)
    assert "FAIL_BLOCK" not in chart.body.plain


def _plot_rows(text: str) -> list[str]:
    """The rows inside the frame (between the top border and the x axis line)."""
    lines = text.split("\n")
    top = next(i for i, line in enumerate(lines) if "┌" in line)
    bottom = next(i for i, line in enumerate(lines) if "└" in line)
    return lines[top + 1 : bottom]


def test_failing_points_leave_the_line_whole_and_mark_the_axis(tmp_path: Path) -> None:
    warn = MetricStatus.FAIL_WARN_METRIC_STATUS
    speed = 11.0 + 2.0 * np.sin(np.arange(200) / 20.0)
    other = 11.0 + 2.0 * np.cos(np.arange(200) / 20.0)
    flags = [warn if v > 12.0 else PASSED for v in speed]
    failing = _lines(
        tmp_path / "a", {"speed": speed, "other": other}, {"speed": flags, "other": [PASSED] * 200}
    )
    passing = _lines(
        tmp_path / "b",
        {"speed": speed, "other": other},
        {"speed": [PASSED] * 200, "other": [PASSED] * 200},
    )
    for color in ("none", "truecolor"):
        marked = render(failing, 100, 24, color=color).body
        clean = render(passing, 100, 24, color=color).body
        # Same drawing inside the frame: no status glyph replaces a piece of any line.
        assert _plot_rows(marked.plain) == _plot_rows(clean.plain)
        axis = next(line for line in marked.plain.split("\n") if "└" in line)
        assert axis.count("!") > 10 and "FAIL_WARN (x axis)" in marked.plain
    coloured = render(failing, 100, 24, color="truecolor", palette=Palette(warn="#123456"))
    warned = [
        coloured.body.plain[span.start : span.end]
        for span in coloured.body.spans
        if "#123456" in str(span.style)
    ]
    assert any(0x2800 <= ord(c) <= 0x28FF for text in warned for c in text)  # the line, tinted


def test_a_one_band_states_chart_is_as_tall_as_its_band(tmp_path: Path) -> None:
    metric = _states(tmp_path, [["A", "B", "A", "C"]], {"A", "B", "C"}, {"C"})
    chart = render(metric, 100, 40, color="none")
    lines = chart.body.plain.split("\n")
    assert len(lines) <= 8  # legend, three rows of band, axis, ticks, axis name
    assert sum("█" in line or "▓" in line for line in lines[1:]) == 3  # under the legend


@pytest.mark.slow
async def test_chart_area_shrinks_to_a_short_chart_and_grows_back(tmp_path: Path) -> None:
    from tests.test_charts_widgets import Host
    from tui.app.widgets.chart_view import ChartArea, ChartView

    metric = _states(tmp_path, [["A", "B", "A", "C"]], {"A", "B", "C"}, {"C"})
    app = Host(ChartView(metric))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        area = app.query_one(ChartArea)
        assert area.room() == 24  # 60% of 40 rows is what the chart may use...
        assert area.size.height == len(area.body.plain.split("\n")) <= 8  # ...it takes 7
        await pilot.resize_terminal(20, 40)  # the legend wraps: one more line, not fewer rows
        await pilot.pause()
        await pilot.pause()
        lines = area.body.plain.split("\n")
        assert area.size.height == len(lines) == 8
        assert sum(("│" in line or "┤" in line) and "█" in line for line in lines) == 3


def _bars(folder: Path, labels: list[str], series: int = 1) -> Metric:
    writer = ResimMetricsWriter(uuid.uuid4())
    index = SeriesMetricsData("labels", series=objects(labels))
    metric = writer.add_bar_chart_metric("Bars")
    for k in range(series):
        values = np.arange(1.0, len(labels) + 1) * (k + 1)
        metric.append_values_data(SeriesMetricsData(f"v{k}", series=values, index_data=index))
        status = SeriesMetricsData(
            f"s{k}", series=objects([PASSED] * len(labels)), index_data=index
        )
        metric.append_statuses_data(status)
    metric.with_status(PASSED).with_importance(MEDIUM)
    return _save(writer, folder)[0]


def _names_shown(text: str, labels: list[str]) -> list[str]:
    """The labels that can be read under the bars or beside them (whole or cut with …)."""
    lines = text.split("\n")
    axis = max(i for i, line in enumerate(lines) if "└" in line)
    under = lines[axis + 1] if axis + 1 < len(lines) else ""
    beside = " ".join(line.split("┤")[0] for line in lines[:axis] if "┤" in line)
    found = []
    for name in labels:
        cuts = [name] + [name[:k] + "…" for k in range(3, len(name))]
        if any(c in under.split() or c in beside.split() for c in cuts):
            found.append(name)
    return found


def test_every_bar_is_named_whatever_the_size(tmp_path: Path) -> None:
    labels = ["Approach", "Wait", "Turn", "Exit"]
    for series in (1, 3):
        metric = _bars(tmp_path / str(series), labels, series)
        for width in range(30, 131, 7):
            for height in (10, 14, 20, 30):
                chart = render(metric, width, height, color="none")
                assert not chart.notes, (width, height, chart.notes)
                shown = _names_shown(chart.body.plain, labels)
                assert shown == labels, (series, width, height, chart.body.plain)


def test_batches_one_a_day_are_named_by_their_dates(tmp_path: Path) -> None:
    writer = ResimMetricsWriter(uuid.uuid4())
    ids = objects([uuid.UUID(int=k + 1) for k in range(6)])
    batches = SeriesMetricsData("batches", series=ids)
    day = 86_400
    times = SeriesMetricsData(
        "times",
        series=objects([Timestamp(secs=1_747_215_000 + k * day, nanos=0) for k in range(6)]),
        index_data=batches,
    )
    values = SeriesMetricsData("p50", series=np.arange(6.0) + 30, index_data=batches)
    statuses = SeriesMetricsData("s", series=objects([PASSED] * 6), index_data=batches)
    writer.add_batchwise_bar_chart_metric("Latency").append_category_data(
        "p50", times, values, statuses
    ).with_project_id(uuid.uuid4()).with_status(PASSED).with_importance(MEDIUM)
    metric = _save(writer, tmp_path)[0]
    for width in (50, 60, 80, 100):
        text = render(metric, width, 16, color="none").body.plain
        for k in range(6):
            assert f"05-{14 + k}" in text, (width, text)


def _histogram(folder: Path, values: np.ndarray, edges: np.ndarray) -> Metric:
    writer = ResimMetricsWriter(uuid.uuid4())
    data = SeriesMetricsData("errors", series=values)
    status = SeriesMetricsData("status", series=objects([PASSED] * len(values)))
    buckets = [HistogramBucket(float(a), float(b)) for a, b in itertools.pairwise(edges)]
    writer.add_histogram_metric("Errors").with_values_data(data).with_statuses_data(
        status
    ).with_buckets(buckets).with_lower_bound(float(edges[0])).with_upper_bound(
        float(edges[-1])
    ).with_status(PASSED).with_importance(MEDIUM)
    return _save(writer, folder)[0]


def test_histogram_buckets_are_merged_never_dropped(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    values = np.concatenate([rng.normal(0.1, 0.05, 400).clip(0, 0.39), [0.395]])  # one outlier
    metric = _histogram(tmp_path, values, np.linspace(0.0, 0.4, 41))  # 40 buckets
    for width, height in ((120, 40), (100, 20), (60, 20), (40, 16), (30, 12)):
        chart = render(metric, width, height, color="none")
        assert not any("showing the first" in n for n in chart.notes), (width, chart.notes)
        # The tail is drawn: the lone outlier makes the last bar one count tall.
        lines = chart.body.plain.split("\n")
        bottom = next(ln for ln in lines if "┤" in ln and ln.split("┤")[0].strip() in ("0", "0.0"))
        bars = bottom.split("┤")[1].rstrip(" │")
        assert bars[-1] in "▁▂▃▄▅▆▇█", (width, chart.body.plain)
    narrow = render(metric, 40, 16, color="none")
    assert any("40 buckets drawn as 14 bars" in n for n in narrow.notes), narrow.notes


def test_plotly_histogram_bins_are_merged_never_dropped(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    x = np.abs(rng.normal(0.0, 0.1, 400)).tolist()
    figure = {"data": [{"type": "histogram", "x": x, "nbinsx": 20}], "layout": {}}
    metric = _figure(tmp_path, figure)
    wide = render(metric, 100, 20, color="none")
    # nbinsx asks for about 20 bins; Plotly makes them a round size (0.02 here): 18.
    assert not wide.notes, wide.notes  # every bar fits
    assert "0.00–0.02" in wide.body.plain
    for width, height in ((40, 16), (30, 10)):
        chart = render(metric, width, height, color="none")
        assert not any("showing the first" in n for n in chart.notes), chart.notes
        merged = [n for n in chart.notes if re.match(r"\d+ bins drawn as", n)]
        assert merged or not chart.notes, chart.notes  # all bins, or neighbours summed
