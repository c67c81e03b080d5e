"""Scatter traces (lines, markers or both) on the shared x/y engine."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from rich.text import Text

from tui.charts import scale, xy
from tui.charts import series as s
from tui.charts.decimate import x_bounds
from tui.charts.plotly import secondary
from tui.charts.plotly.fields import (
    axis_range,
    axis_title,
    colour,
    has_name,
    nested,
    numbers,
    strings,
    title,
    trace_name,
)
from tui.charts.types import ColorMode, Palette, SeriesSummary
from tui.charts.view import Range


def scatter(
    traces: list[tuple[int, dict[str, Any]]],
    layout: dict[str, Any],
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    notes: list[str],
) -> tuple[Text, list[SeriesSummary]]:
    plot, summary, right = scatter_plot(traces, layout, notes)
    return draw(plot, right, width, height, color, palette), summary


def draw(
    plot: xy.XYPlot,
    right: secondary.Mapping | None,
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
) -> Text:
    """The plot, with the secondary y axis's ticks on the right when it has one."""
    if right is None:
        return xy.draw(plot, width, height, color, palette)
    room = secondary.label_width(right)
    body = xy.draw(plot, max(width - room, 10), height, color, palette)
    return secondary.right_axis(body, right, palette.axis)


def scatter_plot(
    traces: list[tuple[int, dict[str, Any]]],
    layout: dict[str, Any],
    notes: list[str],
    window: Range | None = None,
) -> tuple[xy.XYPlot, list[SeriesSummary], secondary.Mapping | None]:
    """The scatter traces as one x/y plot (drawn by ``draw``), their summaries, and how
    the traces on a secondary y axis were scaled onto the primary one (None: none are)."""
    lines: list[xy.Line] = []
    right: list[int] = []  # the lines on the secondary axis
    traces_on_right: dict[int, dict[str, Any]] = {}
    summary = []
    time_axis = False
    named = False
    date_axis = nested(layout, "xaxis").get("type") == "date"
    for i, trace in traces:
        name = trace_name(trace, i)
        named = named or has_name(trace)
        y = numbers(trace.get("y"), notes, f"{name} y")
        if y is None:
            continue
        x, is_time = _x(trace.get("x"), len(y), notes, name, date_axis)
        time_axis = time_axis or is_time
        mode = trace.get("mode") if isinstance(trace.get("mode"), str) else ""
        if not mode:
            mode = "lines+markers" if len(y) < 20 else "lines"
        marker = nested(trace, "marker")
        line = nested(trace, "line")
        n = min(len(x), len(y))
        lines.append(
            xy.Line(
                name,
                x[:n],
                y[:n],
                None,
                colour(line.get("color")) or colour(marker.get("color")),
                mode,
            )
        )
        summary.append(s.summarize(name, y))
        if secondary.is_secondary(trace, layout):
            right.append(len(lines) - 1)
            traces_on_right[len(lines) - 1] = trace
    found = secondary.mapping(
        [ln.y for k, ln in enumerate(lines) if k not in right], [lines[k].y for k in right]
    )
    if found is not None:
        for k in right:
            lines[k].own_y = lines[k].y
            lines[k].y = found.to_primary(lines[k].y)
            named_as = secondary.axis_name(traces_on_right[k], layout)
            lines[k].name = f"{lines[k].name} ({named_as})"
    axis = xy.XAxis()
    if time_axis:
        firsts = [x_bounds(ln.x[ln.x != NAT]) for ln in lines]
        origin = min((int(b[0]) for b in firsts if b is not None), default=0)
        axis = xy.XAxis(time=True, origin_ns=origin, dates=True)
    elif (fixed := axis_range(nested(layout, "xaxis"))) is not None:
        axis = xy.XAxis(lo=fixed[0], hi=fixed[1])  # a range the figure gives (or shares)
    plot = xy.XYPlot(
        lines,
        axis,
        x_title=axis_title(layout, "xaxis"),
        y_title=axis_title(layout, "yaxis"),
        thresholds=thresholds(layout),
        y_range=axis_range(nested(layout, "yaxis")),
        window=window,
    )
    if len(lines) == 1 and not named:  # a lone unnamed line needs no legend
        lines[0].name = ""
    return plot, summary, found


