"""The one entry point: pick the renderer for a metric's values and never raise."""

from __future__ import annotations

import logging
from collections.abc import Callable

from tui.charts import (
    bar_chart,
    batchwise,
    double_over_time,
    histogram,
    line_plot,
    plotly,
    simple,
    states,
)
from tui.charts.types import Chart, ColorMode, Palette
from tui.charts.view import Range
from tui.model.metric import Metric
from tui.model.values import (
    BarChartValues,
    BatchwiseBarChartValues,
    DoubleOverTimeValues,
    DoubleSummaryValues,
    HistogramValues,
    ImageListValues,
    ImageValues,
    LinePlotValues,
    PlotlyValues,
    ScalarValues,
    StatesOverTimeValues,
    TextValues,
)

log = logging.getLogger(__name__)

# Each takes (metric, values, width, height, color, palette, category).
_RENDERERS: dict[type, Callable[..., Chart]] = {
    DoubleOverTimeValues: double_over_time.render,
    LinePlotValues: line_plot.render,
    BarChartValues: bar_chart.render,
    BatchwiseBarChartValues: batchwise.render,
    HistogramValues: histogram.render,
    StatesOverTimeValues: states.render,
    PlotlyValues: plotly.render,
    ScalarValues: simple.scalar,
    DoubleSummaryValues: simple.double_summary,
    TextValues: simple.text,
    ImageValues: simple.image,
    ImageListValues: simple.image,
}
# The renderers that can show part of the x axis (they take ``window=``).
_WINDOWED = {double_over_time.render, line_plot.render, states.render, plotly.render}


def render(
    metric: Metric,
    width: int,
    height: int,
    *,
    color: ColorMode,
    category: str | None = None,
    palette: Palette | None = None,
    window: Range | None = None,
    panel: int = 0,
) -> Chart:
    """Draw ``metric`` in at most ``width`` x ``height`` cells.

    Args:
        metric: a metric of any type, from ``tui.model.load``.
        width, height: the space in terminal cells (clamped to at least 1).
        color: the terminal's colour mode; ``none`` draws without any style.
        category: for grouped data, the category to draw (default: the first).
        palette: colours for series and statuses (default: ``Palette()``, or
            ``Palette.basic()`` in 16-colour mode; in that mode series colours that
            would show red or yellow are dropped from any palette).
        window: the part of the x axis to show (display units: seconds on a time
            axis), for charts that have one; None shows all of it.
        panel: for a figure of subplots, which of its panels with an x axis ``window``
            is for (and the chart's ``view``), counted from 0 in reading order.
    """
    width, height = max(int(width), 1), max(int(height), 1)
    if palette is None:
        palette = Palette.basic() if color == "16" else Palette()
    elif color == "16":
        palette = palette.for_16()  # e.g. the app theme's colours, downgraded
    values = metric.values
    if values is None:
        return _message("no values: the metric was written without data", width)
    renderer = _RENDERERS.get(type(values))
    if renderer is None:
        return _message(f"{type(values).__name__} is not drawn", width)
    try:
        if isinstance(values, PlotlyValues):  # subplots: the window is one panel's
            return plotly.render(
                metric, values, width, height, color, palette, category, window, panel
            )
        if window is not None and renderer in _WINDOWED:
            return renderer(metric, values, width, height, color, palette, category, window)
        return renderer(metric, values, width, height, color, palette, category)
    except Exception as exc:  # a defect in a file must never take the viewer down
        log.exception("rendering %r failed", metric)
        return _message(f"could not draw this metric ({type(exc).__name__}: {exc})", width)


def _message(note: str, width: int) -> Chart:
    return Chart.message(note, width)
