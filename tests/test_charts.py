"""Chart renderers on files written with the official SDK: decimation, gaps, statuses, safety."""

from __future__ import annotations

import uuid
from pathlib import Path

import numpy as np
import pytest
from resim.metrics.python.metrics import SeriesMetricsData
from resim.metrics.python.metrics_utils import (
    DoubleFailureDefinition,
    HistogramBucket,
    MetricImportance,
    MetricStatus,
    Timestamp,
)
from resim.metrics.python.metrics_writer import ResimMetricsWriter

from tests.sdk_jobs import objects
from tui.charts import Palette, render
from tui.charts.decimate import reduce
from tui.charts.histogram import counts
from tui.formats import load

PASSED = MetricStatus.PASSED_METRIC_STATUS
BLOCK = MetricStatus.FAIL_BLOCK_METRIC_STATUS
MEDIUM = MetricImportance.MEDIUM_IMPORTANCE


def _write(writer: ResimMetricsWriter, folder: Path) -> Path:
    message = writer.write().metrics_msg
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.binproto").write_bytes(message.SerializeToString())
    return folder


def _dot(folder: Path, values: np.ndarray, statuses: list, name: str = "Speed [bold]") -> Path:
    writer = ResimMetricsWriter(uuid.uuid4())
    n = len(values)
    times = SeriesMetricsData("t", series=objects([Timestamp(secs=i, nanos=0) for i in range(n)]))
    data = SeriesMetricsData(name, series=values, index_data=times, unit="m/s")
    status = SeriesMetricsData(f"{name} status", series=objects(statuses), index_data=times)
    writer.add_double_over_time_metric(name).with_doubles_over_time_data(
        [data]
    ).with_statuses_over_time_data([status]).with_failure_definitions(
        [DoubleFailureDefinition(fails_above=5.0, fails_below=None)]
    ).with_status(PASSED).with_importance(MEDIUM).with_y_axis_name("speed")
    return _write(writer, folder)


def test_decimation_keeps_extremes_and_costs_columns() -> None:
    x = np.arange(1_000_000, dtype=np.float64)
    y = np.zeros_like(x)
    y[123_457] = 50.0  # one spike among a million points must survive
    y[876_543] = -7.0
    runs = reduce(x, y, 0.0, float(x[-1]), 100)
    assert len(runs) == 100
    assert runs.hi.max() == 50.0 and runs.lo.min() == -7.0


