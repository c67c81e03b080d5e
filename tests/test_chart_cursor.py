"""The cursor, readout, zoom window and next failure of an x chart, without a terminal:
every number checked against the arrays the file was written from."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from tests.explore_jobs import STEP_NS, speed, speed_metric
from tui.charts import cursor as cur
from tui.charts import render
from tui.charts import window as win
from tui.charts.types import Palette
from tui.charts.view import XView
from tui.text.formatting import number


@pytest.fixture(scope="module")
def metric(tmp_path_factory: pytest.TempPathFactory):
    return speed_metric(tmp_path_factory.mktemp("speed"))


def _view(metric, window=None, width: int = 80, height: int = 20) -> XView:
    chart = render(metric, width, height, color="none", window=window)
    assert chart.view is not None
    return chart.view


def test_the_view_says_where_the_plot_area_is(metric) -> None:
    chart = render(metric, 80, 20, color="none")
    view = chart.view
    assert view is not None
    lines = chart.body.plain.split("\n")
    # The frame's corner is just above and left of the first plot cell.
    assert lines[view.row0 - 1][view.col0 - 1] == "┌"
    assert lines[view.row0 + view.rows][view.col0 - 1] == "└"
    assert lines[view.row0][view.col0 + view.cols] == "│"  # the right frame
    ns, _, _ = speed()
    assert view.full[0] <= 0 and view.full[1] >= ns[-1] / 1e9


def test_columns_and_x_round_trip(metric) -> None:
    view = _view(metric)
    for col in (0, 1, view.cols // 2, view.cols - 1):
        assert cur.col_of(view, cur.x_at(view, col)) == col
    assert cur.col_of(view, -1e9) == 0 and cur.col_of(view, 1e9) == view.cols - 1
    assert cur.shifted(view, cur.x_at(view, 3), 1) == cur.x_at(view, 4)


def test_readings_are_the_nearest_samples(metric) -> None:
    view = _view(metric)
    ns, y, status = speed()
    for col in range(0, view.cols, 7):
        x = cur.x_at(view, col)
        (reading,) = cur.readings(view, x)
        expect = int(np.argmin(np.abs(ns / 1e9 - x)))
        assert reading.index == expect
        assert reading.y == y[expect] and reading.status == status[expect]
        assert reading.x == pytest.approx(ns[expect] / 1e9)


def test_the_readout_says_value_status_and_which_sample(metric) -> None:
    view = _view(metric)
    ns, y, status = speed()
    i = int(np.flatnonzero(status == 5)[0])
    text = cur.readout(view, ns[i] / 1e9).plain
    assert text.startswith("t = ")
    assert number(y[i]) in text and "FAIL_BLOCK" in text
    assert "nearest sample: t = " + number(ns[i] / 1e9, 10) + " s" in text


def _run_starts(status: np.ndarray) -> np.ndarray:
    bad = np.flatnonzero(status >= 2)
    return bad[np.concatenate(([True], np.diff(bad) > 1))]


def test_next_and_previous_failure_walk_every_failing_run(metric) -> None:
    view = _view(metric)
    ns, _, status = speed()
    starts = ns[_run_starts(status)] / 1e9
    assert len(starts) >= 3  # the fixture fails in several runs
    x, seen = -math.inf, []
    while (x := cur.next_failure(view, x, 1)) is not None:
        seen.append(x)
    assert seen == pytest.approx(list(starts))
    back, x = [], math.inf
    while (x := cur.next_failure(view, x, -1)) is not None:
        back.append(x)
    assert back == pytest.approx(list(starts[::-1]))
    # From inside a run, back goes to the start of that run.
    inside = starts[1] + 2 * STEP_NS / 1e9
    assert cur.next_failure(view, inside, -1) == pytest.approx(starts[1])


def test_zoom_keeps_the_point_under_the_cursor_and_reset_is_none() -> None:
    full = (0.0, 10.0)
    window = win.zoom(None, full, 2.5, 2.0)
    assert window == pytest.approx((1.25, 6.25))  # 2.5 stays a quarter of the way in
    assert win.zoom(window, full, 2.5, 0.5) is None  # back out: the whole range
    assert win.zoom(None, full, 9.9, 4.0) == pytest.approx((7.425, 9.925))


def test_pan_and_follow_stay_inside_the_data() -> None:
    full = (0.0, 10.0)
    assert win.pan((0.0, 2.0), full, -1) == (0.0, 2.0)
    assert win.pan((0.0, 2.0), full, 1) == pytest.approx((0.5, 2.5))
    assert win.pan((7.0, 9.0), full, 8) == pytest.approx((8.0, 10.0))
    assert win.pan(None, full, 1) is None
    assert win.follow((0.0, 2.0), full, 1.0) == (0.0, 2.0)
    assert win.follow((0.0, 2.0), full, 5.0) == pytest.approx((4.0, 6.0))
    assert win.follow((0.0, 2.0), full, 9.9) == pytest.approx((8.0, 10.0))


def test_a_zoomed_chart_shows_the_window_and_fits_y_to_it(metric) -> None:
    ns, y, _ = speed()
    window = (1.0, 1.4)  # sin(t*2) is within 0.9..1.0 there
    view = _view(metric, window)
    assert (view.x0, view.x1) == window and view.full == _view(metric).full
    body = render(metric, 80, 20, color="none", window=window).body.plain
    seen = y[(ns >= 1.0e9) & (ns <= 1.4e9)]
    labels = [float(line[: view.col0 - 1]) for line in body.split("\n") if "┤" in line]
    # The y range is the data in view (ticks are round values inside it), not the whole
    # series' -1 .. 1.
    assert seen.min() <= min(labels) and max(labels) <= seen.max()
    assert max(labels) - min(labels) >= (seen.max() - seen.min()) / 2


def test_zoomed_in_far_enough_every_sample_has_its_own_column(metric) -> None:
    window = (1.0, 1.3)  # 31 samples over 74 columns
    view = _view(metric, window)
    picked = [cur.readings(view, cur.x_at(view, c))[0].index for c in range(view.cols)]
    assert picked[0] == 100 and picked[-1] == 130
    assert set(np.diff(picked)) <= {0, 1} and len(set(picked)) == 31


def test_the_overlay_draws_one_column_and_leaves_the_rest(metric) -> None:
    chart = render(metric, 80, 20, color="none")
    view = chart.view
    assert view is not None
    marked = cur.overlay(chart.body, view, 10)
    before, after = chart.body.plain.split("\n"), marked.plain.split("\n")
    at = view.col0 + 10
    for row, (old, new) in enumerate(zip(before, after, strict=True)):
        if view.row0 <= row < view.row0 + view.rows:
            assert new[:at] == old[:at] and new[at + 1 :] == old[at + 1 :]
            assert new[at] == (cur.LINE if old[at] == " " else old[at])
        else:
            assert new == old
    reversed_cells = [s for s in marked.spans if s.style and "reverse" in str(s.style)]
    assert all(s.end - s.start == 1 for s in reversed_cells) and reversed_cells
    assert cur.overlay(chart.body, view, view.cols) is chart.body  # off the plot: nothing


def test_absolute_time_reads_as_clock_time(tmp_path: Path) -> None:
    from tui.charts.xy import Line, XAxis

    origin = 1_700_000_000 * 10**9
    x = origin + np.arange(100, dtype=np.int64) * STEP_NS
    axis = XAxis.of_time(origin)
    view = XView(5, 2, 60, 10, 0.0, 0.99, (0.0, 0.99), axis, (Line("a", x, np.arange(100.0)),))
    text = cur.x_text(view, 0.5)
    assert text.startswith("22:13:20.5")
    (reading,) = cur.readings(view, 0.5)
    assert reading.index == 50


def test_a_hostile_state_name_reaches_the_readout_inert(tmp_path: Path) -> None:
    import uuid

    from resim.metrics.python.metrics import SeriesMetricsData
    from resim.metrics.python.metrics_utils import MetricImportance, MetricStatus, Timestamp
    from resim.metrics.python.metrics_writer import ResimMetricsWriter

    from tests.sdk_jobs import objects
    from tui.formats import load

    evil = "\x1b]52;c;ZXZpbA==\x07[bold]x"
    writer = ResimMetricsWriter(uuid.uuid4())
    times = SeriesMetricsData("t", series=objects([Timestamp(secs=i, nanos=0) for i in range(3)]))
    states = SeriesMetricsData("gear", series=objects(["P", evil, "P"]), index_data=times)
    writer.add_states_over_time_metric("Gear").with_states_over_time_data([states]).with_states_set(
        {"P", evil}
    ).with_failure_states(set()).with_status(MetricStatus.PASSED_METRIC_STATUS).with_importance(
        MetricImportance.MEDIUM_IMPORTANCE
    )
    (tmp_path / "metrics.binproto").write_bytes(writer.write().metrics_msg.SerializeToString())
    metric = load(tmp_path).metrics[0]
    view = _view(metric)
    text = cur.readout(view, 1.2).plain
    assert "\x1b" not in text and "\x07" not in text and "\\x1b]52" in text


def test_a_zoomed_marker_scatter_fits_y_to_the_points_in_view() -> None:
    from tui.charts.plotly import draw_figure

    x = np.arange(100.0)
    y = np.where(x < 50, x, 1000.0)  # the right half is far higher
    figure = {"data": [{"type": "scatter", "mode": "markers", "x": x.tolist(), "y": y.tolist()}]}
    chart = draw_figure(figure, 80, 20, "none", Palette(), window=(0.0, 40.0))
    assert chart.view is not None and (chart.view.x0, chart.view.x1) == (0.0, 40.0)
    labels = [ln.split("┤")[0].strip() for ln in chart.body.plain.split("\n") if "┤" in ln]
    assert max(float(t) for t in labels) < 100  # not stretched to 1000


@pytest.mark.slow  # 5M points: about a second
def test_zoomed_into_5m_points_the_columns_are_the_real_samples() -> None:
    from tui.charts import xy

    n = 5_000_000
    x = np.arange(n, dtype=np.int64) * 1_000_000  # 1 kHz
    y = np.sin(np.arange(n) / 777.0)
    plot = xy.XYPlot([xy.Line("a", x, y)], xy.XAxis.of_time(0), window=(2500.0, 2500.05))
    xy.draw(plot, 120, 40, "none", Palette())
    view = plot.drawn
    assert view is not None and (view.x0, view.x1) == (2500.0, 2500.05)
    picked = [cur.readings(view, cur.x_at(view, c))[0] for c in range(view.cols)]
    indices = [r.index for r in picked]
    assert indices[0] == 2_500_000 and indices[-1] == 2_500_050
    assert len(set(indices)) == 51 and set(np.diff(indices)) <= {0, 1}
    assert all(r.y == y[r.index] for r in picked)
