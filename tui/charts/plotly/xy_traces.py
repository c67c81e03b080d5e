"""Scatter traces (lines, markers or both) on the shared x/y engine."""

from __future__ import annotations

import numpy as np
from rich.text import Text

from tui.charts import series as s
from tui.charts import xy
from tui.charts.plotly.fields import (
    axis_title,
    colour,
    has_name,
    nested,
    numbers,
    strings,
    trace_name,
)
from tui.charts.types import ColorMode, Palette, SeriesSummary


def scatter(
    traces: list[tuple[int, dict]],
    layout: dict,
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    notes: list[str],
) -> tuple[Text, list[SeriesSummary]]:
    lines: list[xy.Line] = []
    summary = []
    time_axis = False
    named = False
    for i, trace in traces:
        name = trace_name(trace, i)
        named = named or has_name(trace)
        y = numbers(trace.get("y"), notes, f"{name} y")
        if y is None:
            continue
        x, is_time = _x(trace.get("x"), len(y), notes, name)
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
    origin = min((int(ln.x.min()) for ln in lines if time_axis and len(ln.x)), default=0)
    axis = xy.XAxis(time=time_axis, origin_ns=origin)
    plot = xy.XYPlot(
        lines, axis, x_title=axis_title(layout, "xaxis"), y_title=axis_title(layout, "yaxis")
    )
    if len(lines) == 1 and not named:  # a lone unnamed line needs no legend
        lines[0].name = ""
    return xy.draw(plot, width, height, color, palette), summary


def _x(raw: object, n: int, notes: list[str], name: str) -> tuple[np.ndarray, bool]:
    """x values: numbers, ISO dates (as int64 ns) or categories (as positions)."""
    if raw is None:
        return np.arange(n, dtype=np.float64), False
    if isinstance(raw, list) and raw and all(isinstance(v, str) for v in raw[:50]):
        try:
            stamps = np.array(raw, dtype="datetime64[ns]")
            return stamps.astype(np.int64), True
        except (ValueError, TypeError):
            texts = strings(raw, notes, f"{name} x") or []
            notes.append(f"{name}: x is categorical ({', '.join(texts[:3])}…); drawn by position")
            return np.arange(len(raw), dtype=np.float64), False
    values = numbers(raw, notes, f"{name} x")
    return (values, False) if values is not None else (np.arange(n, dtype=np.float64), False)
