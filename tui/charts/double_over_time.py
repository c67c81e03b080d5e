"""Double over time: one line per series against time, with failure thresholds.

x is the timestamps in seconds, as written (the web app's axis: a window from
``start_time`` = 2 s starts at 2); absolute times are labelled as UTC clock
time with the date. ``start_time``/``end_time`` bound the
axis. Each series' failure definition is a dashed threshold line; FAIL_WARN
and FAIL_BLOCK points are marked.
"""

from __future__ import annotations

import numpy as np

from tui.charts import series as s
from tui.charts import xy
from tui.charts._text import label
from tui.charts.decimate import x_bounds
from tui.charts.types import Chart, ColorMode, Palette
from tui.charts.view import Range
from tui.model.metric import Metric
from tui.model.values import DoubleOverTimeValues
from tui.text.plural import plural


def render(
    metric: Metric,
    values: DoubleOverTimeValues,
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    category: str | None,
    window: Range | None = None,
) -> Chart:
    cats, category = s.pick_category(values.values, category)
    lines: list[xy.Line] = []
    notes: list[str] = []
    summary = []
    summaries: list[tuple[str, np.ndarray, str, xy.Line]] = []
    units: set[str] = set()
    for i, ref in enumerate(values.values):
        name = s.name_of(values.legend, i, ref)
        col = s.column(ref, category, "double")
        times = s.index(ref, category)
        if col is None or times is None or times.kind != "timestamp":
            notes.append(f"{name}: data missing or not doubles indexed by timestamps")
            continue
        n = min(len(col), len(times))
        if n < max(len(col), len(times)):
            notes.append(
                f"{name}: {plural(len(col), 'value')} but "
                f"{plural(len(times), 'timestamp')}; drew {n}"
            )
        status = s.statuses(s.nth(values.statuses, i), category)
        lines.append(xy.Line(name, times.values[:n], col.values[:n], status))
        unit = s.unit(ref)
        summaries.append((name, col.values[:n], unit, lines[-1]))
        if note := s.pairing_note(name, n, status, "points"):
            notes.append(note)
        if unit:
            units.add(label(unit, 20))
    first = values.start_ns
    if first is None:
        firsts = [x_bounds(ln.x) for ln in lines]
        first = int(min(b[0] for b in firsts if b is not None)) if any(firsts) else 0
    axis = xy.XAxis.of_time(first)
    if values.start_ns is not None:
        axis.lo = (values.start_ns - axis.origin_ns) / 1e9
    if values.end_ns is not None:
        axis.hi = (values.end_ns - axis.origin_ns) / 1e9
    thresholds = []
    for i, failure in enumerate(values.failures[: len(values.values)]):
        who = (
            f" ({s.name_of(values.legend, i, values.values[i])})" if len(values.values) > 1 else ""
        )
        if failure.fails_above is not None:
            thresholds.append(
                xy.Threshold(failure.fails_above, f"fails above {failure.fails_above:g}{who}", i)
            )
        if failure.fails_below is not None:
            thresholds.append(
                xy.Threshold(failure.fails_below, f"fails below {failure.fails_below:g}{who}", i)
            )
    y_title = label(values.y_axis_name or "", 40)
    units = {u for u in units if u not in y_title}  # "Speed (m/s)" already says m/s
    if units:
        y_title = f"{y_title} ({', '.join(sorted(units))})".strip()
    plot = xy.XYPlot(lines, axis, y_title=y_title, thresholds=thresholds, window=window)
    if not lines:
        notes.append("no data")
    body = xy.draw(plot, width, height, color, palette)
    # After drawing: decimation already learnt each series' min, max and mean. The
    # summary is of the points drawn, and so is the failing count.
    for name, data, unit, line in summaries:
        failing = sum(int(np.searchsorted(v, len(data))) for v in line.failing().values())
        summary.append(s.summarize(name, data, unit=unit, failing=failing))
    return Chart(body, summary, notes, cats, category, plot.drawn)
