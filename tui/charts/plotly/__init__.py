"""Plotly figures, translated: scatter, bar, histogram, pie, heatmap, table, timeline,
subplots and facets (subplots.py).

The Struct is converted with limits (tui.model.figure); traces are grouped
by family, and each family present gets a panel of the height. Trace types
that are not drawn are named in the notes; the rest are still drawn.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.text import Text

from tui.charts._text import fit
from tui.charts.plotly import boxes, cells, memo, shapes, subplots, xy_traces
from tui.charts.plotly.fields import nested, title
from tui.charts.types import Chart, ColorMode, Palette
from tui.charts.view import Marks, Range, XView
from tui.model.figure import FigureError, to_python
from tui.model.metric import Metric
from tui.model.values import PlotlyValues

XY_TYPES = {"scatter", "scattergl", "line"}


def render(
    metric: Metric,
    values: PlotlyValues,
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    category: str | None,
    window: Range | None = None,
    panel: int = 0,
) -> Chart:
    figure = converted(values)
    if isinstance(figure, FigureError):
        return Chart.message(f"figure not drawn: {figure}", width)
    return draw_figure(figure, width, height, color, palette, window, panel)


def converted(values: PlotlyValues) -> dict[str, Any] | FigureError:
    """The figure as plain Python, converted once per Struct (a resize or zoom draws the
    same dicts again), or why it cannot be."""
    try:
        found: dict[str, Any] | FigureError = memo.FIGURES.get(
            values.struct, "figure", lambda: _converted(values.struct)
        )
    except FigureError as exc:
        return exc
    return found


def _converted(struct: Any) -> dict[str, Any] | FigureError:
    try:
        return to_python(struct)
    except FigureError as exc:  # remembered too: a figure that cannot be used stays so
        return exc


def draw_figure(
    figure: dict[str, Any],
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    window: Range | None = None,
    panel: int = 0,
) -> Chart:
    """Draw an already converted figure: its subplots as panels, or its one plot
    (``window``: the x range of its scatter panel; with subplots, of the ``panel``-th
    panel that has an x axis)."""
    found = subplots.panels(figure)
    if found is not None:
        return subplots.draw(figure, found, width, height, color, palette, _one_plot, window, panel)
    return _one_plot(figure, width, height, color, palette, window)


def _one_plot(
    figure: dict[str, Any],
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    window: Range | None = None,
) -> Chart:
    notes: list[str] = []
    layout = nested(figure, "layout")
    data = figure.get("data")
    if data is None:
        return Chart.message("no data: the figure has no traces", width)
    if not isinstance(data, list):
        return Chart.message("figure not drawn: its data is not a list of traces", width)
    # Each trace keeps its place in the figure: unnamed ones are called "trace <place>".
    families: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for i, trace in enumerate(data):
        if not isinstance(trace, dict):
            notes.append(f"trace {i} is not an object; skipped")
            continue
        kind = trace.get("type", "scatter")
        kind = kind if isinstance(kind, str) else "?"
        family = _family(kind, trace)
        if kind == "violin":
            notes.append(f"trace {i}: violin drawn as a box plot")
        if family is None:
            notes.append(f"trace type '{kind[:30]}' not drawn")
            continue
        families.setdefault(family, []).append((i, trace))
    heading = title(layout.get("title"))
    if not families:
        if not notes:
            notes.append("no data")
        said = ([heading] if heading and height > 1 else []) + ["no traces to draw"]
        return Chart(Text("\n".join(fit(t, width) for t in said)), notes=notes)
    body = Text(no_wrap=True, overflow="crop", end="")
    top = 0
    if heading and height >= 6:
        body.append(fit(heading, width) + "\n")
        top = 1
    share = (height - top) // len(families)
    summary = []
    view: XView | None = None  # the scatter panel's, for the cursor and the zoom
    marks: Marks | None = None  # a bar or box panel's, for a cursor when there is no view
    for k, (family, traces) in enumerate(families.items()):
        h = share if k < len(families) - 1 else height - top  # the last takes what is left
        if h < 1:
            notes.append(f"{family} traces not drawn: no room")  # plural: not a count
            continue
        if family == "xy":
            plot, rows, right = xy_traces.scatter_plot(traces, layout, notes, window)
            panel = xy_traces.draw(plot, right, width, h, color, palette)
            if plot.drawn is not None:
                view = replace(plot.drawn, row0=plot.drawn.row0 + top)
        else:  # bars and boxes come with their marks, a timeline with its x view
            # A timeline shows the window when no scatter panel does.
            own = {"window": window} if family == "timeline" and "xy" not in families else {}
            found_args = (traces, layout, width, h, color, palette, notes)
            panel, rows, *found = _DRAW[family](*found_args, **own)
            drawn = found[0] if found else None
            if isinstance(drawn, Marks) and marks is None:
                marks = drawn.offset(top)
            elif isinstance(drawn, XView) and view is None:
                view = replace(drawn, row0=drawn.row0 + top)
        last = k == len(families) - 1
        plain = panel.plain
        ends = plain.endswith("\n")  # a blank last row, which a split would drop
        if last and plain.count("\n") + (not ends) <= h:
            # It fits: the lines a split and join would give, without them (a heatmap's
            # 5,000 spans cost 20 ms to split).
            if ends:
                panel.right_crop(1)
            body.append_text(panel)
        else:
            lines = panel.split("\n")[:h]
            if not last:  # each panel keeps its share of the height
                lines += [Text()] * (h - len(lines))
            body.append_text(Text("\n").join(lines))
        if k < len(families) - 1:
            body.append("\n")
        summary.extend(rows)
        top += h
    return Chart(body, summary, notes, view=view, marks=marks if view is None else None)


def _family(kind: str, trace: dict[str, Any]) -> str | None:
    if kind in XY_TYPES:
        return "xy"
    if kind == "bar":
        return "timeline" if "base" in trace and trace.get("orientation") == "h" else "bar"
    if kind in ("histogram", "pie", "heatmap", "table"):
        return kind
    if kind in ("box", "violin"):
        return "box"
    return None


_DRAW: dict[str, Any] = {
    "xy": xy_traces.scatter,
    "bar": shapes.bar,
    "histogram": shapes.histogram,
    "box": boxes.boxes,
    "pie": shapes.pie,
    "timeline": cells.timeline,
    "heatmap": cells.heatmap,
    "table": cells.table,
}
