"""What ``y``, ``Y`` and ``e`` take from the card: the readout at the chart's cursor,
the selected table row or the metric's id; the whole series as CSV; the CSV file.

The CSV is built or written in a worker thread (5M rows take seconds); toasts say
what was copied or where the file went.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from tui.app.clipboard import copy
from tui.app.widgets.chart_view import ChartView
from tui.app.widgets.metric_card import MetricCard
from tui.app.widgets.series_table import SeriesTable
from tui.export.metric_csv import series_csv, write_csv
from tui.model import Metric
from tui.text.osc52 import LIMIT
from tui.text.safe import printable


def pick(card: MetricCard) -> tuple[str, str] | None:
    """(text, what it is) for ``y``: the chart's readout when its cursor is out, else the
    table's selected row, else the metric's id; None when the card shows no metric."""
    charts = card.query(ChartView)
    if charts and charts.first().cursor is not None:
        readout = charts.first().readout(())
        if readout.plain:
            return readout.plain, "the readout at the cursor"
    tables = card.query(SeriesTable)
    if tables and (row := tables.first().selected_text()) is not None:
        return row, "the selected row"
    item = card.item
    if isinstance(item, Metric):
        return item.id.raw, "the metric's id"
    return None


def copy_series(app: App[object], metric: Metric) -> None:
    """``Y``, in a worker thread: the whole series as CSV to the clipboard."""
    text = series_csv(metric, LIMIT)
    name = printable(metric.name, 60)
    if text is None:
        app.call_from_thread(
            app.notify,
            f"“{name}” is too long for the terminal clipboard; e writes its CSV to a file",
            timeout=6,
            markup=False,
        )
        return
    app.call_from_thread(copy, app, text, f"the series of “{name}” as CSV")


def write_series(app: App[object], metric: Metric, folder: Path) -> None:
    """``e``, in a worker thread: the series as CSV files in ``folder``; says where."""
    name = printable(metric.name, 60)
    try:
        paths = write_csv(metric, folder)
    except OSError as exc:
        app.call_from_thread(
            app.notify,
            f"could not write the CSV: {printable(str(exc), 200)}",
            severity="error",
            markup=False,
        )
        return
    if not paths:
        message = f"“{name}” has no series to write"
    else:
        message = f"wrote “{name}” as CSV: " + ", ".join(printable(str(p), 200) for p in paths)
    app.call_from_thread(app.notify, message, timeout=8, markup=False)
