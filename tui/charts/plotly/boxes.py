"""Box (and violin, drawn as box) traces: one box per trace and x value, as Plotly groups.

Quartiles are Plotly's default (``quartilemethod: linear``, numpy's linear
percentiles); whiskers reach the farthest points within 1.5 IQR of the box,
and the points beyond are drawn as outliers, unless ``boxpoints`` is false
(then the whiskers reach the minimum and maximum). The default report
metrics' ``*_distribution`` figures are boxes over build dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from rich.cells import cell_len
from rich.text import Text

from tui.charts import scale
from tui.charts import series as s
from tui.charts.frame import Frame, LegendItem
from tui.charts.grid import Grid
from tui.charts.plotly.fields import axis_title, colour, nested, numbers, strings, trace_name
from tui.charts.plotly.xy_traces import NAT, dates, short_dates
from tui.charts.types import ColorMode, Palette, SeriesSummary
from tui.charts.view import Entry, Mark, Marks
from tui.text.formatting import number
from tui.text.plural import plural

MAX_BOXES = 200


@dataclass(slots=True)
class Box:
    label: str
    series: int  # which trace, for its colour
    q1: float
    median: float
    q3: float
    low: float  # whisker ends
    high: float
    outliers: np.ndarray


def stats(values: np.ndarray, label: str, series: int, whiskers_to_ends: bool) -> Box | None:
    """A box of the finite ``values`` (None when there are none)."""
    v = np.sort(values[np.isfinite(values)])
    if not len(v):
        return None
    q1, median, q3 = (float(q) for q in np.percentile(v, [25, 50, 75]))
    if whiskers_to_ends:
        return Box(label, series, q1, median, q3, float(v[0]), float(v[-1]), v[:0])
    reach = 1.5 * (q3 - q1)
    inside = v[(v >= q1 - reach) & (v <= q3 + reach)]
    low, high = float(inside[0]), float(inside[-1])
    return Box(label, series, q1, median, q3, low, high, v[(v < low) | (v > high)])


def boxes(
    traces: list[tuple[int, dict[str, Any]]],
    layout: dict[str, Any],
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    notes: list[str],
) -> tuple[Text, list[SeriesSummary], Marks]:
    found: list[Box] = []
    names: list[tuple[str, str]] = []
    summary = []
    horizontal = any(t.get("orientation") == "h" for _, t in traces)
    if horizontal:
        notes.append("horizontal boxes drawn upright")
    for k, (i, trace) in enumerate(traces):
        name = trace_name(trace, i)
        value_key, group_key = ("x", "y") if horizontal else ("y", "x")
        values = numbers(trace.get(value_key), notes, f"{name} {value_key}")
        if values is None:
            continue
        tint = colour(nested(trace, "marker").get("color")) or palette.color(k)
        names.append((name, tint))
        summary.append(s.summarize(name, values))
        groups = strings(trace.get(group_key), notes, f"{name} {group_key}")
        to_ends = trace.get("boxpoints") is False
        if groups is None:  # one box, named after its trace
            box = stats(values, name, len(names) - 1, to_ends)
            found += [box] if box is not None else []
            continue
        labels = short_dates(groups)
        n = min(len(values), len(groups))
        order: dict[str, list[int]] = {}
        for j in range(n):
            order.setdefault(labels[j], []).append(j)
        stamps = dates(groups[:n])
        if stamps is not None and not (stamps == NAT).any():
            # Dates are a date axis in Plotly: the boxes in time order, not as written
            # (the default report metrics list their builds newest first).
            order = dict(sorted(order.items(), key=lambda item: int(stamps[item[1]].min())))
        for label, where in order.items():
            box = stats(values[np.array(where)], label, len(names) - 1, to_ends)
            found += [box] if box is not None else []
    if len(found) > MAX_BOXES:
        notes.append(f"showing the first {MAX_BOXES} of {plural(len(found), 'box')}")
        found = found[:MAX_BOXES]
    body, marks = _draw(found, names, layout, width, height, color, palette)
    return body, summary, marks


def _draw(
    found: list[Box],
    names: list[tuple[str, str]],
    layout: dict[str, Any],
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
) -> tuple[Text, Marks]:
    """The boxes, and each of them as a mark for a cursor (its quartiles in words)."""
    grid = Grid(width, height, color)
    axis = grid.style(palette.axis)
    legend = [LegendItem("█", n, grid.style(t)) for n, t in names] if len(names) > 1 else []
    frame = Frame(
        width,
        height,
        "",
        axis_title(layout, "yaxis"),
        axis_title(layout, "xaxis"),
        legend,
        axis,
    )
    if not found:
        frame.place(lambda _: 1)
        frame.draw(grid, [], [])
        return grid.to_text(), Marks((), "box")
    lo = min(min([b.low, *b.outliers[:1].tolist()]) for b in found)
    hi = max(max([b.high, *b.outliers[-1:].tolist()]) for b in found)
    ticks: list[float] = []
    span: tuple[float, float] = (lo, hi)

    def label_width(rows: int) -> int:
        nonlocal ticks, span
        y0, y1, ticks = scale.y_ticks(lo, hi, rows)
        span = (y0, y1)
        return max(cell_len(t) for t in scale.labels(ticks))

    frame.place(label_width)
    y0, y1 = span
    rows, cols = frame.plot_h, frame.plot_w

    def row(value: float) -> int:
        frac = (value - y0) / (y1 - y0) if y1 > y0 else 0.5
        return frame.plot_y + rows - 1 - round(frac * (rows - 1))

    slot = max(cols // len(found), 1)
    box_w = max(1, min(slot - 2, 9))
    x_ticks = []
    items = []
    for k, box in enumerate(found):
        tint = grid.style(names[box.series][1] if box.series < len(names) else palette.color(0))
        left = frame.plot_x + k * slot + max((slot - box_w) // 2, 0)
        mid = left + box_w // 2
        if mid >= frame.plot_x + cols:
            break
        top, bottom = row(box.q3), row(box.q1)
        for r in range(row(box.high), row(box.low) + 1):
            grid.put(mid, r, "│", tint)
        grid.put(mid, row(box.high), "┬", tint)
        grid.put(mid, row(box.low), "┴", tint)
        grid.fill(left, top, left + box_w, bottom + 1, "░" if box_w > 1 else "█", tint)
        grid.fill(left, row(box.median), left + box_w, row(box.median) + 1, "━", tint)
        for value in box.outliers.tolist():
            grid.put(mid, row(value), "•", tint)
        x_ticks.append((mid - frame.plot_x, box.label))
        name = names[box.series][0] if box.series < len(names) else ""
        slot_x = frame.plot_x + k * slot
        cells = (slot_x, min(slot_x + slot, frame.plot_x + cols))
        place = (frame.plot_y, frame.plot_y + rows)
        items.append(Mark(box.label, (Entry(name, _in_words(box)),), cells, place))
    y_ticks = [
        (row(t) - frame.plot_y, text) for t, text in zip(ticks, scale.labels(ticks), strict=True)
    ]
    frame.draw(grid, y_ticks, x_ticks)
    return grid.to_text(), Marks(tuple(items), "box")


def _in_words(box: Box) -> str:
    n = len(box.outliers)
    outliers = f", {plural(n, 'outlier')}" if n else ""
    return (
        f"median {number(box.median)}, quartiles {number(box.q1)} to {number(box.q3)}, "
        f"whiskers {number(box.low)} to {number(box.high)}{outliers}"
    )
