"""Line plot: k (x, y) series of doubles, one line each, with axis names and a legend."""

from __future__ import annotations

from tui.charts import series as s
from tui.charts import xy
from tui.charts._text import label
from tui.charts.types import Chart, ColorMode, Palette
from tui.charts.view import Range
from tui.model.metric import Metric
from tui.model.values import LinePlotValues


def render(
    metric: Metric,
    values: LinePlotValues,
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    category: str | None,
    window: Range | None = None,
) -> Chart:
    cats, category = s.pick_category(values.ys, category)
    lines: list[xy.Line] = []
    notes: list[str] = []
    summary = []
    for i, y_ref in enumerate(values.ys):
        name = s.name_of(values.legend, i, y_ref)
        x_ref = s.nth(values.xs, i)
        ys = s.column(y_ref, category, "double")
        xs = s.column(x_ref, category, "double")
        if ys is None or xs is None:
            notes.append(f"{name}: x or y data missing or not doubles")
            continue
        n = min(len(xs), len(ys))
        if len(xs) != len(ys):
            notes.append(f"{name}: {len(xs)} x values but {len(ys)} y values; drew {n}")
        status = s.statuses(s.nth(values.statuses, i), category)
        lines.append(xy.Line(name, xs.values[:n], ys.values[:n], status))
        # The numbers are of the points drawn: an x for each y, a status for each point.
        summary.append(s.summarize(name, ys.values[:n], status, s.unit(y_ref), notes=notes))
    if not lines:
        notes.append("no data")
    plot = xy.XYPlot(
        lines,
        x_title=label(values.x_axis_name or "", 40),
        y_title=label(values.y_axis_name or "", 40),
        window=window,
    )
    body = xy.draw(plot, width, height, color, palette)
    return Chart(body, summary, notes, cats, category, plot.drawn)