NAT = np.iinfo(np.int64).min  # what datetime64 makes of "NaT" and of blanks


def _x(
    raw: object, n: int, notes: list[str], name: str, date_axis: bool
) -> tuple[np.ndarray, bool]:
    """x values: numbers, dates (as int64 ns) or categories (as positions).

    Dates are ISO strings (pandas writes nanoseconds: ``2025-01-01T01:52:56.278802000``)
    parsed at full precision, or numbers on an axis of type "date" (milliseconds since
    the epoch, as Plotly reads them)."""
    if raw is None:
        return np.arange(n, dtype=np.float64), False
    if isinstance(raw, list) and raw and all(isinstance(v, str) for v in raw[:50]):
        stamps = dates(raw)
        if stamps is not None:
            return stamps, True
        texts = strings(raw, notes, f"{name} x", 3) or []
        notes.append(f"{name}: x is categorical ({', '.join(texts[:3])}…); drawn by position")
        return np.arange(len(raw), dtype=np.float64), False
    values = numbers(raw, notes, f"{name} x")
    if values is None:
        return np.arange(n, dtype=np.float64), False
    if date_axis:
        ns = np.rint(values * 1e6)
        ns[~np.isfinite(ns) | (np.abs(ns) > 9.2e18)] = NAT
        return ns.astype(np.int64), True
    return values, False


def dates(raw: list[Any]) -> np.ndarray | None:
    """ISO date strings as int64 ns (UTC; offsets applied); None if any is not a date."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numpy warns that it applied a UTC offset
        try:
            return np.array(raw, dtype="datetime64[ns]").astype(np.int64)
        except (ValueError, TypeError, OverflowError):
            return None


def short_dates(labels: list[str]) -> list[str]:
    """Category labels as written, or, when they are all ISO dates, as short as they can
    be and still differ (the date alone when every one is at midnight)."""
    stamps = dates(labels) if labels else None
    if stamps is None or (stamps == NAT).any():
        return labels
    days = stamps // (86400 * 10**9)
    if (stamps % (86400 * 10**9) == 0).all():
        shape = "%Y-%m-%d"
    elif len(np.unique(days)) == 1:
        shape = "%H:%M:%S"
    else:
        shape = "%m-%d %H:%M"
    texts = [
        np.datetime64(int(v), "ns").astype("datetime64[s]").item().strftime(shape) for v in stamps
    ]
    if len(set(texts)) < len(set(labels)):
        return labels  # shortening merged two of them
    return texts


def thresholds(layout: dict[str, Any]) -> list[xy.Threshold]:
    """Horizontal lines the figure draws as shapes (``add_hline`` makes them), as
    thresholds at their height, named by their label or annotation, else by value."""
    shapes = layout.get("shapes")
    if not isinstance(shapes, list):
        return []
    notes = _annotations(layout)
    out = []
    for shape in shapes[:50]:
        if not isinstance(shape, dict) or shape.get("type", "line") != "line":
            continue
        y0, y1 = shape.get("y0"), shape.get("y1")
        if not isinstance(y0, int | float) or not isinstance(y1, int | float):
            continue
        if isinstance(y0, bool) or isinstance(y1, bool):
            continue
        if y0 != y1 or str(shape.get("yref", "y")).endswith("paper"):
            continue
        text = title(nested(shape, "label").get("text")) or notes.get(float(y0), "")
        out.append(xy.Threshold(float(y0), text or f"y = {scale.stat(float(y0))}", -1))
    return out


def _annotations(layout: dict[str, Any]) -> dict[float, str]:
    found: dict[float, str] = {}
    for note in layout.get("annotations") or []:
        if isinstance(note, dict) and isinstance(note.get("y"), int | float):
            text = title(note.get("text"))
            if text:
                found.setdefault(float(note["y"]), text)
    return found
