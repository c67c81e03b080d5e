"""A chart's cursor and zoom, and a table's row, stay with their metric for the session:
Tab away and back, ``t`` and back, and a visit to another metric all come back to
where the user was (a reload keeping them is tested with the reload)."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from tests.conftest import ROOT
from tests.pilot_waits import until
from tui.app.viewer import ResimApp
from tui.app.widgets.chart_view import ChartView
from tui.app.widgets.metric_card import MetricCard
from tui.app.widgets.series_table import SeriesTable
from tui.model import Metric

# Pilot apps: seconds each; the full suite runs them.
pytestmark = pytest.mark.slow

DEMO = ROOT / "tui" / "demo" / "metrics.binproto"


def _metric(app: ResimApp, name: str) -> Metric:
    assert app.document is not None
    return next(m for m in app.document.metrics if m.name == name)


def _chart(app: ResimApp) -> ChartView | None:
    charts = app.query(ChartView)
    return charts.first() if charts else None


def _drawn(app: ResimApp, name: str) -> bool:
    chart = _chart(app)
    return chart is not None and chart.metric.name == name and chart.chart is not None


def _readout(chart: ChartView) -> str:
    return str(chart.query_one(".chart-readout", Static).render())


async def _open(app: ResimApp, pilot, name: str) -> None:
    app.jump_to(_metric(app, name))
    await until(pilot, lambda: app.query_one(MetricCard).key == f"metric:{name}")


@pytest.mark.parametrize("name", ["Ego speed", "Lane keeping state"])
async def test_cursor_and_zoom_come_back_with_their_metric(name: str) -> None:
    app = ResimApp(DEMO)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.report is not None)
        await _open(app, pilot, name)
        await until(pilot, lambda: _drawn(app, name))
        chart = _chart(app)
        assert chart is not None
        chart.focus()
        await pilot.press("plus", "plus", "right", "right", "right")
        await until(pilot, lambda: chart.cursor is not None and chart.window is not None)
        place, readout = chart.place, _readout(chart)
        assert readout

        def back() -> bool:
            again = _chart(app)
            return (
                again is not None
                and _drawn(app, name)
                and again.place == place
                and again.view is not None
                and _readout(again) == readout
            )

        await _open(app, pilot, "Scenario summary")  # another metric, then back
        await until(pilot, lambda: _chart(app) is None)
        await _open(app, pilot, name)
        await until(pilot, back)
        again = _chart(app)
        assert again is not None and again is not chart and again.view is not None
        assert (again.view.x0, again.view.x1) != again.view.full  # drawn zoomed
        await pilot.press("t")  # the raw table, then the chart again
        await until(pilot, lambda: _chart(app) is None)
        await pilot.press("t")
        await until(pilot, back)


async def test_a_tables_row_comes_back_with_its_metric() -> None:
    app = ResimApp(DEMO)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.report is not None)
        await _open(app, pilot, "Ego speed")
        await until(pilot, lambda: _drawn(app, "Ego speed"))
        await pilot.press("t")  # raw data: stays raw from metric to metric
        await until(pilot, lambda: bool(app.query(SeriesTable)))
        table = app.query_one(SeriesTable)
        table.focus()
        await pilot.press("down", "down", "down", "down", "down")  # rows 0 to 4
        await until(pilot, lambda: table.cursor == 4)
        await _open(app, pilot, "Time to collision")
        await until(
            pilot, lambda: bool(app.query(SeriesTable)) and app.query_one(SeriesTable) is not table
        )
        assert app.query_one(SeriesTable).cursor != 4
        await _open(app, pilot, "Ego speed")
        await until(
            pilot,
            lambda: bool(app.query(SeriesTable)) and app.query_one(SeriesTable).cursor == 4,
        )
