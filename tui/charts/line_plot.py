"""Line plot: k (x, y) series of doubles, one line each, with axis names and a legend."""

from __future__ import annotations

from tui.charts import series as s
from tui.charts import xy
from tui.charts._text import label
from tui.charts.legend import LegendItem, below, below_rows
from tui.charts.raster import MARKERS
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
    look = values.look
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
        tint = look.color(i) if look is not None else None
        lines.append(xy.Line(name, xs.values[:n], ys.values[:n], status, color=tint))
        # The numbers are of the points drawn: an x for each y, a status for each point.
        summary.append(s.summarize(name, ys.values[:n], status, s.unit(y_ref), notes=notes))
    if not lines:
        notes.append("no data")
    place = look.legend if look is not None else "top"
    plot = xy.XYPlot(
        lines,
        x_title=label(values.x_axis_name or "", 40),
        y_title=label(values.y_axis_name or "", 40),
        window=window,
        y_range=look.y_span if look is not None else None,
        legend=place == "top",
    )
    items = _items(lines, color, palette) if place == "bottom" else []
    rows = below_rows(items, width)
    if items and height - rows >= MIN_BODY_ROWS:
        body = below(xy.draw(plot, width, height - rows, color, palette), items, width, color)
    else:
        plot.legend = place != "none"
        body = xy.draw(plot, width, height, color, palette)
    return Chart(body, summary, notes, cats, category, plot.drawn)


MIN_BODY_ROWS = 6  # below this the legend goes back above, where it costs no row


def _items(lines: list[xy.Line], color: ColorMode, palette: Palette) -> list[LegendItem]:
    """The series entries of the legend, as xy draws them above."""
    if not lines or (len(lines) == 1 and not lines[0].name):
        return []  # xy shows no legend for one unnamed line either
    braille = color != "none" or len(lines) == 1
    return [
        LegendItem(
            "━" if braille or not i else MARKERS[(i - 1) % len(MARKERS)],
            line.name or f"series {i + 1}",
            line.color or palette.color(i),
        )
        for i, line in enumerate(lines)
    ]
