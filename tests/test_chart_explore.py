"""Pilot tests of exploring a chart: cursor, zoom, pan, reset, next/previous failure,
the mouse, full screen and a reload, with the readout checked against the arrays the
file was written from (tests/explore_jobs.py)."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Static

from tests.explore_jobs import (
    GEARS,
    SCATTER_X,
    SCATTER_Y,
    speed,
    speed_metric,
    write_gears,
    write_scatter,
    write_speed,
)
from tui.app.viewer import ResimApp
from tui.app.widgets.chart_view import ChartArea, ChartView
from tui.charts import cursor as cur
from tui.formats import load
from tui.text.formatting import number

pytestmark = pytest.mark.slow  # pilot apps: about a second each


class Host(App[None]):
    def __init__(self, view: ChartView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        yield self.view

    def on_mount(self) -> None:
        self.view.focus()


async def _settle(pilot, check, what: str) -> None:
    """Wait (with a deadline, never a fixed sleep) until ``check()`` holds."""
    deadline = time.monotonic() + 20
    while not check():
        assert time.monotonic() < deadline, what
        await pilot.pause()


def _readout(app: App) -> str:
    return str(app.query_one(".chart-readout", Static).render())


def _expected(x: float) -> tuple[int, float, int]:
    ns, y, status = speed()
    i = int(np.argmin(np.abs(ns / 1e9 - x)))
    return i, float(y[i]), int(status[i])


async def test_keys_move_the_cursor_zoom_pan_reset_and_find_failures(tmp_path: Path) -> None:
    view = ChartView(speed_metric(tmp_path))
    app = Host(view)
    async with app.run_test(size=(100, 40)) as pilot:
        await _settle(pilot, lambda: view.chart is not None, "the chart is drawn")
        assert _readout(app) == ""  # no cursor until asked for
        await pilot.press("right")
        await _settle(pilot, lambda: view.cursor is not None, "the cursor appears")
        chart = view.view
        assert chart is not None and view.cursor == cur.x_at(chart, chart.cols // 2)
        _i, y, status = _expected(view.cursor)
        text = _readout(app)
        assert number(y) in text and ("PASSED" if status == 1 else "FAIL") in text
        await pilot.press("right", "right", "left")
        assert view.cursor == cur.x_at(chart, chart.cols // 2 + 1)
        # The cursor column is drawn over the chart.
        area = app.query_one(ChartArea)
        col = chart.col0 + chart.cols // 2 + 1
        column = [
            line[col] for line in area.body.plain.split("\n")[chart.row0 : chart.row0 + chart.rows]
        ]
        assert cur.LINE in column
        # Zoom in twice around the cursor, pan, then reset.
        before = view.cursor
        await pilot.press("plus")
        await _settle(pilot, lambda: view.view is not None and view.view.x0 > 0, "zoomed")
        zoomed = view.view
        assert zoomed is not None and zoomed.x1 - zoomed.x0 == pytest.approx(
            (chart.full[1] - chart.full[0]) / 2
        )
        assert zoomed.x0 <= before <= zoomed.x1 and view.cursor == before
        await pilot.press("plus")
        await pilot.pause()
        assert view.window is not None
        width = view.window[1] - view.window[0]
        assert width == pytest.approx((chart.full[1] - chart.full[0]) / 4)
        left = view.window[0]
        await pilot.press("L")
        await pilot.pause()
        assert view.window[0] == pytest.approx(left + width / 4)
        await pilot.press("0")
        await _settle(pilot, lambda: view.view is not None and view.view.x0 == chart.x0, "reset")
        assert view.window is None
        # Next failure: the first failing run's first sample, from the arrays.
        await pilot.press("minus")  # already all out: nothing changes
        assert view.window is None
        ns, ys, statuses = speed()
        bad = np.flatnonzero(statuses >= 2)
        runs = bad[np.concatenate(([True], np.diff(bad) > 1))]
        view.cursor = None
        await pilot.press("n")
        await pilot.pause()
        assert view.cursor == pytest.approx(ns[runs[0]] / 1e9)
        text = _readout(app)
        assert number(float(ys[runs[0]])) in text and "FAIL_BLOCK" in text
        await pilot.press("n")
        await pilot.pause()
        assert view.cursor == pytest.approx(ns[runs[1]] / 1e9)
        assert "FAIL_WARN" in _readout(app)
        await pilot.press("N")
        await pilot.pause()
        assert view.cursor == pytest.approx(ns[runs[0]] / 1e9)
        await pilot.press("N")  # none before the first: the cursor stays
        await pilot.pause()
        assert view.cursor == pytest.approx(ns[runs[0]] / 1e9)


async def test_the_window_follows_the_next_failure(tmp_path: Path) -> None:
    view = ChartView(speed_metric(tmp_path))
    app = Host(view)
    async with app.run_test(size=(100, 40)) as pilot:
        await _settle(pilot, lambda: view.chart is not None, "the chart is drawn")
        _ns, _, statuses = speed()
        bad = np.flatnonzero(statuses >= 2)
        last = bad[np.concatenate(([True], np.diff(bad) > 1))][-1] * 1e7 / 1e9
        view.cursor = 0.0
        await pilot.press(*["plus"] * 3)  # an eighth of the data, at the start
        await pilot.pause()
        assert view.window is not None and view.window[1] < last
        for _ in range(5):
            await pilot.press("n")
            await pilot.pause()
        assert view.cursor == pytest.approx(last)
        await _settle(pilot, lambda: view.view is not None and view.view.x1 >= last, "follows")
        assert view.window is not None and view.window[0] <= last <= view.window[1]


async def test_click_puts_the_cursor_and_the_wheel_zooms(tmp_path: Path) -> None:
    view = ChartView(speed_metric(tmp_path))
    app = Host(view)
    async with app.run_test(size=(100, 40)) as pilot:
        await _settle(pilot, lambda: view.chart is not None, "the chart is drawn")
        chart = view.view
        assert chart is not None
        area = app.query_one(ChartArea)
        await pilot.click(ChartArea, offset=(chart.col0 + 7, chart.row0 + 3))
        await pilot.pause()
        assert view.cursor == cur.x_at(chart, 7)
        area.post_message(
            events.MouseScrollUp(
                area, chart.col0 + 7, chart.row0 + 3, 0, -1, 0, False, False, False
            )
        )
        await _settle(pilot, lambda: view.window is not None, "the wheel zooms in")
        assert view.window[0] <= cur.x_at(chart, 7) <= view.window[1]
        area.post_message(
            events.MouseScrollDown(
                area, chart.col0 + 7, chart.row0 + 3, 0, 1, 0, False, False, False
            )
        )
        await _settle(pilot, lambda: view.window is None, "the wheel zooms out")


async def test_full_screen_and_reload_keep_cursor_and_zoom(tmp_path: Path) -> None:
    folder = write_speed(tmp_path / "job")
    app = ResimApp(folder / "metrics.binproto")
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(
            pilot,
            lambda: any(a.size.width for a in app.query(ChartArea)),
            "the card shows the chart",
        )
        await pilot.press("tab")  # the tree → the chart
        await pilot.pause()
        view = app.query_one(ChartView)
        assert app.focused is view
        await pilot.press("f")
        await pilot.pause()
        assert app.screen.has_class("-full-card") and app.focused is view
        tall = app.query_one(ChartArea).size.height
        assert tall >= 25  # most of the 40 rows
        await pilot.press("n", "plus")
        await _settle(
            pilot,
            lambda: view.window is not None and view.view is not None and view.view.x0 > 0,
            "zoomed",
        )
        place = view.place
        # The file changes on disk (values doubled); the same metric comes back.
        write_speed(tmp_path / "job", scale=2.0)
        await pilot.press("r")
        await _settle(
            pilot,
            lambda: (
                app.query(ChartView)
                and app.query_one(ChartView) is not view
                and app.query_one(ChartView).chart is not None
            ),
            "the reloaded chart",
        )
        again = app.query_one(ChartView)
        assert again.place == place and app.screen.has_class("-full-card")
        _, y, _ = _expected(place.cursor)
        assert number(2 * y) in _readout(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.has_class("-full-card")


async def test_states_cursor_reads_the_state_held_and_n_goes_span_to_span(tmp_path: Path) -> None:
    metric = load(write_gears(tmp_path)).metrics[0]
    view = ChartView(metric)
    app = Host(view)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot, lambda: view.chart is not None, "the chart is drawn")
        chart = view.view
        assert chart is not None
        await pilot.press("right")
        for _ in range(5):
            await pilot.press("right")
            await pilot.pause()
            x = view.cursor
            assert x is not None
            held = GEARS[min(int(x), len(GEARS) - 1)]  # a gear a second, held until the next
            assert f"gear  {held}  " in _readout(app)
        # n / N: the starts of the R spans (seconds 3 and 8), from the written states.
        spans = [i for i, g in enumerate(GEARS) if g == "R" and (i == 0 or GEARS[i - 1] != "R")]
        view.cursor = None
        await pilot.press("n")
        await pilot.pause()
        assert view.cursor == pytest.approx(spans[0]) and "gear  R  " in _readout(app)
        await pilot.press("n")
        await pilot.pause()
        assert view.cursor == pytest.approx(spans[1])
        await pilot.press("N")
        await pilot.pause()
        assert view.cursor == pytest.approx(spans[0])
        # Zoom, pan, reset: the band is drawn over the window only.
        await pilot.press("plus")
        await _settle(pilot, lambda: view.view is not None and view.view.x1 < chart.x1, "zoomed")
        assert view.window is not None and view.window[0] <= spans[0] <= view.window[1]
        left = view.window[0]
        await pilot.press("H")
        await pilot.pause()
        assert view.window is not None and view.window[0] < left
        await pilot.press("0")
        await _settle(pilot, lambda: view.window is None and view.view == chart, "reset")


async def test_plotly_scatter_cursor_zoom_and_no_failures(tmp_path: Path) -> None:
    metric = load(write_scatter(tmp_path)).metrics[0]
    view = ChartView(metric)
    app = Host(view)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot, lambda: view.chart is not None, "the chart is drawn")
        chart = view.view
        assert chart is not None and chart.full == (0.0, 20.0)
        await pilot.press("right", "right")
        await pilot.pause()
        x = view.cursor
        assert x is not None
        i = int(np.argmin(np.abs(SCATTER_X - x)))
        assert number(float(SCATTER_Y[i])) in _readout(app)
        assert "x = " + number(float(SCATTER_X[i]), 10) in _readout(app)
        await pilot.press("plus", "plus")
        await _settle(
            pilot, lambda: view.view is not None and view.view.x1 - view.view.x0 < 6, "zoomed"
        )
        assert view.window is not None
        assert view.window[0] <= x <= view.window[1]
        assert view.window[1] - view.window[0] == pytest.approx(5.0)
        await pilot.press("L", "L")
        await pilot.pause()
        assert view.window[1] - view.window[0] == pytest.approx(5.0)
        await pilot.press("n")  # no statuses in a figure: nothing to go to, and it says so
        await pilot.pause()
        assert view.cursor == x
        await pilot.press("0")
        await _settle(pilot, lambda: view.window is None and view.view == chart, "reset")


@pytest.mark.parametrize("kind", ["states", "plotly"])
async def test_full_screen_on_states_and_plotly(tmp_path: Path, kind: str) -> None:
    folder = write_gears(tmp_path) if kind == "states" else write_scatter(tmp_path)
    app = ResimApp(folder / "metrics.binproto")
    async with app.run_test(size=(80, 24)) as pilot:
        # The chart view's own children mount after it: wait for its area to be laid out.
        await _settle(
            pilot,
            lambda: any(a.size.width for a in app.query(ChartArea)),
            "the card shows the chart",
        )
        small = app.query_one(ChartArea).size.width
        await pilot.press("f")
        await pilot.pause()
        view = app.query_one(ChartView)
        assert app.screen.has_class("-full-card") and app.focused is view
        await _settle(pilot, lambda: app.query_one(ChartArea).size.width > small, "wider")
        await pilot.press("right")
        await pilot.pause()
        assert view.cursor is not None and _readout(app)
        await pilot.press("f")
        await pilot.pause()
        assert not app.screen.has_class("-full-card")