def test_decimation_from_blocks_matches_every_point() -> None:
    """A long series reduces from its remembered block extremes: the runs must be those
    of a pass over every point, at any width and zoom, with the column edges falling
    anywhere in a block (float and int64 nanosecond x, spikes in partial blocks)."""
    from tui.charts.decimate import BLOCKS_FROM, _sorted, _window

    rng = np.random.default_rng(7)
    n = BLOCKS_FROM * 3 + 77
    xs = [
        np.sort(rng.random(n)) * 100,
        1_700_000_000 * 10**9 + np.cumsum(rng.integers(0, 3, n)).astype(np.int64) * 1000,
    ]
    y = rng.standard_normal(n)
    y[[5, BLOCKS_FROM + 1, n - 1]] = [40.0, -40.0, 41.0]  # extremes off block boundaries
    for x in xs:
        ends = [(x[0], x[-1]), (x[n // 3], x[n // 2]), (x[10], x[12]), (x[n - 300], x[-1])]
        for a, b in ends:
            x0, x1 = (int(a), int(b) + 1) if x.dtype.kind == "i" else (float(a), float(b))
            for ncols in (1, 7, 240, 999):
                runs = reduce(x, y, x0, x1, ncols)
                lo_i, hi_i = _window(x, x0, x1)
                want, _ = _sorted(x[lo_i:hi_i], y[lo_i:hi_i], x0, x1, ncols)
                for part in ("cols", "lo", "hi", "first", "last", "joined"):
                    assert np.array_equal(getattr(runs, part), getattr(want, part)), part


def test_decimation_gaps_at_nan_and_inf() -> None:
    x = np.arange(10, dtype=np.float64)
    y = np.array([1, 2, np.nan, 4, 5, np.inf, 7, 8, -np.inf, 9], dtype=np.float64)
    runs = reduce(x, y, 0.0, 9.0, 10)
    assert len(runs) == 7  # non-finite points are dropped
    # The line restarts after each gap: runs at x=3, x=6 and x=9 do not join their predecessor.
    assert runs.joined.tolist() == [False, True, False, True, False, True, False]


def test_decimation_of_unsorted_x() -> None:
    x = np.array([3.0, 1.0, 2.0, 0.0])
    runs = reduce(x, np.array([1.0, 2.0, 3.0, 4.0]), 0.0, 3.0, 4)
    assert sorted(runs.cols.tolist()) == [0, 1, 2, 3]


def test_histogram_counts_half_open_last_closed() -> None:
    values = np.array([0.0, 1.0, 1.0, 2.0, 3.0, np.nan, 5.0])
    buckets = [(0.0, 1.0), (1.0, 2.0), (2.0, 3.0)]
    assert counts(values, buckets).tolist() == [1, 2, 2]  # 3.0 is in the last; 5.0 in none
    assert counts(values, [(2.0, 1.0), (float("nan"), 3.0)]).tolist() == [0, 0]


def test_double_over_time_marks_failures_and_gaps(tmp_path: Path) -> None:
    values = np.array([1.0, 2.0, np.nan, 6.0, 7.0, 3.0, np.inf, 2.0])
    statuses = [PASSED, PASSED, PASSED, BLOCK, BLOCK, PASSED, PASSED, PASSED]
    doc = load(_dot(tmp_path / "job", values, statuses))
    chart = render(doc.metrics[0], 60, 16, color="none")
    text = chart.body.plain
    assert "×" in text and "FAIL_BLOCK (x axis)" in text
    # A threshold is a row of dots across the plot at its own height (tests/test_charts_marks.py).
    assert "⠤ fails above 5" in text
    rules = [c * 20 for c in "⠉⠒⠤⣀"]
    assert any(rule in line for line in text.split("\n") for rule in rules)
    assert "speed (m/s)" in text and "time (s)" in text
    assert "Speed [bold]" in text  # markup in a name stays literal
    (row,) = chart.summary
    assert (row.count, row.min, row.max, row.failing) == (8, 1.0, 7.0, 2)


def test_no_colour_has_no_styles_and_colour_uses_the_palette(tmp_path: Path) -> None:
    doc = load(_dot(tmp_path / "job", np.arange(5.0), [PASSED] * 5))
    plain = render(doc.metrics[0], 40, 10, color="none")
    assert not plain.body.spans
    palette = Palette(series=("#123456",), fail="#abcdef")
    coloured = render(doc.metrics[0], 40, 10, color="truecolor", palette=palette)
    styles = {str(span.style) for span in coloured.body.spans}
    assert any("#123456" in s for s in styles) and any("#abcdef" in s for s in styles)


def test_empty_series_says_no_data(tmp_path: Path) -> None:
    writer = ResimMetricsWriter(uuid.uuid4())
    data = SeriesMetricsData("values", series=np.array([np.nan, np.nan]))
    status = SeriesMetricsData("status", series=objects([PASSED, PASSED]))
    writer.add_histogram_metric("Hist").with_values_data(data).with_statuses_data(
        status
    ).with_buckets([HistogramBucket(0.0, 1.0)]).with_lower_bound(0.0).with_upper_bound(
        1.0
    ).with_status(PASSED).with_importance(MEDIUM)
    xs = SeriesMetricsData("xs", series=np.array([np.nan]))
    ys = SeriesMetricsData("ys", series=np.array([np.nan]))
    writer.add_line_plot_metric("Line").append_series_data(xs, ys, "a").with_status(
        PASSED
    ).with_importance(MEDIUM)
    doc = load(_write(writer, tmp_path / "job"))
    for metric in doc.metrics:
        chart = render(metric, 40, 10, color="none")
        assert chart.body.plain.strip(), metric.name
    line = next(doc.metrics_named("Line"))
    assert "no data" in render(line, 40, 10, color="none").body.plain


@pytest.mark.parametrize(("width", "height"), [(10, 4), (1, 1), (200, 60)])
def test_control_characters_never_reach_the_output(tmp_path: Path, width: int, height: int) -> None:
    doc = load(_dot(tmp_path / "job", np.arange(3.0), [PASSED] * 3, name="evil\x1b[2J\x9b1m"))
    chart = render(doc.metrics[0], width, height, color="truecolor")
    assert "\x1b" not in chart.body.plain and "\x9b" not in chart.body.plain
